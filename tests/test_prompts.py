"""The search prompt and the note editor as a reader sees them: what is typed shows as it
is typed, and a note may run to several lines."""

from __future__ import annotations


import pytest

from conftest import annotations_of, screen_text, wait_loaded
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


async def test_search_keeps_every_letter_of_a_burst(article):
    """Keys sent in one burst (a paste, a fast typist over SSH) reach the prompt, even those
    that arrive before it has focus: none of them runs as a reader's key instead."""
    from textual import events

    app = MarginApp(article)
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


NOTE = 'Check the "£84,000" figure\nagainst the budget papers \\ page 12'


async def test_note_runs_to_several_lines_and_lists_show_its_first(article):
    app = MarginApp(article)
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c", "e")
        await pilot.pause()
        assert "ctrl+s" in screen_text(app)  # the hint line says how to save
        await pilot.press(*"first line", "enter", *"second line", "ctrl+s")
        await pilot.pause()
        assert [a["note"] for a in annotations_of(article)] == ["first line\nsecond line"]
        shown = screen_text(app)
        assert "first line" in shown and "second line" not in shown  # the sidebar: its first line
        await pilot.press("R")
        await pilot.pause()
        for _ in range(100):
            if "first line" in screen_text(app):
                break
            await pilot.pause(0.02)
        rows = [line for line in screen_text(app).splitlines() if "first line" in line]
        assert rows and all("second line" not in line for line in rows)


async def test_note_editor_round_trips_every_character(article):
    """What the TOML store writes and reads back is the note as typed: quotes,
    backslashes, several lines, and the last newline; esc keeps it as it was."""
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c", "e")
        await pilot.pause()
        from textual.widgets import TextArea

        app.screen.query_one("#note", TextArea).text = NOTE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert annotations_of(article)[0]["note"] == NOTE
    again = MarginApp(article)
    async with again.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        assert [a.note for a in again.store.annotations] == [NOTE]
        await pilot.press("j", "e")
        await pilot.pause()
        from textual.widgets import TextArea

        assert again.screen.query_one("#note", TextArea).text == NOTE
        await pilot.press("escape")
        await pilot.pause()
    assert annotations_of(article)[0]["note"] == NOTE
