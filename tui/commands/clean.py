"""margin clean: print the cleaned article."""

from __future__ import annotations

import argparse
import sys

from .output import escape_controls, json_text

SUMMARY = "Print the cleaned article, without page furniture."  # the line in margin --help
HELP = "Print the cleaned article: the title, then the paragraphs, without page furniture."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("article", help="an article (.txt, .md, .html, .htm, .html.gz)")
    p.add_argument("--json", action="store_true", help="print every block with raw offsets, kind and reason")


def run(args: argparse.Namespace) -> int:
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
        out: dict[str, object] = {"title": doc.title_text, "encoding": doc.article.encoding, "blocks": blocks}
        if doc.article.record:  # a web page: its address, author, date, and what produced the text
            out["article"] = dict(doc.article.record)
        sys.stdout.write(json_text(out, indent=1) + "\n")
    else:
        text = doc.clean_text()
        if text:
            # clean_text is display text (textmap.to_display per block): already inert,
            # escaped once more in case a block's text ever is not.
            sys.stdout.write(escape_controls(text) + "\n")
    return 0
