"""The folder screen with Pilot: the list, its counts and states, done marks, opening,
filtering, and rows that appear before the slow work is done."""

from __future__ import annotations

import threading
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from annotations import folder as F
from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from tui.folder_screen import FolderScreen
from tui.review_screen import ReviewScreen

from conftest import screen_text, until

FERRY = ("Ferry service back in May\n"
         "The ferry returns in May. \"We are ready,\" said the harbour master. Fares rise by a pound.\n")
BRIDGE = ("# Old bridge to shut for repairs\n\n"
          "The bridge closes for repairs. Engineers found rust in two beams. Drivers face a long detour.\n")
MARKET = "Market hall reopens\nThe market hall reopens on Saturday with forty stalls.\n"
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)


def annotate(path: Path, spans: list[tuple[str, str, str]]) -> None:
    """Save (tag, exact text, author) annotations through the real store, with a fixed date."""
    store = Store(read_article(path))
    store.load()
    text = store.article.text
    for tag, sub, author in spans:
        i = text.index(sub)
        a = make_annotation(text, tag, i, i + len(sub), author=author)
        a.created = WHEN
        store.annotations.append(a)
    store.save()


@pytest.fixture
def news(tmp_path, fixed_user) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    (d / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (d / "bridge.md").write_text(BRIDGE, encoding="utf-8")
    (d / "market.txt").write_text(MARKET, encoding="utf-8")
    annotate(d / "ferry.txt", [("claim", "The ferry returns in May.", "ana"),
                               ("quote", "We are ready,", "ben"),
                               ("claim", "Fares rise by a pound.", "ben")])
    # "rumour" is in no config: it still gets its own column.
    annotate(d / "bridge.md", [("claim", "Engineers found rust in two beams.", "ana"),
                               ("rumour", "Drivers face a long detour.", "cleo")])
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


async def loaded(pilot, screen: FolderScreen) -> None:
    await wait_for(pilot, lambda: screen.loaded_at is not None)


def rows(screen: FolderScreen) -> list[list[str]]:
    """The table as shown: one list of plain cell texts per row."""
    t = screen.table
    return [[c.plain.strip() for c in t.get_row_at(i)] for i in range(t.row_count)]


def row_of(screen: FolderScreen, name: str) -> list[str]:
    return next(r for r in rows(screen) if r[0] == name)


async def test_list_shows_files_titles_counts_and_states(news):
    F.set_done(news / "market.txt", True, author="ana")
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        headers = [c.label.plain.strip() for c in screen.table.columns.values()]
        assert headers == ["file", "title", "claim", "quote", "boilerplate", "rumour", "state"]
        # Natural name order; counts per tag ("·" for none); states from files and marks.
        assert rows(screen) == [
            ["bridge.md", "Old bridge to shut for repairs", "1", "·", "·", "1", "in progress"],
            ["ferry.txt", "Ferry service back in May", "2", "1", "·", "·", "in progress"],
            ["market.txt", "Market hall reopens", "·", "·", "·", "·", "done"],
        ]
        text = screen_text(app)
        assert "3 articles · 1 done · 2 in progress" in text
        assert "Old bridge to shut for repairs" in text


async def test_done_toggle_persists(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("j")  # ferry.txt
        await pilot.press("d")
        await pilot.pause()
        assert row_of(screen, "ferry.txt")[-1] == "done"
        assert screen.table.cursor_row == 1  # the cursor stays on the article
    state = tomllib.loads((news / F.STATE_NAME).read_text(encoding="utf-8"))
    assert list(state["done"]) == ["ferry.txt"] and state["done"]["ferry.txt"]["by"] == "tester"

    # Reopened: still done. d again takes the mark off, on disk too.
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        assert row_of(screen, "ferry.txt")[-1] == "done"
        assert row_of(screen, "bridge.md")[-1] == "in progress"
        await pilot.press("j", "d")
        await pilot.pause()
        assert row_of(screen, "ferry.txt")[-1] == "in progress"
    assert "ferry.txt" not in F.load_state(news).done


async def test_done_mark_that_cannot_be_saved_says_why(news):
    bad = news / F.STATE_NAME
    bad.write_text("format = 1\n[done\n", encoding="utf-8")
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("d")
        await pilot.pause()
        status = str(screen.query_one("#folder-status", Static).render())
        assert F.STATE_NAME in status and "not valid TOML" in status
        assert row_of(screen, "bridge.md")[-1] == "in progress"
    assert bad.read_text(encoding="utf-8") == "format = 1\n[done\n"  # never overwritten


async def test_enter_opens_the_article_under_the_cursor(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("j", "j", "k")
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [(news / "ferry.txt", None)]


async def test_typing_filters_the_list_and_escape_clears_it(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("m", "a", "y")  # not keys of the list: they start the filter
        await pilot.pause()
        assert screen.filter_input.value == "may"
        assert [r[0] for r in rows(screen)] == ["ferry.txt"]  # matched by its title
        assert "1 of 3" in screen_text(app)
        await pilot.press("enter")  # back to the table, filter kept
        await pilot.press("enter")
        assert app.opened == [(news / "ferry.txt", None)]
        await pilot.press("slash", *"done")
        await pilot.pause()
        assert screen.filter_input.value == "done" and rows(screen) == []
        await pilot.press("escape")  # clears the filter and leaves it, at once
        await pilot.pause()
        assert screen.filter_input.value == ""
        assert [r[0] for r in rows(screen)] == ["bridge.md", "ferry.txt", "market.txt"]


async def test_rows_appear_before_titles_are_read(news, monkeypatch):
    from annotations import titles as T

    release = threading.Event()
    real = T.title_of

    def slow_title(path, limit=T.TITLE_BYTES):
        release.wait(10)  # reading titles of big articles takes a while
        return real(path, limit)

    monkeypatch.setattr(T, "title_of", slow_title)
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: not screen.counting)
        assert [r[0] for r in rows(screen)] == ["bridge.md", "ferry.txt", "market.txt"]
        assert [r[1] for r in rows(screen)] == ["…", "…", "…"]
        assert row_of(screen, "ferry.txt")[2] == "2"  # counts are in already
        assert "reading titles" in screen_text(app)
        release.set()
        await loaded(pilot, screen)
        assert row_of(screen, "ferry.txt")[1] == "Ferry service back in May"


async def test_annotations_without_their_article_are_listed_not_opened(news):
    (news / "bridge.md").unlink()
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        assert row_of(screen, "bridge.md")[1:3] == ["(the article file is missing)", "1"]
        assert rows(screen)[0][0] == "bridge.md"  # in its place by name
        await pilot.press("k", "k", "enter")
        await pilot.pause()
        assert app.opened == []
        assert "missing" in str(screen.query_one("#folder-status", Static).render())


async def test_counts_refresh_when_back_from_an_article(news):
    class Reader(Screen):
        BINDINGS = [("escape", "app.pop_screen")]

    screen = FolderScreen(news)
    app = Host(screen)
    app.open_article = lambda path, at=None: app.push_screen(Reader())  # type: ignore[method-assign]
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        assert row_of(screen, "market.txt")[2:] == ["·", "·", "·", "·", "new"]
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Reader)
        annotate(news / "market.txt", [("claim", "forty stalls", "ana")])
        screen.loaded_at = None
        await pilot.press("escape")
        await loaded(pilot, screen)
        assert row_of(screen, "market.txt")[2:] == ["1", "·", "·", "·", "in progress"]
        assert screen.table.cursor_row == 2


async def test_r_opens_review_and_escape_comes_back(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.folder == news
        await wait_for(pilot, lambda: app.screen.loaded_at is not None)
        assert app.screen.table.row_count == 5
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_q_leaves_the_list(news):
    screen = FolderScreen(news)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot, screen)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is not screen


def test_snapshot_folder_list(news, snap_compare):
    F.set_done(news / "market.txt", True, author="ana")
    screen = FolderScreen(news)

    async def ready(pilot):
        await loaded(pilot, screen)

    assert snap_compare(Host(screen), terminal_size=(80, 24), run_before=ready)


# ---- with the real reader app, once it can open articles from a screen

def _margin_app():
    from tui.app import MarginApp

    return MarginApp if hasattr(MarginApp, "open_article") else None


async def test_margin_app_opens_the_article_picked_in_the_list(news):
    from conftest import wait_loaded

    app = _margin_app()(news)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FolderScreen))
        screen = app.screen
        await loaded(pilot, screen)
        await pilot.press("j", "enter")
        await wait_loaded(pilot)
        assert app.path == news / "ferry.txt" and app.article is not None
        assert not isinstance(app.screen, FolderScreen)


async def test_margin_app_on_a_folder_quits_from_the_list(news):
    app = _margin_app()(news)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FolderScreen))
        await loaded(pilot, app.screen)
        await pilot.press("q")  # no article open below: back means quit
        await pilot.pause()
        assert app.return_code == 0  # exited, not just popped back to an empty reader
