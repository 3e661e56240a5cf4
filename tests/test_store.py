"""The annotations file: format, round trips, unknown keys, parse errors, atomic and failed writes."""

from __future__ import annotations

import errno
import os
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from annotations import store as store_mod
from annotations import fsio as fsio_mod
from annotations.article import read_article
from annotations.errors import StoreError, StoreParseError
from annotations.model import make_annotation
from annotations.store import Store, annotations_path, read_annotation_file

TEXT = (
    "Ferry fares on the island route rose by 12 per cent last spring.\n"
    "\n"
    "\u201cWe had no choice,\u201d the operator\u2019s chair, Nadia Orlov, said.\n"
    "The council said the rise was \u201cregrettable\u201d. Ferry fares will be reviewed.\n"
)


def write_article(folder: Path, text: str = TEXT, name: str = "ferry.txt") -> Path:
    p = folder / name
    p.write_bytes(text.encode("utf-8"))
    return p


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def add(store: Store, tag: str, needle: str, nth: int = 0, **kw):
    s, e = span(store.article.text, needle, nth)
    taken = {a.id for a in store.annotations + store.rejected}
    a = make_annotation(store.article.text, tag, s, e, author="tester", taken=taken, **kw)
    store.annotations.append(a)
    return a


@pytest.fixture
def article(tmp_path):
    return read_article(write_article(tmp_path))


def fresh(article) -> Store:
    s = Store(read_article(article.path), author="tester")
    s.load()
    return s


def test_annotations_path_is_beside_the_article(tmp_path):
    assert annotations_path(tmp_path / "starmer.txt") == tmp_path / "starmer.txt.annotations.toml"
    assert annotations_path(Path("a/b.md")) == Path("a/b.md.annotations.toml")


def test_no_file_and_nothing_to_save_creates_nothing(article):
    s = fresh(article)
    assert s.annotations == [] and s.read_only is None
    s.save()
    assert not s.path.exists()


def test_save_writes_format_1_and_load_round_trips(article):
    s = fresh(article)
    q = add(s, "quote", "We had no choice,", speaker="Nadia Orlov", note='says "no" \\ twice')
    c = add(s, "claim", "rose by 12 per cent")
    s.save()
    data = tomllib.loads(s.path.read_text("utf-8"))
    assert data["format"] == 1
    assert data["article"] == {"file": "ferry.txt", "sha256": article.sha256, "length": len(article.text)}
    entries = data["annotations"]
    assert [e["id"] for e in entries] == [c.id, q.id]  # sorted by start
    assert entries[1]["speaker"] == "Nadia Orlov"
    assert "speaker" not in entries[0]  # omitted when None
    assert isinstance(entries[0]["created"], datetime)
    assert "orphan" not in entries[0]
    t = fresh(article)
    assert [(a.id, a.tag, a.start, a.end, a.text, a.note, a.speaker, a.prefix, a.suffix, a.created)
            for a in t.annotations] == [
        (a.id, a.tag, a.start, a.end, a.text, a.note, a.speaker, a.prefix, a.suffix, a.created) for a in (c, q)]


def test_created_is_written_as_rfc3339_utc(article):
    s = fresh(article)
    a = add(s, "claim", "rose by 12 per cent")
    a.created = datetime(2026, 11, 29, 23, 15, tzinfo=timezone.utc)
    s.save()
    assert "created = 2026-11-29T23:15:00Z\n" in s.path.read_text("utf-8")


def test_entries_sorted_by_start_end_tag(article):
    s = fresh(article)
    add(s, "quote", "Ferry fares", 1)
    add(s, "quote", "Ferry fares")
    add(s, "claim", "Ferry fares")
    add(s, "claim", "Ferry fares on the island")
    s.save()
    got = [(e["start"], e["end"], e["tag"]) for e in tomllib.loads(s.path.read_text("utf-8"))["annotations"]]
    assert got == sorted(got)
    assert got[0][2] == "claim" and got[1][2] == "quote"


def test_offsets_slice_the_decoded_text_with_crlf_and_bom(tmp_path):
    raw = "\ufeffFirst line.\r\nSecond \u201cquoted\u201d line.\r\n".encode("utf-8")
    p = tmp_path / "crlf.txt"
    p.write_bytes(raw)
    art = read_article(p)
    s = Store(art)
    s.load()
    a = add(s, "quote", "quoted")
    s.save()
    f = read_annotation_file(s.path)
    assert f.annotations[0].start == a.start == len("First line.\nSecond \u201c")
    assert art.text[f.annotations[0].start:f.annotations[0].end] == "quoted"


