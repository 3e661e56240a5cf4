"""Saving through the app: failed saves keep changes, quitting asks, unparseable files
stay untouched, and orphans from a changed article are listed, not hidden."""

from __future__ import annotations

import errno

import pytest

import annotations.store as store_module
from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from conftest import ARTICLE, annotations_of, screen_text, settled, until, wait_loaded
from tui import MarginApp
from tui.screens import ConfirmQuit

pytestmark = pytest.mark.usefixtures("fixed_user")

SIZE = (100, 32)


def full_disk(monkeypatch):
    real = store_module.atomic_write

    def fail(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "atomic_write", fail)
    return lambda: monkeypatch.setattr(store_module, "atomic_write", real)


async def test_failed_save_keeps_the_change_and_the_next_save_writes_all(article, monkeypatch):
    restore = full_disk(monkeypatch)
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c")
        await settled(pilot)
        shown = screen_text(app)
        assert "not saved" in shown and "No space left on device" in shown
        assert annotations_of(article) == []
        assert app.dirty
        restore()
        await pilot.press("j", "q")
        await settled(pilot)
        entries = annotations_of(article)
        assert sorted(a["tag"] for a in entries) == ["claim", "quote"]
        assert "saved" in screen_text(app) and "not saved" not in screen_text(app)
        assert not app.dirty


async def test_quitting_with_unsaved_changes_asks(article, monkeypatch):
    restore = full_disk(monkeypatch)
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c", "ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmQuit), what="the question")
        assert "1 change(s) are not saved" in screen_text(app)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmQuit) and app.is_running
        restore()
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmQuit), what="the question")
        await pilot.press("s")  # try saving again: it works now, so the app quits
        await until(pilot, lambda: not app.is_running, what="the app to quit")
    assert [a["tag"] for a in annotations_of(article)] == ["claim"]


async def test_quit_anyway_after_asking(article, monkeypatch):
    full_disk(monkeypatch)
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c", "ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmQuit), what="the question")
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert annotations_of(article) == []


async def test_hang_up_saves_pending_changes(article, monkeypatch):
    restore = full_disk(monkeypatch)
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c")
        assert annotations_of(article) == []
        restore()
        app.hang_up()
        await pilot.pause()
    assert [a["tag"] for a in annotations_of(article)] == ["claim"]


async def test_unparseable_annotations_file_is_read_only_and_untouched(article):
    toml = article.with_name(article.name + ".annotations.toml")
    broken = b'format = 1\n\n[[annotations]]\nid = "abc123"\ntag = "claim\n'
    toml.write_bytes(broken)
    app = MarginApp(article)
    async with app.run_test(size=(140, 32)) as pilot:
        await wait_loaded(pilot)
        shown = screen_text(app)
        assert "Eastmoor library to close" in shown  # the article still opens
        assert "read-only" in shown
        assert f"{toml.name}:5" in shown
        await pilot.press("j", "c", "x", "ctrl+s")
        assert toml.read_bytes() == broken
        assert app.store.annotations == []
        assert any("read-only" in (n.title or "") for n in app._notifications)


async def test_orphans_are_listed_in_their_own_group(article):
    old = read_article(article)
    store = Store(old, author="tester")
    store.load()
    gone = old.text.index("Visitor numbers fell")
    kept = old.text.index("The council will review")
    store.annotations.append(make_annotation(old.text, "claim", gone, gone + len("Visitor numbers fell by 12 per cent last year."), author="tester"))
    store.annotations.append(make_annotation(old.text, "quote", kept, kept + len("The council will review the new hours in a year."), author="tester"))
    store.save()
    # The article changes: the visitor figure is rewritten, a paragraph is added before.
    article.write_text(ARTICLE.replace("Visitor numbers fell by 12 per cent last year.",
                                       "Footfall has been falling since the pandemic.")
                       .replace("Parents at", "A petition has 300 names.\nParents at"), encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=(110, 32)) as pilot:
        await wait_loaded(pilot)
        shown = screen_text(app)
        assert "Orphans (1)" in shown
        assert "Visitor numbers fell by 12 per" in shown
        # The other annotation moved with its text and is drawn there.
        new_text = app.article.text
        quote = next(a for a in app.store.annotations if a.tag == "quote")
        assert new_text[quote.start:quote.end] == "The council will review the new hours in a year."
        # The orphan is kept in the file.
        await pilot.press("ctrl+s")
        entries = annotations_of(article)
        assert len(entries) == 2
        assert any(a.get("orphan") for a in entries)
        # From the sidebar, an orphan can be removed (x) on purpose, and undone (u).
        # (Suggestions hidden with z, so the orphan is the sidebar's last row.)
        await pilot.press("z", "tab", "end", "x")
        entries = annotations_of(article)
        assert [a["tag"] for a in entries] == ["quote"]
        assert "Orphans" not in screen_text(app)
        await pilot.press("tab", "u")
        assert len(annotations_of(article)) == 2


async def test_a_save_waiting_on_the_lock_says_so_and_keys_go_on(article):
    """Another process holds the file's lock: the footer says the save waits for it, the
    keys keep working meanwhile, and the save goes through once the lock is let go."""
    import fcntl

    from annotations.store import lock_path

    app = MarginApp(article)
    async with app.run_test(size=(140, 32)) as pilot:
        await wait_loaded(pilot)
        toml = article.with_name(article.name + ".annotations.toml")
        with open(lock_path(toml), "a+") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            await pilot.press("j", "c")
            await until(pilot, lambda: "waiting for the lock" in screen_text(app), what="the footer")
            await pilot.press("j")  # a key while the save waits
            assert "sentence 3 of" in screen_text(app)
            assert not toml.exists()  # not written while the lock is held
        await settled(pilot)
        assert [a["tag"] for a in annotations_of(article)] == ["claim"]
        assert "waiting for the lock" not in screen_text(app)


async def test_a_save_that_raises_keeps_the_change_and_says_why(article, monkeypatch):
    """Not a StoreError (a file nested too deeply to write): the change stays in memory,
    the footer says why on one line, and the next save that works writes it."""

    def deep(self):
        raise RecursionError("maximum recursion depth exceeded")

    real = Store.save
    monkeypatch.setattr(Store, "save", deep)
    app = MarginApp(article)
    async with app.run_test(size=(140, 32)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c")
        await settled(pilot)
        assert "not saved" in screen_text(app) and "nested too deeply" in screen_text(app)
        assert [a.tag for a in app.store.annotations] == ["claim"]  # kept in memory
        assert app.dirty and app.is_running
        monkeypatch.setattr(Store, "save", real)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert [a["tag"] for a in annotations_of(article)] == ["claim"]
        assert not app.dirty
