"""Every saved annotation of a folder, as rows for the review table, ``margin review``
and ``margin stats``.

``scan(folder)`` streams rows file by file, so a screen can show the first rows before
the scan ends. Parsed files are cached in annotations/index.py, keyed by each file's
size, mtime and inode: the files are the truth, and a file that changed is parsed again.
Article texts are never read: a row carries the annotation's stored text.

A row's ``state`` is "orphan" when the file marks the annotation ``orphan = true`` (the
store could not place it in the article when it last saved), else "ok". An article
edited since its annotations were saved is re-anchored when it is opened or checked
(``margin check``), not by the scan, which would have to read every article.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import MarginError, StoreError
from .index import FolderIndex
from .fsio import ANNOTATIONS_LIMIT, FileRefused, read_file
from .quicktoml import loads as quick_loads
from .tomlformat import bracket_depth
from .store import SUFFIX, read_annotation_file

OK, ORPHAN = "ok", "orphan"
FIELDS = ("article", "id", "tag", "start", "end", "text", "speaker", "note", "author", "created", "state")

ErrorHandler = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    article: Path  # the article file (it may no longer exist; the annotations do)
    id: str
    tag: str
    start: int
    end: int
    text: str
    speaker: str | None
    note: str
    author: str
    created: str  # RFC 3339, e.g. "2026-11-29T23:15:00Z"; "" when the entry has none
    state: str  # "ok" | "orphan"

    @property
    def orphan(self) -> bool:
        return self.state == ORPHAN

    def to_dict(self) -> dict:
        """The --json object: FIELDS, with the article as given (a path string)."""
        return {
            "article": str(self.article), "id": self.id, "tag": self.tag, "start": self.start,
            "end": self.end, "text": self.text, "speaker": self.speaker, "note": self.note,
            "author": self.author, "created": self.created, "state": self.state,
        }


def format_created(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is timezone.utc:
            # What the store writes and tomllib reads back ("...Z"): isoformat ends in
            # "+00:00". Half the cost of converting, for every row of a first look.
            return value.isoformat()[:-6] + "Z"
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return value.isoformat() + "Z"
        return value.isoformat()  # a local datetime without offset: kept as written
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# What the index holds per annotations file: either ("ok", rows) with each row a
# tuple in FIELDS order minus the article, or ("error", one-line message).
Payload = tuple


def _parse(path: Path) -> Payload:
    rows = _fast_rows(path)
    if rows is not None:
        return ("ok", rows)
    try:
        # The store's own parser: review agrees with the app on what is valid, and a
        # file the quick path below does not vouch for gets the store's own verdict.
        f = read_annotation_file(path)
    except MarginError as err:
        return ("error", str(err))
    rows = [
        (a.id, a.tag, a.start, a.end, a.text, a.speaker, a.note, a.author,
         format_created(a.created), ORPHAN if a.anchor == "orphan" else OK)
        for a in f.annotations
    ]
    return ("ok", rows)


_PLAIN_TOP = frozenset(("format", "article", "annotations", "rejected"))
# The store's string keys (store._entry) beyond the required tag and text.
_OPTIONAL_STR_KEYS = ("prefix", "suffix", "note", "speaker", "author", "origin", "reason")


def _fast_rows(path: Path) -> list[tuple] | None:
    """The rows of a plainly valid annotations file straight from tomllib's tables, or
    None to let the store's parser decide (and word the error).

    A team's folder holds 100,000 annotations, and building an Annotation per entry
    cost as much as a fifth of the TOML parse. The checks here are the store's
    (store.parse_annotation_text and _entry), each one at least as strict, so a file
    this accepts is one the store accepts; anything unusual goes to the store.
    tests/test_review_fast.py holds the two to the same answers.
    """
    from .store import FORMAT, TABLES

    try:
        # The one read check (a regular file, within the limit): a FIFO or a link to
        # /dev/zero must not hang or flood the review; the store's reader words the error.
        text = read_file(path, ANNOTATIONS_LIMIT).decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        # The store's own layout reads several times faster (quicktoml); anything else
        # goes through tomllib, unless it nests too deep for it (the store refuses it).
        data = quick_loads(text)
        if data is None:
            if bracket_depth(text)[1]:
                return None
            data = tomllib.loads(text)
    except (OSError, FileRefused, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if not _PLAIN_TOP.issuperset(data):
        return None  # unknown tables: the store decides (nesting and size limits)
    fmt = data.get("format")
    if type(fmt) is not int or not 1 <= fmt <= FORMAT:
        return None
    art = data.get("article")
    if (not isinstance(art, dict) or type(art.get("file")) is not str or type(art.get("sha256")) is not str
            or type(art.get("length")) is not int or art["length"] < 0):
        return None
    rows: list[tuple] = []
    intern = sys.intern  # tags and authors repeat: one object each, a smaller index
    for table in TABLES:
        raw = data.get(table, [])
        if not isinstance(raw, list):
            return None
        seen: set[str] = set()
        for e in raw:
            if type(e) is not dict:
                return None
            # The required keys: present (a TOML value is never None) and of their type.
            ident, tag, start, end, body = e.get("id"), e.get("tag"), e.get("start"), e.get("end"), e.get("text")
            if (type(ident) is not str or not ident or ident in seen or type(tag) is not str or not tag
                    or type(body) is not str or type(start) is not int or type(end) is not int
                    or not 0 <= start <= end):
                return None
            seen.add(ident)
            for key in _OPTIONAL_STR_KEYS:
                v = e.get(key)
                if v is not None and type(v) is not str:
                    return None
            created = e.get("created")
            if created is not None and not isinstance(created, (datetime, date)):
                return None
            orphan = e.get("orphan", False)
            if type(orphan) is not bool:
                return None
            if table == "annotations":
                rows.append((ident, intern(tag), start, end, body, e.get("speaker"), e.get("note", ""),
                             intern(e.get("author", "")), format_created(created), ORPHAN if orphan else OK))
    return rows


@dataclass
class FileScan:
    """One annotations file's result, for callers that want per-article totals."""

    article: Path
    path: Path
    rows: list[ReviewRow]
    error: str | None = None


