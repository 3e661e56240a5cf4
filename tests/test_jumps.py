"""A jump puts its target on screen, centred where it can be, and moving down keeps a
few lines of look-ahead below the cursor, as vim's scrolloff (issue 10 item 5)."""

from __future__ import annotations

import pytest

from annotations.folder import save_position
from conftest import annotations_of, settled, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

SIZE = (100, 32)
LOOKAHEAD = 3


def on_screen_rows(app) -> tuple[int, int, int]:
    """(first row of the cursor sentence, its last row, the pane's height), rows counted
    from the pane's top."""
    view = app.view
    first, last = view.cursor_lines()
    top = int(view.scroll_offset.y)
    return first - top, last - 1 - top, view.size.height


def assert_centred(app) -> None:
    first, last, height = on_screen_rows(app)
    assert 0 <= first and last < height, (first, last, height)
    middle = (first + last) / 2
    assert abs(middle - (height - 1) / 2) <= 2, (first, last, height)


def offset_of(path, words: str) -> int:
    return path.read_text(encoding="utf-8").index(words)


async def test_moving_down_keeps_lines_below_the_cursor(long_article):
    app = MarginApp(long_article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        for _ in range(40):
            await pilot.press("j")
            first, last, height = on_screen_rows(app)
            assert last <= height - 1 - LOOKAHEAD, (first, last, height)
        for _ in range(30):
            await pilot.press("k")
            first, last, height = on_screen_rows(app)
            assert first >= LOOKAHEAD or app.view.scroll_offset.y == 0, (first, last, height)


async def test_reopening_at_the_saved_position_centres_it(long_article):
    at = offset_of(long_article, "Paragraph 40 says")
    save_position(long_article, at)
    app = MarginApp(long_article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: app.view.cursor_span()[0] == at, what="the saved position")
        assert_centred(app)


async def test_opening_at_an_annotation_centres_it(long_article):
    at = offset_of(long_article, "Drivers on route 45 said")
    app = MarginApp(long_article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        app.open_article(long_article, at)  # what the review screen's enter does
        await until(pilot, lambda: app.loaded.is_set() and app.view.cursor_span()[0] == at,
                    what="the article at the annotation")
        await pilot.pause()
        assert_centred(app)


async def test_a_search_jump_centres_the_match(long_article):
    app = MarginApp(long_article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"route 37 said", "enter")
        await pilot.pause()
        assert "route 37 said" in app.article.text[slice(*app.view.cursor_span())]
        assert_centred(app)


async def test_a_sidebar_jump_centres_the_annotation(long_article):
    app = MarginApp(long_article)
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"route 50 said", "enter", "c", "escape", "g")
        await settled(pilot)
        claim = annotations_of(long_article)[0]
        assert app.view.scroll_offset.y == 0
        await pilot.press("tab")
        await pilot.pause()
        app.sidebar.highlight_annotation(claim["id"])
        await pilot.press("enter")
        await pilot.pause()
        assert "route 50 said" in app.article.text[slice(*app.view.cursor_span())]
        assert_centred(app)
