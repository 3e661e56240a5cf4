"""Direct speech: find quoted spans in the body and work out who said them.

Entry point: ``find_quotes(doc) -> list[QuoteSpan]``.

The rules are linguistic, not tuned to any article:

* Quote marks: “ ” (and „ “ / „ ”), « », ‹ ›, straight double quotes, and UK single
  quotes ‘ ’ where ’ is also the apostrophe (a ’ only closes a quote when no letter
  follows it).
* A paragraph whose quote never closes continues into the next paragraph if that
  one opens with a mark (the multi-paragraph convention); each paragraph is a span.
* One- to three-word quotes are scare quotes unless an attribution sits right next
  to them ("Yes, fine," she said). Quoted titles (Title Case, no end punctuation)
  are not speech. A quote that starts in lower case in the middle of a sentence is
  a partial quote: offered with a low score.
* Attribution: a speech verb with its subject after the quote (“…,” X said /
  said X / X, the minister, said / he added), or before it (X said: “…”; X told
  the court: “…”). Pronouns and titles ("the chief") resolve to an earlier person
  mentioned in the article; short forms (Ms Doe, Doe) expand to the full name
  the article gave.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from typing import Iterator

from .document import Document

# --- vocabulary -----------------------------------------------------------------

_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "writing"),
    "put": ("put", "puts"),  # "put it" only, see _VERB_RE
    "go": ("went on", "goes on"),
    "think": ("thinks", "thought"),
}
_REGULAR = (
    "add", "warn", "explain", "reply", "ask", "insist", "argue", "claim", "continue",
    "note", "observe", "state", "recall", "admit", "concede", "acknowledge", "urge",
    "suggest", "announce", "declare", "respond", "answer", "agree", "caution", "comment",
    "remark", "conclude", "shout", "whisper", "joke", "laugh", "tweet", "post", "testify",
    "confirm", "deny", "emphasise", "emphasize", "stress", "predict", "promise", "vow",
    "pledge", "boast", "complain", "counter", "maintain", "protest", "reflect", "recount",
    "exclaim", "snap", "sigh", "murmur", "mutter", "plead", "beg", "demand", "scoff",
    "quip", "tell", "explain", "point", "add", "assert", "contend", "allege", "reveal",
    "instruct", "advise", "repeat", "interject", "cry", "yell", "chant",
)


def _inflect(base: str) -> list[str]:
    if base.endswith("e"):
        forms = [base, base + "s", base + "d", base[:-1] + "ing"]
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms = [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    elif base in ("snap", "beg", "quip", "plead"):
        forms = [base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"]
        if base == "plead":
            forms += ["pleaded", "pled"]
    else:
        forms = [base, base + "s", base + "ed", base + "ing"]
    return forms


_VERB_FORMS: set[str] = set()
for _b in _REGULAR:
    _VERB_FORMS.update(_inflect(_b))
for _forms in _IRREGULAR.values():
    _VERB_FORMS.update(_forms)
# "point" and "put" only count in their fixed phrases; bare base forms and -ing forms
# read as speech far too rarely in attribution slots ("they answer to", "saying").
_PHRASAL = {"point": r"point(?:s|ed)?\s+out", "put": r"put(?:s)?\s+it"}
_VERB_FORMS = {v for v in _VERB_FORMS if not v.startswith(("point", "put")) and not v.endswith("ing")}
# bare base forms are mostly nouns in attribution slots ("an answer", "the claim"); "say" stays
_VERB_FORMS -= set(_REGULAR)
_VERB_ALT = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in _VERB_FORMS), key=len, reverse=True))
_VERB_RE = re.compile(r"(?<![\w’'-])(?:" + _PHRASAL["point"] + "|" + _PHRASAL["put"] + "|" + _VERB_ALT + r")(?![\w’'-])")

HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "dr": "", "prof": "", "professor": "",
    "sir": "m", "dame": "f", "lord": "m", "lady": "f", "baroness": "f", "baron": "m", "cllr": "",
    "councillor": "", "judge": "", "justice": "", "rev": "", "reverend": "", "fr": "m",
    "father": "m", "sister": "f", "brother": "m", "rabbi": "", "imam": "", "bishop": "",
    "archbishop": "", "canon": "", "det": "", "detective": "", "insp": "", "inspector": "",
    "supt": "", "superintendent": "", "sgt": "", "sergeant": "", "pc": "", "dc": "", "ds": "",
    "constable": "", "capt": "", "captain": "", "col": "", "colonel": "", "gen": "",
    "general": "", "maj": "", "major": "", "lt": "", "lieutenant": "", "cmdr": "",
    "commander": "", "admiral": "", "president": "", "senator": "", "sen": "", "rep": "",
    "representative": "", "governor": "", "gov": "", "mayor": "", "minister": "",
    "secretary": "", "chancellor": "", "commissioner": "", "coach": "", "chief": "",
    "battalion": "", "deputy": "", "assistant": "", "officer": "", "king": "m", "queen": "f",
    "prince": "m", "princess": "f", "sheriff": "", "chairman": "m", "chairwoman": "f",
    "mp": "", "mep": "", "msp": "", "ambassador": "", "nurse": "", "doctor": "",
}
POSTNOMINALS = {"kc", "qc", "mp", "msp", "mep", "ms", "am", "cbe", "obe", "mbe", "jr", "sr",
                "phd", "ii", "iii", "esq", "frs"}
_JOB_WORDS = {
    "fire", "police", "head", "acting", "interim", "manager", "director", "leader", "spokesman",
    "spokeswoman", "spokesperson", "boss", "coach", "captain", "striker", "goalkeeper", "defender",
    "midfielder", "forecaster", "meteorologist", "economist", "scientist", "researcher", "author",
    "nurse", "teacher", "headteacher", "pastor", "vicar", "owner", "founder", "chairman",
    "chairwoman", "chair", "ceo", "editor", "analyst", "lawyer", "attorney", "prosecutor",
    "solicitor", "barrister", "farmer", "resident", "mother", "father", "grandmother",
    "grandfather", "widow", "student", "pupil", "executive", "councillor", "mp",
}
PARTICLES = {"of", "de", "van", "von", "der", "den", "da", "di", "du", "bin", "al", "la", "le", "del",
             "ter", "st", "mac", "dos", "das", "ibn", "el"}
# Capitalised words that start sentences or name things, never people.
_NOT_NAMES = {
    "the", "a", "an", "but", "and", "or", "so", "yet", "if", "when", "while", "as", "at", "in",
    "on", "of", "for", "to", "from", "by", "with", "after", "before", "since", "during",
    "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you",
    "his", "her", "their", "our", "my", "your", "there", "here", "then", "now", "yesterday",
    "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "however", "meanwhile", "also",
    "according", "speaking", "asked", "writing", "opening", "former", "both", "neither",
    "one", "two", "three", "some", "many", "most", "all", "every", "each", "another", "other",
    "earlier", "later", "last", "next", "first", "finally", "instead", "although", "though",
    "because", "what", "who", "why", "how", "where", "which", "whose", "not", "no", "yes",
    "mrs.", "prime", "home", "office", "news", "local", "read", "more", "share", "updated",
    "published", "photograph", "video", "credit", "image", "watch", "listen", "see", "like",
    "unlike", "despite", "under", "over", "about", "around", "between", "into", "outside",
    "inside", "near", "without", "within", "cross-examined", "lead", "senior", "junior",
}
_ORG_WORDS = {
    "power", "council", "ltd", "inc", "inc.", "plc", "llc", "group", "trust", "water", "institute",
    "university", "office", "police", "service", "services", "agency", "company", "corporation",
    "corp", "bank", "party", "committee", "department", "ministry", "court", "fund",
    "foundation", "association", "club", "united", "city", "rovers", "athletic", "fc", "board",
    "authority", "commission", "network", "press", "news", "times", "post", "laboratory",
    "school", "college", "hospital", "nhs", "government", "house", "hall", "park", "street",
    "road", "centre", "center", "federation", "union", "league", "society", "council", "works",
    "partners", "cells", "systems", "labs", "media", "energy", "airlines", "motors", "bbc",
    "itv", "cnn", "reuters", "county", "state", "republic", "kingdom", "parliament", "senate",
    "congress", "assembly", "executive", "review", "journal", "report", "survey", "study",
}
PRONOUNS = {"he": "m", "she": "f", "they": "", "i": "", "we": ""}
_PRONOUN_GENDER = {"he": "m", "his": "m", "him": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}

_TOKEN = re.compile(r"[^\W\d_](?:[\w’'\-.]*[\w])?\.?")


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _clean_tok(tok: str) -> str:
    return tok.rstrip(".").lower()


# --- quote marks ------------------------------------------------------------------

_OPEN_CLOSE = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", '"': '"'}
_OPENERS = set("“„«‹‘\"")
_LETTER = re.compile(r"[^\W_]")


@dataclass
class _Raw:
    """A quoted stretch inside one block (local offsets into the block's raw text)."""
    block: int
    open_pos: int  # index of the opening mark
    start: int  # first character inside
    end: int  # past the last character inside
    close_pos: int | None  # index of the closing mark, None if it runs to the block end


def _opener_ok(t: str, i: int) -> bool:
    """A mark at i can open a quote: start of text or after space/bracket/dash, and text follows."""
    prev = t[i - 1] if i > 0 else " "
    nxt = t[i + 1] if i + 1 < len(t) else " "
    if nxt.isspace() and t[i] not in "«‹":
        return False
    if t[i] == "‘" and nxt.isdigit():
        return False  # ‘90s: an apostrophe standing for missing digits
    return prev.isspace() or prev in "([{—–-/:;,“‘\"«" or i == 0


def _find_close(t: str, i: int, opener: str) -> int | None:
    closers = _OPEN_CLOSE[opener]
    j = i + 1
    n = len(t)
    if opener == "‘":
        # ’ is also the apostrophe: it closes only when no letter or digit follows.
        best = None
        while j < n:
            k = t.find("’", j)
            if k < 0:
                break
            nxt = t[k + 1] if k + 1 < n else " "
            if _LETTER.match(nxt) or nxt.isdigit():
                j = k + 1
                continue
            prev = t[k - 1]
            # "the players’ union": a plural possessive, not a closing mark.
            if prev in "sS" and k + 2 < n and nxt == " " and t[k + 2].islower() and not t[k - 2:k].isupper():
                if best is None:
                    best = k
                j = k + 1
                continue
            return k
        return best
    if opener == '"':
        k = t.find('"', j)
        return k if k >= 0 else None
    best = None
    for c in closers:
        k = t.find(c, j)
        if k >= 0 and (best is None or k < best):
            best = k
    return best


def _scan_block(t: str, block: int) -> list[_Raw]:
    out: list[_Raw] = []
    i = 0
    n = len(t)
    while i < n:
        ch = t[i]
        if ch in _OPEN_CLOSE and _opener_ok(t, i):
            k = _find_close(t, i, ch)
            a = i + 1
            while a < n and t[a].isspace():
                a += 1
            if k is None:
                z = n
                while z > a and t[z - 1].isspace():
                    z -= 1
                if z > a:
                    out.append(_Raw(block, i, a, z, None))
                break
            z = k
            while z > a and t[z - 1].isspace():
                z -= 1
            if z > a:
                out.append(_Raw(block, i, a, z, k))
            i = k + 1
            continue
        i += 1
    return out


# --- people -----------------------------------------------------------------------

@dataclass
class Person:
    full: str  # the fullest name the article gave, without honorifics
    surname: str
    gender: str = ""  # "m", "f" or ""
    titles: set[str] = field(default_factory=set)  # lower-case title words ("chief", "minister")
    org: bool = False


@dataclass
class _Mention:
    pos: int  # raw offset
    person: Person
    speech: bool = False  # the subject of a speech verb ("Jane Doe said the council…")
    seq: int = 0  # registration order, for mentions at the same position


def _name_run_at_end(s: str) -> tuple[list[str], int] | None:
    """Capitalised name tokens that end ``s`` (spaces allowed after), and where they start."""
    toks = list(_TOKEN.finditer(s))
    if not toks:
        return None
    tail = s[toks[-1].end():]
    if tail.strip():
        return None
    run: list[re.Match] = []
    for m in reversed(toks):
        tok = m.group()
        gap = s[m.end():run[0].start()] if run else ""
        if run and gap not in (" ", "\u00a0"):
            break
        if _is_cap(tok) or (run and tok.lower() in PARTICLES and _is_cap(run[0].group())):
            run.insert(0, m)
            continue
        break
    # drop leading sentence words ("But Doe", "Opening Doe")
    while run and _clean_tok(run[0].group()) in _NOT_NAMES and _clean_tok(run[0].group()) not in HONORIFICS:
        run.pop(0)
    if not run or _clean_tok(run[-1].group()) in _NOT_NAMES:
        return None
    return [m.group() for m in run], run[0].start()


def _name_run_at_start(s: str) -> tuple[list[str], int] | None:
    """Capitalised name tokens at the start of ``s``; returns tokens and the end offset."""
    run: list[re.Match] = []
    pos = 0
    while True:
        m = _TOKEN.match(s, pos)
        if not m:
            break
        tok = m.group()
        if not (_is_cap(tok) or (run and tok.lower() in PARTICLES)):
            break
        run.append(m)
        pos = m.end()
        if pos < len(s) and s[pos] in " \u00a0":
            pos += 1
        else:
            break
    while run and not _is_cap(run[-1].group()):
        run.pop()
    if not run:
        return None
    if _clean_tok(run[0].group()) in _NOT_NAMES and _clean_tok(run[0].group()) not in HONORIFICS:
        return None
    return [m.group() for m in run], run[-1].end()


def _strip_descriptors(core: list[str]) -> tuple[list[str], list[str]]:
    """Split "Fire Chief Ray Dolan", "Meteorologist Jo Kay", "Mother-of-three Jo Kay" into
    the name and the job or description words in front of it."""
    for k in range(len(core) - 2, -1, -1):
        low = _clean_tok(core[k])
        if low in HONORIFICS or low in _JOB_WORDS or re.search(r"-[a-z]", core[k]) or \
                re.search(r"(?:ologist|ist|ian)$", low):
            return core[k + 1:], [_clean_tok(c) for c in core[:k + 1]]
    return core, []


_RUN = re.compile(r"[\w’'.-]+")
_RUN_ONLY = re.compile(r"[\w’'.-]+\Z")
_SEPS = "’'."


def _surname_positions(text: str, surnames: set[str]) -> dict[str, list[int]]:
    r"""Where each surname stands as a whole word: no letter, digit or hyphen either side.

    The same places as ``re.finditer(r"(?<![\w-])Doe(?![\w-])", text)`` gives for each
    surname, found in one pass. A surname is made of name characters (letters, digits,
    ’ ' . -), so it lies inside one run of them: it starts the run or follows a ’ ' or .
    in it, and ends the run or stops before one. Surnames with other characters are
    left out of the answer (the caller searches for those itself).
    """
    want = {s for s in surnames if s and _RUN_ONLY.match(s)}
    out: dict[str, list[int]] = {s: [] for s in want}
    for m in _RUN.finditer(text):
        run = m.group()
        if "." not in run and "’" not in run and "'" not in run:
            if run in out:
                out[run].append(m.start())
            continue
        cuts = [j for j, c in enumerate(run) if c in _SEPS]
        ends = [j for j in cuts if j > 0] + [len(run)]
        for a in [0] + [j + 1 for j in cuts if j + 1 < len(run)]:
            for z in ends:
                if z > a and run[a:z] in out:
                    out[run[a:z]].append(m.start() + a)
    # finditer does not report overlapping matches of one surname ("A.A" in "A.A.A")
    for s, found in out.items():
        kept: list[int] = []
        for pos in found:
            if not kept or pos >= kept[-1] + len(s):
                kept.append(pos)
        out[s] = kept
    return out


_HONORIFIC_SET = frozenset(HONORIFICS)
# A token _collect_mentions takes for an honorific: capitalised, and without a trailing
# full stop one of these words (any case after the first letter). Tokens never start
# right after a letter, so this finds every one of them (and a few more).
_NAMING_HONORIFICS = sorted({h for h, g in HONORIFICS.items() if g} | {"dr", "prof", "professor", "cllr", "judge"},
                            key=len, reverse=True)
_HONORIFIC_HINT = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(
        "[" + h[0].upper() + ("\u212a" if h[0] == "k" else "") + "](?i:" + h[1:] + ")"
        for h in _NAMING_HONORIFICS) + ")")


