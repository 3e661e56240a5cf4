"""Search steps (tui/search_steps.py): only shown matches count, n steps from the cursor,
and a step round the end says so."""

from __future__ import annotations

from tui.search_steps import first_from, shown_matches, step_from

MATCHES = [(10, 15), (40, 45), (70, 75), (120, 125)]


def test_hidden_matches_are_not_counted():
    hidden = range(60, 100)  # a furniture block
    shown = shown_matches(MATCHES, lambda start: start not in hidden)
    assert shown == [(10, 15), (40, 45), (120, 125)]


def test_n_steps_from_the_cursor_not_from_the_last_match():
    # The cursor's sentence holds the match at 40: n goes past it, N before it.
    assert step_from(MATCHES, (30, 50), 1).index == 2
    assert step_from(MATCHES, (30, 50), -1).index == 0
    # After g (the cursor at the top, on no match): n finds the first match.
    assert step_from(MATCHES, (0, 5), 1).index == 0


def test_a_step_round_the_end_says_so():
    last = step_from(MATCHES, (118, 130), 1)
    assert last.index == 0 and last.wrapped and "continuing at the top" in last.message(1)
    first = step_from(MATCHES, (0, 12), -1)
    assert first.index == 3 and first.wrapped and "continuing at the end" in first.message(-1)
    assert step_from(MATCHES, (30, 35), 1).message(1) == ""


def test_a_new_search_starts_at_the_cursor():
    assert first_from(MATCHES, (50, 60)).index == 2
    assert first_from(MATCHES, (200, 210)).wrapped
    assert first_from([], (0, 1)) is None and step_from([], (0, 1), 1) is None
