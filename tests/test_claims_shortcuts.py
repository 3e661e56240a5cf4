"""The claims pass's shortcuts answer exactly what the plain computation would.

Each shortcut (a word count that stops early, the ASCII tokenizer, the opinion
prefilter, adjustments skipped where they cannot change a score) is checked against
the computation it replaces, on invented text with the awkward characters in it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from annotations.claims import ADJUSTMENTS, Sentence, score_sentence
from annotations.claims import cues as C
from annotations.claims import scoring
from annotations.claims import vocabulary as V
from annotations.claims.matchers import TOKEN, tokenize
from annotations.claims.sentence import _WORDS

SENTENCES = [
    "The ferry carried 812,000 passengers last year, up 4.1% on 2023.",
    "“We need four more crossings a day,” said the harbour master.",
    "“It is the busiest I have seen the quay in 12 years,” she added.",
    "I think the council spent £4.3m too much on the pontoon.",
    "If you ask me, three quarters of the town agree.",
    "We believe the 2019 figures were wrong, a spokesman said.",
    "In my view the scheme has doubled the queues since March.",
    "My advice: book early, as 60% of seats go within a week.",
    "It was a bright, windy afternoon.",
    "Why did fares rise by 20p?",
    "Ferry Numbers Soar As Summer Crowds Return",
    "Café owner Zoë Brontë, 44, said takings fell by a third.",
    "İstanbul had 3 million visitors in 2023, the ministry said.",
    "ſome 40 people and a 5 K rise were reported by the team.",
    "Naïve estimates put the cost at ¥2bn, or about ² of it.",
    "Fares — up 5% — will rise again in April, the operator said.",
    "a - b - c - d - e",
    ". . . . .",
    "One, two: three",
    "",
    "   ",
]


def _plain_adjust(s: Sentence, score: float) -> float:
    """The adjustment loop as the table reads, every test asked."""
    for a in ADJUSTMENTS:
        if a.floor is not None and score < a.above:
            continue
        if not a.applies(s):
            continue
        score *= a.factor
        if a.cap is not None:
            score = min(score, a.cap)
        if a.floor is not None:
            score = max(score, a.floor)
    return score


@pytest.mark.parametrize("text", SENTENCES)
def test_fewer_words_counts_as_the_word_list(text: str) -> None:
    s = Sentence(text)
    for n in (1, 5, 8):
        assert s.fewer_words(n) == (len(_WORDS.findall(s.stripped)) < n)


@pytest.mark.parametrize("text", SENTENCES)
def test_tokenize_gives_the_token_pattern_tokens(text: str) -> None:
    low = text.lower()
    assert tokenize(low) == TOKEN.rx.findall(low)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 _-’'“”.,%£²İıſ\u212aéß٣\u0307")), max_size=30))
def test_tokenize_on_any_text(text: str) -> None:
    low = text.lower()
    assert tokenize(low) == TOKEN.rx.findall(low)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 _-’'“”.,%£$€")), max_size=40))
def test_fewer_words_on_any_text(text: str) -> None:
    s = Sentence(text)
    for n in (5, 8):
        assert s.fewer_words(n) == (len(_WORDS.findall(s.stripped)) < n)


@pytest.mark.parametrize("text", SENTENCES + [
    "“If you go, take water,” she said.", "We think 40% is fair.", "i feel it rose 3%.",
    "We hope so, said the 12 of us.", "IN MY OPINION it fell 4%.", "We, I think, lost 5."])
def test_opinion_prefilter_agrees_with_the_pattern(text: str) -> None:
    s = Sentence(text)
    plain = s.has(V.FIRST_PERSON) and C._OPINION.search(s.stripped) is not None
    assert C._opinion(s) == plain


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("in_quote", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("standfirst", [False, True])
def test_adjust_skips_only_what_cannot_change(text: str, in_quote: float, standfirst: bool) -> None:
    for score in (0.0, 0.2, 0.3, 0.35, 0.45, 0.5, 0.55, 0.6, 0.7, 0.85, 1.0):
        s = Sentence(text, in_quote=in_quote, standfirst=standfirst)
        assert scoring.adjust(s, score) == _plain_adjust(Sentence(text, in_quote=in_quote,
                                                                  standfirst=standfirst), score)


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("standfirst", [False, True])
def test_in_quote_counts_only_above_the_speech_line(text: str, standfirst: bool) -> None:
    # find_claims may score a sentence once for every share on the same side of 0.35
    below = score_sentence(text, in_quote=0.0, standfirst=standfirst)
    above = score_sentence(text, in_quote=1.0, standfirst=standfirst)
    for share in (0.0, 0.1, 0.2, 0.3, 0.35):
        assert score_sentence(text, in_quote=share, standfirst=standfirst) == below
    for share in (0.3500001, 0.36, 0.5, 0.9, 1.0):
        assert score_sentence(text, in_quote=share, standfirst=standfirst) == above


def test_in_quote_is_read_only_against_the_speech_line() -> None:
    # the property above holds for every sentence only while each rule reads the share
    # as "in_quote > 0.35": a rule that reads it otherwise must change find_claims too
    import inspect

    from annotations.claims import sentence

    assert re.findall(r"\bin_quote\b[^\n]{0,7}", inspect.getsource(C)) == ["in_quote > 0.35"] * 2
    assert "self.in_quote" not in inspect.getsource(sentence).replace("self.in_quote = in_quote", "")
    # scoring reads no share; it sets one only to give the speech verdict after the
    # narration's, once the facts are found (score_as_narration_and_speech)
    assert re.findall(r"\.in_quote\b[^\n]*", inspect.getsource(scoring)) == [".in_quote = 1.0"]
