"""A cache of what was parsed from each file of a folder, so a repeat scan is cheap.

The files are the truth. An entry is used only while its file's size, mtime_ns and
inode are what they were when it was parsed (the store saves by atomic rename, so
every save gives a new inode even when size and time look the same). Anything else
re-parses. A missing, damaged or foreign cache file is simply rebuilt.

One pickle per folder in platformdirs ``user_cache_dir("margin")``, named from a hash
of the folder's absolute path. The cache holds only what we computed from the user's
own files and is written by us, so unpickling it is no more trusting than reading
those files; a file that fails to load is discarded.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

from .fsio import INDEX_LIMIT, atomic_write, read_file

VERSION = 1
# A file changed within this many seconds of being indexed could change again inside
# the same timestamp tick without us seeing it (git's "racily clean" problem), so its
# entry is not written: it is parsed again next time, which is cheap for one file.
RACY_SECONDS = 2.0


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("margin")) / "index"


def stat_key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


class FolderIndex:
    """Parsed payloads per file name of one folder, valid while the file's stat matches."""

    def __init__(self, folder: str | Path, kind: str):
        self.folder = Path(folder).resolve()
        self.kind = kind  # what the payloads are ("review", "titles"): one cache file each
        digest = hashlib.sha1(str(self.folder).encode("utf-8", "surrogatepass")).hexdigest()[:20]
        self.path = cache_dir() / f"{kind}-{digest}.pickle"
        self._old: dict[str, tuple[tuple[int, int, int], Any]] = {}
        self._new: dict[str, tuple[tuple[int, int, int], Any]] = {}
        self._dirty = False
        self._load()

    def _load(self) -> None:
        try:
            data = pickle.loads(read_file(self.path, INDEX_LIMIT))
            if (isinstance(data, dict) and data.get("version") == VERSION
                    and data.get("folder") == str(self.folder) and data.get("kind") == self.kind):
                self._old = data["entries"]
        except Exception:
            # Missing, damaged, from another version: start empty, the files are the truth.
            self._old = {}

    def get(self, name: str, st: os.stat_result) -> Any | None:
        """The payload cached for ``name`` if the file is unchanged, else None."""
        entry = self._old.get(name)
        key = stat_key(st)
        if entry is not None and entry[0] == key:
            self._new[name] = entry
            return entry[1]
        return None

    def put(self, name: str, st: os.stat_result, payload: Any) -> None:
        self._dirty = True
        if time.time() - st.st_mtime_ns / 1e9 < RACY_SECONDS:
            self._new.pop(name, None)
            return
        self._new[name] = (stat_key(st), payload)

    def save(self, complete: bool = True) -> None:
        """Write the cache. ``complete``: every file of the folder was seen, so entries
        for files not seen this time are gone and dropped; otherwise they are kept."""
        entries = dict(self._new) if complete else {**self._old, **self._new}
        if not self._dirty and entries.keys() == self._old.keys():
            return  # nothing changed: skip the write
        data = {"version": VERSION, "folder": str(self.folder), "kind": self.kind, "entries": entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, RecursionError, pickle.PicklingError):
            return  # a cache we cannot write only costs speed next time
        self._old = entries
        self._dirty = False
