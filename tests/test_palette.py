"""The command palette: each command once, and the folder's stats, check, agree and export."""

from __future__ import annotations

from pathlib import Path

from conftest import palette_choice, screen_text, wait_loaded
from test_app_folder import news, wait_for  # noqa: F401 - the fixture
from tui import MarginApp
from tui.palette import run_plain
from tui.screens import OutputScreen


async def test_each_command_once_and_the_folder_commands(news):
    app = MarginApp(news / "ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(t.casefold() for t in titles)), sorted(titles)
        assert titles.count("Quit") == 1 and "Keys" not in titles
        for title in ("Folder statistics", "Check the folder's annotations", "Agreement between two annotators",
                      "Export the folder as CSV"):
            assert title in titles


async def test_the_palette_offers_export_stats_agree_and_check(news):
    app = MarginApp(news / "ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"expo")
        await wait_for(pilot, lambda: "Export the folder as CSV" in screen_text(app))
        shown = screen_text(app)
        assert "Export the folder as JSON lines" in shown and "Export the folder as W3C" in shown
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Folder statistics", "Check the folder's annotations", "Agreement between two annotators"):
            assert titles.count(title) == 1
        assert titles.count("Quit") == 1 and "Keys" not in titles


async def test_folder_statistics_from_the_palette(news):
    app = MarginApp(news / "ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Folder statistics")
        await wait_for(pilot, lambda: palette_choice(app) == "Folder statistics")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OutputScreen))
        shown = screen_text(app)
        assert "Folder statistics" in shown and "claim" in shown


def test_export_writes_a_new_file_and_agree_finds_two_authors(news: Path):
    before = set(news.iterdir())
    code, text = run_plain(["export", str(news), "--format", "csv"])
    assert code == 0, text
    new = set(news.iterdir()) - before
    assert len(new) == 1 and next(iter(new)).name.startswith("margin-export-")
    assert "Fares rise by a pound." in next(iter(new)).read_text(encoding="utf-8")
    code, text = run_plain(["agree", str(news)])
    assert "--authors" not in text and text.strip()
