"""The article's line model: which block each screen line shows, and which characters.

The article pane draws one wrapped line per row. A ``Layout`` holds every line as a
``(block, a, z, first)`` (stored flat, in a ``LineTable``): the block index, the display-text span
``[a, z)`` it shows, and whether it is the block's first line (where a bullet or a
furniture label goes). Spacer lines between blocks have ``block == -1``.

Nothing here imports textual, so the layout of a big article can be built in a
worker thread and tested on its own. Lookups (block -> first line, raw offset ->
line) are dictionary or bisect operations, so a keystroke never walks the article.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import overload

from rich.cells import cell_len

from annotations.document import (
    BLANK, BLOCKQUOTE, CODE, HEADING, LIST_ITEM, STANDFIRST, TITLE, Document,
)
from annotations.textmap import _DROP, _SPACES, DisplayText, OffsetMap, to_display

# A readable column: long lines are tiring to read, so wider terminals get margins.
READABLE_WIDTH = 80
MIN_WIDTH = 20

Line = tuple[int, int, int, bool]  # (block, a, z, first)
SPACER: Line = (-1, 0, 0, False)


class LineTable(Sequence[Line]):
    """The lines of a layout, as four flat arrays.

    A 50 MB article wraps to about a million lines; a tuple of four Python objects
    per line cost some 100 bytes each, this 17 (issue 13, item 14). Reading a line
    gives back the ``(block, a, z, first)`` tuple.
    """

    __slots__ = ("block", "a", "z", "first")

    def __init__(self, lines: Iterable[Line] = ()) -> None:
        self.block = array("q")
        self.a = array("i")
        self.z = array("i")
        self.first = bytearray()
        self.extend(lines)

    def append(self, line: Line) -> None:
        b, a, z, first = line
        self.block.append(b)
        self.a.append(a)
        self.z.append(z)
        self.first.append(1 if first else 0)

    def extend(self, lines: Iterable[Line]) -> None:
        if isinstance(lines, LineTable):
            self.block.extend(lines.block)
            self.a.extend(lines.a)
            self.z.extend(lines.z)
            self.first.extend(lines.first)
            return
        for line in lines:
            self.append(line)

    def __len__(self) -> int:
        return len(self.block)

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> LineTable: ...

    def __getitem__(self, i: int | slice) -> Line | LineTable:
        if isinstance(i, slice):
            part = LineTable()
            part.block, part.a, part.z, part.first = self.block[i], self.a[i], self.z[i], self.first[i]
            return part
        return (self.block[i], self.a[i], self.z[i], self.first[i] == 1)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LineTable):
            return (self.block, self.a, self.z, self.first) == (other.block, other.a, other.z, other.first)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"LineTable(<{len(self)} lines>)"


@dataclass(frozen=True)
class Prefix:
    """What sits before a block's text: a bullet, a quote bar, a furniture label."""

    first: str = ""
    rest: str = ""

    @property
    def width(self) -> int:
        return max(cell_len(self.first), cell_len(self.rest))


def block_prefix(doc: Document, index: int) -> Prefix:
    b = doc.blocks[index]
    if b.boilerplate:
        label = f"[{b.reason or 'furniture'}] "
        return Prefix(label, " " * 2)
    if b.kind == LIST_ITEM:
        indent = "  " * min(b.level, 4)
        return Prefix(indent + "• ", indent + "  ")
    if b.kind == BLOCKQUOTE:
        return Prefix("│ ", "│ ")
    if b.kind == CODE:
        return Prefix("  ", "  ")
    return Prefix()


def is_shown(doc: Document, index: int, furniture: bool) -> bool:
    b = doc.blocks[index]
    if b.kind == BLANK or b.content_end <= b.content_start:
        return False
    return furniture or not b.boilerplate


def display_text(doc: Document, index: int) -> DisplayText:
    """The block's display text, without filling the document's cache.

    Laying out a 10 MB article touches every block once; caching all of their offset
    maps would hold hundreds of megabytes. The view caches the blocks it draws.
    """
    return doc.peek_display(index)


# Anything to_display() would change: odd spaces, dropped characters, controls, and
# runs of spaces. Most paragraphs hold none, and then the display text is the raw text.
_SPECIAL = re.compile("[" + re.escape("".join(sorted((_SPACES - {" "}) | _DROP)))
                      + "\x00-\x1f\x7f-\x9f]|  ")


def display_str(doc: Document, index: int) -> str:
    """Just the display text of a block (what wrapping needs), fast for plain text."""
    if doc.article.is_markdown:
        return block_display(doc, index)[0].text
    cached = doc._display.get(index)  # noqa: SLF001 - read-only peek at the cache
    if cached is not None:
        return cached.text
    b = doc.blocks[index]
    raw = doc.text[b.content_start:b.content_end]
    if not _SPECIAL.search(raw) and raw[:1] != " " and raw[-1:] != " ":
        return raw
    return to_display(raw, b.content_start).text


