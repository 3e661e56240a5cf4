"""Furniture kept as body (annotations/furniture.py): a new document, the cleaned one untouched."""

from __future__ import annotations

import pickle

from annotations.article import article_from_text
from annotations.cleaning import clean
from annotations.furniture import as_body, changed_blocks, overridden, with_overrides
from annotations.model import Annotation, make_annotation
from tests.conftest import ARTICLE


def cleaned():
    return clean(article_from_text(ARTICLE, "library.txt"))


def rejection(doc, index: int, *, shift: int = 0, tag: str = "boilerplate", orphan: bool = False) -> Annotation:
    b = doc.blocks[index]
    r = make_annotation(doc.text, tag, b.content_start + shift, b.content_end, author="tester", origin="suggested")
    if orphan:
        r.anchor = "orphan"
    return r


def block_index(doc, starts_with: str) -> int:
    return next(i for i in range(len(doc.blocks)) if doc.display(i).text.startswith(starts_with))


def test_rejected_furniture_shows_as_body_and_the_cleaned_document_is_untouched():
    base = cleaned()
    advert = block_index(base, "Advertisement")
    blocks_before = list(base.blocks)
    shown = with_overrides(base, [rejection(base, advert)])
    assert shown is not base
    assert shown.blocks[advert].is_body and shown.blocks[advert].reason == ""
    assert base.blocks == blocks_before and base.blocks[advert].boilerplate
    assert advert in shown.body_indices() and advert not in base.body_indices()
    assert "Advertisement" in shown.clean_text() and "Advertisement" not in base.clean_text()
    # everything else is the same, and undoing is deriving again without the rejection
    assert [b for i, b in enumerate(shown.blocks) if i != advert] == [b for i, b in enumerate(base.blocks) if i != advert]
    assert with_overrides(base, []) is base


def test_which_rejections_stand_for_a_block():
    base = cleaned()
    advert = block_index(base, "Advertisement")
    share = block_index(base, "Share this")
    body = block_index(base, "Visitor numbers")
    assert overridden(base, [rejection(base, advert), rejection(base, share)]) == {advert, share}
    assert overridden(base, [rejection(base, share, shift=1)]) == {share}  # moved a little
    assert overridden(base, [rejection(base, share, shift=8)]) == frozenset()  # only part of it
    assert overridden(base, [rejection(base, advert, orphan=True)]) == frozenset()
    assert overridden(base, [rejection(base, advert, tag="claim")]) == frozenset()
    assert overridden(base, [rejection(base, body)]) == frozenset()  # a learned line: body already


def test_caches_are_shared_and_the_result_pickles():
    base = cleaned()
    advert = block_index(base, "Advertisement")
    base.sentences(5)
    shown = as_body(base, [advert])
    assert shown.sentences(5) == base.sentences(5)
    assert shown.display(advert).text == "Advertisement"
    assert shown.block_at(base.blocks[advert].start) == advert
    again = pickle.loads(pickle.dumps(shown))
    assert again.blocks == shown.blocks


def test_changed_blocks():
    assert changed_blocks(frozenset({1, 4}), frozenset({4, 7})) == [1, 7]
