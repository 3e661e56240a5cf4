"""Type-to-filter for the table screens (the folder list and the review).

A screen that mixes this in has ``self.table`` (a DataTable) and ``self.filter_input``
(an Input); typing a letter that is not one of the screen's keys starts the filter.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import DataTable, Input


class TypeToFilter(Screen):
    @property
    def table(self) -> DataTable:
        raise NotImplementedError

    @property
    def filter_input(self) -> Input:
        raise NotImplementedError

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.leave_filter(clear=False)

    # Set when typing starts the filter, until the filter is left: keys typed faster than
    # focus moves (a paste, an SSH burst) still reach the table first, and "storm" lost
    # its "r" to the review key. While this is set every printable key is filter text.
    _typing = False

    def on_key(self, event: events.Key) -> None:
        # Typing a letter that is not a key of this screen starts the filter with it.
        if self.focused is self.filter_input or not event.is_printable or event.character is None:
            return
        if not self._typing:
            bound = self.app.active_bindings.get(event.key)
            # Keys of this screen and its table act; the app's reader letters (t, s, f …)
            # mean nothing here, so they type into the filter. "?" still asks for help.
            if (bound is not None and bound.node is not self.app) or event.key == "question_mark":
                return
        event.stop()
        event.prevent_default()
        self._type(event.character)

    def on_paste(self, event: events.Paste) -> None:
        if self.focused is self.filter_input or not event.text:
            return
        event.stop()
        self._type(" ".join(event.text.split()))

    def _type(self, text: str) -> None:
        self._typing = True
        inp = self.filter_input
        inp.focus()
        inp.value += text
        inp.cursor_position = len(inp.value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.filter_input:
            self._typing = False

    def leave_filter(self, clear: bool) -> None:
        """Back to the table; ``clear`` empties the filter too (esc)."""
        self._typing = False
        if clear:
            self.filter_input.value = ""
        self.table.focus()

    def action_filter(self) -> None:
        # "/" starts a new filter, as in less and vim: typing replaces the old one.
        self._typing = True
        inp = self.filter_input
        inp.focus()
        inp.select_all()

    def action_cursor(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()
