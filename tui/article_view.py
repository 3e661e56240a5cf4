"""The article pane: one ScrollView that draws only the rows on screen.

Modelled on Textual's ``Log`` and toolong's ``LogLines``: ``render_line(y)`` builds a
``Strip`` for one wrapped line from plain text (never markup), and an LRU cache keyed
by what changes a line (its index, the layout, the width and theme, the span layers'
version, and the part of the cursor / selection / search match that falls on it)
means moving the cursor re-renders only the rows it touched.

The cursor is a (block, sentence) pair and every lookup is a dict get or a bisect, so
a keystroke costs the same on a 10 KB article and on a 10 MB one.

Spans are drawn in layers. ``annotations`` fill their tag colour; ``suggestions``
(issue 4) are drawn dimmed and underlined in the tag colour. Both are fed in through
``set_layer`` and anything that asks "what is under the cursor" goes through
``items_at``, which works for any layer.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.document import Document
from annotations.textmap import safe_text

from .bindings import ARTICLE_BINDINGS
from .layout import (
    Layout, block_prefix, build_layout, heading_style_kind, strip_inline_markdown,
)
from annotations.document import CODE


def block_display_from(doc: Document, block: int, d):
    """The drawn form of a block's DisplayText: inline Markdown stripped in .md files."""
    if doc.article.is_markdown and doc.blocks[block].kind != CODE:
        return strip_inline_markdown(d)
    return d, []


INLINE_STYLES = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "code": Style(dim=True, bold=True),
    "link": Style(underline=True),
}

GUTTER = 3  # cursor mark and up to two tag letters
SCROLL_MARGIN = 2  # rows kept between the cursor and the top/bottom edge
SYNC_LAYOUT_BLOCKS = 4000  # re-layout at once below this many blocks, else in a worker
_WORD = re.compile(r"\S+")


class Spanned(Protocol):
    start: int
    end: int
    tag: str


@dataclass
class Layer:
    """A set of spans drawn one way, indexed by the blocks they touch."""

    name: str
    mode: str  # "fill" (saved annotations) or "underline" (suggestions)
    items: list
    by_block: dict[int, list]


# Tag colours as RGB. Textual turns the 16 ANSI names into its theme's RGB and a
# 16-colour terminal then gets the nearest of its own colours, which made yellow come
# out red. These values are picked so that in 16 colours each lands on the bright
# ANSI colour of the same name (checked in tests/test_app_terminal.py), and in 256 or
# true colour they read as that hue with black text on top, in dark and light themes.
TAG_RGB = {
    "black": "#303030", "red": "#d75f5f", "green": "#5fd75f", "yellow": "#e8d44d",
    "blue": "#5f87d7", "magenta": "#d75fd7", "cyan": "#5fd7d7", "white": "#d0d0d0",
    "bright_black": "#6c6c6c", "bright_red": "#ff6e6e", "bright_green": "#87ff87",
    "bright_yellow": "#ffff87", "bright_blue": "#5f87ff", "bright_magenta": "#ff87ff",
    "bright_cyan": "#87ffff", "bright_white": "#ffffff",
}
_DARK_BACKGROUNDS = {"black", "bright_black"}


def tag_rgb(color: str) -> str:
    return TAG_RGB.get(color, color)

KIND_STYLES = {
    "title": Style(bold=True, underline=True),
    "standfirst": Style(italic=True),
    "heading": Style(bold=True),
    "blockquote": Style(italic=True),
    "code": Style(dim=True),
    "list_item": Style(),
    "furniture": Style(dim=True, italic=True),
    "body": Style(),
}
PREFIX_STYLE = Style(dim=True)
CURSOR_STYLE = Style(reverse=True)
SELECTION_STYLE = Style(reverse=True, bold=True)
MATCH_STYLE = Style(underline=True, bold=True)
CURRENT_MATCH_STYLE = Style(bgcolor="bright_white", color="black", bold=True)
OVERLAP_STYLE = Style(underline=True, bold=True)


def tag_fill(color: str) -> Style:
    fg = "#ffffff" if color in _DARK_BACKGROUNDS else "#000000"
    return Style(bgcolor=tag_rgb(color), color=fg)


