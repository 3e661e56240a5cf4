"""Help at 80x24 (issue 10, item 17/19 polish): keys, group titles, descriptions and ids whole."""

from __future__ import annotations

import pytest
from rich.console import Console

from conftest import screen_text, wait_loaded
from tui import MarginApp
from tui.bindings import GROUPS
from tui.screens import help_table

pytestmark = pytest.mark.usefixtures("fixed_user")


async def test_help_at_80_columns_cuts_nothing(article):
    app = MarginApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "ctrl+d / pgdn" in shown and "cursor.next_paragraph" in shown
        assert "…" not in shown.replace("1 … 9", "")


@pytest.mark.parametrize("width", [60, 74, 90, 140])
def test_every_key_description_and_id_is_whole_at_any_width(width):
    console = Console(width=width, record=True, color_system=None)
    console.print(help_table(width=width))
    lines = console.export_text().splitlines()
    assert all("…" not in line.replace("1 … 9", "").replace("tag.1 … tag.9", "") for line in lines)
    words = set(" ".join(lines).split())
    for title, bindings in GROUPS:
        assert all(w in words for w in title.split())
        for b in bindings:
            if b.id.startswith("tag.") and b.id[4:].isdigit():
                continue
            assert all(w in words for w in b.description.split()), b.description
            if not b.id.endswith("_help"):
                assert b.id in words, b.id


async def test_the_footer_says_where_help_is_at_80_columns(article):
    app = MarginApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert "? help" in screen_text(app).splitlines()[-1]
        await pilot.press("j", "j")  # a sentence with a suggestion: its own hints, and help
        assert "a accept" in screen_text(app).splitlines()[-1]
        assert "? help" in screen_text(app).splitlines()[-1]
