"""margin review: every saved annotation of a folder, as a table or JSON."""

from __future__ import annotations

import argparse
import sys

from .output import escape_json, safe

SUMMARY = "Print every saved annotation of a folder, as a table or JSON."  # the line in margin --help
HELP = "Print every saved annotation in a folder (orphans included and marked), as a table or JSON."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--tag", help="only this tag")
    p.add_argument("--author", help="only this author")
    p.add_argument("--json", action="store_true",
                   help="a JSON list of objects: article, id, tag, start, end, text, speaker, note, "
                        "author, created, state")


def _cell(value: object, width: int) -> str:
    """One table cell: on one line, control characters made inert, cut to width."""
    text = safe(value)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def run(args: argparse.Namespace) -> int:
    from annotations.review import scan

    errors: list[str] = []

    def on_error(msg: str) -> None:
        errors.append(msg)
        print(f"margin: skipped {safe(msg)}", file=sys.stderr)

    out = sys.stdout
    if args.json:
        import gc

        from annotations.review import json_rows

        # The look makes no reference cycles: the cyclic collector would only walk the
        # growing index again and again (a tenth of a 100,000-row look). Put back after,
        # for a caller in the same process (the palette, the tests).
        was_on = gc.isenabled()
        gc.disable()
        try:
            # Streamed in chunks: a big folder never sits in memory as one string.
            out.write("[")
            first = True
            chunk: list[str] = []
            for obj in json_rows(args.folder, tag=args.tag, author=args.author, on_error=on_error):
                chunk.append(obj)
                if len(chunk) == 1000:
                    out.write(escape_json(("\n " if first else ",\n ") + ",\n ".join(chunk)))
                    first = False
                    chunk = []
            if chunk:
                out.write(escape_json(("\n " if first else ",\n ") + ",\n ".join(chunk)))
                first = False
            out.write("\n]\n" if not first else "]\n")
        finally:
            if was_on:
                gc.enable()
        return 1 if errors else 0
    rows = scan(args.folder, tag=args.tag, author=args.author, on_error=on_error)

    widths = (("article", 24), ("tag", 12), ("text", 40), ("speaker", 14), ("note", 20),
              ("author", 10), ("date", 10), ("state", 6))
    out.write("  ".join(_cell(name, w) for name, w in widths).rstrip() + "\n")
    n = 0
    for r in rows:
        cells = (r.article.name, r.tag, r.text, r.speaker or "", r.note, r.author, r.created[:10],
                 r.state)
        out.write("  ".join(_cell(v, w) for v, (_, w) in zip(cells, widths)).rstrip() + "\n")
        n += 1
    print(f"{n} annotation{'s' if n != 1 else ''}" + (f", {len(errors)} file(s) skipped" if errors else ""),
          file=sys.stderr)
    return 1 if errors else 0
