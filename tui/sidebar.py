"""The tag sidebar: each tag with its key and count, then the annotations in document
order, then orphans in a group of their own. Enter on an annotation jumps to it.

It is not the article, so ordinary widgets are fine here. Every string that comes from
the article or the annotations file goes into a ``rich.text.Text`` as plain text.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotations.tagset import TagSet
from annotations.textmap import safe_text

from .article_view import tag_rgb

SNIPPET = 60


def snippet(text: str, width: int = SNIPPET) -> str:
    s = safe_text(text)
    return s if len(s) <= width else s[: width - 1] + "…"


class _SidebarScrollBar(ScrollBar):
    """Textual's scrollbar, drawing each look once: tagging and untagging a sentence
    changes the list's length back and forth, and redrawing the bar through Rich
    costs about a millisecond a time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: dict[tuple, list[Strip]] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        parent = self.parent
        styles = parent.styles
        key = (crop, self.size, self.position, self.window_size, self.window_virtual_size, self.thickness,
               self.grabbed, self.mouse_over, styles.scrollbar_background, styles.scrollbar_color,
               styles.scrollbar_background_active, styles.scrollbar_color_active,
               styles.scrollbar_background_hover, styles.scrollbar_color_hover,
               parent.background_colors, self.screen.styles.scrollbar_color, self.app.theme)
        strips = self._drawn.get(key)
        if strips is None:
            strips = super().render_lines(crop)
            if len(self._drawn) > 64:
                self._drawn.clear()
            self._drawn[key] = strips
        return strips


