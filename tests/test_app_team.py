"""Pilot: blind mode, its toggle, and no author removing another's work (docs/team.md).

The rules are annotations/team.py's (tests/test_team.py); these check that the reader
applies them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import annotations_of, screen_text, wait_loaded
from tui import MarginApp

SIZE = (110, 32)

pytestmark = [pytest.mark.usefixtures("fixed_user")]


def team_folder(article: Path) -> None:
    (article.parent / "margin.toml").write_text("team = true\n", encoding="utf-8")


async def tag_second_sentence_as(article: Path, author: str, monkeypatch) -> None:
    monkeypatch.setenv("MARGIN_AUTHOR", author)
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c")
        await pilot.pause()


async def test_a_tag_key_never_removes_another_authors_annotation(article, monkeypatch):
    team_folder(article)
    await tag_second_sentence_as(article, "zelda", monkeypatch)
    monkeypatch.setenv("MARGIN_AUTHOR", "yusuf")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c")  # the sentence zelda tagged: yusuf adds his own
        await pilot.pause()
        saved = annotations_of(article)
        assert sorted(a["author"] for a in saved) == ["yusuf", "zelda"]
        assert len({(a["start"], a["end"], a["tag"]) for a in saved}) == 1
        await pilot.press("c")  # again: yusuf's own goes, zelda's stays
        await pilot.pause()
        assert [a["author"] for a in annotations_of(article)] == ["zelda"]


async def test_blind_mode_hides_others_and_the_toggle_shows_them_dimmed(article, monkeypatch):
    team_folder(article)
    await tag_second_sentence_as(article, "zelda", monkeypatch)
    monkeypatch.setenv("MARGIN_AUTHOR", "yusuf")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert "zelda" not in screen_text(app)
        await pilot.press("O")  # binding id team.toggle_others
        await pilot.pause()
        assert "zelda" in screen_text(app)  # named in the footer and the sidebar
        # x on zelda's annotation asks first, naming her; "no" keeps it.
        await pilot.press("j", "j", "x")
        await pilot.pause()
        assert "Remove zelda's claim" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert [a["author"] for a in annotations_of(article)] == ["zelda"]
        await pilot.press("O")
        await pilot.pause()
        assert "zelda" not in screen_text(app)
