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
