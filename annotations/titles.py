"""Article titles for the folder list, read from the top of each file.

A title is at the top of an article, and cleaning a whole 25 MB file to find it took
10 s, so ``title_of`` reads at most ``TITLE_BYTES`` (through the same first-part read
the reader draws a big article's first frame from, annotations/opening.py); a file no
bigger than that is read whole with ``read_article`` and gets exactly the reader's title.

``TitleReader`` hands titles out in the order the list needs them: the rows on screen
first (``want``, called from the UI thread as the list scrolls), then the rest in
folder order. Titles are cached in the folder index (annotations/index.py), keyed by
each file's size, mtime and inode.
"""

from __future__ import annotations

import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .article import MAX_BYTES, read_article
from .cleaning import clean
from .errors import MarginError
from .index import FolderIndex
from .opening import first_part

TITLE_BYTES = 16 * 1024  # a title and the lines around it; cleaning this takes ~10 ms


def title_of(path: Path, limit: int = TITLE_BYTES) -> str:
    """The title as the cleaner picks it from the first ``limit`` bytes of the file;
    "" when the file cannot be read as an article (opening it says why)."""
    try:
        st = path.stat()
    except OSError:
        return ""
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return ""  # a FIFO would block; a file over the limit will not open
    try:
        if st.st_size > limit:
            part = first_part(path, limit)
            # None: the top does not decode as text (binary, say); never read on for a title.
            return part.document.title_text if part is not None else ""
        return clean(read_article(path)).title_text
    except MarginError:
        return ""


class TitleReader:
    """Titles of ``articles``, the wanted ones first. Iterate it in one worker thread;
    call ``want`` from any other."""

    def __init__(self, folder: str | Path, articles: Iterable[Path], *, whole_folder: bool = True) -> None:
        self.folder = Path(folder)
        self._todo: dict[Path, None] = dict.fromkeys(articles)  # kept in folder order
        self._wanted: list[Path] = []
        self._lock = threading.Lock()
        self.whole_folder = whole_folder  # every article of the folder: the cache may drop the rest
        # True right after the last wanted title was handed out: the moment to show them.
        self.wanted_done = False

    def want(self, paths: Iterable[Path]) -> None:
        """Read these next (the rows on screen), before the rest; replaces the last wish."""
        wanted = list(paths)
        with self._lock:
            self._wanted = [p for p in wanted if p in self._todo]

    def pending(self) -> int:
        with self._lock:
            return len(self._todo)

    def _next(self) -> Path | None:
        with self._lock:
            while self._wanted:
                path = self._wanted.pop(0)
                if path in self._todo:
                    del self._todo[path]
                    self.wanted_done = not self._wanted
                    return path
            self.wanted_done = False
            if not self._todo:
                return None
            path = next(iter(self._todo))
            del self._todo[path]
            return path

    def __iter__(self) -> Iterator[tuple[Path, str]]:
        index = FolderIndex(self.folder, "titles")
        complete = False
        try:
            while (path := self._next()) is not None:
                try:
                    st = path.stat()
                except OSError:
                    continue
                title = index.get(path.name, st)
                if title is None:
                    title = title_of(path)
                    index.put(path.name, st, title)
                yield path, title
            complete = True
        finally:
            index.save(complete=complete and self.whole_folder)
