"""Words the quote rules know: speech verbs, honorifics, name particles, non-names."""

from __future__ import annotations

import re
from typing import Iterator

_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "put": ("put", "puts"),  # "put it" only, see _VERB_RE
    "go": ("went on", "goes on"),
    "think": ("thinks", "thought"),
}
_REGULAR = (
    "assure", "reassure", "describe", "add", "warn", "explain", "reply", "ask", "insist", "argue", "claim", "continue",
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


def _trie_alternation(words: set[str]) -> str:
    """``words`` as one regex alternation factored by common prefixes ("sa(?:id|ys|y)").

    The regex engine tries a flat alternation's branches one by one at every position;
    factored, it reads a letter once per level. A space in a word matches any run of
    whitespace. Every word here must be followed by a non-word character (see _VERB_RE),
    so at most one word matches at a place and the branches' order does not matter.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = []
        for ch in sorted(node, key=lambda c: (c == "", c)):
            if ch == "":
                continue
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if "" in node:
            branches.append("")  # the word may end here
        if not branches:
            return ""
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(trie)


_VERB_ALT = _trie_alternation(_VERB_FORMS)
_VERB_RE = re.compile(r"(?<![\w’'-])(?:" + _PHRASAL["point"] + "|" + _PHRASAL["put"] + "|" + _VERB_ALT + r")(?![\w’'-])")
# A speech verb with the one character before it, for speech_verbs. Starting
# with a class of characters, the engine skips in C to the places where a word may
# start (a fifth of the text) instead of trying _VERB_RE's lookbehind at every one: the
# class is exact in ASCII (not a word character, "'" or "-"); any other character
# passes, and speech_verbs checks it. (Written as a negated ASCII class: the same set
# as a class up to U+10FFFF, which took 9 ms to compile.)
_VERB_AFTER_GAP = re.compile(r"[^0-9A-Za-z_'\-](?:" + _PHRASAL["point"] + "|" + _PHRASAL["put"] + "|" + _VERB_ALT
                             + r")(?![\w’'-])")


def speech_verbs(t: str) -> Iterator[tuple[int, int]]:
    """The spans of _VERB_RE.finditer(t), found faster."""
    pos = 0
    m = _VERB_RE.match(t)  # a verb that opens the text has nothing before it
    if m:
        yield m.span()
        pos = m.end()
    for m in _VERB_AFTER_GAP.finditer(t, pos):
        g = m.start()
        c = t[g]
        if c > "\x7f" and (c.isalnum() or c == "’"):
            # a letter (or ’) outside ASCII: not a word's start. Rare: the exact pattern
            # reads on from there (its lookbehind sees the text before ``pos``).
            for m2 in _VERB_RE.finditer(t, g + 1):
                yield m2.span()
            return
        yield g + 1, m.end()


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
# An honorific's short form, and the noun a later sentence calls its holder by
ABBREVIATED_TITLES = {
    "sen": "senator", "rep": "representative", "gov": "governor", "det": "detective",
    "supt": "superintendent", "prof": "professor", "cllr": "councillor", "capt": "captain",
    "insp": "inspector", "sgt": "sergeant", "lt": "lieutenant", "col": "colonel", "gen": "general",
    "maj": "major", "cmdr": "commander", "dr": "doctor", "rev": "reverend", "fr": "father",
}

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
# Common words ending like an agent noun ("-er", "-or": singer, actor) that never name a
# person: a description ending in one ("the letter Jane Doe wrote") gives her no title.
_NOT_AGENTS = frozenset("""
    after another border center centre chapter computer corner cover door either error ever factor floor
    former further however later latter letter matter monitor neither never newspaper number order other
    over paper power poster quarter rather register sector together trailer under water whether
""".split())

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


