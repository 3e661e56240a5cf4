"""People the article names: full names, surnames, gender, titles; pronoun and title look-ups."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Literal, NamedTuple, Sequence

from .names import first_name_gender
from .vocab import (ABBREVIATED_TITLES, HONORIFICS, POSTNOMINALS, PARTICLES, PRONOUNS, _JOB_WORDS, _NOT_AGENTS,
                    _NOT_NAMES, _ORG_WORDS, _TOKEN, _clean_tok, _is_cap)


_WORD = re.compile(r"[a-z]+")
# descriptor words that never stand for a person's role ("the", "at", "who")
_TITLE_STOP = frozenset("a an the of at in on for to from with by and or who whose which that is was has had "
                        "be been as his her their its our my your this these those it he she they we i".split())
_HYPHENATED = re.compile(r"-[a-z]")  # "Mother-of-three Jo Kay"
_ROLE_ENDING = re.compile(r"(?:ologist|ist|ian)$")  # "Meteorologist Jo Kay"

# how far back (code points) a pronoun looks for its person: a few paragraphs
_PRONOUN_REACH = 2500
# a quotation's words, and a sentence of narration starting (not a quote)
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_NEW_SENTENCE = re.compile(r"[.!?]\s+[^\s“\"‘]")
_SHE = re.compile(r"(?<![\w’'-])[Ss]he(?![\w’'-])")
_HE = re.compile(r"(?<![\w’'-])[Hh]e(?![\w’'-])")


@dataclass
class Person:
    full: str  # the fullest name the article gave, without honorifics
    surname: str
    gender: str = ""  # "m", "f" or ""
    titles: set[str] = field(default_factory=set)  # lower-case title words ("chief", "minister")
    org: bool = False
    unnamed: bool = False  # "a spokesman", "officers": a speaker the article does not name
    pron_gender: str = ""  # from a pronoun near a mention: a weak hint
    # the first-name look-up for ``full`` as it was when asked (pronouns ask it of the same
    # few people for every quote); recomputed when ``full`` changes
    _first_for: str | None = field(default=None, init=False, repr=False, compare=False)
    _first: tuple[str | None, str] = field(default=(None, ""), init=False, repr=False, compare=False)

    def _first_name(self) -> tuple[str | None, str]:
        """(gender of the first word of ``full``, gender of its first non-honorific word
        when the name has more than one word), both from the name list, cached per ``full``."""
        if self._first_for != self.full:
            parts = self.full.split()
            lead = first_name_gender(parts[0]) if len(parts) > 1 else None
            names = [w for w in parts if _clean_tok(w) not in HONORIFICS]
            first = (first_name_gender(names[0]) or "") if len(names) > 1 or (names and len(parts) > 1) else ""
            self._first, self._first_for = (lead, first), self.full
        return self._first

    def gender_guess(self) -> str:
        """The known gender, else the first name's usual one ("" when neither tells)."""
        if self.gender or self.org or self.unnamed:
            return self.gender
        first = self.first_name_gender()
        if first and self.pron_gender and first != self.pron_gender:
            return ""  # the name list and the text disagree (a name used for both): rule nothing out
        return first or self.pron_gender

    def first_name_gender(self) -> str:
        return self._first_name()[1]

    def is_person(self) -> bool:
        """Named like a person: an honorific, a known first name, or a full name with a gender."""
        if self.org or self.unnamed:
            return False
        parts = self.full.split()
        if not parts:
            return False
        if self.gender or _clean_tok(parts[0]) in HONORIFICS:
            return True
        return len(parts) > 1 and self._first_name()[0] is not None


@dataclass(slots=True)
class _Mention:
    pos: int  # raw offset
    person: Person
    speech: bool = False  # the subject of a speech verb ("Jane Doe said the council…")
    subject: bool = False  # opens a clause ("Doe had finished…", "Although Doe…"), not an object
    seq: int = 0  # registration order, for mentions at the same position


def _after_possessive(tokens: list[str]) -> list[str]:
    """"Gazette’s Jane Doe" -> "Jane Doe": what owns the name is not part of it."""
    for k in range(len(tokens) - 2, -1, -1):
        if tokens[k].endswith(("’s", "'s", "s’", "s'")):
            return tokens[k + 1:]
    return tokens


_CLAUSE_OPENERS = {"and", "but", "although", "though", "while", "when", "as", "because", "if", "so", "then",
                   "after", "before", "since", "until", "where", "whereas", "once", "now", "yet"}


