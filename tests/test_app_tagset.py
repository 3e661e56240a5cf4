"""The configured tags (margin.toml) reach the sidebar, the footer and the tag keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import screen_text, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

CONFIG = """\
author = "rosa"

[tags.claim]

[tags.statistic]
key = "1"
color = "bright_green"
description = "A number with a source."
"""


async def test_configured_tags_show_in_footer_and_sidebar_and_take_their_keys(tmp_path: Path):
    (tmp_path / "margin.toml").write_text(CONFIG, encoding="utf-8")
    article = tmp_path / "ferry.txt"
    article.write_text("Ferry fares rise again\nFares will rise by 6% in May, the operator said. "
                       "It is the third rise in two years.\n", encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "1 statis" in footer and "c claim" in footer
        assert "quote" not in footer  # not configured here
        assert "statistic" in screen_text(app)  # the sidebar lists it
        await pilot.press("j", "1")
        await pilot.pause()
    saved = tomllib.loads((tmp_path / "ferry.txt.annotations.toml").read_text("utf-8"))
    assert [(a["tag"], a["author"]) for a in saved["annotations"]] == [("statistic", "rosa")]
