"""Suggestions: quotes with their speakers, check-worthy claims, and furniture.

``suggest(doc)`` gives the first pass a user then accepts or rejects; it never
changes the article or the annotations. ``without_rejected`` drops what the user
already rejected or already annotated. Offsets are raw (code points into Article.text).
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import TYPE_CHECKING, Iterable, Iterator

from .document import BLANK, Document

# The quote and claim rules (.quotes, .claims) are imported by the first pass that needs
# them, not with this module: they compile about a hundred patterns, and the app imports
# this module (for Suggestion) before its first frame.

if TYPE_CHECKING:
    from .learned import LearnedBoilerplate
    from .model import Annotation

# The cleaner's surest furniture; the rest (bylines, captions, bios) is defensible body.
_SURE_REASONS = {"advert", "navigation", "breadcrumb", "share", "comment form", "newsletter",
                 "cookie", "paywall", "copyright", "related links", "timestamp", "front matter"}


class SharedText:
    """An article's text, held once for all its suggestions (see Suggestion.share)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Suggestion:
    """One suggestion: immutable, compared and hashed by its seven fields.

    ``text`` is the article's text at [start, end). A suggestion keeps its own copy until
    ``share`` points it at the article's text instead: the app holds hundreds of
    thousands for a huge article, and their copies were the biggest part of its memory
    (issue 13, item 14). Pickled, it always carries its text.
    """

    __slots__ = ("tag", "start", "end", "_text", "speaker", "score", "reason")
    tag: str  # "quote" | "claim" | "boilerplate"
    start: int  # raw offsets into Article.text
    end: int
    _text: str | SharedText
    speaker: str | None
    score: float  # 0..1
    reason: str  # short and human: "statistic: 4.99%", "said: Jane Doe", "advert"

    def __init__(self, tag: str, start: int, end: int, text: str, speaker: str | None, score: float,
                 reason: str) -> None:
        # the slots' own setters (__setattr__ refuses): a pass makes a dozen per KB, and
        # these cost about half of object.__setattr__'s lookup by name
        _SET_TAG(self, tag)
        _SET_START(self, start)
        _SET_END(self, end)
        _SET_TEXT(self, text)
        _SET_SPEAKER(self, speaker)
        _SET_SCORE(self, score)
        _SET_REASON(self, reason)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    @property
    def text(self) -> str:
        t = self._text
        return t if isinstance(t, str) else t.text[self.start:self.end]

    def share(self, source: SharedText) -> None:
        """Read the text from ``source`` from now on, if it holds the same text there."""
        if isinstance(self._text, str) and source.text[self.start:self.end] == self._text:
            object.__setattr__(self, "_text", source)

    def _fields(self) -> tuple[str, int, int, str, str | None, float, str]:
        return (self.tag, self.start, self.end, self.text, self.speaker, self.score, self.reason)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is Suggestion:
            return self._fields() == other._fields()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Suggestion(tag={self.tag!r}, start={self.start!r}, end={self.end!r}, text={self.text!r}, "
                f"speaker={self.speaker!r}, score={self.score!r}, reason={self.reason!r})")

    def __reduce__(self) -> tuple[type[Suggestion], tuple[str, int, int, str, str | None, float, str]]:
        return (Suggestion, self._fields())

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.tag, self.start, self.end)

    def to_json(self) -> dict:
        return {"tag": self.tag, "start": self.start, "end": self.end, "text": self.text,
                "speaker": self.speaker, "score": self.score, "reason": self.reason}


_SET_TAG, _SET_START, _SET_END, _SET_TEXT, _SET_SPEAKER, _SET_SCORE, _SET_REASON = (
    Suggestion.__dict__[name].__set__ for name in Suggestion.__slots__)
# suggestions' order: by start, then end, then tag (in C, without a tuple made in Python)
_ORDER = attrgetter("start", "end", "tag")