class Sidebar(OptionList):
    """One OptionList: the tag counts as disabled rows at the top, then the annotations.

    A single widget rather than a container of several, since every widget beside a
    changed row is asked to draw on each keystroke."""

    DEFAULT_CSS = """
    Sidebar { width: 35; height: 1fr; border: none; border-left: solid $panel-lighten-2; scrollbar-size-vertical: 1;
        padding: 0 0 0 1; background: $surface; }
    Sidebar:focus { border: none; border-left: solid $accent; }
    Sidebar.-hidden { display: none; }
    """

    # The list grows by two rows per annotation. Textual re-lays out the whole screen
    # when a widget's virtual size changes; this one's box never changes size, so only
    # ask for a layout when the scrollbar must appear or go.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if (old.height > height) != (new.height > height) or old.width != new.width:
            self.refresh(layout=True)
        # else: show() repaints the lines that changed; the scrollbar redraws itself

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        # Widget.vertical_scrollbar, with the caching bar above.
        if self._vertical_scrollbar is None:
            bar = _SidebarScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def render_lines(self, crop):
        # Rows are kept across re-lists (see _replace_options), and their drawn
        # strips are cached without the width: when the scrollbar comes or goes the
        # content gets narrower or wider without a resize, so measure and draw again.
        width = self.scrollable_content_region.width
        if width != self._drawn_width:
            if self._drawn_width is not None:
                self._clear_caches()
            self._drawn_width = width
        # Looked up once per frame rather than once per line (see render_line).
        self._frame_padding = self.get_component_styles("option-list--option").padding
        try:
            return super().render_lines(crop)
        finally:
            self._frame_padding = None

    def render_line(self, y: int) -> Strip:
        # OptionList.render_line, minus the per-line re-checks of the line cache
        # (render_lines brought it up to date) and of the padding: a re-list
        # repaints every row below the change, so this runs ~30 times per tag.
        lines = self._line_cache.lines
        line_number = self.scroll_offset.y + y
        padding = self._frame_padding
        if padding is None or not 0 <= line_number < len(lines):
            return super().render_line(y)
        index, line_offset = lines[line_number]
        option = self._options[index]
        if option.disabled:
            style = self.get_visual_style("option-list--option", "option-list--option-disabled")
        elif self.highlighted == index:
            style = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        elif self._mouse_hovering_over == index:
            style = self.get_visual_style("option-list--option", "option-list--option-hover")
        else:
            style = self.get_visual_style("option-list--option")
        strips = self._option_render_cache.get((option, style, padding))
        if strips is None:
            strips = self._get_option_render(option, style)
        if line_offset >= len(strips):
            return super().render_line(y)
        return strips[line_offset]

    BINDINGS = [
        Binding("x,delete", "remove", "Remove the highlighted annotation (orphans too)", id="sidebar.remove"),
        Binding("e", "edit", "Edit the highlighted annotation's note", id="sidebar.edit"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sugg_rows: dict[tuple, Text] = {}
        self._sigs: list[tuple] = []  # what each listed row shows, to find the changed ones
        self._drawn_width: int | None = None
        self._ann_rows: dict[tuple, Text] = {}
        self._sig_memo: dict[int, tuple] = {}
        self._frame_padding = None

    class Remove(Message):
        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class Edit(Remove):
        pass

    def _highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def action_remove(self) -> None:
        if (ident := self._highlighted_id()) is not None:
            self.post_message(self.Remove(ident))

    def action_edit(self) -> None:
        if (ident := self._highlighted_id()) is not None:
            self.post_message(self.Edit(ident))

    class Jump(Message):
        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    @property
    def list(self) -> OptionList:
        return self

    def show(self, tagset: TagSet, annotations: list, read_only: str | None = None, *,
             suggestions: list | None = None, suggestion_counts: dict[str, int] | None = None,
             suggestions_state: str = "") -> None:
        """Fill the counts and the list (O(annotations + listed suggestions)).

        Suggestions come last, in their own group: a header with the count per tag,
        then the listed ones (the first hundred, in document order) with ids
        "sugg:START:END:TAG"."""
        placed = sorted((a for a in annotations if not a.orphan), key=lambda a: a.sort_key())
        orphans = [a for a in annotations if a.orphan]
        counts: dict[str, int] = {}
        for a in annotations:
            counts[a.tag] = counts.get(a.tag, 0) + 1
        rows: list[Text] = []
        names = list(tagset.names) + sorted(n for n in counts if n not in tagset)
        for name in names:
            tag = tagset.get(name)
            key = tag.key or " "
            row = Text(no_wrap=True, overflow="ellipsis")
            row.append(f"{key} ", Style(bold=True))
            row.append(" ", Style(bgcolor=tag_rgb(tag.color)))
            row.append(f" {name}", Style(bold=True))
            row.append(f"  {counts.get(name, 0)}")
            rows.append(row)
        if read_only:
            rows.append(Text("read-only: the annotations file did not parse", Style(color="red", bold=True)))

        ol = self.list
        highlighted = ol.highlighted_option.id if ol.highlighted_option is not None else None
        options: list[Option | None] = [Option(row, disabled=True) for row in rows]
        options.append(None)
        if not placed and not orphans:
            options.append(Option(Text("No annotations yet. Press c, q or b on a sentence.", style="dim"),
                                  disabled=True))
        for a in placed:
            options.append(Option(self._cached_label(tagset, a), id=a.id))
        if orphans:
            options.append(None)
            options.append(Option(Text(f"Orphans ({len(orphans)}): text not found in this version",
                                       style="bold red"), disabled=True))
            for a in orphans:
                options.append(Option(self._cached_label(tagset, a, orphan=True), id=a.id))
        options.extend(self._suggestion_rows(tagset, suggestions or [], suggestion_counts or {},
                                             suggestions_state))
        self._replace_options(options, highlighted)

    def _replace_options(self, options: list[Option | None], highlighted: str | None) -> None:
        """Swap in the new rows, keeping every unchanged row's Option (and so its
        measured height and drawn strips), and repaint only the lines that changed.

        Clearing and re-adding made Textual measure and draw every row on screen again
        (and flip the scrollbar off and on, a full layout) for each tag or untag."""
        new: list[Option] = []
        for item in options:
            if item is None:
                if new:
                    new[-1]._divider = True
                continue
            new.append(item)
        sigs = [self._signature(o) for o in new]
        old = list(self._options)
        old_sigs = self._sigs if len(self._sigs) == len(old) else [self._signature(o) for o in old]
        if sigs == old_sigs:
            return
        if not self.is_mounted or not self.scrollable_content_region:
            self.clear_options()
            self.add_options(new)
            self._sigs = sigs
            self._restore_highlight(highlighted)
            return
        cache = self._line_cache
        old_heights = dict(cache.heights)
        old_lines = dict(cache.index_to_line)
        old_total = len(cache.lines)
        merged: list[Option] = []
        heights: dict[int, int] = {}
        kept: list[tuple[int, int]] = []  # reused rows: old index, new index
        moved: dict[Option, int] = {}  # reused rows whose index changed: new index
        changed: list[int] = []  # indices in the new list drawn afresh
        for tag, i1, i2, j1, j2 in _opcodes(old_sigs, sigs):
            if tag == "equal":
                for k in range(i2 - i1):
                    opt = old[i1 + k]
                    if (h := old_heights.get(i1 + k)) is not None:
                        heights[j1 + k] = h
                    kept.append((i1 + k, j1 + k))
                    if i1 != j1:
                        moved[opt] = j1 + k
                    merged.append(opt)
            else:
                changed.extend(range(j1, j2))
                merged.extend(new[j1:j2])
        self._mouse_hovering_over = None
        self._options[:] = merged
        self._option_to_index.clear()
        self._id_to_option.clear()
        for index, opt in enumerate(merged):
            self._option_to_index[opt] = index
            if opt._id is not None:
                self._id_to_option[opt._id] = opt
        # Lines: measured heights are kept, only the new rows are measured.
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding
        cache.lines.clear()
        cache.heights.clear()
        cache.index_to_line.clear()
        for index, opt in enumerate(merged):
            h = heights.get(index)
            if h is None:
                h = self._get_visual(opt).get_height(self.styles, width - padding.width) + opt._divider
            cache.index_to_line[index] = len(cache.lines)
            cache.heights[index] = h
            cache.lines.extend((index, n) for n in range(h))
        # Rows that moved carry their index in their drawn strips (for the mouse):
        # re-stamp those rather than drawing them again.
        render_cache = self._option_render_cache
        if moved:
            for key in list(render_cache.keys()):
                if (index := moved.get(key[0])) is not None:
                    strips = render_cache[key]
                    render_cache.discard(key)  # set() keeps an existing entry
                    meta = Style.from_meta({"option": index})  # after the old, so it wins
                    render_cache.set(key, [Strip(Segment.apply_style(list(strip), post_style=meta), strip.cell_length)
                                           for strip in strips])
        self._sigs = sigs
        self._update_lines()
        # Repaint the changed rows, and the rows whose lines moved; a list that got
        # shorter also repaints down to where it used to end.
        dirty: list[tuple[int, int]] = [(cache.index_to_line[i], cache.heights[i]) for i in changed]
        for was, index in kept:
            line = cache.index_to_line[index]
            if old_lines.get(was) != line:
                dirty.append((line, cache.heights[index]))
        if old_total > len(cache.lines):
            dirty.append((len(cache.lines), old_total - len(cache.lines)))
        if dirty:
            top = min(y for y, _ in dirty)
            bottom = max(y + n for y, n in dirty)
            self.refresh_lines(top, bottom - top)
        self._restore_highlight(highlighted)

    def _restore_highlight(self, highlighted: str | None) -> None:
        """The highlight follows its row; none when that row is gone (as it was)."""
        option = self._id_to_option.get(highlighted) if highlighted is not None else None
        index = self._option_to_index[option] if option is not None else None
        if self.highlighted != index:
            self.highlighted = index

    def _suggestion_rows(self, tagset: TagSet, listed: list, counts: dict[str, int],
                         state: str) -> list[Option | None]:
        if not state:
            return []
        rows: list[Option | None] = [None]
        total = sum(n for n in counts.values() if n > 0)
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append("Suggestions", Style(bold=True, underline=True))
        if state == "hidden":
            head.append("  hidden (z shows)", Style(dim=True))
            return rows + [Option(head, disabled=True)]
        head.append(f"  {total}" if state == "final" else f"  {total}, finding more…")
        rows.append(Option(head, disabled=True))
        for name in list(tagset.names) + sorted(t for t in counts if t not in tagset):
            n = counts.get(name, 0)
            if n <= 0:
                continue
            row = Text(no_wrap=True, overflow="ellipsis")
            row.append("  ")
            row.append(" ", Style(bgcolor=tag_rgb(tagset.get(name).color), dim=True))
            row.append(f" {name}  {n}")
            rows.append(Option(row, disabled=True))
        if total:
            rows.append(Option(Text("] next  a accept  x reject", style="dim"), disabled=True))
        seen: set[str] = set()
        for s in listed:
            ident = f"sugg:{s.start}:{s.end}:{s.tag}"
            if ident in seen:  # option ids must be unique
                continue
            seen.add(ident)
            # Tagging re-lists the sidebar: a suggestion's row is drawn once per tag colour.
            key = (s, tagset.get(s.tag).color)
            t = self._sugg_rows.get(key)
            if t is None:
                t = self._sugg_rows[key] = self._suggestion_label(tagset, s)
            rows.append(Option(t, id=ident))
        if total > len(listed):
            rows.append(Option(Text(f"… {total - len(listed)} more (] reaches them)", style="dim"),
                               disabled=True))
        return rows

    def _suggestion_label(self, tagset: TagSet, s) -> Text:
        if len(self._sugg_rows) > 4096:
            self._sugg_rows.clear()
        tag = tagset.get(s.tag)
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(s.tag[:1], Style(color=tag_rgb(tag.color), underline=True, bold=True))
        t.append(f" {s.tag}", Style(dim=True))
        # one line each: the row is tag · speaker or reason, then the snippet
        room = max(4, 23 - len(s.tag))
        if s.speaker:
            t.append(f" · {snippet(s.speaker, room)}", Style(italic=True, dim=True))
        elif s.reason:
            t.append(f" · {snippet(s.reason, room)}", Style(dim=True))
        t.append("\n  ")
        t.append(snippet(s.text, 28), Style(dim=True))
        return t

    def _cached_label(self, tagset: TagSet, a, orphan: bool = False) -> Text:
        """Every re-list shows every annotation: draw each row's text once."""
        key = (a.tag, a.speaker, a.note, a.text, orphan, tagset.get(a.tag).color)
        t = self._ann_rows.get(key)
        if t is None:
            if len(self._ann_rows) > 4096:
                self._ann_rows.clear()
            t = self._ann_rows[key] = self._label(tagset, a, orphan)
        return t

    def _signature(self, option: Option) -> tuple:
        """_signature, remembered for the row texts that are kept between re-lists."""
        memo = self._sig_memo.get(id(option.prompt))
        if memo is not None and memo[0] is option.prompt:
            return (option.id, option.disabled, option._divider, memo[1])
        sig = _signature(option)
        if len(self._sig_memo) > 8192:
            self._sig_memo.clear()
        self._sig_memo[id(option.prompt)] = (option.prompt, sig[3])  # holds the text: its id stays unique
        return sig

    def _label(self, tagset: TagSet, a, orphan: bool = False) -> Text:
        tag = tagset.get(a.tag)
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(" ", Style(bgcolor=tag_rgb(tag.color)))
        t.append(f" {a.tag}", Style(bold=True, strike=orphan))
        if a.speaker:
            t.append(f" · {safe_text(a.speaker)}", Style(italic=True))
        if a.note:
            t.append(" ✎", Style(bold=True))
        t.append("\n  ")
        t.append(snippet(a.text), Style(dim=orphan))
        return t

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Jump(event.option.id))


def _signature(option: Option) -> tuple:
    """What a row looks like and does: equal signatures draw the same."""
    prompt = option.prompt
    if isinstance(prompt, Text):
        look = (prompt.plain, tuple(prompt.spans), prompt.style, prompt.no_wrap, prompt.overflow)
    else:
        look = (str(prompt),)
    return (option.id, option.disabled, option._divider, look)


def _opcodes(old: list, new: list) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes, with the common head and tail taken off first
    (a re-list usually changes a row or two)."""
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    q = 0
    while q < n - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
        q += 1
    ops = [("equal", 0, p, 0, p)]
    matcher = SequenceMatcher(None, old[p:len(old) - q], new[p:len(new) - q], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append((tag, i1 + p, i2 + p, j1 + p, j2 + p))
    ops.append(("equal", len(old) - q, len(old), len(new) - q, len(new)))
    return ops
