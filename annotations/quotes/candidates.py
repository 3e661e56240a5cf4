"""Step 2: the attribution candidates around a quote: the subject of a speech verb before or after it."""

from __future__ import annotations

import re
from functools import lru_cache

from .people import _name_run_at_end, _name_run_at_start, title_word
from .names import first_name_gender
from .vocab import _NOT_NAMES, _TOKEN, _VERB_RE, HONORIFICS, PARTICLES, _clean_tok, _is_cap

# (kind, tokens, descriptor): kind is "name", "pronoun" or "title"; the descriptor is an
# appositive that came with a name ("the minister", "54").
Subject = tuple[str, list[str], str]

# The parsers below are pure functions of their text, and the same text comes back
# often: the quote pass reads again the clauses the mentions pass read, and the text
# after a quote (", the vet said.") repeats. They are memoised per distinct string;
# their answers are shared, so callers never change them (the token lists included).
_memo = lru_cache(maxsize=4096)

_APPOSITIVE_MAX = 5
# compiled once here: these run for every speech verb and quote (re's own cache costs
# a look-up per call)
_UNNAMED_PHRASE = re.compile(
    r"\s*((?:the|a|an|one|another|some|two|three|several|many)\s+(?:[\w’'-]+\s+){0,3}[a-z][\w’'-]*)", re.I)
_UNNAMED_PLURAL = re.compile(r"\s*((?:[a-z][\w’'-]*\s+)?[a-z][\w’'-]*[a-z]s)")
_PRONOUN_START = re.compile(r"(he|she|they|it|i|we)(?![\w’'-])", re.I)
_TITLE_THEN_NAME = re.compile(r"(?:the|a|an|one|another)\s+((?:[\w’'-]+\s+){0,3}?[a-z][\w’'-]*)(?=,\s*[A-Z])")
_COMMA = re.compile(r",\s*")
_OF_ORG = re.compile(r"\s+(?:from|of|at|by)\s+(?:the\s+)?((?:[A-Z][\w’'&.-]*)(?:\s+[A-Z][\w’'&.-]*)*)")
_LOWER_LEAD = re.compile(r"(?:[a-z0-9][\w’'-]*\s+){1,4}(?=[A-Z])")
_OWNED_ROLE = re.compile(r"((?:[a-z0-9][\w’'-]*\s+){0,3}[a-z][\w’'-]*),?\s+(?=[A-Z])")
_FUNCTION_WORD = re.compile(r"(?:that|and|but|it|to|the|a|an|of|in|on|at|for)\b")
_APPOSITIVE_AFTER = re.compile(r",\s*([^,.]{1,80})")
_CLAUSE_STOP = re.compile(r"[.!?;:](?=\s|$)|[“‘\"«]")
# "Jane Doe had said", "he later told", "she also added": words between subject and verb
_AUX_TAIL = re.compile(r"(?:\s+(?:had|has|have|would|will|could|should|may|might|also|then|later|"
                       r"previously|once|again|earlier|simply|just|quickly|repeatedly|reportedly|was|were|is|are|been|"
                       r"has\s+since|had\s+earlier|(?-i:(?!(?:family|assembly|supply|monopoly|anomaly|rally|ally|daily|weekly|monthly|quarterly|"
                       r"reply|fly|belly|bully|jelly|lily|holly|melancholy)\b)[a-z]{2,}ly)|not\s+only|even|still|further|only|instead|now|too|first|"
                       r"once\s+again|then\s+again|last\s+week|on\s+\w+day))+$", re.I)
# every word of every _AUX_TAIL alternative, but for "-ly" adverbs and "Monday"
_AUX_WORDS = frozenset("had has have would will could should may might also then later previously once again "
                       "earlier simply just quickly repeatedly reportedly was were is are been since only even still "
                       "further instead now too first week not last on".split())


def _aux_tail_from(s: str) -> int:
    """Where in ``s`` (right-stripped) a match of _AUX_TAIL may start at the earliest, or
    -1 when none can. Each of its alternatives is whole words between spaces, so a match
    starts in the spaces before the first of the words that may be in one, read back from
    the end: the search starts there instead of at every place in the clause."""
    head = s
    while True:
        parts = head.rsplit(None, 1)
        if not parts:
            break
        word = parts[-1]  # may it be one word of an _AUX_TAIL alternative?
        if word.isascii():
            low = word.lower()
            if not (low in _AUX_WORDS or word.endswith("ly") or low.endswith("day")):
                break
        if len(parts) == 1:
            return 0  # every word may be: the spaces before the first one too
        head = parts[0]
    return len(head) if len(head) < len(s) else -1


