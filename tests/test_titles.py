"""Titles for the folder list: read from the top of each file, the rows on screen first,
in a worker, so a folder of big articles is usable at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotations import titles as T
from annotations.article import read_article
from annotations.cleaning import clean
from tui.folder_screen import FolderScreen

from conftest import screen_text
from test_app_folder import Host, wait_for

BODY = ("The harbour board met on Tuesday to discuss the new ferry timetable. "
        "Members said the winter service would keep two sailings a day.\n")


def big_article(path: Path, title: str, mb: int = 2) -> Path:
    text = f"{title}\n" + BODY * (mb * 2**20 // len(BODY) + 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_title_is_the_readers_for_a_small_file(tmp_path):
    p = tmp_path / "small.txt"
    p.write_text("Harbour board keeps winter sailings\n" + BODY * 3, encoding="utf-8")
    assert T.title_of(p) == clean(read_article(p)).title_text == "Harbour board keeps winter sailings"


def test_title_reads_only_the_top_of_a_big_file(tmp_path):
    # 25 MB whose tail is not text at all: reading the whole file would refuse it as
    # binary, so a title means only the top was read.
    p = tmp_path / "big.txt"
    with p.open("wb") as f:
        f.write(("Harbour board keeps winter sailings\n" + BODY * 400).encode())
        f.truncate(25 * 2**20)  # NUL bytes from here on
    assert T.title_of(p) == "Harbour board keeps winter sailings"
    # A file whose top is not text has no title, and the list does not read on for one.
    q = tmp_path / "binary.txt"
    q.write_bytes(b"\x00" * (T.TITLE_BYTES * 4))
    assert T.title_of(q) == ""


def test_reader_gives_the_wanted_titles_first(tmp_path, fixed_user):
    paths = [big_article(tmp_path / f"a{i}.txt", f"Title number {i}", mb=0) for i in range(6)]
    reader = T.TitleReader(tmp_path, paths)
    reader.want([paths[4], paths[2]])
    got = [p.name for p, _ in reader]
    assert got == ["a4.txt", "a2.txt", "a0.txt", "a1.txt", "a3.txt", "a5.txt"]
    assert dict((p.name, t) for p, t in T.TitleReader(tmp_path, paths))["a3.txt"] == "Title number 3"


async def test_folder_list_is_usable_before_the_titles_are_read(tmp_path, fixed_user, monkeypatch):
    """Forty 2 MB articles: the list shows its rows and answers keys while titles are still
    being read; the titles of the rows on screen come first, wherever the list is."""
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(40):
        big_article(folder / f"report-{i:02}.txt", f"Invented report number {i:02} on the harbour")
    allowed: set[str] = set()
    asked: list[str] = []
    gate = threading.Condition()
    released = threading.Event()
    real = T.title_of

    def slow_title(path: Path, limit: int = T.TITLE_BYTES) -> str:
        # A title is read only once the test allows it: the test, not the clock, decides
        # what is read while the list is in use.
        asked.append(path.name)
        with gate:
            gate.wait_for(lambda: released.is_set() or path.name in allowed, timeout=30)
        return real(path, limit)

    monkeypatch.setattr(T, "title_of", slow_title)
    screen = FolderScreen(folder)
    app = Host(screen)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: "report-00.txt" in screen_text(app) and asked)
            assert screen.titling  # still reading titles
            # Rows are shown and keys answer while the first title is still being read.
            await pilot.press("G")
            await wait_for(pilot, lambda: "report-39.txt" in screen_text(app))
            assert screen.table.cursor_row == 39
            await pilot.press("k")
            assert screen.table.cursor_row == 38
            # The rows now on screen are read next, before the rows in between.
            on_screen = [n for n in (f"report-{i:02}.txt" for i in range(40)) if n in screen_text(app)]
            assert "report-00.txt" not in on_screen
            with gate:
                allowed.update(on_screen + [asked[0]])
                gate.notify_all()
            await wait_for(pilot, lambda: "Invented report number 39" in screen_text(app))
            assert screen.titling
            assert set(asked[1:len(on_screen) + 1]) == set(on_screen)  # the ones on screen, first
            assert screen.by_name["report-10.txt"].title is None  # off screen: not yet
            with gate:
                released.set()
                gate.notify_all()
            await wait_for(pilot, lambda: not screen.titling)
            assert screen.by_name["report-10.txt"].title == "Invented report number 10 on the harbour"
    finally:
        released.set()
        with gate:
            gate.notify_all()
