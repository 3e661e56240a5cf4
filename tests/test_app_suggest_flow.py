"""Pilot: the suggestion flow of issue 10 (Prodigy is the anchor), checked in what the
screen shows and what lands in the .annotations.toml.

- item 1: a tag key on a sentence holding a suggestion takes the suggestion, and
  accepting all never adds a second annotation of a tag over the same span;
- item 3: undoing B unlearns the line too, and the footer says so;
- item 9: e on a suggestion edits its note and speaker, and saving accepts it;
- item 10: after a or x the cursor goes on to the next suggestion (``advance``);
- item 11: "Accepted …" is said in the footer, never as a stack of toasts.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from annotations.tagset import load_tagset
from conftest import ARTICLE, annotations_of, screen_text, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

SIZE = (100, 32)
QUOTE = "We did not take this decision lightly,"


async def ready(pilot, timeout: float = 10.0) -> None:
    """Loaded, and the whole document's suggestions are in."""
    await wait_loaded(pilot)
    app = pilot.app
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not app.suggestions_ready:
        if loop.time() > end:
            raise AssertionError("suggestions never arrived")
        await asyncio.sleep(0.01)
    await pilot.pause()


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


def cursor_text(app) -> str:
    a, z = app.view.cursor_span()
    return app.article.text[a:z]


async def to_quote(pilot) -> None:
    """The cursor onto the quote suggestion, with ] as a user would."""
    app = pilot.app
    for _ in range(20):
        await pilot.press("right_square_bracket")
        s = app.current_suggestion
        if s is not None and s.tag == "quote" and s.text == QUOTE:
            return
    raise AssertionError("] never reached the quote suggestion")


# ----- item 1: a tag key takes the suggestion; A adds no twin

async def test_q_on_a_sentence_with_a_quote_suggestion_then_accept_all_makes_one_quote(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await to_quote(pilot)
        assert QUOTE in cursor_text(app) and cursor_text(app) != QUOTE  # the whole sentence
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        if "Accept all" in screen_text(app):  # other quote suggestions left: say yes
            await pilot.press("y")
            await pilot.pause()
    quotes = [a for a in annotations_of(article) if a["tag"] == "quote"]
    spans = [(a["start"], a["end"]) for a in quotes]
    assert len(spans) == len(set(spans))  # never two of a tag over one span
    mine = [a for a in quotes if QUOTE in a["text"]]
    assert len(mine) == 1, mine  # one quote, not a sentence quote beside the suggested one
    assert mine[0]["text"] == QUOTE
    assert mine[0]["speaker"] == "Tom Greaves"
    assert mine[0]["origin"] == "suggested"


async def test_q_again_on_that_sentence_gives_the_suggestion_back(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await to_quote(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert [a["text"] for a in annotations_of(article)] == [QUOTE]
        await pilot.press("q")  # the key toggles: the quote goes, the suggestion is back
        await pilot.pause()
        assert annotations_of(article) == []
        assert any(s.text == QUOTE for s in app.suggestions)


# ----- item 3: undo of B unlearns, and says so

LINE = "Eastmoor Gazette pages are printed by volunteers on Thursdays"


async def test_undoing_B_unlearns_the_line_and_the_footer_says_so(tmp_path: Path):
    art = tmp_path / "one.txt"
    art.write_text(ARTICLE.replace("Parents at", f"{LINE}\nParents at"), encoding="utf-8")
    learned = tmp_path / ".margin-boilerplate.txt"
    app = MarginApp(art)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"Gazette pages", "enter", "escape")
        assert cursor_text(app) == LINE
        await pilot.press("B")
        await pilot.pause()
        assert annotations_of(art)[0]["text"] == LINE
        assert LINE in learned.read_text(encoding="utf-8").splitlines()
        await pilot.press("u")
        await pilot.pause()
        assert annotations_of(art) == []
        assert LINE not in learned.read_text(encoding="utf-8").splitlines()
        assert "undid: boilerplate on 'Eastmoor Gazette pages are…' (and unlearned it)" in footer(app)


# ----- item 9: e on a suggestion

async def test_e_on_a_suggestion_edits_then_accepts_it(article):
    from textual.widgets import Input, TextArea

    from tui.screens import NoteEditor

    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await to_quote(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        speaker = app.screen.query_one("#speaker", Input)
        assert speaker.value == "Tom Greaves"  # the suggestion's speaker, ready to correct
        assert app.screen.query_one("#note", TextArea).text == ""
        await pilot.press(*"check minutes")
        speaker.value = "Cllr Tom Greaves"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [saved] = annotations_of(article)
        assert saved["tag"] == "quote" and saved["text"] == QUOTE
        assert saved["origin"] == "suggested"
        assert saved["speaker"] == "Cllr Tom Greaves"
        assert saved["note"] == "check minutes"


async def test_escape_in_the_editor_leaves_the_suggestion_a_suggestion(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await to_quote(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert annotations_of(article) == []
        assert app.current_suggestion is not None and app.current_suggestion.text == QUOTE


# ----- item 10: moving on after a and x

async def test_a_and_x_move_on_to_the_next_suggestion(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        first = app.current_suggestion
        order = [s for s in app.suggestions if s.start >= first.start]
        await pilot.press("a")
        await pilot.pause()
        second = app.current_suggestion
        assert second is not None and second is not first and second in order
        assert app.view.cursor_span()[0] <= second.start < app.view.cursor_span()[1] or \
            second.start <= app.view.cursor_span()[0] < second.end
        await pilot.press("x")  # rejected: on to the one after
        await pilot.pause()
        third = app.current_suggestion
        assert third is not None and third.start >= second.start and third is not second
    saved = annotations_of(article)
    assert [(a["tag"], a["start"], a["end"]) for a in saved] == [(first.tag, first.start, first.end)]


async def test_advance_false_keeps_the_cursor_on_what_was_accepted(article):
    (article.parent / "margin.toml").write_text("advance = false\n", encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        before = app.view.cursor_span()
        await pilot.press("a")
        await pilot.pause()
        assert app.view.cursor_span() == before


def test_advance_is_read_from_margin_toml(tmp_path: Path, fixed_user):
    assert load_tagset(tmp_path).advance is True  # the default: move on, as Prodigy does
    (tmp_path / "margin.toml").write_text("advance = false\n", encoding="utf-8")
    assert load_tagset(tmp_path).advance is False
    (tmp_path / "margin.toml").write_text('\nadvance = "no"\n', encoding="utf-8")
    bad = load_tagset(tmp_path)
    assert bad.error is not None and "margin.toml:2" in bad.error and "advance must be true or false" in bad.error


# ----- item 11: messages in the footer, one at a time

async def test_accepting_says_so_in_the_footer_not_in_stacked_toasts(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        for _ in range(3):
            await pilot.press("a")
            await pilot.pause()
        assert "Accepted claim" in footer(app)
        assert not [n for n in app._notifications if "Accepted" in n.message or "Rejected" in n.message]
        await pilot.press("x")
        await pilot.pause()
        assert "Rejected" in footer(app) and "Accepted" not in footer(app)  # the last replaces it
        assert not [n for n in app._notifications if "Accepted" in n.message or "Rejected" in n.message]
        # Nothing but the footer line changed below the article: no toast over its text.
        rows = screen_text(app).splitlines()
        assert all("Accepted" not in row and "Rejected" not in row for row in rows[:-1])
