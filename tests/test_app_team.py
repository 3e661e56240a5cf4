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


def others_drawn(app) -> list[str]:
    lay = app.view.span_layers.get("others")
    return [a.author for a in lay.items] if lay is not None else []


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
        assert not app.view.items_at(layer="annotations") and not others_drawn(app)
        await pilot.press("O")  # binding id team.toggle_others
        await pilot.pause()
        assert "zelda" in screen_text(app)  # named in the footer and the sidebar
        assert "showing zelda (dimmed)" in screen_text(app).splitlines()[-1]
        assert "by zelda" in screen_text(app)  # the sidebar's row
        assert others_drawn(app) == ["zelda"]  # in the dimmed layer, not as yusuf's own
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


async def test_the_folder_list_shows_how_far_curation_has_gone(article, monkeypatch):
    from conftest import until
    from tui.folder_screen import FolderScreen

    team_folder(article)
    await tag_second_sentence_as(article, "zelda", monkeypatch)
    monkeypatch.setenv("MARGIN_AUTHOR", "yusuf")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "j", "c")  # a sentence zelda left alone: two disagreements
        await pilot.pause()
    assert len(annotations_of(article)) == 2
    (article.parent / "notes.txt").write_text("A second invented article.\nIt has no annotations.\n",
                                              encoding="utf-8")
    app = MarginApp(article.parent)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FolderScreen) and app.screen.show_curation,
                    what="the curation column")
        text = screen_text(app)
        assert "curation" in text
        row = next(line for line in text.splitlines() if article.name in line)
        assert "0/2" in row  # none of the two disagreements decided yet
        other = next(line for line in text.splitlines() if "notes.txt" in line)
        assert "0/2" not in other


async def test_a_solo_folder_list_has_no_curation_column(article):
    from conftest import until
    from tui.folder_screen import FolderScreen

    app = MarginApp(article.parent)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FolderScreen) and not app.screen.counting,
                    what="the counts")
        await pilot.pause()
        assert "curation" not in screen_text(app)


async def test_review_delete_of_another_authors_annotation_names_them(article, monkeypatch):
    from conftest import until
    from tui.review_screen import ConfirmDelete, ReviewScreen

    team_folder(article)
    await tag_second_sentence_as(article, "zelda", monkeypatch)
    monkeypatch.setenv("MARGIN_AUTHOR", "yusuf")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.entries,
                    what="the review")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDelete), what="the question")
        assert "Delete zelda's claim? It is not yours." in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
    assert [a["author"] for a in annotations_of(article)] == ["zelda"]


async def test_in_blind_mode_another_authors_accept_leaves_the_suggestion_for_me(article, monkeypatch):
    import asyncio

    team_folder(article)
    monkeypatch.setenv("MARGIN_AUTHOR", "zelda")
    first = MarginApp(article)
    async with first.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        while not first.suggestions_ready:
            await asyncio.sleep(0.01)
        await pilot.press("right_square_bracket")
        taken = first.current_suggestion
        await pilot.press("a")
        await pilot.pause()
    assert [a["author"] for a in annotations_of(article)] == ["zelda"]
    monkeypatch.setenv("MARGIN_AUTHOR", "yusuf")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        while not app.suggestions_ready:
            await asyncio.sleep(0.01)
        await pilot.pause()
        # zelda's claim does not hide the suggestion from yusuf: his work stays his own
        assert taken.key in {s.key for s in app.suggestions}
