"""A cleaned article: its blocks with raw offsets, title, standfirst and sentences."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from .article import Article
from .textmap import DisplayText, to_display

# Block kinds. Every character of the article falls in exactly one block.
BLANK = "blank"
PARAGRAPH = "paragraph"
TITLE = "title"
STANDFIRST = "standfirst"
HEADING = "heading"
LIST_ITEM = "list_item"
BLOCKQUOTE = "blockquote"
FRONT_MATTER = "front_matter"
CODE = "code"

# Why a block is furniture. The cleaner gives one of these for every boilerplate block.
REASONS = (
    "advert", "caption", "credit", "alt text", "navigation", "breadcrumb", "share",
    "comment form", "newsletter", "cookie", "paywall", "copyright", "related links",
    "timestamp", "byline", "author bio", "front matter", "legal", "contact", "other",
    "outside main content",  # a web page: not in what trafilatura extracts (annotations/html.py)
)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    start: int  # raw offset of the block's first character
    end: int  # raw offset past its last (trailing newline included)
    content_start: int  # raw span of the text a reader sees (Markdown markers and
    content_end: int  # surrounding whitespace left out)
    boilerplate: bool = False
    reason: str = ""  # one of REASONS when boilerplate, else ""
    level: int = 0  # heading level, list depth

    @property
    def is_body(self) -> bool:
        return not self.boilerplate and self.kind != BLANK


@dataclass
class Document:
    article: Article
    blocks: list[Block]
    title: int | None = None  # index into blocks
    standfirst: int | None = None
    _display: dict[int, DisplayText] = field(default_factory=dict, repr=False)
    # Sentence bounds per block, flat (start, end, start, end …): a tuple of two ints
    # per sentence cost over twice the text (issue 13, item 14).
    _sentences: dict[int, array[int]] = field(default_factory=dict, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _body: array[int] | None = field(default=None, init=False, repr=False, compare=False)  # body_indices

    def __post_init__(self) -> None:
        self._starts = [b.start for b in self.blocks]

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def title_text(self) -> str:
        if self.title is None:
            return ""
        return self.display(self.title).text

    def peek_display(self, index: int) -> DisplayText:
        """Block ``index``'s display text, without filling the cache.

        A pass over every block of a 50 MB article (laying it out, printing it) would
        otherwise keep a second copy of the whole text in the cache.
        """
        cached = self._display.get(index)
        if cached is not None:
            return cached
        b = self.blocks[index]
        return to_display(self.text[b.content_start:b.content_end], b.content_start)

    def display(self, index: int) -> DisplayText:
        """Normalised display text of block ``index`` with its raw-offset map (cached)."""
        d = self._display.get(index)
        if d is None:
            b = self.blocks[index]
            d = to_display(self.text[b.content_start:b.content_end], b.content_start)
            self._display[index] = d
        return d

    def sentences(self, index: int) -> list[tuple[int, int]]:
        """Raw (start, end) of each sentence in block ``index``; split on first use."""
        flat = self._split(index)
        pairs = iter(flat)
        return list(zip(pairs, pairs))

    def sentence_count(self, index: int) -> int:
        """How many sentences block ``index`` has (split on first use)."""
        return len(self._split(index)) // 2

    def _split(self, index: int) -> array[int]:
        flat = self._sentences.get(index)
        if flat is None:
            from .sentences import split_sentences

            b = self.blocks[index]
            # A Markdown paragraph may be wrapped over several lines; front matter
            # and code keep one sentence per line at most.
            soft = self.article.is_markdown and b.kind not in (FRONT_MATTER, CODE)
            base = b.content_start
            flat = array("q")
            for a, z in split_sentences(self.text[base:b.content_end], soft_newlines=soft):
                flat.append(base + a)
                flat.append(base + z)
            self._sentences[index] = flat
        return flat

    def block_at(self, offset: int) -> int:
        """Index of the block holding raw ``offset`` (the last block for offset == len)."""
        return max(0, min(bisect_right(self._starts, offset) - 1, len(self.blocks) - 1))

    def body_indices(self) -> list[int]:
        """Indices of the body blocks (a fresh list; the blocks never change in place)."""
        if self._body is None:
            self._body = array("q", (i for i, b in enumerate(self.blocks) if b.is_body))
        return list(self._body)

    def clean_paragraphs(self) -> Iterator[str]:
        """The cleaned article's title and paragraphs, one at a time (none empty)."""
        for i, b in enumerate(self.blocks):
            if b.is_body:
                text = self.peek_display(i).text
                if text:
                    yield text

    def clean_text(self) -> str:
        """The cleaned article as plain text: title, then paragraphs, a blank line between."""
        return "\n\n".join(self.clean_paragraphs())
