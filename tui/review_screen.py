"""The review screen: every saved annotation of a folder in one table.

The scan (annotations.review.scan) streams file by file in a thread worker, which posts
rows in small batches, so the screen opens on the first rows at once. Filtering and
sorting work on the in-memory list and never rescan; the table itself holds at most
SHOWN rows (a DataTable of 100,000 rows would make every keystroke slow), and the
status line says how many matched.

The screen asks the app to open an article with ``app.open_article(path, at)``, ``at``
being a raw offset into the article text.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from annotations.errors import MarginError
from annotations.notes import first_line
from annotations.review import ReviewQuery, ReviewRow, haystack, parse_query
from annotations.tagset import TagSet
from annotations.team import removal_owner
from annotations.textmap import safe_text

from .bindings import REVIEW
from .screens import YesNoScreen
from .table_screen import (  # noqa: F401 - fit … FixedTable were defined here first; keep them importable
    FixedTable, TableScreen, fit, key_hints, open_article, short_paths, thousands,
)

SHOWN = 500  # rows put in the table at most; the rest are counted, reached by filtering
SORT_DELAY = 0.25  # while streaming with a sort on, re-sort at most this often


# ---------------------------------------------------------------- messages

@dataclass
class ReviewRowsFound(Message):
    """A batch of rows from the scan (or, when ``replace``, the whole new list)."""

    generation: int
    entries: list["Entry"]
    replace: bool = False


@dataclass
class ReviewScanDone(Message):
    generation: int
    errors: list[str]


@dataclass
class ReviewDeleted(Message):
    entry: "Entry"
    error: str | None


@dataclass
class ReviewOpenAt(Message):
    path: Path
    at: int | None


# ---------------------------------------------------------------- model

class Entry:
    """One review row with what filtering and sorting need, computed once in the worker."""

    __slots__ = ("row", "hay", "seq", "tag_cf", "author_cf", "cells")

    def __init__(self, row: ReviewRow, seq: int) -> None:
        self.row = row
        self.seq = seq
        self.tag_cf = row.tag.casefold()
        self.author_cf = row.author.casefold()
        self.cells: tuple | None = None  # (widths, cells) as last drawn
        self.hay = haystack(row)  # what a plain filter word is looked for in (the core decides)


def apply_query(query: ReviewQuery, entries: list[Entry]) -> list[Entry]:
    """The entries matching the filter (the core's ``ReviewQuery``), in their order.

    The same test as ``ReviewQuery.matches_prepared``, one list pass per term: calling
    it once per row made a 100,000-row filter 1.5 to 4 times slower. A test checks the
    two agree."""
    out = entries
    for kind, value in query.terms:
        if kind == "tag":
            out = [e for e in out if e.tag_cf.startswith(value)]
        elif kind == "author":
            out = [e for e in out if value in e.author_cf]
        else:
            out = [e for e in out if value in e.hay]
    return out if out is not entries else list(entries)


def matcher(query: str) -> Callable[[Entry], bool] | None:
    """A predicate for one entry (rows arriving while the scan runs); None when empty."""
    parsed = parse_query(query)
    if not parsed:
        return None
    return lambda e: parsed.matches_prepared(e.tag_cf, e.author_cf, e.hay)


@functools.lru_cache(maxsize=65536)
def _natural(name: str):
    # Cached per file name: sorting 100,000 rows by article splits each name only once.
    from annotations.folder import _natural_key

    return _natural_key(name)


# Columns: key, header, sort key. Widths come from column_widths().
COLUMNS: list[tuple[str, str, Callable[[Entry], Any]]] = [
    ("article", "article", lambda e: (_natural(e.row.article.name), e.row.start)),
    ("tag", "tag", lambda e: e.tag_cf),
    ("text", "text", lambda e: e.row.text.casefold()),
    ("speaker", "speaker", lambda e: (e.row.speaker or "").casefold()),
    ("note", "note", lambda e: e.row.note.casefold()),
    ("author", "author", lambda e: e.author_cf),
    ("date", "date", lambda e: e.row.created),
    ("state", "state", lambda e: e.row.state),
]
SORT_KEYS = {k: f for k, _, f in COLUMNS}


TEXT_LEAST = 20  # the text column's cells at 80 columns: a few words, not one and a half


def column_widths(total: int, empty: frozenset[str] = frozenset()) -> dict[str, int]:
    """Content width per column for a table ``total`` cells wide (each column adds a gap).
    A column of ``empty`` (no row has anything in it) keeps only its header, and its room
    goes to the text: at 80 columns the text had 14 cells beside three blank columns."""
    w = {"article": 12, "tag": 8, "speaker": 8, "note": 8, "author": 7, "date": 10, "state": 6}
    headers = {k: h for k, h, _ in COLUMNS}
    for k in empty:
        w[k] = len(headers[k])
    room = total - 1 - len(COLUMNS)  # the scrollbar, then one gap per column
    text = room - sum(w.values())
    if text < TEXT_LEAST:  # narrow: take from the side columns, text stays readable
        # The author gives before the article: the file name says which row it is.
        for k, least in (("note", 5), ("speaker", 5), ("author", 6), ("article", 8), ("tag", 6)):
            if k in empty:
                continue
            give = min(w[k] - least, TEXT_LEAST - text)
            w[k] -= give
            text += give
    else:  # wide: "boilerplate" whole first; then the text takes most, the note and the article some
        give = min(3, max(text - 26, 0))
        w["tag"] += give
        text -= give
        extra = text - 40
        if extra > 0:
            for k, share in (("note", 3), ("article", 3), ("speaker", 6)):
                if k in empty:
                    continue
                add = min(extra // share, 16)
                w[k] += add
                extra -= add
            text = room - sum(w.values())
    w["text"] = max(text, 8)
    return w


def detail_text(r: ReviewRow, color: str, width: int) -> Text:
    """The three lines under the table about the row under the cursor."""
    head = Text(no_wrap=True, overflow="ellipsis", end="")
    if r.orphan:  # first, so a narrow terminal never cuts it off
        head.append("orphan: not found in the article when last saved  ", Style(color="red", bold=True))
    head.append(safe_text(r.tag), Style(color=color, bold=True))
    head.append(f"  {safe_text(r.article.name)} {r.start}–{r.end}")
    if r.author:
        head.append(f"  by {safe_text(r.author)}")
    if r.created:
        head.append(f"  {r.created}")
    head.truncate(width, overflow="ellipsis")
    body = Text(safe_text(r.text), style="italic", no_wrap=True, overflow="ellipsis", end="")
    body.truncate(width, overflow="ellipsis")
    extra = []
    if r.speaker:
        extra.append(f"speaker: {safe_text(r.speaker)}")
    if r.note:
        extra.append(f"note: {safe_text(first_line(r.note))}")
    tail = Text("  ".join(extra), no_wrap=True, overflow="ellipsis", end="")
    tail.truncate(width, overflow="ellipsis")
    return Text("\n").join([head, body, tail])


@dataclass
class KeptView:
    """The review's filter and sort, kept for the next time it opens on the folder."""

    query: str
    sort_column: str | None
    sort_reverse: bool


_KEPT: dict[Path, KeptView] = {}  # per folder, for this run of the app


# ---------------------------------------------------------------- confirmation

class ConfirmDelete(YesNoScreen):
    """Delete this annotation? y deletes, n / esc keeps it (enter on the focused button)."""

    BINDINGS = [
        Binding("y", "choose(True)", "Delete", id="review.confirm_delete"),
        Binding("n,escape", "choose(False)", "Keep", id="review.cancel_delete"),
    ]
    heading = "Delete this annotation?"
    danger = True

    def __init__(self, row: ReviewRow, author: str = "") -> None:
        super().__init__()
        self.row = row
        # Another author's annotation: the title says whose it is (annotations/team.py).
        owner = removal_owner(row, author) if author else None
        if owner is not None:
            self.heading = safe_text(f"Delete {owner}'s {row.tag}? It is not yours.")

    def body(self):
        r = self.row
        text = safe_text(r.text)
        if len(text) > 160:
            text = text[:159] + "…"
        yield Static(Text.assemble((safe_text(r.tag), "bold"), f" in {safe_text(r.article.name)}",
                                   f" by {safe_text(r.author)}" if r.author else ""))
        yield Static(Text(text, style="italic"))
        if r.note:
            yield Static(Text("note: " + safe_text(r.note)))

    def labels(self) -> tuple[str, str]:
        return "Delete (y)", "Keep it (n)"


# ---------------------------------------------------------------- the screen

class ReviewTable(FixedTable):
    pass


class ReviewScreen(TableScreen):
    """Every saved annotation of ``folder``: filter as you type, sort, open, delete."""

    BINDINGS: ClassVar[list[BindingType]] = [*REVIEW]
    NAME = "review"
    PLACEHOLDER = "type to filter by tag, author or text (tag:claim author:ana)"
    HINTS = [("enter", "open"), ("x", "delete"), ("s", "sort"), ("/", "filter"), ("esc", "back")]
    TABLE = ReviewTable

    def __init__(self, folder: str | Path, *, tagset: TagSet | None = None) -> None:
        super().__init__(folder, tagset=tagset)
        self.entries: list[Entry] = []  # every row, in scan order
        self.matches: list[Entry] = []  # those the filter keeps, in the sort order
        self.by_key: dict[str, Entry] = {}  # rows in the table, by row key
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.scanning = False
        self.scan_errors: list[str] = []
        self.empty_columns: frozenset[str] = frozenset()  # no row has a speaker, a note, an orphan
        self.widths = column_widths(80)
        self._sort_timer: Timer | None = None
        self.loaded_at: float | None = None  # time the last scan finished (tests and benches wait on it)
        self._lock = threading.Lock()  # guards _pending, filled by the scan worker
        self._pending: list[Entry] = []
        self._pending_generation = 0

    def compose_below(self) -> Iterable[Widget]:
        yield Static(id="review-detail", classes="table-detail")

    def populate(self) -> None:
        # Reopened on the same folder: the filter and the sort the reader left.
        kept = _KEPT.get(self.folder.resolve())
        if kept is not None:
            self.sort_column, self.sort_reverse = kept.sort_column, kept.sort_reverse
            if kept.query:
                self.query_text = kept.query
                with self.filter_input.prevent(Input.Changed):
                    self.filter_input.value = kept.query
        self.widths = column_widths(self.app.size.width, self.empty_columns)
        self._make_columns()
        self._update_title()
        self.update_status()

    def start(self) -> None:
        self._start_scan(stream=True)

    def resume(self) -> None:
        self._start_scan(stream=False)  # keep showing the old rows until the new list is whole

    def relayout(self) -> None:
        widths = column_widths(self.app.size.width, self.empty_columns)
        if widths != self.widths:
            self.widths = widths
            self._make_columns()
            self._rebuild()

    def _make_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        for key, header, _ in COLUMNS:
            width = self.widths[key]
            label = header
            if key == self.sort_column:
                # The marker is what says how the table is sorted: the name gives way to it.
                marker = " ▼" if self.sort_reverse else " ▲"
                if len(header) + len(marker) > width:
                    label = header[: max(width - len(marker) - 1, 1)] + "…"
                label += marker
            table.add_column(fit(label, width, "bold"), width=width + 1, key=key)

    # ----- scanning

    def _start_scan(self, stream: bool) -> None:
        self.generation += 1
        self.scanning = True
        self.scan_errors = []
        self._update_title()
        self._scan(self.generation, stream)

    @work(thread=True, exclusive=True, group="review-scan")
    def _scan(self, generation: int, stream: bool) -> None:
        from annotations.review import scan

        worker = get_current_worker()
        errors: list[str] = []
        whole: list[Entry] = []
        seq = 0 if stream else 10**12 * generation  # row keys never repeat across scans
        try:
            for row in scan(self.folder, on_error=errors.append):
                if worker.is_cancelled:
                    return
                seq += 1
                entry = Entry(row, seq)
                if stream:
                    self._hand_over(generation, entry)
                else:
                    whole.append(entry)
        except MarginError as err:
            errors.append(str(err))
        if worker.is_cancelled:
            return
        if not stream:
            self.post_message(ReviewRowsFound(generation, whole, replace=True))
        self.post_message(ReviewScanDone(generation, errors))

    def _hand_over(self, generation: int, entry: Entry) -> None:
        """Queue a row for the screen (worker thread).

        Rows wait in a list; a message is posted only when the list was empty, and its
        handler takes everything queued by then. So rows arrive in batches as big as the
        screen is slow, and no row waits for the scan to read the next file.
        """
        with self._lock:
            if self._pending_generation != generation:
                self._pending_generation, self._pending = generation, []
            self._pending.append(entry)
            notify = len(self._pending) == 1
        if notify:
            self.post_message(ReviewRowsFound(generation, []))

    def on_review_rows_found(self, msg: ReviewRowsFound) -> None:
        if msg.generation != self.generation:
            return  # from a scan that was replaced
        if msg.replace:
            current = self._current_entry()
            self.entries = msg.entries
            self._refilter(keep=current.row.id if current else None)
            self._update_title()
            return
        with self._lock:
            entries = self._pending if self._pending_generation == msg.generation else []
            self._pending = []
        if not entries:
            return
        self.entries.extend(entries)
        new = apply_query(parse_query(self.query_text), entries)
        self.matches.extend(new)
        if self.sort_column is not None:
            self._schedule_sort()
        else:
            room = SHOWN - self.table.row_count
            if room > 0 and new:
                self._add_rows(new[:room])
        self._update_title()
        self.update_status()

    def on_review_scan_done(self, msg: ReviewScanDone) -> None:
        if msg.generation != self.generation:
            return
        self.scanning = False
        self.scan_errors = msg.errors
        if self._sort_timer is not None:
            self._sort_timer.stop()
            self._sort_timer = None
            self._resort()
        for err in msg.errors[:3]:
            self.notify(safe_text(err), title="Skipped an annotations file", severity="error", timeout=10)
        self._fit_empty_columns()
        self.loaded_at = time.monotonic()
        self._update_title()
        self.update_status()

    def _fit_empty_columns(self) -> None:
        """Once every row is in: columns no row fills give their room to the text."""
        rows = [e.row for e in self.entries]
        empty = frozenset(k for k, has in (("speaker", any(r.speaker for r in rows)),
                                           ("note", any(r.note for r in rows))) if not has)
        if empty != self.empty_columns:
            self.empty_columns = empty
            self.relayout()

    # ----- filtering, sorting, the table

    def _refilter(self, keep: str | None = None, narrow_from: ReviewQuery | None = None) -> None:
        query = parse_query(self.query_text)
        if narrow_from is not None and narrow_from.narrowed_by(query):
            self.matches = apply_query(query, self.matches)  # already sorted: filtering keeps the order
        else:
            self.matches = apply_query(query, self.entries)
            self._sort_matches()
        self._rebuild(keep)

    def _sort_matches(self) -> None:
        if self.sort_column == "article":
            # Rank the file names once, then sort on plain integers: comparing natural
            # keys (lists) 100,000 times took most of a second.
            names = sorted({e.row.article.name for e in self.matches}, key=_natural)
            rank = {n: i for i, n in enumerate(names)}
            self.matches.sort(key=lambda e: (rank[e.row.article.name], e.row.start), reverse=self.sort_reverse)
        elif self.sort_column is not None:
            self.matches.sort(key=SORT_KEYS[self.sort_column], reverse=self.sort_reverse)

    def _schedule_sort(self) -> None:
        if self._sort_timer is None:
            self._sort_timer = self.set_timer(SORT_DELAY, self._resort)

    def _resort(self) -> None:
        self._sort_timer = None
        current = self._current_entry()
        self._sort_matches()
        self._rebuild(current.row.id if current else None)

    def _cells(self, e: Entry) -> list[Text]:
        if e.cells is not None and e.cells[0] is self.widths:
            return e.cells[1]
        cells = self._make_cells(e)
        e.cells = (self.widths, cells)
        return cells

    def _make_cells(self, e: Entry) -> list[Text]:
        r, w = e.row, self.widths
        tag = self.tagset.get(r.tag)
        orphan = r.orphan
        return [
            fit(r.article.name, w["article"]),
            fit(r.tag, w["tag"], Style(color=tag.color, bold=True)),
            fit(r.text, w["text"], Style(dim=True) if orphan else ""),
            fit(r.speaker or "", w["speaker"]),
            fit(first_line(r.note), w["note"]),
            fit(r.author, w["author"]),
            fit(r.created[:10], w["date"]),
            # Every row says its state, as --json does ("ok" or "orphan", docs/folders.md):
            # a blank cell read as "unknown", not as fine.
            fit(r.state, w["state"], Style(color="red", bold=True) if orphan else Style(dim=True)),
        ]

    def _add_rows(self, entries: list[Entry]) -> None:
        table = self.table
        for e in entries:
            key = str(e.seq)
            self.by_key[key] = e
            table.add_row(*self._cells(e), key=key)
        if table.row_count == len(entries):
            self._update_detail()  # the first rows: describe the one under the cursor

    def _rebuild(self, keep: str | None = None) -> None:
        """Put the first SHOWN matches in the table; the cursor stays on ``keep`` (an id) if shown."""
        table = self.table
        old_row = table.cursor_row
        table.clear()
        self.by_key = {}
        shown = self.matches[:SHOWN]
        self._add_rows(shown)
        target = None
        if keep is not None:
            target = next((i for i, e in enumerate(shown) if e.row.id == keep), None)
        self.place_cursor(target, old_row)
        self._update_detail()
        self.update_status()

    def _current_entry(self) -> Entry | None:
        key = self.current_key()
        return self.by_key.get(key) if key is not None else None

    # ----- text around the table

    def _update_title(self) -> None:
        n = len(self.entries)
        title = Text(f" Review · {safe_text(self.folder.name or str(self.folder))} · ", no_wrap=True, end="")
        title.append(f"{thousands(n)} annotation{'s' if n != 1 else ''}")
        orphans = sum(1 for e in self.entries if e.row.orphan) if not self.scanning else 0
        if orphans:
            title.append(f" ({thousands(orphans)} orphan{'s' if orphans != 1 else ''})", Style(color="red"))
        if self.scanning:
            title.append(" · scanning…", Style(italic=True))
        elif self.scan_errors:
            title.append(f" · {len(self.scan_errors)} file(s) skipped", Style(color="red"))
        self.query_one("#review-title", Static).update(title)

    def status_right(self) -> Text:
        shown = min(len(self.matches), SHOWN)
        total = len(self.matches)
        if total > shown:
            return Text(f"showing {thousands(shown)} of {thousands(total)} ", style=Style(bold=True))
        right = Text(f"{thousands(total)} shown ", style=Style(bold=True))
        if self.query_text:
            right.append(f"of {thousands(len(self.entries))} ")
        return right

    def _update_detail(self) -> None:
        e = self._current_entry()
        detail = self.query_one("#review-detail", Static)
        if e is None:
            detail.update(Text("No annotations match." if self.entries or not self.scanning else "Scanning…",
                               style="italic"))
            return
        detail.update(detail_text(e.row, self.tagset.get(e.row.tag).color, max(20, self.app.size.width - 2)))

    def _keep_view(self) -> None:
        _KEPT[self.folder.resolve()] = KeptView(self.query_text, self.sort_column, self.sort_reverse)

    def refilter(self, old_query: str) -> None:
        self._keep_view()
        current = self._current_entry()
        self._refilter(keep=current.row.id if current else None, narrow_from=parse_query(old_query))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_detail()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = event.column_key.value
        if key == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = key, False
        self._apply_sort()

    # ----- actions

    def action_sort(self) -> None:
        keys = [k for k, _, _ in COLUMNS]
        if self.sort_column is None:
            self.sort_column = keys[0]
        else:
            i = keys.index(self.sort_column) + 1
            self.sort_column = keys[i] if i < len(keys) else None  # after the last: scan order again
        self.sort_reverse = False
        self._apply_sort()

    def action_reverse(self) -> None:
        if self.sort_column is None:
            self.sort_column = COLUMNS[0][0]
        self.sort_reverse = not self.sort_reverse
        self._apply_sort()

    def _apply_sort(self) -> None:
        self._keep_view()
        current = self._current_entry()
        self._make_columns()
        if self.sort_column is None:
            order = {id(e): i for i, e in enumerate(self.entries)}
            self.matches.sort(key=lambda e: order[id(e)])
        else:
            self._sort_matches()
        self._rebuild(current.row.id if current else None)
        if self.sort_column is None:
            self.say("in scan order")
        else:
            self.say(f"sorted by {self.sort_column}{', descending' if self.sort_reverse else ''}")

    def action_open(self) -> None:
        if self.focused is self.filter_input:
            self.leave_filter(clear=False)
            return
        e = self._current_entry()
        if e is None:
            return
        if not e.row.article.exists():
            self.say(f"{e.row.article.name}: the article file is missing (its annotations remain)", True)
            return
        self.say(f"opening {e.row.article.name}…")
        self._locate(e.row)

    @work(thread=True, exclusive=True, group="review-open")
    def _locate(self, row: ReviewRow) -> None:
        """Where the annotation is now: the article may have changed since the scan, so the
        store re-anchors it by id; the stored offset is the fallback."""
        from annotations.article import read_article
        from annotations.store import Store

        at: int | None = row.start
        try:
            store = Store(read_article(row.article))
            store.load()
            found = next((a for a in store.annotations if a.id == row.id), None)
            if found is not None:
                at = found.start
        except MarginError:
            pass  # unreadable now: the app says why when it opens it
        self.post_message(ReviewOpenAt(row.article, at))

    def on_review_open_at(self, msg: ReviewOpenAt) -> None:
        self.message = ""
        error = open_article(self, msg.path, msg.at)
        if error:
            self.say(error, True)
        else:
            self._stale = True
            self.update_status()

    def action_delete(self) -> None:
        e = self._current_entry()
        if e is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            # The article open in the reader deletes through its session, so the reader
            # shows the deletion at once (and a later save cannot bring it back).
            remover: Callable[[Path, str], bool] | None = getattr(self.app, "remove_in_open_article", None)
            if remover is not None and remover(e.row.article, e.row.id):
                self.post_message(ReviewDeleted(e, None))
                return
            self.say("deleting…")
            self._delete(e)

        self.app.push_screen(ConfirmDelete(e.row, self.tagset.author), answered)

    @work(thread=True, group="review-delete")
    def _delete(self, e: Entry) -> None:
        from annotations.review import delete_annotation

        error = None
        try:
            delete_annotation(e.row.article, e.row.id)
        except MarginError as err:
            error = str(err)
        except OSError as err:  # pragma: no cover - the core turns these into MarginErrors
            error = f"{e.row.article}: {err.strerror or err}"
        self.post_message(ReviewDeleted(e, error))

    def on_review_deleted(self, msg: ReviewDeleted) -> None:
        if msg.error:
            self.say(msg.error, True)
            return
        e = msg.entry
        # By article and id, not identity: a rescan may have replaced the entries meanwhile.
        gone = (e.row.article, e.row.id)
        self.entries = [x for x in self.entries if (x.row.article, x.row.id) != gone]
        self.matches = [x for x in self.matches if (x.row.article, x.row.id) != gone]
        self._rebuild()
        self._update_title()
        self.say(f"deleted the {e.row.tag} in {e.row.article.name}")