def _furniture(doc: Document, learned: "LearnedBoilerplate | None", blocks: range) -> list[Suggestion]:
    out = []
    text = doc.text
    table = doc.table
    starts, ends, codes, names = table.content_start, table.content_end, table.code, table.names
    for i in blocks:
        # read from the table's arrays: making a Block per paragraph cost more than the rest
        a, z = starts[i], ends[i]
        if z <= a:
            continue
        kind, boilerplate, reason = names[codes[i]]
        if boilerplate:
            score = 0.9 if reason in _SURE_REASONS else 0.7
            out.append(Suggestion("boilerplate", a, z, text[a:z], None, score, reason or "other"))
        elif learned is not None and kind != BLANK and learned.matches(doc.peek_display(i).text):
            out.append(Suggestion("boilerplate", a, z, text[a:z], None, 0.8, "learned"))
    return out


def _block_range(doc: Document, blocks: range | None) -> range:
    if blocks is None:
        return range(len(doc.blocks))
    if blocks.step != 1:
        raise ValueError("blocks must be a range of consecutive block indices (step 1)")
    n = len(doc.blocks)
    return range(min(max(blocks.start, 0), n), min(max(blocks.stop, 0), n))


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted, not overlapping: learned blocks)?"""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


@contextmanager
def cycle_collector_off() -> Iterator[None]:
    """For a process that runs the pass and little else (the app's loader child,
    ``margin suggest``): the pass makes a great many small objects that hold no
    reference cycles (people, mentions, sentences); the cycle collector would walk all
    of them again and again as they pile up, about a tenth of the pass on a 10 MB
    article, and find nothing. Reference counting still frees everything.

    suggest() itself leaves the collector alone: switching it off is process-wide, and
    in the app a small article's pass runs in a thread beside the screen."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def suggest(doc: Document, *, learned: "LearnedBoilerplate | None" = None,
            blocks: range | None = None, parallel: bool = False) -> list[Suggestion]:
    """Every suggestion for ``doc``, sorted by start (then end, then tag).

    ``blocks`` (a range of block indices) limits the answer to suggestions in those
    blocks, so the app can ask for what is on screen first and the rest later. Claims
    and furniture are exactly the full answer's; quote spans too, and their speakers
    come from CONTEXT_PARAGRAPHS body paragraphs either side of the range (the same as
    the full answer unless the speaker was last named further away).

    An article over WINDOWED_ABOVE characters is answered a window at a time, in the
    same way, so that memory stays bounded (see below).

    ``parallel``: a big pass may fork a second process (see second_process.py for who
    may ask); the answer is the same.
    """
    if blocks is None and len(doc.text) > WINDOWED_ABOVE:
        out = [s for part in suggest_in_parts(doc, learned=learned, parallel=parallel) for s in part]
        out.sort(key=_ORDER)  # already in order: one linear pass
        return out
    return _suggest(doc, learned, blocks, parallel)


def suggest_in_parts(doc: Document, *, learned: "LearnedBoilerplate | None" = None,
                     parallel: bool = False) -> Iterator[list[Suggestion]]:
    """suggest(doc), as consecutive sorted parts: one for an ordinary article, a window
    at a time for a huge one, so that a caller passing them on (the app's loader child)
    never holds them all."""
    if len(doc.text) <= WINDOWED_ABOVE:
        yield _suggest(doc, learned, None, parallel)
        return
    # Each window splits its own sentences again (a few hundredths of a second per MB)
    # rather than keep a whole huge article's sentence bounds while it runs.
    doc.forget_sentences(range(len(doc.blocks)))
    for window in _windows(doc):
        part = _suggest(doc, learned, window, parallel)
        doc.forget_sentences(window)  # a cache no later window reads: let it go
        yield part


# Above this many characters (no news article comes near: they are under 1 MB) the
# article is suggested a window of about WINDOW characters at a time (a window costs
# a little: each starts its memo tables cold, and its context is read twice), each with
# CONTEXT_PARAGRAPHS of context either side. The quote pass keeps every naming of a
# person it has read, about 14 times the text it covers: a 50 MB article made the
# loader hold a gigabyte (issue 13, item 14). In a window, a speaker last named more
# than CONTEXT_PARAGRAPHS paragraphs before the window may resolve differently.
WINDOWED_ABOVE = 16_000_000
WINDOW = 4_000_000


