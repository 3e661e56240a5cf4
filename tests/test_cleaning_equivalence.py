"""Patterns and shortcuts the cleaner uses for speed answer exactly as the plain forms
they replace. The plain forms are kept here as the reference."""

from __future__ import annotations

import re

import pytest
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
    fast = bool(patterns().date_only.match(s))
    if re.search(r"\w{25}", s):
        # No dateline has a word of 25 characters: one that starts the line is refused at
        # once. (One that runs on from inside a token, "p.m" + "janjan…", is read as
        # the reference reads it; the reference is not asked here: on such lines it
        # tries every reading, which takes hours.)
        if re.match(r"\W*\w{25}", s):
            assert not fast, s
        return
    assert fast == bool(_DATE_REFERENCE.match(s)), s


def test_dateline_guard_on_a_long_word_inside_a_token() -> None:
    # found by the test above: the long run starts inside "p.m"; both forms take it
    s = "p.mjanjanjanjanJUNEThursday"
    assert bool(patterns().date_only.match(s)) == bool(_DATE_REFERENCE.match(s))


def test_dateline_pattern_never_tries_every_reading_of_a_line() -> None:
    # "ath" reads as "at h" or "a th": a line of such words that fails at its end was
    # tried every way, doubling with each word; the fuzzer's pages ran for hours. This
    # test would not finish with the old pattern (issue 13: nothing hangs).
    for s in ["1 " + "ath " * 60 + "x", "1 " + "ath" * 50 + "x", "12 " + "atha " * 40 + "2031 x",
              "1" * 150 + "x", "3 " + "minminmin " * 15 + "x"]:
        assert not patterns().date_only.match(s), s
    assert patterns().date_only.match("1 " + "ath " * 60)  # each word reads as date words


def test_dateline_pattern_on_written_lines() -> None:
    for s in ["06:00, 27 FEB 2031", "Saturday 12 April 2031", "Published Mon 3 May 2031 09.12 BST Last modified",
              "3 mins read", "Updated 4 hours ago", "10 a.m. ET", "12 May 2031 and the ferry", "May Day"]:
        assert bool(patterns().date_only.match(s)) == bool(_DATE_REFERENCE.match(s)), s


# ---------------------------------------------------------------- vocabulary rows apart

def _row_words() -> list[str]:
    from annotations.cleaning_vocabulary import VOCAB

    words = {w for row in VOCAB for w in re.findall(r"[a-z'’@©]+|\d+|[^\w\s]", row[3])}
    return sorted(words | {w for row in VOCAB for w in row[2].split()})


_ROW_PIECES = _row_words() + [" ", " ", " ", ":", ".", "!", "?", "(", ")", "\u00a0", "\u0130", "\u0131", "\u017f",
                              "\u212a", "\u00c9", "x", "2031", "Jane", "\u2019", '"', "\u2014", "|", "JOIN", "Share"]


def _by_parts(i: int, s: str) -> bool:
    from annotations.cleaning_vocabulary import row_parts

    low = s.lower()
    return any(lit in low and bool(part.match(s) if anchored else part.search(s))
               for lit, anchored, part in row_parts(i))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ROW_PIECES), st.booleans()), min_size=1, max_size=10))
def test_vocabulary_rows_apart_match_as_the_whole_row(pieces: list[tuple[str, bool]]) -> None:
    from annotations.cleaning_vocabulary import VOCAB, table

    s = "".join(p + (" " if space else "") for p, space in pieces).strip()
    t = table()
    for i in range(len(VOCAB)):
        whole = bool(t.rows[i][2].search(s))
        if s.isascii() or t.odd_fold.search(s) is None:
            assert _by_parts(i, s) == whole, (i, s)


