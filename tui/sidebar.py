"""The tag sidebar: each tag with its key and count, then the annotations in document
order, then orphans in a group of their own, then the suggestions. Enter (or a click)
on a row jumps to it; x removes it, e edits its note.

Drawn with Textual's line API, like the article pane: ``render_line(y)`` draws one
screen line from the row it belongs to, strips are cached by what the line shows, and
a re-list repaints only the lines whose content changed. Every string that comes from
the article, the annotations file or the config goes through ``safe_text`` before it
reaches a ``Text``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any, ClassVar, Hashable, Iterable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.notes import first_line
from annotations.tagset import TagSet
from annotations.textmap import safe_text

from .bindings import SIDEBAR

try:  # the tag colours' home once the view is split (wip-tuiB)
    from .tag_style import tag_rgb
except ImportError:  # pragma: no cover - before that split
    from .article_view import tag_rgb

SNIPPET = 60
NARROW = 96  # below this many columns the sidebar hides itself (as at start-up)


def snippet(text: str, width: int = SNIPPET) -> str:
    s = safe_text(text)
    return s if len(s) <= width else s[: width - 1] + "…"


@dataclass(frozen=True)
class Row:
    """One entry of the list: one or two screen lines, and a rule below when ``divider``.

    ``look`` is what the row shows, hashable: equal looks draw equal strips, so it keys
    the strip cache and finds the lines a re-list changed. ``ident`` is set on rows that
    can be highlighted (annotation ids, "sugg:START:END:TAG" for suggestions)."""

    look: Hashable
    lines: tuple[Text, ...]
    ident: str | None = None
    span: tuple[int, int] | None = None  # raw offsets, for follow()
    divider: bool = False

    @property
    def height(self) -> int:
        return len(self.lines) + self.divider


@dataclass
class Listing:
    """The rows and where each screen line comes from."""

    rows: list[Row] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)  # (row index, line in the row)
    first_line: list[int] = field(default_factory=list)  # row index -> its first line
    by_ident: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: list[Row]) -> "Listing":
        listing = cls(rows)
        for index, row in enumerate(rows):
            listing.first_line.append(len(listing.lines))
            listing.lines.extend((index, n) for n in range(row.height))
            if row.ident is not None:
                listing.by_ident.setdefault(row.ident, index)
        return listing

    def line_key(self, y: int) -> tuple:
        index, n = self.lines[y]
        return (self.rows[index].look, n)


class Sidebar(ScrollView, can_focus=True):
    """The tag counts, the annotations, orphans and suggestions, one scrolling list."""

    COMPONENT_CLASSES = {
        "sidebar--heading",  # rows that cannot be highlighted (counts, group titles)
        "sidebar--highlight",
        "sidebar--highlight-blurred",  # the row the article's cursor is on
        "sidebar--rule",
    }
    BINDINGS: ClassVar[list[BindingType]] = [*SIDEBAR]

    # The list grows by two lines per annotation. Textual re-lays out the whole screen
    # when a widget's virtual size changes; this one's box never changes size, so only
    # ask for a layout when the scrollbar must appear or go.
    virtual_size = Reactive(Size(0, 0), layout=False)

    class Jump(Message):
        """Enter or a click on a row: show it in the article."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class Remove(Jump):
        """x on a row: remove the annotation, or reject the suggestion."""

    class Edit(Jump):
        """e on a row: edit the annotation's note."""

    class Revealed(Message):
        """The terminal grew wide enough again and the sidebar showed itself."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._listing = Listing()
        self.highlighted: int | None = None  # row index
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)
        self._ann_rows: dict[tuple, tuple[Text, ...]] = {}
        self._sugg_rows: dict[tuple, tuple[Text, ...]] = {}
        self._auto_hidden = False
        self._last_width: int | None = None

    # ----- what the app calls

    def show(self, tagset: TagSet, annotations: list, read_only: str | None = None, *,
             suggestions: list | None = None, suggestion_counts: dict[str, int] | None = None,
             suggestions_state: str = "") -> None:
        """Fill the counts and the list (O(annotations + listed suggestions)).

        Suggestions come last, in their own group: a header with the count per tag,
        then the listed ones (in document order) with ids "sugg:START:END:TAG".
        ``read_only`` is why the annotations file could not be used; with nothing read
        from it the list says so plainly instead of "No annotations yet"."""
        placed = sorted((a for a in annotations if not a.orphan), key=lambda a: a.sort_key())
        orphans = [a for a in annotations if a.orphan]
        rows = self._count_rows(tagset, annotations, read_only)
        if rows:
            rows[-1] = _with_divider(rows[-1])
        if not placed and not orphans:
            if read_only:
                # Said plainly, in lines short enough for the narrowest sidebar.
                rows.append(_plain("The annotations file", "bold red"))
                rows.append(_plain("could not be read:", "bold red"))
                reason = re.sub(r"\S*[/\\](?=[^/\\\s]+\.annotations\.toml)", "", safe_text(read_only))
                # Whole words: a file name longer than a line stands on a line of its own
                # (cut with … only when the sidebar is narrower than it), never split.
                rows.extend(_plain(line, "red") for line in textwrap.wrap(
                    reason, 27, break_long_words=False, break_on_hyphens=False)[:6])
                rows.append(_plain("Nothing from it is shown;", "dim"))
                rows.append(_plain("the file is left as it is.", "dim"))
            else:
                rows.append(_plain("No annotations yet. Press c, q or b on a sentence.", "dim"))
        for a in placed:
            rows.append(Row(("ann", a.id) + self._ann_key(tagset, a, False), self._ann_label(tagset, a, False),
                            a.id, (a.start, a.end)))
        if orphans:
            if not rows[-1].divider:
                rows[-1] = _with_divider(rows[-1])
            rows.append(_plain(f"Orphans ({len(orphans)}): text not found in this version", "bold red"))
            for a in orphans:
                rows.append(Row(("ann", a.id) + self._ann_key(tagset, a, True), self._ann_label(tagset, a, True),
                                a.id))
        sugg = self._suggestion_rows(tagset, suggestions or [], suggestion_counts or {}, suggestions_state)
        if sugg and rows and not rows[-1].divider:
            rows[-1] = _with_divider(rows[-1])
        rows.extend(sugg)
        self._replace(rows)

    def follow(self, offset: int) -> None:
        """Highlight the annotation (else the suggestion) at a raw offset of the article,
        as the reader's cursor moves; nothing when none is there. No Jump is posted."""
        best: int | None = None
        for index, row in enumerate(self._listing.rows):
            if row.span is not None and row.span[0] <= offset < row.span[1]:
                best = index
                if row.ident is not None and not row.ident.startswith("sugg:"):
                    break  # an annotation wins over a suggestion on the same words
        self._set_highlight(best)

    def highlight_annotation(self, ident: str | None) -> None:
        """Highlight the row with this id (an annotation id or "sugg:START:END:TAG")."""
        self._set_highlight(self._listing.by_ident.get(ident) if ident is not None else None)

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self._listing.rows[self.highlighted].ident

    def row_count(self) -> int:
        return len(self._listing.rows)

    # ----- building rows

    def _count_rows(self, tagset: TagSet, annotations: list, read_only: str | None) -> list[Row]:
        counts: dict[str, int] = {}
        for a in annotations:
            counts[a.tag] = counts.get(a.tag, 0) + 1
        rows: list[Row] = []
        for name in list(tagset.names) + sorted(n for n in counts if n not in tagset):
            tag = tagset.get(name)
            key = safe_text(tag.key or " ")
            n = counts.get(name, 0)
            row = Text(no_wrap=True, overflow="ellipsis", end="")
            row.append(f"{key} ", Style(bold=True))
            row.append(" ", Style(bgcolor=tag_rgb(tag.color)))
            row.append(f" {safe_text(name)}", Style(bold=True))
            row.append(f"  {n}")
            rows.append(Row(("count", name, key, n, tag.color), (row,)))
        if read_only and annotations:
            rows.append(_plain("read-only: not saved", "bold red"))
        return rows

    def _ann_key(self, tagset: TagSet, a: Any, orphan: bool) -> tuple:
        return (a.tag, a.speaker, a.note, a.text, orphan, tagset.get(a.tag).color, self._by_other(tagset, a))

    @staticmethod
    def _by_other(tagset: TagSet, a: Any) -> str:
        """The author of another author's annotation, shown in team mode (O)."""
        author = getattr(a, "author", "") or ""
        return author if tagset.team and author != tagset.author else ""

    def _ann_label(self, tagset: TagSet, a: Any, orphan: bool) -> tuple[Text, ...]:
        """Every re-list shows every annotation: build each row's text once."""
        key = self._ann_key(tagset, a, orphan)
        lines = self._ann_rows.get(key)
        if lines is None:
            if len(self._ann_rows) > 4096:
                self._ann_rows.clear()
            tag = tagset.get(a.tag)
            head = Text(no_wrap=True, overflow="ellipsis", end="")
            head.append(" ", Style(bgcolor=tag_rgb(tag.color)))
            head.append(f" {safe_text(a.tag)}", Style(bold=True, strike=orphan))
            if a.speaker:
                head.append(f" · {safe_text(a.speaker)}", Style(italic=True))
            if other := key[-1]:
                head.append(f" · by {safe_text(other)}", Style(dim=True))
            if a.note:
                head.append(" ✎", Style(bold=True))
                head.append(f" {safe_text(first_line(a.note))}", Style(dim=True))
            body = Text("  ", no_wrap=True, overflow="ellipsis", end="")
            body.append(snippet(a.text), Style(dim=orphan))
            lines = self._ann_rows[key] = (head, body)
        return lines

    def _suggestion_rows(self, tagset: TagSet, listed: list, counts: dict[str, int], state: str) -> list[Row]:
        if not state:
            return []
        total = sum(n for n in counts.values() if n > 0)
        head = Text(no_wrap=True, overflow="ellipsis", end="")
        head.append("Suggestions", Style(bold=True, underline=True))
        if state == "hidden":
            head.append("  hidden (z shows)", Style(dim=True))
            return [Row(("sugg-head", "hidden"), (head,))]
        head.append(f"  {total}" if state == "final" else f"  {total}, finding more…")
        rows = [Row(("sugg-head", state, total), (head,))]
        for name in list(tagset.names) + sorted(t for t in counts if t not in tagset):
            n = counts.get(name, 0)
            if n <= 0:
                continue
            color = tagset.get(name).color
            row = Text(no_wrap=True, overflow="ellipsis", end="")
            row.append("  ")
            row.append(" ", Style(bgcolor=tag_rgb(color), dim=True))
            row.append(f" {safe_text(name)}  {n}")
            rows.append(Row(("sugg-count", name, n, color), (row,)))
        if total:
            rows.append(_plain("] next  a accept  x reject", "dim"))
        seen: set[str] = set()
        for s in listed:
            ident = f"sugg:{s.start}:{s.end}:{s.tag}"
            if ident in seen:
                continue
            seen.add(ident)
            color = tagset.get(s.tag).color
            key = (s, color)
            lines = self._sugg_rows.get(key)
            if lines is None:
                if len(self._sugg_rows) > 4096:
                    self._sugg_rows.clear()
                lines = self._sugg_rows[key] = _suggestion_label(s, color)
            rows.append(Row(("sugg", ident, color, s.speaker, s.reason, s.text), lines, ident, (s.start, s.end)))
        if total > len(seen):
            rows.append(_plain(f"… {total - len(seen)} more (] reaches them)", "dim"))
        return rows

    # ----- the listing and repainting

    def _replace(self, rows: list[Row]) -> None:
        """Swap in the new rows and repaint only the screen lines that show something else."""
        old = self._listing
        keep = self.highlighted_id
        new = Listing.of(rows)
        self._listing = new
        self.highlighted = new.by_ident.get(keep) if keep is not None else None
        self._update_virtual_size()
        if not self.is_mounted:
            return
        top = int(self.scroll_offset.y)
        bottom = top + self.scrollable_content_region.height
        dirty = [y for y in range(top, bottom)
                 if (old.line_key(y) if y < len(old.lines) else None)
                 != (new.line_key(y) if y < len(new.lines) else None)]
        if dirty:
            self.refresh_lines(dirty[0], dirty[-1] - dirty[0] + 1)
        if keep is not None and self.highlighted is not None:
            # the highlighted row may have moved: its old and new lines are both repainted
            self._refresh_row(self.highlighted)

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width if self.is_mounted else 0
        self.virtual_size = Size(width, len(self._listing.lines))

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if (old.height > height) != (new.height > height) or old.width != new.width:
            self.refresh(layout=True)

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._listing.rows):
            self.refresh_lines(self._listing.first_line[index], self._listing.rows[index].height)

    def _set_highlight(self, index: int | None, scroll: bool = True) -> None:
        if index is not None and self._listing.rows[index].ident is None:
            index = None
        old, self.highlighted = self.highlighted, index
        if old != index:
            if old is not None:
                self._refresh_row(old)
            if index is not None:
                self._refresh_row(index)
        if index is not None and scroll and self.is_mounted:
            row = self._listing.rows[index]
            y = self._listing.first_line[index]
            self.scroll_to_region(Region(0, y, max(self.scrollable_content_region.width, 1), len(row.lines)),
                                  animate=False, force=True, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.refresh()

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme changed: every line's colours too
        super().notify_style_update()

    def on_focus(self, event: events.Focus) -> None:
        if self.has_class("-hidden"):
            # Focused while hidden (a burst of keys, a modal closing after a resize):
            # give the focus straight back to the article, where the reader can see it.
            self.call_later(self._out_of_sight)
            return
        # Nothing highlighted yet: j (or down) goes to the first row, as in a list.
        if self.highlighted is not None:
            self._refresh_row(self.highlighted)

    def on_blur(self, event: events.Blur) -> None:
        if self.highlighted is not None:
            self._refresh_row(self.highlighted)

    # ----- drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        listing = self._listing
        if not 0 <= line < len(listing.lines):
            return Strip.blank(width, self.rich_style)
        index, n = listing.lines[line]
        row = listing.rows[index]
        if index == self.highlighted:
            state = "sidebar--highlight" if self.has_focus else "sidebar--highlight-blurred"
        elif row.ident is None:
            state = "sidebar--heading"
        else:
            state = ""
        key = (row.look, n, state, width, self.rich_style)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._draw(row, n, state, width)
        return strip

    def _draw(self, row: Row, n: int, state: str, width: int) -> Strip:
        base = self.rich_style
        if n >= len(row.lines):  # the rule under a group
            rule = self.get_component_rich_style("sidebar--rule")
            return Strip([_segment("─" * width, rule)], width)
        style = self.get_component_rich_style(state) if state else base
        text = row.lines[n].copy()
        text.truncate(width, overflow="ellipsis")
        segments = [seg for seg in text.render(self.app.console) if seg.text != "\n"]
        return Strip(segments).apply_style(style).extend_cell_length(width, style).crop(0, width)

    # ----- keys and mouse

    def _next_selectable(self, start: int, step: int) -> int | None:
        rows = self._listing.rows
        i = start + step
        while 0 <= i < len(rows):
            if rows[i].ident is not None:
                return i
            i += step
        return None

    def _out_of_sight(self) -> bool:
        """True when the sidebar is hidden (s, or a narrow terminal) yet a key reached it:
        keys sent in one burst (s then tab) could leave the focus here, and x then removed
        an annotation nobody could see. No key acts on unseen rows; the focus goes back
        to the article."""
        if not self.has_class("-hidden") and self.display:
            return False
        article = self.screen.query("#article")
        if article:
            article.first().focus()
        else:
            self.blur()
        return True

    def action_cursor(self, step: int) -> None:
        if self._out_of_sight():
            return
        start = self.highlighted if self.highlighted is not None else (-1 if step > 0 else len(self._listing.rows))
        found = self._next_selectable(start, step)
        if found is not None:
            self._set_highlight(found)

    def action_first(self) -> None:
        if self._out_of_sight():
            return
        if (found := self._next_selectable(-1, 1)) is not None:
            self._set_highlight(found)

    def action_last(self) -> None:
        if self._out_of_sight():
            return
        if (found := self._next_selectable(len(self._listing.rows), -1)) is not None:
            self._set_highlight(found)

    def action_page(self, step: int) -> None:
        if self._out_of_sight():
            return
        listing = self._listing
        if not listing.rows:
            return
        here = listing.first_line[self.highlighted] if self.highlighted is not None else 0
        target = min(max(here + step * max(self.scrollable_content_region.height - 1, 1), 0), len(listing.lines) - 1)
        index = listing.lines[target][0]
        found = index if listing.rows[index].ident is not None else (
            self._next_selectable(index, step) or self._next_selectable(index, -step))
        if found is not None:
            self._set_highlight(found)

    def _post_for_highlight(self, message: type[Jump]) -> None:
        if self._out_of_sight():
            return
        if (ident := self.highlighted_id) is not None:
            self.post_message(message(ident))

    def action_select(self) -> None:
        self._post_for_highlight(self.Jump)

    def action_remove(self) -> None:
        self._post_for_highlight(self.Remove)

    def action_edit(self) -> None:
        self._post_for_highlight(self.Edit)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = int(self.scroll_offset.y) + offset.y
        if 0 <= line < len(self._listing.lines):
            index = self._listing.lines[line][0]
            if self._listing.rows[index].ident is not None:
                event.stop()
                self._set_highlight(index, scroll=False)
                self.action_select()

    @property
    def list(self) -> "Sidebar":  # last in the class: the name hides the builtin below it
        """The focusable list (the sidebar itself; the app focuses ``sidebar.list``)."""
        return self

    # ----- fitting the terminal

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._fit_terminal)

    def _fit_terminal(self, _screen: Any = None) -> None:
        """Hide when the terminal gets too narrow, and come back when it is wide again
        (only if it was this that hid it: the reader's own ``s`` is kept)."""
        width = self.app.size.width
        was, self._last_width = self._last_width, width
        if was is None or (was < NARROW) == (width < NARROW):
            return
        if width < NARROW and not self.has_class("-hidden"):
            self._auto_hidden = True
            if self.has_focus:
                self.screen.focus_next()
            self.add_class("-hidden")
        elif width >= NARROW and self._auto_hidden:
            self._auto_hidden = False
            self.remove_class("-hidden")
            self.post_message(self.Revealed())