def test_unknown_keys_and_tables_are_kept(article):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    text = s.path.read_text("utf-8")
    text = text.replace("format = 1\n", 'format = 1\ntool = "other"\n', 1)
    text = text.replace('origin = "manual"\n', 'origin = "manual"\nconfidence = 0.5\nlabels = ["x", "y"]\n', 1)
    text = text.replace("length = ", 'fetched = 2026-01-02T03:04:05Z\nlength = ', 1)
    text += '\n[reviewer]\nname = "Ola"\nscores = { a = 1 }\n'
    s.path.write_text(text, "utf-8")
    t = fresh(article)
    assert t.annotations[0].extra == {"confidence": 0.5, "labels": ["x", "y"]}
    t.annotations[0].note = "checked"
    add(t, "quote", "We had no choice,")
    t.save()
    data = tomllib.loads(t.path.read_text("utf-8"))
    assert data["tool"] == "other"
    assert data["reviewer"] == {"name": "Ola", "scores": {"a": 1}}
    assert data["article"]["fetched"] == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    claim = [e for e in data["annotations"] if e["tag"] == "claim"][0]
    assert claim["confidence"] == 0.5 and claim["labels"] == ["x", "y"] and claim["note"] == "checked"


def test_rejected_round_trips_with_reason(article):
    s = fresh(article)
    a = add(s, "boilerplate", "The council said", origin="suggested")
    s.annotations.remove(a)
    a.reason = "not furniture: body text"
    s.rejected.append(a)
    s.save()
    data = tomllib.loads(s.path.read_text("utf-8"))
    assert "annotations" not in data
    assert data["rejected"][0]["reason"] == "not furniture: body text"
    assert data["rejected"][0]["tag"] == "boilerplate"
    t = fresh(article)
    assert t.annotations == [] and [(r.id, r.reason, r.origin) for r in t.rejected] == [
        (a.id, a.reason, "suggested")]


def test_removing_everything_keeps_an_empty_file(article):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    s.annotations.clear()
    s.save()
    f = read_annotation_file(s.path)
    assert f.annotations == [] and f.sha256 == article.sha256


def test_unchanged_save_does_not_rewrite(article):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    before = os.stat(s.path).st_ino
    s.save()
    assert os.stat(s.path).st_ino == before


def test_file_mode_is_kept(article):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    os.chmod(s.path, 0o640)
    add(s, "quote", "We had no choice,")
    s.save()
    assert os.stat(s.path).st_mode & 0o777 == 0o640


# --- files that do not parse ------------------------------------------------------

BROKEN = 'format = 1\n[article]\nfile = "ferry.txt"\nsha256 = "x"\nlength = 3\n\n[[annotations]]\nid = "a1"\ntag = claim\n'


def test_broken_toml_names_line_and_column_and_is_never_overwritten(article):
    path = annotations_path(article.path)
    path.write_text(BROKEN, "utf-8")
    before = path.read_bytes()
    s = Store(article)
    with pytest.raises(StoreParseError) as info:
        s.load()
    err = info.value
    assert (err.line, err.column) == (9, 7)
    assert str(err).startswith(f"{path}:9:7: not valid TOML")
    assert "\n" not in str(err)
    assert s.read_only and "ferry.txt.annotations.toml:9:7" in s.read_only
    add(s, "claim", "rose by 12 per cent")
    with pytest.raises(StoreError):
        s.save()
    assert path.read_bytes() == before


def test_read_only_store_saves_again_once_the_file_is_fixed_and_keeps_both(article):
    good = fresh(article)
    theirs = add(good, "claim", "rose by 12 per cent")
    good.save()
    fixed = good.path.read_bytes()
    good.path.write_text(BROKEN, "utf-8")
    s = Store(article)
    with pytest.raises(StoreParseError):
        s.load()
    ours = add(s, "quote", "We had no choice,")
    with pytest.raises(StoreError):
        s.save()
    assert s.path.read_text("utf-8") == BROKEN
    s.path.write_bytes(fixed)  # the user repairs the file by hand
    s.save()
    assert s.read_only is None
    assert {a.id for a in read_annotation_file(s.path).annotations} == {theirs.id, ours.id}
    assert "reads again" in s.merge_messages[0]


def test_value_toml_cannot_hold_is_a_one_line_error(article):
    s = fresh(article)
    a = add(s, "claim", "rose by 12 per cent")
    a.extra["bad"] = object()
    with pytest.raises(StoreError) as info:
        s.save()
    assert "\n" not in str(info.value) and str(info.value).startswith(f"{s.path}: not saved:")
    assert not s.path.exists() and s.annotations == [a]
    del a.extra["bad"]
    a.note = "lone \udc80 surrogate"
    with pytest.raises(StoreError):
        s.save()
    assert not s.path.exists()


def test_file_broken_between_load_and_save_is_not_overwritten(article):
    s = fresh(article)
    a = add(s, "claim", "rose by 12 per cent")
    s.save()
    s.path.write_text(BROKEN, "utf-8")
    before = s.path.read_bytes()
    add(s, "quote", "We had no choice,")
    with pytest.raises(StoreParseError):
        s.save()
    assert s.path.read_bytes() == before
    assert len(s.annotations) == 2 and s.annotations[0] is a


