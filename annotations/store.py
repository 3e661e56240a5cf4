"""The annotations file beside an article: ``<article file name>.annotations.toml``.

docs/format.md is the reference for the format. This module keeps the promises made
there:

* a file that does not parse is never overwritten (the store turns read-only and says why);
* every write is atomic (temporary file in the same folder, fsync, ``os.replace``,
  fsync of the folder);
* read-merge-write runs under an advisory lock on ``<file>.lock``, and merges by id
  with what another process wrote since we last read, so nobody's annotations are lost;
* unknown keys and tables are kept on rewrite;
* annotations of a changed article are re-anchored (annotations/anchoring.py) and
  orphans are kept, marked ``orphan = true``, never dropped.
"""

from __future__ import annotations

import os
import re
import secrets
import time
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import tomli_w

from .anchoring import EXACT, ORPHAN, Move, reanchor
from .article import Article
from .errors import StoreError, StoreParseError
from .model import Annotation, default_author, new_id

FORMAT = 1
SUFFIX = ".annotations.toml"
TABLES = ("annotations", "rejected")
# Keys an entry may hold that we understand; anything else goes to Annotation.extra.
ENTRY_KEYS = ("id", "tag", "start", "end", "text", "prefix", "suffix", "note", "speaker",
              "author", "created", "origin", "reason", "orphan")
REQUIRED_KEYS = ("id", "tag", "start", "end", "text")
ARTICLE_KEYS = ("file", "sha256", "length")
# How long save() waits for another process's lock before giving up with an error.
LOCK_TIMEOUT = 10.0


def annotations_path(article_path: Path) -> Path:
    """``starmer.txt`` -> ``starmer.txt.annotations.toml`` in the same folder."""
    article_path = Path(article_path)
    return article_path.with_name(article_path.name + SUFFIX)


def lock_path(path: Path) -> Path:
    """``.starmer.txt.annotations.toml.lock``: hidden, so it stays out of the user's way."""
    return path.with_name("." + path.name + ".lock")


@dataclass
class AnnotationFile:
    path: Path
    format: int
    article_file: str
    sha256: str
    length: int
    annotations: list[Annotation] = field(default_factory=list)
    rejected: list[Annotation] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # unknown top-level keys and tables
    article_extra: dict = field(default_factory=dict)  # unknown keys in [article]

    def article_path(self) -> Path:
        """The article this file belongs to (``file`` is relative to this file's folder)."""
        return self.path.parent / self.article_file


# ---------------------------------------------------------------------------- reading

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _toml_error(path: Path, text: str, err: tomllib.TOMLDecodeError) -> StoreParseError:
    msg = str(err)
    line = column = None
    m = _TOML_WHERE.search(msg)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        msg = msg[: m.start()]
    elif _TOML_END.search(msg):
        msg = _TOML_END.sub("", msg)
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    return StoreParseError(str(path), f"not valid TOML: {msg}", line, column)


def _entry_line(text: str, table: str, index: int) -> int | None:
    """Line of the index-th ``[[table]]`` header, to point a format error at its entry."""
    pattern = re.compile(r"^[ \t]*\[\[[ \t]*(?:" + table + r'|"' + table + r'")[ \t]*\]\]', re.M)
    for i, m in enumerate(pattern.finditer(text)):
        if i == index:
            return text.count("\n", 0, m.start()) + 1
    return None


