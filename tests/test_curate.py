"""Curation core (annotations/curate.py): disagreements, choices, progress, export."""

from __future__ import annotations

import io
import json
import tomllib
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from annotations.curate import (ArticleSession, accept_agreements, apply_choice, check_names, compare,
                                decision, folder_progress, progress)
from annotations.errors import MarginError
from annotations.model import make_annotation
from annotations.store import Store
from annotations.article import read_article
from tui.cli import main

TEXT = ("The dam will cost 40 million, the agency said. Work starts in June. "
        "\"It is long overdue,\" said Mara Quist. Critics said the budget was too small.\n")


def span(phrase: str) -> tuple[int, int]:
    a = TEXT.index(phrase)
    return a, a + len(phrase)


def ann(tag: str, phrase: str, author: str, speaker: str | None = None):
    a, z = span(phrase)
    return make_annotation(TEXT, tag, a, z, author=author, speaker=speaker)


def example() -> list:
    return [
        ann("claim", "The dam will cost 40 million", "ana"),  # agreed
        ann("claim", "The dam will cost 40 million", "ben"),
        ann("claim", "Work starts in June", "ana"),  # only A
        ann("claim", "Critics said the budget was too small", "ben"),  # only B
        ann("quote", "It is long overdue", "ana", "Mara Quist"),  # speaker
        ann("quote", "It is long overdue", "ben", "the agency"),
        ann("claim", "the agency said", "ana"),  # tag: claim vs quote
        ann("quote", "the agency said", "ben"),
        ann("claim", "Work starts", "ben"),  # overlaps A's span, but another span: only B
    ]


def test_compare_finds_each_kind_of_disagreement():
    ds, agreed = compare(example(), "ana", "ben")
    kinds = {(d.kind, d.text) for d in ds}
    assert kinds == {
        ("only_a", "Work starts in June"),
        ("only_b", "Work starts"),
        ("only_b", "Critics said the budget was too small"),
        ("speaker", "It is long overdue"),
        ("tag", "the agency said"),
    }
    assert [(x.author, y.author, x.text) for x, y in agreed] == [("ana", "ben", "The dam will cost 40 million")]
    assert [d.start for d in ds] == sorted(d.start for d in ds)


def test_choices_write_curated_copies_and_keep_the_sources():
    anns, rej = example(), []
    ds, _ = compare(anns, "ana", "ben")
    by = {(d.kind, d.text): d for d in ds}
    speaker = by[("speaker", "It is long overdue")]
    made = apply_choice(speaker, "b", "cleo", anns, rej)
    assert [(m.author, m.speaker, m.tag) for m in made] == [("cleo", "the agency", "quote")]
    assert made[0].extra["curated_from"] == [{"author": "ben", "id": speaker.b[0].id}]
    assert decision(speaker, anns, rej) == "b"
    # choosing again replaces the earlier choice
    apply_choice(speaker, "both", "cleo", anns, rej)
    curated = [a for a in anns if a.author == "cleo"]
    assert sorted(a.speaker for a in curated) == ["Mara Quist", "the agency"]
    assert decision(speaker, anns, rej) == "both"
    tag = by[("tag", "the agency said")]
    apply_choice(tag, "neither", "cleo", anns, rej)
    assert decision(tag, anns, rej) == "neither"
    assert sorted(r.tag for r in rej) == ["claim", "quote"] and all(r.author == "cleo" for r in rej)
    # the sources are all still there, unchanged
    assert sum(1 for a in anns if a.author in ("ana", "ben")) == len(example())
    assert progress(anns, rej, "ana", "ben").label() == "2/5"


def test_agreements_are_copied_once_citing_both():
    anns = example()
    made = accept_agreements(anns, "ana", "ben", "cleo")
    assert len(made) == 1 and {r["author"] for r in made[0].extra["curated_from"]} == {"ana", "ben"}
    assert accept_agreements(anns, "ana", "ben", "cleo") == []
    # curated copies are not taken for the authors' own work
    ds, agreed = compare(anns, "ana", "ben")
    assert len(ds) == 5 and len(agreed) == 1


def test_curator_must_be_a_third_name():
    with pytest.raises(MarginError, match="curator"):
        check_names("ana", "ben", "ana")
    with pytest.raises(MarginError, match="two different names"):
        check_names("ana", "ana", "cleo")


def _write_example(folder: Path) -> Path:
    path = folder / "dam.txt"
    path.write_text(TEXT, encoding="utf-8")
    store = Store(read_article(path))
    store.load()
    store.annotations.extend(example())
    store.save()
    return path


def test_session_saves_each_choice_and_progress_reads_from_disk(tmp_path: Path, fixed_user):
    path = _write_example(tmp_path)
    (tmp_path / "lonely.txt").write_text("Only ana read this one.\n", encoding="utf-8")
    s = Store(read_article(tmp_path / "lonely.txt"))
    s.annotations.append(make_annotation("Only ana read this one.\n", "claim", 0, 4, author="ana"))
    s.save()
    assert [(a.article.name, a.progress.label()) for a in folder_progress(tmp_path, "ana", "ben").articles] == [
        ("dam.txt", "0/5")]
    session = ArticleSession(path, "ana", "ben", "cleo")
    assert session.progress().label() == "0/5"
    first = session.next_open()
    assert first == 0
    session.choose(0, "a")
    saved = tomllib.loads(path.with_name("dam.txt.annotations.toml").read_text(encoding="utf-8"))
    cleo = [e for e in saved["annotations"] if e["author"] == "cleo"]
    # the agreement plus the choice, each naming its sources
    assert len(cleo) == 2 and all(e["curated_from"] for e in cleo)
    assert folder_progress(tmp_path, "ana", "ben").progress.label() == "1/5"
    for i in range(1, 5):
        session.choose(i, "both")
    assert folder_progress(tmp_path, "ana", "ben").articles[0].progress.label() == "curated"
    assert session.next_open() is None


