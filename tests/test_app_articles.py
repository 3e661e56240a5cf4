"""Moving between the articles of a folder from the reader (issue 5): > and <, R for
review, and the help screen listing the folder and review keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import palette_choice, screen_text, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")


async def shows(pilot, words: str, timeout: float = 5.0) -> bool:
    """Whether ``words`` come on screen within ``timeout`` (a new article paints after its load)."""
    import asyncio

    for _ in range(int(timeout / 0.05)):
        if words in screen_text(pilot.app):
            return True
        await asyncio.sleep(0.05)
    return False


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, title in (("a-ferry.txt", "Ferry fares rise for the third year"),
                        ("b-orchard.txt", "Village orchard saved by volunteers"),
                        ("c-tram.txt", "Tram line extension approved")):
        (tmp_path / name).write_text(
            f"{title}\nThe council said the plan would cost £2.4m over five years. "
            "Residents will be asked for their views in the spring.\n", encoding="utf-8")
    return tmp_path


async def test_greater_and_less_step_through_the_folder(folder: Path):
    app = MarginApp(folder / "a-ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        assert await shows(pilot, "Ferry fares")
        await pilot.press("greater_than_sign")
        await wait_loaded(pilot)
        assert app.path == folder / "b-orchard.txt"
        assert await shows(pilot, "Village orchard")
        await pilot.press("greater_than_sign")
        await wait_loaded(pilot)
        assert app.path == folder / "c-tram.txt"
        # The last article: stays put and says so.
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert app.path == folder / "c-tram.txt"
        await pilot.press("less_than_sign")
        await wait_loaded(pilot)
        assert app.path == folder / "b-orchard.txt"
        assert await shows(pilot, "Village orchard")


async def test_a_tag_made_before_stepping_is_saved(folder: Path):
    app = MarginApp(folder / "a-ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c", "greater_than_sign")
        await wait_loaded(pilot)
        assert app.path == folder / "b-orchard.txt"
    import tomllib

    saved = tomllib.loads((folder / "a-ferry.txt.annotations.toml").read_text("utf-8"))
    assert [a["tag"] for a in saved["annotations"]] == ["claim"]


async def test_shift_r_opens_review_of_the_folder(folder: Path):
    from tui.review_screen import ReviewScreen

    app = MarginApp(folder / "a-ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c", "R")
        # The review list fills from a worker that reads the folder.
        await until(pilot, lambda: "The council said the plan" in screen_text(app), what="the review list")
        assert isinstance(app.screen, ReviewScreen)


async def test_help_lists_folder_and_review_keys(folder: Path):
    app = MarginApp(folder / "a-ferry.txt")
    async with app.run_test(size=(100, 60)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from rich.console import Console
        from textual.widgets import Static

        console = Console(width=100, record=True, file=open("/dev/null", "w"))
        for static in app.screen.query(Static):
            console.print(static.renderable if hasattr(static, "renderable") else static.content)
        text = console.export_text()
        for words in ("Next article in the folder", "Review every annotation",
                      "Mark done / not done", "Delete the annotation (asks first)"):
            assert words in text


async def test_palette_offers_review_in_the_reader_and_list_keys_in_the_list(folder: Path):
    from textual.command import CommandPalette

    app = MarginApp(folder / "a-ferry.txt")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review every annotation in the folder" in names
        # The folder list's own keys are not offered in the reader, where they would do nothing.
        assert "Mark done / not done" not in names
        await pilot.press("backspace")
        await until(pilot, lambda: "Mark done / not done" in [c.title for c in app.get_system_commands(app.screen)],
                    what="the folder list")
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Mark done / not done" in names
        assert "Next sentence" not in names
        # Run one through the palette: the list marks the highlighted article done.
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        await pilot.press(*"mark done")
        # The palette searches in a worker: wait for the match before choosing it.
        await until(pilot, lambda: palette_choice(app) == "Mark done / not done", what="the palette's match")
        await pilot.press("enter")
        from annotations.folder import load_state

        await until(pilot, lambda: bool(load_state(folder).done), what="the article to be marked done")
