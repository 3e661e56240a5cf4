"""Claim scoring on invented sentences: high for checkable facts, low for chat."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from annotations.article import article_from_text
from annotations.claims import THRESHOLD, find_claims, merged_sentences, score_sentence
from annotations.document import Document
from annotations.structure import segment


@pytest.mark.parametrize("sentence, cue", [
    ("Unemployment in the region rose to 6.2% in the three months to June.", "statistic"),
    ("The hospital trust spent £4.3m on agency nurses last year.", "money"),
    ("Ticket prices have doubled since 2019, according to the operator.", ""),
    ("The bypass will cost an estimated $310 million and open in 2029.", "money"),
    ("About 1,400 households were left without power after the storm.", ""),
    ("It was the wettest February since records began in 1871.", ""),
    ("The number of licensed taxis fell from 812 to 640 over the decade.", ""),
    ("The board approved the merger by nine votes to two.", ""),
    ("Police said three men had been arrested and charged with burglary.", ""),
    ("Hospital waiting lists have grown for the fifth month in a row.", "trend"),
    ("The new law, which comes into force next month, makes it illegal to sell the devices.", "legal"),
    ("The coast road was closed for a week because the sea wall had cracked.", "cause"),
])
def test_checkable_sentences_score_high(sentence, cue):
    score, reason = score_sentence(sentence)
    assert score >= THRESHOLD, (score, reason)
    assert cue in reason


@pytest.mark.parametrize("sentence", [
    "What will the council do next?",
    "It was a lovely morning by the harbour.",
    "I think the new mural is wonderful.",
    "She smiled and walked back towards the car.",
    "Thanks for reading.",
    "If you are thinking of visiting, bring a coat.",
    "The two friends met for coffee on a rainy Tuesday.",
    "Readers can find more details on our website.",
    "The couple married in 2015 and moved to the coast.",
    # a cause alone is often an explanation, not a reported fact
    "The tide turns because the moon pulls on the sea.",
    "She signed with a record label in the city.",
    "The town is committed to the “one harbour, two ferries” plan.",
])
def test_chat_questions_and_opinions_score_low(sentence):
    score, _ = score_sentence(sentence)
    assert score < THRESHOLD


def test_question_with_a_number_stays_low():
    assert score_sentence("Could the 40% rise really be explained by the weather?")[0] < THRESHOLD


def test_figures_inside_direct_speech_are_offered_below_the_narrations():
    plain = score_sentence("We lost 12 games in a row last season.")[0]
    quoted = score_sentence("We lost 12 games in a row last season.", in_quote=1.0)[0]
    assert THRESHOLD <= quoted < plain
    assert score_sentence("Our costs went up by 40% in a single year.", in_quote=1.0)[0] >= THRESHOLD
    assert score_sentence("Three-quarters of our members voted to strike.", in_quote=1.0)[0] >= THRESHOLD
    # without a figure, a speaker's comparison or superlative is rhetoric
    assert score_sentence("It was the greatest night this town has ever had.", in_quote=1.0)[0] < THRESHOLD
    assert score_sentence("At 2-0 down you have to keep your nerve, and we did.", in_quote=1.0)[0] < THRESHOLD


def test_reason_names_the_figure():
    _, reason = score_sentence("The fund has grown to £2.5bn since it opened.")
    assert reason.startswith("money") and "2.5bn" in reason


def test_time_and_age_alone_are_not_claims():
    assert score_sentence("The meeting finished at 10.30pm on Thursday night.")[0] < THRESHOLD
    assert score_sentence("Amelia Clarke, 44, walked her dog along the beach.")[0] < THRESHOLD


def doc_of(text: str) -> Document:
    art = article_from_text(text)
    return Document(art, segment(art.text))


def test_find_claims_spans_are_raw_sentences_and_skip_datelines():
    text = ("BRISTOL (AP) — The port handled 2.1 million containers last year, up 8%. "
            "It was a busy summer.\n")
    d = doc_of(text)
    got = find_claims(d, [])
    assert len(got) == 1
    assert d.text[got[0].start:got[0].end] == "The port handled 2.1 million containers last year, up 8%."


def test_abbreviations_do_not_split_a_claim():
    d = doc_of("Dr. Anika Rao said the clinic treated 4,200 patients in 2024.\n")
    assert [d.text[a:z] for a, z in merged_sentences(d, 0)] == [
        "Dr. Anika Rao said the clinic treated 4,200 patients in 2024."]


@given(st.text(max_size=300))
def test_score_is_always_between_0_and_1(s):
    score, reason = score_sentence(s)
    assert 0.0 <= score <= 1.0 and isinstance(reason, str) and reason


@given(st.text(alphabet="aA.Calif eg\nU.SMrx", max_size=30))
def test_abbreviation_check_on_the_tail_matches_the_whole_piece(piece):
    from annotations.claims.spans import _ABBREV

    assert bool(_ABBREV.search(piece[-16:])) == bool(_ABBREV.search(piece))


_CUE_WORDS = ["Rose", "FELL", "charged", "Charged", "according to", "Record", "because", "will", "nearly",
              "Few", "two", "TWO", "homes", "ı", "ſ", "\u212a", "İ", "é", "12%", "£4m", "the", "in", "2023",
              "per cent", "three-quarters", "Rs", "5", "crore", "in a row", "won"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_CUE_WORDS), min_size=1, max_size=14))
def test_lower_cased_search_scores_like_case_insensitive_search(words):
    # patterns run case-sensitively over the lower-cased sentence where that is safe;
    # forcing the slow, case-insensitive path must give the same answer
    import annotations.claims.sentence as sentence_mod

    s = " ".join(words) + "."
    fast = score_sentence(s)
    real = sentence_mod.fold_safe
    try:
        sentence_mod.fold_safe = lambda text, low: False
        slow = score_sentence(s)
    finally:
        sentence_mod.fold_safe = real
    assert fast == slow
