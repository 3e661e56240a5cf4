"""Fixes from a tester's session in tmux: keys never act on rows the reader cannot see,
the sidebar's rows use its width, the reader follows the review's deletions, and
smaller wording and cursor fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import annotations_of, screen_text, settled, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")


async def test_tab_with_the_sidebar_hidden_shows_it_before_x_can_act(article: Path):
    app = MarginApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert len(annotations_of(article)) == 1
        await pilot.press("s", "tab")
        await pilot.pause()
        assert not app.sidebar.has_class("-hidden") and app.sidebar.region.width > 0


async def test_keys_never_act_on_a_hidden_sidebar(article: Path):
    """However the sidebar got hidden while it had focus (s, a narrow terminal, a modal
    closed after a resize), x and e there never touch an annotation nobody can see."""
    app = MarginApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        await settled(pilot)
        await pilot.press("j")  # the article's cursor leaves the claim: x there removes nothing
        await pilot.press("tab", "g")
        await pilot.pause()
        assert app.sidebar.has_focus
        app.sidebar.add_class("-hidden")  # hidden under the focus, as the tester saw it
        await pilot.pause()
        await pilot.press("x")
        await settled(pilot)
        assert len(annotations_of(article)) == 1
        assert not app.sidebar.has_focus
