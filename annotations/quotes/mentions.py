"""Step 2 (for the whole article): the people named in the body, with where each is named.

Speech-verb subjects, people named with an honorific, "according to X", and people
given an age or a role ("Jane Doe, 54,"). Later steps resolve pronouns, titles and
short names against these mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from ..document import Document
from .candidates import subject_after, subject_before
from .people import (_HONORIFIC_HINT, People, Person, _name_run_at_end, _name_run_at_start, _surname_positions,
                     ends_sentence, opens_clause, person_noun, title_word)
from .names import first_name_gender
from .vocab import (_NOT_NAMES, _ORG_WORDS, _PRONOUN_GENDER, HONORIFICS, _TOKEN, _clean_tok, _is_cap,
                    speech_verbs)


def collect_mentions(doc: Document, people: People, bodies: list[int], names_text: str,
                     names_start: int = 0, records: Iterable[MentionRecords] | None = None) -> None:
    """People named in the body: speech-verb subjects, honorific names, named ages and roles.

    ``names_text`` is where short names look for their full form (the whole article, or
    the stretch around a range of blocks). ``records``: what ``extract_mentions`` finds
    in these paragraphs, in parts in order, if another process reads them meanwhile.
    """
    content_start = doc.table.content_start
    people.paragraphs = [content_start[i] for i in bodies]
    people.text = doc.text
    register = people.register
    for part in [extract_mentions(doc, bodies)] if records is None else records:
        for tokens, pos, descriptor, speech in part.found:
            register(tokens, pos, descriptor, speech)
        if part.failed is not None:
            raise part.failed  # as it was raised reading the paragraph: nothing after it counts
    # one pass over the words finds every surname, for full names and for later namings
    where = _surname_positions(names_text, {p.surname for p in people.by_surname.values() if not p.org})
    people.expand(names_text, where)
    _occurrences(doc, people, bodies, where, names_start)
    _gender_hints(doc, people)


# (tokens, position, descriptor, speech): the arguments of one People.register call
Naming = tuple[list[str], int, str, bool]


@dataclass
class MentionRecords:
    """Every naming the body's paragraphs hold, in the order the rules find them.

    Reading a paragraph for names needs nothing but the paragraph, so this can be done
    apart (in another process) from building the people, which must go in order."""
    found: list[Naming] = field(default_factory=list)
    failed: Exception | None = None  # a rule's bug: the namings after it are not read

    def register(self, tokens: list[str], pos: int, descriptor: str = "", speech: bool = False) -> None:
        self.found.append((tokens, pos, descriptor, speech))


def extract_mentions(doc: Document, bodies: list[int]) -> MentionRecords:
    """The namings of each body paragraph in ``bodies`` (step 2's reading, without people)."""
    records = MentionRecords()
    text = doc.text
    starts, ends = doc.table.content_start, doc.table.content_end
    try:
        for i in bodies:
            base = starts[i]
            t = text[base:ends[i]]
            _speech_subjects(t, base, records)
            _according_to(t, base, records)
            _honorific_names(t, base, records)
            _described_names(t, base, records)
            _titled_names(t, base, records)
            _first_named(t, base, records)
    except Exception as err:  # noqa: BLE001 - the caller's guard decides
        records.failed = err
    return records


class _Registers(Protocol):
    def register(self, tokens: list[str], pos: int, descriptor: str = "", speech: bool = False) -> object: ...


def _speech_subjects(t: str, base: int, people: _Registers) -> None:
    """"Jane Doe said …", "…, said shelter manager Jo Kay.": the subjects of speech verbs."""
    for start, end in speech_verbs(t):
        lead = t[max(0, start - 300):start]
        cut = max(lead.rfind(". "), lead.rfind("“"), lead.rfind("‘ "), lead.rfind('"'), lead.rfind("”"))
        clause = lead[cut + 1:] if cut >= 0 else lead
        subj = subject_before(clause)
        if subj and subj[0] == "name":
            people.register(subj[1], base + start, subj[2], speech=True)
        elif not clause.strip() or clause.rstrip().endswith(","):
            subj = subject_after(t[end:end + 300])
            if subj and subj[0] == "name":
                people.register(subj[1], base + start, subj[2], speech=True)


# "according to" or "by" starting a word. Written to start with the class of their first
# letters (then a look back at what stands before), so that the engine skips in C to a
# place where one may start instead of trying the lookbehind at every position.
_ACCORDING_BY = re.compile(r"[ab](?<![\w-][ab])(?:(?<=a)ccording to|(?<=b)y)\s+")
_APPOSITIVE = re.compile(r",\s*([^,.]{1,80})")
_AGE_OR_ROLE = re.compile(r",\s*(?:\d{1,3}|a|an|the|who|whose)\b")
# "…, the 60-year-old farmer had been ill": the noun phrase is the subject of a new clause,
# not a description of the name before the comma
_NEW_CLAUSE = re.compile(r"(?:the|a|an|one)\s+(?:[\w’'-]+\s+){0,3}?(?:had|has|have|was|were|is|are|will|would|"
                         r"could|can|did|does|do|said|says)\b", re.I)


def _appositive(t: str, pos: int) -> str:
    """The description after the comma at ``pos`` ("Jane Doe, a nurse,"), or ""."""
    m = _APPOSITIVE.match(t, pos)
    if m is None:
        return ""
    desc = m.group(1)
    if _NEW_CLAUSE.match(desc):
        return ""
    if desc.isdigit():
        # "Jane Doe, 52, a former engineer,": the age, then what she is ("the engineer said")
        return f"{desc} {_appositive(t, m.end())}".rstrip()
    return desc


def _according_to(t: str, base: int, people: _Registers) -> None:
    """"according to Jane Doe, a nurse," / "by Jane Doe": a named source."""
    for m in _ACCORDING_BY.finditer(t):
        got = _name_run_at_start(t[m.end():m.end() + 120])
        if got and len(got[0]) > 1:
            people.register(got[0], base + m.end(), _appositive(t, m.end() + got[1]))


def _honorific_names(t: str, base: int, people: _Registers) -> None:
    """"Mrs Jane Doe", "Dr Doe": an honorific that tells a person (and often a gender)."""
    # the hint finds every place a naming honorific may start a token (and a few more):
    # read the token there instead of every token of the paragraph
    for h in _HONORIFIC_HINT.finditer(t):
        k = h.start()
        if k and (t[k - 1].isalnum() or t[k - 1] in "_’'-."):
            continue  # inside a longer token
        m = _TOKEN.match(t, k)
        if m is None:
            continue
        tok = m.group()
        low = _clean_tok(tok)
        if _is_cap(tok) and (low in HONORIFICS and HONORIFICS[low] != "" or
                             low in ("dr", "prof", "professor", "cllr", "judge")):
            got = _name_run_at_start(t[k:k + 120])
            if got and len(got[0]) > 1:
                people.register(got[0], base + k)


def _described_names(t: str, base: int, people: _Registers) -> None:
    """"Jane Doe, 54," / "Jane Doe, a nurse,": a named person with an age or a role."""
    for m in _AGE_OR_ROLE.finditer(t):
        got = _name_run_at_end(t[max(0, m.start() - 80):m.start()])
        if got and len(got[0]) > 1:
            people.register(got[0], base + m.start() - 1, _appositive(t, m.start()))


# ", Jane Doe": a comma, then a capital. The description it may close is read backwards
# from the comma ("the mayor, Jane Doe,"), which is rarer than every "the" in the text.
_COMMA_CAPITAL = re.compile(r",(?<=[a-z],)[ \u00a0]+(?=[A-Z])")  # (the comma first: the engine skips to it in C)
# "the", "its", "his", "her", "their" as a word. (The first letter's class first, then
# the look back: the engine skips in C to a "t", "h" or "i" instead of trying the look
# back at every place in the window.)
_DETERMINER = r"[TtHhIi](?<![\w’'-][TtHhIi])(?:(?<=[Tt])he(?:ir)?|(?<=[Ii])ts|(?<=[Hh])is|(?<=[Hh])er)"
_DESCRIPTION_END = re.compile(_DETERMINER + r"\s+((?:[a-z0-9][\w’'-]*\s+){0,3}[a-z][\w’'-]*)\Z")


def _titled_names(t: str, base: int, people: _Registers) -> None:
    """"the mayor, Jane Doe," / "its founder, Jane Doe.": a description, then the name it
    describes, so that "the mayor said" later finds her."""
    for m in _COMMA_CAPITAL.finditer(t):
        d = _DESCRIPTION_END.search(t, max(0, m.start() - 60), m.start())
        if d is None:
            continue
        got = _name_run_at_start(t[m.end():m.end() + 120])
        if got is None or len(got[0]) < 2:
            continue
        after = t[m.end() + got[1]:m.end() + got[1] + 1]
        if after in ("", ",", ".", ";"):  # the name closes the appositive: not the subject of "…, Jane Doe won"
            people.register(got[0], base + m.end(), d.group(1))


# "the singer ", "her 52-year-old brother " right before a name
_DESCRIPTION_BEFORE = re.compile(_DETERMINER + r"\s+((?:[a-z0-9][\w’'-]*\s+){0,2}([a-z][\w’'-]*))\s+\Z")


def _person_noun_before(t: str, k: int) -> str:
    """The word before position ``k`` (after one space) if it is a person noun, else "".
    (Most names follow a full stop or a verb: this spares them the search for a description.)"""
    if k < 2 or not t[k - 2].islower():
        return ""
    word = t[t.rfind(" ", 0, k - 1) + 1:k - 1]
    return word if person_noun(word) else ""


_SENTENCE_STOP = re.compile(r"[.!?](?=\s)|[“”\"‘]")
# A pronoun that tells a gender, as a whole word. The first letter's class comes first,
# then the look back at what stands before it, then the rest of the word after that
# letter: the engine skips in C to an "h" or "s" instead of trying the lookbehind at
# every position ((?<![\w’'-])(he|his|…|herself)(?![\w’'-]) read the same, 2.4 times slower).
_GENDERED = re.compile(r"([hs](?<![\w’'-][hs])(?:(?<=h)(?:e|is|im|imself|er|ers|erself)|(?<=s)he))(?![\w’'-])",
                       re.I)


def _gender_hints(doc: Document, people: People) -> None:
    """A weak hint of gender: a pronoun after a mention in the same sentence. It may be
    about someone else, so it only tempers the first name; a person's first eight mentions
    as a clause's subject are enough to look at."""
    text = doc.text
    tried: dict[int, int] = {}
    for men in people.mentions:
        p = men.person
        if not men.subject or p.gender or p.pron_gender or p.org or tried.get(id(p), 0) >= 8:
            continue  # a pronoun after the sentence's subject is most likely about it
        tried[id(p)] = tried.get(id(p), 0) + 1
        end = doc.table.content_end[doc.block_at(men.pos)]
        tail = text[men.pos:min(end, men.pos + 400)]
        stop = _SENTENCE_STOP.search(tail)
        pm = _GENDERED.search(tail, 0, stop.start() if stop else len(tail))
        if pm:
            p.pron_gender = _PRONOUN_GENDER[pm.group(1).casefold()]


def _occurrences(doc: Document, people: People, bodies: list[int], where: dict[str, list[int]],
                 where_start: int) -> None:
    """Every later naming of a known person ("Doe said…", "emailed Doe"), marked as a
    clause's subject or not, so a pronoun finds who the text was just about.
    ``where``: each surname's positions, counted from ``where_start``."""
    text = doc.text
    table = doc.table
    starts = [table.content_start[i] for i in bodies]
    ends = [table.content_end[i] for i in bodies]
    for p in people.by_surname.values():
        if p.unnamed or p.org or " " not in p.full:
            continue
        sur = p.surname
        for k in where.get(sur, ()):
            pos = where_start + k
            j = bisect_right(starts, pos) - 1
            if j < 0 or pos + len(sur) > ends[j]:
                continue  # not in the body
            people.mention(p, pos, subject=opens_clause(text, pos, pos + len(sur), starts[j], ends[j]),
                           titled=False)


# the capital first, then the look back at what stands before it: the engine skips in C
# to the next capital instead of trying the lookbehind at every position
_CAPITAL_RUN = re.compile(r"[A-Z](?<![\w’'-][A-Z])[\w’'-]*\.?(?:[ \u00a0]+(?:[A-Z][\w’'-]*\.?|(?:de|van|von|der|da|di|du|al|la|le|del|bin|ibn)(?=[ \u00a0]+[A-Z])))+")


def _first_named(t: str, base: int, people: _Registers) -> None:
    """Names that start with a known first name ("… Prime Minister Jane Doe …"): people,
    whatever the sentence does with them."""
    for m in _CAPITAL_RUN.finditer(t):
        run = m.group()
        if "." in run:  # (most runs hold none: no token to look at)
            # "… on Sunday. Harriet Vole …": each sentence's part of the run is a run of its own
            for at, piece in _sentence_pieces(run):
                _named_in_run(t, base, people, m.start() + at, piece)
        else:
            _named_in_run(t, base, people, m.start(), run)


_RUN_TOKEN = re.compile(r"[^ \u00a0]+")


def _sentence_pieces(run: str) -> list[tuple[int, str]]:
    """A capitalised run cut after each token that ends a sentence: (offset, text) each."""
    pieces = []
    start: int | None = 0
    for tm in _RUN_TOKEN.finditer(run):
        if start is None:
            start = tm.start()
        if ends_sentence(tm.group()):
            pieces.append((start, run[start:tm.end()]))
            start = None
    if start is not None:
        pieces.append((start, run[start:]))
    return pieces


def _named_in_run(t: str, base: int, people: _Registers, at: int, run: str) -> None:
    """_first_named for one run (or one sentence's part of it) that starts at ``at``."""
    toks = run.split()
    for k in range(len(toks) - 1):
        tok = toks[k]
        if tok.lower() in _NOT_NAMES or not tok[:1].isupper():
            continue
        if first_name_gender(tok) is not None:
            name = toks[k:k + 4]  # a first name, at most two middle words, a surname
            if tok in name[1:]:
                name = name[:name.index(tok, 1)]  # "Jane Doe Jane Doe …": a name said twice
            if len(name) > 1:
                # "Mayor Jane Doe": the office in front is what "the mayor" later refers back to
                j = k
                while j and title_word(toks[j - 1]):
                    j -= 1
                described = " ".join(toks[j:k]).lower()
                noun = _person_noun_before(t, at) if not j else ""
                if noun:
                    # "the singer Jane Doe", "council leader Jane Doe": a description in
                    # lower case in front of the run (with its article, up to three words)
                    d = _DESCRIPTION_BEFORE.search(t, max(0, at - 60), at)
                    described = f"{d.group(1) if d is not None else noun} {described}".rstrip()
                people.register(name, base + at + run.index(tok), described)
            return
    # a first name the list does not know: a two- or three-word name that is a clause's
    # subject ("Lorcan Dey chaired …") is taken for a person too
    if 2 <= len(toks) <= 3 and all(w.lower() not in _NOT_NAMES and w.lower() not in _ORG_WORDS
                                   and not w.endswith(".") for w in toks) \
            and opens_clause(t, at, at + len(" ".join(toks))):
        people.register(toks, base + at)
