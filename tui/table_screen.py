"""One table screen: a title line, a filter, a table, an optional detail and a status line.

The folder list (tui/folder_screen.py) and the review (tui/review_screen.py) are both
this screen with their own rows. What they share lives here: the layout and its styles
(margin.tcss, carried by the screen so it looks the same in any app that pushes it),
the current row, putting the cursor back on the row it was on after a rebuild, what to
do when the screen comes back from an article, the status line with its key hints, and
type-to-filter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, ClassVar, Iterable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from annotations.errors import MarginError
from annotations.tagset import TagSet, load_tagset
from annotations.textmap import safe_text

from .type_to_filter import TypeToFilter


def fit(text: str, width: int, style: Style | str = "") -> Text:
    """One table cell: display-safe, one line, cut to ``width`` cells with an ellipsis."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        # The common case, and what safe_text would give back unchanged: skip its
        # per-character work, and cut by length (one cell per ASCII character).
        if width > 0 and len(text) > width:
            text = text[: width - 1] + "…"
        return Text(text, style=style, no_wrap=True, overflow="ellipsis", end="")
    t = Text(safe_text(text), style=style, no_wrap=True, overflow="ellipsis", end="")
    if width > 0:
        t.truncate(width, overflow="ellipsis")
    return t


def thousands(n: int) -> str:
    return f"{n:,}"


def open_article(screen: Screen, path: Path, at: int | None) -> str | None:
    """Ask the app to open an article; the one-line reason when it cannot."""
    opener: Callable | None = getattr(screen.app, "open_article", None)
    if opener is None:
        return "this app cannot open articles from here"
    try:
        opener(path, at)
    except MarginError as err:
        return str(err)
    return None


def short_paths(message: str, folder: Path) -> str:
    """A message with the folder's own path left out of file names: the screen says which folder."""
    for base in {str(folder.resolve()), str(folder)}:
        if base not in (".", ""):
            message = message.replace(base + os.sep, "")
    return message


def key_hints(pairs: list[tuple[str, str]]) -> Text:
    t = Text(no_wrap=True, overflow="ellipsis", end="")
    for key, label in pairs:
        t.append(f" {key}", Style(bold=True, reverse=True))
        t.append(f" {label} ")
    return t


class FixedTable(DataTable):
    """A DataTable whose columns all have a set width and whose rows are one line.

    DataTable measures every cell of every new row to size auto-width columns; ours are
    never auto-width, and that measuring was about half the cost of redrawing 500 rows
    on each keystroke of the filter. So only the scrollable size is worked out.
    """

    def _update_dimensions(self, new_rows) -> None:
        columns = list(self.columns.values())
        if any(c.auto_width for c in columns) or any(r.auto_height for r in self.rows.values()
                                                     if r.key in new_rows):
            super()._update_dimensions(new_rows)
            return
        try:
            width = sum(c.get_render_width(self) for c in columns) + self._row_label_column_width
            height = self._total_row_height + (self.header_height if self.show_header else 0)
        except AttributeError:  # pragma: no cover - a Textual without these: measure as usual
            super()._update_dimensions(new_rows)
            return
        self.virtual_size = Size(width, height)

    # Rows fit the width, so home and end mean the first and the last row, as in a list.
    def action_scroll_home(self) -> None:
        self.action_scroll_top()

    def action_scroll_end(self) -> None:
        self.action_scroll_bottom()


