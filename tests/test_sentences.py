"""Sentence splitting on news text. Every sentence here is our own invention."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.article import article_from_text
from annotations.cleaning import clean
from annotations.sentences import split_sentences


def sents(text: str, **kw) -> list[str]:
    return [text[a:z] for a, z in split_sentences(text, **kw)]


CASES = [
    # titles and honorifics
    ("Sir Keir Starmer visited Harrowfield on Monday. He met the housing team.",
     ["Sir Keir Starmer visited Harrowfield on Monday.", "He met the housing team."]),
    ("Mr. Dolan arrived first. Mrs. Benavides followed. Dr. Whitford spoke last.",
     ["Mr. Dolan arrived first.", "Mrs. Benavides followed.", "Dr. Whitford spoke last."]),
    ("Gov. Markey and Sen. Ortega toured the levee. Sgt. Boyd drove them.",
     ["Gov. Markey and Sen. Ortega toured the levee.", "Sgt. Boyd drove them."]),
    # dotted abbreviations
    ("The U.S. Coast Guard rescued nine people. The U.K. team sent a boat.",
     ["The U.S. Coast Guard rescued nine people.", "The U.K. team sent a boat."]),
    ("Prices are falling in the U.S. The trend is weaker in the U.K. But it is there.",
     ["Prices are falling in the U.S.", "The trend is weaker in the U.K.", "But it is there."]),
    # numbers
    ("Officials at No. 10 declined to comment. A spokesman said the plan was on track.",
     ["Officials at No. 10 declined to comment.", "A spokesman said the plan was on track."]),
    ("The scheme will cost £1.5bn. Ministers say it will pay for itself.",
     ["The scheme will cost £1.5bn.", "Ministers say it will pay for itself."]),
    ("Unemployment rose to 4.4 per cent. That is the highest in two years.",
     ["Unemployment rose to 4.4 per cent.", "That is the highest in two years."]),
    ("The meeting starts at 3.5 p.m. on Thursday at the civic centre.",
     ["The meeting starts at 3.5 p.m. on Thursday at the civic centre."]),
    ("The water peaked at 3 p.m. Residents were told to stay upstairs.",
     ["The water peaked at 3 p.m.", "Residents were told to stay upstairs."]),
    ("The gates reopen at 9 a.m. Friday, officials said.",
     ["The gates reopen at 9 a.m. Friday, officials said."]),
    ("The contract was signed on Jan. 5 in Castlebridge. Work starts in Feb. 2027.",
     ["The contract was signed on Jan. 5 in Castlebridge.", "Work starts in Feb. 2027."]),
    ("The river rose 2.5 metres. It was 31.4 feet at the gauge.",
     ["The river rose 2.5 metres.", "It was 31.4 feet at the gauge."]),
    ("She was born in 1961. In 1979 she moved to Fenwick.",
     ["She was born in 1961.", "In 1979 she moved to Fenwick."]),
    # initials
    ("The prize went to J. K. Rowling last year. This year it went to a debut.",
     ["The prize went to J. K. Rowling last year.", "This year it went to a debut."]),
    ("A statue of T.S. Pryce stands in the square. It was unveiled in May.",
     ["A statue of T.S. Pryce stands in the square.", "It was unveiled in May."]),
    ("The report is by J. A. Pryce and I. M. Duda. It runs to 90 pages.",
     ["The report is by J. A. Pryce and I. M. Duda.", "It runs to 90 pages."]),
    ("The shop is on Mill St. The owner lives above it. St. Aldhelm's is next door.",
     ["The shop is on Mill St.", "The owner lives above it.", "St. Aldhelm's is next door."]),
    ("She grew up in Co. Antrim and works for Fenwick Co. The firm is small.",
     ["She grew up in Co. Antrim and works for Fenwick Co.", "The firm is small."]),
    # ellipses and stacked punctuation
    ("He paused... then said the vote was lost. Nobody moved.",
     ["He paused... then said the vote was lost.", "Nobody moved."]),
    ("The lights went out… The crowd waited.",
     ["The lights went out…", "The crowd waited."]),
    ("Did the council know?! Nobody has said. Is that acceptable?",
     ["Did the council know?!", "Nobody has said.", "Is that acceptable?"]),
    # web addresses
    ("Details are at https://harrowfield-post.example/news/housing.html today. Read them.",
     ["Details are at https://harrowfield-post.example/news/housing.html today.", "Read them."]),
    ("Email newsdesk@harrowfield-post.example with tips. We read every one.",
     ["Email newsdesk@harrowfield-post.example with tips.", "We read every one."]),
    ("Our full report is online. https://harrowfield-post.example/report has it.",
     ["Our full report is online.", "https://harrowfield-post.example/report has it."]),
    # quotations
    ("“It is late. We must go,” she said. The hall emptied.",
     ["“It is late. We must go,” she said.", "The hall emptied."]),
    ('"It is late. We must go," the chief said. The hall emptied.',
     ['"It is late. We must go," the chief said.', "The hall emptied."]),
    ("Cllr Patel said: “These are not numbers. They are families.” The cabinet meets on Thursday.",
     ["Cllr Patel said: “These are not numbers. They are families.”", "The cabinet meets on Thursday."]),
    ("“Why now?” she asked. “Because the money is here,” he replied.",
     ["“Why now?” she asked.", "“Because the money is here,” he replied."]),
    ("He had been “too ashamed”. He did not explain.",
     ["He had been “too ashamed”.", "He did not explain."]),
    ("He told police: ‘I didn’t think anyone would look. It’s a little charity.’ Then he wept.",
     ["He told police: ‘I didn’t think anyone would look. It’s a little charity.’", "Then he wept."]),
    # a quotation left open runs on into the next paragraph, so it splits as prose
    ("“I trusted him completely. He had been with us for years.",
     ["“I trusted him completely.", "He had been with us for years."]),
    # brackets
    ("The study (n=4,817) found a link. The effect was 38% (95% CI 1.21-1.57).",
     ["The study (n=4,817) found a link.", "The effect was 38% (95% CI 1.21-1.57)."]),
    # company and place abbreviations
    ("She works for Acme Inc. He works for the council.",
     ["She works for Acme Inc.", "He works for the council."]),
    ("PORT HADLEY, Texas (WNS) — The storm stalled. SACRAMENTO, Calif. (WNS) — Fires spread.",
     ["PORT HADLEY, Texas (WNS) — The storm stalled.", "SACRAMENTO, Calif. (WNS) — Fires spread."]),
    # a list marker is not a sentence
    ("1. Pair every new student with a mentor.",
     ["1. Pair every new student with a mentor."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[1][0][:30] for c in CASES])
def test_news_cases(text, expected):
    assert sents(text) == expected


def test_whitespace_between_sentences_is_left_out():
    text = "  First one.   Second one.\t Third one.  "
    spans = split_sentences(text)
    assert [text[a:z] for a, z in spans] == ["First one.", "Second one.", "Third one."]
    assert spans[0][0] == 2
    for (_, z), (a, _) in zip(spans, spans[1:]):
        assert text[z:a].strip() == "" and z < a


def test_newline_ends_a_sentence_unless_soft():
    text = "Storm hits coast\nResidents flee"
    assert sents(text) == ["Storm hits coast", "Residents flee"]
    wrapped = "The plan was simple on\npaper. It failed.\n\nA new paragraph."
    assert sents(wrapped, soft_newlines=True) == [
        "The plan was simple on\npaper.", "It failed.", "A new paragraph."]
    assert sents(wrapped)[0] == "The plan was simple on"


def test_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert sents("No full stop at all") == ["No full stop at all"]


def test_cjk_full_stops_need_no_space():
    assert sents("雨が降った。川があふれた。") == ["雨が降った。", "川があふれた。"]


def test_document_splits_wrapped_markdown_paragraphs_as_prose(tmp_path):
    doc = clean(article_from_text(
        "# Title\n\nThe plan was simple on\npaper. It failed in March.\n", "post.md"))
    i = next(i for i, b in enumerate(doc.blocks) if "plan" in doc.text[b.content_start:b.content_end])
    assert [doc.text[a:z] for a, z in doc.sentences(i)] == [
        "The plan was simple on\npaper.", "It failed in March."]


_WORDS = st.sampled_from([
    "Mr.", "Dr.", "U.S.", "No.", "10", "£1.5bn.", "4.4", "per", "cent.", "p.m.", "J.", "K.",
    "“It", "is", "late.", "We", "go,”", "she", "said.", "Why?”", "...", "…", "?!", "(n=5).",
    "Officials", "the", "council", "The", "\n", "  ", "‘Yes.’", '"No."', "https://a.example/x.",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_spans_are_ordered_trimmed_and_cover_all_text(text):
    spans = split_sentences(text)
    pos = 0
    for a, z in spans:
        assert pos <= a < z <= len(text)
        assert not text[a].isspace() and not text[z - 1].isspace()
        assert text[pos:a].strip() == ""  # only whitespace between sentences
        pos = z
    assert text[pos:].strip() == ""
    for a, z in spans:  # without soft newlines no sentence crosses a line
        assert "\n" not in text[a:z]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_tiled(text):
    spans = split_sentences(text, soft_newlines=True)
    covered = "".join(text[a:z] for a, z in spans)
    assert "".join(text.split()) == "".join(covered.split())


def test_agrees_with_pysbd_on_the_sample_articles():
    """pySBD is the reference; on our own samples we should give (almost) the same sentences."""
    pysbd = pytest.importorskip("pysbd")
    from pathlib import Path

    from annotations.article import read_article

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    ours = ref = same = 0
    for path in sorted((Path(__file__).parent.parent / "sample_articles").glob("*.txt")):
        text = read_article(path).text
        for line in text.split("\n"):
            if not line.strip():
                continue
            mine = set(sents(line))
            theirs = {s.sent.strip() for s in seg.segment(line) if s.sent.strip()}
            ours += len(mine)
            ref += len(theirs)
            same += len(mine & theirs)
    assert ref > 100
    assert same / ref >= 0.95 and same / ours >= 0.95