_APPOSITIVE_START = re.compile(
    r"(?:of|from|at|for|in|on|with|who|which|whose|a|an|the|aged|and|formerly|now|until|\d)\b")


def _whole_name(seg: str) -> list[str] | None:
    """``seg`` is nothing but a name of two or more words ("Jane Doe"), else None."""
    if _ends_in_lower_word(seg):
        return None  # most clauses: no need to read them token by token
    got = _name_run_at_end(seg)
    if got is None or seg[:got[1]].strip() or len(got[0]) < 2:
        return None
    return got[0]


def _ends_in_lower_word(s: str) -> bool:
    """Does ``s`` end (spaces aside) in a word of plain lower-case letters ("the court")?
    Then its last name token is that word, so no name run ends it."""
    last = s.rsplit(None, 1)
    return bool(last) and last[-1].isascii() and last[-1].isalpha() and last[-1].islower()


def _unnamed(s: str) -> Subject | None:
    """A speaker the text does not name: "a spokesman", "one local commenter", "officers".

    Only a short noun phrase that is the whole clause before the verb (an article
    and up to three words, or one or two lower-case words ending in a plural).
    """
    m = _UNNAMED_PHRASE.fullmatch(s)
    if m:
        return "title", m.group(1).split()[1:], m.group(1)
    m = _UNNAMED_PLURAL.fullmatch(s)
    if m and m.group(1).split()[-1] not in _NOT_PLURAL:
        return "title", m.group(1).split(), m.group(1)
    return None


# words after which a speech verb's form is a noun ("thousands of replies", "her answers")
_BEFORE_A_NOUN = frozenset("of the a an in on at for with by from his her their its our my your many some no "
                           "these those".split())
# lower-case words ending in s that are not a plural subject ("this", "was", "his")
_NOT_PLURAL = {"this", "his", "its", "was", "has", "is", "as", "us", "yes", "thus", "always", "perhaps",
               "less", "unless", "nevertheless", "afterwards", "towards", "sometimes", "times", "does"}
# an appositive that describes ("CEO of Acme", "head of research at X") though it ends in capitals
_DESCRIPTION = re.compile(r"[\w’'.-]+(?:\s+[\w’'.-]+){0,3}\s+(?:of|at|for|with|from|in)\s")


_SUBJECT_REACH = 240
_PRONOUN_END = re.compile(r"(?<![\w’'-])(he|she|they|it|i|we)$", re.I)
# every character that _PRONOUN_END's last letter matches (case-insensitive "i" also
# matches the dotted and dotless i)
_PRONOUN_LAST = frozenset("eEyYtTiI\u0130\u0131")
_TITLE_END = re.compile(r"(?:^|[\s,;:(—–-])((?:the|a|an|one|another)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+)$", re.I)
# An organisation's name in capitals, with the small words inside it ("the University of
# Kent", "Marks and Spencer")
_ORG_NAME = r"(?:the\s+)?[A-Z][\w’'&.-]*(?:\s+(?:(?:of|for|and|on|in|&)\s+(?:the\s+)?)?[A-Z][\w’'&.-]*)*"
_TITLE_OF_END = re.compile(r"(?:^|[\s,;:(—–-])((?:the|a|an|one|another)\s+((?:[a-z][\w’'-]*\s+){1,3})"
                           r"(?:for|at|of|from|with)\s+" + _ORG_NAME + r")\s*$")


@_memo
def subject_before(s: str) -> Subject | None:
    """Parse the subject that ends ``s`` (text right before a speech verb).

    Returns (kind, tokens, descriptor): kind is "name", "pronoun" or "title" (for a
    title the descriptor is the whole noun phrase, "the chief").
    Handles "Jane Doe", "Jane Doe, 54," "Jane Doe, the minister," "he", "the chief",
    "Jane Doe, 72, who lives nearby," and "Jane Doe, CEO of Acme," (the name comes
    first: the appositive describes it).
    """
    if len(s) <= _SUBJECT_REACH:
        got = _plain_subject(s)
        if got is not None:
            return got
    if s.rstrip().endswith(")"):
        # "Sen. Jane Doe (D-Calif.) said", "Jane Doe (Labour, Eastmoor) said": a short
        # aside in brackets after the name (a party, a seat, "pictured") is not the subject
        k = s.rfind("(")
        if k > 0 and len(s) - k <= _ASIDE_MAX and ")" not in s[k:].rstrip()[:-1]:
            return subject_before(s[:k])
    return _subject_before(s)


