"""margin check: one line per finding, exit 1 on parse errors and orphans, never writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store, annotations_path
from tui.cli import main

TEXT = ("The library will open on Sundays from March.\n"
        "Visitors rose by a third after the refit, the trust said.\n"
        "A spokesperson said: \u201cWe are delighted.\u201d\n")


def make(folder: Path, name: str = "library.txt", *needles: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(TEXT, "utf-8")
    s = Store(read_article(p), author="t")
    s.load()
    for n in needles or ("rose by a third", "We are delighted."):
        i = TEXT.index(n)
        s.annotations.append(make_annotation(TEXT, "claim", i, i + len(n), author="t"))
    s.save()
    return p


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args])
    return code, capsys.readouterr().out.splitlines()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_clean_file_is_ok(tmp_path, capsys):
    art = make(tmp_path)
    code, lines = run(capsys, str(art))
    assert code == 0
    assert lines == [f"{annotations_path(art)}: ok (2 annotations)"]


def test_parse_error_has_line_and_column_and_exits_1(tmp_path, capsys):
    art = make(tmp_path)
    ann = annotations_path(art)
    ann.write_text(ann.read_text("utf-8").replace('tag = "claim"', "tag = claim", 1), "utf-8")
    code, lines = run(capsys, str(ann))
    assert code == 1
    assert len(lines) == 1
    line_no = ann.read_text("utf-8").splitlines().index("tag = claim") + 1
    assert lines[0].startswith(f"{ann}:{line_no}:7: not valid TOML")


def test_changed_article_reports_moves_and_orphans_without_writing(tmp_path, capsys):
    art = make(tmp_path)
    art.write_text("An update was added.\n" + TEXT.replace("We are delighted.", "Quiet."), "utf-8")
    before = snapshot(tmp_path)
    code, lines = run(capsys, str(tmp_path))
    assert code == 1
    text = "\n".join(lines)
    assert "article changed since the last save" in text
    assert f"{annotations_path(art)}: would re-anchor: 1 annotation moved (-v for each)" in lines
    assert "orphan (would become an orphan)" in text and "'We are delighted.'" in text
    assert snapshot(tmp_path) == before


def test_text_mismatch_and_out_of_range_offsets(tmp_path, capsys):
    art = make(tmp_path)
    ann = annotations_path(art)
    body = ann.read_text("utf-8")
    i = TEXT.index("rose by a third")
    body = body.replace(f"start = {i}\nend = {i + 15}", f"start = {i + 1}\nend = {i + 16}", 1)
    j = TEXT.index("We are delighted.")
    body = body.replace(f"start = {j}\nend = {j + 17}", "start = 9000\nend = 9017", 1)
    ann.write_text(body, "utf-8")
    code, lines = run(capsys, "-v", str(art))
    assert code == 0  # both still re-anchor: findings, not failures
    assert any("does not match: stored 'rose by a third'" in line for line in lines)
    assert any("offsets 9000..9017 out of range (the article has" in line for line in lines)
    assert sum(": would be moved " in line for line in lines) == 2


def test_marked_orphan_is_reported_and_fails(tmp_path, capsys):
    art = make(tmp_path, "library.txt", "rose by a third")
    art.write_text(TEXT.replace("rose by a third", "fell sharply"), "utf-8")
    s = Store(read_article(art))
    s.load()
    s.save()
    assert "orphan = true" in annotations_path(art).read_text("utf-8")
    code, lines = run(capsys, str(art))
    assert code == 1
    assert any("orphan (marked orphan in the file)" in line for line in lines)


def test_folder_walk_and_missing_paths(tmp_path, capsys):
    make(tmp_path / "a")
    make(tmp_path / "b" / "deeper", "other.md")
    code, lines = run(capsys, str(tmp_path), str(tmp_path / "nope.txt"))
    assert code == 1
    assert sum(line.endswith("ok (2 annotations)") for line in lines) == 2
    assert f"{tmp_path / 'nope.txt'}: no such file or folder" in lines


def test_article_without_annotations_is_not_an_error(tmp_path, capsys):
    p = tmp_path / "plain.txt"
    p.write_text(TEXT, "utf-8")
    code, lines = run(capsys, str(p))
    assert code == 0 and lines == [f"{p}: no annotations file"]


def test_missing_article_fails(tmp_path, capsys):
    art = make(tmp_path)
    art.unlink()
    code, lines = run(capsys, str(annotations_path(art)))
    assert code == 1
    assert lines == [f"{annotations_path(art)}: article 'library.txt' not found; every annotation is unplaced"]


@pytest.mark.parametrize("broken", [b"\xff\xfe", b'format = 1\n[article]\nfile = "x"\n'])
def test_every_line_is_one_finding(tmp_path, capsys, broken):
    p = tmp_path / "x.txt.annotations.toml"
    p.write_bytes(broken)
    code, lines = run(capsys, str(p))
    assert code == 1 and len(lines) == 1 and lines[0].startswith(str(p))


def test_fuzzy_edit_is_shown_even_when_only_whitespace_changed(tmp_path, capsys):
    art = make(tmp_path, "library.txt", "Visitors rose by a third after the refit")
    art.write_text(TEXT.replace("by a third", "by  a third"), "utf-8")
    code, lines = run(capsys, "-v", str(art))
    assert code == 0
    (line,) = [x for x in lines if "fuzzily" in x]
    assert "would be re-anchored fuzzily" in line and "'' became ' '" in line and "after 'Visitors rose by '" in line


# --- issue 10 item 20, issue 13 items 5, 6, 9, 10 -------------------------------------

def test_many_moves_are_one_summary_line_unless_verbose(tmp_path, capsys):
    art = make(tmp_path)
    art.write_text("An update was added.\n" + TEXT, "utf-8")
    code, lines = run(capsys, str(art))
    ann = annotations_path(art)
    assert code == 0
    assert f"{ann}: would re-anchor: 2 annotations moved (-v for each)" in lines
    assert not any("would be moved" in line for line in lines)
    code, lines = run(capsys, "-v", str(art))
    assert sum("would be moved" in line for line in lines) == 2


def test_duplicate_annotations_are_reported(tmp_path, capsys):
    art = make(tmp_path, "library.txt", "rose by a third", "rose by a third")
    code, lines = run(capsys, str(art))
    (line,) = [x for x in lines if "duplicate" in x]
    assert "duplicate: 2 'claim' annotations by t over" in line


def test_a_fifo_annotations_file_is_reported_and_the_rest_checked(tmp_path, capsys):
    import os

    make(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt.annotations.toml")
    code, lines = run(capsys, str(tmp_path))
    assert code == 1
    assert any("pipe.txt.annotations.toml: not a regular file (a FIFO)" in line for line in lines)
    assert any(line.endswith("ok (2 annotations)") for line in lines)


def test_a_symlink_loop_is_reported_and_the_rest_checked(tmp_path, capsys):
    make(tmp_path)
    loop = tmp_path / "loop.txt.annotations.toml"
    loop.symlink_to(loop)
    code, lines = run(capsys, str(tmp_path))
    assert code == 1
    assert any("loop.txt.annotations.toml: a symbolic link loop" in line for line in lines)
    assert any(line.endswith("ok (2 annotations)") for line in lines)


def test_article_file_is_never_followed_out_of_the_folder(tmp_path, capsys):
    art = make(tmp_path)
    ann = annotations_path(art)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("A secret that must not be read.\n", "utf-8")
    ann.write_text(ann.read_text("utf-8").replace('file = "library.txt"', f'file = "../{outside.name}"'), "utf-8")
    code, lines = run(capsys, str(ann))
    assert any("is not the article beside it; checking against library.txt" in line for line in lines)
    assert any(line.endswith("ok (2 annotations)") for line in lines)
    assert not any("secret" in line for line in lines)


def test_an_unreadable_folder_is_said_and_fails(tmp_path, capsys, monkeypatch):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.scandir

    def deny(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)

    monkeypatch.setattr(os, "scandir", deny)
    code, lines = run(capsys, str(locked))
    assert code == 1
    assert lines == [f"{locked}: cannot read the folder (Permission denied)"]


EVIL = "\x1b]52;c;SGVsbG8=\x1b\\\x9b31m\u202e"


def with_tag(ann: Path, tag: str) -> None:
    import tomllib

    import tomli_w

    data = tomllib.loads(ann.read_text("utf-8"))
    for e in data["annotations"]:
        e["tag"] = tag
        e["id"] = e["id"] + tag
    ann.write_text(tomli_w.dumps(data), "utf-8")


def test_hostile_names_reach_the_terminal_inert(tmp_path, capsys):
    art = make(tmp_path, "library.txt", "rose by a third")
    ann = annotations_path(art)
    with_tag(ann, EVIL)
    assert EVIL in __import__("annotations.store", fromlist=["x"]).read_annotation_file(ann).annotations[0].tag
    art.write_text("An update was added.\n" + TEXT.replace("rose by a third", "rose by a fifth"), "utf-8")
    code, lines = run(capsys, "-v", str(art))
    out = "\n".join(lines)
    assert "orphan" in out
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
