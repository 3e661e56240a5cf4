"""margin suggest: print the suggestions for one article (quotes, claims, furniture)."""

from __future__ import annotations

import argparse
import sys

from .output import json_text, safe

SUMMARY = "Suggest quotes with speakers, claims and page furniture."  # the line in margin --help
HELP = "Suggest quotes with their speakers, check-worthy claims and page furniture."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("article", help="an article (.txt, .md, .html, .htm, .html.gz)")
    p.add_argument("--json", action="store_true",
                   help='print a JSON list of {"tag","start","end","text","speaker","score","reason"} '
                        "with raw offsets")
    p.add_argument("--tag", choices=("quote", "claim", "boilerplate"), action="append",
                   help="only this kind (repeatable)")


def run(args: argparse.Namespace) -> int:
    from annotations.article import read_article
    from annotations.cleaning import clean
    from annotations.errors import StoreError
    from annotations.learned import LearnedBoilerplate
    from annotations.suggest import cycle_collector_off, suggest

    article = read_article(args.article)
    doc = clean(article)
    try:
        learned: LearnedBoilerplate | None = LearnedBoilerplate.load(article.path.resolve().parent)
    except StoreError as err:
        # A learned-boilerplate file we cannot read costs only those suggestions.
        print(f"margin: warning: {safe(str(err))}; learned boilerplate not used", file=sys.stderr)
        learned = None
    with cycle_collector_off():  # this process does nothing else meanwhile
        # and has no other thread: a big article's pass may use a second process
        items = suggest(doc, learned=learned, parallel=True)
    if args.tag:
        items = [s for s in items if s.tag in args.tag]
    if args.json:
        sys.stdout.write(json_text([s.to_json() for s in items], indent=1) + "\n")
        return 0
    if not items:
        sys.stdout.write("no suggestions\n")
        return 0
    width = 72
    for s in items:
        snippet = safe(s.text)
        if len(snippet) > width:
            snippet = snippet[:width - 1] + "…"
        who = f"  [{safe(s.speaker)}]" if s.speaker else ""
        sys.stdout.write(f"{s.start:>7}-{s.end:<7} {s.tag:<11} {s.score:.2f}  {safe(s.reason)}{who}\n"
                         f"{'':16}{snippet}\n")
    counts = {t: sum(1 for s in items if s.tag == t) for t in ("quote", "claim", "boilerplate")}
    sys.stdout.write(", ".join(f"{n} {t}{'s' if n != 1 else ''}" for t, n in counts.items()) + "\n")
    return 0
