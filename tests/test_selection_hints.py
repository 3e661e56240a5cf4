"""The hint bar during a selection says what each key does there (issue 10 item 2):
b moves the selection back a word, so no "b boiler"; and a word dropped by b shows in
the footer before B saves the span."""

from __future__ import annotations

import pytest

from conftest import annotations_of, screen_text, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("size", [(80, 24), (120, 32)])
async def test_selection_hints_and_the_span_g_k_v_j_b_B_saves(article, size):
    app = MarginApp(article)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G", "k", "v", "j")
        await pilot.pause()
        shown = footer(app)
        assert "b boiler" not in shown and "b back a word" in shown, shown
        assert "B boiler" in shown, shown  # what tags boilerplate while selecting
        assert "town hall" in shown  # where the selection ends
        await pilot.press("b")
        await pilot.pause()
        shown = footer(app)
        assert "at the town" in shown and "hall" not in shown, shown  # the dropped word is seen
        await pilot.press("B")
        saved = annotations_of(article)
        assert [a["tag"] for a in saved] == ["boilerplate"]
        assert saved[0]["text"] == ("The council will review the new hours in a year. "
                                    "A public meeting is planned for 20 February at the town")
        await pilot.pause()
        assert "b back a word" not in footer(app)  # the selection is gone, and its hints


async def test_without_a_selection_b_is_boilerplate_in_the_hints(article):
    app = MarginApp(article)
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_loaded(pilot)
        assert "b boiler" in footer(app)
