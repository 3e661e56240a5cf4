"""The review screen with Pilot: every annotation of a folder, orphans marked, filter as
you type, sort, open at an annotation, confirmed delete, and a big folder."""

from __future__ import annotations

import threading
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from annotations import review as review_mod
from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from tui.review_screen import SHOWN, ConfirmDelete, ReviewScreen, matcher

from conftest import annotations_of, screen_text, until

FERRY = "The ferry returns in May. \"We are ready,\" said the harbour master. Fares rise by a pound.\n"
BRIDGE = "The bridge closes for repairs. Engineers found rust in two beams. Drivers face a long detour.\n"


def annotate(path: Path, spans, *, orphan: str | None = None) -> list:
    """Save annotations through the real store. spans: (tag, exact text, author, day, note, speaker)."""
    store = Store(read_article(path))
    store.load()
    text = store.article.text
    for tag, sub, author, day, note, speaker in spans:
        i = text.index(sub)
        a = make_annotation(text, tag, i, i + len(sub), author=author, note=note, speaker=speaker)
        a.created = datetime(2026, 11, day, 9, 30, tzinfo=timezone.utc)
        if sub == orphan:
            a.anchor = "orphan"  # saved as orphan = true, as the store does for lost text
        store.annotations.append(a)
    store.save()
    return store.annotations


@pytest.fixture
def news(tmp_path, fixed_user) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (d / "bridge.md").write_text(BRIDGE, encoding="utf-8")
    annotate(d / "ferry.txt", [
        ("claim", "The ferry returns in May.", "ana", 3, "check the timetable", None),
        ("quote", "\"We are ready,\"", "ben", 5, "", "harbour master"),
        ("claim", "Fares rise by a pound.", "ben", 4, "", None),
    ])
    annotate(d / "bridge.md", [
        ("claim", "Engineers found rust in two beams.", "ana", 2, "", None),
        ("boilerplate", "Drivers face a long detour.", "cleo", 1, "", None),
    ], orphan="Drivers face a long detour.")
    return d