def _key_line(text: str, key: str) -> int | None:
    m = re.search(r"^[ \t]*" + re.escape(key) + r"[ \t]*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _entry(raw, table: str, index: int, path: Path, text: str) -> Annotation:
    def bad(msg: str) -> StoreParseError:
        line = _entry_line(text, table, index)
        return StoreParseError(str(path), f"[[{table}]] entry {index + 1}: {msg}", line, 1 if line else None)

    if not isinstance(raw, dict):
        raise bad("is not a table")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise bad(f"missing required key '{key}'")
    ident = raw["id"]
    if not isinstance(ident, str) or not ident:
        raise bad("'id' must be a non-empty string")
    for key in ("tag", "text", "prefix", "suffix", "note", "speaker", "author", "origin", "reason"):
        if key in raw and not isinstance(raw[key], str):
            raise bad(f"'{key}' must be a string (id {ident})")
    if not raw["tag"]:
        raise bad(f"'tag' must not be empty (id {ident})")
    start, end = raw["start"], raw["end"]
    if not _is_int(start) or not _is_int(end):
        raise bad(f"'start' and 'end' must be integers (id {ident})")
    if not 0 <= start <= end:
        raise bad(f"offsets {start}..{end} are not 0 <= start <= end (id {ident})")
    created = raw.get("created")
    if created is not None and not isinstance(created, (datetime, date)):
        raise bad(f"'created' must be a TOML datetime (id {ident})")
    orphan = raw.get("orphan", False)
    if not isinstance(orphan, bool):
        raise bad(f"'orphan' must be true or false (id {ident})")
    return Annotation(
        id=ident,
        tag=raw["tag"],
        start=start,
        end=end,
        text=raw["text"],
        prefix=raw.get("prefix", ""),
        suffix=raw.get("suffix", ""),
        note=raw.get("note", ""),
        speaker=raw.get("speaker"),
        author=raw.get("author", ""),
        created=created,
        origin=raw.get("origin", "manual"),
        reason=raw.get("reason", ""),
        extra={k: v for k, v in raw.items() if k not in ENTRY_KEYS},
        anchor=ORPHAN if orphan else EXACT,
    )


def parse_annotation_text(path: Path, text: str) -> AnnotationFile:
    """Validate and convert the text of an annotations file. Raises StoreParseError."""
    if text.startswith("\ufeff"):  # some editors add a BOM; TOML does not allow one
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _toml_error(path, text, err) from None

    def bad(msg: str, key: str | None = None) -> StoreParseError:
        line = _key_line(text, key) if key else None
        return StoreParseError(str(path), msg, line, 1 if line else None)

    fmt = data.get("format")
    if fmt is None:
        raise bad("not a Margin annotations file: no 'format' key")
    if not _is_int(fmt):
        raise bad("'format' must be an integer", "format")
    if fmt > FORMAT:
        raise bad(f"written by a newer Margin (format {fmt}; this one reads format {FORMAT})", "format")
    if fmt < 1:
        raise bad(f"unknown format {fmt}", "format")
    art = data.get("article")
    if not isinstance(art, dict):
        raise bad("missing the [article] table")
    for key in ARTICLE_KEYS:
        if key not in art:
            raise bad(f"[article] has no '{key}'")
    if not isinstance(art["file"], str) or not isinstance(art["sha256"], str):
        raise bad("[article] 'file' and 'sha256' must be strings")
    if not _is_int(art["length"]) or art["length"] < 0:
        raise bad("[article] 'length' must be a non-negative integer", "length")
    tables: dict[str, list[Annotation]] = {}
    for table in TABLES:
        raw = data.get(table, [])
        if not isinstance(raw, list):
            raise bad(f"'{table}' must be an array of tables ([[{table}]])", table)
        entries = [_entry(r, table, i, path, text) for i, r in enumerate(raw)]
        seen: set[str] = set()
        for i, a in enumerate(entries):
            # Merging goes by id within a table, so a repeat there is ambiguous and we
            # refuse to guess. (A clash across the two tables is harmless: tolerated,
            # and the next save gives the rejected entry a fresh id.)
            if a.id in seen:
                line = _entry_line(text, table, i)
                raise StoreParseError(str(path), f"[[{table}]] entry {i + 1}: id '{a.id}' is used twice",
                                      line, 1 if line else None)
            seen.add(a.id)
        tables[table] = entries
    return AnnotationFile(
        path=Path(path),
        format=fmt,
        article_file=art["file"],
        sha256=art["sha256"],
        length=art["length"],
        annotations=tables["annotations"],
        rejected=tables["rejected"],
        extra={k: v for k, v in data.items() if k not in ("format", "article") + TABLES},
        article_extra={k: v for k, v in art.items() if k not in ARTICLE_KEYS},
    )


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise StoreParseError(str(path), f"not UTF-8 (byte {err.start})", line, column) from None


def read_annotation_file(path: str | Path) -> AnnotationFile:
    """Parse an annotations file without touching it. Raises StoreParseError or StoreError."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{p}: is a folder, not an annotations file") from None
    except OSError as err:
        raise StoreError(f"{p}: cannot read ({err.strerror or err})") from None
    return parse_annotation_text(p, _decode(p, data))


# ---------------------------------------------------------------------------- writing

def entry_dict(a: Annotation) -> dict:
    """The table written for one annotation: known keys in a fixed order, then the rest."""
    d: dict = {
        "id": a.id, "tag": a.tag, "start": a.start, "end": a.end, "text": a.text,
        "prefix": a.prefix, "suffix": a.suffix, "note": a.note,
    }
    if a.speaker is not None:
        d["speaker"] = a.speaker
    d["author"] = a.author
    if a.created is not None:
        d["created"] = a.created
    d["origin"] = a.origin
    if a.reason:
        d["reason"] = a.reason
    if a.anchor == ORPHAN:
        d["orphan"] = True
    for k, v in a.extra.items():
        if k not in d and k not in ENTRY_KEYS:
            d[k] = v
    return d


# tomli_w writes datetimes as "2026-11-29 23:15:00+00:00"; we write the RFC 3339 form
# the format documents ("2026-11-29T23:15:00Z"). Strings never span lines (no multiline
# strings), so a line "key = <digits>" can only hold a bare date-time value.
_DT_LINE = re.compile(r"^([^\s\"'=][^=\"']*? = \d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d:\d\d)?$",
                      re.M)


def _dt_fix(m: re.Match) -> str:
    offset = m.group(3) or ""
    return f"{m.group(1)}T{m.group(2)}{'Z' if offset == '+00:00' else offset}"


def dumps(article_file: str, sha256: str, length: int, annotations: list[Annotation],
          rejected: list[Annotation], extra: dict | None = None,
          article_extra: dict | None = None) -> str:
    """The text of an annotations file, entries sorted by (start, end, tag, id)."""
    doc: dict = {"format": FORMAT}
    for k, v in (extra or {}).items():
        if k not in ("format", "article") + TABLES:
            doc[k] = v
    art = {"file": article_file, "sha256": sha256, "length": length}
    art.update({k: v for k, v in (article_extra or {}).items() if k not in ARTICLE_KEYS})
    doc["article"] = art
    if annotations:
        doc["annotations"] = [entry_dict(a) for a in sorted(annotations, key=Annotation.sort_key)]
    if rejected:
        doc["rejected"] = [entry_dict(a) for a in sorted(rejected, key=Annotation.sort_key)]
    return _DT_LINE.sub(_dt_fix, tomli_w.dumps(doc))


def canonical(a: Annotation) -> str:
    """One entry as written, for telling whether two versions of an entry differ."""
    return tomli_w.dumps(entry_dict(a))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself has happened
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a part.

    A symlinked file is written through the link: replacing the link itself with a
    plain file would quietly split the user's setup in two.
    """
    path = Path(os.path.realpath(path))
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            try:  # keep the permissions the user gave the old file
                os.fchmod(fd, os.stat(path).st_mode & 0o7777)
            except (FileNotFoundError, AttributeError):
                pass
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


class _Lock:
    """An advisory exclusive lock on ``<file>.lock`` (fcntl.flock), with a timeout.

    The lock file is left in place: deleting it would let two writers lock two
    different files. Where fcntl does not exist (Windows) there is no lock.
    """

    def __init__(self, path: Path, timeout: float | None = None):
        self.path = path
        self.timeout = LOCK_TIMEOUT if timeout is None else timeout
        self.fd: int | None = None

    def __enter__(self) -> "_Lock":
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            # Another user's lock file that we may not write: flock works on a read fd.
            if not self.path.exists():
                raise
            self.fd = os.open(self.path, os.O_RDONLY)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            return self
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self.fd)
                    self.fd = None
                    raise StoreError(f"{self.path}: another process holds the lock; try again") from None
                time.sleep(0.01)
            except OSError:
                os.close(self.fd)
                self.fd = None
                raise

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None


