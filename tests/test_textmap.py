"""Display text and its map back to raw offsets."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotations.textmap import safe_text, to_display

SPACES = {" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u0085", "\u00a0", "\u1680", "\u2028", "\u2029",
          "\u202f", "\u205f", "\u3000"} | {chr(c) for c in range(0x2000, 0x200B)}


def test_nbsp_becomes_a_space():
    d = to_display("£1.5\u00a0million")
    assert d.text == "£1.5 million"
    assert d.offsets[4] == 4  # the space maps to the NBSP


def test_runs_of_spaces_collapse_to_the_first():
    raw = "a \u00a0\t  b"
    d = to_display(raw, 100)
    assert d.text == "a b"
    assert d.offsets == (100, 101, 106, 107)


def test_ends_are_trimmed():
    d = to_display(" \u00a0 Headline here \t\u2003", 10)
    assert d.text == "Headline here"
    assert d.offsets[0] == 13
    assert d.raw_span(0, len(d.text)) == (13, 26)


def test_control_characters_get_visible_placeholders():
    d = to_display("red\x1b[31mALERT\x07\x7f\x9b2J!")  # \x9b: the 8-bit CSI
    assert d.text == "red␛[31mALERT␇␡\ufffd2J!"
    assert "\x1b" not in d.text and "\x07" not in d.text
    assert d.offsets[3] == 3  # the placeholder keeps the ESC's raw offset


def test_bidi_overrides_and_invisibles_are_dropped():
    raw = "pay \u202eeulav\u202c now\u200b\u2066x\u2069\u00ad\ufeff\u2062!"
    d = to_display(raw)
    assert d.text == "pay eulav nowx!"
    for ch in "\u202e\u202c\u200b\u2066\u2069\u00ad\ufeff\u2062":
        assert ch not in d.text
    i = d.text.index("e")
    assert raw[d.offsets[i]] == "e"


def test_lone_surrogate_is_replaced():
    assert to_display("a\ud800b").text == "a\ufffdb"


def test_empty_and_all_space():
    for raw in ("", "   ", "\u00a0\n\u200b"):
        d = to_display(raw, 7)
        assert d.text == ""
        assert d.offsets == (7,)
        assert d.raw_span(0, 0) == (7, 7)


def test_display_index_finds_the_display_char():
    d = to_display("a  \u200bb", 50)
    assert d.text == "a b"
    assert d.display_index(50) == 0
    assert d.display_index(51) == 1  # the space that stands for the run
    assert d.display_index(52) == 2  # inside the run: the next shown character
    assert d.display_index(55) == 3  # past the end


def test_safe_text():
    assert safe_text("Title\u00a0with\x1b and \u202emark") == "Title with␛ and mark"


# --- properties -----------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("ab Zé£“”’.") + ["\u00a0", "\t", "\n", "\r", "\x1b", "\x07", "\x7f", "\x85", "\u200b",
                          "\u200d", "\u202e", "\u2066", "\u00ad", "\ufeff", "\u2028", "\u3000",
                          "\u0301", "😀", "ש", "\ud800", "\U000e0041"]
)
TEXTS = st.one_of(st.lists(ALPHABET, max_size=60).map("".join), st.text(max_size=60))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(0, 1000))
@example("a \u00a0 b", 0)
@example("\x1b\u202e", 3)
def test_every_display_char_points_at_its_raw_char(raw, base):
    d = to_display(raw, base)
    assert len(d.offsets) == len(d.text) + 1
    # strictly increasing, inside the raw text
    assert all(x < y for x, y in zip(d.offsets, d.offsets[1:]))
    assert all(base <= o < base + len(raw) for o in d.offsets[:-1])
    for i, ch in enumerate(d.text):
        src = raw[d.offsets[i] - base]
        if ch == " ":
            assert src in SPACES
        elif ch != src:
            # only placeholders stand for something else, and only for controls
            assert ch in "\ufffd\u2421" or 0x2400 <= ord(ch) < 0x2420
            assert ord(src) < 0x20 or 0x7F <= ord(src) < 0xA0 or 0xD800 <= ord(src) < 0xE000
    # no space at either end, never two in a row
    assert not d.text.startswith(" ") and not d.text.endswith(" ") and "  " not in d.text
    # nothing visible is lost: every raw char is shown, or is a space, or is dropped
    shown = {o - base for o in d.offsets[:-1]}
    for j, ch in enumerate(raw):
        if j not in shown:
            assert ch in SPACES or to_display(ch).text == ""


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_raw_span_of_a_display_range_shows_the_same_text(raw, data):
    base = 17
    d = to_display(raw, base)
    n = len(d.text)
    a = data.draw(st.integers(0, n))
    z = data.draw(st.integers(a, n))
    ra, rz = d.raw_span(a, z)
    assert base <= ra <= rz <= base + len(raw)
    piece = raw[ra - base:rz - base]
    # the raw slice shows exactly the selected display text (a space selected at an
    # edge of the range is trimmed, as it is for any display text)
    assert to_display(piece).text == d.text[a:z].strip(" ")
    # and it maps back onto the same display range
    if z > a:
        assert d.display_index(ra) == a
        assert d.display_index(rz) == z


# --- the fast path against the one-character-at-a-time reference ------------------------

@settings(max_examples=600, deadline=None)
@given(TEXTS, st.integers(0, 1000))
@example("  a", 0)
@example("a  ", 0)
@example(" \x1b \u200b b ", 5)
@example("a \u200b b", 0)
@example("\u200ba\u200b", 0)
@example("a\u2062 b", 0)  # a format character outside the fixed list: the slow path
def test_fast_path_matches_the_reference(raw, base):
    from annotations.textmap import _to_display_slowly

    fast, slow = to_display(raw, base), _to_display_slowly(raw, base)
    assert fast.text == slow.text
    assert tuple(fast.offsets) == tuple(slow.offsets)
    assert fast.offsets == slow.offsets  # the same runs, however they were built


def test_a_plain_paragraph_is_one_run():
    # One int per character cost some 40 times the file in memory (issue 13, item 14).
    raw = "A plain paragraph with “curly quotes”, single spaces and no surprises. " * 2000
    d = to_display(raw.strip(), 10)
    assert len(d.offsets) == len(d.text) + 1
    assert d.offsets._starts.tolist() == [0]  # noqa: SLF001
    assert d.offsets[-1] == 10 + len(d.text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=40), st.integers(0, 50), st.data())
def test_offset_map_behaves_like_the_tuple(steps, first, data):
    offsets, o = [], first
    for s in steps:
        o += 1 + s  # strictly increasing, with runs where the step is 1
        offsets.append(o)
    m = __import__("annotations.textmap", fromlist=["OffsetMap"]).OffsetMap.from_offsets(offsets)
    assert len(m) == len(offsets) and list(m) == offsets and m == tuple(offsets)
    if offsets:
        i = data.draw(st.integers(-len(offsets), len(offsets) - 1))
        assert m[i] == offsets[i]
    raw = data.draw(st.integers(0, o + 2))
    hi = len(offsets)
    expected = next((j for j, x in enumerate(offsets) if x >= raw), hi)
    assert m.first_at_or_after(raw, hi) == expected
