"""The app's loader and saver without Pilot: frames from the child rebuild the same
document and layout, and the saver never raises and folds in another writer's work."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from conftest import ARTICLE, long_article_text
from tui.loader import Counted, Request, StoreRead, Suggested, Whole, _Assembler, _read_frame, child_sender, produce
from tui.saving import Saved, SaveFailed, Saver, fold_in

pytestmark = pytest.mark.usefixtures("fixed_user")


def test_frames_rebuild_what_the_producer_made(tmp_path: Path):
    path = tmp_path / "buses.txt"
    path.write_text(long_article_text(200), encoding="utf-8")
    direct: list = []
    produce(Request(path, 70, "tester"), direct.append)
    stream = io.BytesIO()
    produce(Request(path, 70, "tester"), child_sender(stream))
    stream.seek(0)
    rebuilt: list = []
    assembler = _Assembler(rebuilt.append)
    while (frame := _read_frame(stream)) is not None:
        assembler.take(frame)
    assert [type(e) for e in rebuilt] == [type(e) for e in direct]
    whole_a = next(e for e in direct if isinstance(e, Whole))
    whole_b = next(e for e in rebuilt if isinstance(e, Whole))
    assert whole_b.doc.blocks == whole_a.doc.blocks and whole_b.article.text == whole_a.article.text
    assert whole_b.layout.lines == whole_a.layout.lines
    assert whole_b.layout.first_line == whole_a.layout.first_line
    assert whole_b.layout.shown == whole_a.layout.shown
    counts = [e for e in rebuilt if isinstance(e, Counted)]
    assert counts and counts[0].body == next(e for e in direct if isinstance(e, Counted)).body
    final = [e for e in rebuilt if isinstance(e, Suggested) and e.final]
    assert [s.key for s in final[0].suggestions] == [
        s.key for s in next(e for e in direct if isinstance(e, Suggested) and e.final).suggestions]
    store = next(e for e in rebuilt if isinstance(e, StoreRead)).store
    assert store.article is whole_b.article


@pytest.mark.parametrize("windowed_above", [10**12, 2_000])
def test_the_child_streams_a_huge_articles_suggestions_a_window_at_a_time(tmp_path: Path, monkeypatch,
                                                                         windowed_above: int):
    # Issue 13 item 14: the child sends each window's suggestions as it goes, so it never
    # holds them all; the parent gathers them into the one final pass it always got.
    import annotations.suggest as sg

    monkeypatch.setattr(sg, "WINDOWED_ABOVE", windowed_above)
    monkeypatch.setattr(sg, "WINDOW", 3_000)
    path = tmp_path / "buses.txt"
    path.write_text(long_article_text(200), encoding="utf-8")
    direct: list = []
    produce(Request(path, 70, "tester"), direct.append)
    stream = io.BytesIO()
    produce(Request(path, 70, "tester"), child_sender(stream), stream=True)
    stream.seek(0)
    frames = []
    rebuilt: list = []
    assembler = _Assembler(rebuilt.append)
    while (frame := _read_frame(stream)) is not None:
        frames.append(frame[0])
        assembler.take(frame)
    want = next(e for e in direct if isinstance(e, Suggested) and e.final).suggestions
    got = [e for e in rebuilt if isinstance(e, Suggested) and e.final]
    assert len(got) == 1 and got[0].suggestions == want and want
    from annotations.suggest import SharedText

    assert all(isinstance(s._text, SharedText) for s in got[0].suggestions)  # noqa: SLF001 - one copy of the text
    parts = frames[frames.index("counted"):].count("suggestions")
    assert parts >= (5 if windowed_above < 10**12 else 1)  # a frame or more per window


def _saver(store: Store) -> tuple[Saver, list, threading.Event]:
    outcomes: list = []
    got = threading.Event()

    def report(o) -> None:
        outcomes.append(o)
        got.set()

    return Saver(store, report), outcomes, got


def test_a_save_that_raises_anything_is_one_line_and_keeps_the_change(tmp_path: Path, monkeypatch):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path)
    store = Store(article, author="tester")
    store.load()
    store.annotations.append(make_annotation(article.text, "claim", 0, 10, author="tester", taken=set()))
    monkeypatch.setattr(Store, "save", lambda self: (_ for _ in ()).throw(RecursionError("deep")))
    saver, outcomes, got = _saver(store)
    saver.request(1, store.annotations, store.rejected)
    assert saver.wait_idle(10) and got.wait(5)
    assert isinstance(outcomes[-1], SaveFailed) and "nested too deeply" in outcomes[-1].message
    assert "\n" not in outcomes[-1].message
    assert len(store.annotations) == 1 and saver.saved_seq == 0


def test_another_writers_annotation_is_folded_in(tmp_path: Path):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path)
    ours = Store(article, author="tester")
    ours.load()
    theirs = Store(article, author="other")
    theirs.load()
    theirs.annotations.append(make_annotation(article.text, "quote", 20, 40, author="other", taken=set()))
    theirs.save()
    ours.annotations.append(make_annotation(article.text, "claim", 0, 10, author="tester", taken=set()))
    saver, outcomes, got = _saver(ours)
    saver.request(1, ours.annotations, ours.rejected)
    assert saver.wait_idle(10) and got.wait(5)
    saved = outcomes[-1]
    assert isinstance(saved, Saved) and saver.saved_seq == 1
    touched = fold_in(ours, saved)
    assert sorted(a.tag for a in ours.annotations) == ["claim", "quote"]
    assert (20, 40) in touched
