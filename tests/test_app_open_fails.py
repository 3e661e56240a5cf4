"""Pilot: an article that cannot be opened, picked from the folder list, says why and
returns to the list (issue 10 item 14); the app used to quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import screen_text, until
from tui import MarginApp
from tui.folder_screen import FolderScreen
from tui.screens import MessageScreen

pytestmark = pytest.mark.usefixtures("fixed_user")

SIZE = (100, 32)


def folder_with_a_bad_file(tmp_path: Path, name: str, data: bytes) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "a-good.txt").write_text("A good article\nIt reads well. It has two sentences.\n", encoding="utf-8")
    (d / name).write_bytes(data)
    return d


@pytest.mark.parametrize("name, data, why", [
    ("b-binary.txt", b"PK\x03\x04\x00\x00binary\x00\x00 stuff", "binary"),
    # a UTF-16 byte-order mark, then an odd number of bytes: not valid UTF-16
    ("b-encoding.txt", b"\xff\xfe" + "Caf\u00e9 owner speaks\n".encode("utf-16-le") + b"A", "UTF-16"),
])
async def test_a_file_that_cannot_be_opened_says_why_and_returns_to_the_list(tmp_path, name, data, why):
    folder = folder_with_a_bad_file(tmp_path, name, data)
    app = MarginApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FolderScreen), what="the folder list")
        await pilot.press("j")  # the second file: the bad one
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MessageScreen), what="the error")
        text = screen_text(app)
        assert name in text and why in text
        assert "back to the list" in text and "quit" not in text.lower()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FolderScreen), what="back to the list")
        assert app.is_running and app.return_code is None
        # The list is usable: the good article opens.
        await pilot.press("k", "enter")
        await until(pilot, lambda: app.loaded.is_set() and app.load_error is None and app.store is not None,
                    what="the good article")
        assert app.path is not None and app.path.name == "a-good.txt"


async def test_stepping_onto_a_bad_file_from_an_article_goes_to_its_folder_list(tmp_path):
    folder = folder_with_a_bad_file(tmp_path, "b-binary.txt", b"\x00\x01binary")
    app = MarginApp(folder / "a-good.txt")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.loaded.is_set() and app.store is not None, what="the article")
        await pilot.press("greater_than_sign")  # > : the next article, the bad one
        await until(pilot, lambda: isinstance(app.screen, MessageScreen), what="the error")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FolderScreen), what="the list")
        assert app.screen.folder == folder and app.return_code is None


async def test_a_bad_file_named_on_the_command_line_still_quits_after_saying_why(tmp_path):
    folder = folder_with_a_bad_file(tmp_path, "b-binary.txt", b"\x00\x01binary")
    app = MarginApp(folder / "b-binary.txt")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MessageScreen), what="the error")
        assert "binary" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value == 1  # exited, as before