class _PosIndex:
    """Items sorted by (position, registration order), in buckets of _CHUNK code points.

    Mentions are registered out of order (the quote pass adds them mid-article), so one
    long sorted list would shift on every insert; buckets keep inserts short and let
    "the last one before pos" start at pos instead of copying all that comes before.
    """

    _CHUNK = 4096

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int, object]]] = {}
        self._keys: list[int] = []  # bucket numbers in use, sorted

    def add(self, pos: int, seq: int, item: object) -> None:
        k = pos // self._CHUNK
        bucket = self._buckets.get(k)
        if bucket is None:
            bucket = self._buckets[k] = []
            insort(self._keys, k)
        insort(bucket, (pos, seq, item))  # seq is unique, so items are never compared

    def __iter__(self) -> Iterator:
        for k in self._keys:
            for entry in self._buckets[k]:
                yield entry[2]

    def before(self, pos: int) -> Iterator:
        """Items before ``pos``, nearest first."""
        i = bisect_right(self._keys, pos // self._CHUNK) - 1
        first = True
        while i >= 0:
            bucket = self._buckets[self._keys[i]]
            j = bisect_left(bucket, (pos,)) if first else len(bucket)
            first = False
            for n in range(j - 1, -1, -1):
                yield bucket[n][2]
            i -= 1


class People:
    """People mentioned so far, to expand short names and resolve pronouns and titles."""

    def __init__(self) -> None:
        self.by_surname: dict[str, Person] = {}
        self._mentions = _PosIndex()
        self._seq = 0  # registration order: breaks ties between mentions at one position
        # title word -> mentions of the people who hold it (so "the operator said" with no
        # operator in the article costs nothing); person id -> its (pos, seq, mention)
        self._by_title: dict[str, _PosIndex] = {}
        self._of_person: dict[int, list[tuple[int, int, _Mention]]] = {}
        self._titles_indexed: dict[int, set[str]] = {}

    @property
    def mentions(self) -> list[_Mention]:
        """Every mention, sorted by position (ties in registration order)."""
        return list(self._mentions)

    def register(self, tokens: list[str], pos: int, descriptor: str = "", speech: bool = False) -> Person | None:
        titles: set[str] = set()
        gender = ""
        core: list[str] = []
        for tok in tokens:
            low = _clean_tok(tok)
            if not core and low in HONORIFICS:
                titles.add(low)
                gender = gender or HONORIFICS[low]
                continue
            core.append(tok.rstrip(".") if tok.endswith(".") and len(tok) > 2 and not tok[-2].isupper() else tok)
        while core and _clean_tok(core[-1]) in POSTNOMINALS and len(core) > 1:
            core.pop()
        core, lead = _strip_descriptors(core)
        titles.update(lead)
        core = [c.rstrip(",") for c in core]
        if "of" in core:
            # "Lord Ashby of Wendover": the peer is Lord Ashby
            k = core.index("of")
            rest = _strip_descriptors(core[k + 1:])[0]
            # "Secretary of State Jane Doe": the office's name, then the person's
            core = core[:k] if k else (rest[1:] if len(rest) > 2 else rest)
        if not core:
            return None
        org = _clean_tok(core[-1]) in _ORG_WORDS or any(_clean_tok(c) in _ORG_WORDS for c in core[1:])
        surname = core[-1]
        key = surname.lower()
        for w in re.findall(r"[a-z]+", descriptor.lower()):
            titles.add(w)
        p = self.by_surname.get(key)
        if p is None:
            if len(core) == 1 and not titles and not org:
                # a lone capitalised word: a person only if we meet the full name later
                p = Person(surname, surname)
            elif len(core) == 1 and not org and titles & _HONORIFIC_SET:
                hon = next(t for t in tokens if _clean_tok(t) in HONORIFICS)
                p = Person(f"{hon} {surname}", surname, gender, titles, org)
            else:
                p = Person(" ".join(core), surname, gender, titles, org)
            self.by_surname[key] = p
        else:
            known = [w for w in p.full.split() if _clean_tok(w) not in HONORIFICS]
            if len(core) > len(known):
                p.full = " ".join(core)
            p.titles |= titles
            p.gender = p.gender or gender
        self._seq += 1
        men = _Mention(pos, p, speech, self._seq)
        self._mentions.add(pos, self._seq, men)
        own = self._of_person.setdefault(id(p), [])
        own.append((pos, self._seq, men))
        indexed = self._titles_indexed.setdefault(id(p), set())
        for w in p.titles:
            index = self._by_title.get(w)
            if index is None:
                index = self._by_title[w] = _PosIndex()
            if w in indexed:
                index.add(pos, self._seq, men)
            else:
                # a title learnt now holds for the person's earlier mentions too
                indexed.add(w)
                for entry in own:
                    index.add(*entry)
        return p

    def expand(self, text: str) -> None:
        """Give single-word people their full name from anywhere in the article."""
        todo = []
        for p in self.by_surname.values():
            parts = p.full.split()
            if p.org or (len(parts) > 1 and _clean_tok(parts[0]) not in HONORIFICS):
                continue
            todo.append(p)
        if not todo:
            return
        # One pass over the words of the article finds every surname at once; a search
        # per person would read a big article once for each of its people.
        where = _surname_positions(text, {p.surname for p in todo})
        for p in todo:
            sur = p.surname
            found = where.get(sur)
            if found is None:  # not made of word characters: search for it directly
                found = [m.start() for m in re.finditer(
                    re.escape(sur) + r"(?<![\w-]" + re.escape(sur) + r")(?![\w-])", text)]
            for start in found:
                got = _name_run_at_end(text[max(0, start - 80):start] + sur)
                if got and len(got[0]) > 1:
                    toks = _strip_descriptors(got[0])[0]
                    toks = [t for t in toks if _clean_tok(t) not in HONORIFICS]
                    if len(toks) > 1:
                        p.full = " ".join(toks)
                        break

    def before(self, pos: int) -> Iterator[_Mention]:
        """Mentions before ``pos``, nearest first."""
        return self._mentions.before(pos)

    def resolve_pronoun(self, pron: str, pos: int, recent: Person | None) -> Person | None:
        gender = PRONOUNS.get(pron.lower(), "")
        if pron.lower() in ("we", "they"):
            return None  # a group or an organisation, rarely one person
        if pron.lower() == "i":
            return recent
        if recent is not None and not recent.org and (not gender or recent.gender in ("", gender)) and \
                self._last_person_before(pos) is recent:
            return recent
        for m in self.before(pos):
            p = m.person
            if p.org:
                continue
            if gender and p.gender and p.gender != gender:
                continue
            return p
        return recent

    def _last_person_before(self, pos: int) -> Person | None:
        for m in self.before(pos):
            if not m.person.org:
                return m.person
        return None

    def resolve_title(self, words: list[str], pos: int) -> Person | None:
        """The person with a title in ``words`` mentioned last before ``pos``."""
        best: tuple[int, int] | None = None
        found: Person | None = None
        for w in {w.lower() for w in words}:
            index = self._by_title.get(w)
            if index is None:
                continue
            for men in index.before(pos):
                key = (men.pos, men.seq)
                if best is None or key > best:
                    best, found = key, men.person
                break
        return found


# --- attribution ------------------------------------------------------------------

_APPOSITIVE_MAX = 3
# "Jane Doe had said", "he later told", "she also added": words between subject and verb
_AUX_TAIL = re.compile(r"(?:\s+(?:had|has|have|would|will|could|should|may|might|also|then|later|"
                       r"previously|once|again|earlier|simply|just|quickly|repeatedly|reportedly|was|were|is|are|been|"
                       r"has\s+since|had\s+earlier))+$", re.I)
_APPOSITIVE_START = re.compile(
    r"(?:of|from|at|for|in|on|with|who|which|whose|a|an|the|aged|and|formerly|now|until|\d)\b")


def _subject_before(s: str) -> tuple[str, list[str], str] | None:
    """Parse the subject that ends ``s`` (text right before a speech verb).

    Returns (kind, tokens, descriptor): kind is "name", "pronoun" or "title".
    Handles "Jane Doe", "Jane Doe, 54," "Jane Doe, the minister," "he", "the chief",
    and "Jane Doe, 72, who lives nearby," (several appositives).
    """
    s = _AUX_TAIL.sub("", s.rstrip())
    if not s:
        return None
    m = re.search(r"(?<![\w’'-])(he|she|they|i|we)$", s, re.I)
    if m:
        prev = s[:m.start()].rstrip().split()
        if not prev or not prev[-1][-1:].isalpha() or prev[-1].lower() in (
                "and", "but", "as", "so", "then", "now", "later", "before", "after", "when"):
            return "pronoun", [m.group(1).lower()], ""
    m = re.search(r"(?:^|[\s,;:(—–-])((?:the|a|an|one|another)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+)$", s, re.I)
    if m and not _is_cap(m.group(1).split()[-1]):
        return "title", m.group(1).split()[1:], ""
    m = re.search(r"(?:^|[\s,;:(—–-])(?:the|a|an|one|another)\s+((?:[a-z][\w’'-]*\s+){1,3})(?:for|at|of|from|with)"
                  r"\s+(?:the\s+)?(?:[A-Z][\w’'&.-]*\s*)+$", s)
    if m:
        return "title", m.group(1).split(), ""
    descriptor = ""
    appositive = s.endswith(",")
    core = s.rstrip(",").rstrip()
    for _ in range(_APPOSITIVE_MAX + 1):
        got = _name_run_at_end(core)
        seg = core[core.rfind(",") + 1:].lstrip()
        # ", of the University of Kent," ends in capitals but is an appositive
        if got and not (appositive and re.match(_APPOSITIVE_START, seg)):
            return "name", got[0], descriptor
        if not appositive:
            return None
        # an appositive: ", the Home Secretary," ", 54," ", who lives nearby,"
        k = core.rfind(",")
        if k < 0:
            return None
        descriptor = core[k + 1:] + " " + descriptor
        core = core[:k].rstrip()
    return None


def _subject_after(s: str) -> tuple[str, list[str], str] | None:
    """The subject right after a verb in "said Jane Doe" / "said the chief" / "said he"."""
    s = s.lstrip()
    m = re.match(r"(he|she|they|i|we)(?![\w’'-])", s, re.I)
    if m:
        return "pronoun", [m.group(1).lower()], ""
    m = re.match(r"(?:the|a|an)\s+((?:[\w’'-]+\s+){0,3}?[a-z][\w’'-]*)(?=[\s,.;:]|$)", s)
    if m and not _is_cap(m.group(1).split()[-1]):
        # "said the coach, Jo Kay": the name follows its title
        nm = re.match(r",\s*", s[m.end():])
        got = _name_run_at_start(s[m.end() + nm.end():]) if nm else None
        if got and len(got[0]) > 1:
            return "name", got[0], m.group(1)
        return "title", m.group(1).split(), ""
    got = _name_run_at_start(s)
    if not got:
        dm = re.match(r"(?:[a-z][\w’'-]*\s+){1,4}(?=[A-Z])", s)
        if dm and not re.match(r"(?:that|and|but|it|to|the|a|an|of|in|on|at|for)\b", s):
            got2 = _name_run_at_start(s[dm.end():])
            if got2 and len(got2[0]) > 1:
                got = (got2[0], dm.end() + got2[1])
    if got:
        rest = s[got[1]:]
        desc = ""
        dm = re.match(r",\s*([^,.]{1,80})", rest)
        if dm:
            desc = dm.group(1)
        return "name", got[0], desc
    return None


_ABBR_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sgt|Capt|Col|Gen|Lt|Gov|Sen|Rep|Rev|Fr|Jr|Sr|"
                       r"Det|Insp|Supt|Cllr|Inc|Ltd|Co|Corp|No)|\b[A-Z])$")


