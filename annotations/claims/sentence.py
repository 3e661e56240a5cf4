"""One sentence, and the facts about it the cues ask for, each worked out once.

The word tokens are looked up in the cue-word index as the sentence is made (one
pass answers every ``Words`` list); every other fact is computed on first use, and
each pattern runs only where its symbol or word is present, so a sentence without a
digit never runs a figure pattern and one without "$" never runs the money one.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Generic, TypeVar, overload

from . import figures as F
from . import vocabulary as V
from .matchers import Pattern, Words, fold_safe, scan, tokenize

QUOTE_MARKS = "“”\"‘’«»„"
_QUOTE_MARKS_AND_SPACE = QUOTE_MARKS + " "
_WORD_CHARS = r"\w’'%£$€.-"
_WORDS = re.compile(f"[{_WORD_CHARS}]+")
# n of _WORDS's words, possessive so that no word is split in two: "fewer than n words?"
# answered after n words instead of listing them all (the gate asks it of every sentence)
_AT_LEAST: dict[int, re.Pattern[str]] = {}


def _at_least(n: int) -> re.Pattern[str]:
    rx = _AT_LEAST.get(n)
    if rx is None:
        rx = _AT_LEAST[n] = re.compile(f"(?:[^{_WORD_CHARS}]*+[{_WORD_CHARS}]++){{{n}}}")
    return rx
_QUOTED = Pattern(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|«[^»]*»", ignore_case=False)
_COUNTED = Pattern(r"(?<!few )(?<!several )\b(" + V.CARDINALS + r")\s+(?:[a-z-]+\s+){0,2}?([a-z]+[^siu\W]s)\b")
# a duration is a figure when it measures a state ("missing for five years"), not
# when it moves the story on ("two years later", "three days ago")
_DURATION = Pattern(r"\b(?:for|after|within|over)\s+(?:the\s+(?:past|last)\s+)?(" + V.CARDINALS + r")\s+"
                    r"(?:year|month|week|day|hour|minute)s?\b(?!\s+(?:ago|later|earlier|before))")
_TIME_NOUN = Pattern(r"(?:centur|decade|year|month|week|day|hour|minute|second|generation|times|ways|things)",
                     ignore_case=False)
_DETERMINER_END = Pattern(r"\b(?:the|these|those|both|its|their|our|his|her)\s+$")
SUPERLATIVE = Pattern(
    r"\b(?:the|its|their|his|her|our|[A-Z][\w-]*[’']s)\s+((?!(?:interest|rest|test|west|nest|quest|chest|"
    r"protest|request|guest|forest|harvest|contest|honest|modest|best|latest)\b)[a-z]{2,}est|"
    r"(?:most|least)\s+[a-z]+)\b|\b(record(?!\s+(?:label|labels|company|companies|store|shop|player|"
    r"industry|producer|deal|collection)\b)|all-time high|all-time low)\b", ignore_case=False)
RESULT = Pattern(
    r"\b(?:" + V.RESULT_VERBS + r")\b(?:\s+[\w’'-]+){0,4}?\s+(?:twice|thrice|by\s+(?:\d{1,3}|two|three|four|"
    r"five|six|seven|eight|nine|ten)\b|(?:\d{1,3}|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve)\s+(?:times|in\s+a\s+row|straight|consecutive|"
    r"(?:points?|goals?|runs?|shots?|strokes?|seconds?|games?)\b|"
    r"of\s+(?:(?:his|her|their|its|the)\s+)?(?:(?:last|past|first|previous)\s+)?(?:\d{1,3}|two|three|four|"
    r"five|six|seven|eight|nine|ten)\b))")

T = TypeVar("T")


class lazy(Generic[T]):
    """A fact computed on first use and then kept on the instance (no lock, unlike
    functools.cached_property before Python 3.12: this runs per sentence)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, owner: type) -> "lazy[T]": ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: object, owner: type) -> "T | lazy[T]":
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


