"""The app's loading room: opening an article, drawing what the loader sends, and
leaving (quit or hang-up) without waiting for work in flight.

The work itself is in ``tui/loader.py``; here is only what the main thread does with
each event. Every event carries the generation of the article it was made for, so a
late event of an article closed since is dropped.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import MutableSequence
from dataclasses import replace
from pathlib import Path

from textual import work

from annotations.article import Article
from annotations.document import Document
from annotations.edits import EditHistory
from annotations.errors import ArticleError, MarginError
from annotations.learned import LearnedBoilerplate
from annotations.store import Store
from annotations.textmap import safe_text

from .app_base import AppBase, Session
from .article_view import ArticleView
from .layout import Layout, build_layout, column_width
from .loader import (
    Counted, Event, Failed, Loader, Note, Part, Request, StoreRead, Suggested, SuggestFailed, Whole,
)
from .messages import LoadEvent, SaveOutcome
from .saving import Outcome, Saver
from .screens import MessageScreen

NOTHING_YET = "no annotations yet"  # the save state of an article with no file yet
SAVE_TIMEOUT = 12.0  # the store's lock timeout, and a little more
HANG_UP_SAVE = 1.0  # a hang-up waits this long for the last save, then leaves


class LoadingRoom(AppBase):
    """Opening, loading and leaving."""

    _generation: int
    _open_at: int | None
    _position_restorable: bool
    _loader: Loader | None
    loaded: threading.Event
    _first_paint: threading.Event
    # (generation, events) held while the whole article is laid out again off the main
    # thread (furniture shown, or another width): replayed after it, in order
    _deferred: tuple[int, list[LoadEvent]] | None = None
    first_frame_at: float | None
    load_error: str | None

    def _start_load(self) -> None:
        assert self.path is not None
        generation = self._generation
        req = Request(self.path, self.view.pane_width(), self.tagset.author, self._open_at,
                      self._position_restorable)
        loader = Loader(req, lambda event: self._from_loader(generation, event), self._first_paint)
        self._loader = loader
        self._run_loader(loader)

    @work(thread=True, group="load")
    def _run_loader(self, loader: Loader) -> None:
        loader.run()

    def _from_loader(self, generation: int, event: Event) -> None:
        """In the load thread: hand the event to the main thread, without waiting."""
        self.post_message(LoadEvent(generation, event))

    def on_load_event(self, message: LoadEvent) -> None:
        if message.generation != self._generation:
            return
        if not self.default_screen.query(ArticleView):
            return  # the app is closing: its widgets are gone, late work is dropped
        if self._deferred is not None and self._deferred[0] == message.generation:
            self._deferred[1].append(message)  # after the whole article, being laid out again
            return
        event = message.event
        if isinstance(event, Part):
            self._show(event.article, event.doc, event.layout, partial=True)
        elif isinstance(event, StoreRead):
            self._store_loaded(event.store, event.error, event.has_file, event.learned)
        elif isinstance(event, Whole):
            self._whole(event)
        elif isinstance(event, Counted):
            self._counted(event.doc, event.body, event.furniture)
        elif isinstance(event, Suggested):
            self._suggestions_arrived(event)
        elif isinstance(event, SuggestFailed):
            self._suggestions_failed(event.message)
        elif isinstance(event, Note):
            self._say(event.message, title=event.title, severity="warning", timeout=6)
        elif isinstance(event, Failed):
            self._load_failed(event.message)

    def open_article(self, path: str | Path, at: int | None = None) -> None:
        """Open another article in the reader, the cursor at raw offset ``at``.

        Raises MarginError (one line) when it cannot be opened; the current article
        then stays as it was."""
        path = Path(path)
        if not path.is_file():
            raise ArticleError(f"{path}: no such file")
        s = self.session
        if s is not None and s.dirty and not self._save_and_wait(s):
            name = self.path.name if self.path else "the article"
            raise ArticleError(f"{name}: changes not saved ({self.save_state}); open it again and press ctrl+s")
        self._remember_position()
        self._stop_work()
        if s is not None and s.saver is not None:
            s.saver.close()  # its thread ends once what it was given is written
        self._generation += 1
        self.path = path
        self._position_restorable = True
        self.sub_title = safe_text(path.name)
        self.article = None
        self.session = None
        self.load_error = None
        self.save_state = ""
        self.save_error = False
        self.loaded.clear()
        self._first_paint.clear()
        self._open_at = at
        self._reset_suggestions()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.view.reset(f"Opening {path.name}…")
        self.sidebar.show(self.tagset, [])
        self.view.focus()
        self._update_footer()
        self._start_load()

    def _save_and_wait(self, s: Session, timeout: float = SAVE_TIMEOUT) -> bool:
        """Save now and wait (opening another article, a hang-up): True when saved."""
        if s.saver is None:
            return False
        ok = s.saver.save_now(s.seq, s.store.annotations, s.store.rejected, timeout)
        if ok:
            s.saved_seq = max(s.saved_seq, s.seq)
        return ok

    def _stop_work(self) -> None:
        """Stop loading at once: the child process is killed, never waited for."""
        if self._loader is not None:
            self._loader.cancel()
            self._loader = None
        self._first_paint.set()  # a load thread waiting for the first paint goes on, and ends

    # ----- drawing what arrives ---------------------------------------------------------

    def _show(self, article: Article, doc: Document, layout: Layout | None, partial: bool) -> None:
        self.article = article
        view = self.view
        if layout is not None and (view.furniture or layout.width != column_width(view.pane_width())):
            layout = None  # laid out for another width or without furniture: again, here
        if layout is None and len(doc.blocks) > 4000:
            layout = build_layout(doc, view.pane_width(), view.furniture)
        view.set_document(doc, layout, partial=partial)
        self._refresh_annotations(sidebar=False)
        if self.first_frame_at is None:
            self.call_after_refresh(self._painted)
        self._update_footer()

    def _whole(self, event: Whole) -> None:
        view = self.view
        if view.furniture != event.layout.furniture or event.layout.width != column_width(view.pane_width()):
            # The child laid it out with furniture hidden at the width it was asked for:
            # lay it out again off the main thread, so keys go on answering meanwhile.
            self._deferred = (self._generation, [])
            self._relayout_whole(event, self._generation, view.pane_width(), view.furniture)
            return
        self._show(event.article, event.doc, event.layout, partial=False)
        self._whole_shown(event.base, event.body_blocks)
        at = event.position
        self._position_restorable = False
        if at is not None and 0 <= at <= len(event.article.text):
            self.view.move_to_offset(at)
        self._open_at = None
        self.loaded.set()
        self._update_footer()

    @work(thread=True, group="relayout", exclusive=True)
    def _relayout_whole(self, event: Whole, generation: int, pane_width: int, furniture: bool) -> None:
        layout = build_layout(event.doc, pane_width, furniture)
        self.call_from_thread(self._relaid, replace(event, layout=layout), generation)

    def _relaid(self, event: Whole, generation: int) -> None:
        if generation != self._generation or not self.default_screen.query(ArticleView):
            return
        deferred = self._deferred[1] if self._deferred is not None else []
        self._deferred = None
        self._whole(event)  # checks again: f or a resize may have come meanwhile (defers anew)
        for message in deferred:  # the counts and suggestions, in the order they came
            self.on_load_event(message)

    def _painted(self) -> None:
        """The first frame with article text is on screen (bench/ui.py reads the time)."""
        self.first_frame_at = time.perf_counter()
        self._first_paint.set()

    def _store_loaded(self, store: Store, error: str | None, has_file: bool,
                      learned: LearnedBoilerplate | None) -> None:
        saver = None
        if not error:
            generation = self._generation

            def report(outcome: Outcome) -> None:  # from the saver's thread
                self.post_message(SaveOutcome(generation, outcome))

            saver = Saver(store, report)
        self.session = Session(store.article, store, EditHistory(store, learned), saver)
        if error:
            self._say(error, title="Annotations are read-only", severity="error", timeout=15)
        elif store.report is not None and (store.report.orphan or store.report.moved or store.report.fuzzy):
            # The title already says the article changed: the body says only what moved.
            detail = store.report.summary().removeprefix("article changed: ")
            self._say(detail[:1].upper() + detail[1:], title="The article changed", severity="warning", timeout=10)
        self.save_state = (f"read-only: {self._short_error(error)}" if error
                           else "saved" if has_file else NOTHING_YET)
        self.save_error = bool(error)
        self._refresh_annotations()
        self._update_footer()

    def _short_error(self, message: str) -> str:
        """The one-line error without the folder path and without repeating "not saved"."""
        store = self.store
        if store is not None:
            message = message.replace(str(store.path), store.path.name)
        for noise in ("annotations not saved: ", "not saved: "):
            message = message.replace(noise, "")
        return message

    def _counted(self, doc: Document, body: MutableSequence[int], furn: MutableSequence[int]) -> None:
        if doc is self.view.doc:
            self.view.set_sentence_counts(body, furn)
        # Everything built while loading (lines, blocks, sentences) lives as long as the
        # article is open. Move it out of the collector's sight, so a full collection
        # does not walk a 10 MB article's objects in the middle of a keystroke. (A young
        # collection only: a full one here would itself hold a key that long.)
        gc.collect(1)
        gc.freeze()

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        self.view.status = message
        self.view.refresh()
        self.loaded.set()
        if self._generation == 0:
            # The article named on the command line: nothing to go back to.
            self.push_screen(MessageScreen(f"{message}\n\nPress enter to quit."), lambda _: self.exit(1))
            return
        # Opened from the folder list (or > < D): say why, then back to the list, with
        # no article open behind it, so the reader never shows a half-opened one.
        if self.folder is None and self.path is not None:
            self.folder = self.path.parent  # the list to go back to (the app began on a file)
        self.path = None
        self.sub_title = safe_text(str(self.folder))
        self.view.status = "Pick an article (backspace: folder list)"
        self.push_screen(MessageScreen(f"{message}\n\nPress enter to go back to the list."),
                         lambda _: self.action_folder())

    # ----- reading positions ------------------------------------------------------------

    def _remember_position(self) -> None:
        """Best effort: where the reader was, for next time. Never stops a quit."""
        if self.path is None or self.article is None or self.view.doc is None:
            return
        from annotations.folder import save_position

        try:
            save_position(self.path, self.view.cursor_span()[0])
        except (MarginError, OSError, ValueError):
            pass

    # ----- leaving: quit and a dropped SSH connection -------------------------------------

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            import asyncio

            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.hang_up)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # not on a Unix event loop: nothing to hook

    def hang_up(self) -> None:
        """The terminal went away: save what is pending, then leave without a question.
        Whatever happens, the process is gone within about two seconds."""
        self._stop_work()
        self._remember_position()
        s = self.session
        if s is not None and s.dirty and s.saver is not None:
            self._save_and_wait(s, timeout=HANG_UP_SAVE)
        _exit_soon(self, 1.0)
        self.exit(0)


def _exit_soon(app: AppBase, seconds: float) -> None:
    """Writing to a dead terminal can block or fail, and Textual's input thread may spin
    on it: make sure the process ends if the app has not by then."""

    def force() -> None:
        if app.is_running:
            os._exit(129)

    timer = threading.Timer(seconds, force)
    timer.daemon = True
    timer.start()