def _clause_end(s: str) -> int:
    """End of the clause that opens ``s``: a sentence end (not after "Dr."), or a new quote."""
    for m in re.finditer(r"[.!?;:](?=\s|$)|[“‘\"«]", s):
        if m.group() == "." and _ABBR_END.search(s[:m.start()]):
            continue
        return m.start()
    return len(s)


def _post_attribution(after: str) -> tuple[tuple[str, list[str], str], int] | None:
    """Attribution right after a closing mark: ', X said', ', said X', ' X, the y, said'."""
    s = after
    lead = len(s) - len(s.lstrip(" ,\u00a0"))
    s = s[lead:]
    clause = s[:_clause_end(s)]
    clause = clause[:200]
    for vm in _VERB_RE.finditer(clause):
        before = clause[:vm.start()]
        if not before.strip():
            subj = _subject_after(clause[vm.end():])
            if subj:
                return subj, lead + vm.start()
            continue
        subj = _subject_before(before)
        if subj:
            return subj, lead + vm.start()
        break
    return None


def _pre_attribution(before: str) -> tuple[tuple[str, list[str], str], int] | None:
    """Attribution before an opening mark: 'X said:' 'X told the court:' 'X added,'."""
    s = before.rstrip()
    if not s or s[-1] not in ":,":
        return None
    # the clause that leads into the quote: back to the last sentence end
    cut = max(s.rfind(". "), s.rfind("? "), s.rfind("! "), s.rfind("” "), s.rfind('" '))
    clause = s[cut + 2:] if cut >= 0 else s
    matches = list(_VERB_RE.finditer(clause))
    for vm in reversed(matches):
        between = clause[vm.end():]
        if len(between.split()) > 10:
            continue
        subj = _subject_before(clause[:vm.start()])
        if subj is None and not clause[:vm.start()].strip():
            continue
        if subj is None:
            after = _subject_after(clause[vm.end():])
            if after and after[0] == "name":
                subj = after
        if subj:
            return subj, (cut + 2 if cut >= 0 else 0) + vm.start()
    return None


