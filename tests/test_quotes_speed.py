"""The quote finder's speed-ups give the same answers as the plain forms they replace."""

from __future__ import annotations

import random
import re

from annotations.quotes import vocab
from annotations.quotes.marks import scan_block
from annotations.quotes.people import Person


def _flat_verb_re() -> re.Pattern[str]:
    alt = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in vocab._VERB_FORMS), key=len, reverse=True))
    return re.compile(r"(?<![\w’'-])(?:" + vocab._PHRASAL["point"] + "|" + vocab._PHRASAL["put"] + "|" + alt
                      + r")(?![\w’'-])")


def test_factored_verb_pattern_finds_what_the_flat_alternation_finds() -> None:
    flat = _flat_verb_re()
    pieces = sorted(vocab._VERB_FORMS) + ["went on", "goes  on", "points\nout", "put it", "saidx", "said-",
                                          "x-said", "’said", "Said", "sayss", "a", "the", ",", "-", "’", "\n"]
    rng = random.Random(8)
    for _ in range(3000):
        text = rng.choice(["", " ", "-"]).join(rng.choice(pieces) for _ in range(10))
        assert [m.span() for m in vocab._VERB_RE.finditer(text)] == [m.span() for m in flat.finditer(text)], text


def test_scan_block_skips_to_marks_and_still_reads_each_quote() -> None:
    t = "No marks here, then “one,” she said, and ‘two’ and \"three\" — ‘90s aside."
    got = [t[r.start:r.end] for r in scan_block(t, 0)]
    assert got == ["one,", "two", "three"]
    assert scan_block("plain text without any mark", 0) == []


def test_person_first_name_answer_follows_a_changed_full_name() -> None:
    p = Person("Doe", "Doe")
    assert not p.is_person()  # a lone surname
    p.full = "Jane Doe"  # the article gave the full name later
    assert p.is_person() and p.first_name_gender() == "f"


def test_a_title_learnt_late_reaches_earlier_mentions_and_later_ones() -> None:
    from annotations.quotes.people import People

    people = People()
    people.register(["Jane", "Doe"], 10)
    people.register(["Jane", "Doe"], 5000)  # another bucket of the position index
    people.register(["Jane", "Doe"], 9000, descriptor="the harbour master")  # the title comes last
    people.register(["Jane", "Doe"], 20000)
    assert people.resolve_title(["master"], 6000) is people.by_surname["doe"]  # an earlier mention
    assert people.resolve_title(["master"], 5) is None  # nothing before the first mention
    assert people.resolve_title(["harbour"], 30000) is people.by_surname["doe"]


def test_name_run_at_end_reads_a_long_run_past_its_window() -> None:
    from annotations.quotes.people import _name_run_at_end

    long_lead = "Speaking at length about many things in the town hall, "
    assert _name_run_at_end(long_lead + "Jane Doe") == (["Jane", "Doe"], len(long_lead))
    # a run longer than the window the end is read in first
    name = "Maria Anna Sofia Katharina Elisabeth Theresia Walburga Amalia Christina"
    assert _name_run_at_end("by " + name) == (name.split(), 3)
    assert _name_run_at_end(long_lead + "the end") is None


def test_title_index_made_on_the_first_question_keeps_up_with_later_mentions() -> None:
    from annotations.quotes.people import People

    people = People()
    people.register(["Jane", "Doe"], 100, descriptor="the vet")
    assert people.resolve_title(["vet"], 200) is people.by_surname["doe"]  # builds the index
    people.register(["Ray", "Kay"], 300, descriptor="a vet at the clinic")
    people.register(["Ray", "Kay"], 9000)
    assert people.resolve_title(["vet"], 400) is people.by_surname["kay"]
    people.register(["Jane", "Doe"], 9500)  # a later mention after the index was made
    assert people.resolve_title(["Vet"], 9600) is people.by_surname["doe"]
    assert people.resolve_title(["clinic"], 350) is people.by_surname["kay"]