def _windows(doc: Document, size: int | None = None) -> Iterator[range]:
    """Consecutive block ranges of about ``size`` (WINDOW) characters that cover the document."""
    size = WINDOW if size is None else size
    blocks = doc.blocks
    start = 0
    while start < len(blocks):
        stop = doc.block_at(blocks[start].start + size) + 1
        stop = max(stop, start + 1)
        yield range(start, min(stop, len(blocks)))
        start = stop


# Below this many characters of article a second process (``parallel``) costs more
# than it saves: forking and the answers' trip back take milliseconds; the pass on 1 MB,
# half a second.
WORTH_IT_ABOVE = 500_000


def _suggest(doc: Document, learned: "LearnedBoilerplate | None", blocks: range | None,
             parallel: bool = False) -> list[Suggestion]:
    from .claims import find_claims
    from .quotes import find_quotes

    text = doc.text
    span = _block_range(doc, blocks)
    quote_blocks = None if blocks is None else span
    helper = None
    if parallel and (doc.blocks[span.stop - 1].end - doc.blocks[span.start].start if span else 0) > WORTH_IT_ABOVE:
        from .second_process import SecondProcess  # only a big pass needs it (and pickle)

        helper = SecondProcess.start(doc, quote_blocks, quote_blocks)
    try:
        out = _furniture(doc, learned, span)
        learned_spans = sorted((s.start, s.end) for s in out if s.reason == "learned")
        quotes = find_quotes(doc, quote_blocks, mentions=helper.mentions if helper else None)
        if learned_spans:  # (most articles have none: then each quote and claim is not asked)
            quotes = [q for q in quotes if not _inside(learned_spans, q.start)]
        add = out.append
        for q in quotes:
            add(Suggestion("quote", q.start, q.end, text[q.start:q.end], q.speaker, q.score, q.reason))
        for c in find_claims(doc, [(q.start, q.end) for q in quotes if not q.partial], blocks=quote_blocks,
                             verdicts=helper.verdicts() if helper else None):
            if learned_spans and _inside(learned_spans, c.start):
                continue
            add(Suggestion("claim", c.start, c.end, text[c.start:c.end], None, c.score, c.reason))
    finally:
        if helper is not None:
            helper.close()
    out.sort(key=_ORDER)
    return out


def _covers(a_start: int, a_end: int, s_start: int, s_end: int) -> bool:
    """Annotation [a_start, a_end) stands for suggestion [s_start, s_end): same span, or nearly."""
    if (a_start, a_end) == (s_start, s_end):
        return True
    overlap = min(a_end, s_end) - max(a_start, s_start)
    if overlap <= 0:
        return False
    # the user marked the quote with its marks, or the sentence without its full stop
    return overlap >= 0.9 * max(a_end - a_start, s_end - s_start)


def without_rejected(suggestions: Iterable[Suggestion], rejected: list["Annotation"],
                     annotations: list["Annotation"]) -> list[Suggestion]:
    """Drop suggestions the user rejected, and ones already annotated with that tag.

    A rejection matches by tag and the same text at the same place, or at the place
    the store re-anchored it to (it may have moved after an edit). An orphaned
    rejection (its text is gone) matches the same text with the same context.
    """
    rej_exact = set()
    rej_text: dict[tuple[str, str], list["Annotation"]] = {}
    for r in rejected:
        rej_exact.add((r.tag, r.start, r.end, r.text))
        rej_text.setdefault((r.tag, r.text), []).append(r)
    by_tag: dict[str, list["Annotation"]] = {}
    for a in annotations:
        by_tag.setdefault(a.tag, []).append(a)
    out = []
    for s in suggestions:
        if (s.tag, s.start, s.end, s.text) in rej_exact:
            continue
        dropped = False
        for r in rej_text.get((s.tag, s.text), ()):
            if r.orphan or _covers(r.start, r.end, s.start, s.end):
                dropped = True
                break
        if dropped:
            continue
        if any(_covers(a.start, a.end, s.start, s.end) for a in by_tag.get(s.tag, ())):
            continue
        out.append(s)
    return out
