"""A selection holds only text the reader can see: word motions stop at hidden furniture."""

from __future__ import annotations

from pathlib import Path

from conftest import ARTICLE, annotations_of, screen_text, settled, wait_loaded
from tui import MarginApp


async def test_a_word_motion_never_selects_hidden_furniture(tmp_path: Path, fixed_user):
    # "Advertisement" is a hidden line right above the paragraph: extending the
    # selection back a word from the paragraph's start must not take it in
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("Eastmoor Library will open")
    app = MarginApp(path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        assert "Advertisement" not in screen_text(app)
        app.view.move_to_offset(start)
        await settled(pilot)
        await pilot.press("v", "o", "shift+left", "shift+left", "c")
        await settled(pilot)
    (saved,) = annotations_of(path)
    assert saved["start"] == start and saved["text"].startswith("Eastmoor Library will open")
