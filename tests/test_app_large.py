"""Big articles: the first part shows before the whole file is processed, the rest is
swapped in under the cursor, and keys work the same on the whole document."""

from __future__ import annotations

import pytest

from conftest import annotations_of, screen_text, wait_loaded
from tui import MarginApp
import tui.app as app_module

pytestmark = pytest.mark.usefixtures("fixed_user")


def big_text(paragraphs: int = 3000) -> str:
    parts = ["A very long invented record of parish council minutes"]
    for i in range(paragraphs):
        parts.append(f"Item {i} was discussed at length by the members present. "
                     f"The clerk noted {i % 13} objections to item {i}.")
    return "\n".join(parts) + "\n"


async def test_first_part_first_then_the_whole(tmp_path, monkeypatch):
    path = tmp_path / "minutes.txt"
    path.write_text(big_text(), encoding="utf-8")
    assert path.stat().st_size > 2 * app_module.FIRST_PART
    shows = []
    real_show = app_module.MarginApp._show

    def spy(self, article, doc, layout, partial):
        shows.append((partial, len(doc.text)))
        real_show(self, article, doc, layout, partial)

    monkeypatch.setattr(app_module.MarginApp, "_show", spy)
    app = MarginApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        # First a part no bigger than FIRST_PART plus a line, then the whole text.
        assert shows[0][0] is True and shows[0][1] < app_module.FIRST_PART + 200
        assert shows[-1] == (False, len(app.article.text))
        assert not app.view.partial
        assert "loading the rest" not in screen_text(app)
        total = app.view.sentence_number()[1]
        assert total == 1 + 2 * 3000
        await pilot.press("G", "c")
        saved = annotations_of(path)
        assert saved[0]["text"] == "The clerk noted 9 objections to item 2999."
        assert "100%" in screen_text(app)
        await pilot.press("g", "j", "j", "q")
        assert annotations_of(path)[0]["text"] == "The clerk noted 0 objections to item 0."


async def test_resize_rewraps_and_keeps_the_cursor(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(big_text(200), encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        for _ in range(50):
            await pilot.press("j")
        before = app.view.cursor_span()
        width = app.view.flow.width
        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.2)
        assert app.view.flow.width < width
        assert app.view.cursor_span() == before
        first, last = app.view.cursor_lines()
        top = app.view.scroll_offset.y
        assert top <= first < top + app.view.size.height
        # Every row fits the narrower pane.
        for line in screen_text(app).splitlines():
            assert len(line.rstrip()) <= 60
