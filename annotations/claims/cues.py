"""The cue table: what makes a sentence check-worthy, and what makes it less so.

Each ``Cue`` finds one kind of evidence in a sentence and says how strong it is. To
add a rule, add a row: a name (shown in the suggestion's reason), a weight, a line
saying what it stands for, and a word list (``pattern``) or a ``predicate`` that
reads the sentence's facts (``Sentence``: figures, counts, dates, computed once) and
returns the words it found. Each cue has its own unit test with invented text
(tests/test_claims_cues.py).

Each ``Adjustment`` then lowers (or raises) the score of sentences that are not
statements of fact: labels, headlines, advice to the reader, opinion, direct speech.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import figures as F
from . import vocabulary as V
from .matchers import Pattern, Words, tokenize
from .sentence import Sentence

Predicate = Callable[[Sentence], "str | None"]


@dataclass(frozen=True)
class Cue:
    name: str  # shown in the reason: "money: £4.3m"
    weight: float  # 0..1: the strongest cue found sets the score
    reason: str  # what the cue stands for, for a reader of this table
    pattern: Words | Pattern | None = None  # looked for in the sentence ...
    predicate: Predicate | None = None  # ... or a test that returns the words it found
    digits: bool = False  # finds something only in a sentence with a digit (skipped elsewhere)
    # finds something only in a sentence holding a word of one of these lists (or, with
    # ``or_digit``, a digit): the search skips the cue elsewhere. A ``Words`` pattern
    # needs itself. tests/test_claims_cues.py checks each on generated sentences.
    needs: tuple[Words, ...] = ()
    or_digit: bool = False

    def finder(self) -> Predicate:
        """The cue as one function of a sentence (built once: the table runs per sentence)."""
        if self.predicate is not None:
            return self.predicate
        pattern = self.pattern
        if isinstance(pattern, Words):
            return lambda s: s.word(pattern)
        if isinstance(pattern, Pattern):
            return lambda s: s.find(pattern)
        raise ValueError(f"cue {self.name!r} has neither a pattern nor a predicate")

    def find(self, s: Sentence) -> str | None:
        return self.finder()(s)

    def needed(self) -> tuple[Words, ...]:
        """The word lists one of which the cue needs (() if it needs none)."""
        if isinstance(self.pattern, Words):
            return (self.pattern, *self.needs)
        return self.needs


@dataclass(frozen=True)
class Adjustment:
    name: str
    reason: str
    applies: Callable[[Sentence], bool]
    factor: float = 1.0  # the score is multiplied by this ...
    cap: float | None = None  # ... then held at or below this
    floor: float | None = None  # ... or raised to this, if it is at least ``above``
    above: float = 0.0


# ---- predicates: cues that weigh one fact against another ----------------------------
def _date_with_count(s: Sentence) -> str | None:
    if s.dated and (s.count_word or s.word(V.CHANGE) or s.compare or s.has_count):
        return s.dated
    return None


def _date_alone(s: Sentence) -> str | None:
    return None if _date_with_count(s) else s.dated


def _count_with_change(s: Sentence) -> str | None:
    c = s.count_word
    return c if c and (s.has(V.CHANGE) or s.compare or s.has(V.STATUS)) else None


def _counted(s: Sentence) -> str | None:
    return None if _count_with_change(s) else s.counted


def _count_alone(s: Sentence) -> str | None:
    return None if _count_with_change(s) or s.counted else s.count_word


def _change_with_figure(s: Sentence) -> str | None:
    return s.word(V.CHANGE) if s.has_figure else None


def _superlative_with_figure(s: Sentence) -> str | None:
    return s.superlative if (s.year or s.has_count) else None


def _trend(s: Sentence) -> str | None:
    """An ordinal with a change or a streak: "the fifth month in a row"."""
    if not (s.has(V.CHANGE) or s.has(V.STREAK)):
        return None
    return s.word(V.ORDINALS) or s.find(F.ORDINAL)


def _according(s: Sentence) -> str | None:
    return "according to" if s.word(V.SOURCE) == "according to" else None


def _source(s: Sentence) -> str | None:
    w = s.word(V.SOURCE)
    return w if w != "according to" else None


def _status(s: Sentence) -> str | None:
    return None if s.has(V.LEGAL) else s.word(V.STATUS)


def _prediction(s: Sentence) -> str | None:
    return s.word(V.PREDICT) if s.has_figure else None


# ---- the table -----------------------------------------------------------------------
CUES: tuple[Cue, ...] = (
    Cue("statistic", 0.85, "a percentage or rate", predicate=lambda s: s.percent,
        needs=(V.PERCENT,), or_digit=True),
    Cue("money", 0.85, "an amount of money, in any currency and form", predicate=lambda s: s.money,
        needs=(V.SCALE, V.CURRENCY_WORDS), or_digit=True),
    Cue("fraction", 0.8, "a share in words: three-quarters, a third of, one in five", predicate=lambda s: s.fraction),
    Cue("figure", 0.8, "a number with a unit or a scale: 4.2 km, 60 employees, 3 million",
        predicate=lambda s: s.measure, digits=True),
    Cue("multiple", 0.75, "a ratio in words: doubled, tenfold, twice as many", predicate=lambda s: s.multiple,
        needs=(V.MULTIPLES,)),
    Cue("amount", 0.75, "a large number in words: two million, hundreds of thousands",
        predicate=lambda s: s.large_words, needs=(V.SCALE,)),
    Cue("score", 0.7, "a score line: 3-2, 6-4", predicate=lambda s: s.score_line, digits=True),
    Cue("number", 0.7, "any other number that is not a date, an age or a name", predicate=lambda s: s.number, digits=True),
    Cue("ranking", 0.6, "a ranking: world No. 3, 14th-ranked, seeded second", predicate=lambda s: s.ranking,
        needs=(V.RANK,)),
    Cue("date with a count", 0.6, "a date beside a count, a change or a comparison",
        predicate=_date_with_count, digits=True),
    Cue("date", 0.35, "a date alone", predicate=_date_alone, digits=True),
    Cue("count", 0.6, "a number in words beside a change, comparison or status",
        predicate=_count_with_change, needs=(V.COUNT,)),
    Cue("count", 0.55, "a number of things in words: two saves, six counts", predicate=_counted,
        needs=(V.COUNT,)),
    Cue("count", 0.4, "a number in words alone", predicate=_count_alone, needs=(V.COUNT,)),
    Cue("counts", 0.55, "two different numbers in words: five of the eight", predicate=lambda s: s.several_counts,
        needs=(V.COUNT,)),
    Cue("change", 0.6, "a change beside a figure: rose, fell by, up from", predicate=_change_with_figure,
        needs=(V.CHANGE,)),
    Cue("figure", 0.55, "an approximate figure: about 900, nearly half", predicate=lambda s: s.approx,
        needs=(V.APPROX,)),
    Cue("result", 0.55, "a result with a count: won three in a row, scored twice", predicate=lambda s: s.result,
        needs=(V.RESULT,)),
    Cue("large number", 0.45, "thousands of, millions of", predicate=lambda s: s.vague_large,
        needs=(V.SCALE,)),
    Cue("superlative", 0.55, "a ranking someone can check: the wettest, a record",
        predicate=lambda s: s.superlative),
    Cue("superlative with a date", 0.6, "a superlative beside a date or number",
        predicate=_superlative_with_figure, digits=True),
    Cue("cause", 0.45, "a stated cause: because, due to, led to", pattern=V.CAUSE),
    Cue("trend", 0.6, "an ordinal with a change or streak: the fifth month in a row", predicate=_trend,
        needs=(V.CHANGE, V.STREAK)),
    Cue("attributed", 0.6, "a fact credited to a source: according to", predicate=_according,
        needs=(V.SOURCE,)),
    Cue("source", 0.45, "a source word: figures, a study, reported", predicate=_source, needs=(V.SOURCE,)),
    Cue("legal status", 0.55, "a legal status: convicted, fined, came into force", pattern=V.LEGAL),
    Cue("status", 0.45, "an official status or event: charged, approved, evacuated", predicate=_status,
        needs=(V.STATUS,)),
    Cue("prediction with a figure", 0.6, "a forecast or plan with a figure", predicate=_prediction,
        needs=(V.PREDICT,)),
)


_VERB_HINT = Pattern(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|"
    r"does|did|do)\b|\b\w+(?:ed|es|s)\b")
# The past of the irregular verbs news uses most ("Harwick beat Dunmore 58-41."), which
# carry no ending to tell them by; none of them is mostly a noun. In lower case only: a
# capitalised "Drew" or "Won" in a short line is more likely a name.
_IRREGULAR_PAST = Pattern(
    r"\b(?:won|lost|beat|rose|fell|grew|took|made|gave|saw|got|paid|sold|spent|ran|led|came|went|became|"
    r"began|bought|brought|built|drew|drove|fought|found|held|kept|knew|said|sent|shot|stood|struck|told|"
    r"thought|threw|wrote|fled|flew|sank|swam|sat|stole|broke|chose|froze|shook|rode|woke|wore|hid|bit|"
    r"dug|fed|felt|forgot|lent|meant|slept|swore|taught|understood|withdrew|overtook|outscored)\b",
    ignore_case=False)
_OPINION = Pattern(r"^if you\b|\bmy advice\b|^(?:i|we)\s+(?:think|believe|feel|hope|guess|reckon|love|hate|"
                   r"wonder)\b|\b(?:in my (?:view|opinion)|i think|i feel|i believe)\b")


def _label_line(s: Sentence) -> bool:
    return (s.stripped[-1:] not in ".!?" or s.fewer_words(8)) and not _VERB_HINT.search(s.stripped) \
        and not _IRREGULAR_PAST.search(s.stripped)


def _headline(s: Sentence) -> bool:
    if s.stripped[-1:] in ".!?…:;”’\"":
        return False
    return sum(1 for w in s.words if w[:1].isupper()) >= 0.6 * len(s.words)


def _to_reader(s: Sentence) -> bool:
    if not s.has(V.YOU) or s.percent or s.money:
        return False
    # "you" inside quote marks is a speaker talking to someone, not the article to its reader
    return any(t in ("you", "your") for t in tokenize(s.unquoted.lower()))


def _opinion(s: Sentence) -> bool:
    if not s.has(V.FIRST_PERSON):
        return False
    if s.fold_safe:
        # _OPINION needs its first word ("if", "i", "we") to open the sentence, or the
        # word "my" or "i" somewhere: most sentences with "we" in them have neither,
        # and the tokens say so without the search (which tries every position)
        toks = s.tokens
        if toks[0] not in ("if", "i", "we") and "my" not in toks and "i" not in toks:
            return False
    return _OPINION.search(s.stripped) is not None


def _hard_figure(s: Sentence) -> bool:
    """A figure a speaker states: checkable even in direct speech. (A score line or a
    result in speech is usually the match talked about, "at 2-0 you have to be
    ruthless", not a figure offered as fact.)"""
    return bool(s.percent or s.money or s.measure or s.large or s.number or s.fraction or s.multiple
                or s.counted)


ADJUSTMENTS: tuple[Adjustment, ...] = (
    Adjustment("standfirst", "a standfirst summarises the story: a fair claim is offered",
               lambda s: s.standfirst, floor=0.55, above=0.45),
    Adjustment("label", "a label or a list line, not a statement", _label_line, factor=0.5),
    Adjustment("headline", "a Title Case headline or label, not a sentence of the article", _headline,
               factor=0.6),
    Adjustment("to the reader", "advice or a generality addressed to the reader", _to_reader, factor=0.8),
    Adjustment("opinion", "first-person opinion", _opinion, factor=0.6),
    Adjustment("speech with a figure", "direct speech stating a figure: offered, below the narration's",
               lambda s: s.in_quote > 0.35 and _hard_figure(s), cap=0.6),
    Adjustment("speech", "direct speech without a hard figure: the speaker's rhetoric",
               lambda s: s.in_quote > 0.35 and not _hard_figure(s), cap=0.3),
)
