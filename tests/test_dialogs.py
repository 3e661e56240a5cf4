"""Dialogs: one look, buttons in one order (the action first, the way out last), and
the same keys everywhere: y does it, n and esc keep things as they are."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Button

from annotations.review import ReviewRow
from tui.review_screen import ConfirmDelete
from tui.screens import AcceptAllScreen, ConfirmQuit, Dialog


def row() -> ReviewRow:
    fields = ReviewRow.__dataclass_fields__
    values = {"article": Path("a.txt"), "id": "x1", "tag": "claim", "start": 0, "end": 4, "text": "Text",
              "note": "", "speaker": None, "author": "ana", "created": datetime(2026, 1, 1, tzinfo=timezone.utc).isoformat(),
              "orphan": False, "state": ""}
    return ReviewRow(**{k: v for k, v in values.items() if k in fields})


DIALOGS = [
    (lambda: AcceptAllScreen("claim", 3), True, False),
    (lambda: ConfirmDelete(row()), True, False),
    (lambda: ConfirmQuit(2, "disk full"), "quit", "stay"),
]


@pytest.mark.parametrize("make, yes, no", DIALOGS)
@pytest.mark.parametrize("key", ["y", "n", "escape"])
async def test_same_keys_and_button_order_everywhere(make, yes, no, key):
    results: list[object] = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(make(), results.append)

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Dialog) and dialog.has_class("dialog")
        ids = [b.id for b in dialog.query(Button)]
        assert ids[0] in ("yes", "save") and ids[-1] in ("no", "stay")  # the action first, the way out last
        labels = [str(b.label) for b in dialog.query(Button)]
        assert labels[-1].endswith("(n)")
        if dialog.danger:
            assert app.focused is not None and app.focused.id in ("no", "stay")  # enter on a reflex keeps
        await pilot.press(key)
        await pilot.pause()
    assert results == [yes if key == "y" else no]