# ---------------------------------------------------------------------------- the store

def _derived_changed(f: AnnotationFile, article: Article) -> bool:
    """The text was derived afresh from unchanged bytes and came out different (a web
    page read by a newer extractor): re-anchor as after an edit."""
    now = article.record.get("text_sha256")
    return now is not None and f.article_extra.get("text_sha256", now) != now


@dataclass
class LoadReport:
    """What load() found: how each annotation anchored, and anything worth saying."""

    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphan: int = 0
    orphans: list[Annotation] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)  # every entry not exactly in place
    messages: list[str] = field(default_factory=list)  # one line each, for the user
    article_changed: bool = False  # sha256 differs from the one saved

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    def summary(self) -> str:
        if not (self.moved or self.fuzzy or self.orphan):
            return "all annotations in place"
        parts = [f"{n} {label}" for n, label in ((self.moved, "moved"), (self.fuzzy, "re-anchored fuzzily"),
                                                (self.orphan, "orphaned")) if n]
        return "article changed: " + ", ".join(parts)


class Store:
    """The annotations of one article, loaded from and saved to its TOML file.

    The app edits ``annotations`` and ``rejected`` in place and calls ``save()``;
    ``save()`` merges with whatever another process wrote meanwhile and then puts the
    merged lists back into the same list objects.
    """

    def __init__(self, article: Article, author: str | None = None):
        self.article = article
        self.path = annotations_path(article.path)
        self.author = author if author is not None else default_author()
        self.annotations: list[Annotation] = []
        self.rejected: list[Annotation] = []
        self.read_only: str | None = None
        self.extra: dict = {}
        self.article_extra: dict = {}
        self.report: LoadReport | None = None
        # One line per thing the last save() merged in from another writer.
        self.merge_messages: list[str] = []
        # What we last read or wrote, per table: id -> canonical entry text. The base
        # of the three-way merge: it tells our changes from the other writer's.
        self._base: dict[str, dict[str, str]] = {t: {} for t in TABLES}
        # The file's bytes as we last read or wrote them: if they are unchanged at save
        # time nobody else wrote, and the merge can be skipped.
        self._base_bytes: bytes | None = None

    # -- load

    def load(self) -> LoadReport:
        report = LoadReport()
        self.report = report
        self.read_only = None
        self.annotations[:] = []
        self.rejected[:] = []
        self._base = {t: {} for t in TABLES}
        self._base_bytes = None
        try:
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                return report  # no annotations yet
            except OSError as err:
                raise StoreError(f"{self.path}: cannot read ({err.strerror or err})") from None
            f = parse_annotation_text(self.path, _decode(self.path, data))
        except StoreError as err:
            # Never write over a file we could not read: the user's work may be in it.
            self.read_only = f"annotations not saved: {err}"
            raise
        self.extra, self.article_extra = f.extra, f.article_extra
        self._base_bytes = data
        for table in TABLES:
            self._base[table] = {a.id: canonical(a) for a in getattr(f, table)}
        text = self.article.text
        report.article_changed = f.sha256 != self.article.sha256 or _derived_changed(f, self.article)
        if f.article_file != self.article.path.name:
            report.messages.append(
                f"{self.path.name} was saved for '{f.article_file}'; it will now record '{self.article.path.name}'")
        for a in f.annotations + f.rejected:
            move = reanchor(a, text, refresh_context=report.article_changed)
            report.count(move.status if move is not None else EXACT)
            if move is not None:
                report.moves.append(move)
                report.messages.append(move.describe())
            if a.anchor == ORPHAN:
                report.orphans.append(a)
        self.annotations[:] = f.annotations
        self.rejected[:] = f.rejected
        return report

    # -- save

    def save(self) -> None:
        """Merge with the file as it is now and write it. Raises StoreError (one line).

        On any failure the file is as it was and our lists are untouched, so the next
        save() writes everything. A store made read-only by a file that did not parse
        saves again once the file parses (someone fixed it): everything in the fixed
        file is then kept, as another session's additions, next to ours.
        """
        try:
            with _Lock(lock_path(self.path)):
                self._save_locked()
        except StoreError:
            raise
        except OSError as err:
            raise StoreError(f"{self.path}: not saved: {err.strerror or err}") from None
        except (TypeError, ValueError) as err:  # a value TOML or UTF-8 cannot hold
            raise StoreError(f"{self.path}: not saved: {' '.join(str(err).split())}") from None

    def _save_locked(self) -> None:
        theirs: AnnotationFile | None = None
        old_bytes: bytes | None = None
        try:
            old_bytes = self.path.read_bytes()
        except FileNotFoundError:
            pass
        if old_bytes is not None and (self.read_only or old_bytes != self._base_bytes):
            # Raises StoreParseError if the file is (still, or newly) broken: we do not write.
            try:
                theirs = parse_annotation_text(self.path, _decode(self.path, old_bytes))
            except StoreParseError as err:
                if self.read_only:
                    self.read_only = f"annotations not saved: {err}"
                raise
        recovered = self.read_only is not None
        messages: list[str] = []
        merged = {}
        for table in TABLES:
            ours = getattr(self, table)
            if theirs is None:
                # The file is as we left it, or gone (never written, or deleted under
                # us): nothing to merge with. We keep everything we hold rather than
                # read a deleted file as a deletion of every annotation.
                merged[table] = self._dedupe(ours, messages, table)
            else:
                merged[table] = self._merge(table, ours, getattr(theirs, table), theirs.sha256, messages)
        self._separate_ids(merged, messages)
        if old_bytes is None and not merged["annotations"] and not merged["rejected"]:
            # Nothing to keep and no file: do not litter the folder with empty files.
            self.read_only = None
            self._commit(merged, messages)
            return
        extra = dict(self.extra)
        article_extra = dict(self.article_extra)
        if theirs is not None:
            extra.update(theirs.extra)
            article_extra.update(theirs.article_extra)
        article_extra.update(self.article.record)  # what produced the text, as it is now
        text = dumps(self.article.path.name, self.article.sha256, len(self.article.text),
                     merged["annotations"], merged["rejected"], extra, article_extra)
        data = text.encode("utf-8")
        if data != old_bytes:
            atomic_write(self.path, data)
        self.extra, self.article_extra = extra, article_extra
        self._base_bytes = data
        if recovered:
            messages.insert(0, f"{self.path.name} reads again; saved, keeping everything in it")
            self.read_only = None
        self._commit(merged, messages)

    def _commit(self, merged: dict[str, list[Annotation]], messages: list[str]) -> None:
        """After a successful write: hold what the file now holds."""
        for table in TABLES:
            getattr(self, table)[:] = merged[table]
            self._base[table] = {a.id: canonical(a) for a in merged[table]}
        self.merge_messages = messages

    def _separate_ids(self, merged: dict[str, list[Annotation]], messages: list[str]) -> None:
        """Ids are unique across the whole file: a rejected entry that shares an
        annotation's id (a one-in-millions clash of random ids) takes a fresh one."""
        used = {a.id for a in merged["annotations"]}
        if not any(r.id in used for r in merged["rejected"]):
            return
        taken = used | {r.id for r in merged["rejected"]}
        out = []
        for r in merged["rejected"]:
            if r.id in used:
                fresh = r.copy(id=new_id(taken))
                taken.add(fresh.id)
                messages.append(f"rejected suggestion {r.id} shared its id with an annotation; now {fresh.id}")
                r = fresh
            out.append(r)
        merged["rejected"] = out

    def _dedupe(self, entries: list[Annotation], messages: list[str], table: str) -> list[Annotation]:
        """Our own list, with any id used twice given a fresh id (the app should never do it)."""
        seen: set[str] = set()
        taken = {a.id for t in TABLES for a in getattr(self, t)}
        out = []
        for a in entries:
            if a.id in seen:
                new = a.copy(id=new_id(taken))
                taken.add(new.id)
                messages.append(f"{table}: a second entry with id {a.id} was saved as {new.id}")
                a = new
            seen.add(a.id)
            out.append(a)
        return out

    def _adapt(self, a: Annotation, their_sha: str) -> Annotation:
        """Another writer's entry, placed in our article (theirs may be another version)."""
        a = a.copy()
        reanchor(a, self.article.text, refresh_context=their_sha != self.article.sha256)
        return a

    def _merge(self, table: str, ours_list: list[Annotation], theirs_list: list[Annotation],
               their_sha: str, messages: list[str]) -> list[Annotation]:
        """Three-way merge by id of our entries and the file's, against what we last read
        (``merge_by_id``, which git's merge driver shares)."""
        ours_list = self._dedupe(ours_list, messages, table)
        taken = {a.id for t in TABLES for a in getattr(self, t)}
        return merge_by_id(table, self._base[table], ours_list, theirs_list, messages,
                           adapt=lambda a: self._adapt(a, their_sha), taken=taken)