def tag_underline(color: str, light: bool = False) -> Style:
    """A suggestion: underlined text in the tag colour, dimmed. On a light background
    dimming a light colour (yellow) leaves it unreadable, so there it is darkened instead."""
    rgb = tag_rgb(color)
    if not light:
        return Style(color=rgb, underline=True, dim=True)
    if len(rgb) == 7 and rgb.startswith("#"):
        r, g, b = (int(rgb[i:i + 2], 16) * 11 // 20 for i in (1, 3, 5))
        rgb = f"#{r:02x}{g:02x}{b:02x}"
    return Style(color=rgb, underline=True)


def tag_chip(color: str) -> Style:
    """A tag's letter in the gutter: on its colour, so it reads in both themes."""
    return tag_fill(color) + Style(bold=True)


class ArticleView(ScrollView, can_focus=True):
    """The article, wrapped to a readable column, with the cursor, selection and spans."""

    BINDINGS = ARTICLE_BINDINGS

    DEFAULT_CSS = """
    ArticleView { height: 1fr; width: 1fr; scrollbar-size-vertical: 1; }
    """

    class Moved(Message):
        """The cursor or selection changed (the footer shows the position)."""

    class Ready(Message):
        """A layout for the whole document is in place."""

    def __init__(self, *, colors: Callable[[str], str] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: Document | None = None
        self.flow: Layout | None = None
        self.partial = True  # the document is still the first part of a big file
        self.furniture = False
        self.tag_color = colors or (lambda tag: "yellow")
        self.span_layers: dict[str, Layer] = {}
        self.layers_version = 0
        self._block_version: dict[int, int] = {}  # bumped when a block's spans change
        self.cursor = (0, 0)  # (block, sentence index)
        # A selection is the anchor span (the sentence where it started, or a point
        # once moved by words) stretched to the head, which moves.
        self.sel_anchor: tuple[int, int] | None = None
        self.head = 0
        self._press: tuple[int, int] | None = None  # the word a mouse drag started on
        self.matches: list[tuple[int, int]] = []
        self.match_starts: list[int] = []
        self.current_match: int | None = None
        self.search_version = 0
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._layout_version = 0
        self._sentence_prefix: tuple[list[int], list[int]] | None = None
        self._dragging = False
        self._drag_moved = False
        self.status = "Loading…"
        self._base: Style | None = None
        self._cw_size = None
        self._cw = 0
        self._blocks: LRUCache[tuple, tuple] = LRUCache(4096)

    def _moved(self) -> None:
        """Tell the app the cursor moved, at once, so the footer changes in the same frame
        as the article rows (one screen update per key, not two)."""
        handler = getattr(self.app, "article_moved", None)
        if handler is not None:
            handler()
        else:
            self.post_message(self.Moved())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._cache.clear()

    def _content_width(self) -> int:
        """The width rows are drawn at (scrollbar left out), recomputed on resize only."""
        size = (self.size, self.show_vertical_scrollbar)
        if size != self._cw_size:
            self._cw_size = size
            self._cw = self.scrollable_content_region.width
        return self._cw

    def _base_style(self) -> Style:
        # rich_style walks the CSS each time; a keystroke renders a few lines, and
        # each asks for it, so keep it until the styles change (theme, focus).
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        return base

    # ----- document and layout -------------------------------------------------

    def _pane_width(self) -> int:
        # The scrollbar's column is always reserved, so it appearing does not re-wrap.
        w = self.size.width or 80
        return max(10, w - GUTTER - 2)

    def set_document(self, doc: Document, layout: Layout | None = None, *, partial: bool = False) -> None:
        """Show ``doc`` (laid out already, or now), keeping the cursor where it was."""
        keep = self.cursor_span() if self.doc is not None else None
        screen_row = self._cursor_line() - self.scroll_offset.y if self.flow is not None else None
        self.doc = doc
        self.partial = partial
        if layout is None or layout.furniture != self.furniture:
            layout = build_layout(doc, self._pane_width(), self.furniture)
        self._install_layout(layout)
        if keep is not None:
            self.move_to_offset(keep[0], follow=False)
        else:
            self.cursor = self._first_cursor()
        if screen_row is not None and keep is not None:
            self.scroll_to(y=max(0, self._cursor_line() - screen_row), animate=False, immediate=True)
        self._follow()
        self._moved()

    def reset(self, status: str) -> None:
        """Forget the document (another article is being opened)."""
        self.doc = None
        self.flow = None
        self.partial = True
        self.span_layers.clear()
        self.layers_version += 1
        self._block_version.clear()
        self.sel_anchor = None
        self.cursor = (0, 0)
        self.matches, self.match_starts, self.current_match = [], [], None
        self._sentence_prefix = None
        self._cache.clear()
        self.status = status
        self.virtual_size = Size(0, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _install_layout(self, layout: Layout) -> None:
        self.flow = layout
        self._layout_version += 1
        self._cache.clear()
        self.virtual_size = Size(self._pane_width() + GUTTER, layout.height)
        self.refresh()

    def set_sentence_counts(self, body: list[int], furniture: list[int]) -> None:
        """Prefix sums of sentence counts per block (body and furniture apart)."""
        self._sentence_prefix = (body, furniture)
        self._moved()

    def sentence_number(self) -> tuple[int, int | None]:
        """(n, N): the cursor's sentence number among shown sentences, and the total."""
        block, s = self.cursor
        if self._sentence_prefix is None or self.doc is None:
            return s + 1, None
        body, furn = self._sentence_prefix
        if len(body) != len(self.doc.blocks) + 1:
            return s + 1, None
        before = body[block] + (furn[block] if self.furniture else 0)
        total = body[-1] + (furn[-1] if self.furniture else 0)
        return before + s + 1, total

    def on_resize(self, event: events.Resize) -> None:
        if self.doc is None or self.flow is None:
            return
        from .layout import column_width

        if column_width(self._pane_width()) != self.flow.width:
            self.relayout()
        else:
            self.virtual_size = Size(self._pane_width() + GUTTER, self.flow.height)
            self._cache.clear()

    def relayout(self) -> None:
        """Wrap again (new width, furniture shown or hidden). Big files in a worker."""
        if self.doc is None:
            return
        if len(self.doc.blocks) <= SYNC_LAYOUT_BLOCKS:
            keep = self.cursor_span()[0]
            self._install_layout(build_layout(self.doc, self._pane_width(), self.furniture))
            self.move_to_offset(keep)
        else:
            self.status = "Laying out…"
            self._relayout_worker(self.doc, self._pane_width(), self.furniture)

    @work(thread=True, exclusive=True, group="layout")
    def _relayout_worker(self, doc: Document, width: int, furniture: bool) -> None:
        layout = build_layout(doc, width, furniture)
        self.app.call_from_thread(self._relayout_done, doc, layout)

    def _relayout_done(self, doc: Document, layout: Layout) -> None:
        if doc is not self.doc or layout.furniture != self.furniture:
            return
        keep = self.cursor_span()[0]
        self._install_layout(layout)
        self.move_to_offset(keep)
        self.status = ""

    def set_furniture(self, shown: bool) -> None:
        self.furniture = shown
        self.relayout()

    # ----- layers --------------------------------------------------------------

    def set_layer(self, name: str, items: Iterable[Spanned], mode: str = "fill",
                  by_block: dict[int, list] | None = None) -> None:
        """Replace a layer's spans (O(spans), not O(article)). ``by_block`` is the
        index ``index_spans`` made for these items (in a worker, for a big list)."""
        items = [it for it in items if it.end > it.start and not getattr(it, "orphan", False)]
        if by_block is None:
            by_block = index_spans(self.doc, items) if self.doc is not None else {}
        old = self.span_layers.get(name)
        self.span_layers[name] = Layer(name, mode, items, by_block)
        # Many blocks changed (a whole article's suggestions arrived): redraw the screen
        # rather than compare every block.
        many = old is not None and len(old.by_block) + len(by_block) > 2000
        if old is None or many or old.mode != mode or self.doc is None or self.flow is None:
            self.layers_version += 1
            self._cache.clear()
            self.refresh()
            return
        # Only blocks whose spans changed are drawn again: tagging one sentence costs
        # the same on a short article and on a long one.
        def sig(lst) -> list:
            return [(it.tag, it.start, it.end, id(it)) for it in lst]

        changed = [b for b in set(old.by_block) | set(by_block)
                   if sig(old.by_block.get(b, ())) != sig(by_block.get(b, ()))]
        for b in changed:
            self._block_version[b] = self._block_version.get(b, 0) + 1
            if b in self.flow.first_line:
                self._refresh_rows(self.flow.block_lines(b))

    def items_at(self, span: tuple[int, int] | None = None, layer: str = "annotations") -> list:
        """Items of ``layer`` under ``span`` (default: the selection or cursor sentence),
        best match first: the exact span, then the smallest that holds it, then overlaps."""
        if span is None:
            span = self.target_span()
        lay = self.span_layers.get(layer)
        if lay is None or self.doc is None:
            return []
        a, z = span
        first = self.doc.block_at(a)
        last = self.doc.block_at(max(a, z - 1))
        seen: dict[int, Any] = {}
        for b in range(first, min(last, first + 200) + 1):
            for it in lay.by_block.get(b, ()):
                if it.start < z and it.end > a or (a == z and it.start <= a < it.end):
                    seen[id(it)] = it

        def rank(it) -> tuple:
            exact = it.start == a and it.end == z
            holds = it.start <= a and it.end >= z
            return (not exact, not holds, it.end - it.start, it.start)

        return sorted(seen.values(), key=rank)

    def update_layer(self, name: str, remove: Iterable[Spanned] = (), add: Iterable[Spanned] = (),
                     mode: str = "underline") -> None:
        """Take some spans out of a layer and put others in, redrawing only their blocks.

        Accepting one suggestion costs the same on a short article and a long one
        (``set_layer`` compares every block's spans)."""
        lay = self.span_layers.get(name)
        if lay is None or self.doc is None:
            self.set_layer(name, list(add), mode)
            return
        gone = {id(it) for it in remove}
        touched: set[int] = set()
        n = len(self.doc.text)

        def blocks_of(it) -> range:
            if it.start >= n or it.end <= it.start:
                return range(0)
            return range(self.doc.block_at(it.start), self.doc.block_at(max(it.start, min(it.end, n) - 1)) + 1)

        for it in remove:
            for b in blocks_of(it):
                lst = lay.by_block.get(b)
                if lst:
                    kept = [x for x in lst if id(x) not in gone]
                    if kept:
                        lay.by_block[b] = kept
                    else:
                        del lay.by_block[b]
                    touched.add(b)
        for it in add:
            if getattr(it, "orphan", False):
                continue
            for b in blocks_of(it):
                lay.by_block.setdefault(b, []).append(it)
                touched.add(b)
        # ``items`` is what set_layer was given; the drawn truth is ``by_block``.
        for b in touched:
            self._block_version[b] = self._block_version.get(b, 0) + 1
            if self.flow is not None and b in self.flow.first_line:
                self._refresh_rows(self.flow.block_lines(b))

    def blocks_on_screen(self) -> range:
        """The block indices drawn in the rows on screen now (what to suggest first)."""
        if self.flow is None or self.doc is None or not self.flow.shown:
            return range(0)
        top = self.scroll_offset.y
        rows = self.flow.lines[top:top + max(1, self.size.height)]
        blocks = [ln[0] for ln in rows if ln[0] >= 0]
        if not blocks:
            return range(0)
        return range(min(blocks), max(blocks) + 1)

    # ----- search --------------------------------------------------------------

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        self.matches = matches
        self.match_starts = [a for a, _ in matches]
        self.current_match = None
        self.search_version += 1
        self._cache.clear()
        self.refresh()

    def goto_match(self, step: int) -> bool:
        """Move to the next (step=1) or previous (-1) shown match from the cursor."""
        if not self.matches or self.doc is None or self.flow is None:
            return False
        here = self.cursor_span()[0]
        n = len(self.matches)
        if self.current_match is not None:
            i = self.current_match + step
        elif step > 0:
            i = bisect_left(self.match_starts, here)
        else:
            i = bisect_left(self.match_starts, here) - 1
        for _ in range(n):
            i %= n
            a, z = self.matches[i]
            if self.doc.block_at(a) in self.flow.first_line:
                self.current_match = i
                self.search_version += 1
                self.sel_anchor = None
                self.move_to_offset(a)
                return True
            i += step
        return False

    # ----- cursor model --------------------------------------------------------

    def sentences(self, block: int) -> list[tuple[int, int]]:
        s = self.doc.sentences(block)
        if s:
            return s
        b = self.doc.blocks[block]
        return [(b.content_start, b.content_end)]

    def _first_cursor(self) -> tuple[int, int]:
        if self.flow is None or not self.flow.shown:
            return (0, 0)
        return (self.flow.shown[0], 0)

    def cursor_span(self) -> tuple[int, int]:
        if self.doc is None or self.cursor[0] >= len(self.doc.blocks):
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
        text = self.doc.text
        while a < z and text[a].isspace():
            a += 1
        while z > a and text[z - 1].isspace():
            z -= 1
        return (a, z) if z > a else self.cursor_span()

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """(block, sentence) of the shown sentence holding raw ``offset`` (or nearest)."""
        block = self.doc.block_at(offset)
        if block not in self.flow.first_line:
            nb = self.flow.nearest_shown(block)
            if nb is None:
                return self.cursor
            if nb != block:
                return (nb, 0 if nb > block else len(self.sentences(nb)) - 1)
        sents = self.sentences(block)
        i = bisect_right(sents, offset, key=lambda s: s[0]) - 1
        return (block, max(0, min(i, len(sents) - 1)))

    def move_to_offset(self, offset: int, follow: bool = True) -> None:
        if self.doc is None or self.flow is None:
            return
        self._set_cursor(self.sentence_at(offset), follow=follow)

    def _set_cursor(self, cursor: tuple[int, int], follow: bool = True) -> None:
        old = self._cursor_lines()
        self.cursor = cursor
        new = self._cursor_lines()
        self._refresh_rows(old)
        self._refresh_rows(new)
        if follow:
            self._follow()
        self._moved()

    def _refresh_rows(self, rows: tuple[int, int]) -> None:
        first, last = rows
        top = self.scroll_offset.y
        h = self.size.height
        first, last = max(first, top), min(last, top + h)
        if last > first:
            self.refresh_lines(first, last - first)

    def _line_of_offset(self, offset: int, block: int | None = None) -> int:
        if block is None:
            block = self.doc.block_at(offset)
        if block not in self.flow.first_line:
            nb = self.flow.nearest_shown(block)
            return self.flow.first_line.get(nb, 0) if nb is not None else 0

        d = self._display(block)
        return self.flow.line_of(block, d.display_index(offset))

    def _display(self, block: int):
        return self._shown_block(block)[0]

    def _shown_block(self, block: int):
        """(DisplayText, inline style spans) of a block as drawn, cached for the blocks
        on screen (a bounded cache: a 10 MB article has tens of thousands)."""
        key = (id(self.doc), block)
        hit = self._blocks.get(key)
        if hit is None:
            d = self.doc.display(block)
            hit = block_display_from(self.doc, block, d)
            self._blocks[key] = hit
        return hit

    def _cursor_line(self) -> int:
        if self.doc is None or self.flow is None:
            return 0
        if self.sel_anchor is not None:
            return self._line_of_offset(max(0, self.head - (1 if self.head > self.sel_anchor[0] else 0)))
        return self._line_of_offset(self.cursor_span()[0], self.cursor[0])

    def _cursor_lines(self) -> tuple[int, int]:
        """[first, last) lines the cursor sentence covers."""
        if self.doc is None or self.flow is None or self.cursor[0] not in self.flow.first_line:
            return (0, 0)
        a, z = self.cursor_span()
        block = self.cursor[0]
        first = self._line_of_offset(a, block)
        last = self._line_of_offset(max(a, z - 1), block) + 1
        return first, last

    def _follow(self) -> None:
        """Scroll so the cursor sentence (or selection head) is on screen."""
        if self.flow is None:
            return
        h = max(1, self.size.height)
        margin = SCROLL_MARGIN if h > 2 * SCROLL_MARGIN + 2 else 0
        top = self.scroll_offset.y
        if self.sel_anchor is not None:
            line = self._cursor_line()
            first, last = line, line + 1
        else:
            first, last = self._cursor_lines()
        # Keep the sentence's first line on screen, and its last when it fits.
        target = top
        if last + margin > top + h:
            target = last + margin - h
        if first - margin < target:
            target = first - margin
        target = max(0, min(target, self.flow.height - h))
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)

    def _step_sentence(self, cursor: tuple[int, int], step: int) -> tuple[int, int]:
        block, s = cursor
        if step > 0:
            if s + 1 < len(self.sentences(block)):
                return (block, s + 1)
            nb = self.flow.next_shown(block, 1)
            return (nb, 0) if nb is not None else cursor
        if s > 0:
            return (block, s - 1)
        pb = self.flow.next_shown(block, -1)
        return (pb, len(self.sentences(pb)) - 1) if pb is not None else cursor

    # ----- actions: moving -----------------------------------------------------

    def _ready(self) -> bool:
        return self.doc is not None and self.flow is not None and bool(self.flow.shown)

    def _move(self, cursor: tuple[int, int]) -> None:
        if self.sel_anchor is not None:
            self._drop_selection()
        self._set_cursor(cursor)

    def action_next_sentence(self) -> None:
        if self._ready():
            if self.sel_anchor is not None:
                return self.action_extend_sentence(1)
            self._move(self._step_sentence(self.cursor, 1))

    def action_prev_sentence(self) -> None:
        if self._ready():
            if self.sel_anchor is not None:
                return self.action_extend_sentence(-1)
            self._move(self._step_sentence(self.cursor, -1))

    def action_next_paragraph(self) -> None:
        if self._ready():
            nb = self.flow.next_shown(self.cursor[0], 1)
            if nb is not None:
                self._move((nb, 0))

    def action_prev_paragraph(self) -> None:
        if self._ready():
            block, s = self.cursor
            if s > 0:
                return self._move((block, 0))
            pb = self.flow.next_shown(block, -1)
            if pb is not None:
                self._move((pb, 0))

    def action_start(self) -> None:
        if self._ready():
            self._move((self.flow.shown[0], 0))
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_end(self) -> None:
        if self._ready():
            last = self.flow.shown[-1]
            self._move((last, len(self.sentences(last)) - 1))

    def _page(self, step: int) -> None:
        if not self._ready():
            return
        h = max(1, self.size.height - 2)
        line = self._cursor_lines()[0] + step * h
        line = max(0, min(line, self.flow.height - 1))
        block, a, _, _ = self.flow.lines[line]
        while block < 0 and 0 < line < self.flow.height - 1:
            line += 1 if step > 0 else -1
            block, a, _, _ = self.flow.lines[line]
        if block < 0:
            return
        offset = self._display(block).offsets[a]
        target = self.sentence_at(offset)
        if target == self.cursor:
            target = self._step_sentence(self.cursor, step)
        top = max(0, min(self.scroll_offset.y + step * h, self.flow.height - self.size.height))
        self.scroll_to(y=top, animate=False, immediate=True)
        self._move(target)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    # ----- actions: selecting --------------------------------------------------

    def _drop_selection(self) -> None:
        if self.sel_anchor is None:
            return
        self.sel_anchor = None
        self._cache.clear()
        self.refresh()
        self._moved()

    def action_select(self) -> None:
        """v: select the cursor sentence (anchor at its start, head at its end); v again drops."""
        if not self._ready():
            return
        if self.sel_anchor is not None:
            return self._drop_selection()
        self._ensure_selection()
        self._selection_changed()

    def _ensure_selection(self) -> None:
        if self.sel_anchor is None:
            self.sel_anchor = self.cursor_span()
            self.head = self.sel_anchor[1]

    def _collapse_anchor(self) -> None:
        """Word moves work on characters: the anchor becomes the far end of the selection."""
        a0, a1 = self.sel_anchor
        if self.head >= a1:
            self.sel_anchor = (a0, a0)
        elif self.head <= a0:
            self.sel_anchor = (a1, a1)

    def action_swap_ends(self) -> None:
        """o: move the other end of the selection (as in vim), to trim its start."""
        if self.sel_anchor is not None:
            a, z = self.selected_span()
            far = a if self.head >= z else z
            self.sel_anchor, self.head = (self.head, self.head), far
            self._selection_changed()

    def _selection_changed(self) -> None:
        # The head moves; keep the sentence cursor on it, so dropping the selection
        # leaves the cursor where the user was looking.
        at = self.head - 1 if self.head > self.sel_anchor[0] else self.head
        self.cursor = self.sentence_at(max(0, at))
        self._cache.clear()
        self.refresh()
        self._follow()
        self._moved()

    def action_extend_sentence(self, step: int) -> None:
        """Move the selection head to the next sentence end (j) or previous start (k)."""
        if not self._ready():
            return
        if self.sel_anchor is None:
            # shift+down / shift+up with nothing selected: select the cursor sentence.
            self._ensure_selection()
            return self._selection_changed()
        before = self.selected_span()
        # Step the head sentence by sentence until the selection changes (a head moving
        # across the anchor's own sentence changes nothing by itself).
        for _ in range(3):
            h = self.head
            cur = self.sentence_at(max(0, h - 1) if step > 0 else h)
            moved = False
            for _ in range(4):
                a, z = self.sentences(cur[0])[cur[1]]
                if step > 0 and z > h:
                    self.head, moved = z, True
                    break
                if step < 0 and a < h:
                    self.head, moved = a, True
                    break
                nxt = self._step_sentence(cur, step)
                if nxt == cur:
                    break
                cur = nxt
            if not moved or self.selected_span() != before:
                break
        self._selection_changed()

    def action_extend_word(self, step: int) -> None:
        """Move the selection head by a word: word ends while it is the selection's end,
        word starts while it is the start."""
        if not self._ready():
            return
        if self.sel_anchor is None:
            # Nothing selected: start at the cursor sentence's edge, so the first move
            # selects its first (or, going back, its last) word.
            a, z = self.cursor_span()
            edge = a if step > 0 else z
            self.sel_anchor, self.head = (edge, edge), edge
        else:
            self._collapse_anchor()
        text = self.doc.text
        n = len(text)
        h = self.head
        at_end = h > self.sel_anchor[0]
        if step > 0 and at_end:
            m = _WORD.search(text, h)
            if m is not None:
                h = m.end()
        elif step > 0:
            while h < n and not text[h].isspace():
                h += 1
            while h < n and text[h].isspace():
                h += 1
        elif at_end:
            while h > 0 and not text[h - 1].isspace():
                h -= 1
            while h > 0 and text[h - 1].isspace():
                h -= 1
        else:
            while h > 0 and text[h - 1].isspace():
                h -= 1
            while h > 0 and not text[h - 1].isspace():
                h -= 1
        self.head = h
        self._selection_changed()

    def action_word_back_or_tag(self) -> None:
        """b: while selecting, extend back a word; otherwise tag boilerplate."""
        if self.sel_anchor is not None:
            self.action_extend_word(-1)
        else:
            self.app.action_tag_key("b")

    def action_drop(self) -> None:
        if self.sel_anchor is not None:
            self._drop_selection()
        elif self.matches:
            self.set_matches([])
            self._moved()

    # ----- mouse ---------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """Raw offset of the character at widget cell (x, y), or None."""
        if not self._ready():
            return None
        line_no = self.scroll_offset.y + y
        if not 0 <= line_no < self.flow.height:
            return None
        block, a, z, first = self.flow.lines[line_no]
        if block < 0:
            return None
        prefix = block_prefix(self.doc, block)
        col = x + self.scroll_offset.x - self._margin() - GUTTER - cell_len(prefix.first if first else prefix.rest)
        d = self._display(block)
        i = a
        cells = 0
        while i < z and cells + cell_len(d.text[i]) <= col:
            cells += cell_len(d.text[i])
            i += 1
        i = min(i, max(a, z - 1))
        return d.offsets[i]

    def _word_at(self, offset: int) -> tuple[int, int]:
        text = self.doc.text
        a = offset
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        z = offset
        while z < len(text) and not text[z].isspace():
            z += 1
        return (a, max(z, a + 1))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        self.focus()
        self._press = self._word_at(offset)
        self.sel_anchor, self.head = (self._press[0], self._press[0]), self._press[1]
        self._dragging = True
        self._drag_moved = False
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        a, z = self._word_at(offset)
        pa, pz = self._press
        # Dragging back from the pressed word keeps that word in: anchor at its end.
        anchor, head = ((pz, pz), a) if a < pa else ((pa, pa), z)
        if (anchor, head) != (self.sel_anchor, self.head):
            self.sel_anchor = anchor
            self._drag_moved = True
            self.head = head
            self._selection_changed()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        if not self._drag_moved:
            # A click: put the cursor on that sentence.
            offset = self._press[0]
            self.sel_anchor = None
            self._cache.clear()
            self.refresh()
            self.move_to_offset(offset)

    # ----- rendering -----------------------------------------------------------

    def _margin(self) -> int:
        if self.flow is None:
            return 0
        free = self._content_width() - GUTTER - self.flow.width
        return max(0, free // 2)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self._content_width()
        base = self._base_style()
        index = scroll_y + y
        if self.flow is None or self.doc is None or not self.flow.shown:
            if self.flow is not None and self.doc is not None:
                # Nothing to draw: say why rather than show a blank pane.
                self.status = ("This article is empty." if not any(b.kind != "blank" for b in self.doc.blocks)
                               else "Everything here was classed as furniture: press f to show it.")
            text = safe_text(self.status) if y == 0 else ""
            return Strip([Segment(" " * GUTTER + text, base)]).crop_extend(0, width, base)
        if index >= self.flow.height:
            return Strip.blank(width, base)
        line = self.flow.lines[index]
        block, a, z, first = line
        cursor_clip = sel_clip = match_clip = None
        if block >= 0:
            lo, hi = self._display(block).offsets[a], self._display(block).offsets[z]
            hi = max(hi, lo + 1)
            if self.sel_anchor is None and self.cursor[0] == block:
                cursor_clip = _clip(self.cursor_span(), lo, hi)
            sel = self.selected_span()
            if sel is not None:
                sel_clip = _clip(sel, lo, hi)
            if self.current_match is not None:
                match_clip = _clip(self.matches[self.current_match], lo, hi)
        key = (index, self._layout_version, width, base, self.layers_version,
               self._block_version.get(block, 0), cursor_clip,
               sel_clip, match_clip, self.search_version if self.matches else 0, self._margin())
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render(line, width, base, cursor_clip, sel_clip, match_clip)
            self._cache[key] = strip
        if scroll_x:
            strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        return strip

    def _render(self, line, width: int, base: Style, cursor_clip, sel_clip, match_clip) -> Strip:
        block, a, z, first = line
        margin = " " * self._margin()
        if block < 0:
            return Strip([Segment(margin + " " * GUTTER, base)]).crop_extend(0, width, base)
        doc = self.doc
        d, inline = self._shown_block(block)
        offsets = d.offsets
        text = d.text[a:z]
        kind = heading_style_kind(doc, block)
        text_style = base + KIND_STYLES.get(kind, Style())
        lo, hi = offsets[a], max(offsets[z], offsets[a] + 1)

        # Spans on this line, as display-index ranges relative to `a`.
        def local(span: tuple[int, int]) -> tuple[int, int]:
            sa = max(d.display_index(span[0]), a) - a
            sz = min(d.display_index(span[1]), z) - a
            return sa, sz

        fills: list[tuple[int, int, Any]] = []
        unders: list[tuple[int, int, Any]] = []
        light = not getattr(self.app.current_theme, "dark", True)  # the cache key holds the theme's base
        tags_here: list[str] = []
        for layer in self.span_layers.values():
            for it in layer.by_block.get(block, ()):
                if it.start < hi and it.end > lo:
                    sa, sz = local((it.start, it.end))
                    if sz <= sa:
                        continue
                    (fills if layer.mode == "fill" else unders).append((sa, sz, it))
                    if layer.mode == "fill" and it.tag not in tags_here:
                        tags_here.append(it.tag)

        cuts = {0, len(text)}
        for sa, sz, _ in fills + unders:
            cuts.update((sa, sz))
        styled = [(max(ia, a) - a, min(iz, z) - a, INLINE_STYLES[kind])
                  for ia, iz, kind in inline if ia < z and iz > a]
        for sa, sz, _ in styled:
            cuts.update((sa, sz))
        overlays: list[tuple[tuple[int, int], Style]] = []
        for clip, style in ((sel_clip, SELECTION_STYLE), (cursor_clip, CURSOR_STYLE)):
            if clip is not None:
                overlays.append((local(clip), style))
        matches: list[tuple[int, int]] = []
        if self.matches:
            i = bisect_left(self.match_starts, lo) - 1
            for ma, mz in self.matches[max(0, i):]:
                if ma >= hi:
                    break
                if mz > lo:
                    matches.append(local((ma, mz)))
        for span in matches:
            overlays.append((span, MATCH_STYLE))
        if match_clip is not None:
            overlays.append((local(match_clip), CURRENT_MATCH_STYLE))
        for (sa, sz), _ in overlays:
            cuts.update((sa, sz))
        points = sorted(c for c in cuts if 0 <= c <= len(text))

        segments = [Segment(margin, base), *self._gutter(base, block, lo, hi, tags_here)]
        prefix = block_prefix(doc, block)
        ptext = prefix.first if first else prefix.rest
        if ptext:
            segments.append(Segment(ptext, base + PREFIX_STYLE))
        for p, q in zip(points, points[1:]):
            if q <= p:
                continue
            style = text_style
            for sa, sz, istyle in styled:
                if sa <= p and sz >= q:
                    style = style + istyle
            covering = [it for sa, sz, it in fills if sa <= p and sz >= q]
            if covering:
                inner = min(covering, key=lambda it: it.end - it.start)
                style = style + tag_fill(self.tag_color(inner.tag))
                if len(covering) > 1:
                    style = style + OVERLAP_STYLE
            under = [it for sa, sz, it in unders if sa <= p and sz >= q]
            if under and not covering:
                style = style + tag_underline(self.tag_color(under[0].tag), light)
            for (sa, sz), ostyle in overlays:
                if sa <= p and sz >= q:
                    style = style + ostyle
            segments.append(Segment(text[p:q], style))
        return Strip(segments).crop_extend(0, width, base)

    def _gutter(self, base: Style, block: int, lo: int, hi: int, tags: list[str]) -> list[Segment]:
        on_cursor = False
        if self.sel_anchor is None:
            if self.cursor[0] == block:
                ca, cz = self.cursor_span()
                on_cursor = ca < hi and cz > lo
        else:
            sa, sz = self.selected_span()
            on_cursor = sa < hi and sz > lo
        segs = [Segment("▌" if on_cursor else " ", base + Style(bold=True))]
        for tag in tags[:2]:
            segs.append(Segment(tag[:1], base + tag_chip(self.tag_color(tag))))
        pad = GUTTER - 1 - min(2, len(tags))
        if pad:
            segs.append(Segment(" " * pad, base))
        return segs


def index_spans(doc: Document, items: Iterable[Spanned]) -> dict[int, list]:
    """Block index -> the spans touching that block. Reads only the document, so a
    worker thread can build it for a long list."""
    by_block: dict[int, list] = {}
    n = len(doc.text)
    for it in items:
        if it.start >= n or it.end <= it.start or getattr(it, "orphan", False):
            continue
        first = doc.block_at(it.start)
        last = doc.block_at(max(it.start, min(it.end, n) - 1))
        for b in range(first, last + 1):
            by_block.setdefault(b, []).append(it)
    return by_block


def _clip(span: tuple[int, int], lo: int, hi: int) -> tuple[int, int] | None:
    a, z = span
    if a < hi and z > lo:
        return (max(a, lo), min(z, hi))
    return None
