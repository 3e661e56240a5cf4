"""The quote pipeline: marks, attribution candidates, speaker, carry-over.

``find_quotes(doc)`` runs the steps paragraph by paragraph:

1. ``marks.scan_block``: the quote marks and the spans they enclose;
2. ``candidates.attribution`` (and ``mentions.collect_mentions`` for the article): the
   attribution candidates around each span;
3. ``speaker.choose_speaker``: the speaker from the quote's own attribution;
4. ``speaker.carry_speaker``: the speaker carried over from before, for quotes with none.

``keep_quote`` decides which quoted stretches are speech at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import islice
import sys
from typing import Any, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..document import Document
from .candidates import DASHES as _DASHES
from .candidates import (SIGN_OFF_MAX, Subject, choose_attribution, post_attribution, pre_attribution, sign_off,
                         subject_before)
from .marks import _OPENERS, _WORDS, RawQuote, _title_like, is_title_like, scan_block
from .mentions import MentionRecords, collect_mentions
from .people import People, _descriptor_titles, _Mention, _parse_name
from .speaker import (INTERRUPTED, Carry, Quote, carry_speaker, choose_speaker, next_paragraph, remember,
                      score_and_reason)
from .vocab import speech_verbs


@dataclass(slots=True)  # one per quote of the article: slots are cheaper to build
class QuoteSpan:
    start: int  # raw offsets of the text inside the marks
    end: int
    speaker: str | None
    score: float
    reason: str
    partial: bool = False


# Body paragraphs read on each side of a range of blocks, for who is speaking: the
# people named there, the last quote's speaker, a quote running on from the paragraph
# before. Further away than this, a range may resolve a speaker differently from the
# whole article (see docs/learned.md).
CONTEXT_PARAGRAPHS = 40
# A bug in one rule loses one paragraph's quotes instead of the whole pass (issue 8:
# suggest never raises). The tests turn it off so that such a bug still fails them.
_GUARD = True
_REACH = 600  # code points either side of a quote that its attribution may use
_SOMETHING_AFTER = re.compile(r"[\s,]*\S")
# four or more of marks._WORDS's words, with what separates them
_FOUR_WORDS = re.compile(r"[\w’'-]+(?:[^\w’'-]+[\w’'-]+){3}").search
assert _WORDS.pattern == r"[\w’'-]+"  # the pattern above repeats it


# the next line after a paragraph's end starts with a dash (a sign-off may follow)
_DASH_NEXT = re.compile(r"\s*([—–])").match


def interrupted(t: str, prev: RawQuote | None, r: RawQuote) -> bool:
    """“After two years,” she asks, “what is left?”: the second half of one quotation,
    broken by its attribution mid-sentence (not a fragment, though it starts in lower case)."""
    if prev is None or prev.close_pos is None or prev.close_pos >= r.open_pos:
        return False
    gap = t[prev.close_pos + 1:r.open_pos]
    first = t[prev.start:prev.end]
    # (“Takin’ It to the Streets,” the singer told the crowd, “that was …”: a title
    # before the attribution, not the first half of what was said)
    return first.rstrip()[-1:] == "," and gap.rstrip().endswith(",") and len(gap) < 200 \
        and post_attribution(gap) is not None and not is_title_like(first)


# What read_quote finds around a quote that does not depend on the paragraph before it:
# an attribution after it? before it? the one chosen; is it a quotation's second half?
Around = tuple[bool, bool, "tuple[Subject, int] | None", bool]


def attribution_around(t: str, r: RawQuote, prev: RawQuote | None = None) -> Around:
    """The costly part of read_quote: the attributions either side of the quote."""
    # an attribution sits within a sentence or two of its quote: read no further, so a
    # paragraph of many quotes costs what its length does, not its length times its quotes
    before = t[max(0, r.open_pos - _REACH):r.open_pos]
    post = post_attribution(t[r.close_pos + 1:r.close_pos + 1 + _REACH]) if r.close_pos is not None else None
    pre = pre_attribution(before)
    inner = t[r.start:r.end]
    lower_start = inner[:1].islower() or inner.startswith(("…", "..."))
    return (post is not None, pre is not None, choose_attribution(before, post, pre),
            lower_start and interrupted(t, prev, r))


def read_quote(t: str, base: int, block: int, n: int, r: RawQuote, carried: bool,
               prev: RawQuote | None = None, around: Around | None = None) -> Quote:
    """A raw span with its attribution (step 2) and what kind of quote it is.
    ``around``: ``attribution_around(t, r, prev)``, if already known."""
    has_post, has_pre, attrib, second_half = attribution_around(t, r, prev) if around is None else around
    open_pos, close_pos = r.open_pos, r.close_pos
    inner = t[r.start:r.end]
    before = t[open_pos - _REACH if open_pos > _REACH else 0:open_pos]
    after = t[close_pos + 1:close_pos + 1 + _REACH] if close_pos is not None else ""
    continuation = n == 0 and open_pos == 0 and carried
    # (most quotes start in upper case: what only a lower-case start needs is read then)
    partial = (inner[:1].islower() or inner.startswith(("…", "..."))) and not continuation \
        and not second_half and bool(before.strip()) and not before.rstrip().endswith(":")
    if partial and attrib is None:
        # "Jane Doe said the plan was “a disaster for the town”": the reporting verb
        # earlier in the sentence names the speaker
        attrib = pre_attribution(before.rstrip() + ",")
    return Quote(block, base + open_pos, n, r, inner, before, after, attrib, has_post, has_pre,
                 continuation, partial, second_half)


def _said_before(before: str) -> bool:
    """'… stood up and said, “I do.”': a speech verb and a comma or colon right before the
    mark, though no subject the parser reads stands before the verb."""
    tail = before[-40:].rstrip()
    if tail[-1:] not in ",:":
        return False
    tail = tail[:-1].rstrip()
    return any(end == len(tail) for _, end in speech_verbs(tail))


def keep_quote(q: Quote, next_opens: bool) -> bool:
    """Is this quoted stretch speech? Drops stray marks, scare quotes and titles."""
    inner = q.inner
    # four words or more? all the rules below ask (a long quote's word list was most of
    # this step's time; one search is cheaper than counting the words one by one)
    four = _FOUR_WORDS(inner) is not None
    if q.raw.close_pos is None and (not next_opens or not four and _WORDS.search(inner) is None):
        # never closed and no continuation paragraph follows: a stray mark or a
        # leading apostrophe (‘90s), not a multi-paragraph quote
        return False
    if not four and not q.continuation:
        # a scare quote or a quoted term, unless someone is plainly saying it
        ends_sentence = inner.rstrip()[-1:] in ",.!?…—–-:;"
        adjacent = (q.post and _SOMETHING_AFTER.match(q.after) is not None and ends_sentence) or (
            (q.pre or _said_before(q.before)) and q.before.rstrip().endswith((":", ",")) and ends_sentence)
        if not (adjacent and not (inner[:1].islower() or inner.startswith(("…", "...")))):
            return False
    if q.attrib is None and not q.continuation and is_title_like(inner):
        return False
    return not (q.partial and not four)


def _body_window(doc: Document, blocks: range | None, context: int) -> tuple[list[int], int, int, int]:
    """Body paragraph indices to read, and where in them the range starts and stops."""
    every = doc.body_indices()
    if blocks is None:
        return every, 0, len(every), 0
    first, stop = bisect_left(every, blocks.start), bisect_left(every, blocks.stop)
    lo, hi = max(0, first - context), min(len(every), stop + context)
    return every[lo:hi], first - lo, stop - lo, lo


# the parsers memoised per distinct string; what they hold is let go after each pass
_MEMOISED = (subject_before, pre_attribution, post_attribution, _title_like, _parse_name, _descriptor_titles)


# Gives the namings of the quote window's paragraphs (``extract_mentions``) in parts,
# in order, as another process reads them; while it waits for the next part, it calls
# ``meanwhile`` for work of our own (False when there is none left).
NamesReader = Callable[[Callable[[], bool]], Iterable[MentionRecords]]


def find_quotes(doc: Document, blocks: range | None = None,
                context: int = CONTEXT_PARAGRAPHS, *,
                mentions: NamesReader | None = None) -> list[QuoteSpan]:
    """Quotes in the body of ``doc``, or only those in the blocks of ``blocks``.

    For a range, people and speaker state come from ``context`` body paragraphs either
    side of it instead of the whole article, so a big article's visible part is quick.
    Never raises on any text: a failure in one paragraph loses that paragraph's quotes.

    ``mentions``: the names, read by another process (see NamesReader). This one reads
    the quote marks and their attributions while it waits.
    """
    try:
        return _find_quotes(doc, blocks, context, mentions)
    finally:
        for memo in _MEMOISED:
            memo.cache_clear()


def quote_window(doc: Document, blocks: range | None = None, context: int = CONTEXT_PARAGRAPHS) -> list[int]:
    """The body paragraphs ``find_quotes(doc, blocks, context)`` reads for people."""
    return _body_window(doc, blocks, context)[0]


@dataclass
class _Read:
    """One paragraph's quote marks and the attributions around them (step 2): for all
    of them, or for those before the one whose reading raised. (Only these are kept for
    a whole article: the Quote, with its text either side, is made when it is used.)"""
    raws: list[RawQuote]
    around: list[Around]


def _read_paragraphs(doc: Document, bodies: list[int], stop: int) -> Iterator[_Read]:
    """Step 1 and the reading of step 2 for each of the first ``stop`` paragraphs: what
    needs no speaker, so that it may be done before the people are known."""
    text = doc.text
    starts, ends = doc.table.content_start, doc.table.content_end
    for k in range(stop):
        i = bodies[k]
        base = starts[i]
        t = text[base:ends[i]]
        raws = scan_block(t, i)
        read = _Read(raws, [])
        prev = None
        for r in raws:
            try:
                read.around.append(attribution_around(t, r, prev))
            except Exception:  # noqa: BLE001 - read again, and raised, where it would have been
                break
            prev = r
        yield read


class _ReadAhead:
    """Paragraphs read ahead (``_read_paragraphs``) a few at a time, while waiting."""

    _BATCH = 64

    def __init__(self, reads: Iterator[_Read]) -> None:
        self._reads = reads
        self.read: list[_Read] = []
        self._error: Exception | None = None

    def some(self) -> bool:
        """Read a few more paragraphs; False when all are read."""
        if self._error is not None:
            return False
        try:
            batch = list(islice(self._reads, self._BATCH))
        except Exception as err:  # noqa: BLE001 - raised by finish(), outside the names' guard
            self._error = err
            return False
        self.read.extend(batch)
        return bool(batch)

    def rest(self) -> Iterator[_Read]:
        """What is left to read, one at a time (for a pass that reads none ahead)."""
        return self._reads

    def finish(self) -> None:
        """Read the rest (raising what reading raised, as the loop would have)."""
        while self.some():
            pass
        if self._error is not None:
            raise self._error


class _MentionsByBlock(dict[int, list[_Mention]]):
    """The mentions the first pass found in each block (not those the quotes add later),
    gathered for a block when a quote first asks: most blocks are never asked about,
    and sorting every mention of the article into its block was a tenth of this pass."""

    def __init__(self, people: People, block_starts: Sequence[int]) -> None:
        super().__init__()
        self._people = people
        self._starts = block_starts
        self._upto = people._seq  # how many mentions were registered before the quotes

    def get(self, k: int, default: Any = None) -> Any:
        got = super().get(k)
        if got is None:
            starts, n = self._starts, len(self._starts)
            # the block holds what lies from its start to the next block's (the first
            # block also what lies before it, the last all after it)
            lo = starts[k] if k > 0 else -1
            hi = starts[k + 1] if k + 1 < n else sys.maxsize
            got = []
            for m in self._people.before(hi):
                if m.pos < lo:
                    break
                if m.seq <= self._upto:
                    got.append(m)
            got.reverse()
            self[k] = got
        return got if got else default


def _find_quotes(doc: Document, blocks: range | None, context: int,
                 mentions: NamesReader | None) -> list[QuoteSpan]:
    text = doc.text
    bodies, first, stop, _ = _body_window(doc, blocks, context)
    if first >= stop:
        return []
    ahead = _ReadAhead(_read_paragraphs(doc, bodies, stop))
    reads: Iterable[_Read] = ahead.rest()
    records: Iterable[MentionRecords] | None = None
    if mentions is not None:
        records = mentions(ahead.some)
        reads = ahead.read
    people = People()
    starts, ends = doc.table.content_start, doc.table.content_end
    names_start = 0 if blocks is None else starts[bodies[0]]
    names_text = text if blocks is None else text[names_start:doc.table.end[bodies[-1]]]
    if _GUARD:
        try:
            collect_mentions(doc, people, bodies, names_text, names_start, records)
        except Exception:  # noqa: BLE001 - speakers get worse, quotes are still found
            pass
    else:
        collect_mentions(doc, people, bodies, names_text, names_start, records)
    if mentions is not None:
        ahead.finish()
    carry = Carry()
    # mentions found in the first pass, by block, for "the paragraph before introduced them"
    carry.by_block = _MentionsByBlock(people, doc.block_starts())
    out: list[QuoteSpan] = []
    # paragraphs before the range only set up the speaker state; their quotes are dropped
    emit_from = bodies[first]
    last = len(bodies) - 1
    for k, read in enumerate(reads):
        i = bodies[k]
        base = starts[i]
        t = text[base:ends[i]]
        if not read.raws:
            # what _paragraph does for a paragraph without quotes (most of them): forget
            # the last paragraph's speakers and any quote that ran on without its mark.
            # A sign-off ("– Jane Doe") belongs to the quote before it: it introduces
            # nobody to the next one.
            carry.block_speaker = carry.last_in_block = carry.carried = carry.open_speaker = None
            next_paragraph(carry, i, t, t[:1] in _DASHES and carry.prev_block_quotes and sign_off(t) is not None, base)
            continue
        if k < last:
            nxt = starts[bodies[k + 1]]
            next_opens = text[nxt:nxt + 1] in _OPENERS
        else:
            next_opens = False
        # the line after the paragraph, if it is a sign-off (the cleaner may take one at
        # the end of the article for a byline: it is read wherever it went)
        dash = _DASH_NEXT(text, ends[i])
        signed = sign_off(text[dash.start(1):dash.start(1) + 2 * SIGN_OFF_MAX].partition("\n")[0]) if dash else None
        if _GUARD:
            try:
                _paragraph(t, base, i, read, next_opens, people, carry, out if i >= emit_from else None, signed)
            except Exception:  # noqa: BLE001 - a rule's bug must not stop the reader
                # the paragraph's quotes are lost, the rest of the article goes on
                carry.open_speaker = None
        else:
            _paragraph(t, base, i, read, next_opens, people, carry, out if i >= emit_from else None, signed)
        next_paragraph(carry, i, t, True, base)
    return out


def _paragraph(t: str, base: int, i: int, read: _Read, next_opens: bool, people: People,
               carry: Carry, out: list[QuoteSpan] | None, signed: Subject | None = None) -> None:
    """Steps 2-4 for the quotes of one paragraph. ``signed``: the name the paragraph after
    signs it with ("– Jane Doe"), the attribution of a quote that ends it without one."""
    raws = read.raws
    carry.block_speaker = None
    carry.last_in_block = None
    carry.carried, carry.open_speaker = carry.open_speaker, None
    if carry.carried is not None and not (raws and raws[0].open_pos == 0):
        carry.carried = None  # the multi-paragraph quote ended without its last mark
    around = read.around
    m = len(around)
    prev = None
    span = None  # the span of the quote just before (None if it was not kept)
    for n, r in enumerate(raws):
        # (past what was read ahead, its reading failed: read it again, to raise here)
        q = read_quote(t, base, i, n, r, carry.carried is not None, prev, around[n] if n < m else None)
        prev = r
        if signed is not None and q.attrib is None and r.close_pos is not None and n == len(raws) - 1 \
                and not t[r.close_pos + 1:].strip(" .,"):
            q.attrib, q.post = (signed, r.close_pos + 1), True
        if not keep_quote(q, next_opens):
            span = None
            continue
        pos = q.pos
        speaker, how = choose_speaker(q, people, pos, carry)
        if speaker is None and q.attrib is None and not _said_before(q.before):
            # (a speech verb of its own whose subject was not read: nobody to carry over)
            speaker, how = carry_speaker(q, carry)
        name = speaker.full if speaker is not None else None
        score, reason = score_and_reason(q, name, how)
        if q.second_half and span is not None:
            _rejoin(span, base + r.end, name, score, reason)
        else:
            span = QuoteSpan(base + r.start, base + r.end, name, score, reason, q.partial)
            if out is not None:
                out.append(span)
        remember(q, speaker, name, carry)


def _rejoin(first: QuoteSpan, end: int, name: str | None, score: float, reason: str) -> None:
    """“After two years,” she asks, “what is left?”: one quotation broken mid-sentence by
    its attribution is one quote, as a reader (and the real pages' gold) counts it: the
    first half's span runs on over the attribution to the second half's end. Its speaker
    is the first half's, unless that had none; its reason says it was broken."""
    first.end = end
    if name is not None and (first.speaker is None or first.speaker == name and reason.startswith(INTERRUPTED)):
        first.speaker, first.score, first.reason = name, score, reason


__all__ = ["CONTEXT_PARAGRAPHS", "QuoteSpan", "find_quotes", "quote_window", "_Mention"]
