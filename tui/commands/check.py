"""margin check: validate annotations files against their articles, without writing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HELP = ("Check annotations files against their articles without changing anything: parse errors "
        "(with line:column), offsets out of range, text that does not match, annotations that "
        "would be re-anchored, and orphans. Exits 1 on parse errors and orphans.")


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="articles, annotations files (*.annotations.toml) or folders (searched recursively)")


def _targets(paths: list[str], say) -> tuple[list[Path], bool]:
    """The annotations files to check, in a stable order, and whether any PATH was bad."""
    from annotations.article import is_article_path
    from annotations.store import SUFFIX, annotations_path

    found: list[Path] = []
    bad = False
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for folder, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(SUFFIX) and not name.startswith("."):
                        found.append(Path(folder) / name)
        elif p.name.endswith(SUFFIX):
            if not p.exists():
                say(f"{p}: no such file")
                bad = True
            else:
                found.append(p)
        elif p.exists():
            if not is_article_path(p):
                say(f"{p}: not an article (.txt, .md, .html) or an annotations file")
                bad = True
                continue
            ann = annotations_path(p)
            if ann.exists():
                found.append(ann)
            else:
                say(f"{p}: no annotations file")
        else:
            say(f"{p}: no such file or folder")
            bad = True
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, bad


def _clip(s: str, width: int = 50) -> str:
    s = "".join(ch if ch.isprintable() else ("⏎" if ch == "\n" else "·") for ch in s)
    return s if len(s) <= width else s[: width - 1] + "…"


def check_file(path: Path, say) -> bool:
    """Report on one annotations file, one line per finding. Returns True if it failed."""
    from annotations.anchoring import ORPHAN, reanchor
    from annotations.article import read_article
    from annotations.errors import ArticleError, StoreError
    from annotations.store import SUFFIX, read_annotation_file

    try:
        f = read_annotation_file(path)
    except StoreError as err:
        say(str(err))
        return True
    article_path = f.article_path()
    if not article_path.exists():
        # The file may have been copied without renaming its [article] key.
        beside = path.with_name(path.name[: -len(SUFFIX)])
        if beside.exists():
            say(f"{path}: [article] file '{f.article_file}' not found; checking against {beside.name}")
            article_path = beside
        else:
            say(f"{path}: article '{f.article_file}' not found; every annotation is unplaced")
            return True
    try:
        article = read_article(article_path)
    except ArticleError as err:
        say(f"{path}: {err}")
        return True
    text = article.text
    failed = False
    findings = 0
    changed = f.sha256 != article.sha256
    if changed:
        say(f"{path}: article changed since the last save (sha256 differs); annotations re-anchored below")
        findings += 1
    elif f.length != len(text):
        say(f"{path}: [article] length {f.length} does not match the article ({len(text)} code points)")
        findings += 1
    for table, entries in (("annotations", f.annotations), ("rejected", f.rejected)):
        kind = "" if table == "annotations" else "rejected "
        for a in entries:
            label = f"{path}: {kind}{a.tag} {a.id}"
            was_orphan = a.anchor == ORPHAN
            if was_orphan or changed:
                pass  # re-anchoring below says where it went, or that it is gone
            elif a.end > len(text):
                say(f"{label}: offsets {a.start}..{a.end} out of range (the article has {len(text)} code points)")
                findings += 1
            elif text[a.start:a.end] != a.text:
                say(f"{label}: text at {a.start}..{a.end} does not match: stored {_clip(a.text)!r}, "
                    f"article has {_clip(text[a.start:a.end])!r}")
                findings += 1
            if "conflict_of" in a.extra:
                say(f"{label}: a copy kept from a conflicting edit of {a.extra['conflict_of']}; "
                    f"keep one and delete the other")
                findings += 1
            move = reanchor(a, text)  # in memory only: check never writes
            if move is None:
                continue
            findings += 1
            if move.status == ORPHAN:
                failed = True
                where = "marked orphan in the file" if was_orphan else "would become an orphan"
                say(f"{label}: orphan ({where}): {_clip(a.text)!r} (last at {a.start}..{a.end}) "
                    f"is not in the article")
            elif was_orphan:
                say(f"{label}: marked orphan, but would anchor again at {move.new_start}..{move.new_end}")
            else:
                # describe() reads "<tag> <id> moved …" / "<tag> <id> re-anchored fuzzily …"
                say(f"{label}: would be " + move.describe().split(" ", 2)[2])
    if not findings:
        n, r = len(f.annotations), len(f.rejected)
        say(f"{path}: ok ({n} annotation{'s' if n != 1 else ''}"
            + (f", {r} rejected" if r else "") + ")")
    return failed


def run(args) -> int:
    said = []

    def say(line: str) -> None:
        said.append(line)
        sys.stdout.write(line + "\n")

    files, bad = _targets(args.paths, say)
    failed = bad
    for path in files:
        if check_file(path, say):
            failed = True
    if not said:
        say("no annotations files found")
    return 1 if failed else 0