_OBJECT_CUES = {"of", "to", "with", "at", "by", "for", "from", "about", "in", "on", "against", "like", "than",
                "into", "onto", "over", "under", "between", "among", "beside", "toward", "towards", "per",
                "met", "told", "thanked", "called", "asked", "told", "saw", "hired", "sued", "beat", "hit",
                "interviewed", "reached", "contacted", "joined"}


def opens_clause(t: str, a: int, z: int, lo: int = 0, hi: int | None = None) -> bool:
    """Is the name at t[a:z] a clause's subject ("Doe had…", "Although Jane Doe…",
    "Kilbride manager Jo Doe, who…") rather than an object ("emailed Doe", "of Doe")?

    After it: a lower-case word (the verb) or an appositive comma. Before it, back to
    the clause's start: no preposition and no verb (a word in -ed or -ing).
    """
    hi = len(t) if hi is None else hi
    tail = t[z:min(z + 3, hi)]
    if tail[:1] in ("’", "'") or not (tail[:1] == "," or (tail[:1] == " " and tail[1:2].islower())):
        return False
    for word in reversed(t[max(lo, a - 80):a].split()):
        if word[-1:] in ".!?;:,(—–\"“”":
            return True
        low = word.lower()
        if low in _CLAUSE_OPENERS:
            return True
        if low in _OBJECT_CUES or low.endswith(("ed", "ing")):
            return False
    return True


_RUN_WINDOW = 48  # code points: most name runs fit, so most calls read only this much

# _name_run_at_end reads ``s`` backwards, as its reversal read forwards. A token
# (_TOKEN) lies in one run of name characters (letters, digits, _ ’ ' - .): it is what
# that run holds from its first letter to its last word character (and one "." after
# it), and a run holds at most one. Joined tokens are one space apart, so each is a
# whole run: a reversed run that is exactly one token (no name character before its
# first letter, and it ends in a word character or one "." after one) ...
_REV_TOKEN = r"\.?(?:\w[\w’'\-.]*)?[^\W\d_](?![\w’'\-.])"
# ... the chain of such runs, one space apart, after nothing but spaces (at most
# _CHAIN of them, so a sentence of lower-case words is not read to its start: a longer
# run goes to the general reader) ...
_CHAIN = 6
_REV_CHAIN = re.compile(r"\s*(" + _REV_TOKEN + r"(?:[ \u00a0]" + _REV_TOKEN + "){0,%d})" % (_CHAIN - 1))
# ... and a run with no letter, which holds no token
_REV_NO_TOKEN = re.compile(r"[\d_’'\-.]+(?![\w’'\-.])")
_RUN_CHAR = re.compile(r"[\w’'\-.]")


# Abbreviations that stand inside a name run and end no sentence (beside the honorifics)
_IN_NAME_ABBREVIATIONS = frozenset({"st", "jr", "sr", "mt", "ft", "messrs"})


def ends_sentence(tok: str) -> bool:
    """Does a run's token end a sentence ("Sunday.", "Doe.")? Not an honorific ("Dr.",
    "Sen."), initials ("J.K.", "U.S.") or a name's own abbreviation ("St.", "Jr.")."""
    if not tok.endswith(".") or len(tok) <= 2 or tok[-2].isupper():
        return False
    low = tok[:-1].lower()
    return low not in HONORIFICS and low not in _IN_NAME_ABBREVIATIONS


def _after_sentence_end(words: list[str], start: int) -> tuple[list[str], int] | None:
    """A run read back from its end starts after the last sentence end inside it
    ("… on Sunday. Harriet Vole" is Harriet Vole; "… Sunday. But Doe" is Doe).
    Tokens stand one character apart."""
    for k in range(len(words) - 2, -1, -1):
        if words[k][-1] == "." and ends_sentence(words[k]):
            start += len(" ".join(words[:k + 1])) + 1
            words = words[k + 1:]
            while _clean_tok(words[0]) in _NOT_NAMES and _clean_tok(words[0]) not in HONORIFICS:
                start += len(words[0]) + 1
                words = words[1:]
                if not words:
                    return None
            return words, start
    return words, start