def _annotation_files(folder: Path) -> list[os.DirEntry]:
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(SUFFIX) and not e.name.startswith(".")]
    except FileNotFoundError:
        raise StoreError(f"{folder}: no such folder") from None
    except NotADirectoryError:
        raise StoreError(f"{folder}: not a folder") from None
    except PermissionError:
        raise StoreError(f"{folder}: permission denied") from None
    from .folder import _natural_key

    entries.sort(key=lambda e: _natural_key(e.name))
    return entries


def _payloads(folder: Path, use_index: bool) -> Iterator[tuple[os.DirEntry, tuple]]:
    """(entry, payload) for every annotations file of ``folder``, from the index or
    parsed, in article-name order: the one walk behind ``scan_files`` and ``json_rows``."""
    entries = _annotation_files(folder)
    index = FolderIndex(folder, "review") if use_index else None
    complete = False
    try:
        for e in entries:
            try:
                st: os.stat_result | None = e.stat()
            except FileNotFoundError:
                continue  # removed while we listed: nothing to show
            except OSError:
                st = None  # a symlink loop, say: _parse names what is wrong
            payload = index.get(e.name, st) if index is not None and st is not None else None
            if payload is None:
                payload = _parse(Path(e.path))
                if index is not None and st is not None:
                    index.put(e.name, st, payload)
            yield e, payload
        complete = True
    finally:
        if index is not None:
            index.save(complete=complete)


def scan_files(folder: str | Path, *, use_index: bool = True) -> Iterator[FileScan]:
    """Every annotations file of ``folder`` (not subfolders), parsed or from the cache,
    in article-name order. Unparseable files come with ``error`` and no rows."""
    for e, payload in _payloads(Path(folder), use_index):
        path = Path(e.path)
        article = path.with_name(e.name[: -len(SUFFIX)])
        if payload[0] == "error":
            yield FileScan(article, path, [], payload[1])
            continue
        yield FileScan(article, path, [ReviewRow(article, *r) for r in payload[1]])


