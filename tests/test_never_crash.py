"""clean() and suggest() never raise, whatever text a file holds.

Three nets: Hypothesis over arbitrary Unicode (what ``read_article`` can hand over:
any code point but a lone surrogate, NUL included, since a UTF-16 or BOM-marked UTF-8
file may hold one), Hypothesis over text built from the pieces that trip parsers
(quote marks, NBSP, tabs, control characters, Markdown markers), and a few hundred
mutated copies of an invented article, mutated the way ``bench/fuzz.py`` mutates real
pages (that script runs 10,000 of them).

Crashes the fuzzer found are kept at the end as regression tests, each with the smallest
invented text that showed it.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotations.article import article_from_text, decode_bytes
from annotations.cleaning import clean
from annotations.suggest import suggest
from annotations.quotes import pipeline
from bench.fuzz import MUTATIONS, mutate


@pytest.fixture(autouse=True)
def _no_quote_guard(monkeypatch):
    # the quote finder swallows a paragraph's failure so the reader goes on; these tests
    # are here to find such failures, so they turn that guard off
    monkeypatch.setattr(pipeline, "_GUARD", False)

# An invented article.
SEED_TEXT = """\
Home › Local › Harbour
Ferry fares to rise by a third as Wexmoor crossing loses £1.2m
By Ada Penrose, Transport Reporter
Updated 14:32 GMT
Advertisement
WEXMOOR (MP) — Fares on the Wexmoor ferry will rise by a third from 1 April, the operator said on Tuesday, after the crossing lost £1.2m last year.
Passenger numbers fell to 812,000, down 8.5% on 2023, according to the harbour board. Three-quarters of trips were made by commuters.
“We have held prices for six years, and we cannot hold them any longer,” said Bram Ostley, who runs the operator. “Nobody wants this.”
Mr Ostley said the cost of fuel had doubled since 2021. ‘It’s tenfold what we paid when I started,’ he added.
Cleo Dunmore, 44, who crosses every day, said: "I'll pay it, but I won't be happy."
"It's the busiest the quay has been in a decade," she said.
* Fares rise from £2.40 to £3.20
* Season tickets go up by US$300 million — no, by £30
> “A proper shelter before the winter storms,” the council promised.
## What happens next
The council will meet on 20 February. Rovers won 3-2 after extra time; Okafor scored 21 points and made 7 rebounds.
Share this article
Read more: Harbour wall repairs to cost Rs 5 crore
© 2026 Wexmoor Post
"""

ODD_PIECES = ["“", "”", "‘", "’", '"', "'", "«", "»", "„", "\u00a0", "\t", "\n", "\n\n", "\r", "\x00",
              "\x0b", "\x0c", "\x1b", "\x85", "\u2028", "\u200b", "\u202e", "\ufeff", "# ", "> ", "- ",
              "* ", "1. ", "---", "```", " said ", " she said.", " — ", "Mr ", "Dr. ", "Jane Doe",
              "12%", "£4m", "$1.2bn", "three-quarters", "ſ", "İ", "\u212a", ".", "?", "!", ",", " "]


def run(text: str, name: str = "fuzz.txt") -> None:
    doc = clean(article_from_text(text, name))
    got = suggest(doc)
    for s in got:
        assert 0 <= s.start <= s.end <= len(doc.text)
    if doc.blocks:
        half = len(doc.blocks) // 2
        suggest(doc, blocks=range(half, len(doc.blocks)))


# More in a long run: MARGIN_FUZZ_EXAMPLES=3000 python -m pytest tests/test_never_crash.py
EXAMPLES = int(os.environ.get("MARGIN_FUZZ_EXAMPLES", "150"))

# What read_article can produce: no lone surrogates (no strict decoder yields one).
unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)
piece_text = st.lists(st.one_of(st.sampled_from(ODD_PIECES), st.text(max_size=8).filter(
    lambda s: not any("\ud800" <= c <= "\udfff" for c in s))), max_size=80).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unicode_text, st.sampled_from(["a.txt", "a.md"]))
def test_arbitrary_unicode_never_raises(text, name):
    run(text, name)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(piece_text, st.sampled_from(["a.txt", "a.md"]))
def test_text_made_of_awkward_pieces_never_raises(text, name):
    run(text, name)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_that_decode_never_raise(data):
    from annotations.errors import ArticleError

    try:
        text, _ = decode_bytes(data)
    except ArticleError:
        return  # refused with a one-line error: the right answer for binary data
    run(text)


@pytest.mark.parametrize("seed", range(300))
def test_mutated_invented_article_never_raises(seed):
    rng = random.Random(seed)
    text, ops = mutate(SEED_TEXT * rng.choice((1, 1, 2)), rng, max_bytes=4000)
    run(text, rng.choice(["page.txt", "page.md"]))


def test_every_mutation_changes_something():
    # the mutators must do their job, or the fuzz above proves little
    rng = random.Random(1)
    for name, op in MUTATIONS.items():
        assert any(op(SEED_TEXT, rng) != SEED_TEXT for _ in range(5)), name


# --- crashes the fuzzer once found in the quote finder, kept as regressions ---

def test_bare_surname_with_a_title_descriptor():
    run("“The plant will close,” said Marlow, the company’s chief operating officer.\n")


def test_long_s_pronoun_after_a_name():
    run("Tomas Varga said ſhe would go.\n")
