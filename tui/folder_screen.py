"""The folder screen: the articles of a folder, their titles, counts per tag and state.

Every article is listed at once from the folder itself (a directory listing is cheap);
counts need every annotations file parsed and titles the top of every article, so a
thread worker fills them in as they come, from the core's caches when nothing changed
(annotations.review.scan_files and annotations.titles.TitleReader). Titles are read
for the rows on screen first: the list tells the reader which rows it shows whenever
it scrolls or is filtered, so ten 25 MB articles no longer keep it "reading titles…".

The screen asks the app to open an article with ``app.open_article(path, None)``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from annotations import folder as F
from annotations.errors import MarginError, StoreError
from annotations.tagset import TagSet
from annotations.textmap import safe_text
from annotations.titles import TitleReader

from .bindings import FOLDER
from .review_screen import ReviewScreen
from .table_screen import FixedTable, TableScreen, fit, open_article, thousands

SHOWN = 500  # rows in the table at most; a bigger folder is reached by filtering
BATCH_ITEMS = 200
BATCH_SECONDS = 0.05
STATE_STYLES = {F.DONE: Style(color="green", bold=True), F.IN_PROGRESS: Style(color="yellow"),
                F.NEW: Style(dim=True)}


@dataclass
class FolderCounts:
    """One annotations file's counts, as the worker found them."""

    article: Path
    counts: dict[str, int]
    total: int  # every annotation in the file, whatever its tag
    error: str | None


@dataclass
class FolderFound(Message):
    generation: int
    counts: list[FolderCounts]
    titles: list[tuple[Path, str]]


@dataclass
class FolderCuration(Message):
    """How far curation has gone, per article (annotations.curate.curation_labels)."""

    generation: int
    labels: dict[Path, str]


@dataclass
class FolderScanDone(Message):
    generation: int
    phase: str  # "counts" | "titles"


class Item:
    """One row of the list."""

    __slots__ = ("path", "name", "title", "counts", "total", "error", "missing", "hay", "state", "cells",
                 "curation")

    def __init__(self, path: Path, missing: bool = False) -> None:
        self.path = path
        self.name = path.name
        self.title: str | None = None  # None until the worker has it
        self.counts: dict[str, int] = {}
        self.total = 0
        self.error: str | None = None
        self.missing = missing  # annotations whose article file is gone
        self.hay = self.name.casefold()
        self.state = F.NEW
        self.cells: tuple | None = None  # (widths, cells) as last drawn, dropped on any change
        self.curation = ""  # "", "3/7" or "curated" (issue 11: a team's curation progress)

    @property
    def key(self) -> str:
        return self.name


class FolderTable(FixedTable):
    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value) and isinstance(self.screen, FolderScreen):
            self.screen.want_titles()  # rows came on screen: their titles next


TAG_SHORT = 8  # a tag column's header when the terminal is narrow
TAG_LONG = 16  # ... and when there is room ("boilerplate" whole from about 100 columns)
TITLE_ROOM = 30  # the title keeps this much before the tag headers are cut short


def tag_label(name: str, width: int = TAG_SHORT) -> str:
    name = safe_text(name)  # tag names come from annotations files: never raw to the terminal
    return name if len(name) <= width else name[:width - 1] + "…"


