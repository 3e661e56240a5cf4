"""The real MarginApp calls what other modules prepared (issue 10): the sidebar follows
the cursor and catches up when it comes back, [keys] in margin.toml remaps a key."""

from __future__ import annotations

import asyncio

import pytest

from conftest import annotations_of, screen_text, settled, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")


async def test_the_sidebar_highlights_the_annotation_under_the_cursor(article):
    app = MarginApp(article)
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c")  # a claim on the third sentence
        await settled(pilot)
        claim = annotations_of(article)[0]
        assert app.sidebar.highlighted_id == claim["id"]  # at once, not after a move
        await pilot.press("k")
        await pilot.pause()
        assert app.sidebar.highlighted_id != claim["id"]
        await pilot.press("j")
        await pilot.pause()
        assert app.sidebar.highlighted_id == claim["id"]


async def test_a_sidebar_hidden_by_a_narrow_terminal_comes_back_up_to_date(article):
    app = MarginApp(article)
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.resize_terminal(70, 24)
        await until(pilot, lambda: app.sidebar.has_class("-hidden"), what="the sidebar to hide")
        await pilot.press("j", "j", "c")  # tagged while the sidebar is hidden
        await settled(pilot)
        await pilot.resize_terminal(120, 32)
        await until(pilot, lambda: not app.sidebar.has_class("-hidden"), what="the sidebar to come back")
        await pilot.pause()
        assert "No annotations yet" not in screen_text(app)
        assert app.sidebar.highlighted_id == annotations_of(article)[0]["id"]


async def test_keys_table_in_margin_toml_remaps_a_key(article):
    (article.parent / "margin.toml").write_text('[keys]\n"tag.c" = "C"\n"cursor.next" = "J"\n',
                                                encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("J", "J", "C")
        saved = annotations_of(article)
        assert [a["tag"] for a in saved] == ["claim"]
        assert saved[0]["text"].startswith("Eastmoor Library will open five days a week")


async def test_a_bad_keys_entry_is_reported_with_its_line_and_the_default_kept(article):
    (article.parent / "margin.toml").write_text('[keys]\n"tag.c" = "C"\n"no.such" = "x"\n',
                                                encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "margin.toml:3" in said and "no.such" in said
        await pilot.press("j", "j", "C")
        assert [a["tag"] for a in annotations_of(article)] == ["claim"]


# ----- search (issue 10 item 6, rules in tui/search_steps.py)

def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_search_counts_only_what_is_shown(article):
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        # "Eastmoor" is in the hidden breadcrumb, the title and the body.
        await pilot.press("slash", *"eastmoor", "enter")
        await pilot.pause()
        assert "match 1/2" in footer(app)
        await pilot.press("n")
        assert "match 2/2" in footer(app)
        await pilot.press("f")  # furniture shown: the breadcrumb's match counts now
        await until(pilot, lambda: "/3" in footer(app), what="the count with furniture shown")


async def test_n_after_g_steps_from_the_cursor_and_a_wrap_is_said(article):
    app = MarginApp(article)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"library", "enter")
        await pilot.pause()
        assert "match 1/5" in footer(app)
        await pilot.press("n", "n", "n")
        assert "match 4/5" in footer(app)
        await pilot.press("g", "n")  # from the top: the match after the title's
        assert "match 2/5" in footer(app)
        assert "public library" in app.article.text[slice(*app.view.cursor_span())]
        app.clear_notifications()
        await pilot.press("N", "N")  # back past the first: round to the last
        assert "match 5/5" in footer(app)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "search hit the top, continuing at the end" in said
        await pilot.press("n")
        assert "match 1/5" in footer(app)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "search hit the end, continuing at the top" in said
