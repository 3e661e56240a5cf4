"""Steps that judge a line by the lines around it.

A header such as "Related" or "Media contact:" turns the short lines after it into the
same furniture; a line just before a photo credit is a caption or alt text; a short line
repeated from the page's header is furniture again; the lines before the headline are
navigation or breadcrumbs, and those after the body are teasers and footers.
"""

from __future__ import annotations

import re

from .cleaning_lines import MEMO_LINES, Line, heading_like, patterns
from .cleaning_page import Page
from .document import HEADING, PARAGRAPH

# An article's header (headline, standfirst, byline, dates, a caption) is never taller.
HEADER_LINES = 12

# Headers whose short followers are the same kind of furniture.
FOLLOWERS = frozenset({"related links", "contact", "comment form"})


def _may_credit(t: str) -> bool:
    """Cheap test a line must pass to carry an inline credit (a colon, a slash, brackets,
    an agency's name, or words like "photo" and "caption")."""
    if ":" in t or "/" in t or "(" in t or "[" in t:
        return True
    low = t.lower()
    return "photo" in low or "image" in low or "caption" in low or "picture" in low or "getty" in low \
        or "reuters" in low


# "(Image: © Averly Council)", "(© Harbour Daily)": a picture's copyright, set under it
# like a credit
_IMAGE_COPYRIGHT = re.compile(r"\(\s*(?:(?:image|photo|picture|pic)s?\s*:?\s*)?©", re.I)


def mark_captions(page: Page) -> None:
    """Captions and alt text: the line right before a credit is what the credit is for."""
    lines, reason = page.lines, page.reason
    inline_credit = patterns().inline_credit
    # Per line: "credit" (a credit line), "caption" (a caption carrying its credit) or "".
    # Whether a line carries a credit depends on its text alone: asked once per distinct
    # text (repeated lines share their text).
    carries: dict[str, bool] = {}
    credit = []
    for ln in lines:
        if ln.vocab:
            credit.append("credit" if ln.vocab == "credit" or ln.vocab == "copyright" and ln.words <= 12
                          and _IMAGE_COPYRIGHT.match(ln.text) else "")
        elif ln.words > 60:
            credit.append("")
        else:
            t = ln.text
            c = carries.get(t)
            if c is None:
                c = _may_credit(t) and inline_credit.search(t) is not None
                if len(carries) < MEMO_LINES:
                    carries[t] = c
            credit.append("caption" if c else "")
    for k, ln in enumerate(lines):
        if not credit[k]:
            continue
        if credit[k] == "caption":
            reason[k] = "caption"
        prev = k - 1
        if prev < 0 or reason[prev] or lines[prev].kind == HEADING:
            continue
        p = lines[prev]
        if p.words <= 40 and not p.sentence:
            reason[prev] = "alt text" if credit[k] == "caption" else "caption"
        elif credit[k] == "credit" and p.words <= 60 and not _quotes(p.text) \
                and not ln.text.lower().startswith("source") and (k + 1 >= len(lines) or not credit[k + 1]):
            # A sentence-long caption above its picture credit. Not when the credit heads
            # a caption of its own below, nor for a data source, nor above a paragraph
            # that quotes someone: that is body.
            reason[prev] = "caption"


_QUOTE_MARKS = "\"“”«»„"


def _quotes(t: str) -> bool:
    return any(q in t for q in _QUOTE_MARKS)


# Header furniture: what sits around a headline and a picture, never between paragraphs.
_HEADER_FURNITURE = frozenset({"byline", "timestamp", "credit"})


def mark_sandwiched_captions(page: Page) -> None:
    """A lone line with a byline, date or credit on each side is a picture's caption: body
    paragraphs sit between paragraphs, not between the parts of an article's header."""
    lines, reason = page.lines, page.reason
    for k in range(1, len(lines) - 1):
        # The neighbours first: they rule out nearly every line at once.
        if reason[k - 1] in _HEADER_FURNITURE and reason[k + 1] in _HEADER_FURNITURE and not reason[k] \
                and lines[k].words <= 60 and lines[k].kind != HEADING and not _quotes(lines[k].text) \
                and not (reason[k - 1] == reason[k + 1] == "timestamp" and lines[k].sentence):
            # (a sentence between two times is a live blog's entry, not a caption)
            reason[k] = "caption"


def _contact_shaped(ln: Line) -> bool:
    """An address, phone or e-mail line, or a short name or role: what sits under "Contact"."""
    return ln.words <= 6 or any(c.isdigit() for c in ln.text) or "@" in ln.text