def test_export_by_curator_gives_the_curated_annotations(tmp_path: Path, fixed_user):
    path = _write_example(tmp_path)
    session = ArticleSession(path, "ana", "ben", "cleo")
    session.choose(0, "a")
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["export", str(tmp_path), "--format", "jsonl", "--author", "cleo"])
    assert code == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    spans = [(s["label"] if "label" in s else s.get("tag"), s.get("author")) for line in lines
             for s in line.get("spans", [])]
    assert spans and all(author == "cleo" for _, author in spans)
    assert len(spans) == 2  # the agreed claim and the one choice


# ------------------------------------------------------------------ the curation screen

def _on_disk(path: Path) -> dict:
    return tomllib.loads(path.with_name(path.name + ".annotations.toml").read_text(encoding="utf-8"))


async def test_curate_screen_end_to_end(tmp_path: Path, fixed_user):
    from tui.curate_screen import CurateApp

    path = _write_example(tmp_path)
    app = CurateApp(tmp_path, "ana", "ben", "cleo")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        title = str(app.query_one("#curate-title").render())
        assert "dam.txt" in title and "0/5 decided" in title
        ds = app.session.disagreements
        order = [(d.kind, d.text) for d in ds]
        assert order == [("tag", "the agency said"), ("only_b", "Work starts"), ("only_a", "Work starts in June"),
                         ("speaker", "It is long overdue"), ("only_b", "Critics said the budget was too small")]
        await pilot.press("a")  # tag: take A's claim
        await pilot.press("b")  # only B's "Work starts": take it
        await pilot.press("2")  # only A's "Work starts in June": both (B has nothing there)
        await pilot.press("n")  # the quote's speakers: neither
        await pilot.press("b")  # only B's critics claim: take it
        await pilot.pause()
        assert "5/5 decided" in str(app.query_one("#curate-title").render())
    saved = _on_disk(path)
    cleo = [e for e in saved["annotations"] if e["author"] == "cleo"]
    rejected = [e for e in saved.get("rejected", []) if e["author"] == "cleo"]
    want = {}
    for kind, choice in zip(order, ("a", "b", "both", "neither", "b")):
        want[kind] = choice
    got_texts = sorted((e["tag"], e["text"]) for e in cleo)
    expected = [("claim", "The dam will cost 40 million")]  # the agreement, copied on opening
    for (kind, text), choice in want.items():
        d = next(x for x in ds if (x.kind, x.text) == (kind, text))
        picked = (d.a if choice in ("a", "both") else ()) + (d.b if choice in ("b", "both") else ())
        if choice != "neither":
            expected += [(x.tag, x.text) for x in picked]
    assert got_texts == sorted(expected)
    assert all(e["curated_from"] for e in cleo + rejected)
    assert sorted((e["tag"], e["speaker"]) for e in rejected) == [("quote", "Mara Quist"), ("quote", "the agency")]
    # the sources are all still on disk
    assert sum(1 for e in saved["annotations"] if e["author"] in ("ana", "ben")) == len(example())
    assert folder_progress(tmp_path, "ana", "ben").articles[0].progress.label() == "curated"


def test_margin_curate_refuses_the_authors_as_curator(tmp_path: Path, fixed_user, capsys, monkeypatch):
    monkeypatch.setenv("MARGIN_AUTHOR", "ana")
    assert main(["curate", str(tmp_path), "--authors", "ana,ben"]) == 1
    assert "curator (ana) must not be one of the authors" in capsys.readouterr().err


def test_folder_list_labels(tmp_path: Path, fixed_user):
    from annotations.curate import curation_labels, pair_of

    path = _write_example(tmp_path)
    assert pair_of(example()) == ("ana", "ben")
    assert pair_of([a for a in example() if a.author == "ana"]) is None
    assert curation_labels(tmp_path) == {path: "0/5"}
    session = ArticleSession(path, "ana", "ben", "cleo")
    session.choose(2, "neither")
    # the curator's copies do not make the curator one of the pair
    assert curation_labels(tmp_path) == {path: "1/5"}
    assert curation_labels(tmp_path, ("ana", "ben")) == {path: "1/5"}


def test_taking_the_empty_side_is_neither_and_counts_as_decided():
    anns, rej = example(), []
    ds, _ = compare(anns, "ana", "ben")
    only_b = next(d for d in ds if d.kind == "only_b")
    apply_choice(only_b, "a", "cleo", anns, rej)
    assert decision(only_b, anns, rej) == "neither"
    assert [r.text for r in rej] == [only_b.text] and not [a for a in anns if a.author == "cleo"]