def _to_sentence_end(words: list[str]) -> list[str]:
    """A run read from its start ends at the first sentence end inside it ("Tobias
    Wrenfield. Harriet Vole …" is Tobias Wrenfield)."""
    for k in range(len(words) - 1):
        if words[k][-1] == "." and ends_sentence(words[k]):
            return words[:k + 1]
    return words


def _name_run_at_end(s: str) -> tuple[list[str], int] | None:
    """Capitalised name tokens that end ``s`` (spaces allowed after), and where they start."""
    # Most name runs are a chain of whole-run tokens: one regex reads it back from the
    # end, instead of a match per token of the window; a chain that may go on past a
    # run of another form goes to the general reader.
    rs = s[::-1]
    m = _REV_CHAIN.match(rs)
    if m is None:
        j = len(rs) - len(rs.lstrip())
        if j == len(rs) or not _RUN_CHAR.match(rs, j) or _REV_NO_TOKEN.match(rs, j):
            # no token ends ``s``: it is blank, ends in a character no token ends in, or in
            # a run without a letter
            return None
        return _name_run_general(s)
    # the chain's words, read forwards from ``s`` itself
    n = len(s)
    a, z = m.span(1)
    words = s[n - z:n - a].split()
    f = len(words) - 1  # the run's first word
    nxt = words[f]  # the earliest word of the run so far
    if not nxt[:1].isupper():
        return None
    while f:
        tok = words[f - 1]
        if tok[:1].isupper() or (nxt[:1].isupper() and tok.lower() in PARTICLES):
            f -= 1
            nxt = tok
            continue
        break
    else:
        # the whole chain: the run may go on before it unless a space stands there, and
        # before that a character no run has, or a run with no token
        e = m.end()
        if rs[e:e + 1] in (" ", "\u00a0") and _RUN_CHAR.match(rs, e + 1) and not _REV_NO_TOKEN.match(rs, e + 1):
            return _name_run_general(s)
    if words[-1].rstrip(".").lower() in _NOT_NAMES:
        return None
    # drop leading sentence words ("But Doe", "Opening Doe"); most runs have none
    i = f
    low = words[i].rstrip(".").lower()
    if low in _NOT_NAMES and low not in HONORIFICS:
        while i < len(words):
            low = words[i].rstrip(".").lower()
            if low not in _NOT_NAMES or low in HONORIFICS:
                break
            i += 1
        if i == len(words):
            return None
    start = n - z
    if i:
        start += len(" ".join(words[:i])) + 1  # the words before, one space after each
        words = words[i:]
    return _after_sentence_end(words, start)


def _name_run_general(s: str) -> tuple[list[str], int] | None:
    """_name_run_at_end for any ``s``: every token of its end, read forwards."""
    n = len(s)
    if n > _RUN_WINDOW:
        # Tokens never hold a space, so those after a space are the same whether the
        # scan starts there or at 0: read the end first, and all of ``s`` only when
        # the run may go on before that space.
        w = s.find(" ", n - _RUN_WINDOW)
        if w > 0:
            got = _name_run_from(s, w + 1)
            if got is not False:
                return got
    got = _name_run_from(s, 0)
    return None if got is False else got


def _name_run_from(s: str, start: int) -> tuple[list[str], int] | None | Literal[False]:
    """_name_run_at_end reading tokens from ``start``; False when that may not be enough
    (no token there, or the run reaches the first one)."""
    toks = list(_TOKEN.finditer(s, start))
    if not toks:
        return None if start == 0 else False
    if s[toks[-1].end():].strip():
        return None
    # the run, read back from the last token: each joined to the next by one space, and
    # capitalised, or a particle before a capitalised word ("van Berg")
    words: list[str] = []
    first = len(toks)  # where in toks the run starts
    nxt_start, nxt_cap = 0, False
    for k in range(len(toks) - 1, -1, -1):
        m = toks[k]
        tok = m.group()
        cap = tok[:1].isupper()
        if words:
            if s[m.end():nxt_start] not in (" ", "\u00a0") or \
                    not (cap or (nxt_cap and tok.lower() in PARTICLES)) or ends_sentence(tok):
                break  # (a token that ends a sentence ends the one before the run)
        elif not cap:
            break
        words.append(tok)
        nxt_start, nxt_cap, first = m.start(), cap, k
    if start and first == 0:
        return False  # the run may start before ``start``
    words.reverse()
    # drop leading sentence words ("But Doe", "Opening Doe")
    i, n = 0, len(words)
    while i < n:
        low = words[i].rstrip(".").lower()
        if low not in _NOT_NAMES or low in HONORIFICS:
            break
        i += 1
    if i == n or words[-1].rstrip(".").lower() in _NOT_NAMES:
        return None
    return words[i:], toks[first + i].start()