def _opens_article(lines: list[Line], j: int) -> bool:
    """A headline with a paragraph under it: a new article starts here, not more furniture."""
    return heading_like(lines[j]) and j + 1 < len(lines) and lines[j + 1].good(8)


def extend_headers(page: Page) -> None:
    """A header like "Related" or "Media contact:" makes its short followers the same furniture.

    Done before looking for the body, so that the body run can step over a "Related" box
    set between two of its paragraphs.
    """
    lines, reason = page.lines, page.reason
    n = len(lines)
    for k in range(n):
        r = reason[k]
        if r == "author bio" and lines[k].words <= 6 and not lines[k].sentence:
            # An author box: "About Ana Ruiz", then a paragraph or two about her.
            j = k + 1
            while j < n and j <= k + 2 and not reason[j] and lines[j].kind != HEADING and lines[j].words <= 120:
                reason[j] = r
                j += 1
            continue
        if r in FOLLOWERS and lines[k].words <= 6 and (lines[k].text.endswith(":") or r != "contact"
                                                        or lines[k].words <= 3):
            j = k + 1
            while j < n and reason[j] in ("", r) and not (lines[j].sentence and lines[j].words >= 8) \
                    and lines[j].kind != HEADING and (r != "contact" or _contact_shaped(lines[j])) \
                    and not (r == "comment form" and _opens_article(lines, j)):
                reason[j] = r
                j += 1


def drop_repeats(page: Page) -> bool:
    """A short line repeated from the page's header (the page title, a teaser, a menu
    entry) is furniture wherever it appears again. Returns whether any line was marked.

    Only a first sighting outside the body counts: a line that repeats within the body
    (a recipe's "Serves 4") is structure. The headline above the body often repeats a
    menu's teaser, so the headline step may take a repeat back (page.repeats).
    """
    lines, reason = page.lines, page.reason
    first_seen: dict[str, int] = {}
    lowered: dict[str, str] = {}  # each distinct text lowered once (repeated lines share their text)
    found = False
    for k, ln in enumerate(lines):
        if not reason[k] and ln.words <= 30 and ln.kind != HEADING:
            low = lowered.get(ln.text)
            if low is None:
                low = ln.text.lower()
                if len(lowered) < MEMO_LINES:
                    lowered[ln.text] = low
            j = first_seen.setdefault(low, k)
            if j != k and not page.start <= j <= page.end:
                reason[k] = "other"
                page.repeats.add(k)
                found = True
    return found


def label_outside_body(page: Page) -> None:
    """Lines above the headline are navigation or breadcrumbs; lines between it and the
    body that are short or menu-shaped are navigation; lines after the body are teasers
    ("related links") or other footer furniture."""
    lines, reason = page.lines, page.reason
    pt = patterns()
    s, e, title = page.start, page.end, page.title
    for k, ln in enumerate(lines):
        if reason[k] or k == title or s <= k <= e:
            continue
        if k < s:
            if title is None or k < title:
                crumb = (pt.breadcrumb.search(ln.text) or ln.words <= 4) and k < 3
                reason[k] = "breadcrumb" if crumb else "navigation"
            elif ln.words < 5 and not ln.sentence or k < s - HEADER_LINES:
                # Short, or farther above the body than any article header is tall.
                reason[k] = "navigation"
            elif not ln.sentence and s - title > HEADER_LINES:
                # The headline is the page's title line far above: what sits between it
                # and the body is teasers, not a standfirst.
                reason[k] = "navigation"
            elif (ln.words > 40 and not ln.sentence) or pt.menu_sep.search(ln.text) and not ln.sentence:
                reason[k] = "navigation"
        else:
            reason[k] = "related links" if not ln.sentence and ln.words >= 4 else "other"


def break_menu_runs(page: Page) -> None:
    """Menu-like runs inside the body: three or more short unpunctuated lines in a row."""
    lines, reason = page.lines, page.reason
    k = page.start
    while k <= page.end:
        j = k
        while j <= page.end and not reason[j] and lines[j].kind == PARAGRAPH and lines[j].words <= 4 \
                and not lines[j].sentence and j != page.title:
            j += 1
        if j - k >= 3 and 2 * sum(_label_like(lines[m].text) for m in range(k, j)) >= j - k:
            for m in range(k, j):
                reason[m] = "navigation"
        k = max(j, k + 1)


def _label_like(text: str) -> bool:
    """A menu entry's shape: its longer words capitalised ("UK News", "Cars and Motoring").
    A list in the body reads otherwise ("baby carrier", "Drink during your workout")."""
    return all(w[:1].isupper() or not w[:1].isalpha() or len(w) < 4 for w in text.split())

