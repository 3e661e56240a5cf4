"""Annotation data as stored in ``<article>.annotations.toml`` (see docs/format.md)."""

from __future__ import annotations

import getpass
import os
import secrets
from typing import Any
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

CONTEXT = 32  # characters of prefix/suffix kept to re-anchor after edits
BUILTIN_TAGS = ("claim", "quote", "boilerplate")


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def new_id(taken: set[str] | None = None) -> str:
    while True:
        ident = secrets.token_hex(3)
        if not taken or ident not in taken:
            return ident


def default_author() -> str:
    for var in ("MARGIN_AUTHOR",):
        if os.environ.get(var):
            return os.environ[var]
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@dataclass
class Annotation:
    id: str
    tag: str
    start: int  # code points into the decoded article, end exclusive
    end: int
    text: str  # the exact article text at [start, end)
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    speaker: str | None = None
    author: str = ""
    # A TOML datetime. None only for entries read from a hand-written file without one
    # (we keep such an entry as it is rather than invent a date).
    created: datetime | None = field(default_factory=now_utc)
    origin: str = "manual"  # manual | suggested
    # Why a suggestion was rejected (mostly for [[rejected]] entries); "" when none.
    reason: str = ""
    # Keys we do not know are kept on rewrite, so other tools can add their own.
    extra: dict = field(default_factory=dict)
    # Anchoring state after load: "exact" | "moved" | "fuzzy" | "orphan". Only "orphan"
    # is stored (as `orphan = true`); the others are how the last load placed it.
    anchor: str = "exact"

    @property
    def orphan(self) -> bool:
        return self.anchor == "orphan"

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start, self.end, self.tag, self.id)

    def copy(self, **changes: Any) -> "Annotation":
        return replace(self, extra=dict(self.extra), **changes)


def context_around(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str]:
    return text[max(0, start - width):start], text[end:end + width]


def make_annotation(
    article_text: str,
    tag: str,
    start: int,
    end: int,
    *,
    author: str | None = None,
    note: str = "",
    speaker: str | None = None,
    origin: str = "manual",
    taken: set[str] | None = None,
) -> Annotation:
    """A new annotation over article_text[start:end], with its context for re-anchoring."""
    if not 0 <= start <= end <= len(article_text):
        raise ValueError(f"span {start}..{end} outside the article (length {len(article_text)})")
    prefix, suffix = context_around(article_text, start, end)
    return Annotation(
        id=new_id(taken),
        tag=tag,
        start=start,
        end=end,
        text=article_text[start:end],
        prefix=prefix,
        suffix=suffix,
        note=note,
        speaker=speaker,
        author=author if author is not None else default_author(),
        origin=origin,
    )