# up to _CHAIN tokens from the start of a string, one space apart: _TOKEN.match at the
# start and after each space, in one match (a token never holds a space, and each is
# matched greedily here as there)
_CHAIN_AT_START = re.compile(_TOKEN.pattern + r"(?:[ \u00a0]" + _TOKEN.pattern + "){0,%d}" % (_CHAIN - 1))


def _name_run_at_start(s: str) -> tuple[list[str], int] | None:
    """Capitalised name tokens at the start of ``s``; returns tokens and the end offset."""
    if not s[:1].isupper():
        return None  # no capitalised token at the start (most calls)
    m = _CHAIN_AT_START.match(s)
    if m is None:
        return None
    chain = m.group().split()
    words = _to_sentence_end(chain)  # (a run that ends a sentence goes no further)
    n = len(words)
    j = 1
    while j < n:
        tok = words[j]
        if not (tok[:1].isupper() or tok.lower() in PARTICLES):
            break
        j += 1
    else:
        if n == _CHAIN:
            return _name_run_at_start_general(s)  # the run may go on past the chain
    while not words[j - 1][:1].isupper():
        j -= 1  # (the first word is capitalised)
    low = words[0].rstrip(".").lower()
    if low in _NOT_NAMES and low not in HONORIFICS:
        return None
    words = words[:j]
    return words, len(" ".join(words))


def _name_run_at_start_general(s: str) -> tuple[list[str], int] | None:
    """_name_run_at_start for any ``s``, a token at a time."""
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
        if ends_sentence(tok):
            break  # "Tobias Wrenfield. Harriet Vole …": the run ends with the sentence
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


# _ROLE_ENDING as str.endswith reads it ("$" also matches before a final newline)
_ROLE_ENDINGS = ("ist", "ian", "ist\n", "ian\n")


def title_word(word: str) -> bool:
    """A word that names an office, a job or a description in front of a name
    ("Mayor", "Chief", "Meteorologist", "Mother-of-three")."""
    low = word.rstrip(".").lower()
    return low in HONORIFICS or low in _JOB_WORDS or low.endswith(_ROLE_ENDINGS) or \
        ("-" in word and _HYPHENATED.search(word) is not None)


def person_noun(word: str) -> bool:
    """A lower-case noun that describes a person: an office or a job word, or an agent
    noun ("singer", "actor", "novelist", "historian")."""
    low = word.lower()
    return title_word(word) or (low.endswith(("er", "or")) and len(low) > 4 and low not in _NOT_AGENTS)


def _strip_descriptors(core: list[str]) -> tuple[list[str], list[str]]:
    """Split "Fire Chief Ray Dolan", "Meteorologist Jo Kay", "Mother-of-three Jo Kay" into
    the name and the job or description words in front of it."""
    for k in range(len(core) - 2, -1, -1):
        if title_word(core[k]):
            return core[k + 1:], [c.rstrip(".").lower() for c in core[:k + 1]]
    return core, []


_RUN = re.compile(r"[\w’'.-]+")
_RUN_ONLY = re.compile(r"[\w’'.-]+\Z")
_SEPS = "’'."


