"""Steps that find the headline and the standfirst.

Markdown names its title; a plain-text page shows its headline just above the body,
often after the page's own <title> line ("Headline - Site") that repeats it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from .cleaning_lines import ends_like_sentence, heading_like, patterns
from .cleaning_page import Page
from .document import BLANK, FRONT_MATTER, HEADING, PARAGRAPH, Block


@cache
def _front_matter_title() -> re.Pattern[str]:
    return re.compile(r"(?m)^title:[ \t]*(.+?)[ \t]*$")


def markdown_title(page: Page) -> int | None:
    """Front matter ``title:``, else the first top-level heading (line index), or None."""
    lines, reason, blocks = page.lines, page.reason, page.blocks
    heads = [k for k, ln in enumerate(lines) if ln.kind == HEADING and not reason[k]]
    fm = blocks[0] if blocks and blocks[0].kind == FRONT_MATTER else None
    if fm is not None and (m := _front_matter_title().search(page.text, fm.start, fm.end)):
        want = " ".join(m.group(1).strip("\"'").split()).lower()
        for k in heads:
            if lines[k].text.lower() == want:
                return k
    if heads:
        top = min(blocks[lines[k].index].level for k in heads)
        return next(k for k in heads if blocks[lines[k].index].level == top)
    return None


def _words(s: str) -> set[str]:
    return {w.lower() for w in patterns().word.findall(s)}


def repeated_page_title(page: Page) -> int | None:
    """A page often opens with its <title> ("Headline - Site"); the real headline repeats
    most of its words just above the body. Prefer that repeat (nearest the body), and
    mark the page-title line as furniture. The repeat may have been marked as a repeat
    of a menu teaser: the headline takes it back."""
    lines, reason = page.lines, page.reason
    ref = _words(lines[0].text)
    for k in range(min(page.start, len(lines) - 1), 0, -1):
        ln = lines[k]
        if (reason[k] and k not in page.repeats) or not heading_like(ln):
            continue
        words = _words(ln.text)
        if len(words) >= 3 and len(words & ref) >= 0.7 * len(words) and len(words & ref) >= 0.5 * len(ref):
            if not reason[0]:
                reason[0] = "other"
            reason[k] = ""  # a menu teaser may have named it first: it is the headline here
            return k
    return None


# A bare author name or a kicker: one to three capitalised words, letters only
_NAME_OR_KICKER = re.compile(r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,2}")


def top_of_header_block(page: Page) -> int | None:
    """The headline tops the header block just above the body: headline, standfirst,
    byline and dates, with navigation or breadcrumbs above it. The block ends at a menu
    entry or a breadcrumb, and is never very tall."""
    lines, reason, s = page.lines, page.reason, page.start
    crumb = patterns().breadcrumb
    k = min(s, len(lines) - 1)
    top = None
    skipped = False
    while k >= 0 and k >= s - 12:
        ln = lines[k]
        if heading_like(ln) and not reason[k]:
            top = k
        elif not reason[k] and k != s and not ln.good(8) and (ln.words <= 3 or crumb.search(ln.text)):
            if top is None and not skipped and _NAME_OR_KICKER.fullmatch(ln.text) and k and not reason[k - 1] \
                    and heading_like(lines[k - 1]):
                # a bare author name or a kicker between the headline and the body
                # ("Jane Doe", "EXCLUSIVE"): the block goes on above it, once
                skipped = True
                k -= 1
                continue
            break
        k -= 1
    return top


def pick_headline(page: Page) -> None:
    """Set page.title to the line index of the headline, or None."""
    if not page.lines:
        page.title = None
        return
    if page.markdown:
        k = markdown_title(page)
        if k is not None:
            page.title = k
            return
    for finder in (repeated_page_title, top_of_header_block):
        k = finder(page)
        if k is not None:
            page.title = k
            return
    page.title = next((k for k in range(len(page.lines)) if not page.reason[k]), None)


# the separators of a breadcrumb trail ("Blog › Health › Sleep")
_CRUMB_SEP = re.compile(r"\s[›»>]\s")


def standfirst(text: str, blocks: Sequence[Block], title: int | None) -> int | None:
    """Block index of the summary set after the headline, if there is one."""
    if title is None:
        return None
    nxt = [i for i in range(title + 1, min(len(blocks), title + 12)) if blocks[i].kind != BLANK]
    if not nxt or blocks[nxt[0]].boilerplate or blocks[nxt[0]].kind != PARAGRAPH:
        return None
    i = nxt[0]
    b = blocks[i]
    t = " ".join(text[b.content_start:b.content_end].split())
    if len(patterns().word.findall(t)) < 6 or len(_CRUMB_SEP.findall(t)) >= 2:
        return None  # too short to sum up a story, or a breadcrumb ("Blog > Health > Sleep")
    after = nxt[1] if len(nxt) > 1 else None
    # A standfirst is set apart from the body: unpunctuated like a headline, or followed
    # by byline and date lines rather than straight by the next paragraph.
    if not ends_like_sentence(t) or (after is not None and blocks[after].boilerplate):
        return i
    return None
