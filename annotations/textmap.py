"""Display text with a map back to raw offsets.

What a reader sees is normalised (NBSP and other odd spaces become a plain space,
runs of spaces collapse, ends are trimmed, control and bidi characters are made
harmless), but whatever they select must land on the exact raw characters. So every
display character remembers the raw offset it came from.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

# Characters that read as a space: every Unicode space separator, line breaks of
# all kinds (a terminal may act on a stray CR, VT, FF or U+2028) and tabs.
_SPACES = frozenset(
    " \t\n\r\x0b\x0c\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Invisible characters and bidi controls: dropped for display. Bidi overrides could
# otherwise reorder what the terminal shows and disguise the text. Every other
# format character (Unicode category Cf: invisible operators, tag characters,
# interlinear annotation marks …) is dropped too, see _dropped().
_DROP = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _dropped(ch: str) -> bool:
    if ch in _DROP:
        return True
    # Below U+0600 the only format character is the soft hyphen, already in _DROP;
    # checking the category only above it keeps plain text fast.
    return ch >= "\u0600" and unicodedata.category(ch) == "Cf"


def _placeholder(ch: str) -> str | None:
    """A visible stand-in for a control character, or None if ``ch`` is fine as is."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ␛ for ESC, ␇ for BEL …
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code < 0xA0 or 0xD800 <= code < 0xE000:
        # C1 controls, and lone surrogates, which a terminal cannot even be sent.
        return "\ufffd"
    return None


class OffsetMap(Sequence[int]):
    """The raw offset of each display character, and the raw end after them.

    Stored as runs: a run starts at display index ``starts[k]`` whose raw offset is
    ``raws[k]``, and each next display character is the next raw character. A plain
    paragraph is one run, so the map costs a few bytes however long the text is; one
    Python int per character cost about 36 bytes each, some 40 times the file.
    """

    __slots__ = ("_starts", "_raws", "_len")

    def __init__(self, starts: Iterable[int], raws: Iterable[int], length: int):
        self._starts = array("q", starts)
        self._raws = array("q", raws)
        self._len = length

    @classmethod
    def from_offsets(cls, offsets: Iterable[int]) -> OffsetMap:
        starts: list[int] = []
        raws: list[int] = []
        n = 0
        prev = None
        for n, o in enumerate(offsets, 1):
            if prev is None or o != prev + 1:
                starts.append(n - 1)
                raws.append(o)
            prev = o
        return cls(starts, raws, n)

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[int, ...]: ...

    def __getitem__(self, i: int | slice) -> int | tuple[int, ...]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(self._len)))
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset index out of range")
        k = bisect_right(self._starts, i) - 1
        return self._raws[k] + i - self._starts[k]

    def __iter__(self) -> Iterator[int]:
        starts, raws = self._starts, self._raws
        for k, a in enumerate(starts):
            z = starts[k + 1] if k + 1 < len(starts) else self._len
            yield from range(raws[k], raws[k] + z - a)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._len, self._starts, self._raws) == (other._len, other._starts, other._raws)
        if isinstance(other, (tuple, list)):
            return len(other) == self._len and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._len, self._starts.tobytes(), self._raws.tobytes()))

    def __repr__(self) -> str:
        return f"OffsetMap({tuple(self)!r})" if self._len <= 20 else f"OffsetMap(<{self._len} offsets>)"

    def first_at_or_after(self, raw: int, hi: int) -> int:
        """The first index below ``hi`` whose offset is >= ``raw``, else ``hi`` (bisect_left
        over the offsets, which only grow)."""
        k = bisect_right(self._raws, raw) - 1
        if k < 0:
            return 0
        a = self._starts[k]
        z = self._starts[k + 1] if k + 1 < len(self._starts) else self._len
        i = a + raw - self._raws[k]
        if i >= z:  # past this run's last character: the next run's first
            i = z
        return min(i, hi)


