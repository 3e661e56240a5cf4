"""Document.blocks is a BlockTable: flat arrays that hand out the same Blocks (issue 13, item 14)."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.article import article_from_text
from annotations.cleaning import clean
from annotations.document import BLANK, PARAGRAPH, REASONS, TITLE, Block, BlockTable, Document

BLOCKS = st.lists(
    st.builds(
        Block,
        kind=st.sampled_from([BLANK, PARAGRAPH, TITLE, "heading", "list_item"]),
        start=st.integers(0, 2**40), end=st.integers(0, 2**40),
        content_start=st.integers(0, 2**40), content_end=st.integers(0, 2**40),
        boilerplate=st.booleans(), reason=st.sampled_from(("",) + REASONS), level=st.integers(0, 9),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(BLOCKS, st.data())
def test_a_table_gives_back_the_blocks_it_was_given(blocks, data):
    table = BlockTable(blocks)
    assert len(table) == len(blocks) and list(table) == blocks and table == blocks
    assert [table[i] for i in range(-len(blocks), len(blocks))] == blocks + blocks
    assert [table.is_body(i) for i in range(len(blocks))] == [b.is_body for b in blocks]
    a = data.draw(st.integers(0, len(blocks)))
    assert list(table[a:]) == blocks[a:]
    assert pickle.loads(pickle.dumps(table[a:])) == blocks[a:]  # as the loader child sends it
    if blocks:
        i = data.draw(st.integers(0, len(blocks) - 1))
        new = data.draw(BLOCKS.filter(bool))[0]
        table[i] = new
        blocks[i] = new
        assert list(table) == blocks
    joined = BlockTable(blocks)
    joined.extend(table)
    assert list(joined) == blocks + list(table)


def test_a_document_turns_its_list_into_a_table_and_looks_up_offsets():
    text = "Harbour crane to stay\n\nThe board met on Tuesday.\n\nAdvertisement\n\nIt will be green.\n"
    doc = clean(article_from_text(text, "a.txt"))
    assert isinstance(doc.blocks, BlockTable)
    again = Document(doc.article, list(doc.blocks), doc.title, doc.standfirst)
    assert isinstance(again.blocks, BlockTable) and again.blocks == doc.blocks
    pos = text.index("green")
    assert doc.blocks[doc.block_at(pos)].content_start <= pos < doc.blocks[doc.block_at(pos)].content_end
    assert [doc.blocks[i].kind for i in doc.body_indices()][0] == TITLE
    assert any(b.boilerplate and b.reason == "advert" for b in doc.blocks)
