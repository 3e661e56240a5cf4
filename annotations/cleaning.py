"""Classify every block of an article as body or furniture, with a reason.

Entry point: ``clean(article) -> Document``.

We see only text, not HTML, so the cleaner leans on what survives a copy of a page:

1. Line shape. Body paragraphs are long, end like sentences and are full of small
   function words; menus, buttons and teasers are short, unpunctuated runs
   (``cleaning_lines``).
2. Generic furniture vocabulary. Adverts, share buttons, comment forms, cookie banners,
   paywalls, timestamps, credits ... are worded the same way on every site, so a
   small pattern table names them and gives the reason (``cleaning_vocabulary``).
3. Position. The article body is the densest run of long prose lines, found as the
   maximum-sum run of a per-line score, then smoothed (``cleaning_body``).
4. Neighbourhood. A header such as "Related" turns the short lines after it into the
   same furniture; a line just before a photo credit is a caption; the lines before the
   headline are navigation (``cleaning_neighbours``, ``cleaning_headline``).

``classify`` runs these as a pipeline of named steps over one shared ``Page``; each step
is a small function with its own tests. Every step is one or a few linear passes, so a
10 MB article cleans in about a second, and any prefix of an article cleans sensibly.
"""

from __future__ import annotations

from array import array

from .article import Article
from .cleaning_body import locate_body
from .cleaning_headline import pick_headline, standfirst
from .cleaning_lines import LineMemo, line_features, shape_lines
from .cleaning_neighbours import (
    break_menu_runs, drop_repeats, extend_headers, label_outside_body, mark_captions,
    mark_sandwiched_captions,
)
from .cleaning_page import DEFAULT, Page, Params
from .document import BLANK, FRONT_MATTER, PARAGRAPH, STANDFIRST, TITLE, Block, BlockTable, Document
from .structure import plain_spans, segment

__all__ = ["DEFAULT", "Page", "Params", "classify", "clean", "page_lines", "run_steps"]


def page_lines(text: str, blocks: list[Block], markdown: bool, params: Params | None = None) -> Page:
    """The page as the steps see it: one line per non-blank block, with its features."""
    memo: LineMemo = {}
    lines = [line_features(text, b, i, markdown, memo) for i, b in enumerate(blocks)
             if b.kind != BLANK and b.kind != FRONT_MATTER]
    return Page(text, blocks, markdown, params or DEFAULT, lines)


def find_body_and_repeats(page: Page) -> None:
    """Locate the body; if that shows lines repeated from the header, drop them and look again."""
    locate_body(page)
    if drop_repeats(page):
        locate_body(page)


# The pipeline, in order. Each step reads and updates the page's reasons and spans.
STEPS = (
    mark_captions,  # the line before a credit is its caption or alt text
    mark_sandwiched_captions,  # a line between a byline, a date or a credit is a caption
    extend_headers,  # "Related", "Media contact:" ... and the short lines under them
    find_body_and_repeats,  # the densest prose run, cut at comment threads
    pick_headline,  # the headline above the body
    label_outside_body,  # navigation above, teasers and footers below
    break_menu_runs,  # menus left inside the body
)


def run_steps(page: Page) -> Page:
    if page.lines:
        for step in STEPS:
            step(page)
    return page


def classify(text: str, blocks: list[Block], markdown: bool, params: Params | None = None) -> list[Block]:
    """Mark every block body or furniture (boilerplate=True with a reason)."""
    return _apply(run_steps(page_lines(text, blocks, markdown, params)))


def _apply(page: Page) -> list[Block]:
    """The page's blocks with each line's verdict written into its block."""
    blocks = list(page.blocks)
    for ln, why in zip(page.lines, page.reason):
        i = ln.index
        b = blocks[i]
        if why:
            if b.reason != why:
                # Built directly: dataclasses.replace costs ~4x as much per block.
                blocks[i] = Block(b.kind, b.start, b.end, b.content_start, b.content_end, True, why, b.level)
        elif b.boilerplate:
            blocks[i] = Block(b.kind, b.start, b.end, b.content_start, b.content_end, False, "", b.level)
    return blocks


def plain_page(text: str, params: Params | None = None) -> tuple[Page, BlockTable]:
    """The page of a plain-text article and its blocks, in one pass over its lines."""
    blocks, index, content = plain_spans(text)
    lines = shape_lines(index, content, PARAGRAPH, False)
    return Page(text, blocks, False, params or DEFAULT, lines), blocks


def _plain_blocks(blocks: BlockTable, reason: list[str]) -> BlockTable:
    """The blocks of a plain-text page with each line's verdict (as _apply), set in the
    table's codes: no Block object is made."""
    codes, names = blocks.code, blocks.names
    furniture: dict[str, int] = {}
    why = iter(reason)  # one per line, and the lines are the non-blank blocks in order
    for i, c in enumerate(codes):
        if names[c][0] == BLANK:
            continue
        r = next(why)
        if r:
            code = furniture.get(r)
            if code is None:
                code = furniture[r] = blocks._code((PARAGRAPH, True, r))  # noqa: SLF001
            codes[i] = code
    return blocks


def clean(article: Article, params: Params | None = None) -> Document:
    if article.html is not None:  # a saved web page: its own blocks (annotations/html.py)
        # Imported here: only a web page needs it, and importing the cleaner stays cheap.
        from .html import html_document

        return html_document(article)
    text = article.text
    blocks: list[Block] | BlockTable
    if article.is_markdown:
        page = run_steps(page_lines(text, segment(text, True), True, params))
        blocks = _apply(page)
    else:
        page, table = plain_page(text, params)
        blocks = _plain_blocks(table, run_steps(page).reason)
    title = page.lines[page.title].index if page.title is not None else None
    first = None
    if title is not None:
        first = standfirst(text, blocks, title)
        b = blocks[title]
        blocks[title] = Block(TITLE, b.start, b.end, b.content_start, b.content_end, b.boilerplate, b.reason, b.level)
    if first is not None:
        b = blocks[first]
        blocks[first] = Block(STANDFIRST, b.start, b.end, b.content_start, b.content_end, b.boilerplate, b.reason,
                              b.level)
    return Document(article, blocks, title, first)
