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
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        # Typing a letter that is not a key of this screen starts the filter with it.
        if self.focused is self.filter_input or not event.is_printable or event.character is None:
            return
        bound = self.app.active_bindings.get(event.key)
        # Keys of this screen and its table act; the app's reader letters (t, s, f …) mean
        # nothing here, so they type into the filter. "?" still asks for help.
        if (bound is not None and bound.node is not self.app) or event.key == "question_mark":
            return
        event.stop()
        event.prevent_default()
        inp = self.filter_input
        inp.focus()
        inp.value += event.character
        inp.cursor_position = len(inp.value)

    def action_filter(self) -> None:
        # "/" starts a new filter, as in less and vim: typing replaces the old one.
        inp = self.filter_input
        inp.focus()
        inp.select_all()

    def action_cursor(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()