@dataclass(frozen=True)
class DisplayText:
    text: str
    # offsets[i] is the raw offset of text[i]; offsets[len(text)] is the raw end.
    offsets: OffsetMap

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering display [start, end)."""
        if end <= start:
            pos = self.offsets[min(start, len(self.text))]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def display_index(self, raw: int) -> int:
        """The display index of the first character at or after raw offset ``raw``."""
        n = len(self.text)
        return min(self.offsets.first_at_or_after(raw, n), n)


_SPACE_CLASS = "".join(sorted(_SPACES))
_DROP_CLASS = "".join(sorted(_DROP))
# What to_display must look at: a run of spaces and invisibles other than one plain
# space between two shown characters, a plain space at either end, and a control
# character. Everything between two such matches is copied as it is, in C.
_IRREGULAR = re.compile(
    f"(?P<gap>[{re.escape(_SPACE_CLASS + _DROP_CLASS)}]{{2,}}"
    f"|[{re.escape(_SPACE_CLASS.replace(' ', '') + _DROP_CLASS)}]|\\A | \\Z)"
    "|(?P<ctl>[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff])"
)


def to_display(raw: str, base: int = 0) -> DisplayText:
    """Normalise ``raw`` (which starts at raw offset ``base``) for display."""
    if not raw.isascii() and any(ch >= "\u0600" and ch not in _DROP and _dropped(ch) for ch in set(raw)):
        # A rare format character (Cf) the pattern does not list: one at a time.
        return _to_display_slowly(raw, base)
    out: list[str] = []
    starts: list[int] = []
    raws: list[int] = []
    n = 0  # display characters so far
    next_raw = -1  # the raw offset that would continue the current run

    def emit(piece: str, at: int) -> None:
        nonlocal n, next_raw
        if at != next_raw:
            starts.append(n)
            raws.append(at)
        out.append(piece)
        n += len(piece)
        next_raw = at + len(piece)

    pending_space = -1  # raw offset of a space not yet emitted
    pos = 0
    for m in _IRREGULAR.finditer(raw):
        a = m.start()
        if a > pos:
            if pending_space >= 0:
                if n:
                    emit(" ", pending_space)
                pending_space = -1
            emit(raw[pos:a], base + pos)
        if m.lastgroup == "ctl":
            if pending_space >= 0:
                if n:
                    emit(" ", pending_space)
                pending_space = -1
            emit(_placeholder(raw[a]) or raw[a], base + a)
        elif pending_space < 0:
            gap = m.group()
            for j, ch in enumerate(gap):
                if ch in _SPACES:
                    pending_space = base + a + j
                    break
        pos = m.end()
    if pos < len(raw):
        if pending_space >= 0 and n:
            emit(" ", pending_space)
        emit(raw[pos:], base + pos)
    if not n:
        return DisplayText("", OffsetMap([0], [base], 1))
    return DisplayText("".join(out), OffsetMap(starts, raws, n + 1))


def _to_display_slowly(raw: str, base: int) -> DisplayText:
    out: list[str] = []
    offs: list[int] = []
    pending_space = -1  # raw offset of a space not yet emitted
    for i, ch in enumerate(raw):
        if ch in _SPACES:
            if pending_space < 0:
                pending_space = base + i
            continue
        if _dropped(ch):
            continue
        sub = _placeholder(ch) if ch < " " or "\x7f" <= ch < "\xa0" or "\ud800" <= ch < "\ue000" else None
        if pending_space >= 0:
            if out:
                out.append(" ")
                offs.append(pending_space)
            pending_space = -1
        out.append(sub or ch)
        offs.append(base + i)
    end = offs[-1] + 1 if offs else base
    offs.append(end)
    return DisplayText("".join(out), OffsetMap.from_offsets(offs))


def safe_text(raw: str) -> str:
    """Display-safe text without the map (titles, snippets, table cells)."""
    return to_display(raw).text
