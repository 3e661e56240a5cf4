"""Notes as lists show them: a note may run to several lines, a list row has one."""

from __future__ import annotations


def first_line(note: str) -> str:
    """The note's first line that holds text, with " …" when more lines follow."""
    lines = [line.strip() for line in note.splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] + (" …" if len(lines) > 1 else "")
