"""One line of a page as the cleaner sees it: its shape, and what the vocabulary says.

A line's shape (how long, whether it ends like a sentence, how full of function words)
is what survives a copy of a page, and is what tells prose from menus and teasers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .cleaning_vocabulary import EXTRA_KEYS, line_keys, vocabulary_reason
from .document import CODE, Block

# Function words: prose is full of them, menus and teasers have few.
STOP = frozenset("""
a an the and or but if of to in on at by for with from as into over after before about than
is are was were be been being has have had do does did will would can could should may might must
it its this that these those he she they we you i his her their our your them him us me my
who which what when where there here not no so also more most such said says
""".split())

_MONTHS = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
           r"|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?")


@dataclass(frozen=True)
class _Patterns:
    word: re.Pattern[str]
    cjk: re.Pattern[str]
    md_link: re.Pattern[str]
    form_field: re.Pattern[str]
    date_only: re.Pattern[str]
    bio: re.Pattern[str]
    bio_job_first: re.Pattern[str]
    digit: re.Pattern[str]
    about_author: re.Pattern[str]
    role: re.Pattern[str]
    byline_dated: re.Pattern[str]
    breadcrumb: re.Pattern[str]
    menu_sep: re.Pattern[str]
    inline_credit: re.Pattern[str]


@cache
def patterns() -> _Patterns:
    """The line-shape patterns, compiled once on first use (importing stays cheap)."""
    return _Patterns(
        word=re.compile(r"\w+"),
        cjk=re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"),
        md_link=re.compile(r"\[[^\]]*\]\([^)]*\)"),
        form_field=re.compile(r"(?i)^(name|e-?mail|website|comment)\s*\*$"),
        # A line made only of date and time tokens: "06:00, 27 FEB 2025", "Saturday 12 April 2025".
        # Dateline words may join them: "Published Mon 3 May 2031 09.12 BST Last modified ...".
        # Separators and digit runs are possessive, and each run of word characters is read
        # as tokens on its own, inside an atomic group. Tokens may abut ("12th", "3pm") and
        # some read two ways ("ath": "at h" or "a th"), so a failing line was otherwise tried
        # every way, doubling with each run ("1 ath ath … x" ran for hours). A run of 25 word
        # characters or more is no dateline. "a.m"/"p.m" come first: they span a stop.
        date_only=re.compile(rf"(?i)^\W*+(?:(?>(?!\w{{25}})(?:a\.m|p\.m|\d++|{_MONTHS}|am|pm|gmt|bst|utc|cet|cest"
                             rf"|[ecmp][sd]t|et|pt|ago|today|yesterday|at|on|of|st|nd|rd|th|h|min|mins|minutes?"
                             rf"|hours?|days?|an?|one|read|published|updated|posted|modified|last|first|edited)+"
                             rf"(?!\w))\W*+)+$"),
        # "Ana Ruiz is a writer who ...": a capitalised name, then what they do for a living;
        # or the job first: "Award-winning reporter Ana Ruiz writes a weekly column ...".
        bio=re.compile(r"^\W*[A-Z][\w'’.-]+( [A-Z][\w'’.-]+){1,3},? ((is|was) (a|an|the)\b.*\b(?i:writer|journalist"
                       r"|reporter|editor|correspondent|author|columnist|contributor|founder|co-founder|producer|critic)\b"
                       r"|(covers|writes about|reports on) [^.]{3,80}\.\s+(?i:e-?mail|follow|contact) )"),
        bio_job_first=re.compile(r"^([\w'’-]+ ){0,4}(?i:journalist|writer|reporter|columnist|correspondent|editor"
                                 r"|author|critic) [A-Z][\w'’.-]+( [A-Z][\w'’.-]+){1,3} (writes|covers|reports on)\b"),
        digit=re.compile(r"\d"),
        about_author=re.compile(r"(?i)^about the (author|writer|reporter|contributor)s?\b"),
        # "Ana Ruiz, Science Correspondent", "Ana Ruiz | Staff Writer": a name and a newsroom role,
        # which may carry a few capitalised words of beat or agency before it.
        role=re.compile(r"^[A-Z][\w'’.-]+( [A-Z][\w'’.-]+){0,3}(,| [|–—-]) ?([A-Z][\w.&'’-]* ){0,4}"
                        r"(?i:(senior |chief |staff |deputy |political |science |health |business |sports? |courts? "
                        r"|home |foreign |local )?(correspondent|reporter|editor|writer|columnist|contributor"
                        r"|photographer)s?)\b"),
        # "By Ana Ruiz and Li Wei on Monday, May 3rd, 2031 at 9:05 a.m.": names, then when.
        byline_dated=re.compile(rf"(?i)^by [\w'’.-]+( [\w'’.-]+){{0,3}}((,| and) [\w'’.-]+( [\w'’.-]+){{0,3}})* "
                                rf"(on|at|[|•·–—-]) ((?>(?!\w{{25}})(?:a\.m|p\.m|\d++|{_MONTHS}|at|on|of|st|nd|rd|th"
                                rf"|am|pm|gmt|utc|[ecmp][sd]t)+(?!\w))\W*+)+$"),  # read as date_only's runs
        # Separators that menus and breadcrumbs are joined with.
        breadcrumb=re.compile(r"[›»>]| / "),
        menu_sep=re.compile(r"\s[·|•/]\s"),
        # A caption line that carries its credit inline: "... in the rain. Credit: Name/Agency".
        inline_credit=re.compile(r"(?i)(\b(credit|photo(graph)?|picture|image)s?\s*:\s*\S.{0,80}$"
                                 r"|\b(getty images|/ ?(ap|afp|reuters|pa|epa))\s*\)?$|\(\s*(ap|afp) photo\b.*\)$"
                                 # "... on Monday. (AP)", "[File: Reuters]", "(Jane Doe/Agency)", ". Reuters"
                                 r"|[(\[]\s*file( photo)?:\s*[^()\[\]]{1,60}[)\]]$"
                                 r"|[(\[]\s*(ap|afp|reuters|epa|pa|getty images|[^()\[\]]{1,60}/"
                                 r"[^()\[\]]{1,40}|photo[^()\[\]]{0,60})\s*[)\]]$|[.)]\s+(reuters|ap|afp|getty images)$)"
                                 # "In this March 2, 2031, file photo, ...", "Image caption ..."
                                 r"|(?i:^(in )?this ([\w,.]+ ){0,6}(file |handout )?(photo|image|picture|photograph)\b"
                                 r"|^(image|media) (caption|copyright)\b)"),
    )


@dataclass(slots=True)
class Line:
    index: int  # block index
    text: str  # normalised content
    words: int
    sentence: bool  # ends like a sentence
    stop: float  # share of function words
    vocab: str  # furniture reason from the vocabulary, or ""
    kind: str
    running: bool = False  # long, unpunctuated at the end, but running text (see line_features)

    def good(self, min_words: int) -> bool:
        """Long prose: the kind of line an article body is made of."""
        if self.words >= min_words and self.sentence:
            return True
        # Long lines full of function words are prose even without a final stop, and so
        # are long running lines in a language whose function words we do not list.
        return self.words >= 3 * min_words and self.stop >= 0.3 or self.running and self.words >= 2 * min_words


# Furniture and menus repeat across a page and across the articles of a joined file, and
# so do whole paragraphs of a scraped page; a line's features are worked out once per
# distinct text. The memo is bounded so that a huge file of distinct lines does not keep
# a table entry for each of them: past this many entries, new lines are not remembered.
MEMO_LINES = 1 << 16

# Features of a line's text and kind: what Line holds besides its block index.
_Shape = tuple[str, int, bool, float, str, str, bool]
LineMemo = dict[tuple[str, str], _Shape]  # (raw content, kind) -> its features


def line_features(text: str, block: Block, index: int, markdown: bool,
                  memo: LineMemo | None = None) -> Line:
    """Shape and vocabulary reason of one block's line.

    ``memo`` (one dict per page) remembers the features of lines by their text and kind.
    """
    raw = text[block.content_start:block.content_end]
    if memo is None:
        return Line(index, *line_shape(raw, block.kind, markdown))
    key = (raw, block.kind)
    got = memo.get(key)
    if got is None:
        got = line_shape(raw, block.kind, markdown)
        if len(memo) < MEMO_LINES:
            memo[key] = got
    return Line(index, *got)


def shape_lines(index: Sequence[int], content: list[str], kind: str, markdown: bool) -> list[Line]:
    """A Line for each block of one kind, from its block index and raw content; the
    features of each distinct content are worked out once (up to MEMO_LINES of them)."""
    memo: dict[str, _Shape] = {}
    get = memo.get
    out: list[Line] = []
    add = out.append
    for i, raw in zip(index, content):
        got = get(raw)
        if got is None:
            got = line_shape(raw, kind, markdown)
            if len(memo) < MEMO_LINES:
                memo[raw] = got
        add(Line(i, *got))
    return out


def line_shape(raw: str, kind: str, markdown: bool) -> _Shape:
    """The features of one line's raw content: Line's fields after its index."""
    pt = patterns()
    if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
        # Only single inner spaces (a printable string holds no other white space):
        # normalising would give an equal string, so keep this one and share it.
        s = raw
    else:
        s = " ".join(raw.split())
    low = s.lower()
    tokens = pt.word.findall(low)
    words = len(tokens)
    if words and len(s) > 20 and not s.isascii():
        words = max(words, len(pt.cjk.findall(s)) // 2)
    body = s.strip("*_ ")
    sentence = ends_like_sentence(body) and (not body.isascii() or body.upper() != body)
    stop = sum(map(STOP.__contains__, tokens)) / len(tokens) if tokens else 0.0
    running = False
    if not sentence and words >= 20 and stop < 0.3 and "," in s:
        # Running text, in any language: clauses split by commas, most words in lower
        # case. Headlines and menus are short or capitalised word by word.
        ws = s.split()
        running = sum(1 for w in ws if w[:1].islower()) >= 0.6 * len(ws)
    if markdown and "](" in body:
        # Judge a Markdown link by its text, not its address.
        probe = pt.md_link.sub(lambda m: m.group(0)[1:m.group(0).index("]")], body)
        vocab = line_vocabulary(probe, len(pt.word.findall(probe)))
    elif body is s or body == s:
        vocab = line_vocabulary(s, words, low, tokens)
    else:
        vocab = line_vocabulary(body, words)
    if s.endswith("*") and pt.form_field.match(s):
        # "Email *": the asterisk that marks a required field is stripped from the probe,
        # which would leave a share button's label.
        vocab = "comment form"
    if markdown and kind != CODE and vocab not in ("share", "copyright", "legal", "related links"):
        # A run of Markdown links with little else between them is a menu, whatever its
        # entries say ("Newsletter", "Sign in").
        links = len(pt.md_link.findall(s))
        if links >= 2 and len(pt.md_link.sub("", s).split()) <= links * 2:
            vocab = "navigation"
    return s, words, sentence, stop, vocab, kind, running


# Sentence ends, and what may close around one: quotes, brackets, emphasis markers.
_ENDS = frozenset(".!?。！？।")
_CLOSERS = "\"'”’»)]*_"


def ends_like_sentence(s: str) -> bool:
    """Ends with terminal punctuation, maybe inside closing quotes or brackets (not "...")."""
    t = s.rstrip(_CLOSERS)
    if t and not t[-1].isascii() and unicodedata.category(t[-1]) == "So":
        t = t.rstrip("".join(c for c in t[-8:] if unicodedata.category(c) in ("So", "Mn", "Cf", "Sk")) + " ")
        t = t.rstrip(_CLOSERS)  # an emoji after the closing stop: "... crossed. 🙂"
    return bool(t) and t[-1] in _ENDS and (len(t) < 2 or t[-2] not in ".…")


# First words a dateline may start with (their first four letters), besides a digit.
_DATE_STARTS = frozenset(w[:4] for w in """
jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october
nov november dec december mon monday tue tuesday wed wednesday thu thursday fri friday sat saturday sun sunday
published updated posted modified last first edited today yesterday on at an a one
""".split())

# Job words a bio that leads with the job holds (first four letters, as line keys are).
_JOB_KEYS = EXTRA_KEYS


def line_vocabulary(s: str, words: int, low: str | None = None, tokens: list[str] | None = None) -> str:
    """Reason from the vocabulary table, then from line shapes that only furniture has.

    ``low`` and ``tokens`` (s.lower() and its \\w+ words) may be passed when known.
    """
    if not s:
        return ""
    if low is None:
        low = s.lower()
    if tokens is None:
        tokens = patterns().word.findall(low)
    keys = line_keys(tokens)
    reason = vocabulary_reason(s, words, low, keys)
    if reason:
        return reason
    pt = patterns()
    # Made only of date words: however long, and even ending "p.m.", it is a dateline.
    if words <= 24 and len(s) <= 160 and tokens and (tokens[0][0].isdigit() or tokens[0][:4] in _DATE_STARTS) \
            and pt.digit.search(s) and pt.date_only.match(s):
        return "timestamp"
    if words <= 12 and len(s) <= 120 and not s.endswith((".", "!", "?")) and pt.role.match(s):
        return "byline"
    if words <= 24 and low.startswith("by ") and pt.byline_dated.match(s):
        return "byline"
    if words <= 80 and low.startswith("about ") and pt.about_author.match(s):
        return "author bio"
    if words <= 60 and pt.bio.match(s):
        return "author bio"
    if words <= 150 and not _JOB_KEYS.isdisjoint(keys) and pt.bio_job_first.match(s):
        return "author bio"
    return ""


def heading_like(ln: Line) -> bool:
    """Shaped like a headline: a few words, no closing stop, not a menu or breadcrumb."""
    t = ln.text
    if not 4 <= ln.words <= 30 or t.endswith((".", ":", ";", ",")) or t.isupper():
        return False
    pt = patterns()
    return not pt.breadcrumb.search(t) and not pt.menu_sep.search(t) and not pt.md_link.search(t)
