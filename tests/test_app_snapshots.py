"""Snapshot tests (pytest-textual-snapshot) of the main screen, help, furniture and an
orphan. Regenerate with ``pytest tests/test_app_snapshots.py --snapshot-update`` and look
at the report before committing the SVGs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from conftest import ARTICLE, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

FIXED = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def annotate(path, spans):
    """Save annotations over the given (tag, text, note, speaker) in the article at path."""
    article = read_article(path)
    store = Store(article, author="tester")
    store.load()
    for tag, text, note, speaker in spans:
        a = article.text.index(text)
        ann = make_annotation(article.text, tag, a, a + len(text), author="tester", note=note, speaker=speaker)
        ann.created = FIXED
        store.annotations.append(ann)
    store.save()


@pytest.fixture
def annotated(article):
    annotate(article, [
        ("claim", "Visitor numbers fell by 12 per cent last year.", "check the annual report", None),
        ("quote", '"We did not take this decision lightly," said Cllr Tom Greaves.', "", "Cllr Tom Greaves"),
        # Overlaps the quote: both must stay visible.
        ("claim", "said Cllr Tom Greaves", "", None),
        ("boilerplate", "A public meeting is planned for 20 February at the town hall.", "", None),
    ])
    return article


def loaded():
    async def run_before(pilot):
        await wait_loaded(pilot)
    return run_before


def test_main_screen_100x32(snap_compare, annotated):
    assert snap_compare(MarginApp(annotated), terminal_size=(100, 32), run_before=loaded(),
                        press=["j", "j"])


def test_main_screen_80x24(snap_compare, annotated):
    assert snap_compare(MarginApp(annotated), terminal_size=(80, 24), run_before=loaded(),
                        press=["}", "}", "}"])


def test_selection_80x24(snap_compare, article):
    assert snap_compare(MarginApp(article), terminal_size=(80, 24), run_before=loaded(),
                        press=["}", "}", "v", "j", "j"])


def test_help_screen(snap_compare, article):
    assert snap_compare(MarginApp(article), terminal_size=(100, 40), run_before=loaded(),
                        press=["question_mark"])


def test_furniture_shown(snap_compare, article):
    assert snap_compare(MarginApp(article), terminal_size=(100, 32), run_before=loaded(),
                        press=["f"])


def test_orphan_in_sidebar(snap_compare, annotated):
    annotated.write_text(ARTICLE.replace("Visitor numbers fell by 12 per cent last year.",
                                         "Footfall has been falling since the pandemic."), encoding="utf-8")

    async def run_before(pilot):
        await wait_loaded(pilot)
        pilot.app.clear_notifications()  # the toast's timing is not part of the picture
        await pilot.pause()

    assert snap_compare(MarginApp(annotated), terminal_size=(110, 32), run_before=run_before)


def test_light_theme(snap_compare, annotated):
    assert snap_compare(MarginApp(annotated), terminal_size=(100, 32), run_before=loaded(), press=["t"])
