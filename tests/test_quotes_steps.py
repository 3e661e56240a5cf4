"""Each step of the quote pipeline on its own, on invented text."""

from __future__ import annotations

from annotations.quotes.candidates import (according_to, dash_attribution, post_attribution, pre_attribution,
                                           subject_after, subject_before)
from annotations.quotes.marks import scan_block
from annotations.quotes.names import parse_name_list
from annotations.quotes.people import People, Person, opens_clause
from annotations.quotes.pipeline import keep_quote, read_quote
from annotations.quotes.speaker import Carry, carry_speaker, choose_speaker


# --- step 1: marks ------------------------------------------------------------------------

def test_marks_find_each_span_and_its_marks():
    t = "He said “yes, fine,” and then ‘no’ and \"maybe so\"."
    got = [(t[r.start:r.end], r.close_pos is not None) for r in scan_block(t, 0)]
    assert got == [("yes, fine,", True), ("no", True), ("maybe so", True)]


def test_marks_apostrophe_is_not_a_closing_mark():
    t = "‘The players’ union won’t agree,’ she said."
    assert [t[r.start:r.end] for r in scan_block(t, 0)] == ["The players’ union won’t agree,"]


def test_marks_unclosed_quote_runs_to_the_paragraph_end():
    (r,) = scan_block("“We kept going all night", 0)
    assert r.close_pos is None and r.end == len("“We kept going all night")


# --- step 2: candidates ------------------------------------------------------------------

def test_subject_before_kinds():
    assert subject_before("Jane Doe ") == ("name", ["Jane", "Doe"], "")
    assert subject_before("and she ")[:2] == ("pronoun", ["she"])
    assert subject_before("the harbour master ")[0] == "title"


def test_subject_after_name_after_its_title():
    assert subject_after("the coach, Jo Kay, after the game")[:2] == ("name", ["Jo", "Kay"])


def test_post_and_pre_attribution():
    assert post_attribution(", Jane Doe said.")[0][1] == ["Jane", "Doe"]
    assert post_attribution(" — Casimir Ode")[0][1] == ["Casimir", "Ode"]
    assert pre_attribution("Jane Doe told the court: ")[0][1] == ["Jane", "Doe"]
    assert post_attribution(" and the sea was calm.") is None


def test_according_to_and_dash():
    assert according_to("According to his aunt, Mira Holt,") == ("name", ["Mira", "Holt"], "his aunt")
    assert dash_attribution(" — Mira Holt and friends went home") is None


# --- which spans are speech ----------------------------------------------------------------

def _quote(t: str, n: int = 0):
    raws = scan_block(t, 0)
    return read_quote(t, 0, 0, n, raws[n], False, raws[n - 1] if n else None)


def test_keep_quote_drops_scare_quotes_and_titles_keeps_speech():
    assert not keep_quote(_quote("They called it a “fair deal” at the time."), False)
    assert not keep_quote(_quote("She sang “The Long Road Home” twice."), False)
    assert keep_quote(_quote("“Yes, fine,” she said."), False)


# --- step 3: choose the speaker --------------------------------------------------------------

def test_choose_speaker_names_and_unnamed_phrases():
    people = People()
    q = _quote("“We are closed,” a spokesman said.")
    speaker, how = choose_speaker(q, people, 0, Carry())
    assert speaker is not None and speaker.unnamed and speaker.full == "a spokesman" and how == "a spokesman"
    q = _quote("“We are closed,” Jane Doe said.")
    speaker, how = choose_speaker(q, people, 0, Carry())
    assert speaker is not None and speaker.full == "Jane Doe" and how == "said"


# --- step 4: carry -------------------------------------------------------------------------

def test_carry_from_the_quote_before_in_the_paragraph():
    jane = Person("Jane Doe", "Doe")
    q = _quote("“A,” she said. “And another thing.”", 1)
    assert carry_speaker(q, Carry(last_in_block=jane)) == (jane, "same speaker")


def test_carry_nothing_into_a_quote_mid_sentence_with_no_one_before():
    q = _quote("They said “a whole new approach to the town” was needed.")
    assert carry_speaker(q, Carry()) == (None, "")


# --- people and names ----------------------------------------------------------------------

def test_opens_clause_subject_and_object():
    t = "Although Ivo Lenz had finished, he emailed Marek Sobel about it."
    a = t.index("Lenz")
    assert opens_clause(t, a, a + 4)
    a = t.index("Sobel")
    assert not opens_clause(t, a, a + 5)


def test_name_list_parsing_weights_and_either():
    lines = ["# comment", "M  Aldo                                       5", "F  Bea                          7",
             "M  Cas                                        1", "F  Cas                                        1",
             "?M Dil                                        3"]
    assert parse_name_list(lines) == {"aldo": "m", "bea": "f", "cas": "", "dil": ""}


def test_person_gender_from_honorific_then_first_name():
    assert Person("Mrs Halloran", "Halloran", gender="f").gender_guess() == "f"
    assert Person("Agatha Wren", "Wren").gender_guess() == "f"
    assert Person("Acme Holdings", "Holdings").is_person() is False


def test_four_words_search_counts_like_the_word_pattern() -> None:
    # keep_quote asks "four words or more?" with one search instead of counting
    # marks._WORDS's matches: both must agree on any text
    import random
    from itertools import islice

    from annotations.quotes.marks import _WORDS
    from annotations.quotes.pipeline import _FOUR_WORDS

    rng = random.Random(8)
    alphabet = "ab’'- ,.\n_é1“”—…"
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert (len(list(islice(_WORDS.finditer(s), 4))) >= 4) == (_FOUR_WORDS(s) is not None), s


def test_mentions_by_block_hold_the_first_pass_only_in_order_by_block():
    from annotations.quotes.people import People
    from annotations.quotes.pipeline import _MentionsByBlock

    people = People()
    people.register(["Jane", "Doe"], 15)  # block 1: [10, 20)
    people.register(["Ada", "Penn"], 12)
    people.register(["Bram", "Oak"], 25)  # block 2: [20, ...)
    by_block = _MentionsByBlock(people, [0, 10, 20])
    people.register(["Cleo", "Ash"], 18)  # named by a quote's attribution, after the first pass
    assert [m.person.full for m in by_block.get(1, ())] == ["Ada Penn", "Jane Doe"]
    assert [m.person.full for m in by_block.get(2, ())] == ["Bram Oak"]
    assert by_block.get(0, ()) == ()