_ASIDE_MAX = 60


# The commonest clauses before a speech verb, read in one match: a plain name ("Jane
# Doe", "Ms Doe") and a plain name with its appositives ("Jane Doe, 54, who runs a
# café,"). Plain: capitalised ASCII words one space apart, none a word that is not a
# name ("But", "The", "He"). For these the general parser's tests (a pronoun, "the
# chief", words such as "had" between subject and verb) cannot match, and its name run
# is these words: the answer is known without it. The quantifiers are possessive: a
# clause of another form fails where it leaves the form, instead of being read again
# with each word shortened.
_PLAIN_NAME = re.compile(r"\s*+([A-Z][a-z]++(?: [A-Z][a-z]++)*+)\s*+")
# The appositive is one piece ("54", "a vet at the clinic"), or pieces of which the last
# ends in a lower-case word, so cannot itself be a name (the parser would then read on).
_PLAIN_APPOSITIVE = re.compile(r"\s*+([A-Z][a-z]++(?: [A-Z][a-z]++)++),([^,]*[^,\s]|.*\s[a-z]+),\s*")


def _plain_subject(s: str) -> Subject | None:
    """subject_before's answer for a plain name, with or without appositives; None for
    any other clause (which the general parser reads)."""
    m = _PLAIN_NAME.fullmatch(s)
    if m:
        name = m.group(1)
        low = name.lower()
        # a last word such as "May" or "Will" may be read as "may" or "will" before the
        # verb; the other aux words are lower-case "-ly" adverbs and "on Monday" (after
        # "on", a not-name)
        if _NOT_NAMES.isdisjoint(low.split(" ")) and low[low.rfind(" ") + 1:] not in _AUX_WORDS:
            return "name", name.split(" "), ""
        return None
    m = _PLAIN_APPOSITIVE.fullmatch(s) if "," in s else None  # most clauses hold no comma
    if m:
        name = m.group(1)
        if _NOT_NAMES.isdisjoint(name.lower().split(" ")):
            return "name", name.split(" "), m.group(2).lstrip()
    return None


# An appositive piece that is only an abbreviation: the state or country closing a place
# ("in Washington, D.C.,", "from Portland, Ore.,"), never a name of its own.
_ABBREVIATION_ONLY = re.compile(r"(?:[A-Z]\.\s?){1,4}$|[A-Z][a-z]{1,4}\.$")


# "… at the Marlow Institute in Hanover, New Hampshire,": the piece after a place is the
# rest of the place (its state or country), not a name
_PLACE_END = re.compile(r"(?<![\w’'-])(?:in|near|outside)\s+(?:[A-Z][\w’'.-]*\s+){0,2}[A-Z][\w’'.-]*$")


# "Jane Doe of Kelso University", "Dr Jane Doe at the Bank of England": a person, then
# where they work, named in capitals. The capitalised run at the end is the organisation.
_NAME_OF_ORG = re.compile(r"((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'-]*)\s+(?:of|at|from)\s+" + _ORG_NAME)


def _name_of_org(seg: str) -> list[str] | None:
    """The person in ``seg`` when it is a name and where they work ("Jane Doe of Acme")."""
    m = _NAME_OF_ORG.fullmatch(seg)
    if m is None:
        return None
    words = m.group(1).split()
    first = _clean_tok(words[0])
    if first_name_gender(words[0]) is None and (first not in HONORIFICS or len(words) < 2):
        return None  # "University of Kent", "Head of Research at Acme": no person's name
    return words


def _in_place(core: str) -> bool:
    """Does the piece before ``core``'s last comma end in a place ("… in Hanover")?"""
    k = core.rfind(",")
    return _PLACE_END.search(core, max(0, k - 60), k) is not None


# "the National Commissioner for Water Safety": an office named in capitals, "for" or "of"
# and what it is for; the words after "for" are not a person's name
_OFFICE_END = re.compile(r"(?:^|[\s,;:(—–-])((?:the|The)\s+((?:[A-Z][\w’'-]*\s+){1,4})(?:for|of)\s+"
                         r"((?:[A-Z][\w’'&.-]*\s+){0,3}[A-Z][\w’'&.-]*))$")


