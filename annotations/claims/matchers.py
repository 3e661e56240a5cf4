"""The two ways a cue looks at a sentence: a regular expression, or a list of words.

``Pattern`` compiles on first use, so importing the claims code compiles nothing and
a pattern no sentence ever reaches is never compiled.

``Words`` is a list of cue words and phrases ("rose", "according to"). They are not
searched for one by one: every ``Words`` list goes into one index, and a sentence's
word tokens are looked up in it once (``scan``), which answers every list at the
same time. That keeps the claims pass cheap however many cues the table grows.
"""

from __future__ import annotations

import re
from typing import Iterator

# Case-insensitive patterns are written in lower case and searched case-sensitively
# in the lower-cased sentence (about twice as fast), except where lower-casing could
# move a position or fold a letter onto ASCII some other way (İ ı ſ K).
_FOLD_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")


def fold_safe(text: str, low: str) -> bool:
    """Does a case-sensitive search of ``low`` find what a case-insensitive one of ``text`` does?"""
    if text.isascii():
        return True  # ASCII lower-cases letter for letter, onto ASCII
    return len(low) == len(text) and _FOLD_SPECIAL.search(text) is None


class Pattern:
    """A regular expression compiled once, on first use.

    ``ignore_case`` patterns must be written in lower case: ``search_folded`` runs
    them case-sensitively over a lower-cased text when ``fold_safe`` says it may.

    ``rx`` and ``exact`` are slots filled on first use (``__getattr__`` runs only while
    a slot is empty), so a use after the first reads a plain attribute: a sentence
    reaches for a score of patterns, and a property's call on each was a tenth of the
    claims pass.
    """

    __slots__ = ("source", "ignore_case", "rx", "exact")
    rx: re.Pattern[str]
    exact: re.Pattern[str]  # compiled case-sensitively, for text already lower-cased

    def __init__(self, source: str, ignore_case: bool = True) -> None:
        self.source = source
        self.ignore_case = ignore_case

    def __getattr__(self, name: str) -> re.Pattern[str]:
        if name == "rx":
            self.rx = re.compile(self.source, re.IGNORECASE if self.ignore_case else 0)
            return self.rx
        if name == "exact":
            self.exact = re.compile(self.source) if self.ignore_case else self.rx
            return self.exact
        raise AttributeError(name)

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text)

    def sub(self, repl: str, text: str) -> str:
        return self.rx.sub(repl, text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.rx.match(text)

    def search_folded(self, text: str, low: str, safe: bool) -> re.Match[str] | None:
        """Search ``text`` (``low`` is text.lower(); ``safe`` from fold_safe): the match's
        positions are the same in both, so ``text[m.start():m.end()]`` is the original."""
        if safe and self.ignore_case:
            return self.exact.search(low)
        return self.rx.search(text)


# A word token: letters and digits, lower-cased. "three-quarters" is two tokens, as is
# "didn’t"; a phrase in a Words list is its tokens in a row.
TOKEN = Pattern(r"[^\W_]+", ignore_case=False)
# In lower-cased text whose letters and digits are all ASCII, TOKEN's tokens are the
# runs of [a-z0-9]: a plain character set the regex engine tests from a table, where
# TOKEN asks the Unicode database about every character. (Lower-casing never makes an
# upper-case ASCII letter.) Most news sentences qualify; their curly quotes do not count.
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
_NON_ASCII_ALNUM = re.compile(r"[^\x00-\x7f](?<=[^\W_])")


def tokenize(low: str) -> list[str]:
    """TOKEN's tokens of ``low``, a lower-cased text."""
    if low.isascii() or _NON_ASCII_ALNUM.search(low) is None:
        return _ASCII_TOKEN.findall(low)
    return TOKEN.rx.findall(low)

# every Words list's entries: first token -> [(list id, the tokens after it, the phrase)]
_INDEX: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
_LISTS: list["Words"] = []


class Words:
    """Cue words and phrases, ``|``-separated: ``Words("rose|fell|up from")``."""

    __slots__ = ("id", "entries", "name")

    def __init__(self, spec: str, name: str = "") -> None:
        self.name = name
        self.entries = tuple(w.strip() for w in spec.split("|") if w.strip())
        self.id = len(_LISTS)
        _LISTS.append(self)
        for phrase in self.entries:
            toks = tuple(TOKEN.rx.findall(phrase.lower()))
            if toks:
                _INDEX.setdefault(toks[0], []).append((self.id, toks[1:], phrase))
        _KEYS.clear()

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __repr__(self) -> str:
        return f"Words({self.name or '|'.join(self.entries[:4])}…)"


def scan(tokens: list[str]) -> dict[int, tuple[str, int]]:
    """For each Words list found among ``tokens``: its first phrase there and the token index."""
    hits: dict[int, tuple[str, int]] = {}
    # most tokens are in no list: one set operation finds the few that are
    for tok in (_KEYS[0] if _KEYS else _keys()).intersection(tokens):
        first = tokens.index(tok)
        for list_id, rest, phrase in _INDEX[tok]:
            i = first
            if rest:
                n = len(rest)
                if tuple(tokens[i + 1:i + 1 + n]) != rest:
                    # most first words ("had", "up", "at") come once and without the
                    # rest of the phrase: counting them is cheaper than the ValueError
                    # the search for the next one raises
                    if tokens.count(tok) == 1:
                        continue
                    while tuple(tokens[i + 1:i + 1 + n]) != rest:
                        try:
                            i = tokens.index(tok, i + 1)
                        except ValueError:
                            i = -1
                            break
                    if i < 0:
                        continue
            old = hits.get(list_id)
            if old is None or i < old[1]:
                hits[list_id] = (phrase, i)
    return hits


_KEYS: list[frozenset[str]] = []


def _keys() -> frozenset[str]:
    # the index is complete once the modules holding Words lists are imported; a list
    # made later (a test's own) clears this
    if not _KEYS:
        _KEYS.append(frozenset(_INDEX))
    return _KEYS[0]