def merge_by_id(table: str, base: dict[str, str], ours_list: list[Annotation],
                theirs_list: list[Annotation], messages: list[str], *,
                adapt: Callable[[Annotation], Annotation] | None = None,
                taken: set[str] | None = None) -> list[Annotation]:
    """Three-way merge by id of two versions of one table against their common base
    (id -> ``canonical`` text). The store's save and ``margin merge-annotations`` (git's
    merge driver) both merge through here, so they agree.

    * only one side changed an entry since the base: that side wins;
    * both changed it differently: ours wins and theirs is kept as a copy with a new id
      and ``conflict_of = "<id>"``, so nothing is lost silently;
    * we deleted it and they did not change it: deleted; they changed it: kept;
    * they deleted it and we did not change it: deleted; we changed it: kept;
    * added on either side: kept (two different additions that drew the same random
      id are both kept, theirs under a fresh id).

    ``adapt`` places one of their entries in our article (re-anchoring); ``taken`` holds
    further ids a fresh id must avoid.
    """
    place = adapt if adapt is not None else (lambda a: a)
    ours = {a.id: a for a in ours_list}
    theirs = {a.id: a for a in theirs_list}
    taken = set(ours) | set(theirs) | (taken or set())
    out: list[Annotation] = []
    label = "annotation" if table == "annotations" else "rejected suggestion"
    for ident in list(ours) + [i for i in theirs if i not in ours]:
        o, t, b = ours.get(ident), theirs.get(ident), base.get(ident)
        oc = canonical(o) if o is not None else None
        tc = canonical(t) if t is not None else None
        if o is not None and t is not None:
            if oc == tc or tc == b:
                out.append(o)
            elif oc == b:
                out.append(place(t))
                messages.append(f"{label} {ident} was changed in another session; took that change")
            elif b is None:
                # Both sides added an entry under one random id: two additions, not a conflict.
                out.append(o)
                other = place(t)
                if canonical(other) != oc:
                    fresh = other.copy(id=new_id(taken))
                    taken.add(fresh.id)
                    out.append(fresh)
                    messages.append(f"{label} {ident} was added here and in another session; "
                                    f"kept both, theirs as {fresh.id}")
            else:
                mine = o
                other = place(t)
                out.append(mine)
                if canonical(other) != oc:
                    copy = other.copy(id=new_id(taken))
                    taken.add(copy.id)
                    copy.extra["conflict_of"] = ident
                    out.append(copy)
                    messages.append(f"{label} {ident} was changed here and in another session; "
                                    f"kept yours, and theirs as {copy.id}")
        elif o is not None:
            if b is None:
                out.append(o)  # our addition
            elif oc == b:
                messages.append(f"{label} {ident} was removed in another session")
            else:
                out.append(o)
                messages.append(f"{label} {ident} was removed in another session after you changed it; kept")
        elif t is not None:
            if b is None:
                out.append(place(t))  # their addition
                messages.append(f"{label} {ident} was added in another session")
            elif tc != b:
                out.append(place(t))
                messages.append(f"{label} {ident} was changed in another session after you removed it; kept")
            # else: we removed it and they had not touched it
    return out
