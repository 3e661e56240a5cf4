"""Every file Margin reads or writes goes through here: one read check, one atomic
write, one lock.

* ``read_file(path, limit=...)``: a regular file (never a FIFO, device, socket or
  folder; symlinks followed, a loop reported), at most ``limit`` bytes, opened
  without blocking (``O_NONBLOCK``, then ``fstat`` on the open descriptor, so a FIFO
  swapped in between a check and the open cannot hang us). Annotations files, the
  folder's state and learned boilerplate, ``margin.toml``, the index and articles are
  all read this way (see docs/format.md, "What Margin refuses to read").
* ``atomic_write(path, data)``: a temporary file in the same folder, fsync, rename
  over the target, fsync of the folder. Permissions of the old file are kept, and a
  symlinked target is written through the link.
* ``FileLock(path)``: an exclusive advisory lock on ``.NAME.lock`` beside the file
  (the maintained ``filelock`` package, so it works on Windows too), with a timeout.
  The lock file is removed when the lock is released, so no ``.lock`` files pile up
  beside the articles.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Callable, Iterator

from .errors import MarginError

# Size limits, one per kind of file. Articles have their own (annotations/article.py).
ANNOTATIONS_LIMIT = 64 * 2**20  # 100k annotations take about 25 MB
STATE_LIMIT = 16 * 2**20  # .margin-state.toml, .margin-boilerplate.txt, positions
CONFIG_LIMIT = 1 * 2**20  # margin.toml
INDEX_LIMIT = 512 * 2**20  # our own cache

LOCK_TIMEOUT = 10.0


def shown(path: str | Path) -> str:
    """A path as one printable, terminal-safe line (see textmap.safe_text)."""
    from .textmap import safe_text

    return safe_text(str(path))


def mb(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB"
    return f"{n} bytes"


class FileRefused(MarginError):
    """A file that is not read: not a regular file, too big, a symlink loop, unreadable.

    ``kind`` is one of "folder", "special", "too big", "loop", "permission", "other";
    ``reason`` the words after the path.
    """

    def __init__(self, path: str | Path, kind: str, reason: str):
        self.path = Path(path)
        self.kind = kind
        self.reason = reason
        super().__init__(f"{shown(path)}: {reason}")


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _open_error(path: Path, err: OSError) -> Exception:
    if isinstance(err, FileNotFoundError) or err.errno == errno.ENOTDIR:
        return FileNotFoundError(err.errno or errno.ENOENT, "no such file", str(path))
    if err.errno == errno.ELOOP:
        return FileRefused(path, "loop", "a symbolic link loop (the link never reaches a file)")
    if err.errno == errno.EISDIR:
        return FileRefused(path, "folder", "is a folder, not a file")
    if isinstance(err, PermissionError):
        return FileRefused(path, "permission", "permission denied")
    return FileRefused(path, "other", f"cannot read ({err.strerror or type(err).__name__})")


def read_head(path: str | Path, n: int) -> bytes:
    """The first ``n`` bytes of a regular file of any size, with the same checks as
    read_file (FileNotFoundError, or FileRefused for a FIFO, a device, a loop...)."""
    return _read_regular(Path(path), n, None)


def read_file(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises FileNotFoundError when there is no such file (callers treat that as
    "nothing yet"), FileRefused for everything else, always with one line naming the
    file. Never blocks on a FIFO and never reads a device without end.
    """
    # Read one byte past the limit, in case the file grew since fstat().
    return _read_regular(Path(path), limit + 1, limit)


