"""Tag sets: which tags exist, their keys, colours and descriptions (see docs/config.md).

``load_tagset(folder)`` reads ``margin.toml`` from the folder, else from the user's
config folder, else uses the defaults (claim, quote, boilerplate). A bad config never
stops the app: the defaults are used and ``TagSet.error`` says which file and line.
"""

from __future__ import annotations

import os
import re
import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .fsio import CONFIG_LIMIT, FileRefused, read_file, shown
from .model import default_author
from .tomlformat import MAX_DEPTH, bracket_depth

CONFIG_NAME = "margin.toml"

# The 16 colours every terminal has. Rich reads these names as is; Textual wants an
# "ansi_" prefix (TagDef.textual_color), which keeps them true in 16-colour mode.
BASE_COLORS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
COLORS = BASE_COLORS + tuple(f"bright_{c}" for c in BASE_COLORS)

# c, q and b are the app's tagging keys; 1-9 are free for user tags. Other letters are
# navigation and editing keys in the reader, so a tag may not take them.
TAG_KEYS = ("c", "q", "b") + tuple(str(i) for i in range(1, 10))

# Colours for tags found in a file but not in the config: picked from the name so a
# tag keeps its colour from run to run. Black and white are left out (one of them is
# always the background).
_FALLBACK_COLORS = ("green", "blue", "red", "bright_green", "bright_blue", "bright_red",
                    "bright_cyan", "bright_magenta", "bright_yellow")

_TAG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


@dataclass(frozen=True)
class TagDef:
    name: str
    key: str  # one of TAG_KEYS, or "" for a tag with no key
    color: str  # one of COLORS
    description: str = ""
    configured: bool = True  # False for a tag seen in a file but missing from the config

    @property
    def textual_color(self) -> str:
        """The colour as Textual parses it, keeping the terminal's own ANSI colour."""
        return f"ansi_{self.color}"


DEFAULT_TAGS = (
    TagDef("claim", "c", "yellow", "A statement of fact that can be checked."),
    TagDef("quote", "q", "cyan", "Words attributed to a speaker."),
    TagDef("boilerplate", "b", "magenta", "Page furniture that is not part of the story."),
)


@dataclass
class TagSet:
    tags: list[TagDef]
    author: str
    error: str | None = None  # one line naming the file and line, when the config was bad
    source: Path | None = None  # the margin.toml used, None for the defaults
    # `team = true` in margin.toml: blind mode, each author sees only their own work
    # (annotations/team.py, docs/team.md). Off by default.
    team: bool = False
    # `advance = false` in margin.toml: after a or x the cursor stays put instead of
    # going on to the next suggestion (as Prodigy moves to the next task). On by default.
    advance: bool = True
    _by_name: dict[str, TagDef] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {t.name: t for t in self.tags}

    def get(self, name: str) -> TagDef:
        """The tag's definition; a tag missing from the config gets a stable fallback."""
        tag = self._by_name.get(name)
        if tag is None:
            color = _FALLBACK_COLORS[zlib.crc32(name.encode("utf-8")) % len(_FALLBACK_COLORS)]
            tag = TagDef(name, "", color, "not defined in margin.toml", configured=False)
        return tag

    def by_key(self, key: str) -> TagDef | None:
        return next((t for t in self.tags if t.key and t.key == key), None)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tags]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[TagDef]:
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)


