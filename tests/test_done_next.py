"""D in the reader: mark the article done and open the next one not done (issue 10, item 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations import folder as F
from conftest import annotations_of, screen_text, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

ARTICLES = {
    "a-ferry.txt": "Ferry back in May\nThe ferry returns in May. Fares rise by a pound.\n",
    "b-bridge.txt": "Bridge shuts for repairs\nThe bridge closes for repairs. Engineers found rust.\n",
    "c-market.txt": "Market hall reopens\nThe market hall reopens on Saturday with forty stalls.\n",
    "d-school.txt": "School gets a new roof\nThe school roof will be replaced over the summer.\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    for name, text in ARTICLES.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


async def opened(pilot, name: str) -> None:
    app = pilot.app
    for _ in range(200):
        if app.path is not None and app.path.name == name:
            break
        await pilot.pause(0.01)
    assert app.path is not None and app.path.name == name
    await wait_loaded(pilot)


async def test_done_and_next_marks_this_one_and_skips_those_done(folder):
    F.set_done(folder / "b-bridge.txt", True, author="tester")  # done already: skipped
    app = MarginApp(folder / "a-ferry.txt")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c")  # a change of this article: saved before moving on
        await pilot.press("D")
        await opened(pilot, "c-market.txt")
        assert "Market hall reopens" in screen_text(app)
        assert set(F.load_state(folder).done) == {"a-ferry.txt", "b-bridge.txt"}
        assert [a["tag"] for a in annotations_of(folder / "a-ferry.txt")] == ["claim"]
        await pilot.press("D")
        await opened(pilot, "d-school.txt")
        await pilot.press("D")  # the last one: nothing is left that is not done
        await pilot.pause()
        assert app.path.name == "d-school.txt"
        assert set(F.load_state(folder).done) == set(ARTICLES)


async def test_done_and_next_wraps_to_the_first_not_done(folder):
    app = MarginApp(folder / "d-school.txt")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("D")
        await opened(pilot, "a-ferry.txt")
        assert set(F.load_state(folder).done) == {"d-school.txt"}


def test_d_is_in_help_with_its_id():
    from rich.console import Console

    from tui.screens import help_table

    console = Console(width=120, record=True, color_system=None)
    console.print(help_table())
    row = next(line for line in console.export_text().splitlines() if "app.done_next" in line)
    assert "D" in row.split() and "next one not done" in row
