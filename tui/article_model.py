"""The article pane's state and cursor model, apart from drawing and key handling.

The cursor is a (block, sentence) pair and every lookup is a dict get or a bisect, so
a keystroke costs the same on a 10 KB article and on a 10 MB one.

What the app follows is reactive: ``cursor``, ``sel_anchor`` (a selection's anchor
span, or None) and ``furniture`` (furniture shown); ``revision`` is bumped for
anything else the footer shows (sentence counts, search matches, a new document). The
app watches them; nothing outside the view touches its underscored names.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import MutableSequence
from typing import Any, Callable

from rich.style import Style
from textual.cache import LRUCache
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.document import CODE, Document
from annotations.textmap import DisplayText

from .layout import Layout, strip_inline_markdown

GUTTER = 3  # cursor mark and up to two tag letters
SCROLL_MARGIN = 3  # rows kept between the cursor and the top/bottom edge (vim's scrolloff)

Span = tuple[int, int]
Shown = tuple[DisplayText, list[tuple[int, int, str]]]


def block_display_from(doc: Document, block: int, d: DisplayText) -> Shown:
    """The drawn form of a block's DisplayText: inline Markdown stripped in .md files."""
    if doc.article.is_markdown and doc.blocks[block].kind != CODE:
        return strip_inline_markdown(d)
    return d, []


