"""margin check: validate annotations files against their articles, without writing."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable

SUMMARY = "Check annotations files against their articles; never writes."  # the line in margin --help
HELP = ("Check annotations files against their articles without changing anything: parse errors "
        "(with line:column), offsets out of range, text that does not match, annotations that "
        "would be re-anchored, and orphans. Exits 1 on parse errors and orphans.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="articles, annotations files (*.annotations.toml) or folders (searched recursively)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="one line per annotation that would be re-anchored (default: a count per file)")


def _targets(paths: list[str], say: Callable[[str], None]) -> tuple[list[Path], bool]:
    """The annotations files to check, in a stable order, and whether any PATH was bad."""
    from annotations.article import is_article_path
    from annotations.store import SUFFIX, annotations_path

    found: list[Path] = []
    bad = False

    def unreadable(err: OSError) -> None:
        nonlocal bad
        bad = True
        say(f"{err.filename or '?'}: cannot read the folder ({err.strerror or err})")

    for raw in paths:
        p = Path(raw)
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            for folder, dirs, files in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(SUFFIX) and not name.startswith("."):
                        found.append(Path(folder) / name)
        elif p.name.endswith(SUFFIX):
            if not os.path.lexists(p):
                say(f"{p}: no such file")
                bad = True
            else:
                found.append(p)  # a FIFO, a loop, a device: check_file says what is wrong
        elif os.path.lexists(p):
            if not is_article_path(p):
                say(f"{p}: not an article (.txt, .md, .html) or an annotations file")
                bad = True
                continue
            ann = annotations_path(p)
            if os.path.lexists(ann):
                found.append(ann)
            else:
                say(f"{p}: no annotations file")
        else:
            say(f"{p}: no such file or folder")
            bad = True
    seen: set[Path] = set()
    unique = []
    for f in found:
        try:
            key = f.resolve()
        except (OSError, RuntimeError):  # a symlink loop: keep it, check_file reports it
            key = f.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, bad


def _clip(s: str, width: int = 50) -> str:
    s = "".join(ch if ch.isprintable() else ("⏎" if ch == "\n" else "·") for ch in s)
    return s if len(s) <= width else s[: width - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def check_file(path: Path, say: Callable[[str], None], verbose: bool = False) -> bool:
    """Report on one annotations file, one line per finding. Returns True if it failed."""
    from annotations.errors import StoreError
    from annotations.store import read_annotation_file

    try:
        f = read_annotation_file(path)
    except StoreError as err:
        say(str(err))
        return True
    article = _article_beside(path, f, say)
    if article is None:
        return True
    changed = f.sha256 != article.sha256
    findings = _header_findings(path, f, article, changed, verbose, say)
    tally = _Tally()
    for table, entries in (("annotations", f.annotations), ("rejected", f.rejected)):
        kind = "" if table == "annotations" else "rejected "
        for a in entries:
            findings += _check_entry(f"{path}: {kind}{a.tag} {a.id}", a, article.text, changed, verbose, say, tally)
    if not verbose and (tally.moved or tally.fuzzy or tally.orphans_back):
        parts = [p for p in (f"{_plural(tally.moved, 'annotation')} moved" if tally.moved else "",
                             f"{tally.fuzzy} re-anchored fuzzily" if tally.fuzzy else "",
                             f"{tally.orphans_back} marked orphan would anchor again" if tally.orphans_back else "")
                 if p]
        say(f"{path}: would re-anchor: {', '.join(parts)} (-v for each)")
    if not findings:
        n, r = len(f.annotations), len(f.rejected)
        say(f"{path}: ok ({_plural(n, 'annotation')}" + (f", {r} rejected" if r else "") + ")")
    return tally.failed


def _article_beside(path: Path, f: Any, say: Callable[[str], None]) -> Any:
    """The article the annotations file sits beside (None, said, when it cannot be read).
    ``[article] file`` is only a record: following it could lead out of the folder."""
    from annotations.article import read_article
    from annotations.errors import ArticleError
    from annotations.store import SUFFIX

    article_path = path.with_name(path.name[: -len(SUFFIX)])
    if f.article_file != article_path.name:
        say(f"{path}: [article] file '{f.article_file}' is not the article beside it; "
            f"checking against {article_path.name}")
    if not os.path.lexists(article_path):
        say(f"{path}: article '{article_path.name}' not found; every annotation is unplaced")
        return None
    try:
        return read_article(article_path)
    except ArticleError as err:
        say(f"{path}: {err}")
        return None


def _header_findings(path: Path, f: Any, article: Any, changed: bool, verbose: bool,
                     say: Callable[[str], None]) -> int:
    """What is wrong with the file as a whole: a changed article, duplicates."""
    from annotations.suggestion_set import duplicates

    findings = 0
    if changed:
        say(f"{path}: article changed since the last save (sha256 differs); annotations re-anchored"
            + (" below" if verbose else ""))
        findings += 1
    elif f.length != len(article.text):
        say(f"{path}: [article] length {f.length} does not match the article ({len(article.text)} code points)")
        findings += 1
    for group in duplicates(f.annotations):  # one author's, same tag, same span
        first = group[0]
        by = f" by {first.author}" if first.author else ""
        say(f"{path}: duplicate: {len(group)} '{first.tag}' annotations{by} over {first.start}..{first.end} "
            f"({', '.join(a.id for a in group)}); keep one")
        findings += 1
    return findings


@dataclass
class _Tally:
    moved: int = 0
    fuzzy: int = 0
    orphans_back: int = 0
    failed: bool = False


def _check_entry(label: str, a: Any, text: str, changed: bool, verbose: bool,
                 say: Callable[[str], None], tally: _Tally) -> int:
    """One entry: its stored text, a conflict copy, where re-anchoring would put it.
    Returns the number of findings."""
    from annotations.anchoring import FUZZY, ORPHAN, reanchor

    findings = 0
    was_orphan = a.anchor == ORPHAN
    if was_orphan or changed or not verbose:
        pass  # re-anchoring below says where it went, or that it is gone
    elif a.end > len(text):
        say(f"{label}: offsets {a.start}..{a.end} out of range (the article has {len(text)} code points)")
    elif text[a.start:a.end] != a.text:
        say(f"{label}: text at {a.start}..{a.end} does not match: stored {_clip(a.text)!r}, "
            f"article has {_clip(text[a.start:a.end])!r}")
    if "conflict_of" in a.extra:
        say(f"{label}: a copy kept from a conflicting edit of {a.extra['conflict_of']}; "
            f"keep one and delete the other")
        findings += 1
    move = reanchor(a, text)  # in memory only: check never writes
    if move is None:
        return findings
    findings += 1
    if move.status == ORPHAN:
        tally.failed = True
        where = "marked orphan in the file" if was_orphan else "would become an orphan"
        say(f"{label}: orphan ({where}): {_clip(a.text)!r} (last at {a.start}..{a.end}) is not in the article")
    elif was_orphan:
        tally.orphans_back += 1
        if verbose:
            say(f"{label}: marked orphan, but would anchor again at {move.new_start}..{move.new_end}")
    else:
        if move.status == FUZZY:
            tally.fuzzy += 1
        else:
            tally.moved += 1
        if verbose:
            # describe() reads "<tag> <id> moved …" / "<tag> <id> re-anchored fuzzily …"
            say(f"{label}: would be " + move.describe().split(" ", 2)[2])
    return findings


def run(args: argparse.Namespace) -> int:
    from annotations.textmap import safe_text

    said = []

    def say(line: str) -> None:
        # Paths, tags, ids and stored text all come from files: made inert first.
        line = safe_text(line)
        said.append(line)
        sys.stdout.write(line + "\n")

    files, bad = _targets(args.paths, say)
    failed = bad
    for path in files:
        try:
            if check_file(path, say, verbose=getattr(args, "verbose", False)):
                failed = True
        except (OSError, RecursionError, MemoryError, ValueError) as err:
            # One odd file must not stop the check of the others.
            say(f"{path}: cannot be checked ({type(err).__name__}: {err})")
            failed = True
    if not said:
        say("no annotations files found")
    return 1 if failed else 0