def _office(s: str) -> Subject | None:
    # (anchored at the end: an office of at most nine words starts in the last 120 characters)
    m = _OFFICE_END.search(s, max(0, len(s) - 120))
    if m is None or any(first_name_gender(w) is not None or _clean_tok(w) in HONORIFICS
                        for w in m.group(3).split()):
        return None  # "the Secretary of State Jane Doe": a name follows the office
    return "title", [w.lower() for w in m.group(2).split()], m.group(1)


def title_phrase(phrase: str) -> Subject | None:
    """"the chief" (a noun phrase ending in lower case), or "the Prime Minister" (an
    office in capitals: its last word an office word, not an honorific's short form),
    read as a title; None for anything else ("the Acme Bank")."""
    words = phrase.split()
    if not _is_cap(words[-1]):
        return "title", words[1:], phrase
    if words[0].lower() == "the" and len(words[-1]) > 3 and title_word(words[-1]) and \
            all(_is_cap(w) for w in words[1:]):
        return "title", [w.lower() for w in words[1:]], phrase
    return None


def _subject_before(s: str) -> Subject | None:
    """subject_before for any clause."""
    if len(s) > _SUBJECT_REACH:
        # a subject and its appositives fit in this; a search anchored at the end would
        # otherwise try every start in a long clause
        cut = s.find(" ", len(s) - _SUBJECT_REACH)
        s = s[cut + 1:] if cut >= 0 else s[-_SUBJECT_REACH:]
    s = s.rstrip()
    if s and s.rsplit(None, 1)[-1] in _BEFORE_A_NOUN:
        return None  # "The video drew thousands of replies": the "verb" is a noun
    k = _aux_tail_from(s)
    if k >= 0:
        m = _AUX_TAIL.search(s, k)  # the one match there can be ends the clause
        if m:
            s = s[:m.start()]
    if not s:
        return None
    # The three searches below are anchored at the end of the clause, and the engine
    # would try each from every start: begin them where a match could start at the earliest.
    # a pronoun is at most four letters, and ends in a letter that matches e, y, t or i
    m = _PRONOUN_END.search(s, max(0, len(s) - 8)) if s[-1] in _PRONOUN_LAST else None
    if m:
        prev = s[:m.start()].rstrip().split()
        if not prev or not prev[-1][-1:].isalpha() or prev[-1].lower() in (
                "and", "but", "as", "so", "then", "now", "later", "before", "after", "when"):
            return "pronoun", [m.group(1).casefold()], ""
    # "the" and up to four words: the last five chunks between spaces, and the mark before
    parts = s.rsplit(None, 5)
    m = _TITLE_END.search(s, len(parts[0]) if len(parts) == 6 else 0)
    if m:
        title = title_phrase(m.group(1))
        if title is not None:
            return title
    # "the head of research at Acme": the clause ends in a capitalised word
    m = _TITLE_OF_END.search(s) if "A" <= parts[-1][:1] <= "Z" else None
    if m:
        return "title", m.group(2).split(), m.group(1)
    office = _office(s) if "A" <= parts[-1][:1] <= "Z" and ("for" in s or "of" in s) else None
    if office:
        return office
    descriptor = ""
    appositive = s.endswith(",")
    core = s.rstrip(",").rstrip()
    if appositive and "," in core:
        segs = core.split(",")
        for k, seg in enumerate(segs[:-1]):
            whole = _whole_name(seg)
            if whole and k and _PLACE_END.search(segs[k - 1]):
                continue  # "in Hanover, New Hampshire,": the rest of a place
            if whole and k == len(segs) - 2 or whole and not _whole_name(segs[-1]):
                return "name", whole, ",".join(segs[k + 1:]).strip()
    for _ in range(_APPOSITIVE_MAX + 1):
        seg = core[core.rfind(",") + 1:].lstrip()
        owned = _name_of_org(seg)
        if owned:
            return "name", owned, descriptor
        got = _name_run_at_end(core)
        # ", of the University of Kent," ends in capitals but is an appositive
        if got and not (appositive and (_APPOSITIVE_START.match(seg) or _ABBREVIATION_ONLY.match(seg) or
                                        ("," in core and (_DESCRIPTION.match(seg) or _in_place(core))))):
            return "name", got[0], descriptor
        if not appositive:
            return _unnamed(core)
        # an appositive: ", the Home Secretary," ", 54," ", who lives nearby,"
        k = core.rfind(",")
        if k < 0:
            return None
        descriptor = core[k + 1:] + " " + descriptor
        core = core[:k].rstrip()
    return None