def scan(
    folder: str | Path,
    tag: str | None = None,
    author: str | None = None,
    *,
    on_error: ErrorHandler | None = None,
    use_index: bool = True,
) -> Iterator[ReviewRow]:
    """Every saved annotation in ``folder``, orphans included, file by file.

    ``tag`` and ``author`` filter exactly. An annotations file that cannot be parsed is
    reported through ``on_error`` (one line) and skipped; the scan goes on.
    """
    for fs in scan_files(folder, use_index=use_index):
        if fs.error is not None:
            if on_error is not None:
                on_error(fs.error)
            continue
        for row in fs.rows:
            if (tag is None or row.tag == tag) and (author is None or row.author == author):
                yield row


# ------------------------------------------------------------------ --json, fast

# One row as ``json.dumps(row.to_dict(), ensure_ascii=False)`` writes it, by hand: the
# same C string encoder, without the encoder's per-call set-up (a team's folder holds
# 100,000 rows; the generic path spent more time there than the index saved).
from json.encoder import encode_basestring as _jstr  # noqa: E402


# "created" is format_created's ISO text (digits and -:.TZ) and "state" is ok or
# orphan: neither needs escaping.


def _jopt(value: str | None) -> str:
    return "null" if value is None else _jstr(value)


def _article_text(folder: Path, name: str) -> str:
    """``str(row.article)`` for an annotations file ``name`` of ``folder``, without Paths."""
    base = str(folder)
    article = name[: -len(SUFFIX)]
    if base == ".":
        return article
    return base + article if base.endswith(os.sep) else base + os.sep + article


def json_rows(
    folder: str | Path,
    tag: str | None = None,
    author: str | None = None,
    *,
    on_error: ErrorHandler | None = None,
    use_index: bool = True,
) -> Iterator[str]:
    """``scan``'s rows as JSON objects (one string each, as ``ReviewRow.to_dict`` dumps),
    file by file, read from the index like ``scan`` and filtered the same way."""
    folder = Path(folder)
    for e, payload in _payloads(folder, use_index):
        if payload[0] == "error":
            if on_error is not None:
                on_error(payload[1])
            continue
        head = '{"article": ' + _jstr(_article_text(folder, e.name)) + ', "id": '
        for (ident, t, start, end, text, speaker, note, who, created, state) in payload[1]:
            if (tag is not None and t != tag) or (author is not None and who != author):
                continue
            yield (f'{head}{_jstr(ident)}, "tag": {_jstr(t)}, "start": {start}, "end": {end}, '
                   f'"text": {_jstr(text)}, "speaker": {_jopt(speaker)}, "note": {_jstr(note)}, '
                   f'"author": {_jstr(who)}, "created": "{created}", "state": "{state}"}}')


@dataclass
class ArticleSummary:
    """One article of a folder, for the folder list and ``margin stats``."""

    article: Path
    state: str  # "new" | "in progress" | "done"
    counts: dict[str, int]  # per tag, orphans included
    orphans: int
    error: str | None = None  # the annotations file could not be parsed
    authors: dict[str, int] = field(default_factory=dict)  # annotations per author

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def summarize(folder: str | Path, author: str | None = None,
              on_error: ErrorHandler | None = None) -> list[ArticleSummary]:
    """Every article of the folder with its counts per tag and its state.

    Annotations files whose article is gone are listed too: their work still exists.
    A done-marks file that cannot be read is reported through ``on_error``, and the
    list is given without its marks.
    """
    from .folder import FolderState, article_state, list_articles, load_state

    folder = Path(folder)
    try:
        done = load_state(folder)
    except StoreError as err:
        if on_error is not None:
            on_error(f"{err} (done marks not shown)")
        done = FolderState()  # a broken state file loses the marks, not the list
    by_article: dict[Path, ArticleSummary] = {}
    for a in list_articles(folder):
        by_article[a] = ArticleSummary(a, article_state(a, 0, done), {}, 0)
    for fs in scan_files(folder):
        s = by_article.get(fs.article)
        if s is None:
            s = by_article[fs.article] = ArticleSummary(fs.article, "", {}, 0)
        s.error = fs.error
        rows = [r for r in fs.rows if author is None or r.author == author]
        s.counts = dict(Counter(r.tag for r in rows))
        s.authors = dict(Counter(r.author for r in rows))
        s.orphans = sum(1 for r in rows if r.orphan)
        # In progress means someone's work is in the file, whoever the filter shows.
        s.state = article_state(fs.article, len(fs.rows) or (1 if fs.error else 0), done)
    for s in by_article.values():
        if not s.state:
            s.state = article_state(s.article, 0, done)
    from .folder import _natural_key

    return sorted(by_article.values(), key=lambda s: _natural_key(s.article.name))


