"""The state the cleaning steps share: a page's lines, their reasons, body and headline.

Each step of the pipeline (see ``annotations.cleaning``) reads and updates one ``Page``.
A line's reason is "" while it may be body, or a furniture reason from
``annotations.document.REASONS`` that a reader sees beside the block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product

from .cleaning_lines import Line
from .document import Block


@dataclass(frozen=True)
class Params:
    """The few thresholds the cleaner has. bench/cleaning.py checks them held-out."""

    good_words: int = 10  # a prose line at least this long anchors the body
    line_cost: float = 3.0  # what a non-prose line costs the body run
    furniture_cost: float = 6.0  # what a line of known furniture costs it
    lone_factor: float = 0.25  # share of its length a prose line with no prose neighbour scores

    @staticmethod
    def grid() -> list["Params"]:
        return [Params(good_words=g, line_cost=c, lone_factor=x)
                for g, c, x in product((8, 10, 13), (2.0, 3.0, 5.0), (0.25, 0.5))]


DEFAULT = Params()


@dataclass
class Page:
    text: str
    blocks: Sequence[Block]  # a plain-text page's are made on demand (structure.SpanBlocks)
    markdown: bool
    params: Params
    lines: list[Line]  # the non-blank blocks, in order
    reason: list[str] = field(default_factory=list)  # per line: "" or a furniture reason
    start: int = 0  # first line of the article body
    end: int = -1  # last line of the article body
    title: int | None = None  # line index of the headline
    repeats: set[int] = field(default_factory=set)  # lines marked as repeats of earlier ones
    no_prose: bool = False  # no run of prose found: keep all but known furniture

    def __post_init__(self) -> None:
        if not self.reason:
            self.reason = [ln.vocab for ln in self.lines]
