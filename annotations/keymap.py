"""Keys from ``margin.toml``: a ``[keys]`` table maps binding ids to keys.

```toml
[keys]
"cursor.next" = "n,down"      # the binding ids are listed in help (?)
"folder.done" = "m"
```

The file is the one ``annotations.tagset`` finds (the folder's ``margin.toml``, else the
user's). A bad entry is reported with its line and skipped: that binding keeps its
default key, and every good entry still applies. Never raises.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .fsio import CONFIG_LIMIT, FileRefused, read_text
from .tagset import find_config
from .tomlformat import MAX_DEPTH, bracket_depth

# One key as Textual names it: "j", "ctrl+d", "shift+left", "f5", "question_mark".
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z0-9_]+|[^\s,+])$", re.IGNORECASE)


@dataclass
class Keymap:
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key1,key2"
    errors: list[str] = field(default_factory=list)  # one line each, naming the file and line
    source: Path | None = None


def load_keymap(folder: Path | None, known_ids: Iterable[str] | None = None) -> Keymap:
    """The ``[keys]`` of the margin.toml that applies to ``folder``."""
    path = find_config(folder)
    if path is None:
        return Keymap()
    try:
        raw = read_text(path, CONFIG_LIMIT)  # the one read check, as for the tags
    except (OSError, FileRefused, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        return Keymap(errors=[f"{path}: cannot read ({reason}); using the default keys"], source=path)
    keys, problems = parse_keys(raw, known_ids)
    errors = [f"{path}:{line}: {msg}; the default key is kept" if line else f"{path}: {msg}; the default keys are kept"
              for line, msg in problems]
    return Keymap(keys, errors, path)


def parse_keys(raw: str, known_ids: Iterable[str] | None = None) -> tuple[dict[str, str], list[tuple[int | None, str]]]:
    """The good entries of ``[keys]``, and (line, problem) for each bad one."""
    _, deep_at = bracket_depth(raw)
    if deep_at:  # tomllib recurses: a deep file would raise RecursionError, not a problem line
        return {}, [(deep_at, f"nested more than {MAX_DEPTH} levels deep")]
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+), column \d+\)", str(err))
        return {}, [(int(m.group(1)) if m else None, "not valid TOML")]
    table = data.get("keys")
    if table is None:
        return {}, []
    lines = _entry_lines(raw)
    if not isinstance(table, dict):
        return {}, [(lines.get("", None), "keys must be a table: [keys] then \"binding.id\" = \"key\"")]
    known = set(known_ids) if known_ids is not None else None
    keys: dict[str, str] = {}
    problems: list[tuple[int | None, str]] = []
    for ident, value in _flatten(table):
        line = lines.get(ident)
        if known is not None and ident not in known:
            problems.append((line, f"no binding has the id {ident!r} (help, ?, lists them)"))
        elif not isinstance(value, str) or not value.strip():
            problems.append((line, f"{ident}: keys must be a string such as \"n\" or \"ctrl+n,down\""))
        else:
            names = [k.strip() for k in value.split(",")]
            bad = [k for k in names if not _KEY.match(k)]
            if bad:
                problems.append((line, f"{ident}: {bad[0]!r} is not a key name"))
            else:
                keys[ident] = ",".join(names)
    return keys, problems


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    # "cursor.next" = "n" and cursor.next = "n" (a dotted key, so a nested table) mean the same.
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, name + "."))
        else:
            out.append((name, value))
    return out


def _entry_lines(raw: str) -> dict[str, int]:
    """Line numbers of the entries under [keys] (and of the header, under "")."""
    lines: dict[str, int] = {}
    inside = False
    for number, text in enumerate(raw.splitlines(), 1):
        stripped = text.strip()
        if stripped.startswith("["):
            inside = re.match(r"^\[\s*keys\s*\]", stripped) is not None
            if inside:
                lines[""] = number
            continue
        if not inside or "=" not in stripped or stripped.startswith("#"):
            continue
        lhs = stripped.split("=", 1)[0]
        parts = [p.strip().strip('"').strip("'") for p in re.split(r"\.(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)", lhs)]
        lines.setdefault(".".join(parts), number)
    return lines
