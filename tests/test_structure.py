"""Block structure: lines and paragraphs, Markdown constructs, and blocks that tile the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.article import article_from_text
from annotations.cleaning import clean
from annotations.document import (
    BLANK, BLOCKQUOTE, CODE, FRONT_MATTER, HEADING, LIST_ITEM, PARAGRAPH,
)
from annotations.structure import segment
from annotations.textmap import to_display


def _content(text, b):
    return text[b.content_start:b.content_end]


def _nonblank(blocks):
    return [b for b in blocks if b.kind != BLANK]


def test_plain_text_is_one_block_per_line():
    text = "First line here\nSecond line\n\n\nThird after blanks\n"
    blocks = segment(text, markdown=False)
    assert [(b.kind, _content(text, b)) for b in blocks] == [
        (PARAGRAPH, "First line here"),
        (PARAGRAPH, "Second line"),
        (BLANK, ""),
        (PARAGRAPH, "Third after blanks"),
    ]
    assert blocks[2].end - blocks[2].start == 2  # both blank lines in one BLANK block


def test_content_span_leaves_out_nbsp_and_spaces():
    text = "\u00a0  Padded line\u00a0 \n"
    (b,) = segment(text, markdown=False)
    assert _content(text, b) == "Padded line"
    assert (b.start, b.end) == (0, len(text))


def test_markdown_front_matter_headings_lists_quote_and_code():
    text = (
        "---\n"
        "title: A walk on the dunes\n"
        "---\n"
        "# A walk on the dunes\n"
        "\n"
        "Setext heading here\n"
        "===================\n"
        "\n"
        "Second level by dashes\n"
        "----------------------\n"
        "\n"
        "A paragraph that runs\n"
        "over two lines.\n"
        "\n"
        "- first item\n"
        "  - nested item\n"
        "1. numbered item\n"
        "\n"
        "> A quoted line\n"
        "> that continues.\n"
        "\n"
        "```\n"
        "# not a heading inside code\n"
        "```\n"
        "### Closing heading ###\n"
    )
    blocks = _nonblank(segment(text, markdown=True))
    got = [(b.kind, _content(text, b), b.level) for b in blocks]
    assert got[0][0] == FRONT_MATTER and blocks[0].boilerplate and blocks[0].reason == "front matter"
    assert got[1:] == [
        (HEADING, "A walk on the dunes", 1),
        (HEADING, "Setext heading here", 1),
        (HEADING, "Second level by dashes", 2),
        (PARAGRAPH, "A paragraph that runs\nover two lines.", 0),
        (LIST_ITEM, "first item", 0),
        (LIST_ITEM, "nested item", 1),
        (LIST_ITEM, "numbered item", 0),
        (BLOCKQUOTE, "A quoted line\n> that continues.", 0),
        (CODE, "```\n# not a heading inside code\n```", 0),
        (HEADING, "Closing heading", 3),
    ]


def test_unclosed_front_matter_is_not_front_matter():
    text = "---\ntitle: never closed\n\nBody line.\n"
    kinds = [b.kind for b in segment(text, markdown=True)]
    assert FRONT_MATTER not in kinds


def _check_tiling(text: str, blocks) -> None:
    pos = 0
    for b in blocks:
        assert b.start == pos, (b, pos)
        assert b.start <= b.content_start <= b.content_end <= b.end
        pos = b.end
    assert pos == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #>-*=`~\n\r\t\u00a0.1)\u200b\u2028é😀")), max_size=200),
       st.booleans())
def test_blocks_tile_any_text(text, markdown):
    _check_tiling(text, segment(text, markdown))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.booleans())
def test_cleaned_blocks_tile_and_display_maps_back_exactly(text, markdown):
    art = article_from_text(text, "t.md" if markdown else "t.txt")
    doc = clean(art)
    raw = art.text
    _check_tiling(raw, doc.blocks)
    for i, b in enumerate(doc.blocks):
        d = doc.display(i)
        assert len(d.offsets) == len(d.text) + 1
        for j, ch in enumerate(d.text):
            o = d.offsets[j]
            assert b.content_start <= o < b.content_end
            src = raw[o]
            # Each display character is its raw character, a space standing for
            # whitespace, or a visible stand-in for a control character.
            assert ch == src or (ch == " " and src.isspace()) or not src.isprintable()
        if d.text:
            a, z = d.raw_span(0, len(d.text))
            assert b.content_start <= a <= z <= b.content_end
            # Slicing the raw text at that span gives back exactly what is displayed.
            assert to_display(raw[a:z], a).text == d.text
