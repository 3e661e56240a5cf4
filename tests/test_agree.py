"""Agreement between two annotators on small hand-made cases with known answers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from annotations.agree import agree, body_sentences, cohen_kappa, span_scores
from annotations.article import article_from_text
from annotations.cleaning import clean

TEXT = (
    "The Harbour Report\n"
    "\n"
    "The mayor said the ferry will run again in May. Tickets cost four pounds. The council denied it.\n"
    "\n"
    "A spokesman added that repairs are late. Nobody else commented.\n"
)


@dataclass
class Span:
    tag: str
    start: int
    end: int
    author: str


def sentences_of(text: str) -> list[tuple[int, int]]:
    return body_sentences(clean(article_from_text(text)))


def at(sub: str, text: str = TEXT) -> tuple[int, int]:
    i = text.index(sub)
    return i, i + len(sub)


def test_body_sentences_of_the_fixture():
    got = [TEXT[s:e] for s, e in sentences_of(TEXT)]
    assert got == [
        "The Harbour Report",
        "The mayor said the ferry will run again in May.",
        "Tickets cost four pounds.",
        "The council denied it.",
        "A spokesman added that repairs are late.",
        "Nobody else commented.",
    ]


def test_kappa_by_hand_counts():
    # 10 sentences: both yes 3, only A 1, only B 1, both no 5.
    # po = 8/10; A says yes 4/10, B 4/10; pe = .4*.4 + .6*.6 = .52
    expected = (0.8 - 0.52) / (1 - 0.52)
    assert cohen_kappa(3, 1, 1, 5) == pytest.approx(expected)
    assert cohen_kappa(3, 1, 1, 5) == pytest.approx(0.5833333, abs=1e-6)
    assert cohen_kappa(4, 0, 0, 6) == pytest.approx(1.0)
    # Perfect disagreement with balanced marginals: po = 0, pe = .5 -> -1.
    assert cohen_kappa(0, 5, 5, 0) == pytest.approx(-1.0)
    # Everyone said no everywhere: chance agreement is 1, kappa undefined.
    assert cohen_kappa(0, 0, 0, 7) is None
    assert cohen_kappa(0, 0, 0, 0) is None


def test_span_scores_exact_and_overlap():
    a = [(0, 0, 10), (0, 20, 30)]
    b = [(0, 0, 10), (0, 25, 40), (0, 50, 60), (1, 0, 10)]  # (1, 0, 10): another article
    exact, f1, p, r, of1 = span_scores(a, b)
    assert exact == 1
    assert f1 == pytest.approx(2 * 1 / 6)
    assert p == pytest.approx(2 / 4)  # b's 0-10 and 25-40 overlap a span of a
    assert r == pytest.approx(1.0)
    assert of1 == pytest.approx(2 * 0.5 * 1 / 1.5)
    assert span_scores([], []) == (0, None, None, None, None)


def test_touching_spans_do_not_overlap():
    _, _, p, r, _ = span_scores([(0, 0, 5)], [(0, 5, 9)])
    assert (p, r) == (0.0, 0.0)


def test_agreement_on_a_hand_made_article():
    sents = sentences_of(TEXT)
    spans = [
        Span("claim", *at("The mayor said the ferry will run again in May."), "ana"),
        Span("claim", *at("Tickets cost four pounds."), "ana"),
        Span("quote", *at("A spokesman added that repairs are late."), "ana"),
        Span("claim", *at("The mayor said the ferry will run again in May."), "ben"),
        Span("claim", *at("The council denied"), "ben"),
        Span("claim", *at("ckets cost fo"), "ben"),
        Span("claim", *at("Nobody else commented."), "cleo"),  # a third author: ignored
    ]
    report = agree([(sents, spans)], "ana", "ben", ["claim", "quote", "boilerplate"])
    assert (report.articles, report.skipped) == (1, 0)

    claim = report.get("claim")
    assert (claim.a_spans, claim.b_spans, claim.exact_matches) == (2, 3, 1)
    assert claim.exact_f1 == pytest.approx(2 * 1 / 5)
    assert claim.overlap_precision == pytest.approx(2 / 3)
    assert claim.overlap_recall == pytest.approx(1.0)
    assert claim.overlap_f1 == pytest.approx(0.8)
    # Six sentences: ana yes on 2 and 3, ben yes on 2, 3 and 4.
    assert (claim.both_yes, claim.a_only, claim.b_only, claim.both_no) == (2, 0, 1, 3)
    po, pe = 5 / 6, (2 / 6) * (3 / 6) + (4 / 6) * (3 / 6)
    assert claim.kappa == pytest.approx((po - pe) / (1 - pe))
    assert claim.kappa == pytest.approx(2 / 3)

    quote = report.get("quote")
    assert (quote.a_spans, quote.b_spans) == (1, 0)
    assert quote.exact_f1 == 0.0 and quote.overlap_f1 == 0.0
    # ana yes on one sentence, ben never: po = 5/6 = pe, so kappa is 0.
    assert quote.kappa == pytest.approx(0.0)

    boiler = report.get("boilerplate")
    assert boiler.exact_f1 is None and boiler.kappa is None
    assert boiler.sentences == 6


def test_articles_annotated_by_one_author_are_skipped():
    sents = sentences_of(TEXT)
    one = [Span("claim", *at("Tickets cost four pounds."), "ana")]
    both = [Span("claim", *at("Tickets cost four pounds."), "ana"),
            Span("claim", *at("Tickets cost four pounds."), "ben")]
    report = agree([(sents, one), (sents, both), (sents, [])], "ana", "ben")
    assert (report.articles, report.skipped) == (1, 1)
    claim = report.get("claim")
    assert claim.exact_f1 == pytest.approx(1.0)
    assert claim.kappa == pytest.approx(1.0)
    assert claim.sentences == 6  # only the compared article's sentences


def test_identical_annotators_agree_fully_across_articles():
    other = "Rain fell on Tuesday. The river rose by a metre.\n"
    s1, s2 = sentences_of(TEXT), sentences_of(other)
    r1 = at("Tickets cost four pounds.")
    r2 = at("The river rose by a metre.", other)
    arts = [
        (s1, [Span("claim", *r1, "ana"), Span("claim", *r1, "ben")]),
        (s2, [Span("claim", *r2, "ana"), Span("claim", *r2, "ben")]),
    ]
    claim = agree(arts, "ana", "ben").get("claim")
    assert claim.exact_f1 == 1.0 and claim.overlap_f1 == 1.0
    assert claim.sentences == 8 and claim.both_yes == 2 and claim.kappa == pytest.approx(1.0)


# ---------------------------------------------------------------- over a folder, and the command

def save_spans(path, spans):
    """Save (tag, exact text, author) annotations through the real store."""
    from annotations.article import read_article
    from annotations.model import make_annotation
    from annotations.store import Store

    store = Store(read_article(path))
    store.load()
    text = store.article.text
    for tag, sub, author in spans:
        i = text.index(sub)
        store.annotations.append(make_annotation(text, tag, i, i + len(sub), author=author))
    store.save()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    from annotations import index as index_mod

    monkeypatch.setattr(index_mod, "cache_dir", lambda: tmp_path / "cache")
    d = tmp_path / "news"
    d.mkdir()
    (d / "harbour.txt").write_text(TEXT, encoding="utf-8")
    (d / "solo.txt").write_text("Only one person read this. It has two sentences.\n", encoding="utf-8")
    save_spans(d / "harbour.txt", [
        ("claim", "The mayor said the ferry will run again in May.", "ana"),
        ("claim", "Tickets cost four pounds.", "ana"),
        ("quote", "A spokesman added that repairs are late.", "ana"),
        ("claim", "The mayor said the ferry will run again in May.", "ben"),
        ("claim", "The council denied", "ben"),
        ("claim", "ckets cost fo", "ben"),
    ])
    save_spans(d / "solo.txt", [("claim", "Only one person read this.", "ana")])
    return d


def test_agree_folder_matches_the_hand_computed_case(folder):
    from annotations.agree import agree_folder

    report = agree_folder(folder, "ana", "ben")
    assert (report.articles, report.skipped) == (1, 1)
    assert [t.tag for t in report.tags] == ["claim", "quote"]  # config order, used tags only
    claim = report.get("claim")
    assert claim.exact_f1 == pytest.approx(0.4)
    assert claim.overlap_f1 == pytest.approx(0.8)
    assert claim.kappa == pytest.approx(2 / 3)


def test_agree_command(folder, capsys):
    import json

    from tui.cli import main

    assert main(["agree", str(folder), "--authors", "ana,ben"]) == 0
    out = capsys.readouterr().out
    assert "1 article compared, 1 annotated by only one of them left out" in out
    claim_line = next(line for line in out.splitlines() if line.startswith("claim"))
    assert claim_line.split() == ["claim", "2", "3", "1", "0.400", "0.800", "0.67", "/", "1.00", "6", "0.667"]
    assert main(["agree", str(folder), "--authors", "ana,ben", "--json", "--tag", "quote"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["tag"] for t in data["tags"]] == ["quote"] and data["tags"][0]["kappa"] == pytest.approx(0.0)
    assert main(["agree", str(folder), "--authors", "ana"]) == 1
    assert "two different names" in capsys.readouterr().err


def test_agree_folder_re_anchors_an_edited_article(folder):
    from annotations.agree import agree_folder

    path = folder / "harbour.txt"
    # Text inserted before every annotation: stored offsets are now wrong, the spans move.
    path.write_text("Late edition. Printed before dawn on the quay. More on this story follows "
                    "in the evening paper, with pictures.\n\n" + TEXT, encoding="utf-8")
    claim = agree_folder(folder, "ana", "ben").get("claim")
    assert claim.exact_f1 == pytest.approx(0.4)
    # Stale offsets would put the spans 110 characters early, on other sentences; placed
    # spans hit the same sentences as before: ana 2, ben those 2 and one more.
    assert (claim.both_yes, claim.a_only, claim.b_only) == (2, 0, 1)
    assert claim.kappa == pytest.approx(cohen_kappa(2, 0, 1, claim.both_no))


def test_agree_with_an_unknown_author_lists_the_authors_there(folder, capsys):
    from tui.cli import main

    assert main(["agree", str(folder), "--authors", "ana,bne"]) == 1
    err = capsys.readouterr().err
    assert "no annotations by 'bne'" in err and "authors there: ana, ben" in err