def test_error_at_end_of_document_has_a_position(article):
    path = annotations_path(article.path)
    path.write_text('format = 1\nname = "open', "utf-8")
    with pytest.raises(StoreParseError) as info:
        read_annotation_file(path)
    assert info.value.line == 2 and info.value.column is not None


@pytest.mark.parametrize("body, message, line", [
    ("format = 2\n[article]\nfile='a'\nsha256=''\nlength=0\n", "newer Margin", 1),
    ('[article]\nfile="a"\nsha256=""\nlength=0\n', "no 'format'", None),
    ("format = 1\n", "[article]", None),
    ('format = 1\n[article]\nfile="a"\nsha256=""\nlength=0\n[[annotations]]\nid="a1"\ntag="claim"\nstart=1\n'
     'text="x"\n', "missing required key 'end'", 6),
    ('format = 1\n[article]\nfile="a"\nsha256=""\nlength=0\n[[annotations]]\nid="a1"\ntag="claim"\nstart=1\n'
     'end=2\ntext="x"\n[[annotations]]\nid="a1"\ntag="claim"\nstart=1\nend=2\ntext="x"\n', "used twice", 12),
    ('format = 1\n[article]\nfile="a"\nsha256=""\nlength=0\n[[rejected]]\nid="a1"\ntag="claim"\nstart=1\n'
     'end=2\ntext="x"\n[[rejected]]\nid="a1"\ntag="claim"\nstart=1\nend=2\ntext="x"\n', "used twice", 12),
    ('format = 1\n[article]\nfile="a"\nsha256=""\nlength=0\n[[annotations]]\nid="a1"\ntag="claim"\nstart=5\n'
     'end=2\ntext="x"\n', "not 0 <= start <= end", 6),
    ('format = 1\n[article]\nfile="a"\nsha256=""\nlength=0\n[[annotations]]\nid="a1"\ntag="claim"\nstart="5"\n'
     'end=6\ntext="x"\n', "must be integers", 6),
])
def test_wrong_format_is_a_parse_error_with_a_line(tmp_path, body, message, line):
    p = tmp_path / "x.txt.annotations.toml"
    p.write_text(body, "utf-8")
    with pytest.raises(StoreParseError) as info:
        read_annotation_file(p)
    assert message in str(info.value)
    assert info.value.line == line


def test_non_utf8_file_is_a_parse_error(tmp_path):
    p = tmp_path / "x.txt.annotations.toml"
    p.write_bytes(b'format = 1\nnote = "caf\xe9"\n')
    with pytest.raises(StoreParseError) as info:
        read_annotation_file(p)
    assert (info.value.line, info.value.column) == (2, 12)


def test_utf8_bom_in_annotations_file_is_accepted(article):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    s.path.write_bytes(b"\xef\xbb\xbf" + s.path.read_bytes())
    assert len(fresh(article).annotations) == 1


# --- failed writes ----------------------------------------------------------------

def test_failed_replace_loses_nothing_and_the_next_save_writes_everything(article, monkeypatch):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    before = s.path.read_bytes()
    add(s, "quote", "We had no choice,")

    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fsio_mod.os, "replace", refuse)
    with pytest.raises(StoreError) as info:
        s.save()
    assert str(info.value) == f"{s.path}: not saved: Permission denied"
    assert s.path.read_bytes() == before
    assert len(s.annotations) == 2
    assert not [p for p in s.path.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    s.save()
    assert {a.tag for a in read_annotation_file(s.path).annotations} == {"claim", "quote"}


def test_full_disk_is_one_line_and_leaves_no_temp_file(article, monkeypatch):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio_mod.os, "write", full)
    with pytest.raises(StoreError) as info:
        s.save()
    assert "No space left on device" in str(info.value) and "\n" not in str(info.value)
    assert not s.path.exists()
    assert [p.name for p in s.path.parent.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(fsio_mod.os, "write", real_write)
    s.save()
    assert len(read_annotation_file(s.path).annotations) == 1


def test_lock_cannot_be_created_in_read_only_folder(article, monkeypatch):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    real_open = os.open

    def ro(path, flags, *a):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *a)

    monkeypatch.setattr(fsio_mod.os, "open", ro)
    with pytest.raises(StoreError) as info:
        s.save()
    assert "Read-only file system" in str(info.value)
    assert len(s.annotations) == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_chmod(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    art = read_article(write_article(folder))
    s = Store(art)
    s.load()
    add(s, "claim", "rose by 12 per cent")
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError):
            s.save()
        assert len(s.annotations) == 1
    finally:
        folder.chmod(0o755)