class FolderScreen(TableScreen):
    """The articles of ``folder``: enter opens, d marks done, r reviews every annotation."""

    BINDINGS: ClassVar[list[BindingType]] = [*FOLDER]
    NAME = "folder"
    # The list's own keys (enter d r j k g G q /) act; any other letter starts the filter,
    # and / starts it with any letter (docs/folders.md, "Filtering the list").
    PLACEHOLDER = "type to filter by file name, title or state (/ first for d, r, j, k, g, q)"
    HINTS = [("enter", "open"), ("d", "done"), ("r", "review"), ("/", "filter"), ("q", "back")]
    TABLE = FolderTable

    def __init__(self, folder: str | Path, *, tagset: TagSet | None = None) -> None:
        super().__init__(folder, tagset=tagset)
        self.items: list[Item] = []
        self.by_name: dict[str, Item] = {}
        self.shown: list[Item] = []
        self.tags: list[str] = list(self.tagset.names)  # configured first, then tags found in files
        self.state = F.FolderState()
        self.counting = False
        self.titling = False
        self.loaded_at: float | None = None  # when counts and titles were all in
        self._title_at = 0.0
        self.total_matching = 0
        self.titles: TitleReader | None = None  # the worker's, while it reads titles
        # The curation column is shown in team mode (team = true), only when some article
        # has something to curate: a solo annotator's list stays as it was.
        self.show_curation = False

    def populate(self) -> None:
        # The reader comes back here through a new list: the cursor starts on the
        # article that is open (the one the reader came from), so d marks that one.
        self._list(keep=self._open_article_name())

    def start(self) -> None:
        self._start_scan()

    def resume(self) -> None:
        # Back from an article: its counts and state may have changed. The caches make
        # this cheap; titles of unchanged articles come straight from the index.
        self._list(keep=self._open_article_name() or self._current_name())
        self._start_scan()

    def relayout(self) -> None:
        self._rebuild(self._current_name())

    def refilter(self, old_query: str) -> None:
        self._rebuild(self._current_name())

    def _open_article_name(self) -> str | None:
        """The article open in the reader, when it is in this folder."""
        path = getattr(self.app, "path", None)
        if isinstance(path, Path) and path.parent.resolve() == self.folder.resolve():
            return path.name
        return None

    def _list(self, keep: str | None = None) -> None:
        """The folder's articles, listed now (before any counting)."""
        try:
            paths = F.list_articles(self.folder)
        except MarginError as err:
            paths = []
            self.say(str(err), True)
        self._load_state()
        old = self.by_name
        self.items = []
        self.by_name = {}
        for p in paths:
            item = Item(p)
            prev = old.get(p.name)
            if prev is not None and not prev.missing:
                item.title, item.counts, item.total, item.error = prev.title, prev.counts, prev.total, prev.error
                item.curation = prev.curation
            self._add_item(item)
        self._rebuild(keep)

    def _add_item(self, item: Item) -> None:
        self.items.append(item)
        self.by_name[item.key] = item
        self._refresh_hay(item)

    def _load_state(self) -> None:
        try:
            self.state = F.load_state(self.folder)
        except StoreError as err:
            # A broken state file loses the marks on screen, never the file: set_done refuses to overwrite it.
            self.state = F.FolderState()
            self.say(str(err), True)

    def state_of(self, item: Item) -> str:
        return item.state

    def _refresh_hay(self, item: Item) -> None:
        """After any change to the item: its state, what the filter looks in, its cells."""
        item.state = F.article_state(item.path, item.total or (1 if item.error else 0), self.state)
        item.hay = "\n".join((item.name, item.title or "", item.state)).casefold()
        item.cells = None

    # ----- columns and rows

    def _widths(self) -> dict[str, int]:
        total = self.app.size.width - 1  # the scrollbar
        names = [i.path.name for i in self.items[:SHOWN]]
        w = {"file": min(max([len(n) for n in names] + [4]), 24), "state": 11}
        if self.show_curation:
            w["curation"] = 8
        # Whole tag names when the title keeps its room; cut to 8 only when it would not
        # (a fixed 8 showed "boilerp…" even at 200 columns).
        for t in self.tags:
            w["tag:" + t] = max(len(tag_label(t, TAG_LONG)), 4)
        gaps = len(w) + 1
        title = total - gaps - sum(w.values())
        if title < TITLE_ROOM:
            for t in self.tags:
                w["tag:" + t] = max(len(tag_label(t)), 4)
            title = total - gaps - sum(w.values())
        if title < 16:  # narrow or many tags: the file name gives way first
            give = min(w["file"] - 10, 16 - title)
            if give > 0:
                w["file"] -= give
                title += give
        w["title"] = max(title, 8)
        return w

    def _make_columns(self, widths: dict[str, int]) -> None:
        table = self.table
        table.clear(columns=True)
        table.add_column(fit("file", widths["file"], "bold"), width=widths["file"] + 1, key="file")
        table.add_column(fit("title", widths["title"], "bold"), width=widths["title"] + 1, key="title")
        for t in self.tags:
            w = widths["tag:" + t]
            label = Text(tag_label(t, w).rjust(w), style=Style(color=self.tagset.get(t).color, bold=True), end="")
            table.add_column(label, width=w + 1, key="tag:" + t)
        table.add_column(fit("state", widths["state"], "bold"), width=widths["state"] + 1, key="state")
        if "curation" in widths:
            table.add_column(fit("curation", widths["curation"], "bold"), width=widths["curation"] + 1,
                             key="curation")

    def _cells(self, item: Item, widths: dict[str, int]) -> list[Text]:
        if item.cells is not None and item.cells[0] == widths:
            return item.cells[1]
        cells = self._make_cells(item, widths)
        item.cells = (widths, cells)
        return cells

    def _make_cells(self, item: Item, widths: dict[str, int]) -> list[Text]:
        if item.missing:
            title = fit("(the article file is missing)", widths["title"], Style(color="red"))
        elif item.title is None:
            title = fit("…", widths["title"], Style(dim=True))
        else:
            title = fit(item.title or "(no title)", widths["title"], "" if item.title else Style(dim=True))
        cells = [fit(item.path.name, widths["file"]), title]
        for t in self.tags:
            cells.append(self._count_cell(item, t, widths["tag:" + t]))
        state = self.state_of(item)
        label = "unreadable" if item.error and state != F.DONE else state
        cells.append(fit(label, widths["state"], Style(color="red") if label == "unreadable" else STATE_STYLES[state]))
        if "curation" in widths:
            done = item.curation == "curated"
            cells.append(fit(item.curation or "·", widths["curation"],
                             Style(color="green") if done else ("" if item.curation else Style(dim=True))))
        return cells

    def _count_cell(self, item: Item, tag: str, width: int) -> Text:
        n = item.counts.get(tag, 0)
        return Text(str(n).rjust(width) if n else "·".rjust(width), style="" if n else Style(dim=True), end="")

    def _rebuild(self, keep: str | None = None) -> None:
        table = self.table
        old_row = table.cursor_row
        widths = self._widths()
        self._make_columns(widths)
        words = self.query_text.casefold().split()
        matching = [i for i in self.items if all(w in i.hay for w in words)]
        self.total_matching = len(matching)
        self.shown = matching[:SHOWN]
        for item in self.shown:
            table.add_row(*self._cells(item, widths), key=item.key)
        target = next((n for n, i in enumerate(self.shown) if i.key == keep), None) if keep else None
        self.place_cursor(target, old_row)
        self._update_title()
        self.update_status()
        self.call_after_refresh(self.want_titles)  # after the cursor has scrolled the table

    def want_titles(self) -> None:
        """Tell the title reader which rows are on screen, so it reads theirs next."""
        reader = self.titles
        if reader is None or not self.titling:
            return
        table = self.table
        top = max(int(table.scroll_offset.y), 0)
        rows = self.shown[top: top + max(table.size.height, 1)]
        reader.want([i.path for i in rows if i.title is None and not i.missing])

    def _refresh_item(self, item: Item, widths: dict[str, int] | None = None) -> None:
        """Redraw one row in place, if the table shows it."""
        table = self.table
        if item.key not in table.rows:
            return
        widths = widths or self._current_widths()
        keys = ["file", "title"] + ["tag:" + t for t in self.tags] + ["state", "curation"]
        for key, cell in zip(keys, self._cells(item, widths)):
            table.update_cell(item.key, key, cell)

    def _current_widths(self) -> dict[str, int]:
        return {str(key.value): col.width - 1 for key, col in self.table.columns.items()}

    def _current(self) -> Item | None:
        key = self.current_key()
        return self.by_name.get(key) if key is not None else None

    def _current_name(self) -> str | None:
        item = self._current()
        return item.key if item else None

    # ----- scanning

    def _start_scan(self) -> None:
        self.generation += 1
        self.counting = self.titling = True
        self._update_title()
        articles = [i.path for i in self.items if not i.missing]
        self.titles = TitleReader(self.folder, articles)
        self.want_titles()
        self._scan(self.generation, self.titles)

    @work(thread=True, exclusive=True, group="folder-scan")
    def _scan(self, generation: int, reader: TitleReader) -> None:
        from annotations.review import scan_files

        worker = get_current_worker()
        counts: list[FolderCounts] = []
        titles: list[tuple[Path, str]] = []
        last = time.monotonic()

        def flush(force: bool = False) -> None:
            nonlocal counts, titles, last
            now = time.monotonic()
            if (counts or titles) and (force or len(counts) + len(titles) >= BATCH_ITEMS
                                       or now - last >= BATCH_SECONDS):
                self.post_message(FolderFound(generation, counts, titles))
                counts, titles, last = [], [], now

        # Counts first: parsing annotations files is quicker than cleaning articles.
        try:
            for fs in scan_files(self.folder):
                if worker.is_cancelled:
                    return
                counts.append(FolderCounts(fs.article, dict(Counter(r.tag for r in fs.rows)),
                                           len(fs.rows), fs.error))
                flush()
        except MarginError:
            pass  # the folder itself failed: _list already said so
        flush(force=True)
        self.post_message(FolderScanDone(generation, "counts"))
        labels: dict[Path, str] = {}
        if self.tagset.team:  # a team's curation progress: annotations files only, read once more
            from annotations.curate import curation_labels

            try:
                labels = curation_labels(self.folder)
            except (MarginError, OSError):
                pass
        if labels and not worker.is_cancelled:
            self.post_message(FolderCuration(generation, labels))
        try:
            for path, title in reader:
                if worker.is_cancelled:
                    return
                titles.append((path, title))
                flush(force=reader.wanted_done)  # the rows on screen: show them now
        except MarginError:
            pass
        flush(force=True)
        self.post_message(FolderScanDone(generation, "titles"))

    def on_folder_found(self, msg: FolderFound) -> None:
        if msg.generation != self.generation:
            return
        rebuild = False
        changed: list[Item] = []
        for c in msg.counts:
            item = self.by_name.get(c.article.name)
            if item is None:
                # Annotations whose article is gone: their work still exists, so list them.
                item = Item(c.article, missing=True)
                self._add_item(item)
                rebuild = True
            item.counts, item.total, item.error = c.counts, c.total, c.error
            for tag in c.counts:
                if tag not in self.tags:
                    self.tags.append(tag)  # found in a file but not configured: still shown
                    rebuild = True
            self._refresh_hay(item)
            changed.append(item)
        for path, title in msg.titles:
            item = self.by_name.get(path.name)
            if item is not None:
                item.title = title
                self._refresh_hay(item)
                changed.append(item)
        if rebuild:
            self.items.sort(key=lambda i: F._natural_key(i.path.name))  # missing articles in their place
        if rebuild or (self.query_text and changed):
            self._rebuild(self._current_name())
        else:
            widths = self._current_widths()
            for item in changed:
                self._refresh_item(item, widths)
        now = time.monotonic()
        if now - self._title_at > 0.2:  # counting states over 10,000 items on every batch adds up
            self._update_title()

    def on_folder_curation(self, msg: FolderCuration) -> None:
        if msg.generation != self.generation:
            return
        for item in self.items:
            label = msg.labels.get(item.path, "")
            if label != item.curation:
                item.curation, item.cells = label, None
        show = any(item.curation for item in self.items)
        if show != self.show_curation:
            self.show_curation = show
            self._rebuild(self._current_name())
        elif show:
            widths = self._current_widths()
            for item in self.shown:
                self._refresh_item(item, widths)

    def on_folder_scan_done(self, msg: FolderScanDone) -> None:
        if msg.generation != self.generation:
            return
        if msg.phase == "counts":
            self.counting = False
            # Articles with no annotations file were not visited: they have none now.
            seen_error = [i for i in self.items if i.error]
            if seen_error:
                self.notify(safe_text(seen_error[0].error or ""), title="An annotations file cannot be read",
                            severity="error", timeout=10)
        else:
            self.titling = False
            self.loaded_at = time.monotonic()
        self._update_title()

    # ----- text around the table

    def _update_title(self) -> None:
        self._title_at = time.monotonic()
        states = Counter(i.state for i in self.items)
        n = len(self.items)
        t = Text(f" {safe_text(self.folder.resolve().name or str(self.folder))} · "
                 f"{thousands(n)} article{'s' if n != 1 else ''}", no_wrap=True, overflow="ellipsis", end="")
        t.append(" · ")
        t.append(f"{thousands(states[F.DONE])} done", STATE_STYLES[F.DONE])
        t.append(f" · {thousands(states[F.IN_PROGRESS])} in progress")
        if self.counting:
            t.append(" · counting…", Style(italic=True))
        elif self.titling:
            t.append(" · reading titles…", Style(italic=True))
        self.query_one("#folder-title", Static).update(t)

    def status_right(self) -> Text:
        total = self.total_matching
        if total > len(self.shown):
            return Text(f"showing {thousands(len(self.shown))} of {thousands(total)} ", style=Style(bold=True))
        if self.query_text:
            return Text(f"{thousands(total)} of {thousands(len(self.items))} ", style=Style(bold=True))
        return Text("")

    # ----- actions

    def action_open(self) -> None:
        if self.focused is self.filter_input:
            self.leave_filter(clear=False)
            return
        item = self._current()
        if item is None:
            return
        if item.missing or not item.path.exists():
            self.say(f"{item.path.name}: the article file is missing (its annotations remain)", True)
            return
        self.message = ""
        error = open_article(self, item.path, None)
        if error:
            self.say(error, True)
        else:
            self._stale = True
            self.update_status()

    def action_toggle_done(self) -> None:
        item = self._current()
        if item is None or item.missing:
            return
        done = item.path.name not in self.state.done
        try:
            F.set_done(item.path, done, author=self.tagset.author)
        except MarginError as err:
            self.say(str(err), True)
            return
        self._load_state()
        # The file is the truth: marks made elsewhere since we looked show now too.
        widths = self._current_widths()
        for other in self.items:
            before = other.state
            self._refresh_hay(other)
            if other is item or other.state != before:
                self._refresh_item(other, widths)
        self._update_title()
        self.say(f"{item.name}: {'done' if done else 'no longer done'}")

    def action_review(self) -> None:
        self._stale = True  # deletions there change the counts here
        self.app.push_screen(ReviewScreen(self.folder, tagset=self.tagset))

    def _nothing_below(self) -> bool:
        """The reader started on a folder and has no article yet: back means quit."""
        return len(self.app.screen_stack) <= 1 or getattr(self.app, "path", "") is None

    def hints(self) -> list[tuple[str, str]]:
        # q quits on the top-level list: the status line says so rather than "back".
        if self.is_mounted and self._nothing_below():
            return [(k, "quit" if k == "q" else label) for k, label in self.HINTS]
        return self.HINTS

    def leave(self) -> None:
        # Back to what is below; but when nothing is open below (the reader started on a
        # folder and has no article yet: its path is None), back means quit.
        if not self._nothing_below():
            self.dismiss()
        elif hasattr(self.app, "action_quit_safely"):
            self.app.action_quit_safely()
        else:
            self.app.exit()
