"""Boilerplate learned from the user, kept in a plain file in the article's folder.

When a user marks a line as boilerplate, the same line in the other articles of that
folder is offered as boilerplate too: site furniture repeats from page to page.

The file is ``.margin-boilerplate.txt`` in the folder (format in docs/learned.md):
UTF-8 text, one line of furniture per entry, as a reader sees it. Lines starting with
``#`` are comments; blank lines are ignored. Entries are compared after normalising
(Unicode NFKC, runs of whitespace to one space, ends trimmed, case folded), so the
user can edit the file freely. Saving keeps the user's comments and order and
replaces the file atomically.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .errors import StoreError
from .fsio import STATE_LIMIT, FileRefused, atomic_write, read_text, shown
from .textmap import safe_text

FILENAME = ".margin-boilerplate.txt"
HEADER = (
    "# Margin: lines learned as boilerplate in this folder (see docs/learned.md).\n"
    "# One line of page furniture per entry. Lines starting with # are comments.\n"
    "# Matching ignores case and runs of spaces. Delete a line to forget it.\n"
)
MAX_LINE = 500  # a whole paragraph is not furniture worth learning


def normalise(line: str) -> str:
    """The comparison form of a line: display-normalised, NFKC, spaces collapsed, case folded."""
    s = unicodedata.normalize("NFKC", safe_text(line))
    return " ".join(s.split()).casefold()


class LearnedBoilerplate:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / FILENAME
        self._lines: list[str] = []  # the file's lines as written (comments included)
        self._keys: set[str] = set()

    @classmethod
    def load(cls, folder: str | Path) -> "LearnedBoilerplate":
        """Read the folder's file if there is one; a missing file is an empty list."""
        lb = cls(folder)
        try:
            raw = read_text(lb.path, STATE_LIMIT, encoding="utf-8-sig")
        except FileNotFoundError:
            return lb
        except UnicodeDecodeError:
            raise StoreError(f"{shown(lb.path)}: not UTF-8 text; fix or delete it") from None
        except FileRefused as err:
            raise StoreError(str(err)) from None
        lb._lines = raw.splitlines()
        for line in lb._lines:
            if line.strip() and not line.lstrip().startswith("#"):
                lb._keys.add(normalise(line))
        return lb

    @property
    def entries(self) -> list[str]:
        return [ln.strip() for ln in self._lines if ln.strip() and not ln.lstrip().startswith("#")]

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, line_text: str) -> bool:
        """Learn a line. Returns False if it was already known or is empty/too long."""
        shown = " ".join(safe_text(line_text).split())
        key = normalise(shown)
        if not key or len(shown) > MAX_LINE or key in self._keys:
            return False
        if not self._lines:
            self._lines = HEADER.splitlines()
        self._lines.append(shown)
        self._keys.add(key)
        return True

    def remove(self, line_text: str) -> bool:
        key = normalise(line_text)
        if key not in self._keys:
            return False
        self._lines = [ln for ln in self._lines
                       if ln.lstrip().startswith("#") or not ln.strip() or normalise(ln) != key]
        self._keys.discard(key)
        return True

    def matches(self, display_line: str) -> bool:
        return bool(self._keys) and normalise(display_line) in self._keys

    def save(self) -> None:
        """Write the file atomically (temp file in the folder, then rename)."""
        data = "\n".join(self._lines) + "\n" if self._lines else ""
        try:
            atomic_write(self.path, data.encode("utf-8"))
        except OSError as err:
            raise StoreError(f"{shown(self.path)}: cannot write ({err.strerror or err})") from None
