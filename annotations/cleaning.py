"""Classify every block of an article as body or furniture, with a reason.

Entry point: ``clean(article) -> Document``. (First cut: structure only; the rules
that recognise furniture are built up in this module.)
"""

from __future__ import annotations

from dataclasses import replace

from .article import Article
from .document import BLANK, HEADING, PARAGRAPH, STANDFIRST, TITLE, Block, Document
from .structure import segment


def classify(text: str, blocks: list[Block], markdown: bool) -> list[Block]:
    return blocks


def _pick_title(doc_blocks: list[Block]) -> tuple[int | None, int | None]:
    body = [i for i, b in enumerate(doc_blocks) if b.is_body]
    if not body:
        return None, None
    title = next((i for i in body if doc_blocks[i].kind == HEADING and doc_blocks[i].level == 1), body[0])
    after = [i for i in body if i > title]
    standfirst = after[0] if after and doc_blocks[after[0]].kind == PARAGRAPH else None
    return title, standfirst


def clean(article: Article) -> Document:
    blocks = classify(article.text, segment(article.text, article.is_markdown), article.is_markdown)
    title, standfirst = _pick_title(blocks)
    if title is not None:
        blocks[title] = replace(blocks[title], kind=TITLE)
    if standfirst is not None:
        blocks[standfirst] = replace(blocks[standfirst], kind=STANDFIRST)
    return Document(article, blocks, title, standfirst)
