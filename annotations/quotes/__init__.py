"""Direct speech: find quoted spans in the body and work out who said them.

Entry point: ``find_quotes(doc) -> list[QuoteSpan]`` (``pipeline.py``), a pipeline
of named steps, each in a module named for it:

1. ``marks``: quote marks and their spans (“ ”, „ “, « », ‹ ›, straight quotes,
   UK ‘ ’ where ’ is also the apostrophe; a paragraph whose quote never closes runs
   on into the next one that opens with a mark);
2. ``candidates`` and ``mentions``: the attribution around each span (a speech
   verb's subject before or after it) and the people the article names;
3. ``speaker.choose_speaker``: the person the attribution stands for;
4. ``speaker.carry_speaker``: a speaker carried over to quotes without their own.

``people`` keeps who was named where (full names, gender, titles) for pronouns,
titles and short names; ``vocab`` holds the word lists. The rules are linguistic,
not tuned to any article.
"""

from __future__ import annotations

from .marks import scan_block
from .people import _HONORIFIC_HINT, People, Person, _surname_positions
from .pipeline import CONTEXT_PARAGRAPHS, QuoteSpan, find_quotes
from .vocab import _TOKEN, HONORIFICS

__all__ = ["CONTEXT_PARAGRAPHS", "HONORIFICS", "People", "Person", "QuoteSpan", "find_quotes",
           "scan_block", "_HONORIFIC_HINT", "_TOKEN", "_surname_positions"]
