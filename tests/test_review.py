"""Review rows over a folder, the cache index, folder summaries, and the review/stats commands."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from annotations import folder as F
from annotations import index as index_mod
from annotations import review
from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store, annotations_path
from tui.cli import main

FERRY = "The ferry returns in May. \"We are ready,\" said the harbour master. Fares rise by a pound.\n"
BRIDGE = "The bridge closes for repairs. Engineers found rust in two beams. Drivers face a long detour.\n"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(index_mod, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(F, "positions_path", lambda: tmp_path / "state" / "positions.json")
    monkeypatch.setenv("MARGIN_AUTHOR", "tester")


def annotate(path: Path, spans: list[tuple[str, str, str]], *, orphan: str | None = None,
             note: str = "", speaker: str | None = None) -> list:
    """Save annotations (tag, exact text, author) on an article through the real store."""
    store = Store(read_article(path))
    store.load()
    text = store.article.text
    for tag, sub, author in spans:
        i = text.index(sub)
        a = make_annotation(text, tag, i, i + len(sub), author=author, note=note,
                            speaker=speaker if tag == "quote" else None)
        if orphan == sub:
            a.anchor = "orphan"
        store.annotations.append(a)
    store.save()
    return store.annotations


def backdate(*paths: Path, seconds: float = 60) -> None:
    """Files in a real folder are not seconds old; the index leaves fresh files uncached."""
    t = time.time() - seconds
    for p in paths:
        os.utime(p, (t, t))


@pytest.fixture
def news(tmp_path) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    ferry = d / "ferry.txt"
    ferry.write_text(FERRY, encoding="utf-8")
    bridge = d / "bridge.md"
    bridge.write_text(BRIDGE, encoding="utf-8")
    (d / "empty.txt").write_text("Nothing here yet.\n", encoding="utf-8")
    annotate(ferry, [("claim", "The ferry returns in May.", "ana"),
                     ("quote", "We are ready,", "ben"),
                     ("claim", "Fares rise by a pound.", "ben")],
             note="check the timetable", speaker="harbour master")
    annotate(bridge, [("claim", "Engineers found rust in two beams.", "ana"),
                      ("boilerplate", "Drivers face a long detour.", "ana")],
             orphan="Drivers face a long detour.")
    backdate(*d.iterdir())
    return d


def test_scan_gives_every_row_with_fields(news):
    rows = list(review.scan(news))
    assert [(r.article.name, r.tag, r.text) for r in rows] == [
        ("bridge.md", "claim", "Engineers found rust in two beams."),
        ("bridge.md", "boilerplate", "Drivers face a long detour."),
        ("ferry.txt", "claim", "The ferry returns in May."),
        ("ferry.txt", "quote", "We are ready,"),
        ("ferry.txt", "claim", "Fares rise by a pound."),
    ]
    ferry_text = (news / "ferry.txt").read_text(encoding="utf-8")
    for r in rows:
        if r.article.name == "ferry.txt":
            assert ferry_text[r.start:r.end] == r.text
    quote = rows[3]
    assert quote.speaker == "harbour master" and quote.note == "check the timetable"
    assert quote.author == "ben" and quote.state == "ok"
    assert quote.created.endswith("Z") and quote.created[:2] == "20"
    assert rows[1].state == "orphan" and rows[0].state == "ok"


def test_scan_filters_by_tag_and_author(news):
    assert {r.text for r in review.scan(news, tag="claim", author="ana")} == {
        "The ferry returns in May.", "Engineers found rust in two beams."}
    assert [r.tag for r in review.scan(news, author="ben")] == ["quote", "claim"]
    assert list(review.scan(news, tag="nothing")) == []


def test_unparseable_file_is_reported_and_scan_goes_on(news):
    bad = annotations_path(news / "aaa.txt")
    bad.write_text("format = 1\n[article\n", encoding="utf-8")
    errors: list[str] = []
    rows = list(review.scan(news, on_error=errors.append))
    assert len(rows) == 5
    assert len(errors) == 1 and str(bad) in errors[0] and "\n" not in errors[0]
    # A second scan reports it again (from the cache), it is not forgotten.
    errors2: list[str] = []
    list(review.scan(news, on_error=errors2.append))
    assert errors2 == errors
    assert bad.read_text(encoding="utf-8") == "format = 1\n[article\n"  # never touched


def test_index_serves_unchanged_files_and_reparses_changed_ones(news, monkeypatch):
    calls: list[str] = []
    real = review._parse

    def counting(path):
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(review, "_parse", counting)
    first = list(review.scan(news))
    assert sorted(calls) == ["bridge.md.annotations.toml", "ferry.txt.annotations.toml"]
    calls.clear()
    assert list(review.scan(news)) == first
    assert calls == []  # all from the index

    # Change one file (through the store: new content, new inode, new mtime).
    annotate(news / "ferry.txt", [("claim", "said the harbour master", "cleo")])
    backdate(annotations_path(news / "ferry.txt"), seconds=30)
    rows = list(review.scan(news))
    assert calls == ["ferry.txt.annotations.toml"]
    assert "said the harbour master" in {r.text for r in rows}

    # Same size, different mtime: the file is the truth, so it is parsed again.
    calls.clear()
    p = annotations_path(news / "bridge.md")
    data = p.read_text(encoding="utf-8").replace('author = "ana"', 'author = "zed"')
    p.write_text(data, encoding="utf-8")
    backdate(p, seconds=10)
    rows = list(review.scan(news))
    assert calls == ["bridge.md.annotations.toml"]
    assert {r.author for r in rows if r.article.name == "bridge.md"} == {"zed"}

    # A deleted file disappears from the scan, whatever the index held.
    p.unlink()
    assert {r.article.name for r in review.scan(news)} == {"ferry.txt"}


def test_fresh_files_are_not_cached(news, monkeypatch):
    """A file changed within the racy window is parsed every time, never trusted from cache."""
    p = annotations_path(news / "ferry.txt")
    os.utime(p)  # now
    calls: list[str] = []
    real = review._parse
    monkeypatch.setattr(review, "_parse", lambda path: calls.append(path.name) or real(path))
    list(review.scan(news))
    list(review.scan(news))
    assert calls.count("ferry.txt.annotations.toml") == 2
    assert calls.count("bridge.md.annotations.toml") == 1


def test_damaged_index_is_rebuilt(news):
    first = list(review.scan(news))
    files = list((news.parent / "cache").glob("*.pickle"))
    assert len(files) == 1
    files[0].write_bytes(b"not a pickle")
    assert list(review.scan(news)) == first


def test_scan_streams_before_parsing_everything(tmp_path, monkeypatch):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(5):
        p = d / f"a{i}.txt"
        p.write_text(f"Story {i} starts here. It ends here.\n", encoding="utf-8")
        annotate(p, [("claim", "It ends here.", "ana")])
    parsed: list[str] = []
    real = review._parse
    monkeypatch.setattr(review, "_parse", lambda path: parsed.append(path.name) or real(path))
    rows = review.scan(d)
    first = next(rows)
    assert first.article.name == "a0.txt"
    assert len(parsed) == 1
    assert len(list(rows)) == 4


def test_summarize_states_and_counts(news):
    F.set_done(news / "bridge.md", True)
    s = {x.article.name: x for x in review.summarize(news)}
    assert list(s) == ["bridge.md", "empty.txt", "ferry.txt"]
    assert s["empty.txt"].state == "new" and s["empty.txt"].total == 0
    assert s["ferry.txt"].state == "in progress"
    assert s["ferry.txt"].counts == {"claim": 2, "quote": 1}
    assert s["bridge.md"].state == "done" and s["bridge.md"].orphans == 1
    ana = {x.article.name: x for x in review.summarize(news, author="ana")}
    assert ana["ferry.txt"].counts == {"claim": 1}


def test_summarize_lists_annotations_whose_article_is_gone(news):
    (news / "ferry.txt").unlink()
    s = {x.article.name: x for x in review.summarize(news)}
    assert s["ferry.txt"].total == 3 and s["ferry.txt"].state == "in progress"


def test_review_json_command(news, capsys):
    assert main(["review", str(news), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 5
    assert set(data[0]) == {"article", "id", "tag", "start", "end", "text", "speaker", "note",
                            "author", "created", "state"}
    assert [d["state"] for d in data].count("orphan") == 1
    assert main(["review", str(news), "--json", "--tag", "quote"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["tag"], d["speaker"]) for d in data] == [("quote", "harbour master")]
    assert main(["review", str(news), "--json", "--author", "nobody"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_review_table_and_bad_file_exit_code(news, capsys):
    assert main(["review", str(news)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].split()[:3] == ["article", "tag", "text"]
    assert len(lines) == 6
    assert any("orphan" in line and "bridge.md" in line for line in lines)
    annotations_path(news / "zzz.txt").write_text("garbage = [\n", encoding="utf-8")
    assert main(["review", str(news)]) == 1
    err = capsys.readouterr().err
    assert "zzz.txt.annotations.toml" in err and "5 annotations" in err


def test_review_table_neutralises_control_characters(tmp_path, capsys):
    d = tmp_path / "hostile"
    d.mkdir()
    p = d / "x.txt"
    p.write_text("Plain start. Evil \x1b]52;c;aGk=\x07 end here.\n", encoding="utf-8")
    annotate(p, [("claim", "Evil \x1b]52;c;aGk=\x07 end", "ana")])
    assert main(["review", str(d)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out


def test_review_missing_folder_is_one_line_error(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("margin: ") and "no such folder" in err and "\n" not in err


def test_stats_command(news, capsys):
    F.set_done(news / "ferry.txt", True)
    assert main(["stats", str(news), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tags"] == {"claim": 3, "quote": 1, "boilerplate": 1}
    assert data["authors"] == {"ana": 3, "ben": 2}
    assert data["articles"]["ferry.txt"]["count"] == 3
    assert data["articles"]["empty.txt"] == {"count": 0, "state": "new", "tags": {}, "orphans": 0}
    assert data["done"] == 1 and data["total_articles"] == 3 and data["orphans"] == 1
    assert main(["stats", str(news), "--author", "ben"]) == 0
    out = capsys.readouterr().out
    assert "claim" in out and "1 of 3 articles done" in out


def test_delete_annotation_by_id(news):
    from annotations.errors import StoreError

    rows = list(review.scan(news, tag="quote"))
    assert len(rows) == 1
    review.delete_annotation(rows[0].article, rows[0].id)
    left = list(review.scan(news))
    assert len(left) == 4 and all(r.id != rows[0].id for r in left)
    with pytest.raises(StoreError) as e:
        review.delete_annotation(rows[0].article, rows[0].id)
    assert "no annotation with id" in str(e.value)


def test_scan_leaves_the_folder_as_it_was(news):
    before = sorted(p.name for p in news.iterdir())
    list(review.scan(news))
    review.summarize(news)
    assert sorted(p.name for p in news.iterdir()) == before


def test_summarize_survives_a_broken_state_file(news):
    F.state_path(news).write_text("[done\n", encoding="utf-8")
    errors: list[str] = []
    s = {x.article.name: x.state for x in review.summarize(news, on_error=errors.append)}
    assert s == {"bridge.md": "in progress", "empty.txt": "new", "ferry.txt": "in progress"}
    assert len(errors) == 1 and ".margin-state.toml:1" in errors[0]


# --- issue 13 items 5, 6, 8; issue 10 item 20 (stats counts) --------------------------

def test_review_names_a_symlink_loop_and_goes_on(news, capsys):
    loop = news / "loop.txt.annotations.toml"
    loop.symlink_to(loop)
    code = main(["review", str(news)])
    cap = capsys.readouterr()
    assert code == 1
    assert "loop.txt.annotations.toml: a symbolic link loop" in cap.err
    assert "annotation" in cap.err and cap.out.count("\n") > 1


def test_review_json_names_a_symlink_loop_too(news, capsys):
    # --json walks the same files as the table: a loop is said, never skipped silently
    loop = news / "loop.txt.annotations.toml"
    loop.symlink_to(loop)
    code = main(["review", "--json", str(news)])
    cap = capsys.readouterr()
    assert code == 1
    assert "loop.txt.annotations.toml: a symbolic link loop" in cap.err
    assert json.loads(cap.out)  # the other files' rows are still there


@pytest.mark.parametrize("name", ["x.txt.annotations.toml", ".margin-state.toml"])
def test_fifos_do_not_hang_the_folder_commands(news, capsys, name):
    import os

    (news / "x.txt").write_text("An article.\n", "utf-8")
    os.mkfifo(news / name)
    cmds = [["stats", str(news)]]
    if name.endswith(".annotations.toml"):
        cmds += [["review", str(news)], ["export", str(news), "--format", "jsonl"], ["check", str(news)]]
    for cmd in cmds:
        assert main(cmd) == 1
        cap = capsys.readouterr()
        assert "not a regular file (a FIFO)" in cap.err + cap.out


def test_an_annotations_file_linked_to_dev_zero_is_refused(news, capsys):
    (news / "zero.txt.annotations.toml").symlink_to("/dev/zero")
    assert main(["review", str(news)]) == 1
    assert "zero.txt.annotations.toml: not a regular file (a device)" in capsys.readouterr().err


def test_stats_counts_the_articles_that_hold_annotations(tmp_path, capsys):
    d = tmp_path / "one"
    d.mkdir()
    text = "Rates rose. Rates fell. Rates held.\n"
    for name in ("a.txt", "b.txt", "c.txt"):
        (d / name).write_text(text, "utf-8")
    s = Store(read_article(d / "a.txt"), author="ana")
    s.load()
    for sub in ("Rates rose.", "Rates fell.", "Rates held."):
        i = text.index(sub)
        s.annotations.append(make_annotation(text, "claim", i, i + len(sub), author="ana"))
    s.save()
    assert main(["stats", str(d)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("3 annotations in 1 article;") and "0 of 3 articles done" in first


def test_stats_and_agree_with_an_unreadable_config_folder_warn_and_use_the_defaults(news, capsys, monkeypatch):
    from annotations import tagset

    locked = news.parent / "config"
    monkeypatch.setattr(tagset, "user_config_path", lambda: locked / "margin.toml")
    real = tagset.os.stat

    def deny(p, *a, **k):
        if str(p).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(p))
        return real(p, *a, **k)

    monkeypatch.setattr(tagset.os, "stat", deny)
    assert main(["stats", str(news)]) == 0
    cap = capsys.readouterr()
    assert "warning:" in cap.err and "using the default tags" in cap.err
    assert main(["agree", str(news), "--authors", "ana,ben"]) in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "using the default tags" in err
