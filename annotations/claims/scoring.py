"""Score one sentence: gate, find the cues, combine them, adjust.

1. ``gate``: too short to state anything, or a question: no claim.
2. ``find_cues``: every row of the cue table that finds something.
3. ``combine``: the strongest cue sets the score; each further independent cue
   (weight >= 0.45) adds 0.05, up to three of them.
4. ``adjust``: the adjustments for labels, headlines, advice, opinion and speech.

The reason names the strongest cue and what it found ("money: £4.3m"); ``explain``
adds the other cues that added to the score ("money: £4.3m (+ date with a count,
source)"), for bench/claims.py -v and for anyone asking why.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from .cues import ADJUSTMENTS, CUES, Cue
from .sentence import Sentence

THRESHOLD = 0.5
SUPPORT = 0.45  # a further cue at least this strong adds to the score
BONUS = 0.05
MAX_BONUSES = 3


class Found(NamedTuple):  # a tuple: made for every cue found, and a frozen dataclass's __init__ is slow
    cue: Cue
    text: str  # what the cue found, as it reads in the sentence


def gate(s: Sentence) -> tuple[float, str] | None:
    """A verdict without looking for cues, or None to go on."""
    if s.fewer_words(5):
        return 0.0, "too short"
    if s.stripped.rstrip("”’\"»)").endswith("?"):
        return 0.1, "question"
    return None


# strongest first (the table's order breaks ties), so the search can stop as soon as
# nothing further could change the score
_STRONGEST_FIRST = sorted(CUES, key=lambda c: -c.weight)
# each row: the cue, its finder, and the ids of the word lists one of which it needs
# (None: it needs none, or a digit will do and the sentence has one)
_Row = tuple[Cue, Callable[[Sentence], "str | None"], "frozenset[int] | None"]


def _needs(cue: Cue, digits: bool) -> frozenset[int] | None:
    needed = cue.needed()
    if not needed or (digits and cue.or_digit):
        return None
    return frozenset(w.id for w in needed)


_FINDERS: tuple[_Row, ...] = tuple((cue, cue.finder(), _needs(cue, True)) for cue in _STRONGEST_FIRST)
_FINDERS_WITHOUT_DIGITS: tuple[_Row, ...] = tuple(
    (cue, cue.finder(), _needs(cue, False)) for cue in _STRONGEST_FIRST if not cue.digits)


# the rows a sentence can need, by (digit?, the word lists in it): sentences share a
# few hundred such sets, so each is worked out once
_ROWS: dict[tuple[bool, frozenset[int]], tuple[_Row, ...]] = {}


def _rows(digits: bool, hits: dict[int, tuple[str, int]]) -> tuple[_Row, ...]:
    """The table's rows, strongest first, less those needing a word list not in ``hits``."""
    key = (digits, frozenset(hits))
    rows = _ROWS.get(key)
    if rows is None:
        table = _FINDERS if digits else _FINDERS_WITHOUT_DIGITS
        rows = tuple(row for row in table if row[2] is None or not row[2].isdisjoint(key[1]))
        if len(_ROWS) >= 4096:
            _ROWS.clear()
        _ROWS[key] = rows
    return rows


def find_cues(s: Sentence) -> list[Found]:
    """The cues that make the score, strongest first: the strongest cue found and up to
    MAX_BONUSES further ones at least SUPPORT strong."""
    if not s.digits and not s.any_cue_word and not s.maybe_superlative:
        return []  # every cue needs a digit, a cue word or a superlative
    out: list[Found] = []
    for cue, find, _ in _rows(s.digits, s.hits):
        if out and cue.weight < SUPPORT:
            break  # a weaker cue neither leads nor supports
        text = find(s)
        if text:
            out.append(Found(cue, text))
            if len(out) > MAX_BONUSES:
                break
    return out


def combine(found: list[Found]) -> tuple[float, list[Found]]:
    """The score before adjustments, and the cues that made it (strongest first)."""
    top, support = found[0], [f for f in found[1:] if f.cue.weight >= SUPPORT]
    return top.cue.weight + BONUS * len(support), [top, *support]


# the adjustments as plain tuples (read per sentence), each with the score at or below
# which it cannot change anything: a cap with no factor or floor leaves a score under
# the cap as it is, so its test (the speech tests read every figure) is not asked
_ADJUST = tuple((a.applies, a.factor, a.cap, a.floor, a.above,
                 a.cap if a.factor == 1.0 and a.floor is None and a.cap is not None else -1.0)
                for a in ADJUSTMENTS)


def adjust(s: Sentence, score: float) -> float:
    for applies, factor, cap, floor, above, idle_up_to in _ADJUST:
        if score <= idle_up_to or (floor is not None and score < above):
            continue
        if not applies(s):
            continue
        score *= factor
        if cap is not None:
            score = min(score, cap)
        if floor is not None:
            score = max(score, floor)
    return score


def reason(used: list[Found], *, supporting: bool = False) -> str:
    top = used[0]
    text = " ".join(top.text.split())
    out = f"{top.cue.name}: {text}" if text != top.cue.name else top.cue.name
    if supporting:
        others = [f.cue.name for f in used[1:] if f.cue.name != top.cue.name]
        if others:
            out += f" (+ {', '.join(dict.fromkeys(others))})"
    return out


def score_sentence(text: str, *, in_quote: float = 0.0, standfirst: bool = False,
                   explain: bool = False) -> tuple[float, str]:
    """Check-worthiness of sentence ``text`` in 0..1 and a short reason (with
    ``explain``, the reason also names the cues that added to the score).

    ``in_quote`` is the share of the sentence inside direct-speech marks.
    """
    s = Sentence(text, in_quote=in_quote, standfirst=standfirst)
    verdict = gate(s)
    if verdict is not None:
        return verdict
    found = find_cues(s)
    if not found:
        return 0.0, "no checkable fact"
    score, used = combine(found)
    return round(min(adjust(s, score), 1.0), 2), reason(used, supporting=explain)


def score_as_narration_and_speech(text: str, *, standfirst: bool = False, threshold: float = 0.0
                                  ) -> tuple[tuple[float, str], tuple[float, str] | None]:
    """``score_sentence(text, in_quote=0.0)`` and ``score_sentence(text, in_quote=1.0)``
    at the cost of one: the share of quotes is read only by the last adjustments, so the
    sentence's facts and cues are found once (for scoring before the quotes are known).
    The second is None where the first is under ``threshold``: speech only lowers a
    score, and its test reads every figure of the sentence."""
    s = Sentence(text, in_quote=0.0, standfirst=standfirst)
    verdict = gate(s)
    if verdict is not None:
        return verdict, (verdict if verdict[0] >= threshold else None)
    found = find_cues(s)
    if not found:
        nothing = (0.0, "no checkable fact")
        return nothing, (nothing if threshold <= 0.0 else None)
    score, used = combine(found)
    why = reason(used)
    narration = round(min(adjust(s, score), 1.0), 2)
    if narration < threshold:
        return (narration, why), None
    s.in_quote = 1.0
    return (narration, why), (round(min(adjust(s, score), 1.0), 2), why)
