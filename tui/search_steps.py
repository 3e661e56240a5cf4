"""Stepping through search matches as less and vim do (issue 10, items 4 and 6).

Plain functions, no textual: the reader (tui/article_view.py, tui/app.py) calls them.

- Only matches the reader can see count and are stepped through: ``shown_matches``
  keeps those whose block is shown (hidden furniture is not), and the footer's
  "match i/N" counts in that list.
- ``n`` and ``N`` step from the cursor: after ``g`` or any move, ``n`` goes to the first
  match after the cursor, not the one after the last match visited. A match inside the
  cursor's sentence is the current one, and ``n`` goes past it.
- When a step goes round the end (or the start), ``Step.wrapped`` says so, for the
  message "search hit BOTTOM, continuing at TOP" that vim gives.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    index: int  # into the shown matches
    wrapped: bool  # went round the end (step 1) or the start (step -1)

    def message(self, step: int) -> str:
        """What to say when the search wrapped ("" when it did not)."""
        if not self.wrapped:
            return ""
        return "search hit the end, continuing at the top" if step > 0 else \
            "search hit the top, continuing at the end"


def shown_matches(matches: Sequence[tuple[int, int]], is_shown: Callable[[int], bool]) -> list[tuple[int, int]]:
    """The matches the reader can see (``is_shown(start)``), in order."""
    return [m for m in matches if is_shown(m[0])]


def step_from(shown: Sequence[tuple[int, int]], cursor: tuple[int, int], step: int) -> Step | None:
    """The match to go to from the cursor's span (start, end) going ``step`` (1 or -1).

    Forward: the first match that starts at or after the cursor's end, else, when none
    is inside the cursor's span, the first starting at or after its start; backward: the
    last match starting before the cursor's start. None when there are no matches."""
    n = len(shown)
    if n == 0:
        return None
    starts = [a for a, _ in shown]
    here, end = cursor
    if step > 0:
        inside = bisect_left(starts, here) < n and starts[bisect_left(starts, here)] < max(end, here + 1)
        i = bisect_left(starts, max(end, here + 1)) if inside else bisect_left(starts, here)
        return Step(0, True) if i >= n else Step(i, False)
    i = bisect_right(starts, here - 1) - 1
    return Step(n - 1, True) if i < 0 else Step(i, False)


def first_from(shown: Sequence[tuple[int, int]], cursor: tuple[int, int]) -> Step | None:
    """After a new search: the first match at or after the cursor's start (less and vim
    search forward from where you are), wrapping to the top."""
    n = len(shown)
    if n == 0:
        return None
    i = bisect_left([a for a, _ in shown], cursor[0])
    return Step(0, True) if i >= n else Step(i, False)
