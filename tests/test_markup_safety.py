"""Strings from files are shown as plain text, never parsed as Textual markup.

A shared annotations file can hold a tag like ``claim[/]``: as markup, ``[/]`` raises
and ``[b]`` silently eats text. The note editor's title, the footer and the folder
list's messages must show such strings exactly.
"""

from __future__ import annotations

from pathlib import Path

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from conftest import ARTICLE, screen_text, settled, wait_loaded
from tui import MarginApp
from tui.screens import NoteEditor

SENTENCE = "Visitor numbers fell by 12 per cent last year."


def _tagged(tmp_path: Path, tag: str) -> Path:
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    store = Store(read_article(path), author="tester")
    store.load()
    a = store.article.text.index(SENTENCE)
    store.annotations.append(make_annotation(store.article.text, tag, a, a + len(SENTENCE), author="tester"))
    store.save()
    return path


async def test_a_tag_holding_markup_opens_the_note_editor_and_shows_as_written(tmp_path: Path, fixed_user):
    path = _tagged(tmp_path, "claim[/]")
    app = MarginApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        app.view.move_to_offset(ARTICLE.index(SENTENCE))
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert isinstance(app.screen, NoteEditor)  # opened, no MarkupError
        assert "Note on this claim[/]" in screen_text(app)

