"""Saving off the main thread: one writer per article, and never a lost change.

The app edits its ``Store``'s lists on the main thread (through ``EditHistory``) and
hands the saver a snapshot after each change: the two lists, copied shallowly. The
saver's thread writes it through its own copy of the store (the disk side: what was
last read and written, for the three-way merge), so a 25 MB file or a lock held by
another process never holds a key.

A change is safe in memory until a save of it succeeds; what another writer merged in
comes back as a ``Merged`` delta for the app to fold into its lists. Saving never
raises into the app: anything but a ``StoreError`` (a ``RecursionError`` from a deeply
nested file, say) becomes a ``SaveFailed`` with one line saying why.

No textual here; the app turns the outcomes into messages.
"""

from __future__ import annotations

import copy
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from annotations.errors import StoreError
from annotations.model import Annotation
from annotations.store import Store

from annotations.fsio import lock_path


@dataclass
class SaveWaiting:
    """Another process holds the annotations file's lock: the save waits for it."""

    seq: int


@dataclass
class SaveFailed:
    seq: int
    message: str  # one line


@dataclass
class Saved:
    seq: int
    added: dict[str, list[Annotation]] = field(default_factory=dict)  # per table, from the merge
    removed: dict[str, list[Annotation]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    requested: bool = False  # asked for by ctrl+s


Outcome = SaveWaiting | SaveFailed | Saved
TABLES = ("annotations", "rejected")

_live: "weakref.WeakSet[Saver]" = weakref.WeakSet()


def wait_idle(timeout: float = 10.0) -> bool:
    """Wait until every saver has written what it was given (tests read the file then)."""
    return all(s.wait_idle(timeout) for s in list(_live))


def lock_is_held(path: Path) -> bool:
    """Whether another process holds the annotations file's lock now (a probe)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return False
    try:
        fd = open(lock_path(path), "a+")
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        fd.close()  # closing releases the probe's own lock
    return False


@dataclass
class _Request:
    seq: int
    annotations: list[Annotation]
    rejected: list[Annotation]
    requested: bool


class Saver:
    """One thread writing one article's annotations file, the latest snapshot first.

    ``report`` is called from the saver's thread with each outcome; it must not block
    (the app posts a message)."""

    def __init__(self, store: Store, report: Callable[[Outcome], None]) -> None:
        disk = copy.copy(store)
        disk.annotations = list(store.annotations)
        disk.rejected = list(store.rejected)
        disk._base = {t: dict(v) for t, v in store._base.items()}  # noqa: SLF001 - the merge base moves here
        self.disk = disk
        self.report = report
        self._cond = threading.Condition()
        self._pending: _Request | None = None
        self._busy = False
        self._closed = False
        self.saved_seq = 0
        self._thread = threading.Thread(target=self._run, name="saver", daemon=True)
        self._thread.start()
        _live.add(self)

    def request(self, seq: int, annotations: list[Annotation], rejected: list[Annotation],
                requested: bool = False) -> None:
        """Save this state (a later request replaces one not started yet)."""
        with self._cond:
            keep = requested or (self._pending is not None and self._pending.requested)
            self._pending = _Request(seq, list(annotations), list(rejected), keep)
            self._cond.notify_all()

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._busy or self._pending is not None

    def wait_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._busy and self._pending is None, timeout)

    def close(self) -> None:
        """No more requests: the thread ends after writing what it was given."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def save_now(self, seq: int, annotations: list[Annotation], rejected: list[Annotation],
                 timeout: float) -> bool:
        """Save at once and wait for it (hang-ups, opening another article)."""
        self.request(seq, annotations, rejected)
        self.wait_idle(timeout)
        return self.saved_seq >= seq

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:
                    return
                req, self._pending = self._pending, None
                self._busy = True
            try:
                outcome = self._save(req)
            finally:
                with self._cond:
                    self._busy = False
                    if isinstance(outcome, Saved):
                        self.saved_seq = max(self.saved_seq, req.seq)
                    self._cond.notify_all()
            try:
                self.report(outcome)
            except Exception:  # noqa: BLE001 - the app is gone; the file is written
                pass

    def _save(self, req: _Request) -> Outcome:
        disk = self.disk
        if lock_is_held(disk.path):
            try:
                self.report(SaveWaiting(req.seq))
            except Exception:  # noqa: BLE001
                pass
        disk.annotations[:] = req.annotations
        disk.rejected[:] = req.rejected
        try:
            disk.save()
        except StoreError as err:
            return SaveFailed(req.seq, str(err))
        except RecursionError:
            return SaveFailed(req.seq, f"{disk.path.name}: not saved: nested too deeply to write")
        except Exception as err:  # noqa: BLE001 - the change stays in memory; say why
            return SaveFailed(req.seq, f"{disk.path.name}: not saved: {type(err).__name__}: {err}")
        out = Saved(req.seq, messages=list(disk.merge_messages), requested=req.requested)
        for table, before in (("annotations", req.annotations), ("rejected", req.rejected)):
            after = getattr(disk, table)
            if len(after) == len(before) and all(a is b for a, b in zip(after, before)):
                continue  # nobody else wrote: the usual case, O(n) identity checks
            mine = {id(a) for a in before}
            theirs = {id(a) for a in after}
            out.added[table] = [a for a in after if id(a) not in mine]
            out.removed[table] = [a for a in before if id(a) not in theirs]
        return out


def fold_in(store: Store, saved: Saved) -> list[tuple[int, int]]:
    """Apply what a merge brought in to the app's lists (main thread); returns the
    spans that changed. The app's lists may hold changes made since the snapshot:
    those stay, and the next save merges them."""
    touched: list[tuple[int, int]] = []
    for table in TABLES:
        added = saved.added.get(table, [])
        removed = saved.removed.get(table, [])
        if not added and not removed:
            continue
        items: list[Annotation] = getattr(store, table)
        gone = {id(a) for a in removed}
        replace = {a.id: a for a in added}
        kept = []
        for a in items:
            if id(a) in gone:
                touched.append((a.start, a.end))
                continue
            if a.id in replace:
                new = replace.pop(a.id)
                touched += [(a.start, a.end), (new.start, new.end)]
                kept.append(new)
                continue
            kept.append(a)
        for a in replace.values():
            touched.append((a.start, a.end))
            kept.append(a)
        items[:] = kept
    return touched