# "one legal expert", "the former chief executive": a determiner and up to four words, the
# last in lower case, stopping before a word that starts what follows ("as", "who", "of")
_NOUN_PHRASE = re.compile(
    r"(?:the|a|an|one|another)\s+((?:(?!(?:as|who|which|that|in|at|of|from|for|with|on|to|and|but|after|"
    r"before|when|while|during|per)\b)[\w’'-]+\s+){0,3}?"
    r"(?!(?:as|who|which|that|in|at|of|from|for|with|on|to|and|but)\b)[a-z][\w’'-]*)"
    r"(?=[\s,.;:]|$)(?!\s+(?!(?:as|who|which|that|in|at|of|from|for|with|on|to|and|but|after|before|when|while|"
    r"during|per)\b)[a-z][\w’'-]*(?:[\s,.;:]|$))")


# A plain name run at the start ("Jane Doe, the vet"): capitalised ASCII words one space
# apart, then neither a letter, digit, dot, hyphen nor apostrophe that would make the last
# word a longer token, nor a space before another name word; at most a lower-case word
# that is not a particle ("Jane Doe on Monday"), which ends the run as well.
_PLAIN_RUN = re.compile(r"([A-Z][a-z]++(?: [A-Z][a-z]++)*+)(?:(?![\w’'.\s-])| ([a-z]++)(?![\w’'.-]))")


def _name_at_start(s: str) -> tuple[list[str], int] | None:
    """_name_run_at_start(s), read in one match when the run is plain."""
    if "A" <= s[:1] <= "Z":
        m = _PLAIN_RUN.match(s)
        if m and m.group(2) not in PARTICLES:
            name = m.group(1)
            words = name.split(" ")
            if words[0].lower() not in _NOT_NAMES:
                return words, m.end(1)
    return _name_run_at_start(s)


def _after_office_words(s: str) -> tuple[list[str], int] | None:
    """"Prime Minister Jane Doe", "Former President Jane Doe": a run whose first words are
    not names on their own ("Prime", "Former") before an office word; the name run from
    the office word on (the office stays in front, where it is a title)."""
    k = 0
    while True:
        m = _TOKEN.match(s, k)
        if m is None or not _is_cap(m.group()):
            return None
        low = _clean_tok(m.group())
        if title_word(m.group()) and k:
            break
        if low not in _NOT_NAMES or low in HONORIFICS or k > 30:
            return None
        k = m.end() + 1
    got = _name_run_at_start(s[k:])
    if got is None or len(got[0]) < 2:
        return None
    return got[0], k + got[1]


def subject_after(s: str) -> Subject | None:
    """The subject right after a verb in "said Jane Doe" / "said the chief" / "said he".

    Also "said the coach, Jo Kay" (the name after its title), "wrote 43-year-old Jo
    Kay" (a description in front), and "said a report from Acme Bank" (an unnamed
    source with its organisation: the whole phrase).
    """
    s = s.lstrip()
    m = _PRONOUN_START.match(s)
    if m:
        return "pronoun", [m.group(1).casefold()], ""
    m = _TITLE_THEN_NAME.match(s) or \
        _NOUN_PHRASE.match(s)
    if m and not _is_cap(m.group(1).split()[-1]):
        # "said the coach, Jo Kay": the name follows its title
        nm = _COMMA.match(s[m.end():])
        got = _name_run_at_start(s[m.end() + nm.end():]) if nm else None
        if got and len(got[0]) > 1:
            return "name", got[0], m.group(1)
        om = _OF_ORG.match(s[m.end():])
        if om:
            return "title", m.group(1).split(), s[:m.end() + om.end()].rstrip(" .,")
        return "title", m.group(1).split(), s[:m.end()]
    got = _name_at_start(s) or _after_office_words(s)
    if not got:
        dm = _LOWER_LEAD.match(s)
        if dm and not _FUNCTION_WORD.match(s):
            got2 = _name_run_at_start(s[dm.end():])
            if got2 and len(got2[0]) > 1:
                got = (got2[0], dm.end() + got2[1])
    if got and got[0][-1].endswith(("’s", "'s")):
        # "said Acme Council’s leader Jo Kay", "said Doe’s lawyer, Jo Kay": the owner and
        # the office, then the speaker
        rest = s[got[1]:].lstrip(" ")
        dm = _OWNED_ROLE.match(rest)
        if dm and not _FUNCTION_WORD.match(rest):
            got2 = _name_run_at_start(rest[dm.end():])
            if got2 and len(got2[0]) > 1:
                return "name", got2[0], " ".join(got[0]) + " " + dm.group(1)
    if got:
        rest = s[got[1]:]
        desc = ""
        dm = _APPOSITIVE_AFTER.match(rest)
        if dm:
            desc = dm.group(1)
        return "name", got[0], desc
    return None


