"""The line model: wrapping, the display-text fast path, and lookups."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from rich.cells import cell_len

from annotations.article import article_from_text
from annotations.cleaning import clean
from annotations.textmap import to_display
from tui.layout import build_layout, column_width, display_str, wrap

WORDS = st.lists(st.text(alphabet=st.sampled_from("abcdefghij’£é日本😀"), min_size=1, max_size=30),
                 min_size=0, max_size=40)


@given(WORDS, st.integers(min_value=1, max_value=90))
def test_wrap_keeps_every_word_in_order_within_the_width(words, width):
    text = " ".join(words)
    spans = wrap(text, width)
    for a, z in spans:
        assert cell_len(text[a:z]) <= max(width, 2)  # a lone wide char may not fit in 1
        assert text[a:z] == text[a:z].strip(" ")
    # The lines hold every non-space character, in order (long words may be cut).
    rebuilt = "".join(text[a:z] for a, z in spans)
    assert rebuilt.replace(" ", "") == text.replace(" ", "")
    # Spaces are only left out between lines.
    covered = sum(z - a for a, z in spans)
    assert len(text) - covered <= max(0, len(spans) - 1) + (len(text) - len(text.strip(" ")))
    # Spans are in order and do not overlap.
    for (a1, z1), (a2, z2) in zip(spans, spans[1:]):
        assert z1 <= a2


def test_wrap_breaks_at_word_boundaries():
    assert wrap("the council said on Thursday", 12) == [(0, 11), (12, 19), (20, 28)]
    assert wrap("", 10) == [(0, 0)]
    # A word longer than the line is cut where it fills the line.
    assert wrap("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]


RAW = st.text(alphabet=st.sampled_from("ab .\t\u00a0\u200b\u202e\x1b\x07\x9b\n’  "), max_size=60)


@given(RAW)
@settings(max_examples=300)
def test_display_fast_path_matches_to_display(raw):
    doc = clean(article_from_text("Title line here\n" + raw.replace("\n", " ") + "\n", "t.txt"))
    for i, b in enumerate(doc.blocks):
        expected = to_display(doc.text[b.content_start:b.content_end], b.content_start).text
        assert display_str(doc, i) == expected


def test_layout_lines_and_lookups():
    text = "A short title\n" + "\n".join(
        f"Paragraph {i} has words enough to wrap over more than one line at forty columns wide."
        for i in range(30)) + "\n"
    doc = clean(article_from_text(text, "t.txt"))
    layout = build_layout(doc, 40)
    assert layout.width == column_width(40) == 40
    shown = layout.shown
    assert shown and all(doc.blocks[i].is_body for i in shown)
    # A blank spacer between blocks, and every block's lines are contiguous.
    for i in shown:
        first, last = layout.block_lines(i)
        assert all(layout.lines[n][0] == i for n in range(first, last))
        assert layout.lines[first][3] is True
        # Every display character maps to the line that shows it.
        d = doc.display(i)
        for k in range(len(d.text)):
            n = layout.line_of(i, k)
            blk, a, z, _ = layout.lines[n]
            assert blk == i and a <= k and (k < z or d.text[k] == " ")
    assert layout.next_shown(shown[0], 1) == shown[1]
    assert layout.next_shown(shown[1], -1) == shown[0]
    assert layout.next_shown(shown[-1], 1) is None


def test_readable_column_on_wide_panes():
    assert column_width(200) == 80
    assert column_width(60) == 60
    assert column_width(5) >= 20


def test_inline_markdown_markers_hidden_and_offsets_kept():
    from tui.layout import strip_inline_markdown

    raw = "A **bold** and *it* with `code` and [a link](https://x.invalid/p) end_of_word"
    d, spans = strip_inline_markdown(to_display(raw, 100))
    assert d.text == "A bold and it with code and a link end_of_word"
    # Every character shown still points at the same character in the raw text.
    for i, ch in enumerate(d.text):
        assert raw[d.offsets[i] - 100] == ch
    kinds = {d.text[a:z]: kind for a, z, kind in spans}
    assert kinds == {"bold": "bold", "it": "italic", "code": "code", "a link": "link"}


def test_markdown_layout_and_view_agree():
    from tui.layout import block_display, display_str

    doc = clean(article_from_text("# Title\n\nSome **strong** words and a [link](http://x.invalid).\n", "a.md"))
    for i, b in enumerate(doc.blocks):
        if b.is_body:
            assert display_str(doc, i) == block_display(doc, i)[0].text
            assert "**" not in display_str(doc, i) and "](" not in display_str(doc, i)