class Host(App):
    """A stand-in for the reader app: records open_article calls."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.opened: list[tuple[Path, int | None]] = []

    def open_article(self, path: Path, at: int | None = None) -> None:
        self.opened.append((path, at))

    def on_mount(self) -> None:
        self.push_screen(self.first)


async def wait_for(pilot, cond, timeout: float = 10.0) -> None:
    await until(pilot, cond, timeout)


async def loaded(pilot, screen: ReviewScreen) -> None:
    await wait_for(pilot, lambda: screen.loaded_at is not None)


def rows(screen: ReviewScreen) -> list[list[str]]:
    """The table as shown: plain cell texts per row (article, tag, text, speaker, note, author, date, state)."""
    t = screen.table
    return [[c.plain.strip() for c in t.get_row_at(i)] for i in range(t.row_count)]


def texts(screen: ReviewScreen) -> list[str]:
    return [e.row.text for e in screen.matches[:screen.table.row_count]]


def status(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-status", Static).render())


async def test_every_annotation_shows_with_orphans_marked(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        shown = rows(screen)
        assert [(r[0], r[1], r[5], r[6], r[7]) for r in shown] == [
            ("bridge.md", "claim", "ana", "2026-11-02", "ok"),
            ("bridge.md", "boilerplate", "cleo", "2026-11-01", "orphan"),
            ("ferry.txt", "claim", "ana", "2026-11-03", "ok"),
            ("ferry.txt", "quote", "ben", "2026-11-05", "ok"),
            ("ferry.txt", "claim", "ben", "2026-11-04", "ok"),
        ]
        quote = shown[3]
        assert quote[3] == "harbour…" and quote[2] == '"We are ready,"'  # cut to the column
        text = screen_text(app)
        assert "5 annotations (1 orphan)" in text
        assert "check t…" in text
        # The detail lines under the table show the whole row under the cursor.
        await pilot.press("j")
        await pilot.pause()
        assert "orphan: not found in the article when last saved" in screen_text(app)
        await pilot.press("j", "j")
        await pilot.pause()
        assert "speaker: harbour master" in screen_text(app)


async def test_typing_filters_by_tag_author_or_text(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press(*"ben")  # plain words start the filter
        await pilot.pause()
        assert screen.filter_input.value == "ben"
        assert [r[5] for r in rows(screen)] == ["ben", "ben"]
        assert "2 shown of 5" in status(screen)

        await pilot.press("enter", "slash", *"quote")  # a tag name
        await pilot.pause()
        assert [r[1] for r in rows(screen)] == ["quote"]

        await pilot.press("enter", "slash", *"RUST")  # text, any case
        await pilot.pause()
        assert texts(screen) == ["Engineers found rust in two beams."]

        await pilot.press("enter", "slash", *"tag:claim author:an")
        await pilot.pause()
        assert texts(screen) == ["Engineers found rust in two beams.", "The ferry returns in May."]

        await pilot.press("enter", "slash", *"nothing like this")
        await pilot.pause()
        assert rows(screen) == [] and "No annotations match" in screen_text(app)


async def test_sort_key_and_header_click_change_the_order(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("s")  # article
        await pilot.press("s")  # tag
        await pilot.pause()
        assert screen.sort_column == "tag"
        assert [r[1] for r in rows(screen)] == ["boilerplate", "claim", "claim", "claim", "quote"]
        assert "tag ▲" in screen_text(app)
        await pilot.press("S")
        await pilot.pause()
        assert [r[1] for r in rows(screen)] == ["quote", "claim", "claim", "claim", "boilerplate"]

        # Clicking the date header sorts by date; clicking it again reverses.
        x = sum(col.width for key, col in screen.table.columns.items() if key.value in (
            "article", "tag", "text", "speaker", "note", "author")) + 2
        await pilot.click("#review-table", offset=(x, 0))
        await pilot.pause()
        assert screen.sort_column == "date"
        assert [r[6][-2:] for r in rows(screen)] == ["01", "02", "03", "04", "05"]
        await pilot.click("#review-table", offset=(x, 0))
        await pilot.pause()
        assert [r[6][-2:] for r in rows(screen)] == ["05", "04", "03", "02", "01"]


async def test_enter_opens_the_article_at_the_annotation(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("j", "j", "j")  # the quote in ferry.txt
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.opened)
        assert app.opened == [(news / "ferry.txt", FERRY.index('"We are ready,"'))]


async def test_enter_finds_the_annotation_where_it_moved(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        # The article was edited after the scan: a line added at the top.
        edited = "Updated at noon.\n" + FERRY
        (news / "ferry.txt").write_text(edited, encoding="utf-8")
        await pilot.press("slash", *"tag:quote", "enter", "enter")
        await wait_for(pilot, lambda: app.opened)
        assert app.opened == [(news / "ferry.txt", edited.index('"We are ready,"'))]


async def test_x_then_yes_deletes_from_the_file(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("j", "j")  # ferry.txt: "The ferry returns in May."
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        assert "The ferry returns in May." in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: "deleted" in screen.message)
        assert "The ferry returns in May." not in texts(screen)
        assert len(screen.entries) == 4 and screen.table.row_count == 4
    saved = tomllib.loads((news / "ferry.txt.annotations.toml").read_text(encoding="utf-8"))
    assert [a["text"] for a in saved["annotations"]] == ['"We are ready,"', "Fares rise by a pound."]
    assert len(annotations_of(news / "bridge.md")) == 2


async def test_x_then_no_or_escape_keeps_it(news):
    before = (news / "ferry.txt.annotations.toml").read_bytes()
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("j", "j", "x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is "keep"
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert app.screen is screen and screen.table.row_count == 5
    assert (news / "ferry.txt.annotations.toml").read_bytes() == before


async def test_delete_that_fails_says_why_in_one_line(news):
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        bad = news / "ferry.txt.annotations.toml"
        bad.write_text("format = 1\n[[annotations]\n", encoding="utf-8")  # broken since the scan
        await pilot.press("j", "j", "x", "y")
        await wait_for(pilot, lambda: screen.message_error)
        assert "\n" not in screen.message and "ferry.txt.annotations.toml" in screen.message
        assert "ferry.txt.annotations.toml" in status(screen)
        assert screen.table.row_count == 5  # nothing left the table
    assert bad.read_text(encoding="utf-8") == "format = 1\n[[annotations]\n"


async def test_control_characters_never_reach_the_terminal(tmp_path, fixed_user):
    d = tmp_path / "odd"
    d.mkdir()
    text = "A line with an escape \x1b[31m here and a bell \x07 too.\n"
    (d / "odd.txt").write_text(text, encoding="utf-8")
    annotate(d / "odd.txt", [("claim", "escape \x1b[31m here", "ana\x1b[2J", 1, "note\x07", None)])
    screen = ReviewScreen(d)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "escape ␛[31m here" in shown
        assert rows(screen)[0][5].startswith("ana␛")


async def test_the_apps_own_letters_type_into_the_filter(news):
    class LetterApp(Host):
        BINDINGS = [("t", "app.bell", "a reader key"), ("question_mark", "app.bell", "help")]

    screen = ReviewScreen(news)
    app = LetterApp(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press(*"tag:quote")
        await pilot.pause()
        assert screen.filter_input.value == "tag:quote"
        assert [r[1] for r in rows(screen)] == ["quote"]
        await pilot.press("enter", "question_mark")  # help is still help, not a filter letter
        await pilot.pause()
        assert screen.filter_input.value == "tag:quote"


async def test_big_folder_shows_the_first_rows_and_counts_the_rest(tmp_path, fixed_user):
    d = tmp_path / "big"
    d.mkdir()
    sentences = [f"Route {i} runs every {i % 9 + 5} minutes." for i in range(130)]
    body = " ".join(sentences) + "\n"
    for n in range(10):
        (d / f"route{n}.txt").write_text(body, encoding="utf-8")
        annotate(d / f"route{n}.txt", [("claim" if i % 2 else "quote", s, "ana" if n < 5 else "ben", 1, "", None)
                                       for i, s in enumerate(sentences)])
    screen = ReviewScreen(d)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        assert len(screen.entries) == 1300 and screen.table.row_count == SHOWN
        assert f"showing {SHOWN} of 1,300" in status(screen)
        await pilot.press(*"author:ben tag:quote")
        await pilot.pause()
        assert screen.table.row_count == 325 and "325 shown of 1,300" in status(screen)
        assert {r[5] for r in rows(screen)} == {"ben"}


async def test_rows_show_before_the_scan_ends(news, monkeypatch):
    release = threading.Event()
    real = review_mod.scan

    def slow_scan(folder, *args, **kwargs):
        for n, row in enumerate(real(folder, *args, **kwargs)):
            if n == 2:
                release.wait(10)  # the rest of a big folder is still being read
            yield row

    monkeypatch.setattr(review_mod, "scan", slow_scan)
    screen = ReviewScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: screen.table.row_count == 2)
        assert screen.scanning and "scanning" in screen_text(app)
        await pilot.press(*"ben")  # filtering works while the scan runs ...
        await pilot.pause()
        assert rows(screen) == []
        release.set()
        await loaded(pilot, screen)
        assert [r[5] for r in rows(screen)] == ["ben", "ben"]  # ... and keeps up with new rows


async def test_back_from_an_article_rescans(news):
    class Reader(Screen):
        BINDINGS = [("escape", "app.pop_screen")]

    screen = ReviewScreen(news)
    app = Host(screen)
    app.open_article = lambda path, at=None: app.push_screen(Reader())  # type: ignore[method-assign]
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Reader))
        annotate(news / "bridge.md", [("claim", "The bridge closes for repairs.", "dan", 6, "", None)])
        screen.loaded_at = None
        await pilot.press("escape")
        await loaded(pilot, screen)
        assert len(screen.entries) == 6 and "dan" in [r[5] for r in rows(screen)]


def test_matcher_ands_words_and_reads_field_prefixes():
    from annotations.review import ReviewRow
    from tui.review_screen import Entry

    def entry(tag, text, author, note=""):
        return Entry(ReviewRow(Path("a.txt"), "id", tag, 0, 1, text, None, note, author, "", "ok"), 1)

    rust = entry("claim", "Engineers found rust.", "ana")
    quote = entry("quote", "We found it.", "Anabel", note="ask about rust")
    assert matcher("  ") is None
    assert matcher("rust")(rust) and matcher("rust")(quote)  # the note counts as text
    assert matcher("tag:cl rust")(rust) and not matcher("tag:cl rust")(quote)
    assert matcher("tag:claim")(rust) and not matcher("tag:laim")(rust)  # a tag prefix, not anywhere
    assert matcher("author:ANAB")(quote) and not matcher("by:anab")(rust)
    assert not matcher("rust nowhere")(rust)


def test_snapshot_review(news, snap_compare):
    screen = ReviewScreen(news)

    async def ready(pilot):
        await loaded(pilot, screen)
        await pilot.press("j")  # the orphan: the detail line says so

    assert snap_compare(Host(screen), terminal_size=(80, 24), run_before=ready)


# ---- with the real reader app, once it can open articles from a screen

def _margin_app():
    from tui.app import MarginApp

    return MarginApp if hasattr(MarginApp, "open_article") else None


async def test_margin_app_opens_at_the_annotation(news):
    from conftest import wait_loaded

    app = _margin_app()(news / "bridge.md")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        screen = ReviewScreen(news, tagset=app.tagset)
        app.push_screen(screen)
        await loaded(pilot, screen)
        await pilot.press(*"tag:quote", "enter", "enter")
        await wait_for(pilot, lambda: app.path == news / "ferry.txt")
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: app.view.cursor_span()[0] > 0)
        at = FERRY.index('"We are ready,"')
        start, end = app.view.cursor_span()
        assert start <= at < end  # the cursor is on the sentence holding the quote
        assert app.screen is not screen