# Inline Markdown: **strong**, __strong__, *emphasis*, _emphasis_, `code` and
# [link text](url). The markers are hidden and the words styled; the link target is
# hidden too. Offsets of what stays are kept, so selections still land on raw text.
_INLINE = re.compile(
    r"(?P<s>\*\*|__)(?=\S)(?P<st>.+?)(?<=\S)(?P=s)"
    r"|(?<![\w*])(?P<e>[*_])(?=[^\s*_])(?P<et>.+?)(?<=[^\s*_])(?P=e)(?![\w*])"
    r"|`(?P<c>[^`]+)`"
    r"|\[(?P<l>[^\]]+)\]\((?P<u>[^)\s]+)\)"
)


def strip_inline_markdown(d: DisplayText) -> tuple[DisplayText, list[tuple[int, int, str]]]:
    """``d`` without inline Markdown markers, and (start, end, "bold"|"italic"|"code"|"link")
    spans over the new text."""
    text = d.text
    if not any(ch in text for ch in "*_`["):
        return d, []
    keep: list[int] = []  # indices of d.text kept
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for m in _INLINE.finditer(text):
        keep.extend(range(pos, m.start()))
        if m.group("s"):
            a, z, kind = m.start("st"), m.end("st"), "bold"
        elif m.group("e"):
            a, z, kind = m.start("et"), m.end("et"), "italic"
        elif m.group("c") is not None:
            a, z, kind = m.start("c"), m.end("c"), "code"
        else:
            a, z, kind = m.start("l"), m.end("l"), "link"
        start = len(keep)
        keep.extend(range(a, z))
        spans.append((start, len(keep), kind))
        pos = m.end()
    if not spans:
        return d, []
    keep.extend(range(pos, len(text)))
    new_text = "".join(text[i] for i in keep)
    old = d.offsets
    offsets = OffsetMap.from_offsets([*(old[i] for i in keep), old[-1]])
    return DisplayText(new_text, offsets), spans


def block_display(doc: Document, index: int) -> tuple[DisplayText, list[tuple[int, int, str]]]:
    """What a block shows: its display text (inline Markdown stripped for .md articles)
    and the inline style spans. Layout and drawing both use this, so they agree."""
    d = doc.display(index) if index in doc._display else display_text(doc, index)  # noqa: SLF001
    if doc.article.is_markdown and doc.blocks[index].kind != CODE:
        return strip_inline_markdown(d)
    return d, []


@lru_cache(maxsize=64)
def _wrap_regex(width: int) -> re.Pattern[str]:
    # The longest run of at most `width` characters that ends before a space (or at
    # the end), else a hard cut of a word longer than the line. Runs in C.
    return re.compile(r"\S.{0,%d}(?= |\Z)|\S{1,%d}" % (width - 1, width))


def _single_width(text: str) -> bool:
    if text.isascii():
        return True
    return all(cell_len(ch) == 1 for ch in set(text))


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Spans ``[a, z)`` of ``text`` (display text: single spaces, no newlines) wrapped
    at word boundaries to ``width`` cells. The spaces between lines are left out."""
    width = max(1, width)
    if not text:
        return [(0, 0)]
    if _single_width(text):
        return [m.span() for m in _wrap_regex(width).finditer(text)] or [(0, 0)]
    # Wide (CJK, emoji) or zero-width characters: measure words in cells.
    spans: list[tuple[int, int]] = []
    start = -1
    used = 0
    for m in re.finditer(r"\S+", text):
        a, z = m.span()
        w = cell_len(m.group())
        if start >= 0 and used + 1 + w <= width:
            used += 1 + w
            end = z
            continue
        if start >= 0:
            spans.append((start, end))
        # A word wider than the line is cut where it fills the line.
        while w > width:
            cut = a
            cells = 0
            while cut < z and cells + cell_len(text[cut]) <= width:
                cells += cell_len(text[cut])
                cut += 1
            cut = max(cut, a + 1)
            spans.append((a, cut))
            a = cut
            w = cell_len(text[a:z])
        start, end, used = a, z, w
    if start >= 0:
        spans.append((start, end))
    return spans or [(0, 0)]


def column_width(width: int) -> int:
    """Width of the text column for a pane ``width`` cells wide (gutter excluded)."""
    return max(MIN_WIDTH, min(READABLE_WIDTH, width))


class BlockMap(Mapping[int, int]):
    """block -> a number, for the shown blocks: two arrays in block order, looked up
    by bisection. A dict of Python ints cost about 100 bytes a block (issue 13, item 14)."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: array[int], values: array[int]) -> None:
        self._keys = keys
        self._values = values

    def _find(self, block: int) -> int:
        k = bisect_left(self._keys, block)
        return k if k < len(self._keys) and self._keys[k] == block else -1

    def __getitem__(self, block: int) -> int:
        k = self._find(block)
        if k < 0:
            raise KeyError(block)
        return self._values[k]

    def __contains__(self, block: object) -> bool:
        return isinstance(block, int) and self._find(block) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _ints() -> array[int]:
    return array("q")