class ArticleModel(ScrollView):
    """The document, its layout, the cursor and the selection."""

    cursor: var[Span] = var((0, 0), init=False)  # (block, sentence index)
    # A selection is the anchor span (the sentence where it started, or a point once
    # moved by words) stretched to the head, which moves.
    sel_anchor: var[Span | None] = var(None, init=False)
    furniture: var[bool] = var(False, init=False)
    revision: var[int] = var(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: Document | None = None
        self.flow: Layout | None = None
        self.partial = True  # the document is still the first part of a big file
        self.head = 0
        self._cache: LRUCache[tuple[Any, ...], Strip] = LRUCache(1024)
        self._blocks: LRUCache[tuple[int, int], Shown] = LRUCache(4096)
        self._sentence_prefix: tuple[MutableSequence[int], MutableSequence[int]] | None = None
        self.status = "Loading…"
        self._layout_version = 0
        self.tag_color: Callable[[str], str] = lambda tag: "yellow"
        # Search: the matches' raw spans in order, and the one the cursor went to.
        self.matches: list[Span] = []
        self.match_starts: list[int] = []
        self.current_match: int | None = None
        self.search_version = 0
        # The cursor n last moved to (n steps from that match while it stays there), and
        # the shown matches for (search_version, layout): see ArticleView.goto_match.
        self._match_cursor: Span | None = None
        self._shown_cache: tuple[int, Layout | None, list[int], list[Span]] | None = None
        self._base: Style | None = None
        self._cw_size: tuple[object, bool] | None = None
        self._cw = 0

    def _moved(self) -> None:
        """Something the footer shows changed besides the cursor and the selection."""
        self.revision += 1

    @property
    def ready(self) -> bool:
        """A document is laid out with something to show: the keys can work."""
        return self.doc is not None and self.flow is not None and bool(self.flow.shown)

    @property
    def _d(self) -> Document:
        assert self.doc is not None, "no document yet (check ready)"
        return self.doc

    @property
    def _f(self) -> Layout:
        assert self.flow is not None, "no layout yet (check ready)"
        return self.flow

    def pane_width(self) -> int:
        """The width the text is wrapped to. The scrollbar's column is always
        reserved, so it appearing does not re-wrap."""
        w = self.size.width or 80
        return max(10, w - GUTTER - 2)

    def _content_width(self) -> int:
        """The width rows are drawn at (scrollbar left out), recomputed on resize only."""
        size = (self.size, self.show_vertical_scrollbar)
        if size != self._cw_size:
            self._cw_size = size
            self._cw = self.scrollable_content_region.width
        return self._cw

    def _margin(self) -> int:
        """Blank columns left of the text: the readable column is centred."""
        if self.flow is None:
            return 0
        free = self._content_width() - GUTTER - self.flow.width
        return max(0, free // 2)

    @property
    def sentence_counts(self) -> tuple[MutableSequence[int], MutableSequence[int]] | None:
        """Prefix sums of sentences per block (body, furniture), once counted."""
        return self._sentence_prefix

    def sentences(self, block: int) -> list[tuple[int, int]]:
        s = self._d.sentences(block)
        if s:
            return s
        b = self._d.blocks[block]
        return [(b.content_start, b.content_end)]

    def _first_cursor(self) -> tuple[int, int]:
        if self.flow is None or not self._f.shown:
            return (0, 0)
        return (self._f.shown[0], 0)

    def _last_cursor(self) -> Span:
        last = self._f.shown[-1]
        return (last, len(self.sentences(last)) - 1)

    @property
    def at_loaded_end(self) -> bool:
        """On the last sentence of a big file's first part: the end the reader reached
        (G, End, paging) is only the end of what is loaded, and the footer says so."""
        return self.partial and self.ready and self.cursor == self._last_cursor()

    def cursor_span(self) -> tuple[int, int]:
        if self.doc is None or self.cursor[0] >= len(self._d.blocks):
            return (0, 0)
        block, s = self.cursor
        sents = self.sentences(block)
        return sents[min(s, len(sents) - 1)]

    def selected_span(self) -> tuple[int, int] | None:
        if self.sel_anchor is None:
            return None
        a0, a1 = self.sel_anchor
        return (min(a0, self.head), max(a1, self.head))

    def target_span(self) -> tuple[int, int]:
        """What a tag key applies to: the selection (whitespace trimmed), else the cursor sentence."""
        sel = self.selected_span()
        if sel is None or sel[1] <= sel[0]:
            return self.cursor_span()
        a, z = sel
        text = self._d.text
        while a < z and text[a].isspace():
            a += 1
        while z > a and text[z - 1].isspace():
            z -= 1
        return (a, z) if z > a else self.cursor_span()

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """(block, sentence) of the shown sentence holding raw ``offset`` (or nearest)."""
        block = self._d.block_at(offset)
        if block not in self._f.first_line:
            nb = self._f.nearest_shown(block)
            if nb is None:
                return self.cursor
            if nb != block:
                return (nb, 0 if nb > block else len(self.sentences(nb)) - 1)
        sents = self.sentences(block)
        i = bisect_right(sents, offset, key=lambda s: s[0]) - 1
        return (block, max(0, min(i, len(sents) - 1)))

    def move_to_offset(self, offset: int, follow: bool = True) -> None:
        """Put the cursor on the sentence at ``offset``: a jump (search, sidebar, review,
        a saved position), so a target off screen comes up centred."""
        if self.doc is None or self.flow is None:
            return
        self._set_cursor(self.sentence_at(offset), follow=follow, centre=True)

    def _set_cursor(self, cursor: tuple[int, int], follow: bool = True, centre: bool = False) -> None:
        old = self.cursor_lines()
        self.cursor = cursor
        new = self.cursor_lines()
        self._refresh_rows(old)
        self._refresh_rows(new)
        if follow:
            self._follow(centre=centre)

    def _refresh_rows(self, rows: tuple[int, int]) -> None:
        first, last = rows
        top = self.scroll_offset.y
        h = self.size.height
        first, last = max(first, top), min(last, top + h)
        if last > first:
            self.refresh_lines(first, last - first)

    def _line_of_offset(self, offset: int, block: int | None = None) -> int:
        if block is None:
            block = self._d.block_at(offset)
        if block not in self._f.first_line:
            nb = self._f.nearest_shown(block)
            return self._f.first_line.get(nb, 0) if nb is not None else 0

        d = self._display(block)
        return self._f.line_of(block, d.display_index(offset))

    def _display(self, block: int) -> DisplayText:
        return self._shown_block(block)[0]

    def _shown_block(self, block: int) -> Shown:
        """(DisplayText, inline style spans) of a block as drawn, cached for the blocks
        on screen (a bounded cache: a 10 MB article has tens of thousands)."""
        key = (id(self.doc), block)
        hit = self._blocks.get(key)
        if hit is None:
            doc = self._d
            hit = block_display_from(doc, block, doc.display(block))
            self._blocks[key] = hit
        return hit

    def _cursor_line(self) -> int:
        if self.doc is None or self.flow is None:
            return 0
        if self.sel_anchor is not None:
            return self._line_of_offset(max(0, self.head - (1 if self.head > self.sel_anchor[0] else 0)))
        return self._line_of_offset(self.cursor_span()[0], self.cursor[0])

    def cursor_lines(self) -> tuple[int, int]:
        """[first, last) lines the cursor sentence covers."""
        if self.doc is None or self.flow is None or self.cursor[0] not in self._f.first_line:
            return (0, 0)
        a, z = self.cursor_span()
        block = self.cursor[0]
        first = self._line_of_offset(a, block)
        last = self._line_of_offset(max(a, z - 1), block) + 1
        return first, last

    def _follow(self, centre: bool = False) -> None:
        """Scroll so the cursor sentence (or selection head) is on screen, with
        SCROLL_MARGIN rows of look-ahead; with ``centre`` (a jump) a sentence that was
        not on screen comes up in the middle, as vim's search does."""
        if self.flow is None:
            return
        h = max(1, self.size.height)
        margin = SCROLL_MARGIN if h > 2 * SCROLL_MARGIN + 2 else 0
        top = self.scroll_offset.y
        if self.sel_anchor is not None:
            line = self._cursor_line()
            first, last = line, line + 1
        else:
            first, last = self.cursor_lines()
        target = top
        if centre and (first < top or last > top + h):
            target = (first + last) // 2 - h // 2
        else:
            # Keep the sentence's first line on screen, and its last when it fits.
            if last + margin > top + h:
                target = last + margin - h
            if first - margin < target:
                target = first - margin
        target = max(0, min(target, self._f.height - h))
        if target != top:
            # force: right after a new layout Textual has not yet found that the pane
            # scrolls (no scrollbar yet) and would ignore the scroll, leaving a reopened
            # article's saved position off screen.
            self.scroll_to(y=target, animate=False, immediate=True, force=True)

    def _step_sentence(self, cursor: tuple[int, int], step: int) -> tuple[int, int]:
        block, s = cursor
        if step > 0:
            if s + 1 < len(self.sentences(block)):
                return (block, s + 1)
            nb = self._f.next_shown(block, 1)
            return (nb, 0) if nb is not None else cursor
        if s > 0:
            return (block, s - 1)
        pb = self._f.next_shown(block, -1)
        return (pb, len(self.sentences(pb)) - 1) if pb is not None else cursor

