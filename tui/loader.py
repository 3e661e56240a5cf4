"""Loading an article for the app, away from the keyboard.

What the app draws arrives as a stream of events (``Part``, ``StoreRead``, ``Whole``,
``Counted``, ``Suggested``, ``Note``, ``Failed``), made by one producer, ``produce()``.

* A small article is produced in the load thread itself: it takes milliseconds.
* A big one shows its first part at once (read from the head of the file only, so the
  first frame costs the same on 10 KB and on 10 MB), then the producer runs in a child
  process. Cleaning, laying out, counting sentences and suggesting are CPU-bound; in a
  thread they would hold the interpreter lock and every key would wait behind them.
  The child streams its results back in small pickled frames, so unpickling never
  holds the lock for long either.

Nothing here outlives the app: ``Loader.cancel()`` kills the child (quitting never waits
for it), and the child ends by itself when its stdin closes, which happens when the app
dies by any means (a closed terminal included). No textual here: the child imports
this module.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import MutableSequence, Sequence
from typing import IO, Any, Callable

from annotations.article import Article
from annotations.document import BlockTable, Document
from annotations.errors import MarginError
from annotations.furniture import as_body
from annotations.learned import LearnedBoilerplate
from annotations.opening import FIRST_PART_BYTES, Opened, SentenceCounts, first_part, open_stages
from annotations.store import Store
from annotations.suggest import SharedText, Suggestion, cycle_collector_off, suggest, suggest_in_parts

from .layout import Layout, build_layout

# A big article's first part is cleaned and shown on its own before the rest.
FIRST_PART = FIRST_PART_BYTES
CHUNK = 1000  # items per frame: unpickling one holds the interpreter well under a frame
AROUND = 60  # blocks either side of the opening position suggested first


# ----- events: what the app draws, in the order it comes -----------------------------

@dataclass
class Part:
    """The first part of a big article, cleaned on its own (a prefix has the same offsets)."""

    article: Article
    doc: Document
    layout: Layout


@dataclass
class StoreRead:
    store: Store
    error: str | None  # the one-line reason the annotations are read-only
    has_file: bool
    learned: LearnedBoilerplate


@dataclass
class Whole:
    article: Article
    base: Document  # as the cleaner made it
    doc: Document  # as shown: furniture the user kept as body is body
    layout: Layout
    body_blocks: frozenset[int]
    position: int | None  # where the cursor goes


@dataclass
class Counted:
    doc: Document
    body: MutableSequence[int]  # prefix sums of sentences per block, body and furniture apart
    furniture: MutableSequence[int]


@dataclass
class Suggested:
    doc: Document
    suggestions: list[Suggestion]
    final: bool  # the whole document (else the part around the opening position)


@dataclass
class SuggestedPart:
    """From the child only: some of the whole pass's suggestions, in order (the
    assembler gathers them into the final ``Suggested``)."""

    suggestions: list[Suggestion]


@dataclass
class SuggestFailed:
    message: str


@dataclass
class Note:
    """A warning worth a notification (learned boilerplate that did not read)."""

    message: str
    title: str


@dataclass
class Failed:
    message: str


Event = Part | StoreRead | Whole | Counted | Suggested | SuggestedPart | SuggestFailed | Note | Failed
Send = Callable[[Event], None]


@dataclass
class Request:
    path: Path
    width: int  # the article pane's width when loading started
    author: str | None
    at: int | None = None  # where the cursor goes (else where the reader left it)
    restore_position: bool = True


# ----- the producer -------------------------------------------------------------------

def produce(req: Request, send: Send, painted: Callable[[], object] | None = None,
            stream: bool = False) -> None:
    """Everything the app draws for ``req.path`` (``annotations.opening``'s stages),
    then the suggestions: around the cursor first, then the whole document.
    ``painted`` waits for the article's first frame (in a thread, the suggestions
    would otherwise hold the interpreter while it is drawn). ``stream`` (the child)
    sends a huge article's suggestions a window at a time (``SuggestedPart``), then an
    empty final ``Suggested`` that the parent's assembler fills with them, so the child
    never holds them all."""
    opened: Opened | None = None
    try:
        for stage in open_stages(req.path, author=req.author, at=req.at,
                                 restore_position=req.restore_position, count=True):
            if isinstance(stage, Opened):
                opened = stage
                _opened(req, stage, send)
                if painted is not None:
                    painted()
                if stage.store_error is None:
                    _suggest_near(stage, send)
            elif isinstance(stage, SentenceCounts) and opened is not None:
                send(Counted(opened.document, stage.body, stage.furniture))
    except MarginError as err:
        send(Failed(str(err)))
        return
    if opened is None or opened.store_error is not None:
        return
    learned = opened.learned or None
    try:
        if stream:
            # the child process: its only other thread reads stdin, which a forked
            # helper never touches, so a big pass may use a second process
            for part in suggest_in_parts(opened.document, learned=learned, parallel=True):
                send(SuggestedPart(part))
            found: list[Suggestion] = []
        else:
            found = suggest(opened.document, learned=learned)
    except Exception as err:  # noqa: BLE001 - reading and tagging go on without them
        send(SuggestFailed(f"{type(err).__name__}: {err}"))
        return
    send(Suggested(opened.document, found, True))


def _opened(req: Request, o: Opened, send: Send) -> None:
    send(StoreRead(o.store, o.store_error, o.has_file, o.learned))
    if o.learned_error:
        send(Note(o.learned_error, "Learned boilerplate not read"))
    send(Whole(o.article, o.base, o.document, build_layout(o.document, req.width, False), o.body_blocks,
               o.position))


def _suggest_near(o: Opened, send: Send) -> None:
    """What the reader sees first is suggested first (on a big article)."""
    doc = o.document
    if len(doc.blocks) <= 2 * AROUND:
        return
    b = doc.block_at(o.position or 0)
    near = range(max(0, b - AROUND), min(len(doc.blocks), b + AROUND))
    try:
        send(Suggested(doc, suggest(doc, learned=o.learned or None, blocks=near), False))
    except Exception:  # noqa: BLE001 - the whole pass says what went wrong
        pass


def read_head(path: Path, limit: int = FIRST_PART) -> Document | None:
    """The first part of a big article, read from the head of the file only."""
    part = first_part(path, limit)
    return part.document if part is not None else None


# ----- frames: the child's stream --------------------------------------------------------

_LEN = struct.Struct("<Q")


def _write_frame(out: IO[bytes], frame: tuple[Any, ...]) -> None:
    data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LEN.pack(len(data)))
    out.write(data)
    out.flush()


def _read_exact(stream: IO[bytes], n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        piece = stream.read(n - len(buf))
        if not piece:
            return None
        buf += piece
    return bytes(buf)


def _read_frame(stream: IO[bytes]) -> tuple[Any, ...] | None:
    head = _read_exact(stream, _LEN.size)
    if head is None:
        return None
    data = _read_exact(stream, _LEN.unpack(head)[0])
    return None if data is None else pickle.loads(data)


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)] or [[]]


def child_sender(out: IO[bytes]) -> Send:
    """In the child: each event as frames. Documents go as their blocks in chunks, and
    the article text only once (the parent already holds it for later events)."""

    def send(event: Event) -> None:
        if isinstance(event, StoreRead):
            store = event.store
            article, store.article = store.article, None  # type: ignore[assignment]
            _write_frame(out, ("article", article))
            _write_frame(out, ("store", store, event.error, event.has_file, event.learned))
            store.article = article
        elif isinstance(event, Whole):
            for part in _chunks(event.base.blocks):
                _write_frame(out, ("blocks", part))
            layout = event.layout
            for lines in _chunks(layout.lines):
                _write_frame(out, ("lines", lines))
            _write_frame(out, ("index", layout.shown, layout.firsts, layout.counts))
            _write_frame(out, ("whole", event.base.title, event.base.standfirst, layout.width,
                               layout.furniture, event.body_blocks, event.position))
        elif isinstance(event, Counted):
            _write_frame(out, ("counted", event.body, event.furniture))
        elif isinstance(event, SuggestedPart):
            for part in _chunks(event.suggestions):
                _write_frame(out, ("suggestions", part))
        elif isinstance(event, Suggested):
            for part in _chunks(event.suggestions):
                _write_frame(out, ("suggestions", part))
            _write_frame(out, ("suggested", event.final))
        else:
            _write_frame(out, ("event", event))

    return send


class _Assembler:
    """In the parent's load thread: frames back into events, a chunk at a time."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.article: Article | None = None
        self.doc: Document | None = None
        self.blocks = BlockTable()
        self.layout = Layout(0, False)
        self.suggestions: list[Suggestion] = []
        self.shared: SharedText | None = None

    def take(self, frame: tuple[Any, ...]) -> None:
        kind = frame[0]
        if kind == "article":
            self.article = frame[1]
            self.shared = SharedText(self.article.text)
        elif kind == "store":
            store = frame[1]
            store.article = self.article
            self.send(StoreRead(store, frame[2], frame[3], frame[4]))
        elif kind == "blocks":
            self.blocks.extend(frame[1])
        elif kind == "lines":
            self.layout.lines.extend(frame[1])
        elif kind == "index":
            layout = self.layout
            layout.shown, layout.firsts, layout.counts = frame[1], frame[2], frame[3]
        elif kind == "whole":
            assert self.article is not None
            base = Document(self.article, self.blocks, frame[1], frame[2])
            self.doc, self.blocks = as_body(base, frame[5]), BlockTable()
            layout, self.layout = self.layout, Layout(0, False)
            layout.width, layout.furniture = frame[3], frame[4]
            self.send(Whole(self.article, base, self.doc, layout, frame[5], frame[6]))
        elif kind == "counted" and self.doc is not None:
            self.send(Counted(self.doc, frame[1], frame[2]))
        elif kind == "suggestions":
            part = frame[1]
            if self.shared is not None:
                # One copy of the text for all of them, not one each (issue 13, item 14).
                for s in part:
                    s.share(self.shared)
            self.suggestions.extend(part)
        elif kind == "suggested" and self.doc is not None:
            found, self.suggestions = self.suggestions, []
            self.send(Suggested(self.doc, found, frame[1]))
        elif kind == "event":
            self.send(frame[1])