def test_surname_positions_are_the_whole_word_places_of_each_surname() -> None:
    from annotations.quotes.people import _surname_positions

    pieces = ["Doe", "doe", "O’Doe", "Doe’s", "D.", "A.A", "A", ".", "’", "'", "-", "Jo-Doe", "x", "1", "_", " ",
              "\n", "Élan", "é", "J.Doe", "Doe.", "’Doe", "Kay"]
    names = ["Doe", "A", "A.A", "Élan", "J", "Jo-Doe", "O’Doe", "1", "_x", "D", "-x", "x", "Kay", "’Doe"]
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        want = set(rng.sample(names, rng.randint(0, 4)))
        got = _surname_positions(text, want)
        for s in want:
            if re.fullmatch(r"[\w’'.-]+", s):
                plain = [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(s) + r"(?![\w-])", text)]
                assert got[s] == plain, (text, s)


def test_patterns_written_class_first_match_as_their_lookbehind_first_forms() -> None:
    from annotations.quotes import mentions, people

    plain = {
        mentions._ACCORDING_BY: re.compile(r"(?<![\w-])(?:according to|by)\s+"),
        mentions._CAPITAL_RUN: re.compile(
            r"(?<![\w’'-])[A-Z][\w’'-]*\.?(?:[ \u00a0]+(?:[A-Z][\w’'-]*\.?|"
            r"(?:de|van|von|der|da|di|du|al|la|le|del|bin|ibn)(?=[ \u00a0]+[A-Z])))+"),
        people._HONORIFIC_HINT: re.compile(r"(?<![^\W\d_])(?:" + "|".join(
            "[" + h[0].upper() + ("\u212a" if h[0] == "k" else "") + "](?i:" + h[1:] + ")"
            for h in people._NAMING_HONORIFICS) + ")"),
    }
    pieces = ["according to", "by", "aby", "-by", "Mr", "Mrs", "MR", "DrX", "xDr", "\u212aing", "King", "Jane",
              "Doe", "de", "van", "Von", "A.", "’Doe", "x-Jo", " ", "  ", "\n", ",", "é", "Élan", "Prof.", "sir"]
    rng = random.Random(11)
    for _ in range(3000):
        text = rng.choice(["", " ", "-"]).join(rng.choice(pieces) for _ in range(10))
        for fast, slow in plain.items():
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)], (fast, text)


def _reference_name_run_from(s: str, start: int):  # type: ignore[no-untyped-def]
    """The plain form _name_run_from replaced (a run built with insert(0) and pop(0))."""
    from annotations.quotes.people import ends_sentence
    from annotations.quotes.vocab import _NOT_NAMES, _TOKEN, HONORIFICS, PARTICLES, _clean_tok, _is_cap

    toks = list(_TOKEN.finditer(s, start))
    if not toks:
        return None if start == 0 else False
    if s[toks[-1].end():].strip():
        return None
    run: list[re.Match[str]] = []
    for m in reversed(toks):
        tok = m.group()
        gap = s[m.end():run[0].start()] if run else ""
        if run and gap not in (" ", "\u00a0"):
            break
        if run and ends_sentence(tok):
            break  # the token ends the sentence before the run
        if _is_cap(tok) or (run and tok.lower() in PARTICLES and _is_cap(run[0].group())):
            run.insert(0, m)
            continue
        break
    if start and run and run[0] is toks[0]:
        return False
    while run and _clean_tok(run[0].group()) in _NOT_NAMES and _clean_tok(run[0].group()) not in HONORIFICS:
        run.pop(0)
    if not run or _clean_tok(run[-1].group()) in _NOT_NAMES:
        return None
    return [m.group() for m in run], run[0].start()


def test_name_run_from_answers_as_its_plain_form() -> None:
    from annotations.quotes.people import _name_run_from

    pieces = ["Jane", "Doe", "van", "der", "Berg", "de", "But", "The", "Mr", "Mr.", "Dr", "said", "the", "April",
              "O’Neil", "J.", "Élan", "x", "1", ",", ".", "  ", " ", "\u00a0", "\n", "“", "Jo-Kay", "Van"]
    rng = random.Random(21)
    for _ in range(20000):
        s = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\u00a0", ", "]) for _ in range(rng.randint(0, 7)))
        start = rng.choice([0, 0, rng.randint(0, len(s))])
        assert _name_run_from(s, start) == _reference_name_run_from(s, start), (s, start)
