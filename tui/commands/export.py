"""margin export: a folder's annotations as jsonl, csv, W3C Web Annotation or brat."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO, cast

from .output import TerminalSafe, safe

SUMMARY = "Export a folder's annotations: jsonl, csv, w3c or brat."  # the line in margin --help
HELP = ("Export a folder's annotations: jsonl (spaCy/Prodigy), csv, w3c (Web Annotation JSON-LD) "
        "or brat (.txt/.ann pairs). Writes to stdout, or to -o PATH (a folder for brat).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--format", "-f", required=True, choices=("jsonl", "csv", "w3c", "brat"))
    p.add_argument("-o", "--output", metavar="PATH",
                   help="write here instead of stdout (for brat: a folder, created if need be)")
    p.add_argument("--force", action="store_true",
                   help="overwrite PATH even if it is not an earlier export of Margin's")
    p.add_argument("--tag", help="only this tag")
    p.add_argument("--author", help="only this author's annotations (e.g. the curator's, docs/team.md)")
    p.add_argument("--include-orphans", action="store_true",
                   help="also export annotations whose text is no longer in the article (marked as such)")
    p.add_argument("--no-formula-guard", dest="formula_guard", action="store_false",
                   help="csv: do not put ' before cells that begin with = + - @ (a spreadsheet would run "
                        "them as formulas; the guard is on by default, see docs/format.md)")
    p.add_argument("--bom", action="store_true",
                   help="csv: begin with a UTF-8 byte-order mark, so spreadsheets read the text as UTF-8")


# How each format's file begins when margin export wrote it: such a file may be
# replaced; any other existing file only with --force.
_SIGNATURES = {
    "csv": ("article,id,tag,start,end,text,", "\ufeffarticle,id,tag,start,end,text,"),
    "jsonl": ('{"text": ',),
    "w3c": ('{\n "@context": "http://www.w3.org/ns/anno.jsonld",\n "type": "AnnotationCollection"',),
}


def _ours(path: Path, fmt: str) -> bool:
    """Whether an existing file looks like an earlier export in ``fmt`` (or is empty)."""
    from annotations.fsio import FileRefused, read_head

    try:
        head = read_head(path, 200).decode("utf-8", "replace")
    except (OSError, FileRefused):  # a FIFO or a device is never "ours"
        return False
    return head == "" or head.startswith(_SIGNATURES.get(fmt, ()))


def _brat_folder_ours(out: Path) -> bool:
    """An empty folder, or one holding an annotation.conf written by an earlier export."""
    try:
        names = os.listdir(out)
    except OSError:
        return False
    if not names:
        return True
    from annotations.fsio import FileRefused, read_head

    try:
        return read_head(out / "annotation.conf", 11) == b"[entities]\n"
    except (OSError, FileRefused):
        return False


def run(args: argparse.Namespace) -> int:
    from annotations.errors import MarginError
    from annotations.export import export
    from annotations.fsio import atomic_writer

    errors: list[str] = []

    def on_error(msg: str) -> None:
        errors.append(msg)
        print(f"margin: {safe(msg)}", file=sys.stderr)

    kw = dict(tag=args.tag, include_orphans=args.include_orphans, on_error=on_error,
              author=args.author, formula_guard=args.formula_guard, bom=args.bom)
    name = safe(args.output) if args.output else ""
    if not Path(args.folder).is_dir():
        raise MarginError(f"{safe(args.folder)}: not a folder")
    folder = Path(args.folder).resolve()
    if args.output:
        target = Path(args.output).resolve()
        if args.format == "brat" and target == folder:
            # brat's a.txt would be written over the article a.txt (decoded, maybe changed).
            raise MarginError(f"{name}: is the folder being exported; brat needs another folder")
        if args.format != "brat" and target.name.endswith(".annotations.toml"):
            raise MarginError(f"{name}: is an annotations file; not overwriting it")
    if args.format == "brat":
        if not args.output:
            raise MarginError("brat writes a folder of .txt/.ann files: give one with -o PATH")
        out = Path(args.output)
        if out.exists() and not out.is_dir():
            raise MarginError(f"{name}: exists and is not a folder")
        if out.is_dir() and not args.force and not _brat_folder_ours(out):
            raise MarginError(f"{name}: holds files an earlier brat export did not write; "
                              "not writing into it (give an empty folder, or --force)")
        try:
            n = export(args.folder, "brat", out, **kw)
        except OSError as err:
            raise MarginError(f"{name}: cannot write ({err.strerror or err})") from None
    elif args.output:
        out = Path(args.output)
        if out.is_dir():
            raise MarginError(f"{name}: is a folder; give a file name")
        if out.exists() and not args.force and not _ours(out, args.format):
            raise MarginError(f"{name}: exists and is not an earlier {args.format} export; "
                              "not overwriting it (use --force)")
        # Written beside the target and renamed: a failed export never leaves half a file.
        try:
            with atomic_writer(out, text=True) as f:
                n = export(args.folder, args.format, cast(TextIO, f), **kw)
        except OSError as err:
            raise MarginError(f"{name}: cannot write ({err.strerror or err})") from None
    else:
        stream: TextIO = sys.stdout
        if sys.stdout.isatty():
            # Exported text is the user's data, raw; a terminal must not act on it.
            stream = cast(TextIO, TerminalSafe(sys.stdout))
        n = export(args.folder, args.format, stream, **kw)
    where = f" to {name}" if args.output else ""
    print(f"exported {n} annotation{'s' if n != 1 else ''}{where}"
          + (f"; {len(errors)} problem(s) above" if errors else ""), file=sys.stderr)
    return 1 if errors else 0
