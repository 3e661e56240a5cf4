"""Step 1: find the quote marks and the spans they enclose, paragraph by paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from .vocab import _is_cap

_OPEN_CLOSE = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", '"': '"'}
_OPENERS = set("“„«‹‘\"")
_LETTER = re.compile(r"[^\W_]")
_MARK = re.compile("[" + "".join(_OPEN_CLOSE) + "]")


@dataclass
class RawQuote:
    """A quoted stretch inside one block (local offsets into the block's raw text)."""
    block: int
    open_pos: int  # index of the opening mark
    start: int  # first character inside
    end: int  # past the last character inside
    close_pos: int | None  # index of the closing mark, None if it runs to the block end


def _opener_ok(t: str, i: int) -> bool:
    """A mark at i can open a quote: start of text or after space/bracket/dash, and text follows."""
    prev = t[i - 1] if i > 0 else " "
    nxt = t[i + 1] if i + 1 < len(t) else " "
    if nxt.isspace() and t[i] not in "«‹":
        # '“ Dawson’s Creek ”', '" The course of…': a space inside a double mark that
        # stands between spaces (a closing mark follows a word, not a space)
        after = t[i + 1:i + 3].lstrip()
        if not (t[i] in "“\"" and (prev.isspace() or i == 0) and after[:1].isalnum()):
            return False
    if t[i] == "‘" and nxt.isdigit():
        return False  # ‘90s: an apostrophe standing for missing digits
    return prev.isspace() or prev in "([{—–-/:;,“‘\"«" or i == 0


# What closes each opener (but ‘, whose closer is also the apostrophe): its own closers,
# and for double marks the mixed and typed ones ("…” and “…’’, two right single quotes
# for a double). No two of them start with the same character, so the leftmost match is
# the first closer, whichever it is.
_CLOSER = {o: re.compile("|".join(sorted(
    ([*c] + (["’’", "''", "”" if o == '"' else '"'] if o in "“\"" else [])), key=len, reverse=True)))
    for o, c in _OPEN_CLOSE.items() if o != "‘"}


def _find_close(t: str, i: int, opener: str, plain: bool | None = None) -> int | None:
    """Where the quote opened by ``opener`` at ``i`` closes. ``plain``: ``t`` holds no
    mixed or typed closer ('"', "’’", "''"), as scan_block learns once per paragraph
    (asking here, per quote, made a paragraph of many quotes quadratic)."""
    j = i + 1
    n = len(t)
    if opener == "‘":
        # ’ is also the apostrophe: it closes only when no letter or digit follows.
        best = None
        while j < n:
            k = t.find("’", j)
            if k < 0:
                break
            nxt = t[k + 1] if k + 1 < n else " "
            if _LETTER.match(nxt) or nxt.isdigit():
                j = k + 1
                continue
            prev = t[k - 1]
            # "the players’ union": a plural possessive, not a closing mark.
            if prev in "sS" and k + 2 < n and nxt == " " and t[k + 2].islower() and not t[k - 2:k].isupper():
                if best is None:
                    best = k
                j = k + 1
                continue
            return k
        return best
    if plain is None:
        plain = _plain(t)
    if opener == "“" and plain:
        # no mixed or typed closer in the paragraph (most): a fast scan for the one closer
        k = t.find("”", j)
        return k if k >= 0 else None
    # the first of its closers: one search instead of a find for each
    m = _CLOSER[opener].search(t, j)
    return m.start() if m else None


def _plain(t: str) -> bool:
    return '"' not in t and "’’" not in t and "''" not in t


def _one_kind_of_opener(t: str) -> str | None:
    """The one kind of opening mark ``t`` holds; "" if it holds several, None if none.

    Most paragraphs hold none or one: a search for that one character is a fast scan,
    where _MARK tests each character against every kind (on a paragraph of Latin-1
    text, most of scan_block's time). "in" answers at once for a mark wider than the text's
    characters.
    """
    if "“" in t:
        return "" if '"' in t or "‘" in t or "«" in t or "„" in t or "‹" in t else "“"
    if '"' in t:
        return "" if "‘" in t or "«" in t or "„" in t or "‹" in t else '"'
    if "‘" in t or "«" in t or "„" in t or "‹" in t:
        return ""
    return None


def scan_block(t: str, block: int) -> list[RawQuote]:
    out: list[RawQuote] = []
    only = _one_kind_of_opener(t)
    if only is None:
        return out
    i = 0
    n = len(t)
    mark = _MARK.search
    plain = _plain(t)
    while i < n:
        # jump to the next mark that may open a quote (a loop over every character
        # was most of this step's time)
        if only:
            i = t.find(only, i)
            if i < 0:
                break
        else:
            m = mark(t, i)
            if m is None:
                break
            i = m.start()
        ch = t[i]
        if _opener_ok(t, i):
            k = _find_close(t, i, ch, plain)
            a = i + 1
            while a < n and t[a].isspace():
                a += 1
            if k is None:
                z = n
                while z > a and t[z - 1].isspace():
                    z -= 1
                if z > a:
                    out.append(RawQuote(block, i, a, z, None))
                break
            z = k
            while z > a and t[z - 1].isspace():
                z -= 1
            if z > a:
                out.append(RawQuote(block, i, a, z, k))
            i = k + 1
            continue
        i += 1
    return out



_WORDS = re.compile(r"[\w’'-]+")


def words(s: str) -> list[str]:
    return _WORDS.findall(s)


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by", "or", "with", "is"})


def is_title_like(s: str) -> bool:
    """A quoted title ("The Long Goodbye", “Takin’ It to the Streets,”), not speech."""
    # a title has at most ten words: read no more than eleven of a long quote
    return _title_like(s) if len(s) <= 200 else _title_like_words(s.rstrip().rstrip(",."))


@lru_cache(maxsize=4096)  # pure, and a short quote's words come back (a refrain, a slogan)
def _title_like(s: str) -> bool:
    return _title_like_words(s.rstrip().rstrip(",."))


def _title_like_words(s: str) -> bool:
    w = [m.group() for m in islice(_WORDS.finditer(s), 11)]
    if not w or len(w) > 10 or s[-1:] in "!?;:…" or (len(w) < 2 and not s):
        return False
    caps = [x for x in w if x.lower() not in _SMALL_WORDS]
    return bool(caps) and all(_is_cap(x) or x[0].isdigit() for x in caps) and _is_cap(w[0])
