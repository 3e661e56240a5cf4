"""margin clean: print the cleaned article."""

from __future__ import annotations

import json
import sys

HELP = "Print the cleaned article: the title, then the paragraphs, without page furniture."


def add_arguments(p) -> None:
    p.add_argument("article", help="an article (.txt, .md, .html, .htm, .html.gz)")
    p.add_argument("--json", action="store_true", help="print every block with raw offsets, kind and reason")


def run(args) -> int:
    from annotations.article import read_article
    from annotations.cleaning import clean

    doc = clean(read_article(args.article))
    if args.json:
        blocks = [
            {
                "kind": b.kind,
                "start": b.start,
                "end": b.end,
                "text": doc.display(i).text,
                "boilerplate": b.boilerplate,
                "reason": b.reason or None,
            }
            for i, b in enumerate(doc.blocks)
        ]
        out = {"title": doc.title_text, "encoding": doc.article.encoding, "blocks": blocks}
        if doc.article.record:  # a web page: its address, author, date, and what produced the text
            from annotations.textmap import safe_text

            out["article"] = {k: safe_text(v) for k, v in doc.article.record.items()}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        text = doc.clean_text()
        if text:
            sys.stdout.write(text + "\n")
    return 0
