"""Display text with a map back to raw offsets.

What a reader sees is normalised (NBSP and other odd spaces become a plain space,
runs of spaces collapse, ends are trimmed, control and bidi characters are made
harmless), but whatever they select must land on the exact raw characters. So every
display character remembers the raw offset it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DisplayText:
    text: str
    # offsets[i] is the raw offset of text[i]; offsets[len(text)] is the raw end.
    offsets: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering display [start, end)."""
        if end <= start:
            pos = self.offsets[min(start, len(self.text))]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def display_index(self, raw: int) -> int:
        """The display index of the first character at or after raw offset ``raw``."""
        from bisect import bisect_left

        return min(bisect_left(self.offsets, raw, 0, len(self.text)), len(self.text))


def to_display(raw: str, base: int = 0) -> DisplayText:
    """Normalise ``raw`` (which starts at raw offset ``base``) for display."""
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
    return DisplayText("".join(out), tuple(offs))


def safe_text(raw: str) -> str:
    """Display-safe text without the map (titles, snippets, table cells)."""
    return to_display(raw).text
