"""Margin's app: the article pane, the tag sidebar and a one-line footer.

``MarginApp`` is the front door; the work is done in rooms, one job each:

* ``loading.py``: opening an article and drawing what ``loader.py`` sends (a big
  article's first part at once, the rest from a child process), and leaving;
* ``editing.py``: tags, notes, undo and redo (``annotations/edits.py``), and saving off
  the main thread (``saving.py``);
* ``suggestions.py``: the suggestion set, stepping, accepting, rejecting, furniture;
* here: the panes, the sidebar's messages, search, help, the palette, quitting, and
  the footer.

The article pane (``article_view.py``) never calls the app: the app watches its
reactives (cursor, selection anchor, furniture) and handles its messages.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, ClassVar, Iterable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from annotations.suggestion_set import SuggestionSet
from annotations.tagset import TagSet, load_tagset
from annotations.textmap import safe_text

from .app_base import Session
from .article_view import ArticleView
from .bindings import APP_BINDINGS, SUGGESTION_HINTS, apply_keymap, footer_hints, selection_hints
from .editing import EditingRoom
from .folder_actions import done_and_next
from .loader import FIRST_PART, Loader
from .loading import NOTHING_YET, LoadingRoom
from .palette import palette_commands
from .screens import ConfirmQuit, HelpScreen, NoteEditor, SearchScreen
from .search import find_matches
from .sidebar import Sidebar
from .status_bar import StatusBar
from .suggestions import SuggestionsRoom
from .team_room import TeamRoom
from .tag_style import tag_rgb

__all__ = ["FIRST_PART", "MarginApp", "NOTHING_YET"]

SIDEBAR_MIN_WIDTH = 96  # narrower terminals start with the sidebar hidden
LOADED_END = "end of what is loaded — more is coming"  # G while a big file still loads


class MarginApp(LoadingRoom, EditingRoom, SuggestionsRoom, TeamRoom):
    TITLE = "Margin"
    CSS_PATH = "margin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]
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
        self._selection_hints = selection_hints(self.tagset)
        self._generation = 0  # bumped per article opened; stale loads are ignored
        self._open_at: int | None = None
        # Reopening an article puts the cursor where the reader left it
        # (annotations/folder.py keeps positions in the user's state folder).
        self._position_restorable = True
        self._loader: Loader | None = None
        self.article = None
        self.session: Session | None = None
        self.load_error: str | None = None
        self.save_state = ""
        self.save_error = False
        self._quit_when_saved = False
        self.loaded = threading.Event()  # set when the whole article is shown
        self._first_paint = threading.Event()  # the first part of a big article is on screen
        self.first_frame_at: float | None = None
        self.last_query = ""
        self._sidebar_stale = False
        # Suggestions (issue 4): found by the loader, kept in a SuggestionSet.
        self.sugg = SuggestionSet()
        self.suggest_error: str | None = None
        self._current_sugg = None
        self._incoming = []
        self._base_doc = None
        self._body_blocks = frozenset()
        self.sub_title = safe_text(self.path.name if self.path else str(self.folder))
        self.theme = "textual-dark"

    # ----- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Flat on purpose: every widget under a changed row is asked to draw, so fewer
        # containers make each keystroke's frame cheaper.
        yield StatusBar(id="status")
        yield ArticleView(colors=lambda tag: self.tagset.get(tag).color, id="article")
        yield Sidebar(id="sidebar")

    def on_mount(self) -> None:
        view = self.view
        view.status = f"Opening {self.path.name}…" if self.path else "Pick an article (backspace: folder list)"
        view.focus()
        for name in ("cursor", "sel_anchor", "furniture", "revision"):
            # The footer changes in the same frame as the article rows.
            self.watch(view, name, self._update_footer, init=False)
        # The sidebar highlights what is under the cursor (issue 10 item 8).
        self.watch(view, "cursor", self._sidebar_follow, init=False)
        if self.size.width < SIDEBAR_MIN_WIDTH:
            self.sidebar.add_class("-hidden")
        self.sidebar.show(self.tagset, [])
        if self.tagset.error:
            self._say(self.tagset.error, severity="warning", timeout=8)
        # [keys] in margin.toml (annotations/keymap.py): a bad entry is said, with its line.
        for problem in apply_keymap(self, self._folder()):
            self._say(problem, severity="warning", timeout=8)
        self._install_signal_handlers()
        self._update_footer()
        if self.path is None:
            self.action_folder()
            return
        # Start once the panes have their sizes, so the first layout fits.
        self.call_after_refresh(self._start_load)

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        """However the app ends, loading stops at once: nothing waits for the child."""
        self._stop_work()
        super().exit(result, return_code, message)

    # ----- folders -----------------------------------------------------------------

    def _folder(self) -> Path:
        return self.folder or (self.path.parent if self.path else Path("."))

    def action_folder(self) -> None:
        """backspace: the list of articles in this folder (issue 5's folder screen)."""
        from .folder_screen import FolderScreen

        if any(isinstance(s, FolderScreen) for s in self.screen_stack):
            return
        self.push_screen(FolderScreen(self._folder(), tagset=self.tagset))

    def action_review(self) -> None:
        """R: every saved annotation in this folder (issue 5's review screen)."""
        from .review_screen import ReviewScreen

        if any(isinstance(s, ReviewScreen) for s in self.screen_stack):
            return
        self.push_screen(ReviewScreen(self._folder(), tagset=self.tagset))

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

    # ----- the sidebar ---------------------------------------------------------------

    def _refresh_annotations(self, sidebar: bool = True) -> None:
        self._draw_team_view()  # blind mode: own annotations, others' dimmed with O
        if sidebar:
            self._refresh_sidebar()

    def _refresh_sidebar(self) -> None:
        if self.sidebar.has_class("-hidden"):
            # Re-listing costs a few ms per row on screen; a hidden sidebar catches up
            # when it is shown again.
            self._sidebar_stale = True
            return
        self._sidebar_stale = False
        store = self.store
        self.sidebar.show(self.tagset, self._team_view().annotations,
                          store.read_only if store is not None else None,
                          suggestions=self._listed_suggestions(), suggestion_counts=self.sugg.counts(),
                          suggestions_state=self._suggestions_state())
        self._sidebar_follow()  # what was just tagged is under the cursor: highlight it

    def _sidebar_follow(self) -> None:
        if not self.sidebar.has_class("-hidden") and self.view.doc is not None:
            self.sidebar.follow(self.view.cursor_span()[0])

    def on_sidebar_revealed(self, _message: Sidebar.Revealed) -> None:
        """The terminal grew wide again: a sidebar hidden meanwhile catches up."""
        if self._sidebar_stale:
            self._refresh_sidebar()
        self._sidebar_follow()

    def on_sidebar_jump(self, message: Sidebar.Jump) -> None:
        target = None
        if (sugg := self.sugg.by_id(message.annotation_id)) is not None:
            self._current_sugg = sugg
            target = sugg.start
        elif (ann := self._find(message.annotation_id)) is not None:
            if ann.orphan:
                self._say(self._orphan_note(ann), timeout=6)
                return
            target = ann.start
        if target is not None:
            self.view.sel_anchor = None
            self.view.move_to_offset(target)
            self.view.focus()

    def on_sidebar_remove(self, message: Sidebar.Remove) -> None:
        s = self._editable()
        if s is None:
            return
        if (sugg := self.sugg.by_id(message.annotation_id)) is not None:
            self._reject(s, sugg)
        elif (ann := self._find(message.annotation_id)) is not None:
            from annotations.edits import Remove

            self._ask_before_removing(ann, lambda: self._do(Remove(ann.copy())))

    def on_sidebar_edit(self, message: Sidebar.Edit) -> None:
        if (sugg := self.sugg.by_id(message.annotation_id)) is not None:
            if self._editable() is not None:
                self._edit_suggestion(sugg)  # saving the note accepts it (issue 10 item 9)
            return
        if self._editable() is not None and (ann := self._find(message.annotation_id)) is not None:
            self._edit(ann)

    def action_switch_focus(self) -> None:
        if isinstance(self.screen, (HelpScreen, NoteEditor, ConfirmQuit, SearchScreen)) or self.screen is not self.screen_stack[0]:
            # Inside a modal, tab moves between its fields as usual.
            self.screen.focus_next()
            return
        if self.view.has_focus:
            self.sidebar.remove_class("-hidden")
            if self._sidebar_stale:
                self._refresh_sidebar()
            # The sidebar itself, or the list inside it (as it is drawn today).
            getattr(self.sidebar, "list", self.sidebar).focus()
        else:
            self.view.focus()

    def action_toggle_sidebar(self) -> None:
        self.sidebar.toggle_class("-hidden")
        if self.sidebar.has_class("-hidden"):
            self.view.focus()
        else:
            if self._sidebar_stale:
                self._refresh_sidebar()
            self._sidebar_follow()

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
            if query is not None:
                self.find(query)

        self.push_screen(SearchScreen(self.last_query), done)

    def find(self, query: str) -> int:
        """Search from the cursor; the count is of the matches shown (issue 10 item 6)."""
        self.last_query = query
        matches = find_matches(self.article.text, query) if self.article is not None else []
        self.view.set_matches(matches)
        found = self.view.goto_match(1, first=True) if query.split() and matches else None
        if query.split() and found is None:
            hidden = " (only in hidden furniture: f shows it)" if matches else ""
            self._say(f"Not found: {query}{hidden}", timeout=3)
        elif found is not None and found.wrapped:
            self._say(found.message(1), timeout=2)
        self._update_footer()
        return self.view.match_position()[1]

    def action_search_next(self, step: int) -> None:
        """n / N: the next or previous shown match from the cursor; say when it wraps."""
        if not self.view.matches:
            if self.last_query:
                self.find(self.last_query)
            return
        found = self.view.goto_match(step)
        if found is not None and found.wrapped:
            self._say(found.message(step), timeout=2)
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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Each command once, Quit and Keys ours, and the folder's commands (tui/palette.py).
        yield from palette_commands(self, screen, super().get_system_commands(screen))

    def action_done_and_next(self) -> None:
        """D: this article is done, on to the next one not done (tui/folder_actions.py)."""
        done_and_next(self)

    def on_key(self, event: events.Key) -> None:
        # Keys of a burst typed after / that reached the reader before the prompt had
        # focus belong to the query (issue 10 item 13): "storm" must not become "stom".
        if isinstance(self.screen, SearchScreen) and self.screen.take_key(event.key, event.character):
            event.stop()

    def action_quit_safely(self) -> None:
        """ctrl+q: leave at once when everything is saved; wait for a save in flight;
        ask when a change could not be saved."""
        self._remember_position()
        s = self.session
        if s is None or not s.dirty:
            self.exit(0)
            return
        if s.saver is not None and s.saver.busy and s.save_error is None:
            self._quit_when_saved = True  # the save answers, then the app leaves
            self.save_state = "saving, then quitting…"
            self._update_footer()
            return

        def done(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
            elif choice == "save" and s.saver is not None:
                self._quit_when_saved = True
                self._save(s)

        self.push_screen(ConfirmQuit(s.dirty, self.save_state), done)

    # ----- footer ----------------------------------------------------------------

    def _update_footer(self) -> None:
        try:
            bar = self.query_one(StatusBar)
        except Exception:  # noqa: BLE001 - not composed yet, or closing
            return
        parts = self._position_parts()
        position = len(parts)
        hints = self._footer_hints
        state = self.save_state
        view = self.view
        if view.sel_anchor is not None:
            # While selecting, the keys mean something else (b: back a word), and where
            # the selection ends is shown, so a word dropped from it is seen before tagging.
            hints = self._selection_hints
            if state == NOTHING_YET:
                state = ""
        elif (sugg := self._suggestion_under_cursor()) is not None:
            # what the suggestion is and why (furniture shows its reason here too); at
            # 80 columns there is room for it only without the "nothing yet" state
            who = getattr(sugg, "speaker", None) or getattr(sugg, "reason", "")  # any layer's item
            parts.append(f"{sugg.tag}? {who}".rstrip())
            hints = SUGGESTION_HINTS
            if state == NOTHING_YET:
                state = ""
        if state:
            parts.append(state)
        if self._flash_text:
            # What the last a / x / u did (AppBase._flash), for a few seconds in place of
            # the position, so the suggestion and the save state still fit at 80 columns.
            parts = [self._flash_text] + parts[position:]
            hints = hints[:1]  # "? help" stays; the rest of the line is the message's
        if self.suggest_error and not self.save_error:
            parts.append(self.suggest_error)
            hints = []
        # An error takes the whole line: it matters more than the key hints.
        bar.show([] if self.save_error else hints, " · ".join(parts), self.save_error)

    def _position_parts(self) -> list[str]:
        """Where the reader is: percent, sentence n of N, search matches, selecting."""
        view = self.view
        parts = []
        flow = view.flow
        if flow is not None and view.doc is not None:
            if view.at_loaded_end and view.sel_anchor is None:
                # Not "100%": the article goes on, it is not here yet.
                parts.append(LOADED_END)
                return self._position_tail(parts)
            first, last = view.cursor_lines()
            # 0% on the first sentence, 100% on the last.
            pct = min(100, round(100 * first / max(1, flow.height - (last - first))))
            n, total = view.sentence_number()
            parts.append(f"{pct}%")
            if view.sel_anchor is not None:
                pass  # the selection's end takes the room (_update_footer)
            elif total == 0 or not flow.shown:
                parts.append("no sentences")
            else:
                parts.append(f"sentence {n} of {total if total is not None else '…'}")
            if view.partial:
                parts.append("loading the rest…")
        else:
            parts.append(view.status)
        return self._position_tail(parts)

    def _position_tail(self, parts: list[str]) -> list[str]:
        """The position parts that follow where the cursor is: team, search, selection."""
        view = self.view
        if others := self._others_part():  # team mode: "showing zelda (dimmed)"
            parts.append(others)
        if view.matches:
            cur, shown = view.match_position()
            parts.append(f"match {cur if cur is not None else '-'}/{shown}")
        if view.sel_anchor is not None and view.doc is not None:
            parts.insert(0, f"selecting to “{selection_end(view.doc.text, view.target_span())}”")
        return parts


def selection_end(text: str, span: tuple[int, int], room: int = 18) -> str:
    """The last words of a selection, as the footer shows them ("…at the town")."""
    a, z = span
    tail = " ".join(text[max(a, z - 4 * room):z].split())
    if len(tail) > room:
        cut = tail[-room:]
        tail = "…" + (cut.split(" ", 1)[1] if " " in cut[1:] else cut)
    return safe_text(tail)
