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
    # Written a block at a time, and display maps not cached: a 50 MB article is
    # printed without a second and third copy of its text in memory.
    out = sys.stdout
    if args.json:
        head: dict[str, object] = {"title": doc.title_text, "encoding": doc.article.encoding}
        if doc.article.record:  # a web page: its address, author, date, and what produced the text
            head["article"] = dict(doc.article.record)
        out.write("{\n")
        for key, value in head.items():
            out.write(f" {json_text(key)}: {_indented(json_text(value, indent=1))},\n")
        out.write(' "blocks": [')
        for i, b in enumerate(doc.blocks):
            block = {
                "kind": b.kind,
                "start": b.start,
                "end": b.end,
                "text": doc.peek_display(i).text,
                "boilerplate": b.boilerplate,
                "reason": b.reason or None,
            }
            out.write(("\n  " if i == 0 else ",\n  ") + _indented(json_text(block, indent=1), 2))
        out.write("\n ]\n}\n" if doc.blocks else "]\n}\n")
    else:
        first = True
        for paragraph in doc.clean_paragraphs():
            # display text (textmap.to_display) is already inert; escaped once more in
            # case a block's text ever is not.
            out.write(("" if first else "\n\n") + escape_controls(paragraph))
            first = False
        if not first:
            out.write("\n")
    return 0


def _indented(text: str, depth: int = 1) -> str:
    """A json.dumps(indent=1) value nested ``depth`` levels into the streamed object."""
    return text.replace("\n", "\n" + " " * depth)