def _add_run(out: dict[str, list[int]], run: str, start: int) -> None:
    """The surnames of ``out`` that ``run`` (a whole run of name characters, at ``start``)
    holds as a piece: from its start or after a separator, to its end or before one."""
    if "." not in run and "’" not in run and "'" not in run:
        if run in out:
            out[run].append(start)
        return
    cuts = [j for j, c in enumerate(run) if c in _SEPS]
    ends = [j for j in cuts if j > 0] + [len(run)]
    for a in [0] + [j + 1 for j in cuts if j + 1 < len(run)]:
        for z in ends:
            if z > a and run[a:z] in out:
                out[run[a:z]].append(start + a)


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
    firsts = {s[0] for s in want}
    if not firsts or firsts & set(_SEPS + "-"):
        for m in _RUN.finditer(text):
            _add_run(out, m.group(), m.start())
    else:
        # A surname starts a run of name characters or follows a separator in one, and
        # starts with one of the surnames' first letters. Finding just those places (a
        # first letter at a run's start, with the rest of its run; a separator before a
        # first letter) skips in C the many runs that hold none: reading every run in
        # Python was most of this step's time.
        first = "[" + "".join(re.escape(c) for c in sorted(firsts)) + "]"
        finder = re.compile("[" + first[1:-1] + r"’'.](?:(?<=" + first + r")(?<![\w’'.-]" + first + r")[\w’'.-]*"
                            r"|(?<=[’'.])(?=" + first + "))")
        for m in finder.finditer(text):
            k = m.start()
            if text[k] not in _SEPS:  # a whole run, from its first letter
                run = m.group()
                if "." in run or "’" in run or "'" in run:
                    _add_run(out, run, k)
                elif run in out:
                    out[run].append(k)
                continue
            # the pieces that start after this separator: to a later separator or the run's end
            tail = _RUN.match(text, k + 1)
            if tail is None:
                continue  # never: a first letter follows
            rest = tail.group()
            for z in [j for j, c in enumerate(rest) if c in _SEPS] + [len(rest)]:
                if z and rest[:z] in out:
                    out[rest[:z]].append(k + 1)
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
_HONORIFIC_FIRST = "[" + "".join(sorted({h[0].upper() for h in _NAMING_HONORIFICS} |
                                          ({"\u212a"} if any(h[0] == "k" for h in _NAMING_HONORIFICS) else set()))) + "]"
