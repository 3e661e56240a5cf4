"""Export: every format is parsed back and every span checked against the article text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from annotations import export as E
from annotations import index as index_mod
from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store, annotations_path
from tui.cli import main

# Invented texts. The first has CRLF line ends (offsets count the decoded "\n"),
# accents and an emoji (one code point, two UTF-16 units, four UTF-8 bytes).
DOCK = ("Dock strike ends 🚢\r\n\r\nWorkers at the café-lined quay voted to return on Monday.\r\n"
        "\"It was a fair deal,\" said Inès Marrow, the union's secretary.\r\n\r\n"
        "Shipping resumes at noon.\r\nAdvertisement\r\n")
PARK = "# Park reopens\n\nThe park reopens after a year. Its lake was drained and refilled.\n"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(index_mod, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setenv("MARGIN_AUTHOR", "tester")


def add(path: Path, tag: str, sub: str, **kw):
    store = Store(read_article(path))
    store.load()
    text = store.article.text
    i = text.index(sub)
    store.annotations.append(make_annotation(text, tag, i, i + len(sub), **kw))
    store.save()


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "news"
    d.mkdir()
    dock = d / "dock.txt"
    dock.write_bytes(DOCK.encode("utf-8"))
    park = d / "park.md"
    park.write_text(PARK, encoding="utf-8")
    (d / "untouched.txt").write_text("No annotations in this one.\n", encoding="utf-8")
    add(dock, "claim", "Workers at the café-lined quay voted to return on Monday.", author="ana",
        note="check the vote\ncount")
    add(dock, "quote", "It was a fair deal,", author="ben", speaker="Inès Marrow")
    # Crosses two line breaks (a blank line between): brat needs fragments.
    add(dock, "claim", "secretary.\n\nShipping resumes", author="ana")
    add(dock, "boilerplate", "Advertisement", author="ana")
    add(dock, "claim", "Dock strike ends 🚢", author="ben")
    add(park, "claim", "Its lake was drained and refilled.", author="ana")
    add(park, "claim", "The park reopens after a year.", author="ana")
    # Edit the park article so one annotation can no longer be placed: an orphan.
    park.write_text(PARK.replace("The park reopens after a year.", "Gates open at dawn again."),
                    encoding="utf-8")
    return d


def texts(folder: Path) -> dict[str, str]:
    return {p.name: read_article(p).text for p in folder.iterdir() if p.suffix in (".txt", ".md")}


def test_collect_places_and_separates_orphans(folder):
    items = {i.name: i for i in E.collect(folder, include_orphans=True)}
    assert set(items) == {"dock.txt", "park.md"}  # untouched.txt has no annotations file
    assert len(items["dock.txt"].annotations) == 5 and items["dock.txt"].orphans == []
    park = items["park.md"]
    assert [a.text for a in park.annotations] == ["Its lake was drained and refilled."]
    assert [a.text for a in park.orphans] == ["The park reopens after a year."]
    assert [i.orphans for i in E.collect(folder)] == [[], []]


def test_jsonl_round_trip(folder):
    out = E.to_string(folder, "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    t = texts(folder)
    assert [r["meta"]["source"] for r in records] == ["dock.txt", "park.md"]
    n = 0
    for r in records:
        assert r["text"] == t[r["meta"]["source"]]
        assert "\r" not in r["text"]
        for s in r["spans"]:
            assert set(s) >= {"start", "end", "label"}
            assert r["text"][s["start"]:s["end"]] == s["text"]
            n += 1
        assert r["spans"] == sorted(r["spans"], key=lambda s: (s["start"], s["end"]))
    assert n == 6
    dock = records[0]
    emoji = next(s for s in dock["spans"] if s["text"].endswith("🚢"))
    assert (emoji["start"], emoji["end"]) == (0, len("Dock strike ends 🚢"))  # code points, not bytes
    quote = next(s for s in dock["spans"] if s["label"] == "quote")
    assert quote["speaker"] == "Inès Marrow" and quote["author"] == "ben"
    assert "orphans" not in records[1]["meta"]
    with_orphans = [json.loads(line) for line in E.to_string(folder, "jsonl", include_orphans=True).splitlines()]
    assert [o["text"] for o in with_orphans[1]["meta"]["orphans"]] == ["The park reopens after a year."]
    assert len(with_orphans[1]["spans"]) == 1  # orphans never become spans


def test_jsonl_tag_filter(folder):
    records = [json.loads(line) for line in E.to_string(folder, "jsonl", tag="quote").splitlines()]
    assert [s["label"] for r in records for s in r["spans"]] == ["quote"]


def test_csv_round_trip(folder):
    out = E.to_string(folder, "csv", include_orphans=True)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == E.CSV_FIELDS
    t = texts(folder)
    assert len(rows) == 7
    for r in rows:
        if r["state"] == "ok":
            assert t[r["article"]][int(r["start"]):int(r["end"])] == r["text"]
    orphans = [r for r in rows if r["state"] == "orphan"]
    assert [r["text"] for r in orphans] == ["The park reopens after a year."]
    note = next(r for r in rows if r["note"])
    assert note["note"] == "check the vote\ncount"  # a newline inside a cell survives
    assert len(list(csv.DictReader(io.StringIO(E.to_string(folder, "csv"))))) == 6


def test_w3c_round_trip(folder):
    data = json.loads(E.to_string(folder, "w3c", include_orphans=True))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 7
    t = {str((folder / name).resolve().as_uri()): text for name, text in texts(folder).items()}
    ids = set()
    for a in items:
        assert a["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert a["type"] == "Annotation" and a["id"].startswith("urn:uuid:")
        ids.add(a["id"])
        text = t[a["target"]["source"]]
        sel = {s["type"]: s for s in a["target"]["selector"]}
        quote = sel["TextQuoteSelector"]
        tags = [b["value"] for b in a["body"] if b["purpose"] == "tagging"]
        assert len(tags) == 1 and tags[0] in ("claim", "quote", "boilerplate")
        if "TextPositionSelector" in sel:
            pos = sel["TextPositionSelector"]
            assert text[pos["start"]:pos["end"]] == quote["exact"]
            assert text[:pos["start"]].endswith(quote["prefix"])
            assert text[pos["end"]:].startswith(quote["suffix"])
            # The quote selector alone finds it too: prefix + exact + suffix occurs in the text.
            assert quote["prefix"] + quote["exact"] + quote["suffix"] in text
        else:
            assert quote["exact"] == "The park reopens after a year."
            assert quote["exact"] not in text
    assert len(ids) == 7
    noted = next(a for a in items if a["motivation"] == "commenting")
    assert {b["purpose"]: b["value"] for b in noted["body"]}["commenting"] == "check the vote\ncount"
    assert noted["creator"]["nickname"] == "ana"


def parse_ann(ann: str) -> tuple[dict, dict]:
    spans, notes = {}, {}
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, middle, covered = line.split("\t")
            label, where = middle.split(" ", 1)
            frags = [tuple(map(int, f.split())) for f in where.split(";")]
            spans[tid] = (label, frags, covered)
        elif line.startswith("#"):
            nid, middle, note = line.split("\t")
            kind, target = middle.split(" ")
            assert kind == "AnnotatorNotes"
            notes[target] = note
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return spans, notes


def test_brat_round_trip(folder, tmp_path):
    out = tmp_path / "brat"
    errors: list[str] = []
    n = E.export(folder, "brat", out, include_orphans=True, on_error=errors.append)
    assert n == 6
    assert sorted(p.name for p in out.iterdir()) == [
        "annotation.conf", "dock.ann", "dock.txt", "park.md.ann", "park.md.txt"]
    assert len(errors) == 1 and "orphan" in errors[0]  # brat cannot hold orphans: said, not silent
    t = texts(folder)
    for base, name in (("dock", "dock.txt"), ("park.md", "park.md")):
        # Read as brat does: UTF-8, no newline translation.
        with open(out / f"{base}.txt", encoding="utf-8", newline="") as f:
            txt = f.read()
        assert txt == t[name]
        spans, notes = parse_ann((out / f"{base}.ann").read_text(encoding="utf-8"))
        for tid, (label, frags, covered) in spans.items():
            pieces = [txt[s:e] for s, e in frags]
            assert all(p and "\n" not in p for p in pieces)
            assert " ".join(pieces) == covered
            # The fragments are the original span minus its newlines.
            whole = txt[frags[0][0]:frags[-1][1]]
            assert "".join(pieces) == whole.replace("\n", "")
        assert set(notes) <= set(spans)
    dock, dock_notes = parse_ann((out / "dock.ann").read_text(encoding="utf-8"))
    crossing = [v for v in dock.values() if len(v[1]) > 1]
    assert len(crossing) == 1
    label, frags, covered = crossing[0]
    assert label == "claim" and len(frags) == 2 and covered == "secretary. Shipping resumes"
    assert any(n == "check the vote count" for n in dock_notes.values())
    assert any(n == "speaker: Inès Marrow" for n in dock_notes.values())
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert re.search(r"^\[entities\]\nboilerplate\nclaim\nquote\n", conf, re.M)


def test_brat_fragments_and_types():
    text = "ab\ncd\n\nef"
    assert E.brat_fragments(text, 0, len(text)) == [(0, 2), (3, 5), (7, 9)]
    assert E.brat_fragments(text, 2, 3) == []
    assert E.brat_fragments(text, 1, 4) == [(1, 2), (3, 4)]
    assert E.brat_fragments("a\tb\u2028c", 0, 5) == [(0, 1), (2, 3), (4, 5)]
    assert E.brat_type("claim") == "claim"
    assert E.brat_type("two words") == "two_words"
    assert E.brat_type("1st") == "T_1st"


def test_unreadable_annotations_file_is_reported_and_skipped(folder):
    annotations_path(folder / "broken.txt").write_text("format = [\n", encoding="utf-8")
    (folder / "broken.txt").write_text("Some text.\n", encoding="utf-8")
    errors: list[str] = []
    records = E.to_string(folder, "jsonl", on_error=errors.append).splitlines()
    assert len(records) == 2
    assert len(errors) == 1 and "broken.txt.annotations.toml" in errors[0]


def test_annotations_without_article_are_reported(folder):
    (folder / "park.md").unlink()
    errors: list[str] = []
    records = E.to_string(folder, "jsonl", on_error=errors.append).splitlines()
    assert len(records) == 1 and len(errors) == 1 and "park.md" in errors[0]


def test_export_command_stdout_and_file(folder, tmp_path, capsys):
    assert main(["export", str(folder), "--format", "csv"]) == 0
    cap = capsys.readouterr()
    assert len(list(csv.DictReader(io.StringIO(cap.out)))) == 6
    assert "exported 6 annotations" in cap.err
    target = tmp_path / "out.jsonl"
    assert main(["export", str(folder), "--format", "jsonl", "-o", str(target), "--tag", "claim",
                 "--include-orphans"]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert not list(tmp_path.glob(".out.jsonl.*"))
    assert main(["export", str(folder), "--format", "w3c", "-o", str(tmp_path / "w.json")]) == 0
    assert json.loads((tmp_path / "w.json").read_text(encoding="utf-8"))["total"] == 6


def test_export_command_brat_needs_a_folder(folder, tmp_path, capsys):
    assert main(["export", str(folder), "--format", "brat"]) == 1
    assert "-o PATH" in capsys.readouterr().err
    assert main(["export", str(folder), "--format", "brat", "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "dock.ann").exists()
    assert main(["export", str(tmp_path / "nope"), "--format", "csv"]) == 1


# ---------------------------------------------------------------- properties

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.article import article_from_text

_alphabet = st.sampled_from(list("ab é🚢\n.\"\t\u2028\x0c"))


@st.composite
def text_and_spans(draw):
    text = "".join(draw(st.lists(_alphabet, min_size=1, max_size=60)))
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, len(text)))
        e = draw(st.integers(s, len(text)))
        spans.append((s, e))
    return text, spans


@settings(max_examples=200, deadline=None)
@given(text_and_spans())
def test_brat_and_jsonl_spans_always_slice_the_text(case):
    text, spans = case
    art = article_from_text(text, "prop.txt")
    anns = [make_annotation(art.text, "claim", s, e, author="p") for s, e in spans]
    item = E.ExportItem(art, anns, [])
    skipped: list[str] = []
    parsed, _ = parse_ann(E.brat_ann(item, skipped.append))
    assert len(parsed) + len(skipped) == len(anns)
    for label, frags, covered in parsed.values():
        pieces = [art.text[s:e] for s, e in frags]
        assert all(p and not set(p) & set(E.BRAT_BREAKS) for p in pieces)
        assert " ".join(pieces) == covered
    def strip(t: str) -> str:
        return "".join(ch for ch in t if ch not in E.BRAT_BREAKS)

    kept = [a for a in anns if strip(a.text)]
    assert sorted(("".join(art.text[s:e] for s, e in f)) for _, f, _ in parsed.values()) == \
        sorted(strip(a.text) for a in kept)
    record = json.loads(json.dumps(E.jsonl_record(item)))
    for s in record["spans"]:
        assert record["text"][s["start"]:s["end"]] == s["text"]


def test_export_never_writes_over_articles(folder, capsys):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["export", str(folder), "--format", "brat", "-o", str(folder)]) == 1
    assert "brat needs another folder" in capsys.readouterr().err
    assert main(["export", str(folder), "--format", "csv", "-o", str(folder / "dock.txt")]) == 1
    assert main(["export", str(folder), "--format", "csv", "-o",
                 str(annotations_path(folder / "dock.txt"))]) == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# --- issue 13 items 2-4, 15, 16; issue 10 item 21 (csv byte-order mark) ---------------

def test_export_never_overwrites_an_article_without_annotations_or_a_foreign_file(folder, tmp_path, capsys):
    untouched = folder / "untouched.txt"
    before = untouched.read_bytes()
    assert main(["export", str(folder), "--format", "csv", "-o", str(untouched)]) == 1
    assert "not overwriting it (use --force)" in capsys.readouterr().err
    assert untouched.read_bytes() == before
    notes = tmp_path / "notes.csv"
    notes.write_text("my own spreadsheet\n", "utf-8")
    assert main(["export", str(folder), "--format", "csv", "-o", str(notes)]) == 1
    assert notes.read_text("utf-8") == "my own spreadsheet\n"
    assert main(["export", str(folder), "--format", "csv", "-o", str(notes), "--force"]) == 0
    assert notes.read_text("utf-8").startswith("article,id,tag")
    # An earlier export of Margin's is replaced without --force.
    assert main(["export", str(folder), "--format", "csv", "-o", str(notes)]) == 0
    for fmt in ("jsonl", "w3c"):
        out = tmp_path / f"again.{fmt}"
        assert main(["export", str(folder), "--format", fmt, "-o", str(out)]) == 0
        assert main(["export", str(folder), "--format", fmt, "-o", str(out)]) == 0


def test_brat_will_not_write_into_a_foreign_folder(folder, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "dock.txt").write_text("someone's file\n", "utf-8")
    assert main(["export", str(folder), "--format", "brat", "-o", str(mine)]) == 1
    assert (mine / "dock.txt").read_text("utf-8") == "someone's file\n"
    out = tmp_path / "brat"
    assert main(["export", str(folder), "--format", "brat", "-o", str(out)]) == 0
    assert main(["export", str(folder), "--format", "brat", "-o", str(out)]) == 0  # ours: replaced


def test_brat_names_that_would_clash_are_made_unique(tmp_path, capsys):
    d = tmp_path / "clash"
    d.mkdir()
    for name in ("a.md", "a.md.txt", "x.txt", "x.TXT"):
        (d / name).write_text(f"The {name} text says rates rose.\n", "utf-8")
        add(d / name, "claim", "rates rose")
    out = tmp_path / "brat"
    errors: list[str] = []
    n = E.export(d, "brat", out, on_error=errors.append)
    assert n == 4
    txts = sorted(p.name for p in out.glob("*.txt"))
    assert len({t.casefold() for t in txts}) == 4, txts
    texts = sorted(p.read_text("utf-8") for p in out.glob("*.txt"))
    assert texts == sorted(f"The {name} text says rates rose.\n" for name in ("a.md", "a.md.txt", "x.txt", "x.TXT"))
    assert len(errors) == 2 and all("was taken by another article" in e for e in errors)


def test_csv_cells_that_spreadsheets_would_run_get_a_quote(tmp_path):
    d = tmp_path / "inj"
    d.mkdir()
    art = d / "a.txt"
    art.write_text("=HYPERLINK(\"http://x\") and -5 and +1 and @SUM and plain.\n", "utf-8")
    add(art, "claim", "=HYPERLINK(\"http://x\")", note="+note", speaker="@who", author="-me")
    add(art, "claim", "plain", author="ana")
    rows = list(csv.DictReader(io.StringIO(E.to_string(d, "csv"))))
    first = next(r for r in rows if "HYPERLINK" in r["text"])
    assert first["text"] == "'=HYPERLINK(\"http://x\")"
    assert (first["note"], first["speaker"], first["author"]) == ("'+note", "'@who", "'-me")
    assert next(r for r in rows if r["text"] == "plain")["author"] == "ana"
    raw = list(csv.DictReader(io.StringIO(E.to_string(d, "csv", formula_guard=False))))
    assert next(r for r in raw if "HYPERLINK" in r["text"])["text"] == "=HYPERLINK(\"http://x\")"


def test_csv_byte_order_mark_on_request(folder, tmp_path):
    out = tmp_path / "bom.csv"
    assert main(["export", str(folder), "--format", "csv", "--bom", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfarticle,id,tag")
    assert not E.to_string(folder, "csv").startswith("\ufeff")


def test_export_to_a_terminal_escapes_control_characters(tmp_path, monkeypatch, capsys):
    d = tmp_path / "evil"
    d.mkdir()
    art = d / "a.txt"
    art.write_text("Rates rose.\n", "utf-8")
    add(art, "claim", "Rates rose.", note="\x1b]52;c;SGVsbG8=\x1b\\ \x9b31m \u202e")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    for fmt in ("csv", "jsonl", "w3c"):
        assert main(["export", str(d), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
        assert "52;c;SGVsbG8=" in out


def test_export_to_a_fifo_is_refused_without_hanging(folder, tmp_path, capsys):
    import os

    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    assert main(["export", str(folder), "--format", "csv", "-o", str(fifo)]) == 1
    assert "not overwriting it" in capsys.readouterr().err
