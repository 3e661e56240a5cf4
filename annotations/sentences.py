"""Sentence boundaries with offsets. (First cut; tuned for news text in this module.)"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?]+[\"'”’»)]*(?=\s+[\"'“‘«(]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; whitespace between them is left out."""
    spans = []
    pos = 0
    for m in _END.finditer(text):
        spans.append((pos, m.end()))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if pos < len(text.rstrip()):
        spans.append((pos, len(text.rstrip())))
    return [(a, z) for a, z in spans if z > a]
