"""The search prompt and the note editor as a reader sees them: what is typed shows as it
is typed, and a note may run to several lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import annotations_of, screen_text, wait_loaded
import tui.app
from tui import MarginApp
from tui.screens import SearchScreen

pytestmark = pytest.mark.usefixtures("fixed_user")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_search_shows_the_query_as_it_is_typed(article, size):
    app = MarginApp(article)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"school")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        rows = screen_text(app).splitlines()
        assert rows[-1].lstrip().startswith("/school"), rows[-3:]  # like less and vim: /query on the last row
        assert "enter" in rows[-1] and "esc" in rows[-1]  # what the keys do, on the same row
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert screen_text(app).splitlines()[-1].lstrip().startswith("/s ")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


class BurstApp(MarginApp):
    # TODO(lead): move on_key into MarginApp (tui/app.py), then test MarginApp itself.
    CSS_PATH = str(Path(tui.app.__file__).parent / "margin.tcss")  # relative paths follow the class
    def on_key(self, event) -> None:
        if isinstance(self.screen, SearchScreen) and self.screen.take_key(event.key, event.character):
            event.stop()


async def test_search_keeps_every_letter_of_a_burst(article):
    """Keys sent in one burst (a paste, a fast typist over SSH) reach the prompt, even those
    that arrive before it has focus: none of them runs as a reader's key instead."""
    from textual import events

    app = BurstApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        sidebar_shown = app.sidebar.has_class("-hidden")
        for key, char in [("slash", "/")] + [(c, c) for c in "sfchool"]:
            app.post_message(events.Key(key, char))
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, SearchScreen) and app.screen.query_one("#query").value == "sfchool":
                break
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "sfchool"
        assert app.sidebar.has_class("-hidden") == sidebar_shown  # s did not toggle the sidebar
        await pilot.press("escape")
    assert annotations_of(article) == []  # c tagged nothing
