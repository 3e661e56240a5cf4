"""The footer: position and save state on the left, key hints on the right."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotations.textmap import safe_text


class StatusBar(Widget):
    """The footer: position and save state on the left, key hints on the right.

    Drawn as one Strip; a change repaints only the cells that changed, so moving the
    cursor does not make the screen redraw everything between the cursor and here."""

    DEFAULT_CSS = """
    StatusBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line = Text()
        self._plain = ""
        self._strip: Strip | None = None
        self._spans: list[object] | None = None

    def show(self, hints: list[tuple[str, str]], status: str, error: bool) -> None:
        width = self.size.width or 80
        left = Text()
        status = safe_text(status)  # file names, speakers, tags: always the one rule
        left.append(" " + status, Style(bold=True, color="red") if error else Style(bold=True))
        need = sum(len(f" {k} {label} ") + 1 for k, label in hints)
        left.truncate(max(10, width - 1 if not hints else max(width * 3 // 5, width - need - 1)),
                      overflow="ellipsis")
        right = Text()
        room = width - left.cell_len - 2
        for key, label in hints:
            piece = f" {key} {label} "
            if right.cell_len + len(piece) > room:
                break
            right.append(f" {key}", Style(bold=True, reverse=True))
            right.append(f" {label} ")
        pad = max(1, width - left.cell_len - right.cell_len)
        line = left + Text(" " * pad) + right
        plain = line.plain
        if plain == self._plain and line.spans == self._line.spans:
            return
        old = self._plain
        self._line, self._plain, self._strip = line, plain, None
        # Repaint from the first changed cell to the last (cells == chars here but
        # for wide characters; then everything).
        if len(old) == len(plain) and plain.isascii() and old.isascii() and line.spans == self._spans:
            first = next((i for i, (x, y) in enumerate(zip(old, plain)) if x != y), None)
            if first is None:
                return
            last = max(i for i, (x, y) in enumerate(zip(old, plain)) if x != y)
            self.refresh(Region(first, 0, last - first + 1, 1))
        else:
            self.refresh()
        self._spans = list(line.spans)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self._strip is None or self._strip.cell_length != width:
            segments = list(self._line.render(self.app.console))
            self._strip = Strip(segments).crop_extend(0, width, base).apply_style(base)
        return self._strip