def test_vocabulary_rows_apart_on_written_lines() -> None:
    from annotations.cleaning_vocabulary import VOCAB, table

    t = table()
    for s in ["Join the conversation", "We use cookies to improve your experience", "Leave a Reply", "Cancel reply",
              "All Rights Reserved", "Follow us on Facebook", "This link opens in a new window",
              "Thanks for signing up!", "Sign up for our newsletter", "Jane Doe says:", "Required fields are marked *",
              "The council will leave a response to the plan until May.", "Subscribe now to continue reading"]:
        for i in range(len(VOCAB)):
            assert _by_parts(i, s) == bool(t.rows[i][2].search(s)), (i, s)


def test_a_row_that_is_not_a_plain_alternation_is_searched_whole() -> None:
    from annotations.cleaning_vocabulary import _split_row

    for pat in [r"(a)b|\1", r"(?x) a b | c", r"(?P<w>a)|b", r"only one"]:
        (lit, anchored, whole), = _split_row(pat)
        assert (lit, anchored, whole.pattern, whole.flags & re.IGNORECASE) == ("", False, pat, re.IGNORECASE)
    parts = _split_row(r"^menu$|\bjoin the club\b|[xy]+")
    assert [(lit, anchored) for lit, anchored, _ in parts] == [("", True), ("join the club", False), ("", False)]


def test_odd_fold_holds_every_character_that_matches_an_ascii_letter_but_lowers_otherwise() -> None:
    from annotations.cleaning_vocabulary import ODD_FOLD

    letter = re.compile("[a-z]", re.IGNORECASE)
    for c in range(0x80, 0x110000):
        ch = chr(c)
        if letter.fullmatch(ch) and not (ch.lower().isascii() and len(ch.lower()) == 1):
            assert ch in ODD_FOLD, hex(c)


# ---------------------------------------------------------------- reading: the long-line check

@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=12), st.integers(0, 8), st.booleans())
def test_first_long_line_is_the_first_line_longer_than_the_limit(lengths: list[int], limit: int, ended: bool) -> None:
    from annotations.article import first_long_line, longest_line

    text = "\n".join("x" * k for k in lengths) + ("\n" if ended and lengths else "")
    want = next((k for k in (len(line) for line in text.split("\n")) if k > limit), 0)
    assert first_long_line(text, limit) == want
    # read_article's old test: longest_line stops at that same first long line
    assert (longest_line(text, limit) > limit) == bool(want)
    if want:
        assert longest_line(text, limit) == want


@pytest.mark.parametrize("alt, want", [
    (r"\bjoin the (conversation|discussion)\b", "join the "),
    (r"\bcookies? (policy|settings)\b", "cookie"),  # the "s" is optional: not in the literal
    (r"\(opens in (a )?new window\)", "new window)"),
    (r"^\d+ (min|minute|mins)( read)?$", " "),
    (r"ab{2}c", "a"),  # a repeated "b" ends the run
    (r"[abc]+xyz(?=q)", "xyz"),
    (r"\x41bcdef", ""),  # an escape it does not read: no literal rather than a wrong one
    (r"caf\u00e9 opens", ""),
    (r"\bsign in to comment\b", "sign in to comment"),
    (r"Opt-In Box", "opt-in box"),
])
def test_required_literal_is_one_every_match_holds(alt: str, want: str) -> None:
    from annotations.cleaning_vocabulary import _required_literal

    assert _required_literal(alt) == want


def test_byline_dated_pattern_never_tries_every_reading_of_a_line() -> None:
    # "by Ana Ruiz on 1111…x" split its digits every way before failing: hours, on a
    # line of 24 words or fewer (issue 13: nothing hangs).
    pt = patterns()
    assert not pt.byline_dated.match("by Ana Ruiz on 1" + "1" * 60 + "x")
    assert not pt.byline_dated.match("by Ana Ruiz on " + "mon th " * 10 + "x")
    assert pt.byline_dated.match("By Ana Ruiz and Tom Bell on 3 May 2031 09:12 GMT")
    assert pt.byline_dated.match("by Ana Ruiz | 10 a.m. EST")
