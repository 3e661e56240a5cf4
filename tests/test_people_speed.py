"""people.py's faster readers give the answers of the plain forms they replace.

Each reference below is the code as it was before the speed-up, kept here as the oracle.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.quotes import people as P
from annotations.quotes.people import ends_sentence
from annotations.quotes.vocab import (ABBREVIATED_TITLES, HONORIFICS, PARTICLES, POSTNOMINALS, _JOB_WORDS,
                                      _NOT_NAMES, _ORG_WORDS, _TOKEN, _clean_tok, _is_cap)


def _plain_run_at_end(s: str) -> tuple[list[str], int] | None:
    """_name_run_at_end as every token of ``s``, read forwards, tells it."""
    toks = list(_TOKEN.finditer(s))
    if not toks or s[toks[-1].end():].strip():
        return None
    run: list[re.Match[str]] = []
    for m in reversed(toks):
        tok = m.group()
        if run and s[m.end():run[0].start()] not in (" ", "\u00a0"):
            break
        if run and ends_sentence(tok):
            break  # the token ends the sentence before the run
        if _is_cap(tok) or (run and tok.lower() in PARTICLES and _is_cap(run[0].group())):
            run.insert(0, m)
            continue
        break
    while run and _clean_tok(run[0].group()) in _NOT_NAMES and _clean_tok(run[0].group()) not in HONORIFICS:
        run.pop(0)
    if not run or _clean_tok(run[-1].group()) in _NOT_NAMES:
        return None
    return [m.group() for m in run], run[0].start()


def _plain_run_at_start(s: str) -> tuple[list[str], int] | None:
    """_name_run_at_start a token at a time."""
    run: list[re.Match[str]] = []
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
            break  # the run ends with its sentence
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


def _plain_strip_descriptors(core: list[str]) -> tuple[list[str], list[str]]:
    for k in range(len(core) - 2, -1, -1):
        low = _clean_tok(core[k])
        if low in HONORIFICS or low in _JOB_WORDS or re.search(r"-[a-z]", core[k]) or \
                re.search(r"(?:ologist|ist|ian)$", low):
            return core[k + 1:], [_clean_tok(c) for c in core[:k + 1]]
    return core, []


def _plain_parse_name(tokens: tuple[str, ...]) -> tuple[object, ...]:
    """_parse_name's fields, as the plain form computed them."""
    titles: set[str] = set()
    gender = ""
    core: list[str] = []
    toks = P._after_possessive(list(tokens))
    for tok in toks:
        low = _clean_tok(tok)
        if not core and low in HONORIFICS:
            titles.add(low)
            if low in ABBREVIATED_TITLES:
                titles.add(ABBREVIATED_TITLES[low])
            gender = gender or HONORIFICS[low]
            continue
        core.append(tok.rstrip(".") if tok.endswith(".") and len(tok) > 2 and not tok[-2].isupper() else tok)
    while core and _clean_tok(core[-1]) in POSTNOMINALS and len(core) > 1:
        core.pop()
    core, lead = _plain_strip_descriptors(core)
    titles.update(lead)
    core = [c.rstrip(",") for c in core if c.rstrip(",")]
    if core and core[-1].endswith(("’s", "'s")) and len(core[-1]) > 3:
        core[-1] = core[-1][:-2]
    if "of" in core:
        k = core.index("of")
        rest = _plain_strip_descriptors(core[k + 1:])[0]
        core = core[:k] if k else (rest[1:] if len(rest) > 2 else rest)
    org = bool(core) and (_clean_tok(core[-1]) in _ORG_WORDS or any(_clean_tok(c) in _ORG_WORDS for c in core[1:]))
    hon = next((t for t in toks if _clean_tok(t) in HONORIFICS), None)
    return core, frozenset(titles), gender, org, hon, toks[-1] if toks else None


