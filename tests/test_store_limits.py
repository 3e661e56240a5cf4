"""Deep and huge TOML (issue 13 items 11 and 12): refused in one line naming the file,
one bad file never stops a folder command, and saving raises nothing but StoreError."""

from __future__ import annotations

import pytest

from annotations import index as index_mod
from annotations import store as store_mod
from annotations import tomlformat
from annotations.article import read_article
from annotations.errors import StoreError, StoreParseError
from annotations.model import make_annotation
from annotations.store import Store, annotations_path, read_annotation_file
from tui.cli import main

TEXT = "The council said fees rise by 8 per cent in May.\n"
HEAD = 'format = 1\n[article]\nfile = "a.txt"\nsha256 = "x"\nlength = 1\n'


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(index_mod, "cache_dir", lambda: tmp_path / "cache")


def folder_with(tmp_path, body: str):
    d = tmp_path / "news"
    d.mkdir()
    good = d / "good.txt"
    good.write_text(TEXT, "utf-8")
    s = Store(read_article(good), author="ana")
    s.load()
    i = TEXT.index("fees rise")
    s.annotations.append(make_annotation(TEXT, "claim", i, i + 9, author="ana"))
    s.save()
    bad = d / "a.txt"
    bad.write_text(TEXT, "utf-8")
    annotations_path(bad).write_text(body, "utf-8")
    return d, bad


DEEP_ARRAY = HEAD.replace("[article]", "x = " + "[" * 500 + "]" * 500 + "\n[article]")
DEEP_INLINE = HEAD.replace("[article]", "x = " + "{a = " * 300 + "1" + "}" * 300 + "\n[article]")
DEEP_TABLES = HEAD + "[" + ".".join(["t"] * 1000) + "]\nv = 1\n"


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_INLINE, DEEP_TABLES], ids=["array", "inline", "tables"])
def test_deep_nesting_is_refused_in_one_line_naming_the_file(tmp_path, body):
    p = tmp_path / "a.txt.annotations.toml"
    p.write_text(body, "utf-8")
    with pytest.raises(StoreParseError) as info:
        read_annotation_file(p)
    msg = str(info.value)
    assert msg.startswith(str(p)) and "nested more than 32 levels" in msg and "\n" not in msg


def test_nesting_within_the_limit_is_kept_on_save(tmp_path):
    d, bad = folder_with(tmp_path, HEAD.replace('file = "a.txt"', 'file = "a.txt"\nshape = ' + "[" * 20 + "1" + "]" * 20))
    s = Store(read_article(bad))
    s.load()
    s.annotations.append(make_annotation(TEXT, "claim", 0, 3))
    s.save()
    assert read_annotation_file(annotations_path(bad)).article_extra["shape"] == eval("[" * 20 + "1" + "]" * 20)


def test_brackets_inside_strings_do_not_count():
    text = 'a = "' + "[" * 100 + '"\nb = \'' + "{" * 100 + "'\n# " + "[" * 100 + '\nc = """\n' + "[" * 100 + '\n"""\n'
    assert tomlformat.bracket_depth(text) == (0, 0)


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_TABLES], ids=["array", "tables"])
def test_a_deep_file_skips_only_that_file_in_folder_commands(tmp_path, capsys, body):
    d, bad = folder_with(tmp_path, body)
    for cmd in (["review", str(d)], ["stats", str(d)], ["check", str(d)], ["export", str(d), "--format", "csv"]):
        assert main(cmd) == 1, cmd
        cap = capsys.readouterr()
        assert "Traceback" not in cap.err
        assert "nested more than 32 levels" in cap.out + cap.err, cmd
        assert "claim" in cap.out or "1 annotation" in cap.out or "ok (1 annotation)" in cap.out, cmd


def test_the_app_store_on_a_deep_file_turns_read_only_and_never_writes(tmp_path):
    d, bad = folder_with(tmp_path, DEEP_TABLES)
    before = annotations_path(bad).read_bytes()
    s = Store(read_article(bad))
    with pytest.raises(StoreError):
        s.load()
    assert s.read_only and "nested more than 32 levels" in s.read_only
    s.annotations.append(make_annotation(TEXT, "claim", 0, 3))
    with pytest.raises(StoreError):
        s.save()
    assert annotations_path(bad).read_bytes() == before and len(s.annotations) == 1


def test_too_much_unknown_content_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tomlformat, "MAX_UNKNOWN_BYTES", 1000)
    p = tmp_path / "a.txt.annotations.toml"
    p.write_text(HEAD + "[junk]\nblob = \"" + "x" * 2000 + "\"\n", "utf-8")
    with pytest.raises(StoreParseError) as info:
        read_annotation_file(p)
    assert "keys Margin does not know" in str(info.value)
    p.write_text(HEAD + "[junk]\nblob = \"" + "x" * 100 + "\"\n", "utf-8")
    assert read_annotation_file(p).extra == {"junk": {"blob": "x" * 100}}


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), MemoryError(),
                                   RuntimeError("odd"), KeyError("k")])
def test_save_raises_only_store_error_and_keeps_the_change(tmp_path, monkeypatch, error):
    art = tmp_path / "a.txt"
    art.write_text(TEXT, "utf-8")
    s = Store(read_article(art))
    s.load()
    s.annotations.append(make_annotation(TEXT, "claim", 0, 3))

    def boom(*a, **k):
        raise error

    monkeypatch.setattr(store_mod, "dumps", boom)
    with pytest.raises(StoreError) as info:
        s.save()
    assert "not saved" in str(info.value) and "\n" not in str(info.value)
    assert len(s.annotations) == 1
    monkeypatch.undo()
    s.save()
    assert len(read_annotation_file(annotations_path(art)).annotations) == 1


def test_an_annotations_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from annotations import fsio

    monkeypatch.setattr(tomlformat, "ANNOTATIONS_LIMIT", 100)
    p = tmp_path / "a.txt.annotations.toml"
    p.write_text(HEAD + "# " + "x" * 200 + "\n", "utf-8")
    with pytest.raises(StoreError) as info:
        read_annotation_file(p)
    assert "too big" in str(info.value)
    assert fsio.ANNOTATIONS_LIMIT == 64 * 2**20
