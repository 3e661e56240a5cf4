"""The review at 80 columns (issue 10, item 17/19 polish): the text column shows a few
words, and columns no row fills give their room to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.review_screen import ReviewScreen, column_widths

from conftest import screen_text
from test_app_folder import Host, annotate, wait_for

TEXT = "Engineers found rust in two beams of the old bridge over the river.\n"


@pytest.fixture
def folder(tmp_path: Path, fixed_user) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "bridge.txt").write_text("Old bridge to shut\n" + TEXT, encoding="utf-8")
    annotate(d / "bridge.txt", [("claim", "Engineers found rust in two beams of the old bridge", "ana")])
    return d


async def test_review_text_is_readable_at_80_columns(folder):
    screen = ReviewScreen(folder)
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen.loaded_at is not None)
        await pilot.pause()
        table_rows = [line for line in screen_text(app).splitlines() if "bridge.txt" in line and "claim" in line]
        assert table_rows and "Engineers found rus" in table_rows[0]  # 14 cells showed "Engineers fou…"
        assert screen.empty_columns == {"speaker", "note"}  # no row has one
        assert table_rows[0].rstrip().endswith("ok")  # the state is always said


def test_empty_columns_give_their_room_to_the_text():
    full = column_widths(120)
    bare = column_widths(120, frozenset({"speaker", "note", "state"}))
    assert bare["text"] > full["text"]
    assert bare["note"] == len("note") and bare["speaker"] == len("speaker")
    assert sum(full.values()) == sum(bare.values())