# Pieces of name-like text, chosen for the readers' edges: particles, honorifics, sentence
# words, tokens with name characters inside or around them (’ ' - . _ digits), letters
# that are not ASCII (or not cased, or numeric), and the separators between them.
_PIECES = ["Jane", "Doe", "van", "der", "Berg", "de", "But", "The", "Mr", "Mr.", "Dr", "said", "the", "April",
           "O’Neil", "J.", "Élan", "x", "1", "16p", ",", ".", "..", "Jo-Kay", "Van", "-", "’", "'", "_", "3Ab", "a.",
           "É", "ß", "²", "½", "Doe-", "Doe.", "'Jane", "Ms", "Lord", "of", "al", "Ltd", "Council", "MP", "Smith’s",
           "emailed", "told", "when", "And", "Ⅻ", "ǅ", "Σ", "Ⓐ", "Fire", "Chief", "Meteorologist", "Mother-of-three"]
_SEPARATORS = ["", "", " ", " ", " ", "\u00a0", ", ", "  ", "\n", "\t", "\u2003", "“", "—"]


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice(_SEPARATORS) for _ in range(rng.randint(0, rng.choice([4, 9, 30]))))
            for _ in range(count)]


def test_name_run_at_end_answers_as_its_plain_form() -> None:
    for s in _random_texts(1, 40000):
        assert P._name_run_at_end(s) == _plain_run_at_end(s), s


def test_name_run_at_start_answers_as_its_plain_form() -> None:
    for s in _random_texts(2, 40000):
        assert P._name_run_at_start(s) == _plain_run_at_start(s), s


def test_name_runs_longer_than_the_chain_read_in_one_match() -> None:
    name = "Maria Anna Sofia van Katharina Elisabeth Theresia Walburga"
    assert P._name_run_at_end("said " + name) == (name.split(), 5) == _plain_run_at_end("said " + name)
    assert P._name_run_at_start(name + " said") == (name.split(), len(name)) == _plain_run_at_start(name + " said")
    # six tokens exactly, then a token the chain leaves out ("3Ab": a digit before the letter)
    six = "Ann Bea Cleo Dee Eve Fay"
    assert P._name_run_at_end("3Ab " + six) == (["Ab"] + six.split(), 1)
    assert P._name_run_at_start(six + " x") == (six.split(), len(six))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("AaJjDdoeÉßv ’'-._1²,\u00a0\n") + ["van ", "Mr ", "The "]), max_size=30).map("".join))
def test_name_readers_answer_as_their_plain_forms_on_any_text(s: str) -> None:
    assert P._name_run_at_end(s) == _plain_run_at_end(s)
    assert P._name_run_at_start(s) == _plain_run_at_start(s)


def test_parse_name_answers_as_its_plain_form() -> None:
    rng = random.Random(3)
    words = [w for w in _PIECES if w.strip(" ,")] + ["Ashby", "Wendover", "Secretary", "State", "KC", "Jr", "Doe’s",
                                                     "Prof", "economist", "Historian", "Dame", "Kilbride", "manager"]
    for _ in range(20000):
        tokens = tuple(rng.choice(words) for _ in range(rng.randint(1, 6)))
        got = P._parse_name.__wrapped__(tokens)
        assert (got.core, got.titles, got.gender, got.org, got.hon, got.last) == _plain_parse_name(tokens), tokens


def test_register_keeps_its_answers_when_words_repeat_with_other_descriptions() -> None:
    people = P.People()
    jane = people.register(["Jane", "Doe"], 10, "the harbour master", speech=True)
    assert people.register(["Ms", "Doe"], 50) is jane
    assert people.register(["Jane", "Doe"], 90, "a vet") is jane
    assert jane is not None and jane.titles == {"harbour", "master", "vet", "ms"}
    assert jane.full == "Jane Doe" and jane.gender == "f"
    # a fuller name for the same surname replaces the full name; a shorter one does not
    assert people.register(["Dr", "Jane", "Ann", "Doe"], 120) is jane and jane.full == "Jane Ann Doe"
    assert people.register(["Jane", "Doe"], 130) is jane and jane.full == "Jane Ann Doe"
    assert [(m.pos, m.speech, m.subject) for m in people.mentions] == [
        (10, True, True), (50, False, False), (90, False, False), (120, False, False), (130, False, False)]
    assert people.resolve_title(["vet"], 100) is jane
