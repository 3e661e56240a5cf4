"""The quote-mark scanner's short cuts answer exactly as the plain forms they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.quotes import marks as K


def _reference_find_close(t: str, i: int, opener: str) -> int | None:
    """_find_close as first written: a find for each kind of closer, the first found wins."""
    closers = K._OPEN_CLOSE[opener]
    j = i + 1
    best = None
    for c in ("’’", "''", "”" if opener == '"' else '"') if opener in "“\"" else ():
        k = t.find(c, j)
        if k >= 0 and (best is None or k < best):
            best = k
    for c in closers:
        k = t.find(c, j)
        if k >= 0 and (best is None or k < best):
            best = k
    return best


_PIECES = list("“”„«»‹›‘’\"'") + ["’’", "''", " ", "a", "Jane", "said", ",", ".", "90s", "(", "—", "\n", "\u00a0"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_find_close_answers_as_the_plain_search(t: str) -> None:
    for i, ch in enumerate(t):
        if ch in K._CLOSER:
            assert K._find_close(t, i, ch) == _reference_find_close(t, i, ch), (t, i)


def test_find_close_takes_the_first_of_mixed_closers() -> None:
    t = "“one’’ and two” x"
    assert K._find_close(t, 0, "“") == t.index("’’")
    t = "\"one” and two\" x"
    assert K._find_close(t, 0, '"') == t.index("”")
    assert K._find_close("“never closed", 0, "“") is None