class TableScreen(TypeToFilter):
    """The shared screen. A subclass names itself (``NAME``: the widgets' ids are
    ``NAME-title``, ``NAME-filter``, ``NAME-table``, ``NAME-status``), gives its table
    class, its filter placeholder and key hints, and fills the table in ``rebuild``."""

    CSS_PATH = "margin.tcss"
    NAME: ClassVar[str] = "table"
    PLACEHOLDER: ClassVar[str] = "type to filter"
    HINTS: ClassVar[list[tuple[str, str]]] = []
    TABLE: ClassVar[type[DataTable]] = FixedTable

    def __init__(self, folder: str | Path, *, tagset: TagSet | None = None) -> None:
        super().__init__()
        self.add_class("table-screen")
        self.folder = Path(folder)
        self._own_tagset = tagset is None  # loaded here: its config error is ours to show
        self.tagset = tagset or load_tagset(self.folder)
        self.query_text = ""
        self.message = ""  # the last one-line error or note, shown in the status line
        self.message_error = False
        self.generation = 0
        self._stale = False  # an article was opened from here: refresh when we come back
        self._started = False

    # ----- layout

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.NAME}-title", classes="table-title")
        yield Input(placeholder=self.PLACEHOLDER, id=f"{self.NAME}-filter", classes="table-filter",
                    select_on_focus=False)
        yield self.TABLE(id=f"{self.NAME}-table", classes="table-rows", cursor_type="row", cell_padding=0,
                         zebra_stripes=False)
        yield from self.compose_below()
        yield Static(id=f"{self.NAME}-status", classes="table-status")

    def compose_below(self) -> Iterable[Widget]:
        """Widgets between the table and the status line (the review's detail)."""
        return ()

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.NAME}-table", DataTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one(f"#{self.NAME}-filter", Input)

    def on_mount(self) -> None:
        self.table.focus()
        if self.tagset.error and self._own_tagset:
            self.notify(safe_text(self.tagset.error), severity="warning", timeout=8)
        self.populate()

    def on_screen_resume(self) -> None:
        if not self._started:
            self._started = True
            self.start()
        elif self._stale:
            # Back from an article: what it changed shows here now.
            self._stale = False
            self.resume()

    def on_resize(self, event: events.Resize) -> None:
        self.relayout()

    # ----- what a subclass gives

    def populate(self) -> None:
        """Fill what is known at once (on mount)."""

    def start(self) -> None:
        """The first time the screen shows: start the slow work."""

    def resume(self) -> None:
        """Back on the screen after an article was opened from it."""

    def relayout(self) -> None:
        """The terminal's size changed."""

    def refilter(self, old_query: str) -> None:
        """The filter text changed from ``old_query`` to ``self.query_text``."""

    def current_key(self) -> str | None:
        """The row key under the cursor (subclasses map it to their item)."""
        table = self.table
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value if key is not None else None

    def place_cursor(self, target: int | None, old_row: int) -> None:
        """After a rebuild: the cursor on ``target`` (the row it was on), else near where it was."""
        table = self.table
        if table.row_count == 0:
            return
        if target is None:
            target = min(max(old_row, 0), table.row_count - 1)
        table.move_cursor(row=target, animate=False)

    def hints(self) -> list[tuple[str, str]]:
        """The keys the status line offers (a screen may say what they do here)."""
        return self.HINTS

    def status_right(self) -> Text:
        """The right part of the status line, when there is no message."""
        return Text("")

    # ----- the status line

    def update_status(self) -> None:
        if not self.is_mounted:
            return
        width = self.app.size.width
        if self.message:
            right = Text(self.message, style=Style(color="red", bold=True) if self.message_error else Style(bold=True))
        else:
            right = self.status_right()
        right.truncate(max(10, width - 1 if self.message_error else width * 3 // 5), overflow="ellipsis")
        left = Text(no_wrap=True, end="")
        for key, label in self.hints():
            piece = key_hints([(key, label)])
            if left.cell_len + piece.cell_len > width - right.cell_len - 1:
                break
            left.append_text(piece)
        pad = max(1, width - left.cell_len - right.cell_len)
        self.query_one(f"#{self.NAME}-status", Static).update(left + Text(" " * pad) + right)

    def say(self, message: str, error: bool = False) -> None:
        message = safe_text(short_paths(message, self.folder))  # names of files, tags: never raw
        self.message = message
        self.message_error = error
        if error:
            # markup=False: file names and parse errors hold brackets ("report[x].txt", "[/]")
            self.notify(message, severity="error", timeout=8, markup=False)
        self.update_status()

    # ----- events

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        old = self.query_text
        self.query_text = event.value
        self.message = ""
        self.refilter(old)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # ----- actions

    def action_open(self) -> None:
        """Enter on a row."""

    def action_first(self) -> None:
        if self.table.row_count:
            self.table.move_cursor(row=0, animate=False)

    def action_last(self) -> None:
        if self.table.row_count:
            self.table.move_cursor(row=self.table.row_count - 1, animate=False)

    def action_back(self) -> None:
        """esc: clear the filter (and leave it), else leave the screen."""
        if self.focused is self.filter_input or self._typing:
            self.leave_filter(clear=True)
            return
        if self.query_text:
            self.filter_input.value = ""  # the Changed event refilters
            return
        self.leave()

    def leave(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.exit()