# --- spans and speakers -----------------------------------------------------------

@dataclass
class QuoteSpan:
    start: int  # raw offsets of the text inside the marks
    end: int
    speaker: str | None
    score: float
    reason: str
    partial: bool = False


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'-]+", s)


def _is_title_like(s: str) -> bool:
    """A quoted title ("The Long Goodbye", “Takin’ It to the Streets,”), not speech."""
    s = s.rstrip().rstrip(",.")
    w = _words(s)
    if not w or len(w) > 10 or s[-1:] in "!?;:…" or (len(w) < 2 and not s):
        return False
    small = {"a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by", "or", "with", "is"}
    caps = [x for x in w if x.lower() not in small]
    return bool(caps) and all(_is_cap(x) or x[0].isdigit() for x in caps) and _is_cap(w[0])




class _Resolver:
    def __init__(self, doc: Document):
        self.doc = doc
        self.people = People()
        self.recent: Person | None = None  # the last quote's speaker

    def person_for(self, subj: tuple[str, list[str], str], pos: int) -> tuple[Person | None, str]:
        kind, toks, desc = subj
        if kind == "pronoun":
            if toks[0] in ("it",):
                return None, ""
            p = self.people.resolve_pronoun(toks[0], pos, self.recent)
            if p and PRONOUNS.get(toks[0]) and not p.gender:
                p.gender = PRONOUNS[toks[0]]
            return p, toks[0]
        if kind == "title":
            p = self.people.resolve_title(toks, pos)
            return p, "the " + " ".join(toks)
        p = self.people.register(toks, pos, desc)
        return p, " ".join(toks)


