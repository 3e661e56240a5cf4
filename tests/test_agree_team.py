"""margin agree on two authors who annotated independently (blind mode), against a hand count.

The article (invented) has six body sentences (the title counts as one):

    S0 "Bus fares rise in the valley"
    S1 "The valley bus company will raise fares by 5 per cent in May."
    S2 "It carried 2 million riders last year."
    S3 "The mayor said the rise was fair."
    S4 "Drivers said nothing."
    S5 "The company expects fewer riders."

ana: claim S1 (whole), claim S2 (whole), claim "The company expects fewer riders" (S5
     without its full stop), quote "the rise was fair" (S3)
ben: claim S1 (whole: the same span as ana's), claim "2 million riders" (inside S2),
     claim S4 (whole), quote "the rise was fair" (the same span as ana's)
cleo tags S0 as a claim: a third author, ignored.

claim by hand
  spans: ana 3, ben 3; exact matches 1 (S1)            exact F1 = 2*1/(3+3) = 1/3
  ben's spans overlapping one of ana's: S1, "2 million riders"; S4 no    precision = 2/3
  ana's spans overlapping one of ben's: S1, S2; "expects fewer riders" no recall = 2/3
  overlap F1 = 2/3
  sentences (ana, ben): S0 (n,n) S1 (y,y) S2 (y,y) S3 (n,n) S4 (n,y) S5 (y,n)
  both yes 2, ana only 1, ben only 1, both no 2; po = 4/6; pe = .5*.5 + .5*.5 = .5
  kappa = (4/6 - .5) / (1 - .5) = 1/3
quote by hand
  1 and 1 span, 1 exact match: exact F1 1, overlap P = R = F1 = 1
  sentences: S3 (y,y), the other five (n,n): po = 1; pe = (1/6)^2 + (5/6)^2 = 26/36
  kappa = (1 - 26/36) / (1 - 26/36) = 1
A second article only ana annotated is left out (skipped = 1).
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from annotations.team import decide_tag
from tui.cli import main

TEXT = ("Bus fares rise in the valley\n\n"
        "The valley bus company will raise fares by 5 per cent in May. It carried 2 million riders last year. "
        "The mayor said the rise was fair. Drivers said nothing. The company expects fewer riders.\n")

ANA = [("claim", "The valley bus company will raise fares by 5 per cent in May."),
       ("claim", "It carried 2 million riders last year."),
       ("claim", "The company expects fewer riders"),
       ("quote", "the rise was fair")]
BEN = [("claim", "The valley bus company will raise fares by 5 per cent in May."),
       ("claim", "2 million riders"),
       ("claim", "Drivers said nothing."),
       ("quote", "the rise was fair")]


def tag_as(path: Path, author: str, spans: list[tuple[str, str]]) -> None:
    """Tag as the app does in team mode: decide_tag says add or remove, per key press."""
    store = Store(read_article(path), author=author)
    store.load()
    for tag, phrase in spans:
        a = TEXT.index(phrase)
        z = a + len(phrase)
        d = decide_tag(store.annotations, tag, a, z, author)
        assert d.action == "add"  # ana's same claim is there, and ben still adds his own
        store.annotations.append(make_annotation(TEXT, tag, a, z, author=author,
                                                 speaker="the mayor" if tag == "quote" else None))
    store.save()


def test_agree_on_two_blind_authors_matches_the_hand_count(tmp_path: Path, fixed_user):
    path = tmp_path / "buses.txt"
    path.write_text(TEXT, encoding="utf-8")
    tag_as(path, "ana", ANA)
    tag_as(path, "ben", BEN)
    tag_as(path, "cleo", [("claim", "Bus fares rise in the valley")])
    other = tmp_path / "other.txt"
    other.write_text("Only one author read this.\n", encoding="utf-8")
    store = Store(read_article(other))
    store.annotations.append(make_annotation("Only one author read this.\n", "claim", 0, 4, author="ana"))
    store.save()

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["agree", str(tmp_path), "--authors", "ana,ben", "--json"])
    assert code == 0
    report = json.loads(out.getvalue())
    assert (report["articles"], report["skipped"]) == (1, 1)
    tags = {t["tag"]: t for t in report["tags"]}
    claim, quote = tags["claim"], tags["quote"]
    assert (claim["a_spans"], claim["b_spans"], claim["exact_matches"]) == (3, 3, 1)
    assert claim["exact_f1"] == pytest.approx(1 / 3)
    assert claim["overlap_precision"] == pytest.approx(2 / 3)
    assert claim["overlap_recall"] == pytest.approx(2 / 3)
    assert claim["overlap_f1"] == pytest.approx(2 / 3)
    assert (claim["sentences"], claim["both_yes"], claim["a_only"], claim["b_only"], claim["both_no"]) == (6, 2, 1, 1, 2)
    assert claim["kappa"] == pytest.approx(1 / 3)
    assert (quote["exact_matches"], quote["exact_f1"], quote["overlap_f1"]) == (1, 1.0, 1.0)
    assert (quote["both_yes"], quote["both_no"]) == (1, 5)
    assert quote["kappa"] == pytest.approx(1.0)
