"""annotations/fsio.py: the one read check, the one atomic write, the one lock."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from annotations import folder as F
from annotations import fsio
from annotations.article import article_from_text, read_article
from annotations.errors import StoreError
from annotations.model import make_annotation
from annotations.store import Store, merge_three_way, read_annotation_file
from annotations.tomlformat import canonical

TEXT = "The council said the rise was needed. Rates rose by 12 per cent.\n"


def _store(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    s = Store(read_article(p), author="ana")
    s.load()
    return s


def _add(s, tag, phrase):
    i = s.article.text.index(phrase)
    a = make_annotation(s.article.text, tag, i, i + len(phrase), author="ana")
    s.annotations.append(a)
    return a


# ------------------------------------------------------------------ lock files

def test_no_lock_file_is_left_beside_the_article_after_a_save(tmp_path):
    s = _store(tmp_path)
    _add(s, "claim", "rose by 12 per cent")
    s.save()
    assert s.path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")] == []


def test_no_lock_file_is_left_beside_the_done_marks(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    F.set_done(a, True)
    assert F.load_state(tmp_path).done
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")] == []


def test_the_lock_still_excludes_while_held_and_times_out_in_one_line(tmp_path, monkeypatch):
    import annotations.store as store_mod

    s = _store(tmp_path)
    _add(s, "claim", "rose by 12 per cent")
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.2)
    with fsio.FileLock(s.path):
        assert fsio.lock_path(s.path).exists()
        with pytest.raises(StoreError) as info:
            s.save()
    assert "another process holds the lock" in str(info.value) and "\n" not in str(info.value)
    assert not s.path.exists()
    s.save()
    assert s.path.exists()


def test_removing_the_lock_file_never_lets_two_writers_in(tmp_path):
    counter = tmp_path / "n"
    counter.write_text("0")
    inside = []

    def work() -> None:
        for _ in range(60):
            with fsio.FileLock(counter, timeout=30):
                inside.append(1)
                assert len(inside) == 1
                counter.write_text(str(int(counter.read_text()) + 1))
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counter.read_text() == "180"
    assert not fsio.lock_path(counter).exists()


def test_waiting_for_the_lock_is_reported_once(tmp_path):
    target = tmp_path / "x"
    waits = []
    with fsio.FileLock(target):
        with pytest.raises(fsio.LockTimeout):
            with fsio.FileLock(target, timeout=0.1, on_wait=lambda: waits.append(1)):
                pass
    assert waits == [1]


# ------------------------------------------------------------------ stale temporary files

def test_stale_temp_files_of_a_killed_save_are_removed_on_the_next_save(tmp_path):
    s = _store(tmp_path)
    _add(s, "claim", "rose by 12 per cent")
    s.save()
    stale = tmp_path / f".{s.path.name}.0123abcd.tmp"
    stale.write_text("half a file")
    older = tmp_path / f".{s.path.name}.4242.deadbeef.tmp"  # the folder module's old naming
    older.write_text("half")
    other = tmp_path / ".b.txt.annotations.toml.0123abcd.tmp"  # another file's: not ours
    other.write_text("x")
    look_alike = tmp_path / f".{s.path.name}.notatemp.tmp"
    look_alike.write_text("x")
    s = Store(read_article(s.article.path), author="ana")  # the next session, after the crash
    s.load()
    _add(s, "quote", "The council said")
    s.save()
    assert not stale.exists() and not older.exists()
    assert other.exists() and look_alike.exists()
    assert len(read_annotation_file(s.path).annotations) == 2


def test_a_symlinked_temp_name_is_not_followed_or_removed(tmp_path):
    s = _store(tmp_path)
    _add(s, "claim", "rose by 12 per cent")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / f".{s.path.name}.0123abcd.tmp"
    link.symlink_to(victim)
    s.save()
    assert victim.read_text() == "keep me" and link.is_symlink()


# ------------------------------------------------------------------ atomic write

def test_atomic_write_keeps_permissions_and_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.toml"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    fsio.atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_atomic_writer_leaves_nothing_when_the_block_fails(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with fsio.atomic_writer(target, text=True) as f:
            f.write("half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ the read check

def test_read_file_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "x.annotations.toml"
    os.mkfifo(fifo)
    with pytest.raises(fsio.FileRefused) as info:
        fsio.read_file(fifo, 1000)
    assert info.value.kind == "special" and "FIFO" in str(info.value)


def test_read_file_refuses_a_device_a_folder_a_loop_and_a_big_file(tmp_path):
    with pytest.raises(fsio.FileRefused) as info:
        fsio.read_file("/dev/zero", 1000)
    assert info.value.kind == "special"
    with pytest.raises(fsio.FileRefused) as info:
        fsio.read_file(tmp_path, 1000)
    assert info.value.kind == "folder"
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(fsio.FileRefused) as info:
        fsio.read_file(loop, 1000)
    assert info.value.kind == "loop"
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(fsio.FileRefused) as info:
        fsio.read_file(big, 1000)
    assert info.value.kind == "too big"
    with pytest.raises(FileNotFoundError):
        fsio.read_file(tmp_path / "missing", 1000)


def test_read_file_follows_a_good_symlink(tmp_path):
    real = tmp_path / "real"
    real.write_bytes(b"abc")
    link = tmp_path / "link"
    link.symlink_to(real)
    assert fsio.read_file(link, 10) == b"abc"


# ------------------------------------------------------------------ the merge is public

def test_merge_three_way_is_usable_on_its_own():
    art = article_from_text(TEXT)
    base_a = make_annotation(art.text, "claim", 0, 11, author="ana")
    ours_a = base_a.copy(note="ours")
    theirs_a = base_a.copy(note="theirs")
    added = make_annotation(art.text, "quote", 12, 20, author="ben")
    merged, messages = merge_three_way({base_a.id: canonical(base_a)}, [ours_a], [theirs_a, added])
    notes = sorted(a.note for a in merged)
    assert notes == ["", "ours", "theirs"]
    assert any(a.extra.get("conflict_of") == base_a.id for a in merged)
    assert len(messages) == 2
