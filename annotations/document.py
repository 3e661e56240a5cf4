"""A cleaned article: its blocks with raw offsets, title, standfirst and sentences."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Callable, overload

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


class BlockTable(Sequence[Block]):
    """A document's blocks in flat arrays; reading one gives a ``Block``.

    A page of short lines has a block per line and another per blank run between
    them; as objects they cost about 200 bytes each, some ten times the text of a
    40-character line (issue 13, item 14). Here a block costs about 36 bytes. Kinds
    and reasons are stored as small codes into the table's own list of names, so a
    table pickles (to the app's loader) without any shared registry.
    """

    __slots__ = ("start", "end", "content_start", "content_end", "code", "level", "names")

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self.start = array("q")
        self.end = array("q")
        self.content_start = array("q")
        self.content_end = array("q")
        # kind and reason together, and the boilerplate flag: one code per distinct
        # (kind, boilerplate, reason)
        self.code = array("H")
        self.level = array("h")
        self.names: list[tuple[str, bool, str]] = []
        self.extend(blocks)

    def _code(self, key: tuple[str, bool, str]) -> int:
        try:
            return self.names.index(key)
        except ValueError:
            self.names.append(key)
            return len(self.names) - 1

    def append(self, b: Block) -> None:
        self.start.append(b.start)
        self.end.append(b.end)
        self.content_start.append(b.content_start)
        self.content_end.append(b.content_end)
        self.code.append(self._code((b.kind, b.boilerplate, b.reason)))
        self.level.append(b.level)

    def extend(self, blocks: Iterable[Block]) -> None:
        if isinstance(blocks, BlockTable):
            self.start.extend(blocks.start)
            self.end.extend(blocks.end)
            self.content_start.extend(blocks.content_start)
            self.content_end.extend(blocks.content_end)
            self.level.extend(blocks.level)
            self.code.extend(self._code(key) for key in (blocks.names[c] for c in blocks.code))
            return
        for b in blocks:
            self.append(b)

    def add(self, kind: str, start: int, end: int, content_start: int, content_end: int,
            boilerplate: bool = False, reason: str = "", level: int = 0) -> None:
        """append(Block(...)) without making the Block."""
        self.start.append(start)
        self.end.append(end)
        self.content_start.append(content_start)
        self.content_end.append(content_end)
        self.code.append(self._code((kind, boilerplate, reason)))
        self.level.append(level)

    def __setitem__(self, i: int, b: Block) -> None:
        self.start[i], self.end[i] = b.start, b.end
        self.content_start[i], self.content_end[i] = b.content_start, b.content_end
        self.code[i] = self._code((b.kind, b.boilerplate, b.reason))
        self.level[i] = b.level

    def __len__(self) -> int:
        return len(self.start)

    @overload
    def __getitem__(self, i: int) -> Block: ...
    @overload
    def __getitem__(self, i: slice) -> BlockTable: ...

    def __getitem__(self, i: int | slice) -> Block | BlockTable:
        if isinstance(i, slice):
            part = BlockTable()
            part.start, part.end = self.start[i], self.end[i]
            part.content_start, part.content_end = self.content_start[i], self.content_end[i]
            part.code, part.level, part.names = self.code[i], self.level[i], list(self.names)
            return part
        kind, boilerplate, reason = self.names[self.code[i]]
        return Block(kind, self.start[i], self.end[i], self.content_start[i], self.content_end[i],
                     boilerplate, reason, self.level[i])

    def __iter__(self) -> Iterator[Block]:
        names = self.names
        for k, a, z, ca, cz, lv in zip(self.code, self.start, self.end, self.content_start,
                                       self.content_end, self.level):
            kind, boilerplate, reason = names[k]
            yield Block(kind, a, z, ca, cz, boilerplate, reason, lv)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (BlockTable, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"BlockTable(<{len(self)} blocks>)"

    def is_body(self, i: int) -> bool:
        """blocks[i].is_body, without making the Block."""
        kind, boilerplate, _ = self.names[self.code[i]]
        return not boilerplate and kind != BLANK


@dataclass
class Document:
    article: Article
    blocks: Sequence[Block]  # a BlockTable once made (a list is turned into one)
    title: int | None = None  # index into blocks
    standfirst: int | None = None
    _display: dict[int, DisplayText] = field(default_factory=dict, repr=False)
    # Sentence bounds per block, flat (start, end, start, end …): a tuple of two ints
    # per sentence cost over twice the text (issue 13, item 14).
    _sentences: dict[int, array[int]] = field(default_factory=dict, repr=False)
    _starts: Sequence[int] = field(default=(), repr=False)
    _body: array[int] | None = field(default=None, init=False, repr=False, compare=False)  # body_indices
    _is_markdown: bool | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = self.blocks if isinstance(self.blocks, BlockTable) else BlockTable(self.blocks)
        self.blocks = table
        self._starts = table.start

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

    def forget_sentences(self, blocks: range) -> None:
        """Drop the cached sentence bounds of ``blocks`` (they are split again if asked)."""
        cache = self._sentences
        for i in blocks:
            cache.pop(i, None)

    def sentence_count(self, index: int) -> int:
        """How many sentences block ``index`` has (split on first use)."""
        return len(self._split(index)) // 2

    def _split(self, index: int) -> array[int]:
        flat = self._sentences.get(index)
        if flat is None:
            flat = array("q")
            for a, z in self.sentences_uncached(index):
                flat.append(a)
                flat.append(z)
            self._sentences[index] = flat
        return flat

    def sentences_uncached(self, index: int) -> list[tuple[int, int]]:
        """``sentences(index)``, split without keeping the answer: for a process that
        reads each block once (a big pass's second process), keeping it costs more."""
        table = self.table
        kind = table.names[table.code[index]][0]
        # A Markdown paragraph may be wrapped over several lines; front matter
        # and code keep one sentence per line at most.
        soft = kind not in (FRONT_MATTER, CODE) and self._markdown()
        base = table.content_start[index]
        return [(base + a, base + z) for a, z in _splitter()(self.text[base:table.content_end[index]], soft)]

    def _markdown(self) -> bool:
        # asked once per block by sentences(); the article's answer reads its path
        if self._is_markdown is None:
            self._is_markdown = self.article.is_markdown
        return self._is_markdown

    @property
    def table(self) -> BlockTable:
        """``blocks`` as the table it always is, for loops that read its arrays directly
        (making a ``Block`` per paragraph read was a tenth of the quote pass)."""
        table = self.blocks
        assert isinstance(table, BlockTable)
        return table

    def block_starts(self) -> Sequence[int]:
        """Each block's raw start, in order (read-only; no Block is made)."""
        return self._starts

    def block_at(self, offset: int) -> int:
        """Index of the block holding raw ``offset`` (the last block for offset == len)."""
        return max(0, min(bisect_right(self._starts, offset) - 1, len(self.blocks) - 1))

    def body_indices(self) -> list[int]:
        """Indices of the body blocks (a fresh list; the blocks never change in place)."""
        if self._body is None:
            table = self.blocks
            assert isinstance(table, BlockTable)
            self._body = array("q", (i for i in range(len(table)) if table.is_body(i)))
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
