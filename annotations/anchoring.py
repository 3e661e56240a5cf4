"""Re-anchoring stored annotations onto an article that changed since they were saved.

The rules, tried in order (docs/format.md, "Re-anchoring"):

1. exact  - the stored offsets still hold the stored text;
2. moved  - the stored text occurs elsewhere: among repeats, the one whose surroundings
            best match the stored prefix/suffix wins, then the one nearest the old
            position;
3. fuzzy  - the text was lightly edited: a close match (rapidfuzz) near the old place,
            or between the stored prefix and suffix; the annotation takes the new text
            and the report keeps the old one;
4. orphan - nothing fits: the annotation keeps its last offsets and text, is marked, and
            is never dropped.

Nothing here touches files: the store and ``margin check`` both use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CONTEXT, Annotation

EXACT = "exact"
MOVED = "moved"
FUZZY = "fuzzy"
ORPHAN = "orphan"

# A fuzzy match must be this similar (rapidfuzz ratio, 0-100) to the stored text.
# Below it we would be guessing, and an honest orphan is better than a wrong span.
FUZZY_MIN_SCORE = 85.0  # between an unchanged stored prefix and suffix
# Without that context a similar but different sentence can score in the 80s
# ("It said the pier would close" vs "Fishermen said the pier would close"), so the
# free search asks for more.
FUZZY_FREE_MIN_SCORE = 90.0
# Texts shorter than this are never matched fuzzily: "No" vs "So" is not an edit of one.
FUZZY_MIN_LENGTH = 12
# Texts longer than this skip the fuzzy search: the cost grows with the square.
FUZZY_MAX_LENGTH = 2000
# Beyond the window around the old place, articles longer than this are not searched
# fuzzily end to end: it would stall opening a huge file for one lost annotation.
FUZZY_WHOLE_TEXT_MAX = 2_000_000
# How many occurrences of a repeated text we weigh before settling for the nearest.
MAX_CANDIDATES = 10000


@dataclass
class Placement:
    status: str  # exact | moved | fuzzy | orphan
    start: int
    end: int
    text: str  # the article text at [start, end) (the stored text for an orphan)
    score: float = 100.0  # similarity for fuzzy matches


def common_suffix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    return common_suffix_len(before, prefix) + common_prefix_len(after, suffix)


def _occurrences(text: str, needle: str, limit: int = MAX_CANDIDATES) -> list[int]:
    found: list[int] = []
    i = text.find(needle)
    while i != -1 and len(found) < limit:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def find_moved(ann: Annotation, text: str, old_start: int | None = None) -> int | None:
    """Start of the best exact occurrence of ann.text in text, or None."""
    if not ann.text:
        return None
    anchor = ann.start if old_start is None else old_start
    n = len(ann.text)
    full = len(ann.prefix) + len(ann.suffix)

    def key(s: int) -> tuple[int, int]:
        # Most matching context first, then nearest to where it was.
        return _context_score(text, s, s + n, ann.prefix, ann.suffix), -abs(s - anchor)

    # Fast path: most edits shift text a little. An occurrence with its whole context
    # intact in a window around the old place is the same answer the full search
    # would give (the nearest full-context match lies inside the window if any does),
    # without weighing every repeat of a common phrase in a long article.
    reach = 2000 + 2 * n
    lo = max(0, anchor - reach)
    near = _occurrences(text[lo:anchor + reach + n], ann.text)
    perfect = [lo + s for s in near if key(lo + s)[0] == full]
    if perfect:
        return max(perfect, key=key)
    starts = _occurrences(text, ann.text)
    if not starts:
        return None
    return max(starts, key=key)


def _ratio(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return ratio(a, b)


def _between_context(ann: Annotation, text: str, width: int = CONTEXT) -> tuple[int, int, float] | None:
    """A span bounded by the stored prefix and suffix whose text is close to the stored text.

    Catches edits inside the annotated text when its surroundings are untouched. With a
    small width only the context nearest the text has to be intact (a neighbouring
    annotation may have been edited too).
    """
    prefix, suffix = ann.prefix[-width:], ann.suffix[:width]
    # Short contexts (start or end of the article) anchor too loosely to trust.
    if len(prefix) < 8 or len(suffix) < 8:
        return None
    n = len(ann.text)
    best = None
    for p in _occurrences(text, prefix, 200):
        s = p + len(prefix)
        lo, hi = s + max(0, n - n // 3 - 2), s + n + n // 3 + 2
        # The suffix may also occur inside the edited text: weigh every place it ends.
        q = text.find(suffix, lo, hi + len(suffix))
        while q != -1 and q <= hi:
            score = _ratio(ann.text, text[s:q])
            key = (score, -abs(s - ann.start))
            if score >= FUZZY_MIN_SCORE and (best is None or key > best[0]):
                best = (key, s, q)
            q = text.find(suffix, q + 1, hi + len(suffix))
    if best is None:
        return None
    return best[1], best[2], best[0][0]


def _kind(ch: str) -> str:
    """Boundary class of a character; the article's edges count as space."""
    if not ch or ch.isspace():
        return "space"
    return "word" if ch.isalnum() else "punct"


