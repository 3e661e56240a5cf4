"""The sidebar: a line-API list of tag counts, annotations, orphans and suggestions.

Through the app: hostile names from an annotations file never reach the terminal raw,
and a broken annotations file is said plainly. On its own in a small app: keys, the
mouse, following the reader's cursor, and fitting the terminal's width."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from annotations.tagset import load_tagset
from conftest import ARTICLE, annotations_of, screen_text, wait_loaded
from tui import MarginApp
from tui.sidebar import Sidebar

pytestmark = pytest.mark.usefixtures("fixed_user")

OSC52 = "\x1b]52;c;SGVsbG8=\x1b\\"
HOSTILE_TAG = f"evil{OSC52}tag"


def sidebar_segments(sidebar: Sidebar) -> str:
    """Every line of the sidebar as drawn, scrolled or not."""
    sidebar.scroll_to(y=0, animate=False, immediate=True)
    return "\n".join("".join(seg.text for seg in sidebar.render_line(y))
                     for y in range(len(sidebar._listing.lines)))


async def test_hostile_tag_name_from_a_file_never_reaches_the_terminal(tmp_path: Path):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path)
    store = Store(article, author="tester")
    store.load()
    text = "Visitor numbers fell by 12 per cent last year."
    a = article.text.index(text)
    ann = make_annotation(article.text, HOSTILE_TAG, a, a + len(text), author="tester",
                          note=f"see {OSC52}", speaker=f"Cllr {OSC52}")
    store.annotations.append(ann)
    store.save()
    assert annotations_of(path)[0]["tag"] == HOSTILE_TAG  # the file really holds it
    app = MarginApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        drawn = sidebar_segments(app.sidebar)
        assert "evil" in drawn  # the tag is listed, in the legend and on its row
        assert drawn.count("evil") >= 2
        assert "\x1b" not in drawn
        assert "\x1b" not in "".join(seg.text for strip in app.screen._compositor.render_strips()
                                     for seg in strip)


async def test_broken_annotations_file_is_said_plainly(tmp_path: Path):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    broken = path.with_name(path.name + ".annotations.toml")
    broken.write_text("[[annotations]\nthis is = not toml\n", encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        shown = screen_text(app)
        assert "could not be read" in shown
        assert "No annotations yet" not in shown
    assert broken.read_text(encoding="utf-8") == "[[annotations]\nthis is = not toml\n"


# ---------------------------------------------------------------- the widget alone

@dataclass
class Ann:
    tag: str
    start: int
    end: int
    text: str
    id: str
    orphan: bool = False
    speaker: str | None = None
    note: str = ""

    def sort_key(self):
        return (self.start, self.end, self.tag)


@dataclass(frozen=True)
class Sugg:
    tag: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    reason: str = "a number"


def sample(n: int = 3) -> list[Ann]:
    return [Ann("claim", i * 100, i * 100 + 50, f"Sentence number {i} of the invented text.", f"id{i}")
            for i in range(n)]


class SidebarApp(App):
    CSS_PATH = str(Path(__file__).resolve().parent.parent / "tui" / "margin.tcss")
    CSS = "#article { width: 1fr; height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.got: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("the article", id="article")
        yield Sidebar(id="sidebar")

    def on_sidebar_jump(self, m: Sidebar.Jump) -> None:
        self.got.append(("jump", m.annotation_id))

    def on_sidebar_remove(self, m: Sidebar.Remove) -> None:
        self.got.append(("remove", m.annotation_id))

    def on_sidebar_edit(self, m: Sidebar.Edit) -> None:
        self.got.append(("edit", m.annotation_id))


async def test_keys_move_and_post_messages():
    app = SidebarApp()
    async with app.run_test(size=(120, 30)) as pilot:
        bar = app.query_one(Sidebar)
        bar.show(load_tagset(None), sample(3))
        bar.focus()
        await pilot.press("j", "j", "enter", "k", "x", "G", "e", "g", "enter")
        assert app.got == [("jump", "id1"), ("remove", "id0"), ("edit", "id2"), ("jump", "id0")]


async def test_click_jumps():
    app = SidebarApp()
    async with app.run_test(size=(120, 30)) as pilot:
        bar = app.query_one(Sidebar)
        bar.show(load_tagset(None), sample(3))
        await pilot.pause()
        line = bar._listing.first_line[bar._listing.by_ident["id1"]]
        await pilot.click(Sidebar, offset=(3, line))
        assert app.got == [("jump", "id1")]


async def test_follow_highlights_what_is_under_the_cursor():
    app = SidebarApp()
    async with app.run_test(size=(120, 12)) as pilot:
        bar = app.query_one(Sidebar)
        anns = sample(8)
        bar.show(load_tagset(None), anns, suggestions=[Sugg("quote", 730, 780, "quoted words")],
                 suggestion_counts={"quote": 1}, suggestions_state="final")
        await pilot.pause()
        bar.follow(740)  # inside the last annotation and the suggestion: the annotation wins
        assert bar.highlighted_id == "id7"
        await pilot.pause()
        assert "Sentence number 7" in screen_text(app)  # scrolled into view
        bar.follow(760)
        assert bar.highlighted_id == "sugg:730:780:quote"
        bar.follow(60)  # between annotations: nothing
        assert bar.highlighted_id is None
        bar.highlight_annotation("id3")
        assert bar.highlighted_id == "id3"
        # A re-list keeps the highlight on its row.
        bar.show(load_tagset(None), anns[2:])
        assert bar.highlighted_id == "id3"
        assert app.got == []  # following never jumps


async def test_width_is_a_third_and_narrow_terminals_hide_it():
    app = SidebarApp()
    async with app.run_test(size=(150, 30)) as pilot:
        bar = app.query_one(Sidebar)
        bar.show(load_tagset(None), sample(2))
        await pilot.pause()
        assert 40 <= bar.outer_size.width <= 52
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        assert bar.outer_size.width <= 52  # within limits
        await pilot.resize_terminal(80, 24)
        for _ in range(50):
            if bar.has_class("-hidden"):
                break
            await asyncio.sleep(0.02)
        assert bar.has_class("-hidden") and "claim" not in screen_text(app)
        await pilot.resize_terminal(120, 30)
        for _ in range(50):
            if not bar.has_class("-hidden"):
                break
            await asyncio.sleep(0.02)
        assert not bar.has_class("-hidden")
        await pilot.pause()
        assert "claim" in screen_text(app)


# ---------------------------------------------------------------- through the app

async def test_with_the_sidebar_focused_j_and_k_move_in_it(tmp_path: Path):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("z")  # suggestions hidden: the annotations are the only rows
        await pilot.press("G", "c", "k", "k", "c", "g")
        await pilot.pause()
        placed = sorted(app.store.annotations, key=lambda a: a.start)
        assert len(placed) == 2
        await pilot.press("tab", "j")
        assert app.sidebar.has_focus and app.sidebar.highlighted_id == placed[0].id
        await pilot.press("j")
        assert app.sidebar.highlighted_id == placed[1].id
        await pilot.press("k")
        assert app.sidebar.highlighted_id == placed[0].id
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.view.has_focus
        a, z = app.view.cursor_span()
        assert a <= placed[1].start < max(z, a + 1)


async def test_the_sidebar_hides_on_a_narrow_terminal_and_comes_back(tmp_path: Path):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        assert "claim  0" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        for _ in range(100):
            if app.sidebar.has_class("-hidden"):
                break
            await pilot.pause()
        assert "claim  0" not in screen_text(app)
        await pilot.resize_terminal(120, 40)
        for _ in range(100):
            if not app.sidebar.has_class("-hidden"):
                break
            await pilot.pause()
        await pilot.pause()
        assert "claim  0" in screen_text(app)
