"""The quote steps never raise, whatever the text: Hypothesis over arbitrary Unicode and
over text made mostly of quote marks, names and speech verbs (issue 8)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotations.article import article_from_text
from annotations.document import Document
from annotations.quotes import find_quotes, pipeline
from annotations.quotes.candidates import (attribution, post_attribution, pre_attribution, subject_after,
                                           subject_before)
from annotations.quotes.marks import scan_block
from annotations.quotes.names import parse_name_list
from annotations.quotes.people import People, opens_clause
from annotations.structure import segment

# pieces that make the rules work hard: marks of every kind, names, verbs, honorifics,
# pronouns, punctuation, odd spaces and control characters
PIECES = ["“", "”", "‘", "’", "\"", "'", "„", "«", "»", "‹", "›", "’’", " ", "\u00a0", "\t", "\n", "\n\n",
          "\x00", "\x1b", "\u200b", "\ufeff", ",", ".", ":", ";", "—", "–", "-", "…", "(", ")",
          "said", "says", "told", "added", "according to", "he", "she", "they", "it", "the", "a", "of",
          "Jane", "Doe", "Mr", "Dr.", "Ms", "Prince", "Doctor", "Acme Ltd", "Ivo", "Lenz’s", "42",
          "spokesman", "officers", "x" * 300]
pieces_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(max_size=400)
texts = st.one_of(pieces_text, any_text)


def _doc(text: str) -> Document:
    art = article_from_text(text, "t.txt")
    return Document(art, segment(art.text, art.is_markdown))


@pytest.fixture(autouse=True)
def _unguarded(monkeypatch):
    # a rule that raises must fail these tests, not be swallowed by the paragraph guard
    monkeypatch.setattr(pipeline, "_GUARD", False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_find_quotes_never_raises_and_spans_lie_in_the_text(text):
    d = _doc(text)
    for q in find_quotes(d):
        assert 0 <= q.start < q.end <= len(d.text)
        assert q.speaker is None or q.speaker.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_marks_step_never_raises(text):
    prev_close = -1
    for r in scan_block(text, 0):
        assert prev_close < r.open_pos < r.start < r.end <= len(text)
        prev_close = r.close_pos if r.close_pos is not None else len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts, texts)
def test_candidate_steps_never_raise(before, after):
    subject_before(before)
    subject_after(after)
    pre_attribution(before)
    post_attribution(after)
    attribution(before, after, True)
    attribution(before, after, False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts, st.integers(0, 500), st.integers(0, 500))
def test_people_steps_never_raise(text, a, z):
    opens_clause(text, min(a, len(text)), min(max(a, z), len(text)))
    people = People()
    words = text.split()[:6]
    if words:
        people.register(words, a)
    for pron in ("he", "she", "they", "it", "we", "i"):
        people.resolve_pronoun(pron, a + 1, None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=80), max_size=20))
def test_name_list_parser_takes_any_lines(lines):
    got = parse_name_list(lines)
    assert all(v in ("m", "f", "") for v in got.values())


def test_huge_paragraph_without_closing_marks():
    text = "Intro.\n\n" + ("“Jane Doe said " * 20000) + "\n"
    d = _doc(text)
    assert all(0 <= q.start < q.end <= len(d.text) for q in find_quotes(d))


def test_empty_and_blank_articles():
    for text in ("", "\n", "\n\n\n", "“", "”", "\"", "\u00a0\n"):
        assert find_quotes(_doc(text)) == []


def test_honorific_only_in_the_description():
    # found by fuzzing real pages: a one-word name whose only honorific came from its description
    people = People()
    assert people.register(["Doe"], 0, "mr") is not None
    assert people.register(["Kell’s", "Roe"], 5, "the judge") is not None
