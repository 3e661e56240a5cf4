"""The annotations file beside an article: ``<article file name>.annotations.toml``.

docs/format.md is the reference for the format; its encoding (validation, writing)
lives in annotations/tomlformat.py, the file system work in annotations/fsio.py. This
module keeps the promises made there:

* a file that does not parse is never overwritten (the store turns read-only and says why);
* every write is atomic (fsio.atomic_write: temporary file in the same folder, fsync,
  ``os.replace``, fsync of the folder);
* read-merge-write runs under a lock on ``.<file>.lock`` (fsio.FileLock, removed when
  released), and merges by id with what another process wrote since we last read
  (``merge_three_way``), so nobody's annotations are lost;
* unknown keys and tables are kept on rewrite;
* annotations of a changed article are re-anchored (annotations/anchoring.py) and
  orphans are kept, marked ``orphan = true``, never dropped;
* save() raises nothing but StoreError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .anchoring import EXACT, ORPHAN, Move, reanchor
from .article import Article
from .errors import StoreError, StoreParseError
from .fsio import (ANNOTATIONS_LIMIT, FileLock, FileRefused, LockTimeout, atomic_write,  # noqa: F401
                   clean_stale_temps, lock_path, read_file, shown)
from .model import Annotation, default_author, new_id
# The format lives in tomlformat.py; these names stay importable from here.
from .tomlformat import (ARTICLE_KEYS, ENTRY_KEYS, FORMAT, REQUIRED_KEYS, SUFFIX, TABLES,  # noqa: F401
                         AnnotationFile, canonical, decode_text, dumps, entry_dict,
                         parse_annotation_text, read_annotation_file)

__all__ = ["Store", "LoadReport", "StoreError", "StoreParseError", "AnnotationFile", "annotations_path",
           "lock_path", "atomic_write", "read_annotation_file", "parse_annotation_text", "dumps",
           "canonical", "entry_dict", "merge_three_way", "SUFFIX", "FORMAT", "TABLES"]

# How long save() waits for another process's lock before giving up with an error.
LOCK_TIMEOUT = 10.0


def annotations_path(article_path: Path) -> Path:
    """``starmer.txt`` -> ``starmer.txt.annotations.toml`` in the same folder."""
    article_path = Path(article_path)
    return article_path.with_name(article_path.name + SUFFIX)


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
        # Called (from the saving thread) when save() has to wait for another
        # process's lock, so the app can say so in its footer.
        self.on_lock_wait: Callable[[], None] | None = None
        self._temps_cleaned = False

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
            data = self._read_current()
            if data is None:
                return report  # no annotations yet
            f = parse_annotation_text(self.path, decode_text(self.path, data))
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
        where = shown(self.path)
        try:
            with FileLock(self.path, timeout=LOCK_TIMEOUT, on_wait=self.on_lock_wait):
                if not self._temps_cleaned:
                    # Temporary files of a writer killed mid-save (kill -9, power cut):
                    # under the lock, none can belong to a live writer. Once per store:
                    # listing a big folder on every save would cost more than it finds.
                    clean_stale_temps(self.path)
                    self._temps_cleaned = True
                self._save_locked()
        except StoreError:
            raise
        except LockTimeout as err:
            raise StoreError(str(err)) from None
        except OSError as err:
            raise StoreError(f"{where}: not saved: {err.strerror or err}") from None
        except RecursionError:
            raise StoreError(f"{where}: not saved: nested too deeply to write") from None
        except MemoryError:
            raise StoreError(f"{where}: not saved: out of memory") from None
        except Exception as err:  # a value TOML or UTF-8 cannot hold, or anything else:
            # the caller keeps the change in memory; it must only ever see a StoreError.
            raise StoreError(f"{where}: not saved: {type(err).__name__}: "
                             f"{' '.join(str(err).split())[:200]}") from None

    def _read_current(self) -> bytes | None:
        """The file's bytes through the one read check, or None when there is no file."""
        try:
            return read_file(self.path, ANNOTATIONS_LIMIT)
        except FileNotFoundError:
            return None
        except FileRefused as err:
            raise StoreError(str(err)) from None

    def _save_locked(self) -> None:
        theirs: AnnotationFile | None = None
        old_bytes = self._read_current()
        if old_bytes is not None and (self.read_only or old_bytes != self._base_bytes):
            # Raises StoreParseError if the file is (still, or newly) broken: we do not write.
            try:
                theirs = parse_annotation_text(self.path, decode_text(self.path, old_bytes))
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
        separate_ids(merged, messages)

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
        ours_list = self._dedupe(ours_list, messages, table)
        out, said = merge_three_way(
            self._base[table], ours_list, theirs_list,
            label="annotation" if table == "annotations" else "rejected suggestion",
            adapt=lambda a: self._adapt(a, their_sha),
            taken={a.id for t in TABLES for a in getattr(self, t)})
        messages.extend(said)
        return out


def separate_ids(merged: dict[str, list[Annotation]], messages: list[str],
                 taken: set[str] | None = None) -> None:
    """Ids are unique across the whole file: a rejected entry that shares an
    annotation's id (a one-in-millions clash of random ids) takes a fresh one, avoiding
    ``taken`` too. The store's save and git's merge driver both end with this."""
    used = {a.id for a in merged["annotations"]}
    if not any(r.id in used for r in merged["rejected"]):
        return
    taken = used | {r.id for r in merged["rejected"]} | (taken or set())
    out = []
    for r in merged["rejected"]:
        if r.id in used:
            fresh = r.copy(id=new_id(taken))
            taken.add(fresh.id)
            messages.append(f"rejected suggestion {r.id} shared its id with an annotation; now {fresh.id}")
            r = fresh
        out.append(r)
    merged["rejected"] = out


def merge_three_way(base: dict[str, str], ours_list: list[Annotation], theirs_list: list[Annotation],
                    *, label: str = "annotation",
                    adapt: Callable[[Annotation], Annotation] | None = None,
                    taken: set[str] | None = None) -> tuple[list[Annotation], list[str]]:
    """Three-way merge by id of our entries and theirs, against ``base``.

    ``base`` maps each id to ``canonical(entry)`` as it was in the common ancestor
    (what we last read; for a git merge driver, the %O file). ``adapt`` places one of
    their entries in our article (default: a copy as is). Ids in ``ours_list`` must
    be unique. Returns the merged list and one line per thing taken from theirs:

    * only one side changed an entry since the base: that side wins;
    * both changed it differently: ours wins and theirs is kept as a copy with a new id
      and ``conflict_of = "<id>"``, so nothing is lost silently;
    * we deleted it and they did not change it: deleted; they changed it: kept;
    * they deleted it and we did not change it: deleted; we changed it: kept;
    * added on either side: kept (two different additions that drew the same random
      id are both kept, theirs under a fresh id).
    """
    place = adapt if adapt is not None else (lambda a: a.copy())
    messages: list[str] = []
    ours = {a.id: a for a in ours_list}
    theirs = {a.id: a for a in theirs_list}
    taken = set(ours) | set(theirs) | set(taken or ())
    out: list[Annotation] = []
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
                out.append(o)
                other = place(t)
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
    return out, messages
