"""Check-worthy sentences: score each body sentence from 0 to 1 with a short reason.

Entry point: ``find_claims(doc, quote_spans) -> list[ClaimSpan]``.

A fact-checker wants sentences that state something checkable: a statistic, an
amount of money, a count with a date, a change ("rose by", "doubled"), a share in
words ("three-quarters"), a comparison or superlative, a cause, a prediction with a
figure, a result in sport, a legal or official status, or a fact credited to a
source ("according to the ONS"). Questions, first-person opinion and chit-chat score
low, and so does direct speech unless it states a figure.

| module | holds |
|---|---|
| ``cues.py`` | the cue table (``CUES``) and the adjustments (``ADJUSTMENTS``): the rules |
| ``figures.py`` | what numbers, money, units, dates and figures in words look like |
| ``sentence.py`` | ``Sentence``: one sentence and the facts the cues ask of it, computed once |
| ``matchers.py`` | ``Pattern`` (compiled on first use) and ``Words`` (one index for all word lists) |
| ``scoring.py`` | ``score_sentence``: gate, find cues, combine, adjust, reason |
| ``spans.py`` | ``find_claims`` over a document, ``merged_sentences`` |
"""

from .cues import ADJUSTMENTS, CUES, Adjustment, Cue
from .scoring import THRESHOLD, score_sentence
from .sentence import Sentence
from .spans import ClaimSpan, find_claims, merged_sentences

__all__ = ["ADJUSTMENTS", "CUES", "THRESHOLD", "Adjustment", "ClaimSpan", "Cue", "Sentence", "find_claims",
           "merged_sentences", "score_sentence"]
