"""Split decoded article text into blocks with raw offsets.

Scraped text usually holds one paragraph per line, and page furniture sits on lines of
its own right next to body lines, so a plain-text article is split line by line. In
Markdown, consecutive plain lines form one paragraph, as Markdown renders them.
Runs of blank lines become BLANK blocks, so the blocks tile the whole text.
"""

from __future__ import annotations

import re
from array import array

from .document import (
    BLANK, BLOCKQUOTE, CODE, FRONT_MATTER, HEADING, LIST_ITEM, PARAGRAPH, Block, BlockTable,
)

_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+")
_SETEXT = re.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
_LIST = re.compile(r"([ \t]*)([-*+•]|\d{1,3}[.)])[ \t]+")
_QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?")
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_WS = " \t\u00a0\u200b\ufeff\u3000\u2007\u202f"
# What a Markdown construct's line starts with after its indent: a fence, a heading, a
# quote, a list marker or a setext underline; or a digit (an ordered list: \d is any
# decimal digit, as str.isdecimal).
_OPENERS = frozenset("`~#>-*+\u2022=")


def _may_open(line: str) -> bool:
    """Whether a construct (_FENCE, _HEADING, _QUOTE, _LIST, _SETEXT) may match ``line``:
    a cheap test that spares their four or five regex matches on a plain line."""
    c = line[:1]
    if c == " " or c == "\t":
        c = line.lstrip(" \t")[:1]
    return c in _OPENERS or c.isdecimal()


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end_without_newline, end_with_newline) for each line."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            out.append((pos, n, n))
            break
        out.append((pos, nl, nl + 1))
        pos = nl + 1
    return out


def _trim(text: str, a: int, z: int) -> tuple[int, int]:
    while a < z and text[a] in _WS:
        a += 1
    while z > a and text[z - 1] in _WS:
        z -= 1
    return a, z


def plain_spans(text: str) -> tuple[BlockTable, array[int], list[str]]:
    """The blocks of plain text, one per non-blank line (a PARAGRAPH) and one per run of
    blank lines; and for each non-blank line, its block index and its content (the text
    between content_start and content_end, already cut out), in two lists.

    One tight pass, with no Block made: a long scraped page is nearly all plain lines.
    The blocks go straight into a BlockTable's arrays (a tuple of four ints per line
    cost about 180 bytes), and the cleaner sets each line's verdict there.
    """
    table = BlockTable()
    starts, ends, cstarts, cends, codes = table.start, table.end, table.content_start, table.content_end, table.code
    blank_code, line_code = table._code((BLANK, False, "")), table._code((PARAGRAPH, False, ""))  # noqa: SLF001
    index = array("q")
    content: list[str] = []
    add_index = index.append
    add_content = content.append

    def add(a: int, z: int, ca: int, cz: int, code: int) -> None:
        starts.append(a)
        ends.append(z)
        cstarts.append(ca)
        cends.append(cz)
        codes.append(code)

    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()  # the text ends with a newline: no line after it
    pos = 0
    blank_from = -1  # start of the current run of blank lines, or -1
    ws = _WS
    for line in parts:
        end = pos + len(line) + 1  # past the newline (one too far only for a last unended line)
        core = line.strip(ws)
        if not core:
            if blank_from < 0:
                blank_from = pos
        else:
            if blank_from >= 0:
                add(blank_from, pos, blank_from, blank_from, blank_code)
                blank_from = -1
            ca = pos if line[0] not in ws else pos + len(line) - len(line.lstrip(ws))
            add_index(len(starts))
            add_content(core)
            add(pos, end, ca, ca + len(core), line_code)
        pos = end
    if pos > len(text):
        # The last line has no newline: its block (or blank run) ends at the text's end.
        pos = len(text)
        if blank_from < 0 and len(starts):
            ends[-1] = pos
    if blank_from >= 0:
        add(blank_from, pos, blank_from, blank_from, blank_code)
    table.level = array("h", bytes(2 * len(starts)))
    return table, index, content


def _segment_plain(text: str) -> list[Block]:
    """One PARAGRAPH block per non-blank line, one BLANK block per run of blank lines:
    the same blocks the general loop gives plain text."""
    return list(plain_spans(text)[0])


