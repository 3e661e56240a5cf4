"""Pilot tests for suggestions in the app (issue 4): ] and [, accept, reject, accept-all,
the toggle, undo, furniture turned back into body, and learned boilerplate. Each one
checks the saved .annotations.toml (read with tomllib) and what the screen shows."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import pytest

from conftest import ARTICLE, annotations_of, palette_choice, screen_text, settled, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

SIZE = (100, 32)


def saved(path: Path) -> dict:
    """The whole annotations file, once every save handed to the saver threads is written
    (saves are off the main thread: reading at once raced them under load)."""
    from tui.saving import wait_idle

    assert wait_idle(10.0), "a save did not finish"
    toml = path.with_name(path.name + ".annotations.toml")
    return tomllib.loads(toml.read_text(encoding="utf-8")) if toml.exists() else {}


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


def pane_text(app) -> str:
    """What the article pane shows (the sidebar lists suggestions' text too)."""
    x = app.sidebar.region.x if app.sidebar.display and app.sidebar.region.width else 10_000
    return "\n".join(line[:x] for line in screen_text(app).splitlines())


def cursor_text(app) -> str:
    a, z = app.view.cursor_span()
    return app.article.text[a:z]


def layer(app) -> set[tuple[str, str]]:
    """(tag, text) of every suggestion drawn in the article pane."""
    lay = app.view.span_layers.get("suggestions")
    return {(s.tag, s.text) for items in (lay.by_block.values() if lay else ()) for s in items}


async def goto(pilot, pred, limit: int = 20):
    """Press ] until the suggestion the cursor landed on matches ``pred``."""
    app = pilot.app
    s = app.current_suggestion  # a or x may have moved on to it already (issue 10 item 10)
    if s is not None and pred(s):
        return s
    for _ in range(limit):
        await pilot.press("right_square_bracket")
        s = app.current_suggestion
        if s is not None and pred(s):
            return s
    raise AssertionError("no such suggestion reached with ]")


async def test_next_and_previous_suggestion(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert cursor_text(app).startswith("Eastmoor library to close")  # the title
        await pilot.press("right_square_bracket")
        assert cursor_text(app).startswith("The town's only public library")
        assert app.current_suggestion.reason == "money: £84,000"
        assert "claim? money: £84,000" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert cursor_text(app) == "The council says the change saves £84,000 a year."
        await pilot.press("left_square_bracket")
        assert cursor_text(app).startswith("Eastmoor Library will open five days")
        # The sidebar has its own group with counts per tag.
        shown = screen_text(app)
        assert "Suggestions" in shown and "claim  6" in shown and "quote  2" in shown


async def test_accept_quote_keeps_speaker_and_saves(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        s = await goto(pilot, lambda s: s.tag == "quote")
        await pilot.press("a")
        entries = annotations_of(article)
        assert len(entries) == 1
        assert entries[0]["tag"] == "quote"
        assert entries[0]["origin"] == "suggested"
        assert entries[0]["speaker"] == "Tom Greaves"
        assert entries[0]["text"] == "We did not take this decision lightly,"
        assert (entries[0]["start"], entries[0]["end"]) == (s.start, s.end)
        await settled(pilot)
        assert "saved" in screen_text(app)
        assert ("quote", s.text) not in layer(app)
        assert app.sugg.counts().get("quote", 0) == 1


async def test_reject_is_stored_and_stays_rejected_after_reopening(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        rejected_text = cursor_text(app)
        await pilot.press("x")
        data = saved(article)
        assert data.get("annotations", []) == []  # x rejected, it did not add or remove annotations
        [rej] = data["rejected"]
        assert rej["tag"] == "claim" and rej["text"] == rejected_text
        assert rej["reason"] == "money: £84,000"
        assert rej["origin"] == "suggested"
        assert ("claim", rejected_text) not in layer(app)
    again = MarginApp(article)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert all(s.text != rejected_text or s.key in again._sugg_hidden for s in again.suggestions)
        assert ("claim", rejected_text) not in layer(again)
        await pilot.press("g", "right_square_bracket")
        assert cursor_text(again).startswith("Eastmoor Library will open five days")
        assert len(saved(article)["rejected"]) == 1


async def test_x_removes_an_annotation_before_rejecting(article):
    # The cursor stays on what it accepted (advance = false), so x is over the annotation.
    (article.parent / "margin.toml").write_text("advance = false\n", encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "a")
        assert len(annotations_of(article)) == 1
        await pilot.press("x")  # the annotation under the cursor goes; nothing is rejected
        data = saved(article)
        assert data.get("annotations", []) == [] and data.get("rejected", []) == []
        assert app.current_suggestion is not None  # the suggestion is back


async def test_accept_all_with_confirmation(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "A")
        assert "Accept all 6 claim suggestions?" in screen_text(app)
        await pilot.press("y")
        entries = annotations_of(article)
        assert len(entries) == 6
        assert {e["tag"] for e in entries} == {"claim"}
        assert {e["origin"] for e in entries} == {"suggested"}
        assert not any(tag == "claim" for tag, _ in layer(app))
        # Undo takes all six back in one step.
        await pilot.press("u")
        assert annotations_of(article) == []
        assert sum(1 for tag, _ in layer(app) if tag == "claim") == 6


async def test_accept_all_cancelled(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "A", "n")
        assert annotations_of(article) == []
        assert "Accept all" not in screen_text(app)
        await pilot.press("A", "escape")
        assert annotations_of(article) == []


async def test_accept_all_asks_which_tag_when_none_is_under_the_cursor(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("g")  # the title has no suggestion
        assert app.current_suggestion is None
        await pilot.press("A")
        assert "Accept every suggestion of which tag?" in screen_text(app)
        await pilot.press("q")
        assert "Accept all 2 quote suggestions?" in screen_text(app)
        await pilot.press("y")
        entries = annotations_of(article)
        assert sorted(e["speaker"] for e in entries) == ["Tom Greaves", "Tom Greaves"]


async def test_palette_and_help_offer_the_suggestion_actions(article):
    app = MarginApp(article)
    async with app.run_test(size=(100, 60)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "Next suggestion" in shown and "Show or hide all suggestions" in shown
        await pilot.press("escape", "right_square_bracket", "ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"accept the suggestion under")
        await until(pilot, lambda: palette_choice(app) == "Accept the suggestion under the cursor",
                    what="the palette's match")
        await pilot.press("enter")
        await pilot.pause(0.2)
        entries = annotations_of(article)
        assert [(e["tag"], e["origin"]) for e in entries] == [("claim", "suggested")]
        assert entries[0]["text"].startswith("The town's only public library")


async def test_toggle_hides_suggestions(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert layer(app)
        await pilot.press("z")
        assert layer(app) == set()
        assert "hidden (z shows)" in screen_text(app)
        before = app.view.cursor
        await pilot.press("right_square_bracket", "a")
        assert app.view.cursor == before and annotations_of(article) == []
        await pilot.press("z")
        assert ("quote", "We did not take this decision lightly,") in layer(app)


async def test_undo_and_redo_of_accept(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        s = await goto(pilot, lambda s: s.tag == "quote")
        await pilot.press("a")
        assert len(annotations_of(article)) == 1
        await pilot.press("u")
        assert annotations_of(article) == []
        assert ("quote", s.text) in layer(app)
        await pilot.press("ctrl+r")
        assert annotations_of(article)[0]["origin"] == "suggested"
        assert ("quote", s.text) not in layer(app)


async def test_furniture_confirmed_or_turned_back_into_body(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "Advertisement" not in pane_text(app)
        await pilot.press("f")  # furniture shown: its suggestions are reachable
        await goto(pilot, lambda s: s.reason == "byline")
        assert "boilerplate? byline" in screen_text(app)
        await pilot.press("a")
        await goto(pilot, lambda s: s.reason == "advert")
        await pilot.press("x")
        data = saved(article)
        assert [(e["tag"], e["text"], e["origin"]) for e in data["annotations"]] == [
            ("boilerplate", "By Priya Venn, Staff Reporter", "suggested")]
        assert [(r["tag"], r["text"], r["reason"]) for r in data["rejected"]] == [
            ("boilerplate", "Advertisement", "advert")]
        assert "[advert]" not in pane_text(app) and "Advertisement" in pane_text(app)  # body, at once
    again = MarginApp(article)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = pane_text(again)
        # Furniture is hidden, yet the block the user kept is there, as body.
        assert "Advertisement" in shown
        assert "Share this article" not in shown
        assert not again.view.doc.blocks[4].boilerplate


LINE = "Eastmoor Gazette pages are printed by volunteers on Thursdays"
SECOND = ("Bridge repairs will close the river road for two weeks\n"
          "The county said the work would cost £1.2m and start in June.\n"
          f"{LINE}\n"
          "Drivers will be sent through the village of Low Ashby while the old stone arches are rebuilt.\n"
          "The road should reopen before the summer fair, a spokesman said.\n")


async def test_learned_boilerplate_is_suggested_in_another_article(tmp_path):
    first = tmp_path / "one.txt"
    second = tmp_path / "two.txt"
    first.write_text(ARTICLE.replace("Parents at", f"{LINE}\nParents at"), encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    app = MarginApp(first)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"Gazette pages", "enter", "escape")
        assert cursor_text(app) == LINE
        await pilot.press("b")
        assert annotations_of(first)[0]["text"] == LINE
    learned = (tmp_path / ".margin-boilerplate.txt").read_text(encoding="utf-8")
    assert LINE in learned.splitlines()
    other = MarginApp(second)
    async with other.run_test(size=SIZE) as pilot:
        await ready(pilot)
        found = [s for s in other.suggestions if s.tag == "boilerplate"]
        assert [(s.text, s.reason) for s in found] == [(LINE, "learned")]
        await goto(pilot, lambda s: s.reason == "learned")
        assert cursor_text(other) == LINE
        await pilot.press("a")
        assert annotations_of(second)[0]["tag"] == "boilerplate"


async def test_learning_failure_is_a_notice(tmp_path):
    art = tmp_path / "one.txt"
    art.write_text(ARTICLE.replace("Parents at", f"{LINE}\nParents at"), encoding="utf-8")
    (tmp_path / ".margin-boilerplate.txt").write_bytes(b"\xff\xfe not utf-8 \x80\n")
    app = MarginApp(art)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"Gazette pages", "enter", "escape", "b")
        assert annotations_of(art)[0]["tag"] == "boilerplate"  # the tag is saved all the same
        assert any("Not learned" in n.message for n in app._notifications)
    assert (tmp_path / ".margin-boilerplate.txt").read_bytes().startswith(b"\xff\xfe")


def test_main_screen_with_suggestions(snap_compare, article):
    async def run_before(pilot):
        await ready(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(MarginApp(article), terminal_size=(100, 32), run_before=run_before,
                        press=["right_square_bracket", "right_square_bracket"])


async def test_big_article_suggestions_come_from_a_child_process(tmp_path):
    """Above FIRST_PART the whole-document pass runs in a subprocess; the screen's
    part comes first, then all of it, and ] reaches the last one."""
    from conftest import long_article_text
    from tui.loader import FIRST_PART

    text = long_article_text(paragraphs=800)
    assert len(text) > FIRST_PART
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, timeout=60)
        claims = [s for s in app.suggestions if s.tag == "claim"]
        assert len(claims) > 1000  # every paragraph's counts, not only the screen's
        assert claims[-1].start > len(text) - 500
        await pilot.press("G", "left_square_bracket")
        assert app.current_suggestion is not None and app.current_suggestion.start > len(text) - 1000
        await pilot.press("a")
        assert annotations_of(path)[0]["origin"] == "suggested"


async def test_a_failing_suggestion_pass_says_so_and_reading_goes_on(article, monkeypatch):
    """The suggestion engine raises: the footer says so on its one line, and the keys,
    tagging and saving work as before."""
    import tui.loader as loader_module

    def broken(doc, learned=None, blocks=None):
        raise ValueError("the quote finder choked")

    monkeypatch.setattr(loader_module, "suggest", broken)
    app = MarginApp(article)
    async with app.run_test(size=(140, 32)) as pilot:
        await ready(pilot)
        assert "suggestions failed: ValueError: the quote finder choked" in screen_text(app)
        await pilot.press("j", "j", "c")
        assert [a["tag"] for a in annotations_of(article)] == ["claim"]
        await settled(pilot)
        assert "sentence 3 of" in screen_text(app)
        assert "suggestions failed" in screen_text(app)