_ABBR_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sgt|Capt|Col|Gen|Lt|Gov|Sen|Rep|Rev|Fr|Jr|Sr|"
                       r"Det|Insp|Supt|Cllr|Inc|Ltd|Co|Corp|No)|\b[A-Z])$")
_ABBR_LONGEST = 4  # letters in the longest abbreviation above: where a match may start


def _clause_end(s: str) -> int:
    """End of the clause that opens ``s``: a sentence end (not after "Dr."), or a new quote."""
    for m in _CLAUSE_STOP.finditer(s):
        # the text before the stop, read only as far back as an abbreviation reaches
        # (the search would try every place in it, and a slice copies it)
        if m.group() == "." and _ABBR_END.search(s, max(0, m.start() - _ABBR_LONGEST), m.start()):
            continue
        return m.start()
    return len(s)


_DASH_NAME = re.compile(r"\s*[—–]\s*")


def dash_attribution(after: str) -> tuple[Subject, int] | None:
    """A pull quote signed with a dash: "“…” — Jane Doe" (the name ends the paragraph)."""
    m = _DASH_NAME.match(after)
    if not m:
        return None
    rest = after[m.end():]
    got = _name_run_at_start(rest)
    if got and len(got[0]) > 1 and not rest[got[1]:].strip(" .,"):
        return ("name", got[0], ""), m.end()
    return None


DASHES = "—–"
# a sign-off: a dash, a name, and at most a short description ("– Jane Doe, Bergen")
SIGN_OFF_MAX = 100


def sign_off(paragraph: str) -> Subject | None:
    """The name a paragraph of its own signs the quote before it with: "– Jane Doe"."""
    if len(paragraph) > SIGN_OFF_MAX:
        return None
    m = _DASH_NAME.match(paragraph)
    if not m:
        return None
    rest = paragraph[m.end():].rstrip()
    got = _name_run_at_start(rest)
    if not got or len(got[0]) < 2:
        return None
    first = got[0][0]
    if first_name_gender(first) is None and _clean_tok(first) not in HONORIFICS:
        return None  # "– Ferry Timetable": a heading, not a person signing
    tail = rest[got[1]:].strip(" .")
    if tail and not tail.startswith(","):
        return None  # a sentence that starts with a name, not a signature
    return "name", got[0], tail.lstrip(", ")


@_memo
def post_attribution(after: str) -> tuple[Subject, int] | None:
    """Attribution right after a closing mark: ', X said', ', said X', ' X, the y, said'."""
    dash = dash_attribution(after)
    if dash:
        return dash
    s = after
    lead = len(s) - len(s.lstrip(" ,\u00a0"))
    s = s[lead:]
    clause = s[:_clause_end(s)]
    clause = clause[:200]
    am = _ACCORDING_AFTER.match(clause)
    if am:
        # "“…,” according to Jane Doe." / "according to the chief executive, Jane Doe."
        subj = subject_after(clause[am.end():])
        if subj and subj[0] in ("name", "title"):
            return subj, lead
    for vm in _VERB_RE.finditer(clause):
        before = clause[:vm.start()]
        if not before.strip():
            subj = subject_after(clause[vm.end():])
            if subj:
                return subj, lead + vm.start()
            continue
        subj = subject_before(before)
        if subj:
            return subj, lead + vm.start()
        break
    return None


