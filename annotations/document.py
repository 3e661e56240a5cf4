"""A cleaned article: its blocks with raw offsets, title, standfirst and sentences."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable

from .article import Article
from .textmap import DisplayText, to_display

_SPLIT: list[Callable[[str, bool], list[tuple[int, int]]]] = []


def _splitter() -> Callable[[str, bool], list[tuple[int, int]]]:
    """sentences.split_sentences, imported on first use (its patterns compile then):
    the import statement cost more than splitting a short paragraph."""
    if not _SPLIT:
        from .sentences import split_sentences

        _SPLIT.append(split_sentences)
    return _SPLIT[0]


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


@dataclass(frozen=True)
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
    _sentences: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _is_markdown: bool | None = field(default=None, repr=False, compare=False)

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
        s = self._sentences.get(index)
        if s is None:
            b = self.blocks[index]
            # A Markdown paragraph may be wrapped over several lines; front matter
            # and code keep one sentence per line at most.
            soft = b.kind not in (FRONT_MATTER, CODE) and self._markdown()
            start = b.content_start
            s = [(start + a, start + z) for a, z in _splitter()(self.text[start:b.content_end], soft)]
            self._sentences[index] = s
        return s

    def _markdown(self) -> bool:
        # asked once per block by sentences(); the article's answer reads its path
        if self._is_markdown is None:
            self._is_markdown = self.article.is_markdown
        return self._is_markdown

    def block_at(self, offset: int) -> int:
        """Index of the block holding raw ``offset`` (the last block for offset == len)."""
        return max(0, min(bisect_right(self._starts, offset) - 1, len(self.blocks) - 1))

    def body_indices(self) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.is_body]

    def clean_text(self) -> str:
        """The cleaned article as plain text: title, then paragraphs, a blank line between."""
        parts = [self.display(i).text for i in self.body_indices()]
        return "\n\n".join(p for p in parts if p)
