"""A folder of articles: which articles it holds, which are done, where the reader was.

* Articles: ``.txt``/``.md``/``.markdown`` files and saved web pages (``.html``, ``.htm``,
  ``.html.gz``: ``annotations.article.SUFFIXES``) directly in the folder (not in
  subfolders), annotation files and hidden files left out, sorted by name.
* Done marks live in ``.margin-state.toml`` in the folder, beside the articles, so
  they travel with the folder but never touch an annotations file (those belong to the
  store and its merge). See docs/folders.md for the format.
* An article's state: ``done`` when marked, else ``in progress`` when its annotations
  file holds at least one annotation, else ``new``.
* Reading positions are the reader's own business, not the folder's: they live in the
  user's state folder (platformdirs ``user_state_dir("margin")``), keyed by absolute path.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from .article import is_article_path
from .errors import StoreError, StoreParseError
from .fsio import (STATE_LIMIT, FileLock, FileRefused, LockTimeout, atomic_write,  # noqa: F401
                   clean_stale_temps, read_file, shown)
from .textmap import safe_text
from .tomlformat import load_toml
from .model import default_author, now_utc

STATE_NAME = ".margin-state.toml"
STATE_FORMAT = 1
NEW, IN_PROGRESS, DONE = "new", "in progress", "done"
ANNOTATIONS_SUFFIX = ".annotations.toml"
MAX_POSITIONS = 5000  # oldest reading positions are forgotten past this


def annotations_file(article: Path) -> Path:
    """``<article file name>.annotations.toml`` beside the article (the store's naming)."""
    return article.with_name(article.name + ANNOTATIONS_SUFFIX)


def article_of(annotations_path: Path) -> Path:
    return annotations_path.with_name(annotations_path.name[: -len(ANNOTATIONS_SUFFIX)])


def _natural_key(name: str) -> list[tuple[int, int, str]]:
    # "part 2" before "part 10": people number their files.
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", name.casefold())]


def list_articles(folder: str | Path) -> list[Path]:
    """The articles directly in ``folder``, in natural name order."""
    folder = Path(folder)
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        raise StoreError(f"{folder}: no such folder") from None
    except NotADirectoryError:
        raise StoreError(f"{folder}: not a folder") from None
    except PermissionError:
        raise StoreError(f"{folder}: permission denied") from None
    out = []
    for e in entries:
        if e.name.startswith("."):
            continue
        p = Path(e.path)
        if is_article_path(p):
            try:
                if e.is_file():
                    out.append(p)
            except OSError:
                continue
    return sorted(out, key=lambda p: _natural_key(p.name))


def neighbour(article: Path, step: int) -> Path | None:
    """The next (step=1) or previous (step=-1) article in the article's folder, or None."""
    article = Path(article)
    articles = list_articles(article.parent)
    names = [a.name for a in articles]
    if article.name not in names:
        return None
    i = names.index(article.name) + step
    return articles[i] if 0 <= i < len(articles) else None


# ---------------------------------------------------------------- done marks

@dataclass
class DoneMark:
    by: str
    at: datetime


@dataclass
class FolderState:
    done: dict[str, DoneMark] = field(default_factory=dict)  # article file name -> mark
    extra: dict = field(default_factory=dict)  # keys we do not know, kept on rewrite


def state_path(folder: str | Path) -> Path:
    return Path(folder) / STATE_NAME


def load_state(folder: str | Path) -> FolderState:
    """The folder's done marks. Raises StoreParseError for a file we cannot read as ours."""
    path = state_path(folder)
    try:
        raw = read_file(path, STATE_LIMIT)
    except FileNotFoundError:
        return FolderState()
    except FileRefused as err:
        raise StoreError(str(err)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreParseError(shown(path), "not UTF-8 text") from None
    data = load_toml(path, text)
    fmt = data.get("format", STATE_FORMAT)
    if not isinstance(fmt, int) or fmt > STATE_FORMAT:
        raise StoreParseError(shown(path), f"format {fmt!r} is newer than this Margin understands")
    state = FolderState(extra={k: v for k, v in data.items() if k not in ("format", "done")})
    done = data.get("done", {})
    if not isinstance(done, dict):
        raise StoreParseError(shown(path), "[done] must be a table of article names")
    for name, mark in done.items():
        if not isinstance(mark, dict):
            raise StoreParseError(shown(path), f"done.{safe_text(str(name))!r} must be a table with by and at")
        at = mark.get("at")
        if not isinstance(at, datetime):
            at = now_utc()
        state.done[name] = DoneMark(str(mark.get("by", "")), at)
    return state


def _dump_state(state: FolderState) -> bytes:
    import tomli_w

    data: dict[str, Any] = {"format": STATE_FORMAT}
    data.update(state.extra)
    data["done"] = {name: {"by": m.by, "at": m.at} for name, m in sorted(state.done.items())}
    head = ("# Margin's per-folder state: which articles are marked done.\n"
            "# Safe to delete (the marks go); annotations are not kept here.\n")
    return (head + tomli_w.dumps(data)).encode("utf-8")


def set_done(article: str | Path, done: bool = True, author: str | None = None) -> None:
    """Mark an article done (or not). Raises StoreError when it cannot be saved.

    An unparseable state file is never overwritten (StoreParseError): it may hold
    marks someone wants back.
    """
    article = Path(article)
    folder = article.parent
    path = state_path(folder)
    try:
        # One writer at a time (lock on .margin-state.toml.lock, removed after), and
        # stale temporary files of a killed writer cleaned up under it.
        with FileLock(path):
            clean_stale_temps(path)
            state = load_state(folder)
            if done:
                state.done[article.name] = DoneMark(author or default_author(), now_utc())
            elif article.name in state.done:
                del state.done[article.name]
            else:
                return
            atomic_write(path, _dump_state(state))
    except StoreError:
        raise
    except LockTimeout as err:
        raise StoreError(str(err)) from None
    except OSError as err:
        raise StoreError(f"{shown(path)}: cannot save ({err.strerror or err})") from None


def article_state(article: Path, annotation_count: int, state: FolderState) -> str:
    if article.name in state.done:
        return DONE
    return IN_PROGRESS if annotation_count else NEW


# ---------------------------------------------------------- reading positions

def positions_path() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("margin")) / "positions.json"


def _read_positions(path: Path) -> dict[str, int]:
    try:
        data = json.loads(read_file(path, STATE_LIMIT).decode("utf-8"))
        pos = data.get("positions", {})
        return {k: v for k, v in pos.items() if isinstance(k, str) and isinstance(v, int) and v >= 0}
    except (OSError, ValueError, AttributeError, FileRefused, RecursionError):
        # A lost or damaged positions file costs only where the reader was: start over.
        return {}


def _key(article: str | Path) -> str:
    return str(Path(article).resolve())


def load_position(article: str | Path) -> int | None:
    """Where the reader was in this article (a raw offset), or None."""
    return _read_positions(positions_path()).get(_key(article))


def save_position(article: str | Path, offset: int) -> None:
    """Remember the reading position. Best effort: a failure raises StoreError, never more."""
    if offset < 0:
        raise ValueError("offset must be >= 0")
    path = positions_path()
    key = _key(article)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(path):
            clean_stale_temps(path)
            pos = _read_positions(path)
            pos.pop(key, None)
            pos[key] = offset  # most recent last, so trimming drops the oldest
            if len(pos) > MAX_POSITIONS:
                pos = dict(list(pos.items())[-MAX_POSITIONS:])
            atomic_write(path, json.dumps({"version": 1, "positions": pos}, ensure_ascii=False).encode("utf-8"))
    except (OSError, LockTimeout) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise StoreError(f"{shown(path)}: cannot save the reading position ({reason})") from None


# ---------------------------------------------------------------- titles

def article_titles(folder: str | Path, articles: list[Path] | None = None) -> Iterator[tuple[Path, str]]:
    """Yield (article, title) for the folder's articles, the title as the cleaner picks it.

    Cleaning every article of a big folder takes a while, so titles are cached in the
    index (annotations/index.py) keyed by each article's size, mtime and inode; run
    this in a worker and fill the list in as titles arrive. An article that cannot be
    read gets the title "" (opening it shows why).
    """
    from .article import read_article
    from .cleaning import clean
    from .errors import MarginError
    from .index import FolderIndex

    folder = Path(folder)
    if articles is None:
        articles = list_articles(folder)
    index = FolderIndex(folder, "titles")
    complete = False
    try:
        for path in articles:
            try:
                st = path.stat()
            except OSError:
                continue
            title = index.get(path.name, st)
            if title is None:
                try:
                    title = clean(read_article(path)).title_text
                except MarginError:
                    title = ""
                index.put(path.name, st, title)
            yield path, title
        complete = True
    finally:
        index.save(complete=complete and len(articles) == len(list_articles(folder)))