def _segment(text: str, style: Style) -> Any:
    from rich.segment import Segment

    return Segment(text, style)


def _plain(text: str, style: str, divider: bool = False) -> Row:
    return Row(("plain", text, style), (Text(text, style=style, no_wrap=True, overflow="ellipsis", end=""),),
               divider=divider)


def _with_divider(row: Row) -> Row:
    return Row(row.look, row.lines, row.ident, row.span, True)


def _suggestion_label(s: Any, color: str) -> tuple[Text, ...]:
    head = Text(no_wrap=True, overflow="ellipsis", end="")
    tag = safe_text(s.tag)
    head.append(tag[:1], Style(color=tag_rgb(color), underline=True, bold=True))
    head.append(f" {tag}", Style(dim=True))
    # As long as an annotation's row: the sidebar cuts both at its width when it draws
    # (a fixed ~28 here left a wide sidebar's suggestion rows half empty).
    room = max(4, SNIPPET - 5 - len(tag))  # one line each: tag · speaker or reason, then the snippet
    if s.speaker:
        head.append(f" · {snippet(s.speaker, room)}", Style(italic=True, dim=True))
    elif s.reason:
        head.append(f" · {snippet(s.reason, room)}", Style(dim=True))
    body = Text("  ", no_wrap=True, overflow="ellipsis", end="")
    body.append(snippet(s.text), Style(dim=True))
    return (head, body)


def rows_text(rows: Iterable[Row]) -> str:
    """The plain text of rows (tests and debugging)."""
    return "\n".join(line.plain for row in rows for line in row.lines)
