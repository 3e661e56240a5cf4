"""Classify every block of an article as body or furniture, with a reason.

Entry point: ``clean(article) -> Document``.

We see only text, not HTML, so the cleaner leans on what survives a copy of a page:

1. Line shape. Body paragraphs are long, end like sentences and are full of small
   function words; menus, buttons and teasers are short, unpunctuated runs.
2. Position. The article body is the densest run of long prose lines. We find it as the
   maximum-sum run of a per-line score (long prose scores its word count, every other
   line costs a little), then smooth jusText-style: short sentence lines that sit
   between or right after body lines are body too, so a one-line paragraph survives.
3. Generic furniture vocabulary. Adverts, share buttons, comment forms, cookie banners,
   paywalls, timestamps, credits ... are worded the same way on every site, so a
   small pattern list names them and gives the reason. Patterns describe kinds of
   furniture; none names a site, a person or a sentence.
4. Neighbourhood. A header such as "Related" or "Media contact:" turns the short lines
   after it into the same furniture; a line just before a photo credit is a caption or
   alt text; the lines before the headline are navigation or breadcrumbs.

Everything is one pass or a few linear passes over the blocks, so a 10 MB article
cleans in a few seconds, and any prefix of an article cleans sensibly on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import product

from .article import Article
from .document import (
    BLANK, CODE, FRONT_MATTER, HEADING, PARAGRAPH, STANDFIRST, TITLE,
    Block, Document,
)
from .html import html_document
from .structure import segment


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

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LOWER = re.compile(r"[a-zà-ÿа-я]")
# A sentence ends with terminal punctuation, possibly inside closing quotes or brackets.
_SENT_END = re.compile(r"(?<![.…])[.!?。！？।][\"'”’»)\]*_]*$")
_WS = " \t\u00a0\u200b\ufeff\u3000\u2007\u202f"

# Function words: prose is full of them, menus and teasers have few.
_STOP = frozenset("""
a an the and or but if of to in on at by for with from as into over after before about than
is are was were be been being has have had do does did will would can could should may might must
it its this that these those he she they we you i his her their our your them him us me my
who which what when where there here not no so also more most such said says
""".split())

# Generic furniture vocabulary: (reason, most words a line may have, pattern), matched
# case-insensitively against the whole display line. Most apply to short lines only, so
# that a body sentence that happens to mention, say, a newsletter is left alone.
_VOCAB: list[tuple[str, int | None, str]] = [
    ("cookie", None, r"\bwe use cookies\b|\bcookies? (policy|settings|preferences)\b|\baccept (all|cookies)\b"
               r"|\bmanage (preferences|cookies|consent)\b|\byour (privacy )?choices\b|\bconsent\b.*\bcookies?\b"
               r"|\bcookies?\b.*\bconsent\b"),
    ("paywall", 25, r"\bsubscribe (now )?to (continue|keep) reading\b|\balready (a )?(subscriber|member)\b"
                r"|\bunlimited (digital )?access\b|\b(free|remaining) articles?\b.*\b(left|remaining|month)\b"
                r"|\bto continue reading\b|\bsubscribers? only\b|\bthis (article|content) is (for|available to) subscribers\b"
                r"|^subscribe now$|^become a (member|subscriber)\b"),
    ("newsletter", 25, r"\bnewsletters?\b|\bsign up (for|to) (our|the|free)\b|\bdelivered (straight )?to your inbox\b"
                   r"|\benter your e-?mail\b|^subscribe( to [\w ]+)?$|\bget the latest\b.*\binbox\b"
                   r"|^stay (up to date|in touch|informed)\b|\bno,? thanks\b|\bsuc+es+ful+y subscribed\b|\bactivation link\b"),
    # "12 thoughts on “<the headline>”" heads a comment thread, however long the headline.
    ("comment form", 40, r"^(\d+|one) (responses?|comments?|replies|thoughts?) (on|to)\b|^save my name\b"),
    ("comment form", 12, r"^(\d+ )?comments?( \(\d+\))?$|\bjoin the (conversation|discussion)\b|\bleave a (comment|reply)\b"
                     r"|\bleave a response\b|^(name|e-?mail|website|comment)\s*\*$|\bwrite a comment\b|^post (a )?comment$|\bregister to comment\b|\bsign in to comment\b"
                     r"|\byour email address will not be published\b|\brequired fields are marked\b"
                     r"|^sort by\b|\bcomments are (subject to|closed|moderated)\b|\bcommunity guidelines\b"
                     r"|^(add|view|show|load|see) (all )?(\d+ )?comments?\b|\bcancel reply\b|^reply$"
                     r"|^(\d+|one) (responses?|comments?|replies|reactions|thoughts?)\b|^[^ ]+( [^ ]+){0,3} (says|wrote|replied):?$"
                     r"|^report (comment|abuse)$|^(like|reply|share) ?[·|] ?(reply|report|like)"),
    ("share", 12, r"^[\d,.]+k? shares?$|^click to (share|email|print|tweet)\b|\(opens in (a )?new window\)|^share( this( article| story| post| page)?)?( on| via| with)?\b(?!.{60})|^(tweet|pin( it)?|email|e-mail|print"
              r"|copy (link|url)|whatsapp|facebook|twitter|linkedin|reddit|pinterest|flipboard|messenger|x|"
              r"bookmark|save( for later| article)?|gift( this)? article)$|^(facebook|twitter|linkedin|whatsapp|email|reddit|x|"
              r"pinterest|mastodon)( ?[·|/,•]? (facebook|twitter|linkedin|whatsapp|email|reddit|x|pinterest|mastodon))+$"),
    ("advert", 12, r"^(advertisement|advertising|advert|ad|sponsored( content)?|paid (post|content)|promoted( content)?"
               r"|partner content|story continues below( advertisement)?|article continues below( advertisement)?"
               r"|continue reading below|scroll (down )?to continue( reading)?( with content)?|ad feedback"
               r"|report (this )?ad)$"),
    ("copyright", None, r"©|\(c\) ?\d{4}|\bcopyright\b.*\d{4}|\d{4}.*\bcopyright\b|\ball rights reserved\b"
                  r"|\bmay not be (published|reproduced|republished|redistributed)\b"),
    ("legal", 12, r"\bforward[- ]looking statements?\b|^(terms (of (use|service))?|terms (&|and) conditions|privacy( policy| notice)?"
              r"|disclaimer|accessibility|sitemap|site map|do not sell my (personal )?info(rmation)?|adchoices|ad choices)$"
              r"|\b(privacy policy|terms of (use|service))\b.*\b(privacy policy|terms of (use|service)|cookie)"),
    ("contact", 30, r"^(do you have|have you got|got) a (story|news tip|tip)\b.*\b(e-?mail|contact|call|get in touch)\b"),
    ("contact", 12, r"^(media|press|investor|news) (contacts?|enquiries|inquiries|relations)\b|^contacts?( us)?:?$"
                r"|^investor relations:?$|^(do you have|have you got|got) a (story|news tip|tip)\b|^news tips?$|^(tel|phone|fax|e-?mail):"
                r"|^[\w.+-]+@[\w-]+(\.[\w-]+)+$|^\+?[\d ()./-]{7,}$"),
    ("related links", 12, r"^(related|related (posts?|articles?|stories|content|coverage|tags|topics|links|reading|video)"
                      r"|more on this (story|topic)|more (from|in|on) [\w &'’-]+|most (read|popular|viewed|shared)"
                      r"|recommended( for you| reading| stories)?|you (may|might) (also )?like|read (more|next|this next|these next)"
                      r"|see also|trending( now| stories)?|also read|top stories|more stories|further reading|latest news"
                      r"|up next|what to read next|editor'?s picks|popular (now|stories))$"
                      r"|^(related|read more|see also|also read|read next|watch|listen|more)\s*:|^related\b.{0,60}:$"
                      r"|^video\s*:|^watch\s*:|^(topics|tags|filed under|categories)\s*:"),
    ("timestamp", 12, r"^(published|updated|posted|last (updated|modified)|first published|modified)( on| at)?\b(?!.{80})"
                  r"|^\d+ (min|minute|mins)( read)?$|^\d+ (hours?|minutes?|days?) ago$"),
    ("byline", 12, r"^(by|words by|written by|reporting by|story by)\s+\w(?!.{100})(?![^.!?]*[.!?][\"'”’]?$)"
               r"|\bcontributed (to )?this (report|story|article)\b(?!.{40})|^@\w+$"),
    ("credit", 12, r"^(photo(graph)?s?|pictures?|image|illustration|credit|source|video|graphic|cartoon)s?\s*(:|by\b)(?!.{80})"
               r"|\bgetty images\b(?!.{20})$|^\(?(ap|afp|reuters|epa|pa) photo\b"),
    ("navigation", 12, r"^(skip (to|navigation)\b.*|menu|main menu|search|search( quotes)?|home|sign in|log ?in|log ?out"
                   r"|sign up|register|my account|back to top|go to top|close|open|next|previous|prev|more|less"
                   r"|show more|load more|see more|view all|see all|toggle navigation|navigation|español|english)$"),
    ("other", 30, r"^(this (article|story|post) (was )?(originally|first) (published|appeared)|originally published (on|at|in))\b"),
    ("other", 12, r"^(for immediate release|###|-30-|key points|source:? [\w&.,' -]{2,60}|view original content.*"
              r"|this (article|story|post) (was )?(originally|first) (published|appeared)\b.*"
              r"|originally published (on|at|in)\b.*|[\W_]+|(https?://|www\.)\S+)$"),
    ("timestamp", 12, r"^\d{4}-\d\d-\d\d([t ]\d\d:\d\d(:\d\d)?(\.\d+)?(z|[+-]\d\d:?\d\d)?)?$"),
]
_VOCAB_RE = [(reason, limit, re.compile(pat, re.IGNORECASE)) for reason, limit, pat in _VOCAB]
# Cheap substring tests that must pass before the costlier patterns run: most lines are
# body and skip them, which keeps a long article fast to clean.
_NEEDLES = {
    "cookie": ("cookie", "consent", "accept", "manage", "choices"),
    "paywall": ("subscri", "access", "article", "reading", "member"),
    "newsletter": ("newsletter", "sign up", "inbox", "mail", "subscribe", "latest", "stay ", "thanks", "activation"),
    "comment form": ("comment", "conversation", "discussion", "reply", "replies", "publish", "required", "sort by",
                     "response", "save my", "*",
                     "says", "wrote", "replied", "respons", "reaction", "guidelines", "report", "like", "thought"),
    "copyright": ("\u00a9", "(c)", "copyright", "rights reserved", "may not be"),
    "legal": ("forward", "terms", "privacy", "disclaimer", "accessibility", "site", "do not sell", "choices"),
}
_NEEDLE_RE = {reason: re.compile("|".join(map(re.escape, words))) for reason, words in _NEEDLES.items()}
# A caption line that carries its credit inline: "... in the rain. Credit: Name/Agency".
_INLINE_CREDIT = re.compile(r"(?i)(\b(credit|photo(graph)?|picture|image)s?\s*:\s*\S.{0,80}$"
                            r"|\b(getty images|/ ?(ap|afp|reuters|pa|epa))\s*\)?$|\(\s*(ap|afp) photo\b.*\)$)")
# Separators that menus and breadcrumbs are joined with.
_BREADCRUMB = re.compile(r"[›»>]| / ")
_MENU_SEP = re.compile(r"\s[·|•/]\s")
_MD_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
_MONTHS = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
           r"|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?")
# A line made only of date and time tokens: "06:00, 27 FEB 2025", "Saturday 12 April 2025".
_DATE_ONLY = re.compile(rf"(?i)^(\W*(\d{{1,4}}|{_MONTHS}|am|pm|gmt|bst|utc|[ecmp][sd]t|et|pt|ago|today|yesterday"
                        rf"|at|on|of|st|nd|rd|th|h|min|mins|minutes?|hours?|read|a\.m|p\.m)\W*)+$")
# "Ana Ruiz is a writer who ...": a capitalised name, then what they do for a living.
_BIO = re.compile(r"^\W*[A-Z][\w'’.-]+( [A-Z][\w'’.-]+){1,3},? ((is|was) (a|an|the)\b.*\b(?i:writer|journalist|reporter"
                  r"|editor|correspondent|author|columnist|contributor|founder|co-founder|producer|critic)\b"
                  r"|(covers|writes about|reports on) [^.]{3,80}\.\s+(?i:e-?mail|follow|contact) )")
_ABOUT_AUTHOR = re.compile(r"(?i)^about the (author|writer|reporter|contributor)s?\b")
_FORM_FIELD = re.compile(r"(?i)^(name|e-?mail|website|comment)\s*\*$")
# "Ana Ruiz, Science Correspondent": a name and a newsroom role.
_ROLE = re.compile(r"^[A-Z][\w'’.-]+( [A-Z][\w'’.-]+){0,3}(,| [|–—-]) ?(?i:(senior |chief |staff |deputy |political |"
                   r"science |health |business |sports? |courts? |home |foreign |local )?(correspondent|reporter|editor"
                   r"|writer|columnist|contributor))\b")


@dataclass
class _Line:
    index: int  # block index
    text: str  # normalised content
    words: int
    sentence: bool  # ends like a sentence
    stop: float  # share of function words
    vocab: str  # furniture reason from the vocabulary, or ""
    kind: str

    def good(self, min_words: int) -> bool:
        """Long prose: the kind of line an article body is made of."""
        if self.words >= min_words and self.sentence:
            return True
        # Long lines full of function words are prose even without a final stop.
        return self.words >= 3 * min_words and self.stop >= 0.3


def _features(text: str, block: Block, markdown: bool) -> _Line:
    raw = text[block.content_start:block.content_end]
    s = " ".join(raw.split())
    tokens = _WORD.findall(s)
    words = len(tokens)
    if words and len(s) > 20:
        cjk = len(_CJK.findall(s)) if not s.isascii() else 0
        words = max(words, cjk // 2)
    body = s.strip("*_ ")
    sentence = bool(_SENT_END.search(body)) and bool(_LOWER.search(body) or not body.isascii())
    if tokens:
        stop = sum(map(_STOP.__contains__, s.lower().split())) / len(tokens)
    else:
        stop = 0.0
    probe, probe_words = body, words
    if markdown and "](" in body:
        # Judge a Markdown link by its text, not its address.
        probe = _MD_LINK.sub(lambda m: m.group(0)[1:m.group(0).index("]")], probe)
        probe_words = len(_WORD.findall(probe))
    vocab = _vocab(probe, probe_words)
    if _FORM_FIELD.match(s):
        # "Email *": the asterisk that marks a required field is stripped from the probe,
        # which would leave a share button's label.
        vocab = "comment form"
    if markdown and block.kind != CODE and vocab not in ("share", "copyright", "legal", "related links"):
        # A run of Markdown links with little else between them is a menu, whatever its
        # entries say ("Newsletter", "Sign in").
        links = len(_MD_LINK.findall(s))
        if links >= 2 and len(_MD_LINK.sub("", s).split()) <= links * 2:
            vocab = "navigation"
    return _Line(0, s, words, sentence, stop, vocab, block.kind)


def _vocab(s: str, words: int) -> str:
    if not s:
        return ""
    short = words <= 12 and len(s) <= 120
    low = s.lower()
    for reason, limit, rx in _VOCAB_RE:
        if limit is not None and words > limit:
            continue
        needles = _NEEDLE_RE.get(reason)
        if needles is not None and not needles.search(low):
            continue
        if rx.search(s):
            return reason
    if short and not s.endswith((".", "!", "?")):
        if _DATE_ONLY.match(s) and any(c.isdigit() for c in s):
            return "timestamp"
        if _ROLE.match(s):
            return "byline"
    if words <= 80 and _ABOUT_AUTHOR.match(s):
        return "author bio"
    if words <= 60 and _BIO.match(s):
        return "author bio"
    return ""


# Headers whose short followers are the same kind of furniture.
_FOLLOWERS = {"related links", "contact", "comment form"}


def classify(text: str, blocks: list[Block], markdown: bool, params: Params | None = None) -> list[Block]:
    """Mark every block body or furniture (boilerplate=True with a reason)."""
    return _classify(text, blocks, markdown, params)[0]


def _classify(text: str, blocks: list[Block], markdown: bool,
              params: Params | None) -> tuple[list[Block], int | None]:
    """The classified blocks and the block index of the headline (or None)."""
    p = params or DEFAULT
    blocks = list(blocks)
    lines: list[_Line] = []
    for i, b in enumerate(blocks):
        if b.kind == BLANK or b.kind == FRONT_MATTER:
            continue
        ln = _features(text, b, markdown)
        ln.index = i
        lines.append(ln)
    if not lines:
        return blocks, None
    n = len(lines)
    reason: list[str] = [ln.vocab for ln in lines]

    # Captions and alt text: the line right before a credit is what the credit is for.
    for k, ln in enumerate(lines):
        if ln.vocab == "credit" or (not ln.vocab and ln.words <= 60 and _INLINE_CREDIT.search(ln.text)):
            if not ln.vocab:
                reason[k] = "caption"
            prev = k - 1
            if prev >= 0 and not reason[prev] and lines[prev].words <= 40 and not lines[prev].sentence \
                    and lines[prev].kind not in (HEADING,):
                reason[prev] = "alt text" if reason[k] == "caption" else "caption"

    # A header like "Related" or "Media contact:" makes its short followers the same
    # furniture. Done before looking for the body, so that the body run can step over a
    # "Related" box set between two of its paragraphs.
    for k in range(n):
        r = reason[k]
        if r in _FOLLOWERS and lines[k].words <= 6 and (lines[k].text.endswith(":") or r != "contact"
                                                         or lines[k].words <= 3):
            j = k + 1
            while j < n and (reason[j] in ("", r)) and not (lines[j].sentence and lines[j].words >= 8) \
                    and lines[j].kind != HEADING:
                reason[j] = r
                j += 1

    # The body: the maximum-sum run of line scores (Kadane), prose scoring its length.
    s, e = _body_run(lines, reason, p)
    # A short line repeated from a part of the page outside the body (the page title, a
    # teaser, a menu entry) is furniture wherever it appears again; then look again.
    first_seen: dict[str, int] = {}
    dups = False
    for k, ln in enumerate(lines):
        if not reason[k] and ln.words <= 30 and ln.kind != HEADING:
            key = ln.text.lower()
            j = first_seen.setdefault(key, k)
            if j != k and not s <= j <= e:
                reason[k] = "other"
                dups = True
    if dups:
        s, e = _body_run(lines, reason, p)

    title_k = _pick_title(text, blocks, lines, reason, s, markdown)
    for k in range(n):
        if reason[k]:
            continue
        if title_k is not None and k == title_k:
            continue
        ln = lines[k]
        if k < s:
            if title_k is None or k < title_k:
                reason[k] = "breadcrumb" if (_BREADCRUMB.search(ln.text) or ln.words <= 4) and k < 3 else "navigation"
            elif ln.words < 5 and not ln.sentence:
                reason[k] = "navigation"
            elif (ln.words > 40 and not ln.sentence) or _MENU_SEP.search(ln.text) and not ln.sentence:
                reason[k] = "navigation"
        elif k > e:
            reason[k] = "related links" if not ln.sentence and ln.words >= 4 else "other"
    # Menu-like runs inside the body: three or more short unpunctuated lines in a row.
    k = s
    while k <= e:
        j = k
        while j <= e and not reason[j] and lines[j].kind == PARAGRAPH and lines[j].words <= 4 \
                and not lines[j].sentence and j != title_k:
            j += 1
        if j - k >= 3:
            for m in range(k, j):
                reason[m] = "navigation"
        k = max(j, k + 1)

    for k, ln in enumerate(lines):
        b = blocks[ln.index]
        if reason[k]:
            blocks[ln.index] = replace(b, boilerplate=True, reason=reason[k])
        elif b.boilerplate:
            blocks[ln.index] = replace(b, boilerplate=False, reason="")
    return blocks, (lines[title_k].index if title_k is not None else None)


def _body_run(lines: list[_Line], reason: list[str], p: Params) -> tuple[int, int]:
    """First and last line of the article body: the densest run of prose."""
    n = len(lines)
    # Teasers (headline, one-line summary, headline, ...) look like prose one line at a
    # time; what gives them away is that no neighbour is prose. A body paragraph nearly
    # always has a prose neighbour, once known furniture in between is skipped.
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

    def score(k: int) -> float:
        ln = lines[k]
        if reason[k]:
            return -p.furniture_cost
        if ln.kind in (HEADING, CODE):
            return 0.0
        if ln.good(p.good_words):
            # Capped: one huge line (a page's whole text in a meta field) is not a body.
            w = min(ln.words, 100)
            return float(w) if near[k] else w * p.lone_factor
        if ln.sentence and ln.words >= 4:
            return 0.5
        return -p.line_cost

    best, best_s, best_e = 0.0, 0, -1
    run, run_s = 0.0, 0
    for k in range(n):
        v = score(k)
        if run <= 0:
            run, run_s = v, k
        else:
            run += v
        if run > best:
            best, best_s, best_e = run, run_s, k
    if best_e < 0:
        # No prose at all (a fragment, a list, a prefix of headers): keep all but known furniture.
        s, e = 0, n - 1
    else:
        s, e = best_s, best_e
        # Comments follow the article: the first comment-form line after some body ends it
        # (a lone "Comments" is more often a button among the share buttons).
        seen = 0
        for k in range(s, e + 1):
            if reason[k] == "comment form" and seen >= 50 and lines[k].words > 1:
                e = k - 1
                break
            if not reason[k]:
                seen += lines[k].words
        # Smoothing: sentence lines right after the run (a closing one-liner) are body too,
        # and so is a list that a line ending in a colon introduces (lines set tight,
        # with no blank line between them).
        while e + 1 < n and not reason[e + 1]:
            nxt = lines[e + 1]
            if nxt.sentence and nxt.words >= 3:
                e += 1
                continue
            # The colon line is the last body line or the next line; its list is the next
            # item (after a blank line or not) and every line set tight after it.
            intro = e if lines[e].text.endswith(":") else e + 1 if nxt.text.endswith(":") and nxt.words <= 20 else -1
            if intro < 0 and _heading_like(nxt) and nxt.words <= 12:
                intro = e + 1  # an unpunctuated list title: only with a tight list of 3+ below
                j = intro + 2
                while j < n and not reason[j] and lines[j].index == lines[j - 1].index + 1:
                    j += 1
                if j - intro < 4:
                    break
            if intro < 0 or intro + 1 >= n or reason[intro + 1]:
                break
            j = intro + 2
            while j < n and not reason[j] and lines[j].index == lines[j - 1].index + 1:
                j += 1
            e = j - 1
        # (Each round moves e on by at least one line, so the loop ends.)

    return s, e


def _heading_like(ln: _Line) -> bool:
    t = ln.text
    return (4 <= ln.words <= 30 and not t.endswith((".", ":", ";", ",")) and not t.isupper()
            and not _BREADCRUMB.search(t) and not _MENU_SEP.search(t) and not _MD_LINK.search(t))


_FM_TITLE = re.compile(r"(?m)^title:[ \t]*(.+?)[ \t]*$")


def _pick_title(text: str, blocks: list[Block], lines: list[_Line], reason: list[str], s: int,
                markdown: bool) -> int | None:
    """Index in ``lines`` of the headline, or None."""
    if markdown:
        # Markdown names its title: front matter ``title:``, else the first top heading.
        heads = [k for k, ln in enumerate(lines) if ln.kind == HEADING and not reason[k]]
        fm = blocks[0] if blocks and blocks[0].kind == FRONT_MATTER else None
        if fm is not None and (m := _FM_TITLE.search(text, fm.start, fm.end)):
            want = " ".join(m.group(1).strip("\"'").split()).lower()
            for k in heads:
                if lines[k].text.lower() == want:
                    return k
        if heads:
            top = min(blocks[lines[k].index].level for k in heads)
            return next(k for k in heads if blocks[lines[k].index].level == top)
    # A page often opens with its <title> ("Headline - Site"); the real headline repeats
    # most of its words just above the body. Prefer that repeat (nearest the body), and
    # mark the page-title line as a duplicate.
    ref = {w.lower() for w in _WORD.findall(lines[0].text)}
    for k in range(min(s, len(lines) - 1), 0, -1):
        ln = lines[k]
        if reason[k] or not _heading_like(ln):
            continue
        words = {w.lower() for w in _WORD.findall(ln.text)}
        if len(words) >= 3 and len(words & ref) >= 0.7 * len(words) and len(words & ref) >= 0.5 * len(ref):
            if not reason[0]:
                reason[0] = "other"
            return k
    # Otherwise the headline tops the header block just above the body: headline,
    # standfirst, byline and dates, with navigation or breadcrumbs above it.
    # The block ends at a menu entry or a breadcrumb, and is never very tall.
    k = min(s, len(lines) - 1)
    top = None
    while k >= 0 and k >= s - 12:
        ln = lines[k]
        if _heading_like(ln) and not reason[k]:
            top = k
        elif not reason[k] and k != s and not ln.good(8) and (ln.words <= 3 or _BREADCRUMB.search(ln.text)):
            break
        k -= 1
    if top is not None:
        return top
    return next((k for k in range(len(lines)) if not reason[k]), None)


def _standfirst(blocks: list[Block], lines_text: dict[int, str], title: int | None) -> int | None:
    """The block after the headline that sums the story up, if there is one."""
    if title is None:
        return None
    nxt = [i for i in range(title + 1, min(len(blocks), title + 12)) if blocks[i].kind != BLANK]
    if not nxt or blocks[nxt[0]].boilerplate or blocks[nxt[0]].kind != PARAGRAPH:
        return None
    i = nxt[0]
    t = lines_text.get(i, "")
    if len(_WORD.findall(t)) < 6:
        return None
    after = nxt[1] if len(nxt) > 1 else None
    # A standfirst is set apart from the body: unpunctuated like a headline, or followed
    # by byline and date lines rather than straight by the next paragraph.
    if not _SENT_END.search(t) or (after is not None and blocks[after].boilerplate):
        return i
    return None


def clean(article: Article, params: Params | None = None) -> Document:
    if article.html is not None:  # a saved web page: its own blocks (annotations/html.py)
        return html_document(article)
    text = article.text
    markdown = article.is_markdown
    blocks, title = _classify(text, segment(text, markdown), markdown, params)
    standfirst = None
    if title is not None:
        b = blocks[title]
        lines_text = {}
        for i in range(title + 1, min(len(blocks), title + 12)):
            c = blocks[i]
            lines_text[i] = " ".join(text[c.content_start:c.content_end].split())
        standfirst = _standfirst(blocks, lines_text, title)
        blocks[title] = replace(b, kind=TITLE)
    if standfirst is not None:
        blocks[standfirst] = replace(blocks[standfirst], kind=STANDFIRST)
    return Document(article, blocks, title, standfirst)