def _read_regular(p: Path, most: int, limit: int | None) -> bytes:
    """At most ``most`` bytes of ``p``, checked on the open descriptor: a regular file
    (opened without blocking, so a FIFO cannot hang us) and, with ``limit``, no bigger."""
    try:
        fd = os.open(p, _OPEN_FLAGS)
    except OSError as err:
        raise _open_error(p, err) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileRefused(p, "folder", "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(p, "special", f"not a regular file ({_kind_of(st.st_mode)}); not read")
        if limit is not None and st.st_size > limit:
            raise FileRefused(p, "too big", f"too big ({mb(st.st_size)}; the limit is {mb(limit)})")
        chunks: list[bytes] = []
        total = 0
        while total < most:
            chunk = os.read(fd, min(most - total, 1 << 22))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if limit is not None and total > limit:
            raise FileRefused(p, "too big", f"too big (over the limit of {mb(limit)})")
    except OSError as err:
        raise FileRefused(p, "other", f"cannot read ({err.strerror or type(err).__name__})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: str | Path, limit: int, encoding: str = "utf-8") -> str:
    """read_file, decoded. UnicodeDecodeError is the caller's to word."""
    return read_file(path, limit).decode(encoding)


# --------------------------------------------------------------------------- writing

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


def temp_name(path: Path) -> Path:
    """``.NAME.<8 hex>.tmp`` beside NAME: hidden, and recognisable by clean_stale_temps."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


@contextmanager
def atomic_writer(path: str | Path, text: bool = False) -> Iterator[IO[Any]]:
    """``with atomic_writer(path) as f: f.write(...)``: the streaming form of
    atomic_write, for output too big to hold (an export). The file appears whole
    when the block ends without an exception, and not at all otherwise.

    A symlinked file is written through the link: replacing the link itself with a
    plain file would quietly split the user's setup in two. The old file's
    permissions are kept. ``text=True`` gives a UTF-8 text file with ``\\n`` newlines.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    tmp = temp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        f: IO[Any] = (os.fdopen(fd, "w", encoding="utf-8", newline="") if text
                      else os.fdopen(fd, "wb"))
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    try:
        with f:
            yield f
            f.flush()
            try:  # keep the permissions the user gave the old file
                os.fchmod(f.fileno(), os.stat(target).st_mode & 0o7777)
            except (FileNotFoundError, AttributeError):
                pass
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a part
    (see atomic_writer)."""
    with atomic_writer(path) as f:
        fd = f.fileno()  # nothing is buffered in f: write the bytes straight to it
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]


def clean_stale_temps(path: str | Path) -> list[Path]:
    """Remove ``.NAME.<8 hex>.tmp`` files a killed writer left beside ``path``.

    Call it only while holding ``path``'s lock: every Margin writer of ``path`` writes
    its temporary file under that lock, so any such file seen then belongs to a writer
    that died. Only regular files (not symlinks) with exactly that name are removed.
    """
    target = Path(os.path.realpath(path))
    pattern = re.compile(r"\." + re.escape(target.name) + r"\.(?:\d+\.)?[0-9a-f]{8}\.tmp")
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        p = target.parent / name
        try:
            if stat.S_ISREG(os.lstat(p).st_mode):
                os.unlink(p)
                removed.append(p)
        except OSError:
            continue
    return removed


# --------------------------------------------------------------------------- locking

class LockTimeout(MarginError):
    """Another process held the lock for longer than the timeout."""


def lock_path(path: str | Path) -> Path:
    """``.starmer.txt.annotations.toml.lock``: hidden, beside the file it guards."""
    p = Path(path)
    return p.with_name("." + p.name + ".lock")


class FileLock:
    """An exclusive lock on ``lock_path(path)``, waiting at most ``timeout`` seconds.

    ``with FileLock(path): ...`` raises LockTimeout (one line) when another process
    keeps it, and OSError when the lock file cannot be made (a read-only folder).
    ``on_wait`` is called once if the lock is not free at first (the app says so).

    The lock file is removed on release, while still held: a process that was
    waiting on the removed file finds it unlinked once it gets it and takes the
    lock again on the new file (filelock checks for this), so removing it never lets
    two writers in at once.
    """

    def __init__(self, path: str | Path, timeout: float | None = None,
                 on_wait: Callable[[], None] | None = None):
        self.path = lock_path(path)
        self.timeout = LOCK_TIMEOUT if timeout is None else timeout
        self.on_wait = on_wait
        self._lock: object | None = None
        self._held: os.stat_result | None = None

    def __enter__(self) -> "FileLock":
        import filelock

        lock = filelock.FileLock(str(self.path), timeout=self.timeout, thread_local=False)
        try:
            try:
                lock.acquire(timeout=0 if self.on_wait is not None else self.timeout, poll_interval=0.01)
            except filelock.Timeout:
                if self.on_wait is None:
                    raise
                self.on_wait()
                lock.acquire(timeout=self.timeout, poll_interval=0.01)
        except filelock.Timeout:
            raise LockTimeout(f"{shown(self.path)}: another process holds the lock; try again") from None
        self._lock = lock
        try:
            # The file we hold: filelock takes the lock only on a file still linked at
            # its path, and holders remove it only while holding it.
            self._held = os.stat(self.path)
        except OSError:
            self._held = None
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        held, self._held = self._held, None
        try:
            if held is not None and os.path.samestat(os.lstat(self.path), held):
                os.unlink(self.path)
        except OSError:
            pass  # left in place: harmless, the next holder removes it
        lock.release()  # type: ignore[attr-defined]
