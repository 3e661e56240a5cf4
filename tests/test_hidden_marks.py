"""A quiet mark in the gutter where furniture is hidden (issue 10 item 7): a hidden
caption can hold a claim, so the reader must see that something is there."""

from __future__ import annotations

import os
import re

import pytest

from annotations.opening import open_article
from conftest import screen_text, until, wait_loaded
from test_app_terminal import _env, _read_until, _spawn
from tui import MarginApp
from tui.layout import SPACER, build_layout

pytestmark = pytest.mark.usefixtures("fixed_user")

HIDDEN_MARK = "┆"  # as tui/article_draw.py draws it


def test_the_layout_marks_where_furniture_is_hidden(article):
    doc = open_article(article).document
    hidden = [i for i, b in enumerate(doc.blocks) if b.boilerplate and b.content_end > b.content_start]
    assert len(hidden) >= 3  # the breadcrumb, the byline and the advert, the share line
    layout = build_layout(doc, 60)
    assert sum(layout.hidden_marks.values()) == len(hidden)
    # Between blocks the mark sits on the blank line where the furniture was.
    assert any(layout.lines[line] == SPACER for line in layout.hidden_marks)
    shown = build_layout(doc, 60, furniture=True)
    assert shown.hidden_marks == {}


async def test_the_mark_is_drawn_and_goes_when_furniture_is_shown(article):
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        rows = screen_text(app).splitlines()
        marked = [r for r in rows if HIDDEN_MARK in r[:8]]
        assert len(marked) == 3, rows
        # The one before the body stands where the byline and the advert were.
        below = rows[rows.index(marked[1]) + 1]
        assert "Eastmoor Library will open" in below
        await pilot.press("f")
        await until(pilot, lambda: "Advertisement" in screen_text(app), what="furniture shown")
        assert HIDDEN_MARK not in "".join(r[:8] for r in screen_text(app).splitlines())


@pytest.mark.slow
def test_the_mark_shows_in_a_16_colour_terminal(tmp_path, article):
    env = _env(tmp_path)
    env["TERM"] = "xterm"
    env.pop("COLORTERM", None)
    proc, master = _spawn(article, env)
    out = bytearray()
    mark = HIDDEN_MARK.encode()
    try:
        assert _read_until(master, out, lambda: b"of 12" in out and mark in out, 30), out[-300:]
        os.write(master, b"\x11")
        _read_until(master, out, lambda: proc.poll() is not None, 10)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    drawn = bytes(out)
    # The colour set just before the mark is a 16-colour grey, not true colour and not
    # the background's: SGR 90 (bright black) or 37 (white) as the terminal has them.
    before = drawn[:drawn.index(mark)]
    sgr = re.findall(rb"\x1b\[([0-9;]*)m", before)[-1].split(b";")
    assert b"38" not in sgr, sgr
    assert b"90" in sgr or b"37" in sgr or b"97" in sgr, sgr
