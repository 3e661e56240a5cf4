"""speech_verbs finds exactly what _VERB_RE.finditer finds (it only skips faster)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from annotations.quotes import vocab


def _old(t: str) -> list[tuple[int, int]]:
    return [m.span() for m in vocab._VERB_RE.finditer(t)]


# verbs, near-verbs, and the characters that decide whether a word starts: ASCII and
# non-ASCII letters and marks (é, ß, ’, ſ, a combining accent, an astral letter and digit)
_PIECES = sorted(vocab._VERB_FORMS) + [
    "went on", "goes  on", "points\nout", "pointed out", "put it", "puts\tit", "said", "says", "say",
    "saidx", "Said", "told", "é", "ß", "’", "'", "-", "_", "ſ", "\u0301", "\U0001d400", "\U0001d7ce",
    "“", "”", "‘", "\u00a0", "—", " ", ".", ",", "\n", "x", "9", "a", "the",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_speech_verbs_is_the_verb_pattern_on_mixed_pieces(t: str) -> None:
    assert list(vocab.speech_verbs(t)) == _old(t)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=40), st.sampled_from(sorted(vocab._VERB_FORMS)), st.text(max_size=40))
def test_speech_verbs_is_the_verb_pattern_around_any_text(a: str, verb: str, b: str) -> None:
    for t in (a + verb + b, a + " " + verb + b, a + verb + " " + b, verb + b):
        assert list(vocab.speech_verbs(t)) == _old(t)


def test_speech_verbs_is_the_verb_pattern_on_the_sample_articles() -> None:
    root = Path(__file__).resolve().parent.parent / "sample_articles"
    seen = 0
    for path in sorted(root.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        for t in [text, *text.split("\n")]:
            got = list(vocab.speech_verbs(t))
            assert got == _old(t), path
            seen += len(got)
    assert seen > 0


def test_speech_verbs_reads_on_after_a_letter_outside_ascii() -> None:
    # "ésaid" is no verb (é is a letter); the "said" after it is
    t = "ésaid and then said, and ’said too. Said"
    assert list(vocab.speech_verbs(t)) == _old(t) == [(15, 19)]
    assert list(vocab.speech_verbs("said it")) == [(0, 4)]


_OLD_GENDERED = re.compile(r"(?<![\w’'-])(he|his|him|himself|she|her|hers|herself)(?![\w’'-])", re.I)
_PRONOUN_PIECES = ("he his him himself she her hers herself He SHE Hers HIMSELF ſhe ſ K x - ’ ' _ é İ ı s h "
                   "the ashes shed hiss").split() + [" ", "  ", ".", "\n", "\u00a0"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PRONOUN_PIECES), max_size=10).map("".join), st.integers(0, 3), st.integers(0, 3))
def test_gendered_pattern_is_the_plain_alternation(t: str, lo: int, cut: int) -> None:
    from annotations.quotes.mentions import _GENDERED

    hi = max(lo, len(t) - cut)
    old = [(m.span(), m.group(1)) for m in _OLD_GENDERED.finditer(t, lo, hi)]
    assert [(m.span(), m.group(1)) for m in _GENDERED.finditer(t, lo, hi)] == old
    m = _GENDERED.search(t, lo, hi)
    assert (m.span(), m.group(1)) == old[0] if old else m is None
