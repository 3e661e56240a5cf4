"""Claims in a document: its body sentences, scored, with raw offsets."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterator

from ..document import Document
from .matchers import Pattern
from .scoring import THRESHOLD, score_as_narration_and_speech, score_sentence


@dataclass
class ClaimSpan:
    start: int
    end: int
    score: float
    reason: str


_ABBREV = Pattern(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sgt|Capt|Col|Gen|Lt|Gov|Sen|Rep|Rev|Fr|Jr|Sr|Inc|Ltd|Co|Corp|"
    r"No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ala|Ariz|Ark|Calif|Colo|"
    r"Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|"
    r"Tex|Va|Vt|Wash|Wis|Wyo|U\.S|U\.K|e\.g|i\.e)|\b[A-Z])\.$", ignore_case=False)


def merged_sentences(doc: Document, i: int) -> list[tuple[int, int]]:
    """doc.sentences(i), with pieces glued back where the split fell after an abbreviation."""
    spans = doc.sentences(i)
    out = _merged(doc.text, spans)
    return list(out) if out is spans else out  # never the document's own list


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(spans) < 2:
        return spans
    out: list[tuple[int, int]] = []
    abbrev = _ABBREV.rx
    for a, z in spans:
        # an abbreviation match ends the piece ("Calif." "e.g." at most 8 characters with
        # a newline), so its last 16 characters answer the same as the whole piece; the
        # extra ones keep the word boundary in front of the match right. A piece never
        # ends in whitespace, so one that does not end in a full stop cannot match.
        if out and text[out[-1][1] - 1] == "." and abbrev.search(text[max(out[-1][0], out[-1][1] - 16):out[-1][1]]):
            out[-1] = (out[-1][0], z)
        else:
            out.append((a, z))
    return out


_DATELINE = Pattern(r"^[A-Z][A-Z .,'’-]{2,}(?:,\s[A-Z][\w. ]+)?(?:\s\([^)]*\))?\s*(?:—|–|--|-)\s*",
                    ignore_case=False)
# the characters _DATELINE allows second: [A-Z .,'’-]
_DATELINE_SECOND = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ .,'’-")


def find_claims(doc: Document, quote_spans: list[tuple[int, int]],
                threshold: float = THRESHOLD, *, blocks: range | None = None,
                verdicts: "ClaimVerdicts | None" = None) -> list[ClaimSpan]:
    """Check-worthy sentences of the body, or of the blocks in ``blocks`` only.

    Each sentence is scored on its own (with the share of it inside ``quote_spans``),
    so a range gives exactly the full result's claims in those blocks. ``verdicts``:
    ``claim_verdicts(doc, threshold, blocks=blocks)``, scored meanwhile by another process.
    """
    text = doc.text
    out: list[ClaimSpan] = []
    quotes = sorted(quote_spans)
    q_ends = [qz for _, qz in quotes]
    n_quotes = len(quotes)
    title = doc.title

    def share_of(a: int, z: int) -> float:
        inside = 0
        # quotes are sorted and do not overlap: look only at those that can touch [a, z)
        k = bisect_left(q_ends, a + 1)
        while k < n_quotes and quotes[k][0] < z:
            qa, qz = quotes[k]
            if qz > a:
                inside += min(z, qz) - max(a, qa)
            k += 1
        return inside / max(1, z - a)

    def scored_here() -> Iterator[tuple[int, int, int, tuple[float, str]]]:
        # a score depends only on the sentence's text, its quote share and the standfirst
        # flag: a sentence that comes back (a refrain, a repeated caption, boilerplate the
        # cleaner kept) is scored once
        scored: dict[tuple[str, float, bool], tuple[float, str]] = {}
        for i, a, z, s, standfirst in _body_sentences(doc, blocks):
            share = share_of(a, z)
            key = (s, share, standfirst)
            verdict = scored.get(key)
            if verdict is None:
                verdict = scored[key] = score_sentence(s, in_quote=share, standfirst=standfirst)
            yield i, a, z, verdict

    def scored_before(v: ClaimVerdicts) -> Iterator[tuple[int, int, int, tuple[float, str]]]:
        for i, a, z, narration, speech in v.items:
            if share_of(a, z) > IN_QUOTE:
                # direct speech (scored here if the sentence's paragraph seemed to hold no quote)
                narration = speech or score_sentence(text[a:z], in_quote=1.0, standfirst=i == doc.standfirst)
            yield i, a, z, narration

    for i, a, z, (score, reason) in scored_here() if verdicts is None else scored_before(verdicts):
        if i == title:
            score = min(score, 0.6)
        if score >= threshold:
            out.append(ClaimSpan(a, z, score, reason))
    return out


def _body_sentences(doc: Document, blocks: range | None,
                    keep: bool = True) -> Iterator[tuple[int, int, int, str, bool]]:
    """(block, start, end, text, standfirst) of each body sentence that is scored.
    ``keep``: keep each block's sentence bounds in ``doc`` (which the app reads again)."""
    text = doc.text
    dateline = _DATELINE.rx
    split = doc.sentences if keep else doc.sentences_uncached
    for i in doc.body_indices():
        if blocks is not None and not blocks.start <= i < blocks.stop:
            continue
        standfirst = i == doc.standfirst
        for a, z in _merged(text, split(i)):
            s = text[a:z]
            # a dateline opens with two capitals or a capital and a space or stop
            if s[1:2] in _DATELINE_SECOND and (dm := dateline.match(s)):
                if len(s) - dm.end() > 20:
                    a += dm.end()
                    s = text[a:z]
            yield i, a, z, s, standfirst


# A sentence more than this share inside quote marks is direct speech to the scoring
# (cues.py's "speech" adjustments): no smaller share changes a score.
IN_QUOTE = 0.35


# The marks that may open direct speech (the quote pass's openers): a paragraph without
# one holds no quote, so its sentences are not scored as speech ahead of time. Were one
# missing here, find_claims would score such a sentence itself: slower, never wrong.
_OPENING_MARK = re.compile("[“„«‹‘\"]")


@dataclass
class ClaimVerdicts:
    """The sentences that may be claims, scored before the quotes are known: (block,
    start, end, verdict as narration, verdict as direct speech or None where the
    paragraph holds no opening mark). Direct speech only ever lowers a score, so a
    sentence below the threshold as narration is below it in any share of quotes, and
    is left out."""
    items: list[tuple[int, int, int, tuple[float, str], tuple[float, str] | None]]


def claim_verdicts(doc: Document, threshold: float = THRESHOLD, *, blocks: range | None = None,
                   keep: bool = True) -> ClaimVerdicts:
    """What ``find_claims`` needs of the sentences' text: all but the quotes' share.
    ``keep``: as for ``_body_sentences``."""
    items = []
    text = doc.text
    starts, ends = doc.table.content_start, doc.table.content_end
    scored: dict[tuple[str, bool, bool], tuple[tuple[float, str], tuple[float, str] | None]] = {}
    block, may_quote = -1, False
    for i, a, z, s, standfirst in _body_sentences(doc, blocks, keep):
        if i != block:
            block, may_quote = i, _OPENING_MARK.search(text, starts[i], ends[i]) is not None
        key = (s, standfirst, may_quote)
        both = scored.get(key)
        if both is None:
            both = scored[key] = score_as_narration_and_speech(s, standfirst=standfirst, threshold=threshold) \
                if may_quote \
                else (score_sentence(s, in_quote=0.0, standfirst=standfirst), None)
        if both[0][0] >= threshold:
            items.append((i, a, z, both[0], both[1]))
    return ClaimVerdicts(items)
