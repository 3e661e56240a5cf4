"""The attribution parsers' short cuts (candidates.py) answer exactly as the plain forms
they replace. The plain forms are kept here as the reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.quotes import candidates as C
from annotations.quotes.people import _name_run_at_end


def _reference_subject_before(s: str) -> C.Subject | None:
    """subject_before as first written: no plain-name short cut, the aux tail searched
    from every start of the clause."""
    if s.rstrip().endswith(")"):
        k = s.rfind("(")
        if k > 0 and len(s) - k <= C._ASIDE_MAX and ")" not in s[k:].rstrip()[:-1]:
            return _reference_subject_before(s[:k])
    if len(s) > C._SUBJECT_REACH:
        cut = s.find(" ", len(s) - C._SUBJECT_REACH)
        s = s[cut + 1:] if cut >= 0 else s[-C._SUBJECT_REACH:]
    s = s.rstrip()
    if s and s.split()[-1] in C._BEFORE_A_NOUN:
        return None
    s = C._AUX_TAIL.sub("", s)
    if not s:
        return None
    m = C._PRONOUN_END.search(s)
    if m:
        prev = s[:m.start()].rstrip().split()
        if not prev or not prev[-1][-1:].isalpha() or prev[-1].lower() in (
                "and", "but", "as", "so", "then", "now", "later", "before", "after", "when"):
            return "pronoun", [m.group(1).casefold()], ""
    m = C._TITLE_END.search(s)
    if m and C.title_phrase(m.group(1)) is not None:
        return C.title_phrase(m.group(1))
    m = C._TITLE_OF_END.search(s) if "A" <= s.split()[-1][:1] <= "Z" else None
    if m:
        return "title", m.group(2).split(), m.group(1)
    office = C._office(s) if "A" <= s.split()[-1][:1] <= "Z" else None
    if office:
        return office
    descriptor = ""
    appositive = s.endswith(",")
    core = s.rstrip(",").rstrip()
    if appositive and "," in core:
        segs = core.split(",")
        for k, seg in enumerate(segs[:-1]):
            whole = C._whole_name(seg)
            if whole and k and C._PLACE_END.search(segs[k - 1]):
                continue  # "in Hanover, New Hampshire,": the rest of a place
            if whole and k == len(segs) - 2 or whole and not C._whole_name(segs[-1]):
                return "name", whole, ",".join(segs[k + 1:]).strip()
    for _ in range(C._APPOSITIVE_MAX + 1):
        seg = core[core.rfind(",") + 1:].lstrip()
        if C._name_of_org(seg):
            return "name", C._name_of_org(seg), descriptor
        got = _name_run_at_end(core)
        if got and not (appositive and (C._APPOSITIVE_START.match(seg) or C._ABBREVIATION_ONLY.match(seg) or
                                        ("," in core and (C._DESCRIPTION.match(seg) or C._in_place(core))))):
            return "name", got[0], descriptor
        if not appositive:
            return C._unnamed(core)
        k = core.rfind(",")
        if k < 0:
            return None
        descriptor = core[k + 1:] + " " + descriptor
        core = core[:k].rstrip()
    return None


# Names, titles, pronouns, speech and aux words, appositives, and the characters that
# case-insensitive matching folds onto ASCII letters (ſ, İ, ı, K).
_PIECES = [
    "Jane", "Doe", "Ms", "Dr", "Jo", "Kay", "O'Neil", "Jo-Ann", "van", "Berg", "Kelly", "May", "Will", "Then",
    "But", "The", "He", "he", "she", "they", "It", "I", "we", "the", "a", "an", "one", "another", "vet", "chief",
    "spokesman", "officers", "head", "of", "at", "Acme", "Bank", "who", "lives", "nearby", "54", "said", "told",
    "had", "has", "since", "also", "later", "not", "only", "last", "week", "on", "Monday", "quickly", "family",
    "ſince", "İs", "ıt", "café", "Ren\u00e9e", "CEO", "and", ",", ":", ".", "“", "(", "—", "-", "N.H.", "D. C.",
    "replies", "in", "Hanover", "Maine", "for", "Commissioner", "Water", "Safety",
]
_GLUE = [" ", " ", " ", "", ", ", ",", "  ", "\u00a0", "\t", "\n"]


@st.composite
def _clauses(draw: st.DrawFn) -> str:
    n = draw(st.integers(0, 10))
    out = [draw(st.sampled_from(["", " ", "\n"]))]
    for _ in range(n):
        out.append(draw(st.sampled_from(_PIECES)))
        out.append(draw(st.sampled_from(_GLUE)))
    return "".join(out)


@settings(max_examples=2000, deadline=None)
@given(_clauses())
def test_subject_before_answers_as_the_plain_parser(s: str) -> None:
    assert C.subject_before.__wrapped__(s) == _reference_subject_before(s), s


def test_subject_before_short_cut_on_the_common_shapes() -> None:
    for s in ["Jane Doe ", " Ms Doe", "Jane Doe, 54, ", "Dr Doe, a vet at the Acme clinic, ",
              "Jane Doe, 54, who runs a café by the slipway, ", "Jane Doe, John Smith, ", "Theresa May ",
              "Jane Kelly ", "But Doe ", "Jane  Doe ", "Jane Doe, 54, Jo Kay, ", "Jane Doe had ", "Doe, 54, ",
              "Jane Doe,\n54, who,\nlives nearby, ", " " * 300 + "Jane Doe", "x" * 250 + " Jane Doe"]:
        assert C.subject_before.__wrapped__(s) == _reference_subject_before(s), s
    assert C._plain_subject("Jane Doe, 54, who lives nearby, ") == ("name", ["Jane", "Doe"], "54, who lives nearby")
    assert C._plain_subject("Theresa May ") is None  # "may" may be an aux word: the parser decides


@settings(max_examples=2000, deadline=None)
@given(_clauses())
def test_aux_tail_search_starts_where_the_match_would(s: str) -> None:
    s = s.rstrip()
    k = C._aux_tail_from(s)
    plain = C._AUX_TAIL.sub("", s)
    if k < 0:
        assert plain == s, s
    else:
        m = C._AUX_TAIL.search(s, k)
        assert (s[:m.start()] if m else s) == plain, s


_SHARED_PIECES = _PIECES + ["Prof", "Capt", "Mrs", "Corp", "St", "B", "x", ". ", ".", "told", "reporters", "added", "warned", "asking", "then", "quickly", ":", ",", " ",
                            "\n", "  "]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SHARED_PIECES + _GLUE), max_size=16).map("".join))
def test_prefilters_refuse_only_what_cannot_match(s: str) -> None:
    from annotations.quotes.people import _name_run_at_start

    for t in (s, s.rstrip(), s + ":", s + ",\n"):
        if not C._may_share_subject(t):
            assert C._SHARED_SUBJECT.search(t) is None, t
        if C._ends_in_lower_word(t):
            assert _name_run_at_end(t) is None, t
        assert C._name_at_start(t) == _name_run_at_start(t), t
        assert C._name_at_start(t.lstrip()) == _name_run_at_start(t.lstrip()), t
        stop = [m.start() for m in C._CLAUSE_STOP.finditer(t)
                if not (m.group() == "." and C._ABBR_END.search(t[:m.start()]))]
        assert C._clause_end(t) == (stop[0] if stop else len(t)), t


def test_prefilters_on_written_clauses() -> None:
    from annotations.quotes.people import _name_run_at_start

    assert C._may_share_subject("Jane Doe said the plan had failed, warning:")
    assert C._may_share_subject("Jane Doe told reporters,\n")
    assert not C._may_share_subject("Jane Doe said the plan had failed")
    assert C._ends_in_lower_word("Jane Doe told the court ") and not C._ends_in_lower_word("Jane Doe")
    for s in ["Jane Doe, the vet", "Jane Doe on Monday", "Jo van Berg said", "Jane Doe’s", "Jane Doe.", "Jane  Doe",
              "Jane Doe-Kay", "But Doe said", "Jane Doe\u00a0Kay", "Jane", "Jane Doe de la Cruz"]:
        assert C._name_at_start(s) == _name_run_at_start(s), s
    assert C._clause_end("said Dr. Doe. Then") == len("said Dr. Doe")


def _reference_pre_attribution(before: str) -> tuple[C.Subject, int] | None:
    """pre_attribution as first written: every test asked of every clause, in this order."""
    import re

    s = before.rstrip()
    if not s or s[-1] not in ":,":
        return None
    cut = max(s.rfind(". "), s.rfind("? "), s.rfind("! "), s.rfind("” "), s.rfind('" '))
    clause = s[cut + 2:] if cut >= 0 else s
    m = C._ACCORDING.search(clause)
    got = _name_run_at_end(m.group(1).rstrip(",")) if m else None
    if m and got:
        return ("name", got[0], m.group(1)[:got[1]].strip(" ,")), (cut + 2 if cut >= 0 else 0)
    if s.endswith(":"):
        got = _name_run_at_end(clause[:-1].strip())
        seg = clause[:-1].strip()
        if got is not None and not seg[:got[1]].strip() and len(got[0]) >= 2:
            return ("name", got[0], ""), (cut + 2 if cut >= 0 else 0)
    sent_cut = max(s.rfind(". "), s.rfind("? "), s.rfind("! "))
    sentence = s[sent_cut + 2:] if sent_cut >= 0 else s
    shared = None
    if re.search(C._SHARED_SUBJECT.pattern, sentence):
        vm = C._VERB_RE.search(sentence)
        subj = C.subject_before(sentence[:vm.start()]) if vm else None
        if vm and subj and subj[0] in ("name", "pronoun"):
            shared = subj, vm.start()
    for vm in reversed(list(C._VERB_RE.finditer(clause))):
        if len(clause[vm.end():].split()) > 10:
            continue
        subj = C.subject_before(clause[:vm.start()])
        if subj is None and not clause[:vm.start()].strip():
            continue
        if subj is None:
            after = C.subject_after(clause[vm.end():])
            if after and after[0] == "name":
                subj = after
        if subj:
            return subj, (cut + 2 if cut >= 0 else 0) + vm.start()
    if shared:
        return shared[0], (sent_cut + 2 if sent_cut >= 0 else 0) + shared[1]
    return None


_PRE_PIECES = _SHARED_PIECES + ["According to", "according to", "his aunt", "said", "added", "told", ". ", "? ",
                                "” ", '" ', "wrote", "went on", "saying"]


_LEADS = ["", "It rained. ", "“Yes,” she said. ", "Why? ", '"No" ']
_SUBJECTS = ["Jane Doe", "Ms Doe", "the vet", "he", "According to his aunt, Jane Doe,", "according to Jane Doe,",
             "Jane Doe, 54,", "Officers", ""]
_VERBS = ["said", "told reporters", "added", "went on", "", "wrote", "had said",
          "said the plan, which had been delayed for years and years and years, had failed"]
_TAILS = ["", ", warning", " and added", ", adding", " on Monday", " the council had promised", ", then told them"]
_random_text = st.lists(st.sampled_from(_PRE_PIECES + _GLUE), max_size=6).map("".join)


@st.composite
def _lead_ins(draw: st.DrawFn) -> str:
    """The text before an opening mark: a sentence or none, a subject, a verb, what follows."""
    slots = [draw(st.sampled_from(_LEADS)), draw(st.sampled_from(_SUBJECTS)), draw(st.sampled_from(_VERBS)),
             draw(st.sampled_from(_TAILS))]
    k = draw(st.integers(0, 4))
    slots.insert(k, draw(_random_text))  # something unforeseen somewhere
    return " ".join(x for x in slots if x) + draw(st.sampled_from([":", ",", ": ", ",\n", ""]))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_lead_ins(), st.lists(st.sampled_from(_PRE_PIECES + _GLUE), max_size=16).map("".join)))
def test_pre_attribution_answers_as_the_plain_form(s: str) -> None:
    assert C.pre_attribution.__wrapped__(s) == _reference_pre_attribution(s), s


def test_pre_attribution_on_written_clauses() -> None:
    for s in ["Jane Doe told the committee: ", "Jane Doe said the council had promised,", "Jane Doe: ",
              "According to his aunt, Jane Doe,", "Jane Doe said the plan had failed, warning:",
              "The minister, Jane Doe, told reporters on Monday:", "He went on:", "Jane Doe said. He added,"]:
        assert C.pre_attribution.__wrapped__(s) == _reference_pre_attribution(s), s


def test_pronoun_last_letters_are_every_character_that_matches_them() -> None:
    import re
    import sys

    last = re.compile("(?:e|y|t|i)", re.I)  # the last letters of he, she, they, it, i, we
    every = {c for c in map(chr, range(sys.maxunicode + 1)) if last.fullmatch(c)}
    assert every == C._PRONOUN_LAST
    for c in every:  # and the pattern itself takes each in its place
        assert any(C._PRONOUN_END.search(p[:-1] + c) for p in ("he", "they", "it", "i")), c
