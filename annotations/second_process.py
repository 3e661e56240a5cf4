"""A second process for a big suggestion pass: it reads the names and scores the
sentences while this one reads the quotes.

The quote pass must build its people in order, but reading each paragraph for the
names in it (``extract_mentions``) needs nothing but the paragraph, and neither does
scoring a sentence for claims (``claim_verdicts``) once it is scored both as narration
and as direct speech. A forked child does both, on the article it shares with this
process without a copy, and sends back each answer as soon as it has it; meanwhile
this process reads the quote marks and their attributions, then builds the people
from the names and chooses the speakers. Both answers are what this process would
have computed itself, so the suggestions are the same either way; if the child
fails, its part is computed here instead.

Only where ``os.fork`` is safe (Linux) and the caller says so: a process whose other
threads (if any) never hold a lock the child needs. The app's loader child and
``margin suggest`` qualify; the app's own process does not.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import sys
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Iterator, NoReturn

from .claims.spans import ClaimVerdicts, claim_verdicts
from .document import Document
from .quotes.mentions import MentionRecords, extract_mentions
from .quotes.pipeline import quote_window

# The share of the paragraphs this process reads for names itself, while it waits for
# the child's first parts: the child also scores the sentences, and this process alone
# builds the people and chooses the speakers. Measured on bench/suggest.py's article
# (best of three, MB/s): 0.2 -> 2.2 and 0.5 -> 2.7 on 4 MB; 0.3 -> 3.3, 0.4 -> 3.4 and
# 0.5 -> 3.2 on 10 MB.
OWN_NAMES_SHARE = 0.4
# The child sends the names a part at a time, each about this much article text, so
# that this process builds the people from them while the child reads on.
PART_CHARS = 128_000
PIPE_BYTES = 1 << 20  # Linux lets any process have this much (/proc/sys/fs/pipe-max-size)


def _die_with_parent() -> None:
    """Ask Linux to end this child if its parent dies (the app cancels a load by
    killing the loader): it would otherwise finish a pass nobody reads."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class _Names:
    """The namings of the quote window's paragraphs up to ``stop``, from the last part's."""
    stop: int
    records: MentionRecords


class SecondProcess:
    """The child's answers, asked for in the order it gives them: the names in parts,
    then the sentences' verdicts."""

    def __init__(self, doc: Document, bodies: list[int], split: int, claim_blocks: range | None,
                 pid: int, answers: int) -> None:
        self._doc = doc
        self._bodies = bodies
        self._split = split
        self._claim_blocks = claim_blocks
        self._pid: int | None = pid
        self._fd: int | None = answers

    @classmethod
    def start(cls, doc: Document, quote_blocks: range | None, claim_blocks: range | None) -> SecondProcess | None:
        """Fork the child, or None where that is not possible."""
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        bodies = quote_window(doc, quote_blocks)
        split = len(bodies) - int(len(bodies) * OWN_NAMES_SHARE)
        import fcntl  # Linux only, like the rest of this

        read_end, write_end = os.pipe()
        try:
            # room for several parts of names: the child reads on while this process
            # builds people from the last part, instead of waiting for it to read
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (OSError, AttributeError):
            pass  # the default (64 KB) is slower, not wrong
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns on fork beside other threads; the callers allowed to
                # ask for this (see the module's text) have none that matter to the child
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(doc, bodies[:split], claim_blocks, write_end)
        os.close(write_end)
        return cls(doc, bodies, split, claim_blocks, pid, read_end)

    def mentions(self, meanwhile: Callable[[], bool]) -> Iterator[MentionRecords]:
        """``extract_mentions(doc, quote_window(doc, quote_blocks))`` in parts: the child's
        as they come, then ours. While none has come, this process reads its own part,
        then does ``meanwhile``'s work."""
        doc, bodies, split = self._doc, self._bodies, self._split
        own = bodies[split:]
        mine: list[MentionRecords] = []
        read = 0  # of ``own``

        def our_part() -> bool:
            nonlocal read
            if read < len(own) and not (mine and mine[-1].failed):
                mine.append(extract_mentions(doc, own[read:read + 64]))
                read += 64
                return True
            return meanwhile()

        done = 0
        while done < split:
            got = self._next(our_part)
            if not isinstance(got, _Names):  # the child failed: read the rest here
                yield extract_mentions(doc, bodies[done:split])
                break
            yield got.records
            if got.records.failed is not None:
                return  # nothing after a failure counts
            done = got.stop
        while read < len(own) and not (mine and mine[-1].failed):
            our_part()
        yield from mine

    def verdicts(self) -> ClaimVerdicts:
        while True:
            got = self._next()
            if isinstance(got, ClaimVerdicts):
                return got
            if not isinstance(got, _Names):  # the child failed: score them here
                return claim_verdicts(self._doc, blocks=self._claim_blocks)

    def _next(self, meanwhile: Callable[[], bool] | None = None) -> Any:
        """The child's next answer (None if it has none); ``meanwhile`` is called until
        one is ready, while it has work."""
        fd = self._fd
        if fd is None:
            return None
        try:
            if meanwhile is not None:
                while not select.select([fd], [], [], 0)[0] and meanwhile():
                    pass
            size = struct.unpack("<Q", _read_exactly(fd, 8))[0]
            return pickle.loads(_read_exactly(fd, size))
        except Exception:  # noqa: BLE001 - the child died or failed: this process does it instead
            self.close()
            return None

    def close(self) -> None:
        """End the child (at once, if it is still working) and reap it."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = None


def _read_exactly(fd: int, size: int) -> bytes:
    parts = []
    while size:
        got = os.read(fd, min(size, 1 << 20))
        if not got:
            raise EOFError("the second process ended")
        parts.append(got)
        size -= len(got)
    return b"".join(parts)


def _send(fd: int, answer: object) -> None:
    try:
        data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - the parent computes this part itself
        data = pickle.dumps(None)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _parts(doc: Document, bodies: list[int]) -> Iterator[int]:
    """Where each part of ``bodies`` ends: about PART_CHARS of text each."""
    starts = doc.table.content_start
    k = 0
    while k < len(bodies):
        first = starts[bodies[k]]
        stop = k + 1
        while stop < len(bodies) and starts[bodies[stop]] - first < PART_CHARS:
            stop += 1
        yield stop
        k = stop


def _child(doc: Document, bodies: list[int], claim_blocks: range | None, fd: int) -> NoReturn:
    # The collector would touch every object this process shares with its parent,
    # making the kernel copy them all; the child lives for one pass and frees nothing.
    gc.disable()
    _die_with_parent()
    status = 0
    try:
        start = 0
        for stop in _parts(doc, bodies):
            records = extract_mentions(doc, bodies[start:stop])
            _send(fd, _Names(stop, records))
            if records.failed is not None:
                break
            start = stop
        try:
            verdicts: object = claim_verdicts(doc, blocks=claim_blocks, keep=False)
        except Exception:  # noqa: BLE001 - the parent scores them itself
            verdicts = None
        _send(fd, verdicts)
    except BaseException:  # noqa: BLE001 - the parent gone, or anything else: just end
        status = 1
    finally:
        os._exit(status)
