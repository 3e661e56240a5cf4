"""Margin's app: the article pane, the tag sidebar and a one-line footer.

Loading runs in a worker thread. A big article shows its first part at once (cleaned
and laid out on its own), then the whole document is cleaned and swapped in, and the
sentences are counted last, for "sentence n of N". Every change goes straight through
``Store.save()``; the footer says "saved" or the one-line error, and a change that
could not be saved stays in memory until a later save writes it.
"""

from __future__ import annotations

import gc
import os
from bisect import bisect_left, bisect_right
import re
import signal
import threading
import time
from functools import partial
from pathlib import Path
from typing import Iterable

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.screen import Screen
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotations.article import Article, article_from_text, read_article
from annotations.cleaning import clean
from annotations.document import Document
from annotations.errors import MarginError, StoreError
from annotations.learned import LearnedBoilerplate
from annotations.model import Annotation, make_annotation
from annotations.suggest import Suggestion, suggest, without_rejected
from annotations.store import Store
from annotations.tagset import TagSet, load_tagset
from annotations.textmap import safe_text

from .article_view import ArticleView, index_spans, tag_rgb
from .bindings import APP_BINDINGS, FOLDER, GROUPS, REVIEW, SUGGESTION_HINTS, footer_hints, key_label
from .layout import build_layout, column_width
from .screens import (
    AcceptAllScreen, ChooseTagScreen, ConfirmQuit, HelpScreen, MessageScreen, NoteEditor, SearchScreen,
)
from .sidebar import Sidebar
from .suggesting import PROCESS_ABOVE, SuggestProcess, make_body, overridden_furniture

# A big article's first part is cleaned and shown on its own before the rest.
FIRST_PART = 64 * 1024
SIDEBAR_MIN_WIDTH = 96  # narrower terminals start with the sidebar hidden
MAX_MATCHES = 100_000
SIDEBAR_SUGGESTIONS = 40  # listed in the sidebar (] and [ reach every one; more rows cost every re-list)


NOTHING_YET = "no annotations yet"  # the save state of an article with no file yet


