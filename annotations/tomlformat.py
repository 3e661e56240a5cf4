"""The TOML format of an annotations file: parsing with validation, and writing.

docs/format.md is the reference. ``parse_annotation_text`` turns text into an
``AnnotationFile`` or raises StoreParseError with the line; ``dumps`` writes one.
Files Margin will not keep are refused here with a one-line error naming the file:
nesting deeper than MAX_DEPTH (TOML parsers and writers recurse, so a hostile
``x = [[[[…]]]]`` would otherwise be a RecursionError), and more than
MAX_UNKNOWN_BYTES of content Margin does not know (it is kept on every rewrite).
The Store (store.py) reads, merges and writes through these functions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from .anchoring import EXACT, ORPHAN
from .errors import StoreError, StoreParseError
from .fsio import ANNOTATIONS_LIMIT, FileRefused, mb, read_file, shown
from .model import Annotation

FORMAT = 1
SUFFIX = ".annotations.toml"
TABLES = ("annotations", "rejected")
# Keys an entry may hold that we understand; anything else goes to Annotation.extra.
ENTRY_KEYS = ("id", "tag", "start", "end", "text", "prefix", "suffix", "note", "speaker",
              "author", "created", "origin", "reason", "orphan")
REQUIRED_KEYS = ("id", "tag", "start", "end", "text")
ARTICLE_KEYS = ("file", "sha256", "length")
# Deeper nesting is refused: no annotations file needs it, and parsers and writers
# recurse (a hostile ``x = [[[[…]]]]`` of 500 levels was a RecursionError).
MAX_DEPTH = 32
# Unknown keys and tables are kept on every rewrite; past this much, the file is
# refused rather than carried along (a hostile file could otherwise make every save
# rewrite megabytes Margin never looks at).
MAX_UNKNOWN_BYTES = 1 * 2**20


@dataclass
class AnnotationFile:
    path: Path
    format: int
    article_file: str
    sha256: str
    length: int
    annotations: list[Annotation] = field(default_factory=list)
    rejected: list[Annotation] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # unknown top-level keys and tables
    article_extra: dict = field(default_factory=dict)  # unknown keys in [article]

    def article_path(self) -> Path:
        """The article this file belongs to (``file`` is relative to this file's folder)."""
        return self.path.parent / self.article_file


# ---------------------------------------------------------------------------- reading

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _toml_error(path: Path, text: str, err: tomllib.TOMLDecodeError) -> StoreParseError:
    msg = str(err)
    line = column = None
    m = _TOML_WHERE.search(msg)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        msg = msg[: m.start()]
    elif _TOML_END.search(msg):
        msg = _TOML_END.sub("", msg)
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    return StoreParseError(shown(path), f"not valid TOML: {msg}", line, column)


def _entry_line(text: str, table: str, index: int) -> int | None:
    """Line of the index-th ``[[table]]`` header, to point a format error at its entry."""
    pattern = re.compile(r"^[ \t]*\[\[[ \t]*(?:" + table + r'|"' + table + r'")[ \t]*\]\]', re.M)
    for i, m in enumerate(pattern.finditer(text)):
        if i == index:
            return text.count("\n", 0, m.start()) + 1
    return None


def _key_line(text: str, key: str) -> int | None:
    m = re.search(r"^[ \t]*" + re.escape(key) + r"[ \t]*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _entry(raw: Any, table: str, index: int, path: Path, text: str) -> Annotation:
    def bad(msg: str) -> StoreParseError:
        line = _entry_line(text, table, index)
        return StoreParseError(shown(path), f"[[{table}]] entry {index + 1}: {msg}", line, 1 if line else None)

    if not isinstance(raw, dict):
        raise bad("is not a table")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise bad(f"missing required key '{key}'")
    ident = raw["id"]
    if not isinstance(ident, str) or not ident:
        raise bad("'id' must be a non-empty string")
    for key in ("tag", "text", "prefix", "suffix", "note", "speaker", "author", "origin", "reason"):
        if key in raw and not isinstance(raw[key], str):
            raise bad(f"'{key}' must be a string (id {ident})")
    if not raw["tag"]:
        raise bad(f"'tag' must not be empty (id {ident})")
    start, end = raw["start"], raw["end"]
    if not _is_int(start) or not _is_int(end):
        raise bad(f"'start' and 'end' must be integers (id {ident})")
    if not 0 <= start <= end:
        raise bad(f"offsets {start}..{end} are not 0 <= start <= end (id {ident})")
    created: Any = raw.get("created")
    if created is not None and not isinstance(created, (datetime, date)):
        raise bad(f"'created' must be a TOML datetime (id {ident})")
    orphan = raw.get("orphan", False)
    if not isinstance(orphan, bool):
        raise bad(f"'orphan' must be true or false (id {ident})")
    return Annotation(
        id=ident,
        tag=raw["tag"],
        start=start,
        end=end,
        text=raw["text"],
        prefix=raw.get("prefix", ""),
        suffix=raw.get("suffix", ""),
        note=raw.get("note", ""),
        speaker=raw.get("speaker"),
        author=raw.get("author", ""),
        created=created,  # type: ignore[arg-type]  # a TOML date is kept as written
        origin=raw.get("origin", "manual"),
        reason=raw.get("reason", ""),
        extra={k: v for k, v in raw.items() if k not in ENTRY_KEYS},
        anchor=ORPHAN if orphan else EXACT,
    )


# Tokens that matter for bracket depth: strings and comments are skipped whole (a
# bracket inside them does not nest), brackets and braces counted.
_DEPTH_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{3,5}'
    r"|'''[\s\S]*?'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]"
)


def bracket_depth(text: str, stop: int = MAX_DEPTH) -> tuple[int, int]:
    """(deepest nesting of [ ] and { } outside strings and comments, line where it
    passed ``stop``, or 0). Cheap, and never recursive: run before parsing."""
    depth = deepest = 0
    for m in _DEPTH_TOKEN.finditer(text):
        tok = m.group()
        if tok == "[" or tok == "{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    return deepest, text.count("\n", 0, m.start()) + 1
        elif tok == "]" or tok == "}":
            depth = max(0, depth - 1)
    return deepest, 0


def data_depth(data: Any) -> int:
    """How deeply tables and arrays nest in parsed data (iterative: no recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
        if isinstance(obj, dict):
            stack.extend((v, depth + 1) for v in obj.values())
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj)
    return deepest


def content_size(data: Any) -> int:
    """A rough size in bytes of parsed data as written (iterative)."""
    total = 0
    stack: list[Any] = [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, dict):
            total += sum(len(k) + 4 for k in obj)
            stack.extend(obj.values())
        elif isinstance(obj, list):
            total += 2 + len(obj)
            stack.extend(obj)
        elif isinstance(obj, str):
            total += len(obj) + 2
        else:
            total += 8
    return total


def load_toml(path: Path, text: str) -> dict:
    """tomllib.loads with the nesting limit: StoreParseError (one line) for bad or deep TOML."""
    depth, line = bracket_depth(text)
    if line:
        raise StoreParseError(shown(path), f"nested more than {MAX_DEPTH} levels deep; not read "
                              "(see docs/format.md)", line, None)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _toml_error(path, text, err) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as err:
        # The depth scan should have caught deep nesting; this is the belt to its braces.
        raise StoreParseError(shown(path), f"cannot be read ({type(err).__name__}); not read") from None
    if data_depth(data) > MAX_DEPTH:
        # Dotted keys and [a.b.c] headers nest without brackets.
        raise StoreParseError(shown(path), f"tables nested more than {MAX_DEPTH} levels deep; not read "
                              "(see docs/format.md)")
    return data


def parse_annotation_text(path: Path, text: str) -> AnnotationFile:
    """Validate and convert the text of an annotations file. Raises StoreParseError."""
    if text.startswith("\ufeff"):  # some editors add a BOM; TOML does not allow one
        text = text[1:]
    data = load_toml(path, text)

    def bad(msg: str, key: str | None = None) -> StoreParseError:
        line = _key_line(text, key) if key else None
        return StoreParseError(shown(path), msg, line, 1 if line else None)

    fmt = data.get("format")
    if fmt is None:
        raise bad("not a Margin annotations file: no 'format' key")
    if not _is_int(fmt):
        raise bad("'format' must be an integer", "format")
    if fmt > FORMAT:
        raise bad(f"written by a newer Margin (format {fmt}; this one reads format {FORMAT})", "format")
    if fmt < 1:
        raise bad(f"unknown format {fmt}", "format")
    art = data.get("article")
    if not isinstance(art, dict):
        raise bad("missing the [article] table")
    for key in ARTICLE_KEYS:
        if key not in art:
            raise bad(f"[article] has no '{key}'")
    if not isinstance(art["file"], str) or not isinstance(art["sha256"], str):
        raise bad("[article] 'file' and 'sha256' must be strings")
    if not _is_int(art["length"]) or art["length"] < 0:
        raise bad("[article] 'length' must be a non-negative integer", "length")
    tables: dict[str, list[Annotation]] = {}
    unknown = content_size({k: v for k, v in data.items() if k not in ("format", "article") + TABLES}) \
        + content_size({k: v for k, v in art.items() if k not in ARTICLE_KEYS})
    for table in TABLES:
        raw = data.get(table, [])
        if not isinstance(raw, list):
            raise bad(f"'{table}' must be an array of tables ([[{table}]])", table)
        entries = [_entry(r, table, i, path, text) for i, r in enumerate(raw)]
        seen: set[str] = set()
        for i, a in enumerate(entries):
            # Merging goes by id within a table, so a repeat there is ambiguous and we
            # refuse to guess. (A clash across the two tables is harmless: tolerated,
            # and the next save gives the rejected entry a fresh id.)
            if a.id in seen:
                line = _entry_line(text, table, i)
                raise StoreParseError(shown(path), f"[[{table}]] entry {i + 1}: id '{a.id}' is used twice",
                                      line, 1 if line else None)
            seen.add(a.id)
        tables[table] = entries
        unknown += sum(content_size(a.extra) for a in entries if a.extra)
    if unknown > MAX_UNKNOWN_BYTES:
        raise bad(f"holds about {mb(unknown)} of keys Margin does not know (the limit is "
                  f"{mb(MAX_UNKNOWN_BYTES)}, all kept on every save); not read")
    return AnnotationFile(
        path=Path(path),
        format=fmt,
        article_file=art["file"],
        sha256=art["sha256"],
        length=art["length"],
        annotations=tables["annotations"],
        rejected=tables["rejected"],
        extra={k: v for k, v in data.items() if k not in ("format", "article") + TABLES},
        article_extra={k: v for k, v in art.items() if k not in ARTICLE_KEYS},
    )


def decode_text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise StoreParseError(shown(path), f"not UTF-8 (byte {err.start})", line, column) from None


def read_annotation_file(path: str | Path) -> AnnotationFile:
    """Parse an annotations file without touching it. Raises StoreParseError or StoreError."""
    p = Path(path)
    return parse_annotation_text(p, decode_text(p, read_annotation_bytes(p)))


def read_annotation_bytes(path: Path) -> bytes:
    """The file's bytes through the one read check (fsio.read_file). Raises StoreError."""
    try:
        return read_file(path, ANNOTATIONS_LIMIT)
    except FileNotFoundError:
        raise StoreError(f"{shown(path)}: no such file") from None
    except FileRefused as err:
        raise StoreError(str(err)) from None


# ---------------------------------------------------------------------------- writing

def entry_dict(a: Annotation) -> dict:
    """The table written for one annotation: known keys in a fixed order, then the rest."""
    d: dict = {
        "id": a.id, "tag": a.tag, "start": a.start, "end": a.end, "text": a.text,
        "prefix": a.prefix, "suffix": a.suffix, "note": a.note,
    }
    if a.speaker is not None:
        d["speaker"] = a.speaker
    d["author"] = a.author
    if a.created is not None:
        d["created"] = a.created
    d["origin"] = a.origin
    if a.reason:
        d["reason"] = a.reason
    if a.anchor == ORPHAN:
        d["orphan"] = True
    for k, v in a.extra.items():
        if k not in d and k not in ENTRY_KEYS:
            d[k] = v
    return d


# tomli_w writes datetimes as "2026-11-29 23:15:00+00:00"; we write the RFC 3339 form
# the format documents ("2026-11-29T23:15:00Z"). Strings never span lines (no multiline
# strings), so a line "key = <digits>" can only hold a bare date-time value.
_DT_LINE = re.compile(r"^([^\s\"'=][^=\"']*? = \d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d:\d\d)?$",
                      re.M)


def _dt_fix(m: re.Match) -> str:
    offset = m.group(3) or ""
    return f"{m.group(1)}T{m.group(2)}{'Z' if offset == '+00:00' else offset}"


def dumps(article_file: str, sha256: str, length: int, annotations: list[Annotation],
          rejected: list[Annotation], extra: dict | None = None,
          article_extra: dict | None = None) -> str:
    """The text of an annotations file, entries sorted by (start, end, tag, id)."""
    doc: dict = {"format": FORMAT}
    for k, v in (extra or {}).items():
        if k not in ("format", "article") + TABLES:
            doc[k] = v
    art = {"file": article_file, "sha256": sha256, "length": length}
    art.update({k: v for k, v in (article_extra or {}).items() if k not in ARTICLE_KEYS})
    doc["article"] = art
    if annotations:
        doc["annotations"] = [entry_dict(a) for a in sorted(annotations, key=Annotation.sort_key)]
    if rejected:
        doc["rejected"] = [entry_dict(a) for a in sorted(rejected, key=Annotation.sort_key)]
    return _DT_LINE.sub(_dt_fix, tomli_w.dumps(doc))


def canonical(a: Annotation) -> str:
    """One entry as written, for telling whether two versions of an entry differ."""
    return tomli_w.dumps(entry_dict(a))

