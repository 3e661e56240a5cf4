"""Drawing the article pane, one row at a time.

Modelled on Textual's ``Log`` and toolong's ``LogLines``: ``render_line(y)`` builds a
``Strip`` for one wrapped line from plain text (never markup), and an LRU cache keyed
by what changes a line (its index, the layout, the width and theme, the span layers'
version, and the part of the cursor / selection / search match that falls on it)
means moving the cursor re-renders only the rows it touched.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from annotations.textmap import DisplayText, safe_text

from .article_model import GUTTER, Span
from .article_select import Selecting
from .layout import Line, block_prefix, heading_style_kind
from .tag_style import (
    CURRENT_MATCH_STYLE, CURSOR_STYLE, INLINE_STYLES, KIND_STYLES, MATCH_STYLE, OVERLAP_STYLE,
    PREFIX_STYLE, SELECTION_STYLE, tag_chip, tag_fill, tag_underline,
)

# Where furniture is hidden (issue 10 item 7): quiet, but a plain ANSI grey, so a
# 16-colour terminal shows it too (bright black, SGR 90), in dark and light themes.
HIDDEN_MARK = "┆"
HIDDEN_MARK_STYLE = Style(color="bright_black")
Piece = tuple[int, int, Any]  # [start, end) on the line, and what is drawn there


class Drawing(Selecting):
    """render_line and its cache."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._cache.clear()

    def _base_style(self) -> Style:
        # rich_style walks the CSS each time; a keystroke renders a few lines, and
        # each asks for it, so keep it until the styles change (theme, focus).
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        return base

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        if self.flow is not None and self.doc is not None:
            # Nothing to draw: say why rather than show a blank pane.
            self.status = ("This article is empty." if not any(b.kind != "blank" for b in self.doc.blocks)
                           else "Everything here was classed as furniture: press f to show it.")
        text = safe_text(self.status) if y == 0 else ""
        return Strip([Segment(" " * GUTTER + text, base)]).crop_extend(0, width, base)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self._content_width()
        base = self._base_style()
        index = scroll_y + y
        flow = self.flow
        if flow is None or self.doc is None or not flow.shown:
            return self._empty_line(y, width, base)
        if index >= flow.height:
            return Strip.blank(width, base)
        line = flow.lines[index]
        block, a, z, first = line
        cursor_clip = sel_clip = match_clip = None
        if block >= 0:
            offsets = self._display(block).offsets
            lo = offsets[a]
            hi = max(offsets[z], lo + 1)
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
            strip = self._render_row(line, width, base, (cursor_clip, sel_clip, match_clip),
                                     index in flow.hidden_marks)
            self._cache[key] = strip
        if scroll_x:
            strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        return strip

    def _render_row(self, line: Line, width: int, base: Style,
                    clips: tuple[Span | None, Span | None, Span | None], hidden: bool = False) -> Strip:
        block, a, z, first = line
        margin = " " * self._margin()
        if block < 0:
            segs = [Segment(margin + " ", base), Segment(HIDDEN_MARK, base + HIDDEN_MARK_STYLE)] if hidden \
                else [Segment(margin + " " * GUTTER, base)]
            return Strip(segs).crop_extend(0, width, base)
        doc = self._d
        d, inline = self._shown_block(block)
        text = d.text[a:z]
        lo, hi = d.offsets[a], max(d.offsets[z], d.offsets[a] + 1)
        fills, unders, tags_here = self._spans_on(block, d, a, z, lo, hi)
        styled = [(max(ia, a) - a, min(iz, z) - a, INLINE_STYLES[kind])
                  for ia, iz, kind in inline if ia < z and iz > a]
        overlays = self._overlays(d, a, z, lo, hi, clips)
        cuts = {0, len(text)}
        for piece in fills + unders + styled + overlays:
            cuts.update(piece[:2])
        points = sorted(c for c in cuts if 0 <= c <= len(text))

        segments = [Segment(margin, base), *self._gutter(base, block, lo, hi, tags_here, hidden)]
        prefix = block_prefix(doc, block)
        ptext = prefix.first if first else prefix.rest
        if ptext:
            segments.append(Segment(ptext, base + PREFIX_STYLE))
        text_style = base + KIND_STYLES.get(heading_style_kind(doc, block), Style())
        light = not getattr(self.app.current_theme, "dark", True)  # the cache key holds the theme's base
        for p, q in zip(points, points[1:]):
            if q > p:
                style = self._style_at(p, q, text_style, styled, fills, unders, overlays, light)
                segments.append(Segment(text[p:q], style))
        return Strip(segments).crop_extend(0, width, base)

    def _spans_on(self, block: int, d: DisplayText, a: int, z: int, lo: int,
                  hi: int) -> tuple[list[Piece], list[Piece], list[str]]:
        """The layers' spans on this line, as display ranges relative to ``a``: filled
        ones, underlined ones, and the tags filled here (for the gutter)."""
        fills: list[Piece] = []
        unders: list[Piece] = []
        tags_here: list[str] = []
        for layer in self.span_layers.values():
            for it in layer.by_block.get(block, ()):
                if it.start < hi and it.end > lo:
                    sa, sz = _local(d, a, z, (it.start, it.end))
                    if sz <= sa:
                        continue
                    # "dim": another author's annotations (team mode), filled but dimmed
                    fill = layer.mode in ("fill", "dim")
                    (fills if fill else unders).append((sa, sz, _Dim(it) if layer.mode == "dim" else it))
                    if fill and it.tag not in tags_here:
                        tags_here.append(it.tag)
        return fills, unders, tags_here

    def _overlays(self, d: DisplayText, a: int, z: int, lo: int, hi: int,
                  clips: tuple[Span | None, Span | None, Span | None]) -> list[Piece]:
        """Selection, cursor and search matches on this line, in drawing order."""
        cursor_clip, sel_clip, match_clip = clips
        out: list[Piece] = []
        for clip, style in ((sel_clip, SELECTION_STYLE), (cursor_clip, CURSOR_STYLE)):
            if clip is not None:
                out.append((*_local(d, a, z, clip), style))
        if self.matches:
            i = bisect_left(self.match_starts, lo) - 1
            for ma, mz in self.matches[max(0, i):]:
                if ma >= hi:
                    break
                if mz > lo:
                    out.append((*_local(d, a, z, (ma, mz)), MATCH_STYLE))
        if match_clip is not None:
            out.append((*_local(d, a, z, match_clip), CURRENT_MATCH_STYLE))
        return out

    def _style_at(self, p: int, q: int, style: Style, styled: list[Piece], fills: list[Piece],
                  unders: list[Piece], overlays: list[Piece], light: bool) -> Style:
        for sa, sz, istyle in styled:
            if sa <= p and sz >= q:
                style = style + istyle
        covering = [it for sa, sz, it in fills if sa <= p and sz >= q]
        if covering:
            inner = min(covering, key=lambda it: it.end - it.start)
            style = style + tag_fill(self.tag_color(inner.tag))
            if isinstance(inner, _Dim):
                style = style + Style(dim=True)
            if len(covering) > 1:
                style = style + OVERLAP_STYLE
        under = [it for sa, sz, it in unders if sa <= p and sz >= q]
        if under and not covering:
            style = style + tag_underline(self.tag_color(under[0].tag), light)
        for sa, sz, ostyle in overlays:
            if sa <= p and sz >= q:
                style = style + ostyle
        return style

    def _gutter(self, base: Style, block: int, lo: int, hi: int, tags: list[str],
                hidden: bool = False) -> list[Segment]:
        on_cursor = False
        sel = self.selected_span()
        if sel is None:
            if self.cursor[0] == block:
                ca, cz = self.cursor_span()
                on_cursor = ca < hi and cz > lo
        else:
            on_cursor = sel[0] < hi and sel[1] > lo
        segs = [Segment("▌" if on_cursor else " ", base + Style(bold=True))]
        for tag in tags[:2]:
            segs.append(Segment(tag[:1], base + tag_chip(self.tag_color(tag))))
        pad = GUTTER - 1 - min(2, len(tags))
        if pad and hidden:
            # The first free gutter cell; two tag letters take it (f shows the furniture).
            segs.append(Segment(HIDDEN_MARK, base + HIDDEN_MARK_STYLE))
            if pad > 1:
                segs.append(Segment(" " * (pad - 1), base))
        elif pad:
            segs.append(Segment(" " * pad, base))
        return segs


class _Dim:
    """A span of a "dim" layer, as the fill rule sees it."""

    __slots__ = ("start", "end", "tag")

    def __init__(self, it: Any) -> None:
        self.start, self.end, self.tag = it.start, it.end, it.tag


def _local(d: DisplayText, a: int, z: int, span: Span) -> Span:
    """A raw span as a display range on the line [a, z), relative to ``a``."""
    return max(d.display_index(span[0]), a) - a, min(d.display_index(span[1]), z) - a


def _clip(span: Span, lo: int, hi: int) -> Span | None:
    a, z = span
    if a < hi and z > lo:
        return (max(a, lo), min(z, hi))
    return None
