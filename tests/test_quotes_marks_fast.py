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


def _reference_scan_block(t: str, block: int) -> list[tuple[int, int, int, int | None]]:
    """scan_block as first written: one pattern for every kind of mark, the plain closer
    search (spans as tuples: open, start, end, close)."""
    out: list[tuple[int, int, int, int | None]] = []
    i, n = 0, len(t)
    while i < n:
        m = K._MARK.search(t, i)
        if m is None:
            break
        i = m.start()
        if K._opener_ok(t, i):
            ch = t[i]
            k = K._find_close(t, i, ch) if ch == "‘" else _reference_find_close(t, i, ch)
            a = i + 1
            while a < n and t[a].isspace():
                a += 1
            z = n if k is None else k
            while z > a and t[z - 1].isspace():
                z -= 1
            if z > a:
                out.append((i, a, z, k))
            if k is None:
                break
            i = k + 1
            continue
        i += 1
    return out


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["café", "£3", "—"]), max_size=16).map("".join))
def test_scan_block_answers_as_the_plain_scan(t: str) -> None:
    got = [(r.open_pos, r.start, r.end, r.close_pos) for r in K.scan_block(t, 0)]
    assert got == _reference_scan_block(t, 0), t


def test_one_kind_of_opener() -> None:
    assert K._one_kind_of_opener("no marks, £3 and café") is None
    assert K._one_kind_of_opener("“one” and “two”") == "“"
    assert K._one_kind_of_opener('typed "one" and "two"') == '"'
    assert K._one_kind_of_opener("“one” and ‘two’") == ""
    assert K._one_kind_of_opener("« un »") == ""


def test_a_paragraph_is_searched_for_mixed_closers_once(monkeypatch) -> None:
    # asked per quote, the search over the whole paragraph made a paragraph of many
    # quotes cost the square of its length
    calls = []
    real = K._plain
    monkeypatch.setattr(K, "_plain", lambda t: calls.append(1) or real(t))
    t = "“We agree,” they said. " * 500
    assert len(K.scan_block(t, 0)) == 500
    assert len(calls) == 1
