"""Steps that find the article body: the densest run of prose, where comments end it,
and the closing lines and lists that belong to it.

The body is the maximum-sum run of a per-line score (long prose scores its word count,
every other line costs a little), found in one linear pass (Kadane).
"""

from __future__ import annotations

from .cleaning_lines import heading_like
from .cleaning_page import Page
from .document import CODE, HEADING


def prose_neighbours(page: Page) -> list[bool]:
    """Per line: does a prose line sit next to it, once known furniture is skipped?

    Teasers (headline, one-line summary, headline, ...) look like prose one line at a
    time; what gives them away is that no neighbour is prose. A body paragraph nearly
    always has a prose neighbour.
    """
    lines, reason = page.lines, page.reason
    n = len(lines)
    prosy = [not reason[k] and lines[k].sentence and lines[k].words >= 4 for k in range(n)]
    near = [False] * n
    last = -1
    for k in range(n):
        near[k] = last >= 0 and prosy[last]
        if not reason[k]:
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        near[k] = near[k] or (last >= 0 and prosy[last])
        if not reason[k]:
            last = k
    return near


def line_scores(page: Page) -> list[float]:
    """What each line adds to (or costs) a body run that holds it."""
    p, lines, reason = page.params, page.lines, page.reason
    near = prose_neighbours(page)
    out = []
    for k, ln in enumerate(lines):
        if reason[k]:
            v = -p.furniture_cost
        elif ln.kind in (HEADING, CODE):
            v = 0.0
        elif ln.good(p.good_words):
            # Capped: one huge line (a page's whole text in a meta field) is not a body.
            w = min(ln.words, 100)
            v = float(w) if near[k] else w * p.lone_factor
        elif ln.sentence and ln.words >= 4:
            v = 0.5
        else:
            v = -p.line_cost
        out.append(v)
    return out


def densest_run(scores: list[float]) -> tuple[int, int]:
    """First and last index of the maximum-sum run, or (0, -1) if no run scores above 0."""
    best, best_s, best_e = 0.0, 0, -1
    run, run_s = 0.0, 0
    for k, v in enumerate(scores):
        if run <= 0:
            run, run_s = v, k
        else:
            run += v
        if run > best:
            best, best_s, best_e = run, run_s, k
    return best_s, best_e


def body_run(page: Page) -> None:
    """Set page.start/end to the densest run of prose lines."""
    s, e = densest_run(line_scores(page))
    if e < 0:
        # No prose at all (a fragment, a list, a prefix of headers): keep all but known furniture.
        page.start, page.end = 0, len(page.lines) - 1
        page.no_prose = True
    else:
        page.start, page.end = s, e
        page.no_prose = False


def next_article(page: Page, a: int, e: int) -> int | None:
    """First line in [a, e] where a new article starts after a comment thread, or None.

    A comment thread is prose too, but its entries open with a commenter's name and a
    date, never with a headline. A new article opens with a headline-shaped line (or a
    heading) followed by paragraphs, with no comment-form line and no other headline in
    between (a headline and a summary, then another, is a list of teasers).
    """
    lines, reason = page.lines, page.reason
    for m in range(a, e + 1):
        ln = lines[m]
        if reason[m] or not (ln.kind == HEADING or (heading_like(ln) and ln.words <= 20 and ". " not in ln.text)):
            continue
        good = other = words = 0
        for j in range(m + 1, e + 1):
            if reason[j] == "comment form":
                break
            if reason[j]:
                continue
            if lines[j].good(8):
                good += 1
                words += lines[j].words
                if good >= 2 and words >= 60:
                    return m
            else:
                # Only a dateline ("LONDON") may stand between the headline and its
                # paragraphs; headline, summary, headline ... is a list of teasers.
                other += 1
                if other > 1 or good or lines[j].words > 3:
                    break
    return None