class StatusBar(Widget):
    """The footer: position and save state on the left, key hints on the right.

    Drawn as one Strip; a change repaints only the cells that changed, so moving the
    cursor does not make the screen redraw everything between the cursor and here."""

    DEFAULT_CSS = """
    StatusBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line = Text()
        self._plain = ""
        self._strip: Strip | None = None

    def show(self, hints: list[tuple[str, str]], status: str, error: bool) -> None:
        width = self.size.width or 80
        left = Text()
        if not status.isprintable():  # a file name or TOML text with control characters
            status = safe_text(status)
        left.append(" " + status, Style(bold=True, color="red") if error else Style(bold=True))
        need = sum(len(f" {k} {label} ") + 1 for k, label in hints)
        left.truncate(max(10, width - 1 if not hints else max(width * 3 // 5, width - need - 1)),
                      overflow="ellipsis")
        right = Text()
        room = width - left.cell_len - 2
        for key, label in hints:
            piece = f" {key} {label} "
            if right.cell_len + len(piece) > room:
                break
            right.append(f" {key}", Style(bold=True, reverse=True))
            right.append(f" {label} ")
        pad = max(1, width - left.cell_len - right.cell_len)
        line = left + Text(" " * pad) + right
        plain = line.plain
        if plain == self._plain and line.spans == self._line.spans:
            return
        old = self._plain
        self._line, self._plain, self._strip = line, plain, None
        # Repaint from the first changed cell to the last (cells == chars here but
        # for wide characters; then everything).
        if len(old) == len(plain) and plain.isascii() and old.isascii() and line.spans == getattr(self, "_spans", None):
            first = next((i for i, (x, y) in enumerate(zip(old, plain)) if x != y), None)
            if first is None:
                return
            last = max(i for i, (x, y) in enumerate(zip(old, plain)) if x != y)
            self.refresh(Region(first, 0, last - first + 1, 1))
        else:
            self.refresh()
        self._spans = list(line.spans)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self._strip is None or self._strip.cell_length != width:
            segments = list(self._line.render(self.app.console))
            self._strip = Strip(segments).crop_extend(0, width, base).apply_style(base)
        return self._strip


class MarginApp(App[int]):
    TITLE = "Margin"
    CSS_PATH = "margin.tcss"
    BINDINGS = APP_BINDINGS
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, path: str | Path, *, tagset: TagSet | None = None) -> None:
        super().__init__()
        p = Path(path)
        # On a folder the app starts with the folder list (tui/folder_screen.py), which
        # opens articles here through open_article().
        self.folder: Path | None = p if p.is_dir() else None
        self.path: Path | None = None if self.folder is not None else p
        self.tagset = tagset or load_tagset(self.folder or p.parent)
        self._footer_hints = footer_hints(self.tagset)
        self._generation = 0  # bumped per article opened; stale loads are ignored
        self._open_at: int | None = None
        # Reopening an article puts the cursor where the reader left it
        # (annotations/folder.py keeps positions in the user's state folder).
        self._position_restorable = True
        self.article: Article | None = None
        self.store: Store | None = None
        self.load_error: str | None = None
        self.undo_stack: list[tuple] = []
        self.redo_stack: list[tuple] = []
        self.dirty = 0  # changes made since the last successful save
        self.save_state = ""
        self.save_error = False
        self.loaded = threading.Event()  # set when the whole article is shown
        self._first_paint = threading.Event()  # the first part of a big article is on screen
        self.first_frame_at: float | None = None
        self.last_query = ""
        self.sidebar_wanted: bool | None = None
        # Suggestions (issue 4): every one found, sorted by start; the keys of those
        # accepted, rejected or already annotated are hidden, not removed, so undo
        # brings them back. Computed in a worker (a child process for big articles).
        self.suggestions: list[Suggestion] = []
        self._sugg_starts: list[int] = []
        self._sugg_hidden: set[tuple[str, int, int]] = set()
        self._sugg_counts: dict[str, int] = {}
        self.suggestions_final = threading.Event()  # the whole document's suggestions are in
        self.suggestions_shown = True
        self._current_sugg: Suggestion | None = None
        self._suggest_proc: SuggestProcess | None = None
        # Furniture blocks turned into body in this session (block index -> as it was).
        self._unfurnished: dict[int, object] = {}
        self._touched: list[tuple[int, int]] = []  # spans changed by the last operation
        self._relayout_blocks: set[int] = set()  # blocks that turned body or furniture
        self.sub_title = self.path.name if self.path else str(self.folder)
        self.theme = "textual-dark"

    # ----- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Flat on purpose: every widget under a changed row is asked to draw, so fewer
        # containers make each keystroke's frame cheaper.
        yield StatusBar(id="status")
        yield ArticleView(colors=lambda tag: self.tagset.get(tag).color, id="article")
        yield Sidebar(id="sidebar")

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    def on_mount(self) -> None:
        self.view.status = f"Opening {self.path.name}…" if self.path else "Pick an article (backspace: folder list)"
        self.view.focus()
        if self.size.width < SIDEBAR_MIN_WIDTH:
            self.sidebar.add_class("-hidden")
        self.sidebar.show(self.tagset, [])
        if self.tagset.error:
            self._say(self.tagset.error, severity="warning", timeout=8)
        self._install_signal_handlers()
        self._update_footer()
        if self.path is None:
            self.action_folder()
            return
        # Start once the panes have their sizes, so the first layout fits.
        self.call_after_refresh(lambda: self._load(self.view._pane_width(), self._generation))

    # ----- folders -----------------------------------------------------------------

    def action_folder(self) -> None:
        """backspace: the list of articles in this folder (issue 5's folder screen)."""
        from .folder_screen import FolderScreen

        folder = self.folder or (self.path.parent if self.path else Path("."))
        if any(isinstance(s, FolderScreen) for s in self.screen_stack):
            return
        self.push_screen(FolderScreen(folder, tagset=self.tagset))

    def action_review(self) -> None:
        """R: every saved annotation in this folder (issue 5's review screen)."""
        from .review_screen import ReviewScreen

        if any(isinstance(s, ReviewScreen) for s in self.screen_stack):
            return
        folder = self.folder or (self.path.parent if self.path else Path("."))
        self.push_screen(ReviewScreen(folder, tagset=self.tagset))

    def action_step_article(self, step: int) -> None:
        """> and <: the next or previous article of the folder, without the list."""
        from annotations.errors import MarginError
        from annotations.folder import neighbour

        if self.path is None:
            return
        target = neighbour(self.path, step)
        if target is None:
            self._say("This is the last article in the folder." if step > 0
                      else "This is the first article in the folder.")
            return
        try:
            self.open_article(target)
        except MarginError as err:
            self._say(str(err), severity="error")

    def open_article(self, path: str | Path, at: int | None = None) -> None:
        """Open another article in the reader, the cursor at raw offset ``at``.

        Raises MarginError (one line) when it cannot be opened; the current article
        then stays as it was."""
        from annotations.errors import ArticleError

        path = Path(path)
        if not path.is_file():
            raise ArticleError(f"{path}: no such file")
        if self.dirty and self.store is not None and not self._save():
            raise ArticleError(f"{self.path.name}: changes not saved ({self.save_state}); "
                               "open it again and press ctrl+s")
        self._remember_position()
        self._generation += 1
        self.path = path
        self._position_restorable = True
        self.sub_title = path.name
        self.article = None
        self.store = None
        self.load_error = None
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.dirty = 0
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
        self._load(self.view._pane_width(), self._generation)

    # ----- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self, width: int, generation: int) -> None:
        path = self.path
        try:
            article = read_article(path)
        except MarginError as err:
            self.call_from_thread(self._when_current, generation, self._load_failed, str(err))
            return
        text = article.text
        if len(text) > FIRST_PART:
            # Show the first part now: a prefix of the text has the same offsets.
            cut = text.find("\n", FIRST_PART)
            cut = len(text) if cut < 0 else cut + 1
            part = clean(article_from_text(text[:cut], article.path))
            self.call_from_thread(self._when_current, generation, self._show, article, part,
                                  build_layout(part, self._width(width)), True)
            # Let that first screen paint before the heavy work: cleaning 10 MB holds
            # the interpreter for long stretches and would hold the frame back.
            self._first_paint.wait(timeout=2.0)
        store = Store(article, author=self.tagset.author)
        error = None
        try:
            store.load()
        except StoreError as err:
            error = store.read_only or str(err)
        self.call_from_thread(self._when_current, generation, self._store_loaded, article, store, error)
        doc = clean(article)
        # Furniture the user turned back into body (a rejected boilerplate suggestion)
        # is body from the start: the override wins.
        body_blocks = overridden_furniture(doc, store.rejected) if not error else []
        make_body(doc, body_blocks)
        layout = build_layout(doc, self._width(width), False)
        self.call_from_thread(self._when_current, generation, self._show, article, doc, layout, False)
        if not error:
            self._suggest_from_worker(article, doc, body_blocks, generation)
        # Sentence counts for the footer: prefix sums over blocks, body and furniture apart.
        body = [0]
        furn = [0]
        for i, b in enumerate(doc.blocks):
            n = len(doc.sentences(i)) if b.kind != "blank" and b.content_end > b.content_start else 0
            body.append(body[-1] + (0 if b.boilerplate else n))
            furn.append(furn[-1] + (n if b.boilerplate else 0))
        self.call_from_thread(self._when_current, generation, self._counted, doc, body, furn)

    # ----- suggestions: computed off the keyboard's path ------------------------------

    def _suggest_from_worker(self, article: Article, doc: Document, body_blocks: list[int],
                             generation: int) -> None:
        """Runs in the load worker once the article is on screen: the blocks on screen
        first, then the whole document (here for an ordinary article, in a child
        process for a big one, so no keystroke waits for it)."""
        learned = None
        try:
            learned = LearnedBoilerplate.load(article.path.parent)
        except MarginError as err:
            self.call_from_thread(self._say, str(err), title="Learned boilerplate not read",
                                  severity="warning", timeout=6)
        if not learned:
            learned = None
        big = len(article.text) > PROCESS_ABOVE
        proc = None
        if big:
            try:
                proc = SuggestProcess(article.path, article.sha256, body_blocks, learned)
            except OSError:
                proc = None
            self._suggest_proc = proc
        try:
            screen = self.call_from_thread(self._screen_blocks, generation)
        except Exception:  # noqa: BLE001 - the app is closing
            screen = None
        if screen:
            first = suggest(doc, learned=learned, blocks=screen)
            self.call_from_thread(self._when_current, generation, self._suggestions_ready, doc, first, False)
        if proc is not None:
            self.call_from_thread(self._await_suggestions, proc, doc, generation)
            return
        if big:  # no child process: the visible part stays, and says so
            return
        everything = suggest(doc, learned=learned)
        self.call_from_thread(self._when_current, generation, self._suggestions_ready, doc, everything, True)

    def _screen_blocks(self, generation: int) -> range | None:
        return self.view.blocks_on_screen() if generation == self._generation else None

    @work(thread=True, exclusive=True, group="suggest")
    def _await_suggestions(self, proc: SuggestProcess, doc: Document, generation: int) -> None:
        result = proc.result()
        if result is None:
            return
        # Index by block here, off the main thread: for a 10 MB article that is most of
        # the work of drawing 80,000 suggestions.
        index = index_spans(doc, result)
        try:
            self.call_from_thread(self._when_current, generation, self._suggestions_ready, doc, result, True,
                                  index)
        except Exception:  # noqa: BLE001 - the app closed meanwhile
            pass

    def _reset_suggestions(self) -> None:
        if self._suggest_proc is not None:
            self._suggest_proc.stop()
            self._suggest_proc = None
        self.suggestions = []
        self._sugg_starts = []
        self._sugg_hidden = set()
        self._sugg_counts = {}
        self._current_sugg = None
        self._unfurnished = {}
        self.suggestions_final.clear()
        self.view.set_layer("suggestions", [], "underline")

    def _suggestions_ready(self, doc: Document, found: list[Suggestion], final: bool,
                           index: dict[int, list] | None = None) -> None:
        """A pass is in (main thread). O(suggestions + annotations), once per pass."""
        if doc is not self.view.doc or self.store is None or (self.suggestions_final.is_set() and not final):
            return
        self.suggestions = found
        self._sugg_starts = [s.start for s in found]
        shown = without_rejected(found, self.store.rejected, self.store.annotations)
        keys = {s.key for s in shown}
        self._sugg_hidden = {s.key for s in found} - keys
        counts: dict[str, int] = {}
        for s in shown:
            counts[s.tag] = counts.get(s.tag, 0) + 1
        self._sugg_counts = counts
        self._current_sugg = None
        if final:
            self.suggestions_final.set()
            if self._suggest_proc is not None:
                self._suggest_proc = None
        if index is not None and self._sugg_hidden:
            index = {b: kept for b, lst in index.items()
                     if (kept := [s for s in lst if s.key not in self._sugg_hidden])}
        if self.suggestions_shown:
            self.view.set_layer("suggestions", shown, "underline", by_block=index)
        else:
            self.view.set_layer("suggestions", [], "underline")
        self._refresh_sidebar()
        self._update_footer()

    def _shown_suggestions(self, lo: int, hi: int) -> list[Suggestion]:
        """Suggestions starting in [lo, hi) that are not hidden, in document order."""
        i = bisect_left(self._sugg_starts, lo)
        j = bisect_left(self._sugg_starts, hi)
        return [s for s in self.suggestions[i:j] if s.key not in self._sugg_hidden]

    def _refilter(self, spans: list[tuple[int, int]]) -> None:
        """Hide or bring back the suggestions in the blocks an operation touched
        (O(those suggestions + annotations), never O(article))."""
        if not self.suggestions or self.view.doc is None:
            return
        doc = self.view.doc
        n = len(doc.text)
        add: list[Suggestion] = []
        remove: list[Suggestion] = []
        for a, z in spans:
            b0 = doc.block_at(min(a, n))
            b1 = doc.block_at(max(a, min(z, n) - 1))
            lo, hi = doc.blocks[b0].start, doc.blocks[b1].end
            i = bisect_left(self._sugg_starts, lo)
            j = bisect_left(self._sugg_starts, hi)
            here = self.suggestions[i:j]
            keep = {s.key for s in without_rejected(here, self.store.rejected, self.store.annotations)}
            for s in here:
                hidden = s.key in self._sugg_hidden
                if s.key in keep and hidden:
                    self._sugg_hidden.discard(s.key)
                    add.append(s)
                elif s.key not in keep and not hidden:
                    self._sugg_hidden.add(s.key)
                    remove.append(s)
        for s in add:
            self._sugg_counts[s.tag] = self._sugg_counts.get(s.tag, 0) + 1
        for s in remove:
            self._sugg_counts[s.tag] = self._sugg_counts.get(s.tag, 0) - 1
        if self._current_sugg is not None and self._current_sugg.key in self._sugg_hidden:
            self._current_sugg = None
        if self.suggestions_shown and (add or remove):
            self.view.update_layer("suggestions", remove=remove, add=add)

    def _load_position(self) -> int | None:
        from annotations.folder import load_position

        try:
            return load_position(self.path)
        except Exception:  # a damaged positions file only costs the position
            return None

    def _remember_position(self) -> None:
        """Best effort: where the reader was, for next time. Never stops a quit."""
        if self.path is None or self.article is None or self.view.doc is None:
            return
        from annotations.folder import save_position

        try:
            save_position(self.path, self.view.cursor_span()[0])
        except (MarginError, OSError, ValueError):
            pass

    def _when_current(self, generation: int, callback, *args) -> None:
        """Run a loader's callback unless another article was opened since it started."""
        if generation == self._generation:
            callback(*args)

    def _painted(self) -> None:
        """The first frame with article text is on screen (bench/ui.py reads the time)."""
        self.first_frame_at = time.perf_counter()
        self._first_paint.set()

    def _width(self, fallback: int) -> int:
        """The article pane's width now (read from the worker: a plain attribute read)."""
        try:
            view = self.view
            return view._pane_width() if view.size.width else fallback
        except Exception:
            return fallback

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        self.view.status = message
        self.view.refresh()
        self.loaded.set()
        self.push_screen(MessageScreen(f"{message}\n\nPress enter to quit."), lambda _: self.exit(1))

    def _show(self, article: Article, doc: Document, layout, partial: bool) -> None:
        self.article = article
        view = self.view
        if view.furniture or layout.width != column_width(view._pane_width()):
            layout = None  # laid out for another width or without furniture: again, here
        if layout is None and len(doc.blocks) > 4000:
            view.set_document(doc, build_layout(doc, view._pane_width(), view.furniture), partial=partial)
        else:
            view.set_document(doc, layout, partial=partial)
        self._refresh_annotations(sidebar=False)
        if self.first_frame_at is None:
            self.call_after_refresh(self._painted)
        if not partial:
            at = self._open_at
            if at is None and self._position_restorable:
                at = self._load_position()
            self._position_restorable = False
            if at is not None and 0 <= at <= len(article.text):
                self.view.move_to_offset(at)
            self._open_at = None
            self.loaded.set()
        self._update_footer()

    def _store_loaded(self, article: Article, store: Store, error: str | None) -> None:
        self.store = store
        if error:
            self._say(error, title="Annotations are read-only", severity="error", timeout=15)
        elif store.report is not None and (store.report.orphan or store.report.moved or store.report.fuzzy):
            self._say(store.report.summary(), title="The article changed", severity="warning", timeout=10)
        self.save_state = (f"read-only: {self._short_error(error)}" if error
                           else "saved" if store.path.exists() else NOTHING_YET)
        self.save_error = bool(error)
        self._refresh_annotations()
        self._update_footer()

    def _counted(self, doc: Document, body: list[int], furn: list[int]) -> None:
        if doc is self.view.doc:
            self.view.set_sentence_counts(body, furn)
        # Everything built while loading (lines, blocks, sentences) lives as long as the
        # article is open. Move it out of the collector's sight, so a full collection
        # does not walk a 10 MB article's objects in the middle of a keystroke.
        gc.collect()
        gc.freeze()

    # ----- signals: a dropped SSH connection --------------------------------------

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            import asyncio

            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._hang_up)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # not on a Unix event loop: nothing to hook

    def _hang_up(self) -> None:
        """The terminal went away: save what is pending, then leave without a question."""
        self._remember_position()
        if self.dirty and self.store is not None and not self.store.read_only:
            try:
                self.store.save()
                self.dirty = 0
            except MarginError:
                pass
        # Writing to a dead terminal can block or fail; make sure the process ends.
        def force_exit() -> None:
            if self.is_running:  # still stuck on the dead terminal after 3 s
                os._exit(129)

        timer = threading.Timer(3.0, force_exit)
        timer.daemon = True
        timer.start()
        self.exit(0)

    def _say(self, message: str, **kwargs) -> None:
        """notify() without markup and with control characters made visible: messages
        hold file names, article text and TOML."""
        if "title" in kwargs:
            kwargs["title"] = safe_text(kwargs["title"])
        self.notify(safe_text(message), markup=False, **kwargs)

    # ----- annotations -------------------------------------------------------------

    def _editable(self) -> bool:
        if self.store is None or self.article is None:
            self._say("Still loading the annotations…", timeout=2)
            return False
        if self.store.read_only:
            self._say(self.store.read_only, title="Annotations are read-only", severity="error")
            return False
        return True

    def action_tag_key(self, key: str) -> None:
        tag = self.tagset.by_key(key)
        if tag is None:
            self._say(f"No tag on key {key}: add one to margin.toml ([tags.NAME] key = \"{key}\")", timeout=4)
            return
        self.toggle_tag(tag.name)

    def toggle_tag(self, name: str) -> None:
        """Tag the selection (or the cursor sentence); the same tag on the same span untags."""
        if not self._editable() or not self.view._ready():
            return
        a, z = self.view.target_span()
        same = next((x for x in self.store.annotations
                     if x.tag == name and x.start == a and x.end == z and not x.orphan), None)
        if same is not None:
            self._do(("remove", same.copy()))
        else:
            ann = make_annotation(self.article.text, name, a, z, author=self.tagset.author,
                                  taken={x.id for x in self.store.annotations})
            self._do(("add", ann))
            if name == "boilerplate":
                self._learn(a, z)
        self.view._drop_selection()

    def _learn(self, a: int, z: int) -> None:
        """Whole blocks tagged as boilerplate are learned for the folder
        (.margin-boilerplate.txt, docs/learned.md), so other articles there get them
        suggested. A block is whole when the span covers all its visible text."""
        doc = self.view.doc
        if doc is None or self.path is None:
            return
        lines = []
        for i in range(doc.block_at(a), doc.block_at(max(a, z - 1)) + 1):
            b = doc.blocks[i]
            if b.content_end > b.content_start and a <= b.content_start and z >= b.content_end:
                lines.append(doc.display(i).text)
        if not lines:
            return
        try:
            learned = LearnedBoilerplate.load(self.path.parent)
            if any([learned.add(line) for line in lines]):
                learned.save()
        except MarginError as err:
            self._say(f"Not learned: {err}", severity="warning", timeout=5)

    def _under_cursor(self) -> Annotation | None:
        items = self.view.items_at()
        return items[0] if items else None

    def on_sidebar_remove(self, message: Sidebar.Remove) -> None:
        if (sugg := self._suggestion_by_id(message.annotation_id)) is not None:
            if self._editable():
                self._reject(sugg)
            return
        if self._editable() and (ann := self._find(message.annotation_id)) is not None:
            self._do(("remove", ann.copy()))

    def on_sidebar_edit(self, message: Sidebar.Edit) -> None:
        if self._suggestion_by_id(message.annotation_id) is not None:
            self._say("A suggestion has no note: accept it first (a)", timeout=3)
            return
        if self._editable() and (ann := self._find(message.annotation_id)) is not None:
            self._edit(ann)

    def action_remove(self) -> None:
        """x removes what is under the cursor: an annotation, else the suggestion (rejected)."""
        if not self._editable():
            return
        ann = self._under_cursor()
        if ann is None:
            sugg = self._suggestion_under_cursor()
            if sugg is not None:
                self._reject(sugg)
                return
            self._say("No annotation or suggestion under the cursor", timeout=2)
            return
        self._do(("remove", ann.copy()))

    # ----- suggestions: accept, reject, step ----------------------------------------

    def _suggestion_under_cursor(self) -> Suggestion | None:
        """The suggestion ] or [ landed on while the cursor is still on it, else the
        best one under the cursor sentence (or selection)."""
        if not self.suggestions_shown or not self.view._ready():
            return None
        a, z = self.view.target_span()
        cur = self._current_sugg
        if cur is not None and cur.key not in self._sugg_hidden and cur.start < max(z, a + 1) and cur.end > a:
            return cur
        items = self.view.items_at(layer="suggestions")
        return items[0] if items else None

    def _suggestion_by_id(self, ident: str | None) -> Suggestion | None:
        """Sidebar rows of suggestions have ids "sugg:START:END:TAG"."""
        if not ident or not ident.startswith("sugg:"):
            return None
        _, start, end, tag = ident.split(":", 3)
        i = bisect_left(self._sugg_starts, int(start))
        while i < len(self.suggestions) and self.suggestions[i].start == int(start):
            s = self.suggestions[i]
            if s.end == int(end) and s.tag == tag and s.key not in self._sugg_hidden:
                return s
            i += 1
        return None

    def _accept_op(self, s: Suggestion, taken: set[str]) -> tuple:
        ann = make_annotation(self.article.text, s.tag, s.start, s.end, author=self.tagset.author,
                              speaker=s.speaker, origin="suggested", taken=taken)
        taken.add(ann.id)
        return ("add", ann)

    def _taken_ids(self) -> set[str]:
        return {x.id for x in self.store.annotations} | {x.id for x in self.store.rejected}

    def action_accept_suggestion(self) -> None:
        """a: the suggestion under the cursor becomes an annotation (origin "suggested")."""
        if not self._editable():
            return
        s = self._suggestion_under_cursor()
        if s is None:
            self._say("No suggestion under the cursor (] finds the next)" if self.suggestions_shown
                      else "Suggestions are hidden (z shows them)", timeout=3)
            return
        self._do(self._accept_op(s, self._taken_ids()))
        self._say(f"Accepted {s.tag}" + (f" by {safe_text(s.speaker)}" if s.speaker else ""), timeout=2)

    def _reject(self, s: Suggestion) -> None:
        rej = make_annotation(self.article.text, s.tag, s.start, s.end, author=self.tagset.author,
                              speaker=s.speaker, origin="suggested", taken=self._taken_ids())
        rej.reason = s.reason
        self._do(("reject", rej))
        furniture = s.tag == "boilerplate" and s.reason != "learned"
        self._say("Kept as body text" if furniture else f"Rejected {s.tag} suggestion", timeout=2)

    def action_next_suggestion(self, step: int) -> None:
        """] and [: the cursor to the next / previous shown suggestion (O(log n) plus
        the hidden ones skipped)."""
        view = self.view
        if not view._ready():
            return
        if not self.suggestions_shown:
            self._say("Suggestions are hidden (z shows them)", timeout=2)
            return
        if not self.suggestions:
            self._say("No suggestions yet" if not self.suggestions_final.is_set() else "No suggestions",
                      timeout=2)
            return
        # From the suggestion the footer names (the one landed on, or the one under the
        # cursor), so ] never stays put; several may start at one place.
        cur = self._suggestion_under_cursor()
        a, z = view.cursor_span()
        if isinstance(cur, Suggestion) and cur.key not in self._sugg_hidden:
            k = bisect_left(self._sugg_starts, cur.start)
            while k < len(self.suggestions) and self.suggestions[k] != cur:
                k += 1
            i = k + step
        else:
            # from the cursor sentence's start: one in this sentence is the next
            i = bisect_left(self._sugg_starts, a) if step > 0 else bisect_left(self._sugg_starts, a) - 1
        shown = view.flow.first_line
        doc = view.doc
        while 0 <= i < len(self.suggestions):
            s = self.suggestions[i]
            if s.key not in self._sugg_hidden and doc.block_at(s.start) in shown:
                self._current_sugg = s
                view.sel_anchor = None
                view.move_to_offset(s.start)
                self._update_footer()
                return
            i += step
        self._say("No more suggestions " + ("below" if step > 0 else "above"), timeout=2)

    def action_accept_all(self) -> None:
        """A: accept every shown suggestion of the current tag, after a confirmation."""
        if not self._editable():
            return
        if not self.suggestions_shown:
            self._say("Suggestions are hidden (z shows them)", timeout=2)
            return
        s = self._suggestion_under_cursor()
        if s is not None:
            self._confirm_accept_all(s.tag)
            return
        counts = {t: n for t, n in self._sugg_counts.items() if n > 0}
        if not counts:
            self._say("No suggestions to accept", timeout=2)
            return

        def chosen(tag: str | None) -> None:
            if tag:
                self._confirm_accept_all(tag)

        self.push_screen(ChooseTagScreen(counts, {t: (self.tagset.get(t).key or "") for t in counts}), chosen)

    def _confirm_accept_all(self, tag: str) -> None:
        todo = [s for s in self.suggestions if s.tag == tag and s.key not in self._sugg_hidden]
        if not todo:
            self._say(f"No {tag} suggestions left", timeout=2)
            return

        def done(yes: bool | None) -> None:
            if not yes or not self._editable():
                return
            left = [s for s in todo if s.key not in self._sugg_hidden]
            taken = self._taken_ids()
            self._do(("batch", [self._accept_op(s, taken) for s in left]))
            self._say(f"Accepted {len(left)} {tag} suggestion{'s' if len(left) != 1 else ''} (u undoes)",
                      timeout=3)

        self.push_screen(AcceptAllScreen(tag, len(todo)), done)

    def action_toggle_suggestions(self) -> None:
        """z: hide every suggestion for plain reading, or show them again."""
        self.suggestions_shown = not self.suggestions_shown
        shown = ([s for s in self.suggestions if s.key not in self._sugg_hidden]
                 if self.suggestions_shown else [])
        self.view.set_layer("suggestions", shown, "underline")
        self._refresh_sidebar()
        self._say("Suggestions shown" if self.suggestions_shown else "Suggestions hidden (z shows them)",
                  timeout=2)
        self._update_footer()

    def _furniture_changed(self) -> None:
        """Blocks turned body or furniture: lay out again and fix the sentence counts
        (a rare edit, so O(blocks) is fine here)."""
        blocks, self._relayout_blocks = self._relayout_blocks, set()
        view = self.view
        doc = view.doc
        if doc is None:
            return
        if view._sentence_prefix is not None:
            body, furn = view._sentence_prefix
            if len(body) == len(doc.blocks) + 1:
                for i in blocks:
                    n = len(doc.sentences(i))
                    d = -n if doc.blocks[i].boilerplate else n
                    for k in range(i + 1, len(body)):
                        body[k] += d
                        furn[k] -= d
        view.relayout()

    def action_edit_note(self) -> None:
        if not self._editable():
            return
        ann = self._under_cursor()
        if ann is None:
            self._say("No annotation under the cursor: tag it first (c, q, b)", timeout=3)
            return
        self._edit(ann)

    def _edit(self, ann: Annotation) -> None:
        ann_id = ann.id

        def done(result: dict | None) -> None:
            current = self._find(ann_id)
            if result is None or current is None:
                return
            before = {k: getattr(current, k) for k in result}
            if before != result:
                self._do(("edit", ann_id, before, dict(result)))

        self.push_screen(NoteEditor(ann.tag, ann.text, ann.note, ann.speaker, ann.tag == "quote"), done)

    def _find(self, ann_id: str) -> Annotation | None:
        return next((a for a in self.store.annotations if a.id == ann_id), None) if self.store else None

    def _apply(self, op: tuple) -> None:
        kind = op[0]
        anns = self.store.annotations
        if kind == "add":
            anns.append(op[1].copy())
        elif kind == "remove":
            anns[:] = [a for a in anns if a.id != op[1].id]
        elif kind == "edit":
            target = self._find(op[1])
            if target is not None:
                for k, v in op[3].items():
                    setattr(target, k, v)
                self._touched.append((target.start, target.end))
        elif kind == "reject":
            self.store.rejected.append(op[1].copy())
            self._furniture_override(op[1], body=True)
        elif kind == "unreject":
            self.store.rejected[:] = [r for r in self.store.rejected if r.id != op[1].id]
            self._furniture_override(op[1], body=False)
        elif kind == "batch":
            for sub in op[1]:
                self._apply(sub)
        if kind in ("add", "remove", "reject", "unreject"):
            self._touched.append((op[1].start, op[1].end))

    @staticmethod
    def _inverse(op: tuple) -> tuple:
        if op[0] == "add":
            return ("remove", op[1])
        if op[0] == "remove":
            return ("add", op[1])
        if op[0] == "reject":
            return ("unreject", op[1])
        if op[0] == "unreject":
            return ("reject", op[1])
        if op[0] == "batch":
            return ("batch", [MarginApp._inverse(sub) for sub in reversed(op[1])])
        return ("edit", op[1], op[3], op[2])

    def _furniture_override(self, rejection: Annotation, body: bool) -> None:
        """Rejecting furniture's boilerplate suggestion turns that block into body at
        once (and on every later open); undoing it makes it furniture again."""
        doc = self.view.doc
        if rejection.tag != "boilerplate" or doc is None or rejection.end > len(doc.text):
            return
        i = doc.block_at(rejection.start)
        if body:
            if overridden_furniture(doc, [rejection]) == [i]:
                self._unfurnished.update(make_body(doc, [i]))
                self._relayout_blocks.add(i)
        elif i in self._unfurnished:
            still = [r for r in self.store.rejected if r.tag == "boilerplate" and not r.orphan
                     and doc.block_at(r.start) == i]
            if not still:
                doc.blocks[i] = self._unfurnished.pop(i)
                self._relayout_blocks.add(i)

    def _do(self, op: tuple) -> None:
        self._apply(op)
        self.undo_stack.append(op)
        self.redo_stack.clear()
        self._changed()

    def action_undo(self) -> None:
        if not self._editable():
            return
        if not self.undo_stack:
            self._say("Nothing to undo", timeout=2)
            return
        op = self.undo_stack.pop()
        self._apply(self._inverse(op))
        self.redo_stack.append(op)
        self._changed(self._op_offset(op))

    def action_redo(self) -> None:
        if not self._editable():
            return
        if not self.redo_stack:
            self._say("Nothing to redo", timeout=2)
            return
        op = self.redo_stack.pop()
        self._apply(op)
        self.undo_stack.append(op)
        self._changed(self._op_offset(op))

    def _op_offset(self, op: tuple) -> int | None:
        if op[0] in ("add", "remove", "reject", "unreject"):
            return op[1].start
        if op[0] == "batch":
            return self._op_offset(op[1][0]) if op[1] else None
        ann = self._find(op[1])
        return ann.start if ann else None

    def _changed(self, jump_to: int | None = None) -> None:
        self.dirty += 1
        self._save()
        touched, self._touched = self._touched, []
        self._refilter(touched)
        if self._relayout_blocks:
            self._furniture_changed()
        self._refresh_annotations()
        if jump_to is not None:
            self.view.move_to_offset(jump_to)
        self._update_footer()

    def _save(self) -> bool:
        if self.store is None:
            return False
        try:
            self.store.save()
        except MarginError as err:
            first = not self.save_error
            self.save_state = "not saved: " + self._short_error(str(err))
            self.save_error = True
            if first:
                self._say(str(err), title="Not saved", severity="error", timeout=8)
            self._update_footer()
            return False
        self.dirty = 0
        self.save_state = "saved"
        self.save_error = False
        for line in self.store.merge_messages:
            self._say(line, title="Merged with another session", timeout=6)
        return True

    def _short_error(self, message: str) -> str:
        """The one-line error without the folder path and without repeating "not saved"."""
        if self.store is not None:
            message = message.replace(str(self.store.path), self.store.path.name)
        for noise in ("annotations not saved: ", "not saved: "):
            message = message.replace(noise, "")
        return message

    def action_save(self) -> None:
        if self.store is None:
            return
        if self.store.read_only:
            self._say(self.store.read_only, title="Annotations are read-only", severity="error")
            return
        if self._save():
            self._refresh_annotations()
            self._say("Saved", timeout=2)
        self._update_footer()

    def _refresh_annotations(self, sidebar: bool = True) -> None:
        anns = self.store.annotations if self.store is not None else []
        self.view.set_layer("annotations", anns, mode="fill")
        if sidebar:
            self._refresh_sidebar()

    def _refresh_sidebar(self) -> None:
        if self.sidebar.has_class("-hidden"):
            # Re-listing costs a few ms per row on screen; a hidden sidebar catches up
            # when it is shown again.
            self._sidebar_stale = True
            return
        self._sidebar_stale = False
        anns = self.store.annotations if self.store is not None else []
        listed: list[Suggestion] = []
        view = self.view
        if self.suggestions_shown and view.doc is not None and view.flow is not None:
            # only what the reader can reach: furniture's suggestions while it is shown
            shown = view.flow.first_line
            for s in self.suggestions:
                if s.key not in self._sugg_hidden and view.doc.block_at(s.start) in shown:
                    listed.append(s)
                    if len(listed) >= SIDEBAR_SUGGESTIONS:
                        break
        self.sidebar.show(self.tagset, anns, self.store.read_only if self.store else None,
                          suggestions=listed, suggestion_counts=self._sugg_counts,
                          suggestions_state=("hidden" if not self.suggestions_shown
                                             else "final" if self.suggestions_final.is_set()
                                             else "working" if self.store is not None and not self.store.read_only
                                             else ""))

    # ----- sidebar ---------------------------------------------------------------

    def on_sidebar_jump(self, message: Sidebar.Jump) -> None:
        if (sugg := self._suggestion_by_id(message.annotation_id)) is not None:
            self.view.sel_anchor = None
            self.view.move_to_offset(sugg.start)
            self._current_sugg = sugg
            self.view.focus()
            return
        ann = self._find(message.annotation_id)
        if ann is None:
            return
        if ann.orphan:
            self._say(f"Orphan: \"{safe_text(ann.text)[:60]}\" is not in this version of the article. "
                        "It stays in the file.", timeout=6)
            return
        self.view.sel_anchor = None
        self.view.move_to_offset(ann.start)
        self.view.focus()

    def action_switch_focus(self) -> None:
        if isinstance(self.screen, (HelpScreen, NoteEditor, ConfirmQuit, SearchScreen)) or self.screen is not self.screen_stack[0]:
            # Inside a modal, tab moves between its fields as usual.
            self.screen.focus_next()
            return
        if self.view.has_focus:
            self.sidebar.remove_class("-hidden")
            if getattr(self, "_sidebar_stale", False):
                self._refresh_sidebar()
            self.sidebar.list.focus()
        else:
            self.view.focus()

    def action_toggle_sidebar(self) -> None:
        self.sidebar.toggle_class("-hidden")
        if self.sidebar.has_class("-hidden"):
            self.view.focus()
        elif getattr(self, "_sidebar_stale", False):
            self._refresh_sidebar()

    def action_toggle_furniture(self) -> None:
        self.view.set_furniture(not self.view.furniture)
        self._refresh_sidebar()  # furniture's suggestions are listed while it is shown
        self._say("Furniture shown, dimmed, with its reason" if self.view.furniture else "Furniture hidden",
                    timeout=2)
        self._update_footer()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    # ----- search ----------------------------------------------------------------

    def action_search(self) -> None:
        def done(query: str | None) -> None:
            if query is None:
                return
            self.find(query)

        self.push_screen(SearchScreen(self.last_query), done)

    def find(self, query: str) -> int:
        self.last_query = query
        words = query.split()
        if not words or self.article is None:
            self.view.set_matches([])
            self._update_footer()
            return 0
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        matches = []
        for m in pattern.finditer(self.article.text):
            matches.append(m.span())
            if len(matches) >= MAX_MATCHES:
                break
        self.view.set_matches(matches)
        if not matches or not self.view.goto_match(1):
            self._say(f"Not found: {query}", timeout=3)
        self._update_footer()
        return len(matches)

    def action_search_next(self, step: int) -> None:
        if not self.view.matches:
            if self.last_query:
                self.find(self.last_query)
            return
        self.view.goto_match(step)
        self._update_footer()

    # ----- help, palette, quit ---------------------------------------------------

    def action_help(self) -> None:
        keymap = dict(getattr(self, "_keymap", {}) or {})
        tags = Text("\nTags\n", style="bold underline")
        for t in self.tagset:
            tags.append(f"  {t.key or '-'}  ", style="bold")
            tags.append(" ", style=Style(bgcolor=tag_rgb(t.color)))
            tags.append(f" {t.name}: {safe_text(t.description)}\n")
        self.push_screen(HelpScreen(keymap, tags))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from .folder_screen import FolderScreen
        from .review_screen import ReviewScreen

        if isinstance(screen, (FolderScreen, ReviewScreen)):
            # The list and the review have keys of their own; offer those, run there.
            for b in screen.BINDINGS:
                if b.action:
                    yield SystemCommand(b.description, f"key: {key_label(b)}",
                                        partial(self.run_action, b.action, screen))
            return
        seen = set()
        for _, bindings in GROUPS:
            if bindings is FOLDER or bindings is REVIEW:
                continue
            for b in bindings:
                if not b.action or b.id in seen or b.action == "command_palette":
                    continue
                seen.add(b.id)
                yield SystemCommand(b.description, f"key: {key_label(b)}",
                                    partial(self._palette_action, b.action))

    async def _palette_action(self, action: str) -> None:
        if action.startswith("app."):
            await self.run_action(action[4:])
        elif any(action == b.action for b in APP_BINDINGS):
            await self.run_action(action)
        else:
            await self.run_action(action, self.view)

    def action_quit_safely(self) -> None:
        self._remember_position()
        if not self.dirty:
            self.exit(0)
            return

        def done(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
            elif choice == "save":
                if self._save():
                    self.exit(0)
                else:
                    self._say(self.save_state, severity="error")

        self.push_screen(ConfirmQuit(self.dirty, self.save_state), done)

    # ----- footer ----------------------------------------------------------------

    def on_article_view_moved(self, message: ArticleView.Moved) -> None:
        self._update_footer()

    def article_moved(self) -> None:
        self._update_footer()

    def _update_footer(self) -> None:
        try:
            bar = self.query_one(StatusBar)
        except Exception:
            return
        view = self.view
        parts = []
        if view.flow is not None and view.doc is not None:
            first, last = view._cursor_lines()
            # 0% on the first sentence, 100% on the last.
            pct = min(100, round(100 * first / max(1, view.flow.height - (last - first))))
            n, total = view.sentence_number()
            parts.append(f"{pct}%")
            if total == 0 or not view.flow.shown:
                parts.append("no sentences")
            else:
                parts.append(f"sentence {n} of {total if total is not None else '…'}")
            if view.partial:
                parts.append("loading the rest…")
        else:
            parts.append(view.status)
        if view.matches:
            cur = (view.current_match + 1) if view.current_match is not None else "-"
            parts.append(f"match {cur}/{len(view.matches)}")
        if view.sel_anchor is not None:
            parts.append("selecting")
        hints = self._footer_hints
        state = self.save_state
        if view.sel_anchor is None and self.suggestions and (sugg := self._suggestion_under_cursor()) is not None:
            # what the suggestion is and why (furniture shows its reason here too); at
            # 80 columns there is room for it only without the "nothing yet" state
            who = getattr(sugg, "speaker", None) or getattr(sugg, "reason", "")
            parts.append(f"{sugg.tag}? {who}".rstrip())
            hints = SUGGESTION_HINTS
            if state == NOTHING_YET:
                state = ""
        if state:
            parts.append(state)
        # An error takes the whole line: it matters more than the key hints.
        bar.show([] if self.save_error else hints, " · ".join(parts), self.save_error)
