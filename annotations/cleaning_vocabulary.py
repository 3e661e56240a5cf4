"""Generic furniture vocabulary: what adverts, share buttons, forms and credits say.

Furniture is worded the same way on every site, so a small table of patterns names it
and gives the reason a reader sees. Patterns describe KINDS of furniture; none names a
site, a person or a sentence. Most apply to short lines only, so that a body sentence
that happens to mention, say, a newsletter is left alone.

The patterns are compiled on first use, not at import: importing the cleaner stays
cheap for commands that never clean.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

# (reason, most words a line may have, gate words, pattern). The pattern is matched
# case-insensitively against the whole display line; the first row that matches gives the
# reason. The gate words are those the pattern cannot match without: a line that holds
# none of them skips the row, so most body lines skip nearly every row, which keeps a long
# article fast to clean. A gate word of four letters or more is matched by the first four
# letters of a word of the line ("subscribe" by "subscription" too: a cheap superset
# test); a shorter one by a whole word; "0" by any digit; a symbol anywhere in the line.
VOCAB: tuple[tuple[str, int | None, str, str], ...] = (
    ("cookie", None, "cookie cookies consent accept manage choices use uses using",
     r"\bwe use cookies\b|\bcookies? (policy|settings|preferences)\b|\baccept (all|cookies)\b"
               r"|\bmanage (preferences|cookies|consent)\b|\byour (privacy )?choices\b|\bconsent\b.*\bcookies?\b"
               r"|\bcookies?\b.*\bconsent\b|\b(uses?|using) cookies\b|\buse of cookies\b"),
    ("paywall", 25, "subscribe subscriber subscribers already unlimited free remaining continue reading become",
     r"\bsubscribe (now )?to (continue|keep) reading\b|\balready (a )?(subscriber|member)\b"
                r"|\bunlimited (digital )?access\b|\b(free|remaining) articles?\b.*\b(left|remaining|month)\b"
                r"|\bto continue reading\b|\bsubscribers? only\b|\bthis (article|content) is (for|available to) subscribers\b"
                r"|^subscribe now$|^become a (member|subscriber)\b"),
    # Offers: "Get full access for as little as $1 a week".
    ("paywall", 60, "little access",
     r"\bsubscri\w*\b.*\bfor as little as\b|\bfor as little as\b.*\bsubscri|^get (full |unlimited |premium "
     r"|instant )?access to\b"),
    # Sign-in prompts: "Forgot password?", "Not a member? Sign up", "Sign in with ...".
    ("paywall", 12, "forgot forget not sign log login create don dont do remember click",
     r"^forg[eo]t (your )?password\b|^not a (member|subscriber)\b|^(click here to )?(sign|log) ?in (with|to|using)\b"
                r"|^(don'?t|do not) have an account\b|^create (a free |an |your )?account\b|^remember me$"),
    ("newsletter", 25, "newsletter newsletters sign delivered enter subscribe get stay no thanks subscribed",
     r"\bnewsletters?\b|\bsign up (for|to) (our|the|free)\b|\bdelivered (straight )?to your inbox\b"
                   r"|\benter your e-?mail\b|^subscribe( to [\w ]+)?$|\bget the latest\b.*\binbox\b"
                   r"|^stay (up to date|in touch|informed)\b|\bno,? thanks\b|\bsuc+es+ful+y subscribed\b"),
    # The confirmation a sign-up form leaves behind, and its small print, are full sentences.
    ("newsletter", 45, "activation confirm thank thanks unsubscribe spam opt subscribe",
     r"\bactivation link\b|\bconfirm your (subscription|e-?mail)\b|\bthanks? (you )?for (signing up|subscribing)\b"
     r"|\bunsubscribe (at any time|anytime)\b|\bno spam\b|\bopt-in box\b|\bsubscribe to our\b"),
    # "12 thoughts on “<the headline>”" heads a comment thread, however long the headline.
    ("comment form", 40, "one save responses response comments comment replies thoughts thought 0",
     r"^(?!.*[.!?]$)(\d+|one) (responses?|comments?|replies|thoughts?) (on|to)\b|^save my name\b"),
    ("comment form", 12, "comment comments join leave name email mail website write post register sign your required sort community add view show load see cancel reply one responses response replies reactions thoughts says wrote replied report like 0",
     r"^(\d+ )?comments?( \(\d+\))?$|\bjoin the (conversation|discussion)\b|\bleave a (comment|reply)\b"
                     r"|\bleave a response\b|^(name|e-?mail|website|comment)\s*\*$|\bwrite a comment\b|^post (a )?comment$|\bregister to comment\b|\bsign in to comment\b"
                     r"|\byour email address will not be published\b|\brequired fields are marked\b"
                     r"|^sort by\b|\bcomments are (subject to|closed|moderated)\b|\bcommunity guidelines\b"
                     r"|^(add|view|show|load|see) (all )?(\d+ )?comments?\b|\bcancel reply\b|^reply$"
                     r"|^(?!.*[.!?]$)(\d+|one) (responses?|comments?|replies|reactions|thoughts?)\b"
                     # "Jane Doe says:" heads a comment; "The notice says:" introduces a quotation
                     r"|^(?!(the|this|that|these|those|his|her|their|its|our|my|your|a|an|it|he|she|they|we|i|one|"
                     r"which|who|what|here|there)\b)[^ ]+( [^ ]+){0,3} (says|wrote|replied):?$"
                     r"|^report (comment|abuse)$|^(like|reply|share) ?[·|] ?(reply|report|like)"),
    # "Join our forums", "Join our mailing list": the site's own community and lists.
    ("newsletter", 40, "join",
     r"^join (our|the) ([\w'’-]+ ){0,3}(forums?|community|mailing list|newsletter|club|members?)\b"),
    # Apps and "click here" promotions.
    ("advert", 20, "download app apps click clicking tap",
     r"\b(download|get|install) (the|our) ([\w'’-]+ ){0,3}apps?\b|\bapp\b.*\bdownload\b"
     r"|\b(click|clicking|tap|tapping) here\b(?![^.!?]*[.!?][\"'”’)]*$)"),
    # "Follow us on Twitter", "(these links) will open in a new window"
    ("share", 40, "follow open opens",
     r"\bfollow us (on|at)\b|\b(will )?opens? in a new (window|tab)\b"
     r"|^follow [\w@.'’ &-]{1,40} on (twitter|x|instagram|facebook|youtube|tiktok|linkedin|threads|bluesky)\b"),
    ("share", 12, "share shares click opens tweet pin email mail print copy whatsapp facebook twitter linkedin reddit pinterest flipboard messenger x bookmark save gift mastodon",
     r"^[\d,.]+k? shares?$|^click to (share|email|print|tweet)\b|\(opens in (a )?new window\)|^share(?! (of|prices?|holders?|capital|index|sales?|values?)\b)( this( article| story| post| page)?)?( on| via| with)?\b(?!.{60})|^(tweet|pin( it)?|email|e-mail|print"
              r"|copy (link|url)|whatsapp|facebook|twitter|linkedin|reddit|pinterest|flipboard|messenger|x|"
              r"bookmark|save( for later| article)?|gift( this)? article)$|^(facebook|twitter|linkedin|whatsapp|email|reddit|x|"
              r"pinterest|mastodon)( ?[·|/,•]? (facebook|twitter|linkedin|whatsapp|email|reddit|x|pinterest|mastodon))+$"),
    ("advert", 12, "advertisement advertising advert ad sponsored paid promoted partner story article continue scroll report",
     r"^(advertisement|advertising|advert|ad|sponsored( content)?|paid (post|content)|promoted( content)?"
               r"|partner content|story continues below( advertisement)?|article continues below( advertisement)?"
               r"|continue reading below|scroll (down )?to continue( reading)?( with content)?|ad feedback"
               r"|report (this )?ad)$"),
    ("copyright", None, "© (c) copyright rights may",
     r"©|\(c\) ?\d{4}|^([^ ]+ ){0,2}copyright\b.*\d{4}|^\d{4}.*\bcopyright\b|\ball rights reserved\b"
                  r"|\bmay not be (published|reproduced|republished|redistributed)\b"),
    ("legal", 12, "forward terms privacy disclaimer accessibility sitemap site do adchoices ad",
     r"\bforward[- ]looking statements?\b|^(terms (of (use|service))?|terms (&|and) conditions|privacy( policy| notice)?"
              r"|disclaimer|accessibility|sitemap|site map|do not sell my (personal )?info(rmation)?|adchoices|ad choices)$"
              r"|\b(privacy policy|terms of (use|service))\b.*\b(privacy policy|terms of (use|service)|cookie)"),
    # Affiliate disclosures: "We may earn a commission if you buy through our links."
    ("legal", 45, "may earn get receive buy purchase affiliate",
     r"\bmay (earn|get|receive) (a |an )?(small )?(affiliate )?commission\b.*\b(links?|purchases?|buy|products?)\b"
     r"|\b(links?|purchases?|buy|products?)\b.*\bmay (earn|get|receive) (a |an )?(small )?(affiliate )?commission\b"
     r"|\bif you (buy|purchase) (something|anything)? ?(through|via|from) (our|one of our|these|this|links?|the links?)\b"
     r"|\baffiliate (links?|commissions?)\b"),
    # Site-wide disclaimers: trademarks, medical and financial small print.
    ("legal", 80, "trademarks trademark registered food drug intended does do doesn constitute informational",
     r"\bare (registered )?trademarks of\b|\bis a (registered )?trademark of\b"
              r"|\bnot (been )?evaluated by the food and drug administration\b|\bnot intended to (diagnose|be a substitute)\b"
              r"|\b(does not|do not|doesn'?t) constitute (medical|legal|financial|investment) advice\b"
              r"|\bfor (general )?informational purposes only\b"),
    ("contact", 30, "do have got reached",
     r"^(do you have|have you got|got) a (story|news tip|tip)\b.*\b(e-?mail|contact|call|get in touch)\b"
     r"|\b(may|can) be reached (at\s+(\S+@|\+?[\d(])|(by|via) (e-?mail|phone|telephone)\b)"),
    ("contact", 12, "media press investor news contact contacts do have got tel phone fax email mail @ 0",
     r"^(media|press|investor|news) (contacts?|enquiries|inquiries|relations)\b|^contacts?( us)?:?$"
                r"|^investor relations:?$|^(do you have|have you got|got) a (story|news tip|tip)\b|^news tips?$|^(tel|phone|fax|e-?mail):"
                r"|^[\w.+-]+@[\w-]+(\.[\w-]+)+$|^\+?[\d ()./-]{7,}$"),
    ("related links", 12, "related more most recommended you read see trending hot also top further latest up what editor editors popular watch listen video topics tags filed categories",
     r"^(related|related (posts?|articles?|stories|content|coverage|tags|topics|links|reading|video)"
                      r"|more on this (story|topic)|more (from|in|on) [\w &'’-]+|most (read|popular|viewed|shared)"
                      r"|recommended( for you| reading| stories)?|you (may|might) (also )?like|read (more|next|this next|these next)"
                      r"|see also|trending( now| stories)?|also read|top stories|more stories|further reading|latest news"
                      r"|up next|what to read next|editor'?s picks|popular (now|stories))$"
                      r"|^(related|read more|see also|also read|read next|watch|listen|more)\s*:|^related\b.{0,60}:$"
                      r"|^video\s*:|^watch\s*:|^(topics|tags|filed under|categories)\s*:|^(hot|trending) topics\b"),
    # "About Ana Ruiz", "Sobre ...", "Über ...": the header of an author box (see cleaning_neighbours).
    ("author bio", 6, "about sobre über propos acerca",
     r"^(about|sobre|über|à propos de|acerca de) (the author|[^\W\d_][\w'’.-]*( [^\W\d_][\w'’.-]*){1,3})$"),
    # A page that needs a script says so in a line of its own.
    ("other", 12, "javascript browser",
     r"\b(requires?|enable|needs?) javascript\b|\bjavascript (is )?(required|disabled)\b"
              r"|\byour browser does not support\b"),
    ("timestamp", 12, "published updated posted last first modified reading read 0",
     r"^(published|updated|posted|last (updated|modified)|first published|modified)( on| at)?\b(?!.{80})"
                  r"(?!\s+[a-z][^.!?]*[.!?][\"'”’)]*$)"  # "Updated figures showed …": a sentence
                  r"|^\d+ (min|minute|mins)( read)?$|^\d+ (hours?|minutes?|days?) ago$|^(reading time|read time)\b"),
    ("byline", 12, "by words written reporting story contributed @",
     r"^(by|words by|written by|reporting by|story by)\s+\w(?!.{100})(?![^.!?]*[.!?][\"'”’]?$)"
               r"|\bcontributed (to )?this (report|story|article)\b(?!.{40})|^@\w+$"),
    ("credit", 12, "photo photos photograph photographs picture pictures image images illustration illustrations credit credits source video graphic graphics cartoon cartoons getty ap afp reuters epa pa courtesy submitted",
     r"^(photo(graph)?s?|pictures?|image|illustration|credit|source|video|graphic|cartoon)s?\s*(:|by\b)(?!.{80})"
               r"|\bgetty images\b(?!.{20})$|^\(?(ap|afp|reuters|epa|pa) photo\b"
               r"|^photo illustration\b|^(photo |image )?courtesy( of)?\b(?!.{60})|\bsubmitted (photo|image)$"),
    ("navigation", 12, "skip menu main search home sign log login logout register my back go close open next previous prev more less show load see view toggle navigation español english",
     r"^(skip (to|navigation)\b.*|menu|main menu|search|search( quotes)?|home|sign in|log ?in|log ?out"
                   r"|sign up|register|my account|back to top|go to top|close|open|next|previous|prev|more|less"
                   r"|show more|load more|see more|view all|see all|toggle navigation|navigation|español|english)$"),
    ("other", 30, "this originally",
     r"^(this (article|story|post) (was )?(originally|first) (published|appeared)|originally published (on|at|in))\b"),
    ("other", 12, "for ### -30- _ key source view this originally http https www",
     r"^(for immediate release|###|-30-|key points|source:? [\w&.,' -]{2,60}|view original content.*"
              r"|this (article|story|post) (was )?(originally|first) (published|appeared)\b.*"
              r"|originally published (on|at|in)\b.*|[\W_]+|(https?://|www\.)\S+)$"),
    # A line of metadata around a numeric date: "Ana Ruiz 03/05/2031 News, Islands" (not a sentence).
    ("timestamp", 14, "0",
     r"((?<![/\w])\d{1,2}[/.]\d{1,2}[/.](19|20)\d\d\b|(?<![/\w])(19|20)\d\d[/-]\d\d[/-]\d\d\b)"
     r"(?![^.!?]*[.!?][\"'”’)]*$)"),
    ("timestamp", 12, "0",
     r"^\d{4}-\d\d-\d\d([t ]\d\d:\d\d(:\d\d)?(\.\d+)?(z|[+-]\d\d:?\d\d)?)?$"),
    # "Ines Varga - Nov 19, 2031, 10:31 pm CST": a name or two, a dash, and the date the
    # piece went up (with its time, at most)
    ("byline", 12, "0",
     r"^[^\W\d_][\w'’.-]*( [^\W\d_][\w'’.-]*){1,3}\s+[-–—|]\s+"
     r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}"
     r"(,? (at )?\d{1,2}[:.]\d\d ?([ap]\.?m\.?)?( [a-z]{2,4})?)?$"),
)

class RowPattern:
    """A row's whole pattern, compiled on first use: lines are searched by the row's parts
    (row_parts), and the whole pattern only for a line whose characters fold oddly."""

    __slots__ = ("source", "_rx")

    def __init__(self, source: str) -> None:
        self.source = source
        self._rx: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.source, re.IGNORECASE)
        return self._rx

    def search(self, s: str) -> re.Match[str] | None:
        return self.compiled.search(s)


_Row = tuple[str, int | None, RowPattern]


@dataclass(frozen=True)
class _Table:
    rows: tuple[_Row, ...]  # (reason, word limit, whole pattern), in table order
    by_key: dict[str, tuple[int, ...]]  # gate word key -> rows it opens
    keys: frozenset[str]  # the keys of by_key
    by_symbol: tuple[tuple[str, tuple[int, ...]], ...]  # gate symbol -> rows it opens
    punct_rows: tuple[int, ...]  # rows a line of only punctuation opens ("***", "—")
    any_symbol: re.Pattern[str]  # a character that may start a gate symbol, or a digit
    parts: list[tuple["_Part", ...] | None]  # per row: its alternatives apart (row_parts), once used
    odd_fold: re.Pattern[str]  # a character that matches an ASCII letter but lowers to another
    key_rows: dict[frozenset[str], tuple[int, ...]]  # gate-word set -> rows it opens (candidate_rows)


@cache
def table() -> _Table:
    """The vocabulary compiled and indexed by gate word, once, on first use."""
    by_key: dict[str, list[int]] = {}
    by_symbol: dict[str, list[int]] = {}
    rows = []
    for i, (reason, limit, gate, pat) in enumerate(VOCAB):
        rows.append((reason, limit, RowPattern(pat)))
        for w in gate.split():
            if w == "0":
                by_symbol.setdefault(_DIGIT, []).append(i)
            elif w.isalnum():
                by_key.setdefault(w[:4], []).append(i)
            else:
                by_symbol.setdefault(w, []).append(i)
    punct = tuple(i for i, (reason, limit, gate, pat) in enumerate(VOCAB) if "[\\W_]+" in pat)
    # One character class of every symbol's first character and the digits: a single fast
    # scan of the line (a match only means the symbols are worth looking for).
    firsts = "".join(sorted({k[0] for k in by_symbol if k != _DIGIT}))
    return _Table(tuple(rows), {k: tuple(v) for k, v in by_key.items()}, frozenset(by_key),
                  tuple((k, tuple(v)) for k, v in by_symbol.items()), punct,
                  re.compile("[" + re.escape(firsts) + r"\d]" if firsts else r"\d"),
                  [None] * len(rows), re.compile("[" + ODD_FOLD + "]"), {})


# Characters that match an ASCII letter case-insensitively while str.lower() gives another
# letter ("\u0130" lowers to "i" and a combining dot; dotless i and long s match "i" and
# "s"; the Kelvin sign matches "k"). A line holding one is searched row by row, whole.
ODD_FOLD = "\u0130\u0131\u017f\u212a"


_DIGIT = "<digit>"  # the gate key that any digit opens


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"\w+")


@cache
def _digit() -> re.Pattern[str]:
    return re.compile(r"\d")


_FIRST_FOUR = itemgetter(slice(0, 4))


# Keys other modules ask about besides the gates (cleaning_lines' job words).
EXTRA_KEYS = frozenset(w[:4] for w in "journalist writer reporter columnist correspondent editor author critic".split())


@cache
def _known_keys() -> frozenset[str]:
    return table().keys | EXTRA_KEYS


def line_keys(tokens: list[str]) -> frozenset[str]:
    """The line's keys that matter (each word's first four letters, kept only when a gate
    or EXTRA_KEYS names them), from its lowered word tokens."""
    return _known_keys().intersection(map(_FIRST_FOUR, tokens))


def candidate_rows(s: str, low: str, words: int, keys: frozenset[str] | None = None) -> Sequence[int]:
    """Rows whose gate the line opens, in table order. ``keys``: line_keys of ``low``."""
    t = table()
    if keys is None:
        keys = line_keys(_word().findall(low))
    # The rows a set of gate words opens, worked out once per distinct set (few recur).
    base = t.key_rows.get(keys)
    if base is None:
        opened: set[int] = set()
        for key in keys:
            hit = t.by_key.get(key)
            if hit is not None:
                opened.update(hit)
        base = tuple(sorted(opened))
        if len(t.key_rows) < _KEY_ROWS:
            t.key_rows[keys] = base
    symbols = t.any_symbol.search(low) is not None
    if words and not symbols:
        return base  # most body lines: only their gate words open rows, often none
    rows: set[int] | None = None
    if words == 0 and not any(c.isalnum() for c in s):
        rows = set(base)
        rows.update(t.punct_rows)  # a line of only punctuation ("***", "—")
    if symbols:
        for sym, hit in t.by_symbol:
            if sym is _DIGIT:
                # Every row a digit opens is for lines of 40 words or fewer.
                if words <= 40 and _digit().search(low):
                    rows = set(base) if rows is None else rows
                    rows.update(hit)
            elif sym in low:
                rows = set(base) if rows is None else rows
                rows.update(hit)
    return base if rows is None else sorted(rows)


_KEY_ROWS = 4096  # distinct gate-word sets remembered


def vocabulary_reason(s: str, words: int, low: str | None = None, keys: frozenset[str] | None = None) -> str:
    """The furniture reason the vocabulary gives the line ``s`` of ``words`` words, or "".

    ``low`` and ``keys`` (s.lower() and its line_keys) may be passed when already known.
    """
    if not s:
        return ""
    if low is None:
        low = s.lower()
    t = table()
    rows = t.rows
    plain: bool | None = None  # no character that folds oddly: the parts' literal tests hold
    for i in candidate_rows(s, low, words, keys):
        reason, limit, rx = rows[i]
        if limit is not None and words > limit:
            continue
        if plain is None:
            plain = s.isascii() or t.odd_fold.search(s) is None
        if plain:
            for lit, anchored, part in t.parts[i] or row_parts(i):
                if lit in low and (part.match(s) if anchored else part.search(s)):
                    return reason
        elif rx.search(s):
            return reason
    return ""


# A row's pattern is an alternation, and most of its alternatives are "\bsome words ...":
# the regex engine tries every one at every position of the line, and nearly never finds
# one. Split apart, each alternative carries a literal any match of it must contain (the
# longest run of plain characters that it always matches), and is searched only when the
# lowered line holds that literal, a fast substring test. Alternatives anchored at the
# start are kept together and matched at the start only. The answer is the same: the
# alternation matches somewhere if and only if one of its alternatives does.
_Part = tuple[str, bool, "re.Pattern[str]"]  # (required literal or "", anchored, pattern)


def row_parts(i: int) -> tuple[_Part, ...]:
    """The parts of row ``i``, worked out on first use (importing and a short page stay cheap)."""
    t = table()
    parts = _split_row(VOCAB[i][3])
    t.parts[i] = parts
    return parts


def _split_row(pat: str) -> tuple[_Part, ...]:
    alts = _top_level_alternatives(pat)
    if alts is None or len(alts) < 2 or "(?P" in pat or re.search(r"\\\d|\(\?\(|\(\?[aiLmsux]+\)", pat):
        return (("", False, re.compile(pat, re.IGNORECASE)),)  # not a plain alternation: searched whole
    anchored, bare = [], []
    parts: list[_Part] = []
    for a in alts:
        if a.startswith("^"):
            anchored.append(a)
            continue
        lit = _required_literal(a)
        if lit:
            parts.append((lit, False, re.compile(a, re.IGNORECASE)))
        else:
            bare.append(a)
    if anchored:
        parts.insert(0, ("", True, re.compile("|".join(anchored), re.IGNORECASE)))
    if bare:
        parts.append(("", False, re.compile("|".join(bare), re.IGNORECASE)))
    return tuple(parts)


def _top_level_alternatives(pat: str) -> list[str] | None:
    """``pat`` cut at its top-level "|" (outside groups and character classes)."""
    out, depth, start, k, n = [], 0, 0, 0, len(pat)
    while k < n:
        c = pat[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = _class_end(pat, k)  # a class ends at the first "]" not first nor escaped
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            out.append(pat[start:k])
            start = k + 1
        k += 1
    if depth:
        return None
    out.append(pat[start:])
    return out


_QUANTIFIER = re.compile(r"\{\d*(,\d*)?\}")
_CLASS_ESCAPES = frozenset("bBdDwWsSAZ")  # an escape that stands for no one character


def _required_literal(alt: str) -> str:
    """The longest run of plain ASCII characters that every match of ``alt`` holds, one
    after another, lowered; "" if none. Only characters at the top level count (outside
    groups and classes) and not one a quantifier makes optional or repeats: a cheap scan
    of the pattern's text that may miss a literal but never names a wrong one."""
    runs: list[str] = []
    cur: list[str] = []
    k, n, depth = 0, len(alt), 0
    while k < n:
        c = alt[k]
        lit = ""
        if c == "\\":
            nxt = alt[k + 1:k + 2]
            k += 2
            if nxt.isalnum():
                if nxt not in _CLASS_ESCAPES:
                    return ""  # \x41, \u00e9, \1 ...: not worth reading
            elif nxt.isascii():
                lit = nxt  # an escaped symbol: "\." "\("
        elif c == "[":
            k = _class_end(alt, k)
        elif c == "(":
            depth += 1
            k += 1
        elif c == ")":
            depth -= 1
            k += 1
        elif c == "{" and (m := _QUANTIFIER.match(alt, k)):
            k = m.end()
        elif c in "{}?*+|^$.":
            k += 1
        else:
            lit = c
            k += 1
        if lit and depth == 0 and lit.isascii() and alt[k:k + 1] not in ("?", "*", "+", "{"):
            cur.append(lit)
        elif cur:
            runs.append("".join(cur))
            cur = []
    if cur:
        runs.append("".join(cur))
    return max(runs, key=len).lower() if runs else ""


def _class_end(pat: str, k: int) -> int:
    """Index just past the character class that starts at ``pat[k]`` ("[")."""
    n = len(pat)
    k += 1
    if k < n and pat[k] == "^":
        k += 1
    if k < n and pat[k] == "]":
        k += 1  # a "]" first is a member
    while k < n and pat[k] != "]":
        k += 2 if pat[k] == "\\" else 1
    return k + 1