_ACCORDING_AFTER = re.compile(r"according\s+to\s+")
_ACCORDING = re.compile(r"(?:^|[\s(,;—–-])[Aa]ccording\s+to\s+(.{1,120}),$")
# "Jane Doe said the plan had failed, warning:" / "… and added,": the verb before the
# quote has no subject of its own; the sentence's first speech verb has
_SHARED_SUBJECT = re.compile(r"(?:,\s*|\s+(?:and|but|before|then)\s+)(?:[a-z]+ly\s+)?"
                             r"(?:[a-z]+ing|added|warned|said|asked|told\s+[\w ]{1,30}|continued|concluded)\s*[:,]$")


_SHARED_LAST = ("ing", "added", "warned", "said", "asked", "continued", "concluded")


def _may_share_subject(sentence: str) -> bool:
    """Can _SHARED_SUBJECT match ``sentence``? It ends in a colon or comma after one of
    its verbs, or after "told" and a few words; its search tries every place otherwise."""
    body = sentence[:-1] if sentence.endswith("\n") else sentence  # "$" matches before it
    if body[-1:] not in (":", ","):
        return False
    body = body[:-1].rstrip()
    return body.endswith(_SHARED_LAST) or "told" in body


def according_to(clause: str) -> Subject | None:
    """'According to his aunt, Jane Doe,' / 'according to Jane Doe,' before a quote."""
    if "ccording" not in clause:
        return None  # the search would try every place in the clause
    m = _ACCORDING.search(clause)
    if not m:
        return None
    got = _name_run_at_end(m.group(1).rstrip(","))
    if got:
        return "name", got[0], m.group(1)[:got[1]].strip(" ,")
    return None


def sentence_subject(sentence: str) -> tuple[Subject, int] | None:
    """The name-subject of the first speech verb of ``sentence``, when a later verb shares it."""
    if not _may_share_subject(sentence) or not _SHARED_SUBJECT.search(sentence):
        return None
    vm = _VERB_RE.search(sentence)
    if vm is None:
        return None
    subj = subject_before(sentence[:vm.start()])
    if subj and subj[0] in ("name", "pronoun"):
        return subj, vm.start()
    return None


@_memo
def pre_attribution(before: str) -> tuple[Subject, int] | None:
    """Attribution before an opening mark: 'X said:' 'X told the court:' 'X added,'."""
    s = before.rstrip()
    if not s or s[-1] not in ":,":
        return None
    # the clause that leads into the quote: back to the last sentence end
    sent_cut = max(s.rfind(". "), s.rfind("? "), s.rfind("! "))
    cut = max(sent_cut, s.rfind("” "), s.rfind('" '))
    clause = s[cut + 2:] if cut >= 0 else s
    acc = according_to(clause)
    if acc:
        return acc, (cut + 2 if cut >= 0 else 0)
    if s.endswith(":"):
        # "Jane Doe: “…”" - a name and a colon, as in headlines and transcripts
        whole = _whole_name(clause[:-1].strip())
        if whole:
            return ("name", whole, ""), (cut + 2 if cut >= 0 else 0)
    matches = list(_VERB_RE.finditer(clause))
    for vm in reversed(matches):
        between = clause[vm.end():]
        if len(between.split()) > 10:
            continue
        subj = subject_before(clause[:vm.start()])
        if subj is None and not clause[:vm.start()].strip():
            continue
        if subj is None:
            after = subject_after(clause[vm.end():])
            if after and after[0] == "name":
                subj = after
        if subj:
            return subj, (cut + 2 if cut >= 0 else 0) + vm.start()
    # only now: a verb near the quote with its own subject wins over it
    shared = sentence_subject(s[sent_cut + 2:] if sent_cut >= 0 else s)
    if shared:
        return shared[0], (sent_cut + 2 if sent_cut >= 0 else 0) + shared[1]
    return None




def attribution(before: str, after: str, closed: bool) -> tuple[Subject, int] | None:
    """Step 2 for one quote: the attribution it takes, from the text either side of it."""
    return choose_attribution(before, post_attribution(after) if closed else None, pre_attribution(before))


def choose_attribution(before: str, post: tuple[Subject, int] | None,
                       pre: tuple[Subject, int] | None) -> tuple[Subject, int] | None:
    """After the quote ("…,” X said) wins unless the text before ends with a colon that
    introduces it (X said: “…”), or there is nothing after."""
    if post and pre is None:
        return post
    if pre and (before.rstrip().endswith(":") or post is None):
        return pre
    return post or pre