def _collect_mentions(doc: Document, res: _Resolver, bodies: list[int], names_text: str) -> None:
    """People named in the body: speech-verb subjects, honorific names, named ages and roles.

    ``names_text`` is where short names look for their full form (the whole article, or
    the stretch around a range of blocks).
    """
    text = doc.text
    for i in bodies:
        b = doc.blocks[i]
        t = text[b.content_start:b.content_end]
        base = b.content_start
        for vm in _VERB_RE.finditer(t):
            lead = t[:vm.start()]
            cut = max(lead.rfind(". "), lead.rfind("“"), lead.rfind("‘ "), lead.rfind('"'), lead.rfind("”"))
            clause = lead[cut + 1:] if cut >= 0 else lead
            subj = _subject_before(clause)
            if subj and subj[0] == "name":
                res.people.register(subj[1], base + vm.start(), subj[2], speech=True)
            elif not clause.strip() or clause.rstrip().endswith(","):
                # "…, said shelter manager Jo Kay."
                subj = _subject_after(t[vm.end():])
                if subj and subj[0] == "name":
                    res.people.register(subj[1], base + vm.start(), subj[2], speech=True)
        for m in re.finditer(r"(?<![\w-])(?:according to|by)\s+", t):
            got = _name_run_at_start(t[m.end():])
            if got and len(got[0]) > 1:
                rest = t[m.end() + got[1]:]
                dm = re.match(r",\s*([^,.]{1,80})", rest)
                res.people.register(got[0], base + m.end(), dm.group(1) if dm else "")
        # most paragraphs hold no honorific: skip reading them token by token
        for m in (_TOKEN.finditer(t) if _HONORIFIC_HINT.search(t) else ()):
            low = _clean_tok(m.group())
            if _is_cap(m.group()) and low in HONORIFICS and HONORIFICS[low] != "" or low in (
                    "dr", "prof", "professor", "cllr", "judge"):
                if not _is_cap(m.group()):
                    continue
                got = _name_run_at_start(t[m.start():])
                if got and len(got[0]) > 1:
                    res.people.register(got[0], base + m.start())
        # "Jane Doe, 54," / "Jane Doe, a nurse," : a named person with an age or a role
        for m in re.finditer(r",\s*(?:\d{1,3}|a|an|the|who|whose)\b", t):
            got = _name_run_at_end(t[max(0, m.start() - 80):m.start()])
            if got and len(got[0]) > 1:
                dm = re.match(r",\s*([^,.]{1,80})", t[m.start():])
                res.people.register(got[0], base + m.start() - 1, dm.group(1) if dm else "")
    res.people.expand(names_text)
    # gender from the pronoun that follows a mention in the same sentence
    for men in res.people.mentions:
        if men.person.gender or men.person.org:
            continue
        i = doc.block_at(men.pos)
        blk = doc.blocks[i]
        tail = text[men.pos:blk.content_end]
        cut = re.search(r"[.!?](?=\s)|[“”\"‘]", tail)
        tail = tail[:cut.start()] if cut else tail
        pm = re.search(r"(?<![\w’'-])(he|his|him|himself|she|her|hers|herself)(?![\w’'-])", tail, re.I)
        if pm:
            men.person.gender = _PRONOUN_GENDER[pm.group(1).lower()]


