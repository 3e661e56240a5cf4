"""margin merge-annotations: git's merge driver for *.annotations.toml (docs/team.md)."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = ("git's merge driver for annotations files (registered by 'margin git-setup'): merges the "
        "common ancestor %O, ours %A and theirs %B by annotation id and writes the result to %A. "
        "Exits 1, leaving git's conflict as it is, when a version does not parse.")


def add_arguments(p) -> None:
    p.add_argument("base", metavar="O", help="the common ancestor's version (git's %%O)")
    p.add_argument("ours", metavar="A", help="our version; the merge is written here (git's %%A)")
    p.add_argument("theirs", metavar="B", help="their version (git's %%B)")
    p.add_argument("path", metavar="P", nargs="?", default=None,
                   help="the file's path in the repository, for messages (git's %%P)")


def _read(path: str) -> str:
    data = Path(path).read_bytes()
    return data.decode("utf-8")


def run(args) -> int:
    from annotations.errors import StoreError
    from annotations.gitmerge import merge_texts
    from annotations.store import atomic_write
    from annotations.textmap import safe_text

    label = args.path or args.ours
    shown = safe_text(label)
    try:
        base, ours, theirs = _read(args.base), _read(args.ours), _read(args.theirs)
    except UnicodeDecodeError:
        print(f"margin merge-annotations: {shown}: a version is not UTF-8; left as a git conflict",
              file=sys.stderr)
        return 1
    except OSError as err:
        print(f"margin merge-annotations: {shown}: cannot read ({err.strerror or err}); left as a git conflict",
              file=sys.stderr)
        return 1
    try:
        result = merge_texts(base, ours, theirs, label)
    except StoreError as err:
        # Git keeps its own conflict for this file; we write nothing, so no broken file.
        print(f"margin merge-annotations: {safe_text(str(err))}; left as a git conflict, "
              f"fix that version and merge again", file=sys.stderr)
        return 1
    try:
        if result.text != ours:
            atomic_write(Path(args.ours), result.text.encode("utf-8"))
    except OSError as err:
        print(f"margin merge-annotations: {shown}: cannot write ({err.strerror or err})", file=sys.stderr)
        return 1
    if result.conflicts:
        print(f"margin merge-annotations: {shown}: {result.conflicts} annotation(s) changed on both sides; "
              f"both versions kept (conflict_of); 'margin check' lists them", file=sys.stderr)
    return 0
