"""Patterns and shortcuts the cleaner uses for speed answer exactly as the plain forms
they replace. The plain forms are kept here as the reference."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.cleaning_lines import _MONTHS, patterns

# The dateline pattern as first written: (\W* token \W*)+. Slow on a line that fails late
# (every separator can be shared out between two \W* in two ways), but plainly right.
_DATE_REFERENCE = re.compile(
    rf"(?i)^(\W*(\d{{1,4}}|{_MONTHS}|am|pm|gmt|bst|utc|cet|cest|[ecmp][sd]t|et|pt|ago"
    rf"|today|yesterday|at|on|of|st|nd|rd|th|h|min|mins|minutes?|hours?|days?|an?|one"
    rf"|read|a\.m|p\.m|published|updated|posted|modified|last|first|edited)\W*)+$")

_DATE_PIECES = [
    "jan", "May", "JUNE", "sept", "Thursday", "th", "at", "a", "an", "one", "am", "p.m", "a.m", "gmt", "EST",
    "mins", "hours", "ago", "Published", "updated", "last", "1", "12", "2031", "1234567", "\u0663",
    "x", "_", "mayx", "\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", " ", " ", ", ", ".", ":", "-", "|",
    "\n", "\u00a0", "/", "(", ")",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=10))
def test_dateline_pattern_matches_as_the_reference(pieces: list[str]) -> None:
    s = "".join(pieces)
    assert bool(patterns().date_only.match(s)) == bool(_DATE_REFERENCE.match(s)), s


def test_dateline_pattern_on_written_lines() -> None:
    for s in ["06:00, 27 FEB 2031", "Saturday 12 April 2031", "Published Mon 3 May 2031 09.12 BST Last modified",
              "3 mins read", "Updated 4 hours ago", "10 a.m. ET", "12 May 2031 and the ferry", "May Day"]:
        assert bool(patterns().date_only.match(s)) == bool(_DATE_REFERENCE.match(s)), s