# Body paragraphs read on each side of a range of blocks, for who is speaking: the
# people named there, the last quote's speaker, a quote running on from the paragraph
# before. Further away than this, a range may resolve a speaker differently from the
# whole article (see docs/learned.md).
CONTEXT_PARAGRAPHS = 40


def find_quotes(doc: Document, blocks: range | None = None,
                context: int = CONTEXT_PARAGRAPHS) -> list[QuoteSpan]:
    """Quotes in the body of ``doc``, or only those in the blocks of ``blocks``.

    For a range, people and speaker state come from ``context`` body paragraphs either
    side of it instead of the whole article, so a big article's visible part is quick.
    """
    text = doc.text
    every = doc.body_indices()
    if blocks is None:
        first, stop, lo, hi = 0, len(every), 0, len(every)
    else:
        first, stop = bisect_left(every, blocks.start), bisect_left(every, blocks.stop)
        if first >= stop:
            return []
        lo, hi = max(0, first - context), min(len(every), stop + context)
    bodies = every[lo:hi]
    res = _Resolver(doc)
    if blocks is None:
        names_text = text
    else:
        names_text = text[doc.blocks[every[lo]].start:doc.blocks[every[hi - 1]].end]
    _collect_mentions(doc, res, bodies, names_text)
    # mentions found in the first pass, by block, for "the paragraph before introduced them"
    by_block: dict[int, list[_Mention]] = {}
    for m in res.people.mentions:
        by_block.setdefault(doc.block_at(m.pos), []).append(m)
    out: list[QuoteSpan] = []
    open_speaker: tuple[Person | None, str] | None = None  # a quote that ran past its paragraph
    prev_block_text = ""
    prev_index = -1
    prev_block_speaker: Person | None = None
    # does the next body paragraph open with a quote mark (a continuation paragraph)?
    next_opens: dict[int, bool] = {}
    for k in range(lo, min(stop, len(every) - 1)):
        nb = doc.blocks[every[k + 1]]
        next_opens[every[k]] = text[nb.content_start:nb.content_start + 1] in _OPENERS
    # paragraphs before the range only set up the speaker state; their quotes are dropped
    emit_from = every[first] if first < len(every) else len(doc.blocks)
    for i in every[lo:stop]:
        b = doc.blocks[i]
        t = text[b.content_start:b.content_end]
        base = b.content_start
        raws = _scan_block(t, i)
        block_speaker: Person | None = None
        carried = open_speaker
        open_speaker = None
        if carried is not None and not (raws and raws[0].open_pos == 0):
            carried = None  # the multi-paragraph quote ended without its last mark
        last_in_block: Person | None = None
        for n, r in enumerate(raws):
            inner = t[r.start:r.end]
            words = _words(inner)
            before = t[:r.open_pos]
            after = t[r.close_pos + 1:] if r.close_pos is not None else ""
            post = _post_attribution(after) if r.close_pos is not None else None
            pre = _pre_attribution(before)
            continuation = n == 0 and r.open_pos == 0 and carried is not None
            ends_sentence = inner.rstrip()[-1:] in ",.!?…—–-:;"
            if post and pre is None:
                attrib = post
            elif pre and (before.rstrip().endswith(":") or post is None):
                attrib = pre
            else:
                attrib = post or pre
            lower_start = inner[:1].islower() or inner.startswith(("…", "..."))
            partial = lower_start and not before.rstrip().endswith((":",)) and bool(before.strip()) \
                and not continuation
            if partial and attrib is None:
                # "Jane Doe said the plan was “a disaster for the town”": the reporting verb
                # earlier in the sentence names the speaker
                attrib = _pre_attribution(before.rstrip() + ",")
            if r.close_pos is None and not words:
                continue
            if r.close_pos is None and not next_opens.get(i, False):
                # never closed and no continuation paragraph follows: a stray mark or a
                # leading apostrophe (‘90s), not a multi-paragraph quote
                continue
            if len(words) <= 3 and not continuation:
                # a scare quote or a quoted term, unless someone is plainly saying it
                adjacent = (post is not None and re.match(r"[\s,]*\S", after) and ends_sentence) or (
                    pre is not None and before.rstrip().endswith((":", ",")) and ends_sentence)
                if not (adjacent and not lower_start):
                    continue
            if _is_title_like(inner) and attrib is None and not continuation:
                continue
            if partial and len(words) < 4:
                continue
            speaker: Person | None = None
            label = ""
            how = ""
            if attrib is not None:
                subj, _ = attrib
                speaker, label = res.person_for(subj, base + r.open_pos)
                if speaker is not None and subj[0] == "name":
                    how = "said"
                elif speaker is not None:
                    how = label
            elif continuation and carried is not None:
                speaker, how = carried[0], "continues"
            elif last_in_block is not None:
                speaker, how = last_in_block, "same speaker"
            elif prev_block_text.rstrip().endswith(":") and n == 0 and not before.strip():
                # a quote set off after "…, Jane Doe, wrote the rule:"
                men = [m for m in by_block.get(prev_index, ()) if not m.person.org]
                speaker = men[0].person if men else prev_block_speaker
                how = "introduced"
            elif prev_block_speaker is not None and n == 0 and not before.strip():
                speaker, how = prev_block_speaker, "same speaker"
            elif n == 0 and not before.strip():
                # a quote paragraph right after "Jane Doe said she had…"
                men = [m for m in by_block.get(prev_index, ()) if m.speech and not m.person.org]
                if men:
                    speaker, how = men[-1].person, "reported before"
                else:
                    # "Jo Kay, a chest doctor at the infirmary, …" then a paragraph of speech
                    men = [m for m in by_block.get(prev_index, ())
                           if not m.person.org and len(m.person.full.split()) > 1]
                    if men and not _scan_block(prev_block_text, prev_index):
                        speaker, how = men[-1].person, "named before"
            if speaker is not None and speaker.org and attrib is not None and attrib[0][0] == "pronoun":
                speaker = None
            name = speaker.full if speaker is not None and not speaker.org else (
                speaker.full if speaker is not None else None)
            if speaker is None and attrib is not None and attrib[0][0] == "title":
                name = None
            if partial:
                score, reason = 0.4, "partial quote" + (f": {name}" if name else "")
            elif name and how == "said":
                score, reason = 0.9, f"said: {name}"
            elif name and how == "named before":
                score, reason = 0.7, f"{how}: {name}"
            elif name:
                score, reason = 0.8, f"{how}: {name}"
            else:
                score, reason = 0.6, "direct speech"
            if i >= emit_from:
                out.append(QuoteSpan(base + r.start, base + r.end, name, score, reason, partial))
            if speaker is not None and not partial:
                res.recent = speaker
                last_in_block = speaker
                block_speaker = speaker
            if r.close_pos is None:
                open_speaker = (speaker, name or "")
        prev_block_text = t
        prev_index = i
        prev_block_speaker = block_speaker if block_speaker is not None else (
            prev_block_speaker if not t.strip() else None)
    return out