def delete_annotation(article: str | Path, annotation_id: str) -> None:
    """Remove one annotation by id, through the store (lock, merge, atomic write).

    For the review screen's delete: the row's offsets may be stale, its id is not.
    Raises StoreError when the annotation is no longer there or the file cannot be
    saved, ArticleError when the article cannot be read.
    """
    from .article import read_article
    from .store import Store

    store = Store(read_article(article))
    store.load()
    keep = [a for a in store.annotations if a.id != annotation_id]
    if len(keep) == len(store.annotations):
        raise StoreError(f"{store.path}: no annotation with id {annotation_id} (deleted elsewhere?)")
    store.annotations[:] = keep
    store.save()


# ----------------------------------------------------------------- filter query

@dataclass(frozen=True)
class ReviewQuery:
    """A review filter: words, all of which must match (case ignored).

    A plain word is looked for in the tag, author, text, note, speaker and article
    name; ``tag:NAME`` matches tags starting with NAME; ``author:NAME`` (or
    ``by:NAME``) authors containing NAME."""

    terms: tuple[tuple[str, str], ...] = ()  # (kind, value): kind "tag", "author" or "word"

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches(self, row: ReviewRow) -> bool:
        return self.matches_prepared(row.tag.casefold(), row.author.casefold(), haystack(row))

    def matches_prepared(self, tag_cf: str, author_cf: str, hay: str) -> bool:
        """``matches`` for a row whose casefolded tag, author and ``haystack`` were
        computed once (a table filtering 100,000 rows at every key press)."""
        for kind, value in self.terms:
            if kind == "tag":
                if not tag_cf.startswith(value):
                    return False
            elif kind == "author":
                if value not in author_cf:
                    return False
            elif value not in hay:
                return False
        return True

    def filter(self, rows: Iterable[ReviewRow]) -> list[ReviewRow]:
        return [r for r in rows if self.matches(r)]

    def narrowed_by(self, new: "ReviewQuery") -> bool:
        """True when every row matching ``new`` matches this one too (the user typed
        on), so ``new`` may filter this one's matches instead of every row."""
        if len(new.terms) < len(self.terms):
            return False
        return all(k1 == k2 and v2.startswith(v1) for (k1, v1), (k2, v2) in zip(self.terms, new.terms))


def haystack(row: ReviewRow) -> str:
    """What a plain filter word is looked for in, casefolded; the newlines keep a word
    from matching across two fields."""
    return "\n".join((row.tag.casefold(), row.author.casefold(), row.text.casefold(), row.note.casefold(),
                      (row.speaker or "").casefold(), row.article.name.casefold()))


def parse_query(text: str) -> ReviewQuery:
    """The review filter typed by the user (see ``ReviewQuery``)."""
    terms: list[tuple[str, str]] = []
    for term in text.casefold().split():
        name, sep, value = term.partition(":")
        if sep and name == "tag":
            terms.append(("tag", value))
        elif sep and name in ("author", "by"):
            terms.append(("author", value))
        else:
            terms.append(("word", term))
    return ReviewQuery(tuple(terms))
