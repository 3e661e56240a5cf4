"""Selecting in the article pane: by sentence (shift+j/k), by word, and with the mouse."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual import events

from .article_layers import Layers
from .article_model import GUTTER
from .layout import block_prefix, is_shown
from .messages import TagKey

_WORD = re.compile(r"\S+")


class Selecting(Layers):
    """The selection: an anchor span stretched to a moving head."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._press: tuple[int, int] | None = None  # the word a mouse drag started on
        self._dragging = False
        self._drag_moved = False

    def drop_selection(self) -> None:
        if self.sel_anchor is None:
            return
        self.sel_anchor = None
        self._cache.clear()
        self.refresh()

    def action_select(self) -> None:
        """v: select the cursor sentence (anchor at its start, head at its end); v again drops."""
        if not self.ready:
            return
        if self.sel_anchor is not None:
            return self.drop_selection()
        self._ensure_selection()
        self._selection_changed()

    def _ensure_selection(self) -> None:
        if self.sel_anchor is None:
            self.sel_anchor = self.cursor_span()
            self.head = self.sel_anchor[1]

    def _collapse_anchor(self) -> None:
        """Word moves work on characters: the anchor becomes the far end of the selection."""
        anchor = self.sel_anchor
        if anchor is None:
            return
        a0, a1 = anchor
        if self.head >= a1:
            self.sel_anchor = (a0, a0)
        elif self.head <= a0:
            self.sel_anchor = (a1, a1)

    def action_swap_ends(self) -> None:
        """o: move the other end of the selection (as in vim), to trim its start."""
        sel = self.selected_span()
        if sel is not None:
            a, z = sel
            far = a if self.head >= z else z
            self.sel_anchor, self.head = (self.head, self.head), far
            self._selection_changed()

    def _selection_changed(self) -> None:
        # The head moves; keep the sentence cursor on it, so dropping the selection
        # leaves the cursor where the user was looking.
        anchor = self.sel_anchor
        at = self.head - 1 if anchor is not None and self.head > anchor[0] else self.head
        self.cursor = self.sentence_at(max(0, at))
        self._cache.clear()
        self.refresh()
        self._follow()
        self._moved()  # the footer shows where the selection ends

    def action_extend_sentence(self, step: int) -> None:
        """Move the selection head to the next sentence end (j) or previous start (k)."""
        if not self.ready:
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
        if not self.ready:
            return
        if self.sel_anchor is None:
            # Nothing selected: start at the cursor sentence's edge, so the first move
            # selects its first (or, going back, its last) word.
            a, z = self.cursor_span()
            edge = a if step > 0 else z
            self.sel_anchor, self.head = (edge, edge), edge
        else:
            self._collapse_anchor()
        text = self._d.text
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
        self.head = self._within_shown(h, step)
        self._selection_changed()

    def _within_shown(self, h: int, step: int) -> int:
        """``h``, or, when a word motion carried it into hidden furniture, the nearest
        edge of the shown text it came from: a selection never takes text the reader
        cannot see ("…6 min" from a hidden line above a paragraph)."""
        d = self._d
        if self.furniture or not d.blocks:
            return h
        i = d.block_at(max(0, h - 1) if step > 0 else h)
        if is_shown(d, i, False):
            return h
        if step > 0:  # back to the end of the last shown block before it
            j = next((k for k in range(i - 1, -1, -1) if is_shown(d, k, False)), None)
            return d.blocks[j].content_end if j is not None else self.head
        j = next((k for k in range(i + 1, len(d.blocks)) if is_shown(d, k, False)), None)
        return d.blocks[j].content_start if j is not None else self.head

    def action_word_back_or_tag(self) -> None:
        """b: while selecting, extend back a word; otherwise tag boilerplate."""
        if self.sel_anchor is not None:
            self.action_extend_word(-1)
        else:
            self.post_message(TagKey("b"))

    # ----- the mouse: press on a word and drag -----------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """Raw offset of the character at widget cell (x, y), or None."""
        if not self.ready:
            return None
        line_no = self.scroll_offset.y + y
        if not 0 <= line_no < self._f.height:
            return None
        block, a, z, first = self._f.lines[line_no]
        if block < 0:
            return None
        prefix = block_prefix(self._d, block)
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
        text = self._d.text
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
        if self._press is None:
            return
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
        if not self._drag_moved and self._press is not None:
            # A click: put the cursor on that sentence.
            offset = self._press[0]
            self.sel_anchor = None
            self._cache.clear()
            self.refresh()
            self.move_to_offset(offset)
