"""Folder level: article discovery, done marks, reading positions, per-article state."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from annotations import folder as F
from annotations.errors import StoreError, StoreParseError


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    path = tmp_path / "userstate" / "positions.json"
    monkeypatch.setattr(F, "positions_path", lambda: path)
    monkeypatch.setenv("MARGIN_AUTHOR", "tester")
    return path


def write(path: Path, text: str = "A line of invented text.\n") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_list_articles_filters_and_sorts_naturally(tmp_path):
    d = tmp_path / "news"
    d.mkdir()
    for name in ("part 10.txt", "part 2.txt", "Alpha.md", "beta.markdown", "notes.pdf",
                 "part 2.txt.annotations.toml", ".hidden.txt", "margin.toml"):
        write(d / name)
    (d / "sub").mkdir()
    write(d / "sub" / "inner.txt")
    (d / "folder.txt").mkdir()  # a folder named like an article is not one
    assert [p.name for p in F.list_articles(d)] == ["Alpha.md", "beta.markdown", "part 2.txt", "part 10.txt"]


def test_list_articles_missing_folder_is_one_line_error(tmp_path):
    with pytest.raises(StoreError) as e:
        F.list_articles(tmp_path / "nope")
    assert "no such folder" in str(e.value) and "\n" not in str(e.value)


def test_neighbour_next_and_previous(tmp_path):
    a, b, c = (write(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt"))
    assert F.neighbour(a, 1) == b
    assert F.neighbour(b, 1) == c
    assert F.neighbour(c, 1) is None
    assert F.neighbour(b, -1) == a
    assert F.neighbour(a, -1) is None


def test_done_marks_round_trip_and_keep_unknown_keys(tmp_path):
    a = write(tmp_path / "a.txt")
    b = write(tmp_path / "b.txt")
    assert F.load_state(tmp_path).done == {}
    F.set_done(a, True, author="ana")
    F.set_done(b, True)
    st = F.load_state(tmp_path)
    assert set(st.done) == {"a.txt", "b.txt"}
    assert st.done["a.txt"].by == "ana" and st.done["b.txt"].by == "tester"
    # A key another tool added survives our rewrite.
    path = F.state_path(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + '\n[other]\nx = 1\n', encoding="utf-8")
    F.set_done(b, False)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["other"] == {"x": 1}
    assert list(data["done"]) == ["a.txt"]
    assert F.article_state(a, 0, F.load_state(tmp_path)) == F.DONE
    assert F.article_state(b, 3, F.load_state(tmp_path)) == F.IN_PROGRESS
    assert F.article_state(b, 0, F.load_state(tmp_path)) == F.NEW


def test_unparseable_state_file_is_never_overwritten(tmp_path):
    a = write(tmp_path / "a.txt")
    path = F.state_path(tmp_path)
    path.write_text("[done\n'a.txt' = 1\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreParseError) as e:
        F.set_done(a, True)
    assert str(e.value).startswith(f"{path}:1")
    assert path.read_bytes() == before


def test_set_done_in_read_only_folder_raises_store_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    a = write(tmp_path / "a.txt")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StoreError):
            F.set_done(a, True)
    finally:
        tmp_path.chmod(0o700)


def test_positions_saved_per_absolute_path(tmp_path, state_dir, monkeypatch):
    a = write(tmp_path / "a.txt")
    b = write(tmp_path / "b.txt")
    assert F.load_position(a) is None
    F.save_position(a, 120)
    F.save_position(b, 7)
    F.save_position(a, 130)
    monkeypatch.chdir(tmp_path)
    assert F.load_position("a.txt") == 130  # a relative path finds the same article
    assert F.load_position(b) == 7
    assert not list(state_dir.parent.glob("*.tmp"))
    with pytest.raises(ValueError):
        F.save_position(a, -1)


def test_damaged_positions_file_starts_over(tmp_path, state_dir):
    a = write(tmp_path / "a.txt")
    state_dir.parent.mkdir(parents=True)
    state_dir.write_text("{not json", encoding="utf-8")
    assert F.load_position(a) is None
    F.save_position(a, 5)
    assert F.load_position(a) == 5


def test_positions_trim_oldest(tmp_path, monkeypatch):
    monkeypatch.setattr(F, "MAX_POSITIONS", 3)
    arts = [write(tmp_path / f"{i}.txt") for i in range(5)]
    for i, a in enumerate(arts):
        F.save_position(a, i)
    assert [F.load_position(a) for a in arts] == [None, None, 2, 3, 4]


def test_set_done_write_failure_is_store_error_and_keeps_old_file(tmp_path, monkeypatch):
    a = write(tmp_path / "a.txt")
    F.set_done(a, True)
    before = F.state_path(tmp_path).read_bytes()
    from annotations import fsio

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsio.os, "write", full_disk)
    with pytest.raises(StoreError) as e:
        F.set_done(a, False)
    assert "No space left" in str(e.value)
    monkeypatch.undo()
    assert F.state_path(tmp_path).read_bytes() == before


def test_article_titles_are_cached_and_follow_changes(tmp_path, monkeypatch):
    from annotations import cleaning
    from annotations import index as index_mod

    monkeypatch.setattr(index_mod, "cache_dir", lambda: tmp_path / "cache")
    a = write(tmp_path / "a.md", "# Lighthouse keeper retires\n\nShe kept the light for forty years.\n")
    b = write(tmp_path / "b.txt", "Storm closes the coast road\n\nThe road shut at six.\n")
    write(tmp_path / "c.txt", "")
    old = os.stat(a).st_mtime - 60
    for p in tmp_path.glob("*.*"):
        os.utime(p, (old, old))
    got = dict(F.article_titles(tmp_path))
    assert got[a] == "Lighthouse keeper retires"
    assert got[b] == "Storm closes the coast road"
    assert got[tmp_path / "c.txt"] == ""

    calls = []
    real = cleaning.clean
    monkeypatch.setattr(cleaning, "clean", lambda art: calls.append(art.path.name) or real(art))
    assert dict(F.article_titles(tmp_path)) == got
    assert calls == []  # all three from the cache
    b.write_text("Coast road reopens\n\nIt reopened at noon.\n", encoding="utf-8")
    os.utime(b, (old + 5, old + 5))
    assert dict(F.article_titles(tmp_path))[b] == "Coast road reopens"
    assert calls == ["b.txt"]
