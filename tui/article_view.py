"""The article pane: one ScrollView that draws only the rows on screen.

It is built in layers, each a class of its own module:

* ``article_model.ArticleModel``: the document, the layout, the cursor and selection
  (the reactives the app watches), and every lookup from offsets to lines;
* ``article_layers.Layers``: the spans drawn over the text (annotations, suggestions);
* ``article_select.Selecting``: selecting by sentence, word and mouse;
* ``article_draw.Drawing``: ``render_line`` and its cache;
* ``ArticleView`` (here): the document's life (set, reset, re-wrap), search, and
  the moving keys.

The view never calls the app: it posts messages (``tui/messages.py``) and the app
watches its reactives.
"""

from __future__ import annotations

from collections.abc import MutableSequence
from typing import Callable, ClassVar

from textual import events, work
from textual.binding import BindingType
from textual.geometry import Size

from annotations.document import Document

from .article_draw import Drawing
from .article_layers import Layer, Spanned, index_spans
from .article_model import GUTTER
from .bindings import ARTICLE_BINDINGS
from .layout import Layout, build_layout, column_width
from .search_steps import Step, first_from, shown_matches, step_from
from .tag_style import TAG_RGB, tag_rgb

__all__ = ["ArticleView", "Layer", "Spanned", "TAG_RGB", "index_spans", "tag_rgb"]

SYNC_LAYOUT_BLOCKS = 4000  # re-layout at once below this many blocks, else in a worker