def child_main(argv: list[str]) -> int:
    """The child: ``python -m tui.loader PATH WIDTH AT AUTHOR RESTORE``; frames go to stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the frame stream
    _die_with_parent()
    path, width, at, author, restore = argv[:5]
    req = Request(Path(path), int(width), author or None, int(at) if at else None, restore == "1")
    try:
        with cycle_collector_off():  # the child does nothing else; see there
            produce(req, child_sender(out), stream=True)
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - the app shows it, in one line
        try:
            _write_frame(out, ("event", Failed(f"{req.path.name}: {type(err).__name__}: {err}")))
        except OSError:
            pass
    return 0


def _die_with_parent() -> None:
    """End as soon as the app is gone: the parent holds our stdin open and never
    writes, so end-of-file means it exited (or was killed with its terminal)."""

    def watch() -> None:
        try:
            while sys.stdin.buffer.read(1 << 12):
                pass
        except (OSError, ValueError):
            pass
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


# ----- the parent's side ---------------------------------------------------------------

class Loader:
    """One article's load, run from the app's load thread with ``run()``.

    ``cancel()`` may be called from any thread at any time: the child is killed, the
    thread's read ends, and nothing more is sent."""

    def __init__(self, req: Request, send: Send, first_painted: threading.Event | None = None) -> None:
        self.req = req
        self._send = send
        self.stopped = threading.Event()
        self.first_painted = first_painted
        self.process: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def send(self, event: Event) -> None:
        if not self.stopped.is_set():
            self._send(event)

    def run(self) -> None:
        try:
            size = self.req.path.stat().st_size
        except OSError:
            size = 0
        if size <= FIRST_PART:
            produce(self.req, self.send, self._wait_painted)
            return
        # A big article: its head at once, when the head decodes on its own (else the
        # screen says "Opening…" until the child has read the whole file).
        head = read_head(self.req.path)
        if head is not None:
            self.send(Part(head.article, head, build_layout(head, self.req.width)))
            self._wait_painted()  # before the child competes for the CPU
        if self.stopped.is_set():
            return
        try:
            self._run_child()
        except OSError:
            produce(self.req, self.send, self._wait_painted)  # no child process: the slow way, still correct

    def _wait_painted(self) -> None:
        if self.first_painted is not None:
            self.first_painted.wait(timeout=1.0)

    def _run_child(self) -> None:
        args = [sys.executable, "-m", "tui.loader", str(self.req.path), str(self.req.width),
                "" if self.req.at is None else str(self.req.at), self.req.author or "",
                "1" if self.req.restore_position else "0"]
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        with self.lock:
            if self.stopped.is_set():
                return
            # Its own session: a ctrl+c meant for the app never reaches it; it ends
            # with the app through its stdin instead.
            self.process = proc = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env, start_new_session=True)
        atexit.register(self._kill)  # however the app ends, the child goes too
        assembler = _Assembler(self.send)
        finished = False
        assert proc.stdout is not None
        # Unpickling a big article makes millions of objects; each few thousand would
        # start a collection that walks them all, holding the interpreter for a key's
        # whole budget. Collect nothing while they arrive, and freeze them once built:
        # they live as long as the article is open.
        collecting = gc.isenabled()
        gc.disable()
        try:
            while not self.stopped.is_set():
                frame = _read_frame(proc.stdout)
                if frame is None:
                    break
                assembler.take(frame)
                if frame[0] in ("whole", "suggested"):
                    gc.freeze()
                time.sleep(0)  # hand the interpreter to a key waiting for it, frame by frame
                if frame[0] == "suggested" and frame[1]:
                    finished = True
                if frame[0] == "event" and isinstance(frame[1], (Failed, SuggestFailed)):
                    finished = True
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError):
            pass
        finally:
            if collecting:
                gc.enable()
            self._kill()
            try:
                proc.stdout.close()
            except OSError:
                pass
        if not finished and not self.stopped.is_set():
            code = proc.poll()
            if assembler.doc is None:
                self.send(Failed(f"{self.req.path.name}: the loading process ended early (code {code})"))
            else:
                self.send(SuggestFailed(f"the suggestion process ended early (code {code})"))

    def cancel(self) -> None:
        """The app no longer wants this load (quitting, or another article opened):
        nothing more is sent, and the child is killed at once, never waited for."""
        self.stopped.set()
        self._kill()

    def _kill(self) -> None:
        with self.lock:
            proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.kill()
            except OSError:
                pass
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
