"""Furniture the user kept as body: rejecting the boilerplate suggestion of a block the
cleaner called furniture makes that block body, at once and on every later open.

The cleaned ``Document`` is never changed: ``with_overrides`` gives a new one whose
overridden blocks are body, sharing the cleaned one's article and per-block caches
(display text and sentences do not depend on the furniture flag). The app keeps the
cleaned document as the base and derives the shown one from the store's rejections
after every edit that adds or takes back a boilerplate rejection, so undo needs no
memory of what the block was: the base still has it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .document import Document
from .model import Annotation

# A rejection stands for a block when it covers this share of the block's visible text
# (and the block this share of it): re-anchoring may have moved it a little.
COVER = 0.9


def overridden(doc: Document, rejected: Iterable[Annotation]) -> frozenset[int]:
    """Indices of ``doc``'s furniture blocks that a placed ``boilerplate`` rejection
    covers (nearly) whole: the blocks to show as body. ``doc`` is the cleaned one."""
    out = set()
    for r in rejected:
        if r.tag != "boilerplate" or r.orphan or r.end <= r.start or r.start >= len(doc.text):
            continue
        i = doc.block_at(r.start)
        b = doc.blocks[i]
        if not b.boilerplate or b.content_end <= b.content_start:
            continue
        overlap = min(r.end, b.content_end) - max(r.start, b.content_start)
        if overlap >= COVER * max(r.end - r.start, b.content_end - b.content_start):
            out.add(i)
    return frozenset(out)


def as_body(doc: Document, indices: Iterable[int]) -> Document:
    """A new document with the blocks at ``indices`` turned from furniture into body;
    ``doc`` itself when none changes. O(blocks) for the block list, nothing more."""
    blocks = list(doc.blocks)
    changed = False
    for i in indices:
        b = blocks[i]
        if b.boilerplate:
            blocks[i] = replace(b, boilerplate=False, reason="")
            changed = True
    if not changed:
        return doc
    # The caches are keyed by block index and depend only on the text and the kind.
    return Document(doc.article, blocks, doc.title, doc.standfirst,
                    _display=doc._display, _sentences=doc._sentences)


def with_overrides(doc: Document, rejected: Iterable[Annotation]) -> Document:
    """The cleaned ``doc`` as the reader sees it: rejected furniture shown as body."""
    return as_body(doc, overridden(doc, rejected))


def changed_blocks(before: frozenset[int], after: frozenset[int]) -> list[int]:
    """Blocks that turned body or furniture between two override sets, in order: what
    to lay out again and recount sentences for."""
    return sorted(before ^ after)