class ArticleView(Drawing, can_focus=True):
    """The article, wrapped to a readable column, with the cursor, selection and spans."""

    BINDINGS: ClassVar[list[BindingType]] = [*ARTICLE_BINDINGS]

    DEFAULT_CSS = """
    ArticleView { height: 1fr; width: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, colors: Callable[[str], str] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tag_color = colors or (lambda tag: "yellow")

    def set_document(self, doc: Document, layout: Layout | None = None, *, partial: bool = False) -> None:
        """Show ``doc`` (laid out already, or now), keeping the cursor where it was."""
        keep = self.cursor_span() if self.doc is not None else None
        screen_row = self._cursor_line() - self.scroll_offset.y if self.flow is not None else None
        self.doc = doc
        self.partial = partial
        if layout is None or layout.furniture != self.furniture:
            layout = build_layout(doc, self.pane_width(), self.furniture)
        self._install_layout(layout)
        if keep is not None:
            self.move_to_offset(keep[0], follow=False)
        else:
            self.cursor = self._first_cursor()
        if screen_row is not None and keep is not None:
            # The same row on screen (force: the new height is not applied yet). The
            # look-ahead is not pulled in here: a cursor left at the end of a big file's
            # first part would otherwise scroll away under the reader when the rest came.
            top = max(0, self._cursor_line() - screen_row)
            self.scroll_to(y=top, animate=False, immediate=True, force=True)
            first, last = self.cursor_lines()
            if not (top <= first and last <= top + max(1, self.size.height)):
                self._follow()
        else:
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
        self._moved()
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
        self.virtual_size = Size(self.pane_width() + GUTTER, layout.height)
        self.refresh()

    def set_sentence_counts(self, body: MutableSequence[int], furniture: MutableSequence[int]) -> None:
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
        if column_width(self.pane_width()) != self.flow.width:
            self.relayout()
        else:
            self.virtual_size = Size(self.pane_width() + GUTTER, self.flow.height)
            self._cache.clear()

    def relayout(self) -> None:
        """Wrap again (new width, furniture shown or hidden). Big files in a worker."""
        if self.doc is None:
            return
        if len(self.doc.blocks) <= SYNC_LAYOUT_BLOCKS:
            keep = self.cursor_span()[0]
            self._install_layout(build_layout(self.doc, self.pane_width(), self.furniture))
            self.move_to_offset(keep)
        else:
            self.status = "Laying out…"
            self._relayout_worker(self.doc, self.pane_width(), self.furniture)

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

    def swap_document(self, doc: Document, blocks: list[int]) -> None:
        """The same text with ``blocks`` turned body or furniture (an override came or
        went): fix the sentence counts and lay out again (a rare edit, so O(blocks))."""
        if self.doc is None:
            return
        self.doc = doc
        if self._sentence_prefix is not None:
            body, furn = self._sentence_prefix
            if len(body) == len(doc.blocks) + 1:
                for i in blocks:
                    n = doc.sentence_count(i)
                    d = -n if doc.blocks[i].boilerplate else n
                    for k in range(i + 1, len(body)):
                        body[k] += d
                        furn[k] -= d
        self.relayout()

    # ----- layers --------------------------------------------------------------

    # ----- search ------------------------------------------------------------------

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        self.matches = matches
        self.match_starts = [a for a, _ in matches]
        self.current_match = None
        self._match_cursor = None
        self._shown_cache = None
        self.search_version += 1
        self._cache.clear()
        self.refresh()
        self._moved()

    def _shown_matches(self) -> tuple[list[int], list[tuple[int, int]]]:
        """The matches the reader can see (hidden furniture's are not), as indices into
        ``matches`` and as spans; kept until the matches or the layout change."""
        if self.doc is None or self.flow is None or not self.matches:
            return [], []
        cached = self._shown_cache
        if cached is not None and cached[0] == self.search_version and cached[1] is self.flow:
            return cached[2], cached[3]
        doc, shown_blocks = self.doc, self.flow.first_line
        indices = [i for i, (a, _) in enumerate(self.matches) if doc.block_at(a) in shown_blocks]
        spans = shown_matches([self.matches[i] for i in indices], lambda _a: True)
        self._shown_cache = (self.search_version, self.flow, indices, spans)
        return indices, spans

    def match_position(self) -> tuple[int | None, int]:
        """(1-based number of the current match among the shown ones or None, how many
        are shown): the footer's "match i/N" counts what the reader can see."""
        indices, _ = self._shown_matches()
        if self.current_match is None or self.current_match not in indices:
            return None, len(indices)
        return indices.index(self.current_match) + 1, len(indices)

    def goto_match(self, step: int, *, first: bool = False) -> Step | None:
        """Go to the next (step=1) or previous (-1) shown match from the cursor, or with
        ``first`` to the first at or after the cursor (a new search). None when no
        match is shown; the Step says whether the search wrapped round."""
        indices, spans = self._shown_matches()
        if not spans:
            return None
        if first:
            found = first_from(spans, self.cursor_span())
        else:
            here = self.cursor_span()
            if self.current_match is not None and self._match_cursor == self.cursor \
                    and self.current_match in indices:
                # Still on the match n went to: step from the match itself, so a second
                # match in the same sentence is not skipped.
                a = self.matches[self.current_match][0]
                here = (a, a + 1)
            found = step_from(spans, here, step)
        if found is None:
            return None
        self.current_match = indices[found.index]
        self.search_version += 1  # redraws the current match; the shown list still holds
        self._shown_cache = (self.search_version, self.flow, indices, spans)
        self.sel_anchor = None
        self.move_to_offset(spans[found.index][0])
        self._match_cursor = self.cursor
        return found

    # ----- actions: moving ----------------------------------------------------------

    def _move(self, cursor: tuple[int, int]) -> None:
        if self.sel_anchor is not None:
            self.drop_selection()
        self._set_cursor(cursor)

    def action_next_sentence(self) -> None:
        if self.ready:
            if self.sel_anchor is not None:
                return self.action_extend_sentence(1)
            self._move(self._step_sentence(self.cursor, 1))

    def action_prev_sentence(self) -> None:
        if self.ready:
            if self.sel_anchor is not None:
                return self.action_extend_sentence(-1)
            self._move(self._step_sentence(self.cursor, -1))

    def action_next_paragraph(self) -> None:
        if self.ready:
            nb = self._f.next_shown(self.cursor[0], 1)
            if nb is not None:
                self._move((nb, 0))

    def action_prev_paragraph(self) -> None:
        if self.ready:
            block, s = self.cursor
            if s > 0:
                return self._move((block, 0))
            pb = self._f.next_shown(block, -1)
            if pb is not None:
                self._move((pb, 0))

    def action_start(self) -> None:
        if self.ready:
            self._move((self._f.shown[0], 0))
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_end(self) -> None:
        # While a big file loads, this is the end of what is loaded: the footer says
        # more is coming (at_loaded_end), and the cursor stays here when the rest
        # arrives (set_document keeps it and its row on screen).
        if self.ready:
            self._move(self._last_cursor())

    def _page(self, step: int) -> None:
        if not self.ready:
            return
        h = max(1, self.size.height - 2)
        line = self.cursor_lines()[0] + step * h
        line = max(0, min(line, self._f.height - 1))
        block, a, _, _ = self._f.lines[line]
        while block < 0 and 0 < line < self._f.height - 1:
            line += 1 if step > 0 else -1
            block, a, _, _ = self._f.lines[line]
        if block < 0:
            return
        offset = self._display(block).offsets[a]
        target = self.sentence_at(offset)
        if target == self.cursor:
            target = self._step_sentence(self.cursor, step)
        top = max(0, min(self.scroll_offset.y + step * h, self._f.height - self.size.height))
        self.scroll_to(y=top, animate=False, immediate=True)
        self._move(target)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    # ----- actions: selecting --------------------------------------------------
    def action_drop(self) -> None:
        if self.sel_anchor is not None:
            self.drop_selection()
        elif self.matches:
            self.set_matches([])
            self._moved()