def _thread_follows(page: Page, k: int) -> bool:
    """Does a comment thread (or the page's other articles) follow the comment-form line
    ``k``: another form line (a reply button, "Name says:", "Leave a reply"), a comment's
    date or a teaser's byline before much more prose? A lone widget between paragraphs
    ("42 comments", "Join the conversation") is followed by the article going on, which
    has none of them."""
    lines, reason = page.lines, page.reason
    prose = 0
    for j in range(k + 1, len(lines)):
        if reason[j] in ("comment form", "timestamp", "byline"):
            return True
        if not reason[j] and lines[j].good(8):
            prose += lines[j].words
            if prose >= THREAD_PROSE:
                return False
    return False  # the page ends with no sign of a thread: the article went on


# Prose after a lone comment-form line that shows the article goes on
THREAD_PROSE = 120


def end_at_comment_threads(page: Page) -> None:
    """Comments follow the article: a comment form after some body ends it, and its thread
    runs until a new article resumes (pages that join many articles and their forms).
    A lone "Comments" is more often a button among the share buttons, so it does not count.
    """
    if page.no_prose:
        return
    lines, reason = page.lines, page.reason
    seen = 0
    k = page.start
    while k <= page.end:
        if reason[k] == "comment form" and seen >= 50 and lines[k].words > 1 and _thread_follows(page, k):
            resume = next_article(page, k + 1, page.end)
            if resume is None:
                page.end = k - 1
                return
            for m in range(k, resume):
                if not reason[m]:
                    reason[m] = "comment form"
            seen = 0
            k = resume
            continue
        if not reason[k]:
            seen += lines[k].words
        k += 1


def tight_run_end(page: Page, first: int) -> int:
    """Last line of the run of lines set tight (no blank line between) from ``first``."""
    lines, reason = page.lines, page.reason
    j = first + 1
    while j < len(lines) and not reason[j] and lines[j].index == lines[j - 1].index + 1:
        j += 1
    return j - 1


# Furniture that stands inside an article's body (not after it): the body's closing line
# may come after a few of these lines. Not related links: after the body, a teaser's
# summary is a sentence that would be taken for the closing line.
INLINE_FURNITURE = frozenset(("advert", "caption", "credit", "alt text", "newsletter", "share"))
INLINE_GAP = 3


def extend_body_end(page: Page) -> None:
    """Sentence lines right after the run (a closing one-liner) are body too, and so is a
    list that a line ending in a colon introduces (lines set tight after it)."""
    if page.no_prose:
        return
    lines, reason = page.lines, page.reason
    n = len(lines)
    e = page.end
    while e + 1 < n:
        gap = e + 1
        while gap < n and gap - e <= INLINE_GAP and reason[gap] in INLINE_FURNITURE:
            gap += 1  # an advert or a picture between the body and its closing line
        if gap > e + 1 and gap < n and not reason[gap] and lines[gap].sentence and lines[gap].words >= 3:
            e = gap
            continue
        if reason[e + 1]:
            break
        nxt = lines[e + 1]
        if nxt.sentence and nxt.words >= 3:
            e += 1
            continue
        # The colon line is the last body line or the next line; its list is the next
        # item (after a blank line or not) and every line set tight after it.
        intro = e if lines[e].text.endswith(":") else e + 1 if nxt.text.endswith(":") and nxt.words <= 20 else -1
        if intro < 0 and heading_like(nxt) and nxt.words <= 12:
            intro = e + 1  # an unpunctuated list title: only with a tight list of 3+ below
            if tight_run_end(page, intro + 1) - intro < 3:
                break
        if intro < 0 or intro + 1 >= n or reason[intro + 1]:
            break
        e = tight_run_end(page, intro + 1)
    # (Each round moves e on by at least one line, so the loop ends.)
    page.end = e


def locate_body(page: Page) -> None:
    """The body: densest prose run, cut at a comment thread, closing lines added."""
    body_run(page)
    end_at_comment_threads(page)
    extend_body_end(page)