def _lev(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return 100.0 * Levenshtein.normalized_similarity(a, b)


def _refine(needle: str, prefix: str, suffix: str, text: str, start: int, end: int,
            move_start: bool = True, move_end: bool = True) -> tuple[int, int, float]:
    """Move each end of an approximate match to where the similarity peaks.

    Ends are chosen by Levenshtein similarity (a changed word costs its length, where
    the Indel ratio would rather drop it). The ratio still rewards trimming, so ends are only
    placed at boundaries of the same kind as the stored ones (a word start after a
    space stays a word start after a space; a full stop before a newline stays one),
    unless no such boundary is within reach, and the stored prefix/suffix found next
    to a candidate end weighs in its favour.
    """
    reach = min(40, max(3, len(needle) // 4))
    want_s = (_kind(prefix[-1:]), _kind(needle[:1]))
    want_e = (_kind(needle[-1:]), _kind(suffix[:1]))

    def ok_s(s: int) -> bool:
        return (_kind(text[s - 1:s] if s else ""), _kind(text[s:s + 1])) == want_s

    def ok_e(e: int) -> bool:
        return (_kind(text[e - 1:e] if e else ""), _kind(text[e:e + 1])) == want_e

    # What surrounds a candidate end counts too: up to 8 points for the stored context
    # found intact right there ("What is…" edited to "10 is…": keep the "10").
    def ctx_s(s: int) -> int:
        return common_suffix_len(text[max(0, s - 8):s], prefix[-8:])

    def ctx_e(e: int) -> int:
        return common_prefix_len(text[e:e + 8], suffix[:8])

    def search(strict: bool) -> tuple[float, int, int] | None:
        s0, e0 = start, end
        for _ in range(2):  # end then start, twice, is enough in practice
            ends = [e for e in range(max(s0 + 1, e0 - reach), min(len(text), e0 + reach) + 1)
                    if not strict or ok_e(e)] if move_end else []
            if ends:
                e0 = max(ends, key=lambda e: _lev(needle, text[s0:e]) + ctx_e(e))
            starts = [s for s in range(max(0, s0 - reach), min(e0 - 1, s0 + reach) + 1)
                      if not strict or ok_s(s)] if move_start else []
            if starts:
                s0 = max(starts, key=lambda s: _lev(needle, text[s:e0]) + ctx_s(s))
        if strict and not ((ok_s(s0) or not move_start) and (ok_e(e0) or not move_end)):
            return None
        return _ratio(needle, text[s0:e0]), s0, e0

    best = search(True) or search(False) or (_ratio(needle, text[start:end]), start, end)
    score, s, e = best
    return s, e, score


def _snap_to_words(needle: str, prefix: str, suffix: str, text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a match that cuts a word in two, when the stored text did not.

    The Indel ratio happily trims a word's tail to gain a point; a reader expects
    whole words when the annotation held whole words.
    """
    whole_start = needle[:1].isalnum() and not prefix[-1:].isalnum()
    whole_end = needle[-1:].isalnum() and not suffix[:1].isalnum()
    if whole_start:
        while 0 < s < e and text[s - 1].isalnum() and text[s].isalnum():
            s -= 1
    if whole_end:
        while s < e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
            e += 1
    return s, e


def _one_side_context(ann: Annotation, text: str, width: int = 12) -> tuple[int, int, float] | None:
    """A close match that starts right after the stored prefix, or ends right before
    the stored suffix, when only that side of the context survived the edit."""
    n = len(ann.text)
    best = None

    def consider(s: int, e: int, fixed_start: bool) -> None:
        nonlocal best
        if not (0 <= s < e <= len(text)):
            return
        s, e, _ = _refine(ann.text, ann.prefix, ann.suffix, text, s, e,
                          move_start=not fixed_start, move_end=fixed_start)
        score = _ratio(ann.text, text[s:e])
        key = (score, -abs(s - ann.start))
        if score >= FUZZY_MIN_SCORE and (best is None or key > best[0]):
            best = (key, s, e)

    # Each candidate costs a refinement, so only the few nearest the old place are tried.
    def nearest(found: list[int]) -> list[int]:
        return sorted(found, key=lambda i: abs(i - ann.start))[:5]

    prefix, suffix = ann.prefix[-width:], ann.suffix[:width]
    if len(prefix) >= 8:
        for p in nearest(_occurrences(text, prefix, 1000)):
            consider(p + len(prefix), min(len(text), p + len(prefix) + n), True)
    if len(suffix) >= 8:
        for q in nearest(_occurrences(text, suffix, 1000)):
            consider(max(0, q - n), q, False)
    if best is None:
        return None
    return best[1], best[2], best[0][0]


def find_fuzzy(ann: Annotation, text: str) -> tuple[int, int, float] | None:
    """(start, end, score) of a close match to ann.text, or None."""
    n = len(ann.text)
    if n < FUZZY_MIN_LENGTH or n > FUZZY_MAX_LENGTH or not text:
        return None
    hit = _between_context(ann, text) or _between_context(ann, text, 12) or _one_side_context(ann, text)
    if hit:
        return hit
    from rapidfuzz.fuzz import partial_ratio_alignment

    # Near the old place first (cheap, and the likely spot), then the whole article.
    margin = max(2000, 4 * n)
    windows = [(max(0, ann.start - margin), min(len(text), ann.end + margin))]
    if windows[0] != (0, len(text)) and len(text) <= FUZZY_WHOLE_TEXT_MAX:
        windows.append((0, len(text)))
    for lo, hi in windows:
        al = partial_ratio_alignment(ann.text, text[lo:hi], score_cutoff=FUZZY_FREE_MIN_SCORE - 10)
        if al is None:
            continue
        s, e, _ = _refine(ann.text, ann.prefix, ann.suffix, text, lo + al.dest_start, lo + al.dest_end)
        s, e = _snap_to_words(ann.text, ann.prefix, ann.suffix, text, s, e)
        score = _ratio(ann.text, text[s:e])
        if score >= FUZZY_FREE_MIN_SCORE and e > s:
            return s, e, score
    return None


def place(ann: Annotation, text: str) -> Placement:
    """Where ann belongs in text, by the four rules above. Does not change ann."""
    if 0 <= ann.start <= ann.end <= len(text) and text[ann.start:ann.end] == ann.text:
        return Placement(EXACT, ann.start, ann.end, ann.text)
    s = find_moved(ann, text)
    if s is not None:
        return Placement(MOVED, s, s + len(ann.text), ann.text)
    hit = find_fuzzy(ann, text)
    if hit is not None:
        s, e, score = hit
        return Placement(FUZZY, s, e, text[s:e], score)
    return Placement(ORPHAN, ann.start, ann.end, ann.text, 0.0)


@dataclass
class Move:
    """One annotation that did not stay where it was stored, for the load report."""

    id: str
    tag: str
    status: str  # moved | fuzzy | orphan
    old_start: int
    old_end: int
    old_text: str
    new_start: int
    new_end: int
    new_text: str
    score: float = 100.0

    def describe(self) -> str:
        if self.status == ORPHAN:
            return (f"{self.tag} {self.id} is an orphan: {_clip(self.old_text)!r} "
                    f"(was at {self.old_start}..{self.old_end}) is no longer in the article")
        if self.status == FUZZY:
            return (f"{self.tag} {self.id} re-anchored fuzzily ({self.score:.0f}%) "
                    f"{self.old_start}..{self.old_end} -> {self.new_start}..{self.new_end}: "
                    + edit_summary(self.old_text, self.new_text))
        return (f"{self.tag} {self.id} moved {self.old_start}..{self.old_end} -> "
                f"{self.new_start}..{self.new_end}")


def edit_summary(old: str, new: str, width: int = 40) -> str:
    """What changed between two versions of a text, on one line.

    Only the differing middle is shown, with a little of what precedes it, so a change
    of one space is as visible as a change of a word.
    """
    p = common_prefix_len(old, new)
    q = common_suffix_len(old[p:], new[p:])
    was, now = old[p:len(old) - q], new[p:len(new) - q]
    ctx = old[max(0, p - 20):p]
    return (f"after {_visible(ctx, width)!r}, {_visible(was, width)!r} became {_visible(now, width)!r} "
            f"(was {_clip(old)!r})")


def _visible(s: str, width: int) -> str:
    s = "".join(ch if ch.isprintable() or ch == " " else ("⏎" if ch == "\n" else "·") for ch in s)
    return s if len(s) <= width else s[: width - 1] + "…"


def _clip(s: str, width: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def reanchor(ann: Annotation, text: str, refresh_context: bool = True) -> Move | None:
    """Place ann in text and update it in place. Returns what changed, or None if exact.

    A placed annotation gets fresh prefix/suffix from the new text, so the next
    re-anchoring starts from today's surroundings (unless refresh_context is False and
    it is still exactly where it was). An orphan keeps everything it had.
    """
    was_orphan = ann.anchor == ORPHAN
    p = place(ann, text)
    old = (ann.start, ann.end, ann.text)
    if p.status == ORPHAN:
        ann.anchor = ORPHAN
        return Move(ann.id, ann.tag, ORPHAN, *old, *old, 0.0)
    ann.anchor = p.status
    if p.status == EXACT and not was_orphan and not refresh_context:
        return None
    ann.start, ann.end, ann.text = p.start, p.end, p.text
    ann.prefix = text[max(0, p.start - CONTEXT):p.start]
    ann.suffix = text[p.end:p.end + CONTEXT]
    if p.status == EXACT and not was_orphan:
        return None
    # An orphan found again at its old offsets counts as moved back into place.
    status = MOVED if p.status == EXACT else p.status
    return Move(ann.id, ann.tag, status, *old, p.start, p.end, p.text, p.score)
