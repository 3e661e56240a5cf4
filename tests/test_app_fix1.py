"""Fixes from a tester's session in tmux: keys never act on rows the reader cannot see,
the sidebar's rows use its width, the reader follows the review's deletions, and
smaller wording and cursor fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import annotations_of, screen_text, settled, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")


async def test_tab_with_the_sidebar_hidden_shows_it_before_x_can_act(article: Path):
    app = MarginApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert len(annotations_of(article)) == 1
        await pilot.press("s", "tab")
        await pilot.pause()
        assert not app.sidebar.has_class("-hidden") and app.sidebar.region.width > 0


async def test_keys_never_act_on_a_hidden_sidebar(article: Path):
    """However the sidebar got hidden while it had focus (s, a narrow terminal, a modal
    closed after a resize), x and e there never touch an annotation nobody can see."""
    app = MarginApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        await settled(pilot)
        await pilot.press("j")  # the article's cursor leaves the claim: x there removes nothing
        await pilot.press("tab", "g")
        await pilot.pause()
        assert app.sidebar.has_focus
        # Hidden under the focus with a key still on its way, as keys sent in one burst
        # in tmux did (s then tab: the focus stayed on the hidden sidebar, j looked frozen).
        app.sidebar.add_class("-hidden")
        await app.run_action("remove", app.sidebar)
        await app.run_action("cursor(1)", app.sidebar)
        await settled(pilot)
        assert len(annotations_of(article)) == 1
        assert not app.sidebar.has_focus
        assert app.view.has_focus


LONG_CLAIMS = (
    "A harbour report on the new ferry timetable\n\n"
    "The council said that ferry crossings to the island rose by 42 per cent over the last three summers.\n\n"
    "Officials added that 1,250 more passengers a week now travel on the early morning boat to the mainland.\n\n"
    "\"We never expected the queues to reach the car park by seven in the morning,\" said Mara Quill, a deckhand.\n"
)


def _sidebar_lines(sidebar) -> list[str]:
    sidebar.scroll_to(y=0, animate=False, immediate=True)
    return ["".join(seg.text for seg in sidebar.render_line(y)) for y in range(len(sidebar._listing.lines))]


async def test_suggestion_rows_use_the_whole_width_of_a_wide_sidebar(tmp_path: Path):
    path = tmp_path / "ferries.txt"
    path.write_text(LONG_CLAIMS, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: any(r.ident and r.ident.startswith("sugg:") for r in app.sidebar._listing.rows),
                    what="suggestions listed")
        width = app.sidebar.scrollable_content_region.width
        assert width >= 44
        rows = [r for r in app.sidebar._listing.rows if r.ident and r.ident.startswith("sugg:")]
        lines = _sidebar_lines(app.sidebar)
        for row in rows:
            first = app.sidebar._listing.first_line[app.sidebar._listing.rows.index(row)]
            body = lines[first + 1].rstrip()
            # a long sentence fills the row to its last column (then an ellipsis)
            assert len(body) >= width - 1, (body, width)


async def test_a_deletion_in_the_review_is_gone_from_the_reader_at_once(article: Path):
    from tui.review_screen import ConfirmDelete, ReviewScreen

    app = MarginApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert len(app.store.annotations) == 1
        assert "claim  1" in screen_text(app)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.loaded_at is not None
                    and app.screen.table.row_count == 1, what="the review")
        review = app.screen
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDelete), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: "deleted" in review.message, what="the deletion")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), what="the reader")
        await settled(pilot)
        assert app.store.annotations == []
        assert "claim  0" in screen_text(app)
        assert "claim  1" not in screen_text(app)
        # the reader's next save does not bring it back
        await pilot.press("ctrl+s")
        await settled(pilot)
    assert annotations_of(article) == []


async def test_undoing_accept_all_leaves_the_cursor_where_it_was(article: Path):
    from conftest import ARTICLE  # noqa: F401 - the shared invented article has six claims

    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: app.suggestions_ready, what="suggestions")
        await pilot.press("right_square_bracket")  # the first claim suggestion
        await pilot.pause()
        before = app.view.cursor
        await pilot.press("A")
        await until(pilot, lambda: "Accept all" in screen_text(app), what="the question")
        await pilot.press("y")
        await settled(pilot)
        assert len(annotations_of(article)) == 6
        assert app.view.cursor == before
        await pilot.press("u")
        await settled(pilot)
        assert annotations_of(article) == []
        assert app.view.cursor == before
        await pilot.press("ctrl+r")
        await settled(pilot)
        assert len(annotations_of(article)) == 6
        assert app.view.cursor == before


def _status(screen) -> str:
    from textual.widgets import Static

    return str(screen.query_one("#folder-status", Static).render())


async def test_q_on_the_top_level_folder_list_says_it_quits_and_never_skips_the_question(tmp_path: Path):
    from tui.folder_screen import FolderScreen

    (tmp_path / "ferry.txt").write_text("The ferry returns in May. Fares rise by a pound.\n", encoding="utf-8")
    (tmp_path / "bridge.txt").write_text("The bridge closes for repairs. Drivers face a detour.\n", encoding="utf-8")
    app = MarginApp(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FolderScreen) and app.screen.table.row_count == 2,
                    what="the list")
        folder = app.screen
        assert "q quit" in _status(folder) and "q back" not in _status(folder)
        assert "/ first" in folder.filter_input.placeholder
        await pilot.press("enter")
        await wait_loaded(pilot)
        await pilot.press("c")  # a change in the open article
        await pilot.press("backspace")
        await until(pilot, lambda: isinstance(app.screen, FolderScreen), what="the list again")
        assert "q back" in _status(app.screen)
        await pilot.press("q")  # back to the reader, not out of the app past its question
        await until(pilot, lambda: not isinstance(app.screen, FolderScreen), what="the reader")
        assert app.is_running
        await settled(pilot)
    assert len(annotations_of(tmp_path / "bridge.txt")) == 1


async def test_the_review_says_every_rows_state(article: Path):
    from tui.review_screen import ReviewScreen

    app = MarginApp(article)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        await settled(pilot)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.loaded_at is not None
                    and app.screen.table.row_count == 1, what="the review")
        t = app.screen.table
        cells = [c.plain.strip() for c in t.get_row_at(0)]
        assert cells[-1] == "ok"


async def test_the_folder_list_shows_whole_tag_names_when_there_is_room(tmp_path: Path):
    from tui.folder_screen import FolderScreen

    (tmp_path / "ferry.txt").write_text("The ferry returns in May. Fares rise by a pound.\n", encoding="utf-8")
    app = MarginApp(tmp_path)
    async with app.run_test(size=(200, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FolderScreen) and app.screen.table.row_count == 1,
                    what="the list")
        await pilot.pause()
        headers = [c.label.plain.strip() for c in app.screen.table.columns.values()]
        assert "boilerplate" in headers and "boilerp…" not in headers
        assert "boilerplate" in screen_text(app)
    app = MarginApp(tmp_path)
    async with app.run_test(size=(60, 30)) as pilot:  # narrow: the title keeps its room
        await until(pilot, lambda: isinstance(app.screen, FolderScreen) and app.screen.table.row_count == 1,
                    what="the list")
        await pilot.pause()
        headers = [c.label.plain.strip() for c in app.screen.table.columns.values()]
        assert "boilerp…" in headers  # cut short when whole names would squeeze the title


def test_stats_says_one_article_in_the_singular(tmp_path: Path, capsys):
    from annotations.article import read_article
    from annotations.model import make_annotation
    from annotations.store import Store
    from tui.cli import main

    path = tmp_path / "ferry.txt"
    path.write_text("The ferry returns in May. Fares rise by a pound.\n", encoding="utf-8")
    store = Store(read_article(path), author="tester")
    store.load()
    text = "Fares rise by a pound."
    a = store.article.text.index(text)
    store.annotations.append(make_annotation(store.article.text, "claim", a, a + len(text), author="tester"))
    store.save()
    assert main(["stats", str(tmp_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "1 annotation in 1 article; 0 of 1 article done"


async def test_the_read_only_message_never_breaks_the_file_name(tmp_path: Path):
    from conftest import ARTICLE

    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    broken = path.with_name(path.name + ".annotations.toml")
    broken.write_text("[[annotations]\nthis is = not toml\n", encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        lines = [ln for row in app.sidebar._listing.rows for ln in (t.plain for t in row.lines)]
        assert any("library.txt.annotations.toml" in ln for ln in lines), lines


async def test_the_re_anchor_toast_says_the_article_changed_once(tmp_path: Path):
    from annotations.article import read_article
    from annotations.model import make_annotation
    from annotations.store import Store

    path = tmp_path / "ferry.txt"
    path.write_text("The ferry returns in May. Fares rise by a pound.\n", encoding="utf-8")
    store = Store(read_article(path), author="tester")
    store.load()
    text = "Fares rise by a pound."
    a = store.article.text.index(text)
    store.annotations.append(make_annotation(store.article.text, "claim", a, a + len(text), author="tester"))
    store.save()
    path.write_text("Harbour news. The ferry returns in May. Fares rise by a pound.\n", encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: any(n.title == "The article changed" for n in app._notifications),
                    what="the toast")
        toast = next(n for n in app._notifications if n.title == "The article changed")
        assert "article changed" not in toast.message.lower()
        assert "1 moved" in toast.message


async def test_e_with_nothing_under_the_cursor_names_accepting_a_suggestion_too(tmp_path: Path):
    path = tmp_path / "ferries.txt"
    path.write_text(LONG_CLAIMS, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: app.suggestions_ready, what="suggestions")
        assert app._under_cursor() is None and app._suggestion_under_cursor() is None  # the title line
        await pilot.press("e")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("tag it first (c, q, b)" in m and "a accepts" in m for m in said), said