@dataclass
class Layout:
    """Wrapped lines of the shown blocks of a document, for one column width."""

    width: int  # text column width in cells (prefixes included)
    furniture: bool
    lines: LineTable = field(default_factory=LineTable)
    shown: array[int] = field(default_factory=_ints)  # shown block indices, in order
    firsts: array[int] = field(default_factory=_ints)  # each shown block's first line
    counts: array[int] = field(default_factory=_ints)  # and how many lines it has
    # line -> how many furniture blocks are hidden there (issue 10 item 7): the gutter
    # marks the spacer line where they were, else the first line after them (else,
    # at the end, the last line), since a hidden caption can itself hold a claim.
    hidden_marks: dict[int, int] = field(default_factory=dict)

    @property
    def height(self) -> int:
        return len(self.lines)

    @property
    def first_line(self) -> BlockMap:
        """block -> its first line (shown blocks only)."""
        return BlockMap(self.shown, self.firsts)

    @property
    def line_count(self) -> BlockMap:
        """block -> how many lines it has (shown blocks only)."""
        return BlockMap(self.shown, self.counts)

    def block_lines(self, block: int) -> tuple[int, int]:
        """[first, last) line indices of a shown block."""
        k = bisect_left(self.shown, block)
        if k == len(self.shown) or self.shown[k] != block:
            raise KeyError(block)
        first = self.firsts[k]
        return first, first + self.counts[k]

    def line_of(self, block: int, display_index: int) -> int:
        """The line showing display character ``display_index`` of ``block``."""
        first, last = self.block_lines(block)
        i = bisect_right(self.lines.a, display_index, first, last) - 1
        return max(first, i)

    def next_shown(self, block: int, step: int) -> int | None:
        """The shown block after (step=1) or before (step=-1) ``block``."""
        i = bisect_left(self.shown, block)
        if step > 0:
            i = i + 1 if i < len(self.shown) and self.shown[i] == block else i
        else:
            i -= 1
        if 0 <= i < len(self.shown):
            return self.shown[i]
        return None

    def nearest_shown(self, block: int) -> int | None:
        """``block`` if shown, else the next shown block, else the previous one."""
        if not self.shown:
            return None
        i = bisect_left(self.shown, block)
        if i < len(self.shown):
            return self.shown[i]
        return self.shown[-1]


def build_layout(doc: Document, pane_width: int, furniture: bool = False,
                 blocks: range | None = None) -> Layout:
    """Lay out ``doc`` for a pane ``pane_width`` cells wide (the gutter already taken off).

    O(article): run it in a worker for big files.
    """
    width = column_width(pane_width)
    layout = Layout(width, furniture)
    lines = layout.lines
    shown, firsts, counts = layout.shown, layout.firsts, layout.counts
    prev_kind = None
    hidden = 0  # furniture blocks hidden since the last shown block
    indices = blocks if blocks is not None else range(len(doc.blocks))
    for i in indices:
        if not is_shown(doc, i, furniture):
            if not furniture and is_shown(doc, i, True):
                hidden += 1
            continue
        b = doc.blocks[i]
        kind = "furniture" if b.boilerplate else b.kind
        # A blank line between blocks, except inside a list and inside a run of furniture
        # (navigation and captions come in runs; spacing them out wastes the screen).
        spacer = bool(lines) and not (kind == prev_kind and kind in (LIST_ITEM, "furniture"))
        if spacer:
            lines.append(SPACER)
        if hidden:
            layout.hidden_marks[len(lines) - 1 if spacer else len(lines)] = hidden
            hidden = 0
        prev_kind = kind
        prefix = block_prefix(doc, i)
        text = display_str(doc, i)
        spans = wrap(text, max(4, width - prefix.width))
        shown.append(i)
        firsts.append(len(lines))
        counts.append(len(spans))
        first = True
        for a, z in spans:
            lines.append((i, a, z, first))
            first = False
    if not lines:
        lines.append(SPACER)
    elif hidden:
        layout.hidden_marks[len(lines) - 1] = layout.hidden_marks.get(len(lines) - 1, 0) + hidden
    return layout


def heading_style_kind(doc: Document, index: int) -> str:
    """A name for how a block is drawn: title, standfirst, heading, quote, furniture, body."""
    b = doc.blocks[index]
    if b.boilerplate:
        return "furniture"
    if b.kind in (TITLE, STANDFIRST, HEADING, BLOCKQUOTE, CODE, LIST_ITEM):
        return b.kind
    return "body"
