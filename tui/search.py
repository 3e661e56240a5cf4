"""Search in the article: the words of a query, in order, any whitespace between."""

from __future__ import annotations

import re

MAX_MATCHES = 100_000


def find_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Raw spans of ``query``'s words in ``text``, case-insensitive, at most MAX_MATCHES."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    matches = []
    for m in pattern.finditer(text):
        matches.append(m.span())
        if len(matches) >= MAX_MATCHES:
            break
    return matches