def segment(text: str, markdown: bool = False) -> list[Block]:
    if not markdown:
        return _segment_plain(text)
    lines = _lines(text)
    blocks: list[Block] = []
    i = 0
    n = len(lines)

    def blank(a: int, z: int) -> bool:
        return not text[a:z].strip(_WS + "\n")

    # Front matter: a first line of '---' up to the next '---' line.
    if markdown and n and text[lines[0][0]:lines[0][1]].strip() == "---":
        for j in range(1, n):
            if text[lines[j][0]:lines[j][1]].strip() in ("---", "..."):
                a, z = lines[0][0], lines[j][2]
                blocks.append(Block(FRONT_MATTER, a, z, a, lines[j][1], True, "front matter"))
                i = j + 1
                break

    while i < n:
        a, e, z = lines[i]
        if blank(a, e):
            j = i
            while j + 1 < n and blank(lines[j + 1][0], lines[j + 1][1]):
                j += 1
            blocks.append(Block(BLANK, a, lines[j][2], a, a))
            i = j + 1
            continue
        line = text[a:e]
        if not markdown:
            ca, cz = _trim(text, a, e)
            blocks.append(Block(PARAGRAPH, a, z, ca, cz))
            i += 1
            continue
        if _may_open(line):  # else no construct can start here: a paragraph
            if m := _FENCE.match(line):
                fence = m.group(1)
                j = i + 1
                while j < n and not text[lines[j][0]:lines[j][1]].lstrip().startswith(fence):
                    j += 1
                j = min(j, n - 1)
                blocks.append(Block(CODE, a, lines[j][2], *_trim(text, a, lines[j][1])))
                i = j + 1
                continue
            if m := _HEADING.match(line):
                ca, cz = _trim(text, a + m.end(), e)
                cz_text = text[ca:cz].rstrip("#").rstrip(_WS)
                blocks.append(Block(HEADING, a, z, ca, ca + len(cz_text), level=len(m.group(1))))
                i += 1
                continue
            if m := _QUOTE.match(line):
                # A blockquote runs while lines start with '>'.
                j = i
                while j + 1 < n and _QUOTE.match(text[lines[j + 1][0]:lines[j + 1][1]]) and not blank(
                        lines[j + 1][0] + 1, lines[j + 1][1]):
                    j += 1
                ca, _ = _trim(text, a + m.end(), e)
                _, cz = _trim(text, a, lines[j][1])
                # A lone ">" (or "> " and a tab) has no content: keep the span empty, not inverted.
                blocks.append(Block(BLOCKQUOTE, a, lines[j][2], ca, max(ca, cz)))
                i = j + 1
                continue
            if m := _LIST.match(line):
                ca, cz = _trim(text, a + m.end(), e)
                blocks.append(Block(LIST_ITEM, a, z, ca, cz, level=len(m.group(1).expandtabs(4)) // 2))
                i += 1
                continue
        # A paragraph: plain lines up to a blank line or another construct.
        j = i
        while j + 1 < n:
            na, ne, _ = lines[j + 1]
            nxt = text[na:ne]
            if blank(na, ne):
                break
            if _may_open(nxt) and (_HEADING.match(nxt) or _QUOTE.match(nxt) or _LIST.match(nxt)
                                   or _FENCE.match(nxt) or (_SETEXT.match(nxt) and j == i)):
                # Another construct; or "Title\n=====", a heading.
                break
            j += 1
        if j + 1 < n and j == i and _may_open(nxt := text[lines[j + 1][0]:lines[j + 1][1]]) and _SETEXT.match(nxt):
            ca, cz = _trim(text, a, e)
            level = 1 if text[lines[j + 1][0]:lines[j + 1][1]].strip().startswith("=") else 2
            blocks.append(Block(HEADING, a, lines[j + 1][2], ca, cz, level=level))
            i = j + 2
            continue
        ca, cz = _trim(text, a, lines[j][1])
        blocks.append(Block(PARAGRAPH, a, lines[j][2], ca, cz))
        i = j + 1
    return blocks