class TagSetError(ValueError):
    """A bad margin.toml; the message names the line."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        super().__init__(message)


def user_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("margin")) / CONFIG_NAME


def _exists(p: Path) -> bool | None:
    """True/False, or None when the folder holding ``p`` cannot be looked into."""
    try:
        os.stat(p)
        return True
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return None


def find_config(folder: Path | None, problems: list[str] | None = None) -> Path | None:
    """margin.toml in the folder, else in the user's config folder, else None.

    A place that cannot be looked into (an unreadable config folder) is skipped,
    with a line added to ``problems``.
    """
    candidates = []
    if folder is not None:
        folder = Path(folder)
        try:
            is_dir = folder.is_dir()
        except OSError:
            is_dir = False
        candidates.append((folder if is_dir else folder.parent) / CONFIG_NAME)
    try:
        candidates.append(user_config_path())
    except Exception:  # platformdirs cannot place the config folder: no user config
        pass
    for p in candidates:
        found = _exists(p)
        if found:
            return p
        if found is None and problems is not None:
            problems.append(f"{shown(p)}: cannot be read (permission denied?); using the default tags")
    return None


def load_tagset(folder: Path | None = None) -> TagSet:
    """The tags for articles in ``folder``. Never raises: a bad config sets ``error``."""
    problems: list[str] = []
    path = find_config(folder, problems)
    if path is None:
        return TagSet(list(DEFAULT_TAGS), default_author(), problems[0] if problems else None)
    try:
        raw = read_file(path, CONFIG_LIMIT).decode("utf-8")
    except FileRefused as err:
        return TagSet(list(DEFAULT_TAGS), default_author(), f"{err}; using the default tags")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        return TagSet(list(DEFAULT_TAGS), default_author(),
                      f"{shown(path)}: cannot read ({reason}); using the default tags")
    try:
        tags, author = parse_config(raw)
    except TagSetError as err:
        where = f"{shown(path)}:{err.line}" if err.line else shown(path)
        return TagSet(list(DEFAULT_TAGS), default_author(), f"{where}: {err}; using the default tags")
    return TagSet(tags or list(DEFAULT_TAGS), author or default_author(), None, path, team=parse_team(raw),
                  advance=parse_advance(raw))


def parse_config(raw: str) -> tuple[list[TagDef], str | None]:
    """Tags and author from margin.toml text. Raises TagSetError with the line."""
    _, deep_at = bracket_depth(raw)
    if deep_at:
        raise TagSetError(deep_at, f"nested more than {MAX_DEPTH} levels deep")
    try:
        data = tomllib.loads(raw)
    except RecursionError:
        raise TagSetError(None, "nested too deeply") from None
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        raise TagSetError(line, "not valid TOML: " + re.sub(r"\s*\(at line.*\)$", "", msg)) from None

    known = {"author", "tags", "team", "advance", "keys"}  # [keys] is read by annotations/keymap.py
    for key in data:
        if key not in known:
            raise TagSetError(_line_of_key(raw, None, key),
                              f"unknown setting {key!r} (expected author, team, advance, [tags.NAME] or [keys])")
    for flag in ("team", "advance"):
        if flag in data and not isinstance(data[flag], bool):
            raise TagSetError(_line_of_key(raw, None, flag), f"{flag} must be true or false")

    author = data.get("author")
    if author is not None and (not isinstance(author, str) or not author.strip()):
        raise TagSetError(_line_of_key(raw, None, "author"), "author must be a non-empty string")

    tables = data.get("tags", {})
    if not isinstance(tables, dict):
        raise TagSetError(_line_of_key(raw, None, "tags"), "tags must be tables: [tags.claim], [tags.quote], ...")
    tags: list[TagDef] = []
    keys_taken: dict[str, str] = {}
    for name, spec in tables.items():
        header = _line_of_table(raw, name)
        if not _TAG_NAME.match(name):
            raise TagSetError(header, f"tag name {name!r} must be letters, digits, '_', '-' or '.' (at most 40)")
        if not isinstance(spec, dict):
            raise TagSetError(_line_of_key(raw, "tags", name) or header, f"tag {name!r} must be a table [tags.{name}]")
        for field_name in spec:
            if field_name not in ("key", "color", "colour", "description"):
                raise TagSetError(_line_of_key(raw, name, field_name) or header,
                                  f"unknown field {field_name!r} in tag {name!r} (expected key, color, description)")
        default = next((t for t in DEFAULT_TAGS if t.name == name), None)
        key = spec.get("key", default.key if default else "")
        if not isinstance(key, str) or (key and key not in TAG_KEYS):
            raise TagSetError(_line_of_key(raw, name, "key") or header,
                              f"tag {name!r}: key must be c, q, b or a digit 1-9, not {key!r}")
        if key:
            if key in keys_taken:
                raise TagSetError(_line_of_key(raw, name, "key") or header,
                                  f"tag {name!r}: key {key!r} is already used by tag {keys_taken[key]!r}")
            keys_taken[key] = name
        color_field = "colour" if "colour" in spec else "color"
        color = spec.get(color_field, default.color if default else _FALLBACK_COLORS[len(tags) % len(_FALLBACK_COLORS)])
        if isinstance(color, str):
            color = color.strip().lower().replace("-", "_").replace(" ", "_")
        if color not in COLORS:
            raise TagSetError(_line_of_key(raw, name, color_field) or header,
                              f"tag {name!r}: colour {color!r} is not one of {', '.join(COLORS)}")
        description = spec.get("description", default.description if default else "")
        if not isinstance(description, str):
            raise TagSetError(_line_of_key(raw, name, "description") or header,
                              f"tag {name!r}: description must be a string")
        tags.append(TagDef(name, key, color, description))
    return tags, author.strip() if isinstance(author, str) else None


def parse_team(raw: str) -> bool:
    """``team = true`` from margin.toml text already accepted by parse_config."""
    try:
        return tomllib.loads(raw).get("team") is True
    except tomllib.TOMLDecodeError:
        return False


def parse_advance(raw: str) -> bool:
    """``advance = false`` from margin.toml text already accepted by parse_config (the
    cursor stays on an accepted or rejected suggestion); true otherwise."""
    try:
        return tomllib.loads(raw).get("advance") is not False
    except tomllib.TOMLDecodeError:
        return True


# tomllib gives no positions for values, so errors about a value find its line in the
# text: the table header, then the key inside that table.

def _line_of_table(raw: str, name: str) -> int | None:
    pat = re.compile(r"^\s*\[\s*tags\s*\.\s*(?:\"|')?" + re.escape(name) + r"(?:\"|')?\s*\]")
    for n, line in enumerate(raw.splitlines(), 1):
        if pat.match(line):
            return n
    return None


def _line_of_key(raw: str, table: str | None, key: str) -> int | None:
    """Line of ``key = ...`` inside [tags.<table>] (or at top level when table is None)."""
    lines = raw.splitlines()
    start = 0
    if table is not None and table != "tags":
        at = _line_of_table(raw, table)
        if at is None:
            return None
        start = at
    elif table == "tags":
        start = next((n for n, l in enumerate(lines, 1) if re.match(r"^\s*\[\s*tags\s*\]", l)), 0)
    key_pat = re.compile(r"^\s*(?:\"|')?" + re.escape(key) + r"(?:\"|')?\s*[=.]")
    for n in range(start, len(lines)):
        line = lines[n]
        if n > start and table is not None and re.match(r"^\s*\[", line):
            break  # next table: the key was not in this one
        if table is None and re.match(r"^\s*\[", line):
            break  # top-level keys come before the first table
        if key_pat.match(line):
            return n + 1
    return None