_HONORIFIC_HINT = re.compile(
    # The pattern starts with a character class so that the engine skips in C to the
    # next capital it may start with; then it checks that no letter stands before that
    # capital, and the honorific the capital starts (one branch per honorific, each
    # checking its own first letter). Written with the lookbehind first, the engine
    # tried the whole pattern at every position of the text: three times slower.
    _HONORIFIC_FIRST + r"(?<![^\W\d_]" + _HONORIFIC_FIRST + r")(?:" + "|".join(
        "(?<=[" + h[0].upper() + ("\u212a" if h[0] == "k" else "") + "])(?i:" + h[1:] + ")"
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

    def add_many(self, entries: Iterable[tuple[int, int, object]]) -> None:
        """``add`` for each entry: the same buckets, sorted once instead of per insert."""
        touched = set()
        chunk = self._CHUNK
        for entry in entries:
            k = entry[0] // chunk
            bucket = self._buckets.get(k)
            if bucket is None:
                bucket = self._buckets[k] = []
                insort(self._keys, k)
            bucket.append(entry)
            touched.add(k)
        for k in touched:
            self._buckets[k].sort()  # (pos, seq) is unique: items are never compared

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


class _ParsedName(NamedTuple):
    """What a name's words alone tell (``People._register`` adds what the article knows).
    (A named tuple: a frozen dataclass took longer to make than the parse of a short name.)"""
    core: list[str]  # the name without honorifics, descriptions, post-nominals ([] if none is left)
    titles: frozenset[str]  # honorifics and description words in front of it
    gender: str  # from the honorific
    org: bool
    hon: str | None  # the first honorific among the words ("Dr" in "Dr Doe")
    last: str | None  # the last word, for a name that is only a title ("says Doctor")


@lru_cache(maxsize=4096)
def _parse_name(tokens: tuple[str, ...]) -> _ParsedName:
    """The same words name a person again and again (with and without a description):
    this reading of them depends on the words alone, so it is done once per distinct run.
    Its lists are shared: callers never change them."""
    titles: set[str] = set()
    gender = ""
    core: list[str] = []
    hon = None  # the first honorific among the words, wherever it stands
    toks = _after_possessive(list(tokens))
    for tok in toks:
        low = tok.rstrip(".").lower()  # _clean_tok, inlined here and below
        if low in HONORIFICS:
            if hon is None:
                hon = tok
            if not core:
                titles.add(low)
                if low in ABBREVIATED_TITLES:
                    titles.add(ABBREVIATED_TITLES[low])  # "Sen. Jane Doe" is "the senator"
                gender = gender or HONORIFICS[low]
                continue
        core.append(tok.rstrip(".") if tok.endswith(".") and len(tok) > 2 and not tok[-2].isupper() else tok)
    while len(core) > 1 and core[-1].rstrip(".").lower() in POSTNOMINALS:
        core.pop()
    core, lead = _strip_descriptors(core)
    titles.update(lead)
    core = [c.rstrip(",") for c in core if c.rstrip(",")]
    if core and core[-1].endswith(("’s", "'s")) and len(core[-1]) > 3:
        core[-1] = core[-1][:-2]  # "Jane Doe’s show": the owner is Jane Doe
    if "of" in core:
        # "Lord Ashby of Wendover": the peer is Lord Ashby
        k = core.index("of")
        rest = _strip_descriptors(core[k + 1:])[0]
        # "Secretary of State Jane Doe": the office's name, then the person's
        core = core[:k] if k else (rest[1:] if len(rest) > 2 else rest)
    org = False
    for c in core[1:] if len(core) > 1 else core:  # the last word, and every word after the first
        if c.rstrip(".").lower() in _ORG_WORDS:
            org = True
            break
    return _ParsedName(core, frozenset(titles), gender, org, hon, toks[-1] if toks else None)


@lru_cache(maxsize=4096)
def _name_length(full: str) -> int:
    """How many words of ``full`` are not honorifics (a person's name is asked again at
    each new naming of the same surname)."""
    return sum(1 for w in full.split() if w.rstrip(".").lower() not in HONORIFICS)


@lru_cache(maxsize=4096)
def _descriptor_titles(descriptor: str) -> frozenset[str]:
    """The title words of a description ("the harbour master": harbour, master), its
    hyphenated words whole ("father-of-two"), and an age it opens with as the noun a
    later sentence uses ("34": "34-year-old")."""
    low = descriptor.lower()
    words = {w for w in _WORD.findall(low) if w not in _TITLE_STOP}
    if "-" in low:
        words.update(_HYPHENATED_WORD.findall(low))
    age = _AGE_LEAD.match(low)
    if age:
        words.add(f"{age.group(1)}-year-old")
    words.update(ABBREVIATED_TITLES[w] for w in words & ABBREVIATED_TITLES.keys())
    return frozenset(words)


_HYPHENATED_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_AGE_LEAD = re.compile(r"\s*(\d{1,3})(?!\d)(?:-year-old)?\b")


class People:
    """People mentioned so far, to expand short names and resolve pronouns and titles."""

    def __init__(self) -> None:
        self.by_surname: dict[str, Person] = {}
        self._mentions = _PosIndex()
        self._seq = 0  # registration order: breaks ties between mentions at one position
        # title word -> mentions of the people who hold it (so "the operator said" with no
        # operator in the article costs nothing), made when first asked; person id -> its
        # (pos, seq, mention)
        self._by_title: dict[str, _PosIndex] = {}
        # person id -> (its mentions, the titles they are indexed under so far): one dict, so
        # one look-up per mention
        self._of_person: dict[int, tuple[list[tuple[int, int, _Mention]], set[str]]] = {}
        # title word -> the mention lists (in _of_person) of the people who hold it
        self._holders: dict[str, list[list[tuple[int, int, _Mention]]]] = {}
        self.paragraphs: list[int] = []  # where each body paragraph starts, sorted
        self.text = ""  # the article's text (positions are offsets into it)
        # (words, descriptor) -> the person they named and its by_surname key
        self._registered: dict[tuple[tuple[str, ...], str], tuple[Person, str]] = {}

    @property
    def mentions(self) -> list[_Mention]:
        """Every mention, sorted by position (ties in registration order)."""
        return list(self._mentions)

    def register(self, tokens: list[str], pos: int, descriptor: str = "", speech: bool = False) -> Person | None:
        """The person ``tokens`` name (new or known), mentioned at ``pos``."""
        words = tuple(tokens)
        key = (words, descriptor)
        known = self._registered.get(key)
        if known is not None:
            p, surname = known
            if self.by_surname.get(surname) is p:
                self.mention(p, pos, speech)  # the same words again: nothing new to learn
                return p
        got = self._register(words, pos, descriptor, speech)
        if got is not None:
            self._registered[key] = (got, got.surname.lower())
        return got

    def _register(self, tokens: Sequence[str], pos: int, descriptor: str, speech: bool) -> Person | None:
        parsed = _parse_name(tuple(tokens))  # (``register`` passes the tuple it made: no copy)
        core, org, hon = parsed.core, parsed.org, parsed.hon
        # a frozenset: copied only for a new person, who keeps (and grows) its own set
        titles = parsed.titles | _descriptor_titles(descriptor) if descriptor else parsed.titles
        if not core:
            last = parsed.last
            if last is None or last.lower().rstrip(".") not in self.by_surname:
                return None
            core = [last.rstrip(".")]  # "says Doctor": a surname that is also a title
            org = _clean_tok(core[-1]) in _ORG_WORDS
        gender = parsed.gender
        surname = core[-1]
        key = surname.lower()
        p = self.by_surname.get(key)
        if p is None:
            if len(core) == 1 and not titles and not org:
                # a lone capitalised word: a person only if we meet the full name later
                p = Person(surname, surname)
            elif len(core) == 1 and not org and titles & _HONORIFIC_SET and hon is not None:
                # the honorific is among the name's words ("Dr Doe"), not only in a description
                p = Person(f"{hon} {surname}", surname, gender, set(titles), org)
            else:
                p = Person(" ".join(core), surname, gender, set(titles), org)
            self.by_surname[key] = p
        else:
            if len(core) > _name_length(p.full):
                p.full = " ".join(core)
            if titles:
                p.titles |= titles
            p.gender = p.gender or gender
        self.mention(p, pos, speech)
        return p

    def mention(self, p: Person, pos: int, speech: bool = False, subject: bool = False,
                titled: bool = True) -> None:
        """Record that ``p`` is named at ``pos``; ``titled``: "the <title>" may refer back to it."""
        self._seq = seq = self._seq + 1
        entry = (pos, seq, _Mention(pos, p, speech, subject or speech, seq))
        # self._mentions.add, inlined: this runs for every naming in the article
        mentions = self._mentions
        k = pos // _PosIndex._CHUNK
        bucket = mentions._buckets.get(k)
        if bucket is None:
            mentions._buckets[k] = [entry]
            insort(mentions._keys, k)
        elif bucket[-1][0] <= pos:
            bucket.append(entry)  # mostly in order: no search (``seq`` is the newest: ties go last)
        else:
            insort(bucket, entry)  # seq is unique, so items are never compared
        if not titled:
            return
        own_indexed = self._of_person.get(id(p))
        if own_indexed is None:
            own_indexed = self._of_person[id(p)] = ([], set())
        own, indexed = own_indexed
        own.append(entry)
        if indexed and self._by_title:  # nobody asked for a title yet (the whole mentions pass): nothing to keep up
            by_title = self._by_title
            for w in indexed:
                index = by_title.get(w)
                if index is None:
                    continue  # nobody asked for this title yet: resolve_title builds it
                # index.add, inlined: a person with many titles pays this per mention
                bucket = index._buckets.get(k)
                if bucket is None:
                    bucket = index._buckets[k] = []
                    insort(index._keys, k)
                insort(bucket, entry)
        if len(indexed) != len(p.titles):  # ``indexed`` is a subset of the titles, which only grow
            self._index_titles(p.titles, own, indexed)

    def _index_titles(self, titles: set[str], own: list[tuple[int, int, _Mention]], indexed: set[str]) -> None:
        """Index a person's mentions ``own`` under the titles in ``titles`` not in ``indexed`` yet."""
        for w in titles:
            if w in indexed:
                continue
            # a title learnt now holds for the person's earlier mentions too (and this one)
            indexed.add(w)
            self._holders.setdefault(w, []).append(own)
            index = self._by_title.get(w)
            if index is not None:
                index.add_many(own)

    def _title_index(self, w: str) -> _PosIndex | None:
        """The mentions of everyone who holds title ``w``, built on the first question:
        most title words ("harbour", "café") are never asked for."""
        index = self._by_title.get(w)
        if index is None:
            holders = self._holders.get(w)
            if holders is None:
                return None
            index = self._by_title[w] = _PosIndex()
            index.add_many(entry for own in holders for entry in own)
        return index

    def expand(self, text: str, where: dict[str, list[int]] | None = None) -> None:
        """Give single-word people their full name from anywhere in the article.

        ``where``: the surnames' positions in ``text`` if the caller already has them.
        """
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
        if where is None:
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
        """The person a pronoun before ``pos`` stands for.

        "he"/"she": the last quote's speaker if nobody else was named since; else the
        nearest person named as a clause's subject, of the pronoun's gender (from the
        honorific, the first name, or earlier pronouns), within a few paragraphs;
        else the nearest such person at all. "they"/"it": an organisation that just
        spoke or was the subject ("the ministry ... they said in a statement").
        "we": nobody in particular.
        """
        pron = pron.lower()
        gender = PRONOUNS.get(pron, "")
        if pron == "we":
            return None
        if pron == "i":
            return recent
        if pron in ("they", "it"):
            return self._resolve_group(pos, recent)

        def fits(p: Person) -> bool:
            if p.org or p.unnamed:
                return False
            g = p.gender_guess()
            return not gender or not g or g == gender

        if recent is not None and fits(recent) and self._last_person_before(pos) is recent:
            return recent
        best = self._nearest_fitting(pos, gender, fits)
        if best is not None and not (best[2].subject or best[2].speech) and gender and \
                self._pronoun_before(best[2].pos, gender):
            # "During the trip, she was seen dining with Carla Mendes.": the paragraph's
            # subject is the pronoun, which goes on from someone named further back
            further = self._nearest_fitting(pos, gender, fits, skip=best[0][0])
            if further is not None and (further[2].subject or further[2].speech):
                best = further
        if best is not None:
            return best[1]
        return recent if recent is not None and fits(recent) else None

    def _pronoun_before(self, pos: int, gender: str) -> bool:
        """Is there a "he" ("m") or "she" ("f") in the paragraph of ``pos``, before it?"""
        k = bisect_right(self.paragraphs, pos) - 1
        if k < 0 or not self.text:
            return False
        word = _SHE if gender == "f" else _HE
        return word.search(self.text, self.paragraphs[k], pos) is not None

    def _nearest_fitting(self, pos: int, gender: str, fits: Callable[[Person], bool], skip: int | None = None
                         ) -> tuple[tuple[int, int, int], Person, _Mention] | None:
        """The mention a "he"/"she" at ``pos`` stands for: in the nearest paragraph with one
        that fits (not ``skip`` paragraphs back), a clause's subject, a gender the name
        tells, a person."""
        here = bisect_right(self.paragraphs, pos)
        best: tuple[tuple[int, int, int], Person, _Mention] | None = None
        # what the name alone adds to a mention's strength (None: the person does not fit),
        # per person: the same few people are most of the mentions looked at
        by_name: dict[int, int | None] = {}
        for k, m in enumerate(self.before(pos)):
            if pos - m.pos > _PRONOUN_REACH or k > 40:
                break
            # mentions come nearest first, so their paragraph is ever further back: once
            # one is chosen, a mention in a paragraph before its paragraph cannot win
            dist = here - bisect_right(self.paragraphs, m.pos)
            if best is not None and dist > best[0][0]:
                break
            if dist == skip:
                continue
            p = m.person
            if id(p) in by_name:
                named = by_name[id(p)]
            else:
                if not fits(p) or not (p.is_person() or len(p.full.split()) > 1):
                    named = None
                else:
                    named = 2 * bool(gender and (p.gender or p.first_name_gender()) == gender) + p.is_person()
                by_name[id(p)] = named
            if named is None:
                continue
            # nearest paragraph first; in it, a clause's subject, a gender the name tells, a person
            strength = 2 * (m.subject or m.speech) + named
            key = (dist, -strength, k)
            if best is None or key < best[0]:
                best = (key, p, m)
        return best

    def _resolve_group(self, pos: int, recent: Person | None) -> Person | None:
        def group_like(p: Person) -> bool:
            return not p.unnamed and (p.org or not p.is_person())

        if recent is not None and group_like(recent):
            return recent
        last = None  # the nearest mention within reach of someone not an organisation
        for m in self.before(pos):
            if pos - m.pos > _PRONOUN_REACH:
                break
            if (m.subject or m.speech) and group_like(m.person) and len(m.person.full.split()) > 1:
                return m.person
            if last is None and not m.person.org:
                last = m
        if last is not None and last.person is recent and recent is not None and recent.is_person() and \
                not recent.gender_guess() and self.text and \
                not _NEW_SENTENCE.search(_QUOTED.sub(" ", self.text[last.pos:pos])):
            # "“…,” Alex Lee said. “…,” they added.": no group in reach, the last speaker
            # has no gender the text tells, and no sentence of narration (a new subject:
            # "Residents disagreed.") stands between: "they" is that person
            return recent
        return None

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
            index = self._title_index(w)
            if index is None:
                continue
            for men in index.before(pos):
                key = (men.pos, men.seq)
                if best is None or key > best:
                    best, found = key, men.person
                break
        return found


