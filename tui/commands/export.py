"""margin export: a folder's annotations as jsonl, csv, W3C Web Annotation or brat."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO, cast

HELP = ("Export a folder's annotations: jsonl (spaCy/Prodigy), csv, w3c (Web Annotation JSON-LD) "
        "or brat (.txt/.ann pairs). Writes to stdout, or to -o PATH (a folder for brat).")


def add_arguments(p) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--format", "-f", required=True, choices=("jsonl", "csv", "w3c", "brat"))
    p.add_argument("-o", "--output", metavar="PATH",
                   help="write here instead of stdout (for brat: a folder, created if need be)")
    p.add_argument("--tag", help="only this tag")
    p.add_argument("--include-orphans", action="store_true",
                   help="also export annotations whose text is no longer in the article (marked as such)")


def run(args) -> int:
    from annotations.errors import MarginError
    from annotations.export import export
    from annotations.fsio import atomic_writer

    errors: list[str] = []

    def on_error(msg: str) -> None:
        errors.append(msg)
        print(f"margin: {msg}", file=sys.stderr)

    kw = dict(tag=args.tag, include_orphans=args.include_orphans, on_error=on_error)
    if not Path(args.folder).is_dir():
        raise MarginError(f"{args.folder}: not a folder")
    folder = Path(args.folder).resolve()
    if args.output:
        target = Path(args.output).resolve()
        if args.format == "brat" and target == folder:
            # brat's a.txt would be written over the article a.txt (decoded, maybe changed).
            raise MarginError(f"{args.output}: is the folder being exported; brat needs another folder")
        if args.format != "brat" and target.is_file() and (
                target.name.endswith(".annotations.toml")
                or target.with_name(target.name + ".annotations.toml").exists()):
            raise MarginError(f"{args.output}: is an article or annotations file; not overwriting it")
    if args.format == "brat":
        if not args.output:
            raise MarginError("brat writes a folder of .txt/.ann files: give one with -o PATH")
        out = Path(args.output)
        if out.exists() and not out.is_dir():
            raise MarginError(f"{out}: exists and is not a folder")
        try:
            n = export(args.folder, "brat", out, **kw)
        except OSError as err:
            raise MarginError(f"{out}: cannot write ({err.strerror or err})") from None
    elif args.output:
        out = Path(args.output)
        if out.is_dir():
            raise MarginError(f"{out}: is a folder; give a file name")
        # Written beside the target and renamed: a failed export never leaves half a file.
        try:
            with atomic_writer(out, text=True) as f:
                n = export(args.folder, args.format, cast(TextIO, f), **kw)
        except OSError as err:
            raise MarginError(f"{out}: cannot write ({err.strerror or err})") from None
    else:
        n = export(args.folder, args.format, sys.stdout, **kw)
    where = f" to {args.output}" if args.output else ""
    print(f"exported {n} annotation{'s' if n != 1 else ''}{where}"
          + (f"; {len(errors)} problem(s) above" if errors else ""), file=sys.stderr)
    return 1 if errors else 0