class Sentence:
    def __init__(self, text: str, *, in_quote: float = 0.0, standfirst: bool = False) -> None:
        self.text = text
        self.in_quote = in_quote  # share of the sentence inside direct-speech marks
        self.standfirst = standfirst
        self.stripped = text.strip().strip(_QUOTE_MARKS_AND_SPACE)
        self.low = text.lower()
        self.fold_safe = fold_safe(text, self.low)
        # every sentence past the gate asks these first: made here rather than on
        # first use, which costs a call each
        self.digits: bool = F.DIGIT.rx.search(text) is not None
        self.tokens: list[str] = tokenize(self.low)  # the lower-cased word tokens
        # the ``Words`` lists found in the sentence, by id: their first phrase and token index
        self.hits: dict[int, tuple[str, int]] = scan(self.tokens)

    @lazy
    def words(self) -> list[str]:
        """The words of the stripped sentence (only the adjustments for labels and
        headlines list them; the gate and the label test ask ``fewer_words``)."""
        return _WORDS.findall(self.stripped)

    def fewer_words(self, n: int) -> bool:
        """len(self.words) < n, without listing the words."""
        return (_AT_LEAST.get(n) or _at_least(n)).match(self.stripped) is None

    # ---- words and patterns -----------------------------------------------------------
    def word(self, words: Words) -> str | None:
        """The first of ``words`` in the sentence (as listed, lower case), or None."""
        hit = self.hits.get(words.id)
        return hit[0] if hit else None

    def has(self, words: Words) -> bool:
        return words.id in self.hits

    def find(self, pattern: Pattern) -> str | None:
        """The first match of ``pattern`` in the sentence, in the sentence's own characters."""
        # (Pattern.search_folded, inlined: this runs for most cues of most sentences)
        m = pattern.exact.search(self.low) if self.fold_safe and pattern.ignore_case else pattern.rx.search(self.text)
        return self.text[m.start():m.end()] if m else None

    @property
    def any_cue_word(self) -> bool:
        return bool(self.hits)

    @property
    def maybe_superlative(self) -> bool:
        low = self.low
        return "est" in low or "most" in low or "least" in low or "record" in low or "all-time" in low

    # ---- figures in digits ----------------------------------------------------------------
    @lazy
    def digits_left(self) -> str:
        """The sentence lower-cased (where that keeps every position) with the numbers
        that only date or name something blanked, character for character: times,
        dates, years, ages ("Jane Doe, 58,") and codes ("COVID-19", "F1"). What digits
        are left count or measure; a match in it is the sentence's text at the same place."""
        if not self.digits:
            return self.low if self.fold_safe else self.text
        safe = self.fold_safe
        text = self.low if safe else self.text
        for p, hint in zip(F.NOT_COUNTS, F.NOT_COUNTS_HINTS):
            if hint is None or (hint.exact if safe else hint.rx).search(text):
                text = (p.exact if safe else p.rx).sub(_blank, text)
        if self.has(V.MONTHS):
            text = (F.DATE.exact if safe else F.DATE.rx).sub(_blank, text)
        return text

    def find_left(self, pattern: Pattern) -> str | None:
        """The first match of ``pattern`` in ``digits_left``, in the sentence's own characters."""
        rx = pattern.exact if self.fold_safe else pattern.rx
        m = rx.search(self.digits_left)
        return self.text[m.start():m.end()] if m else None

    @lazy
    def has_count(self) -> bool:
        """A number that counts or measures something (not only a date, age or name)."""
        return self.digits and F.DIGIT.search(self.digits_left) is not None

    @lazy
    def percent(self) -> str | None:
        found = None
        if self.digits and ("%" in self.text or self.has(V.PERCENT)):
            found = self.find(F.PERCENT)
        if found is None and self.has(V.PERCENT):
            found = self.find(F.PERCENT_IN_WORDS)
        return found

    @lazy
    def money(self) -> str | None:
        m = None
        if self.digits or self.has(V.SCALE):
            if F.CURRENCY_SYMBOL.search(self.text):
                m = self.find(F.MONEY_SYMBOL)
            if m is None and self.digits and self.has(V.CURRENCY_CODES):
                m = self.find(F.MONEY_CODE)
        if m is None and self.has(V.CURRENCY_WORDS):
            m = self.find(F.MONEY_WORD)
        if m is None and self.digits:
            m = self.find(F.PENCE)
        return m.strip() if m else None

    @lazy
    def year(self) -> str | None:
        return self.find(F.YEAR) if self.digits else None

    @lazy
    def date(self) -> str | None:
        return self.find(F.DATE) if self.digits and self.has(V.MONTHS) else None

    @lazy
    def dated(self) -> str | None:
        return self.year or self.date

    @lazy
    def measure(self) -> str | None:
        """A number with a unit or a scale: "4.2 km", "60 employees", "3 million", "12%"."""
        if not self.has_count:
            return None
        if self.percent and self.percent[0].isdigit():
            return self.percent.strip()
        if self.money:
            return self.money
        found = self.find_left(F.LARGE) or self.find_left(F.UNIT)
        return found.strip() if found else None

    @lazy
    def score_line(self) -> str | None:
        """A score: "3-2", "6-4" (when no unit or scale says what the number is)."""
        if not self.has_count or self.measure:
            return None
        return self.find_left(F.SCORE)

    @lazy
    def number(self) -> str | None:
        """Any other number that counts or measures."""
        if not self.has_count or self.measure or self.score_line:
            return None
        return self.find_left(F.NUMBER) or "number"

    @lazy
    def ranking(self) -> str | None:
        if not self.has(V.RANK):
            return None
        found = self.find(F.RANKING) if self.has(V.RANK_MARK) and (self.digits or "seeded" in self.tokens) else None
        if found is None and (self.has(V.STANDING_LEAD) or self.digits and F.ORDINAL_IN_DIGITS.rx.search(self.low)):
            found = self.find(F.STANDING)
        return found

    # ---- figures in words -----------------------------------------------------------------
    @lazy
    def count_word(self) -> str | None:
        """A number in words ("two", "dozens"), not hedged ("a few hundred", "several thousand")."""
        hit = self.hits.get(V.COUNT.id)
        if hit is None:
            return None
        toks = self.tokens
        if self.unquoted is not self.text:
            # a number inside quote marks in the narrator's sentence names something
            # ("one country, two systems"); count only the narrator's own
            toks = tokenize(self.unquoted.lower())
        for j, tok in enumerate(toks):
            if tok in V.COUNT_SET and (j == 0 or toks[j - 1] not in V.HEDGES):
                return tok
        return None

    @lazy
    def has_figure(self) -> bool:
        return self.has_count or self.count_word is not None

    @lazy
    def counted(self) -> str | None:
        """A number of things in words, "made two saves", "six counts" (not "the two friends",
        nor "three years")."""
        if not self.count_word:
            return None
        text = self.unquoted
        m = _COUNTED.search(text)
        if m is None or _TIME_NOUN.match(m.group(2).lower()) or _DETERMINER_END.search(text[:m.start()]):
            d = _DURATION.search(text)
            return d.group() if d else None
        return f"{m.group(1)} {m.group(2)}"

    @lazy
    def several_counts(self) -> str | None:
        """Two different numbers in words: "five companies, selected from eight"."""
        if not self.count_word:
            return None
        seen: list[str] = []
        for tok in self.tokens:
            if tok in V.CARDINAL_SET and tok not in seen:
                seen.append(tok)
                if len(seen) == 2:
                    return ", ".join(seen)
        return None

    @lazy
    def fraction(self) -> str | None:
        """A share in words: "three-quarters", "a third of", "one in five", "nine out of ten"."""
        if self.has(V.DENOMINATORS) and (m := self.find(F.FRACTION)):
            return m
        toks = self.tokens
        # "one in five", "one in every four", "nine out of ten": read on the tokens
        for link in ("in", "out"):
            start = 0
            while link in toks[start:]:
                i = toks.index(link, start)
                start = i + 1
                j = i + 2 if link == "out" and toks[i + 1:i + 2] == ["of"] else i + 1
                if link == "out" and j == i + 1:
                    continue
                if j < len(toks) and toks[j] == "every":
                    j += 1
                if i and j < len(toks) and _small_number(toks[i - 1]) and _small_number(toks[j]):
                    return " ".join(toks[i - 1:j + 1])
        return None

    @lazy
    def multiple(self) -> str | None:
        """A ratio in words: "doubled", "tenfold", "twice as many", "three times higher"."""
        return self.find(F.MULTIPLE) if self.has(V.MULTIPLES) else None

    @lazy
    def large_words(self) -> str | None:
        """A large number in words: "two million", "hundreds of thousands"."""
        return self.find(F.LARGE_WORDS) if self.has(V.SCALE) else None

    @lazy
    def large(self) -> str | None:
        """A large amount: "3m", "1.2 billion", "two million", "hundreds of thousands"."""
        if self.digits and (m := self.find(F.LARGE)):
            return m
        return self.large_words

    @lazy
    def vague_large(self) -> str | None:
        """A size, not a count: "thousands of", "a million", "several thousand"."""
        if not self.has(V.SCALE) or self.large:
            return None
        return self.find(F.VAGUE_LARGE)

    @lazy
    def approx(self) -> str | None:
        return self.find(F.APPROX) if self.has(V.APPROX) else None

    @lazy
    def result(self) -> str | None:
        """A result with a count: "won three in a row", "intercepted three times", "scored twice"."""
        if not self.has(V.RESULT):
            return None
        if named := self.word(V.HAT_TRICK):
            return named  # "scored a hat-trick", "netted a brace": three and two
        m = RESULT.search(self.unquoted.lower() if self.fold_safe else self.unquoted)
        return self.unquoted[m.start():m.end()] if m and self.fold_safe else (m.group() if m else None)

    # ---- words --------------------------------------------------------------------------
    @lazy
    def compare(self) -> str | None:
        if w := self.word(V.COMPARE):
            return w
        return self.find(F.SINCE_YEAR) if self.has(V.SINCE) and self.digits else None

    @lazy
    def superlative(self) -> str | None:
        """A ranking someone can check ("the wettest", "Britain’s busiest", "a record"),
        said by the narrator: inside quote marks it is the speaker's rhetoric."""
        if not self.maybe_superlative:
            return None
        m = SUPERLATIVE.search(self.unquoted)
        return (m.group(1) or m.group(2)) if m else None

    @lazy
    def unquoted(self) -> str:
        """The sentence with quoted stretches blanked (what the narrator says)."""
        for mark in "“‘\"«":
            if mark in self.text:
                return _QUOTED.sub(" ", self.text)
        return self.text


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _small_number(tok: str) -> bool:
    return tok in V.NUMBER_SET and tok not in ("a", "every") or (tok.isdigit() and len(tok) <= 3)
