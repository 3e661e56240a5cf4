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
import signal
import sys
import warnings
from typing import IO, Any, Callable, NoReturn

from .claims.spans import ClaimVerdicts, claim_verdicts
from .document import Document
from .quotes.mentions import MentionRecords, extract_mentions
from .quotes.pipeline import quote_window

# Below this many characters of article a second process costs more than it saves
# (forking and the answers' trip back take milliseconds; the pass on 1 MB, half a second).
WORTH_IT_ABOVE = 500_000
# The share of the paragraphs this process reads for names itself, after reading the
# quotes and while the child reads the rest: it would otherwise wait for the child,
# which also scores the sentences (measured on bench/suggest.py's article, the two
# processes then finish together).
OWN_NAMES_SHARE = 0.2


def _die_with_parent() -> None:
    """Ask Linux to end this child if its parent dies (the app cancels a load by
    killing the loader): it would otherwise finish a pass nobody reads."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class SecondProcess:
    """The child's two answers, asked for in the order it gives them."""

    def __init__(self, doc: Document, bodies: list[int], split: int, claim_blocks: range | None,
                 pid: int, answers: IO[bytes]) -> None:
        self._doc = doc
        self._bodies = bodies
        self._split = split
        self._claim_blocks = claim_blocks
        self._pid: int | None = pid
        self._answers: IO[bytes] | None = answers

    @classmethod
    def start(cls, doc: Document, quote_blocks: range | None, claim_blocks: range | None) -> SecondProcess | None:
        """Fork the child, or None where that is not possible."""
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        bodies = quote_window(doc, quote_blocks)
        split = len(bodies) - int(len(bodies) * OWN_NAMES_SHARE)
        read_end, write_end = os.pipe()
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
        return cls(doc, bodies, split, claim_blocks, pid, os.fdopen(read_end, "rb"))

    def mentions(self) -> MentionRecords:
        """``extract_mentions(doc, quote_window(doc, quote_blocks))``: the child's part, then ours."""
        mine = extract_mentions(self._doc, self._bodies[self._split:])
        got = self._next()
        theirs = got if isinstance(got, MentionRecords) else extract_mentions(self._doc, self._bodies[:self._split])
        return theirs.then(mine)

    def verdicts(self) -> ClaimVerdicts:
        got = self._next()
        if isinstance(got, ClaimVerdicts):
            return got
        return claim_verdicts(self._doc, blocks=self._claim_blocks)

    def _next(self) -> Any:
        if self._answers is None:
            return None
        try:
            return pickle.load(self._answers)
        except Exception:  # noqa: BLE001 - the child died or failed: this process does it instead
            self.close()
            return None

    def close(self) -> None:
        """End the child (at once, if it is still working) and reap it."""
        if self._answers is not None:
            self._answers.close()
            self._answers = None
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


def _child(doc: Document, bodies: list[int], claim_blocks: range | None, fd: int) -> NoReturn:
    # The collector would touch every object this process shares with its parent,
    # making the kernel copy them all; the child lives for one pass and frees nothing.
    gc.disable()
    _die_with_parent()
    status = 0
    try:
        with os.fdopen(fd, "wb") as out:
            jobs: list[Callable[[], object]] = [
                lambda: extract_mentions(doc, bodies),
                lambda: claim_verdicts(doc, blocks=claim_blocks),
            ]
            for job in jobs:
                try:
                    answer = job()
                    data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001 - the parent computes this part itself
                    data = pickle.dumps(None)
                out.write(data)
                out.flush()
    except BaseException:  # noqa: BLE001 - the parent gone, or anything else: just end
        status = 1
    finally:
        os._exit(status)