def test_save_waits_for_the_lock_and_gives_up_with_an_error(article, monkeypatch):
    import fcntl

    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.2)
    fd = os.open(store_mod.lock_path(s.path), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(StoreError) as info:
            s.save()
        assert "another process holds the lock" in str(info.value)
        assert not s.path.exists() and len(s.annotations) == 1
    finally:
        os.close(fd)
    s.save()
    assert s.path.exists()


# --- re-anchoring through the store --------------------------------------------------

def test_changed_article_reanchors_and_save_records_new_offsets_and_sha(article):
    s = fresh(article)
    q = add(s, "quote", "We had no choice,")
    c = add(s, "claim", "rose by 12 per cent")
    gone = add(s, "claim", "The council said the rise was")
    s.save()
    new_text = "Updated at noon.\n" + TEXT.replace("The council said the rise was", "Officials called it")
    write_article(article.path.parent, new_text)
    t = Store(read_article(article.path))
    report = t.load()
    assert report.article_changed
    assert (report.moved, report.orphan) == (2, 1)
    assert [o.id for o in report.orphans] == [gone.id]
    assert any(f"moved {q.start}..{q.end}" in m for m in report.messages)
    t.save()
    f = read_annotation_file(t.path)
    assert f.sha256 == read_article(article.path).sha256
    by_id = {a.id: a for a in f.annotations}
    assert new_text[by_id[q.id].start:by_id[q.id].end] == q.text
    assert new_text[by_id[c.id].start:by_id[c.id].end] == c.text
    assert by_id[gone.id].anchor == "orphan"
    assert (by_id[gone.id].start, by_id[gone.id].text) == (gone.start, gone.text)  # last known, kept
    assert "orphan = true" in t.path.read_text("utf-8")


def test_orphan_that_anchors_again_loses_its_mark(article):
    s = fresh(article)
    a = add(s, "claim", "The council said the rise was")
    s.save()
    write_article(article.path.parent, TEXT.replace("The council said the rise was", "Someone said it was"))
    t = fresh(article)
    assert t.annotations[0].orphan
    t.save()
    write_article(article.path.parent, "New first line.\n" + TEXT)
    u = fresh(article)
    assert not u.annotations[0].orphan
    assert u.report.moves[0].status == "moved"
    u.save()
    assert "orphan" not in u.path.read_text("utf-8")
    f = read_annotation_file(u.path)
    assert (f.annotations[0].id, f.annotations[0].text) == (a.id, a.text)


def test_fuzzy_reanchor_takes_new_text_and_report_keeps_the_old(article):
    s = fresh(article)
    a = add(s, "quote", "We had no choice,\u201d the operator\u2019s chair")
    s.save()
    edited = TEXT.replace("We had no choice,", "We had no real choice,")
    write_article(article.path.parent, edited)
    t = fresh(article)
    assert t.report.fuzzy == 1
    move = t.report.moves[0]
    assert move.old_text == a.text
    got = t.annotations[0]
    assert got.text == edited[got.start:got.end]
    assert "no real choice" in got.text
    assert "fuzzily" in t.report.messages[0]


def test_renamed_article_is_reported_and_recorded(tmp_path):
    a = read_article(write_article(tmp_path))
    s = Store(a)
    s.load()
    add(s, "claim", "rose by 12 per cent")
    s.save()
    new = write_article(tmp_path, name="ferry2.txt")
    annotations_path(a.path).rename(annotations_path(new))
    t = Store(read_article(new))
    report = t.load()
    assert any("'ferry.txt'" in m for m in report.messages)
    t.save()
    assert read_annotation_file(t.path).article_file == "ferry2.txt"


def test_symlinked_file_is_written_through_the_link(article, tmp_path):
    s = fresh(article)
    add(s, "claim", "rose by 12 per cent")
    s.save()
    real = tmp_path / "elsewhere.toml"
    s.path.rename(real)
    s.path.symlink_to(real)
    t = fresh(article)
    add(t, "quote", "We had no choice,")
    t.save()
    assert t.path.is_symlink()
    assert len(read_annotation_file(real).annotations) == 2


def test_id_shared_by_an_annotation_and_a_rejection_is_tolerated_then_separated(article):
    s = fresh(article)
    a = add(s, "claim", "rose by 12 per cent")
    r = add(s, "boilerplate", "The council said")
    s.annotations.remove(r)
    s.rejected.append(r.copy(id=a.id))
    s.save()
    f = read_annotation_file(s.path)
    assert f.annotations[0].id == a.id and f.rejected[0].id != a.id
    assert any("shared its id" in m for m in s.merge_messages)
    # A file written by another tool with the clash still loads.
    s.path.write_text(s.path.read_text("utf-8").replace(f.rejected[0].id, a.id), "utf-8")
    t = fresh(article)
    assert t.read_only is None and t.rejected[0].id == a.id
