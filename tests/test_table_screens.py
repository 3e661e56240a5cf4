"""The table screens (folder list and review) as a reader uses them: typing fast into the
filter, esc, moving with g/G/Home/End, coming back to the list or the review."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from annotations import folder as F
from conftest import screen_text
from test_app_folder import Host, loaded, news, rows  # noqa: F401 - the fixture
from test_app_folder import wait_for
from tui.folder_screen import FolderScreen
from tui.review_screen import ReviewScreen


def burst(app, text: str) -> None:
    """Keys as a paste or an SSH burst delivers them: all queued before any is handled."""
    for ch in text:
        app.post_message(events.Key(ch, ch))


async def review_loaded(pilot, screen: ReviewScreen) -> None:
    await wait_for(pilot, lambda: screen.loaded_at is not None)


@pytest.mark.parametrize("kind", ["folder", "review"])
async def test_a_fast_burst_loses_no_letter_even_ones_that_are_keys(news, kind):
    screen = FolderScreen(news) if kind == "folder" else ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        if kind == "folder":
            await loaded(pilot, screen)
        else:
            await review_loaded(pilot, screen)
        burst(app, "msdrxjk")  # s sorts, d marks done, r reviews, x deletes, j/k move … not while typing
        await wait_for(pilot, lambda: len(screen.filter_input.value) >= 7)
        assert screen.filter_input.value == "msdrxjk"
        assert app.screen is screen  # nothing else opened
        assert not F.load_state(news).done


async def test_paste_goes_to_the_filter(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        app.screen.post_message(events.Paste("ferry"))
        await wait_for(pilot, lambda: screen.filter_input.value == "ferry")
        assert [r[0] for r in rows(screen)] == ["ferry.txt"]


async def test_escape_clears_the_filter_at_once(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press(*"may")
        await pilot.pause()
        assert screen.filter_input.value == "may"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.filter_input.value == "" and screen.table.has_focus
        assert len(rows(screen)) == 3
        assert app.screen is screen


async def test_review_moves_with_g_G_home_end(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await review_loaded(pilot, screen)
        last = screen.table.row_count - 1
        assert last > 1
        await pilot.press("G")
        assert screen.table.cursor_row == last
        await pilot.press("g")
        assert screen.table.cursor_row == 0
        await pilot.press("end")
        assert screen.table.cursor_row == last
        await pilot.press("home")
        assert screen.table.cursor_row == 0


async def test_review_keeps_filter_and_sort_when_reopened(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await review_loaded(pilot, screen)
        await pilot.press("s", "s", "S", "slash", *"claim", "enter")
        await pilot.pause()
        assert screen.sort_column == "tag" and screen.sort_reverse
        shown = [r[2] for r in rows(screen)]
        app.pop_screen()
        again = ReviewScreen(news)
        app.push_screen(again)
        await review_loaded(pilot, again)
        await pilot.pause()
        assert again.filter_input.value == "claim"
        assert again.sort_column == "tag" and again.sort_reverse
        assert [r[2] for r in rows(again)] == shown


@pytest.mark.parametrize("width", [80, 100])
async def test_review_headers_keep_the_sort_marker(news, width):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(width, 24)) as pilot:
        await review_loaded(pilot, screen)
        for _ in range(8):  # every column in turn
            await pilot.press("s")
            await pilot.pause()
            header = screen_text(app).splitlines()[2]
            assert "▲" in header, (screen.sort_column, header)


async def test_back_to_the_list_lands_on_the_article_you_came_from(news):
    from conftest import wait_loaded
    from tui import MarginApp

    app = MarginApp(news / "market.txt")  # the last of three in the list
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("backspace")
        await wait_for(pilot, lambda: isinstance(app.screen, FolderScreen))
        screen = app.screen
        await loaded(pilot, screen)
        assert screen._current().name == "market.txt"
        await pilot.press("d")
        await pilot.pause()
        assert set(F.load_state(news).done) == {"market.txt"}
        # Stepping to another article and back again: the list follows.
        await pilot.press("k", "enter")
        await wait_loaded(pilot)
        assert app.path == news / "ferry.txt"
        await pilot.press("backspace")
        await wait_for(pilot, lambda: isinstance(app.screen, FolderScreen))
        await loaded(pilot, app.screen)
        assert app.screen._current().name == "ferry.txt"


OSC52 = "\x1b]52;c;SGVsbG8=\x1b\\"


@pytest.mark.parametrize("kind", ["folder", "review"])
async def test_hostile_names_from_files_never_reach_the_terminal(tmp_path, fixed_user, kind):
    from test_app_folder import FERRY, annotate

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    annotate(folder / "ferry.txt", [(f"evil{OSC52}", "The ferry returns in May.", f"ana{OSC52}")])
    screen = FolderScreen(folder) if kind == "folder" else ReviewScreen(folder)
    app = Host(screen)
    async with app.run_test(size=(120, 30)) as pilot:
        if kind == "folder":
            await loaded(pilot, screen)
        else:
            await review_loaded(pilot, screen)
            await pilot.press("x")  # the delete question shows the tag too
        await pilot.pause()
        drawn = "".join(seg.text for strip in app.screen._compositor.render_strips() for seg in strip)
        assert "evil" in drawn
        assert "\x1b" not in drawn


def test_review_filter_agrees_with_the_cores_query():
    from datetime import datetime, timezone
    from pathlib import Path

    from annotations.review import ReviewRow, parse_query
    from tui.review_screen import Entry, apply_query, matcher

    fields = ReviewRow.__dataclass_fields__
    rows = []
    for i, (tag, author, text, note) in enumerate([
            ("claim", "ana", "Rust in two beams", ""), ("quote", "Ben", "We are ready", "check"),
            ("claimant", "cleo", "Fares rise", "rust again"), ("boilerplate", "ana b", "Share this", "")]):
        values = {"article": Path(f"a{i}.txt"), "id": str(i), "tag": tag, "start": 0, "end": 1, "text": text,
                  "note": note, "speaker": None, "author": author,
                  "created": datetime(2026, 1, 1, tzinfo=timezone.utc).isoformat(), "orphan": False, "state": ""}
        rows.append(ReviewRow(**{k: v for k, v in values.items() if k in fields}))
    entries = [Entry(r, i) for i, r in enumerate(rows)]
    for text in ["", "rust", "tag:claim", "tag:cl rust", "author:ana", "by:b", "a0.txt", "RUST again", "tag:laim"]:
        query = parse_query(text)
        expected = [e for e in entries if query.matches(e.row)]
        assert apply_query(query, entries) == expected, text
        pred = matcher(text)
        assert pred is None if not text.strip() else [e for e in entries if pred(e)] == expected
