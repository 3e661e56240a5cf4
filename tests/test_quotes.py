"""Quote finding and speaker attribution, on invented sentences."""

from __future__ import annotations

import pytest

from annotations.article import article_from_text
from annotations.document import Document
from annotations.quotes import find_quotes
from annotations.structure import segment


def doc_of(text: str, name: str = "t.txt") -> Document:
    # Built without the cleaner, so these tests pin the quote rules alone.
    art = article_from_text(text, name)
    return Document(art, segment(art.text, art.is_markdown))


def quotes(text: str, name: str = "t.txt"):
    d = doc_of(text, name)
    return [(d.text[q.start:q.end], q.speaker) for q in find_quotes(d)]


def test_said_colon_before_quote():
    got = quotes("The hearing resumed on Monday. Priya Ramanathan said: “The bridge was never inspected. "
                 "Nobody checked the welds.”\n")
    assert got == [("The bridge was never inspected. Nobody checked the welds.", "Priya Ramanathan")]


def test_quote_then_name_said():
    got = quotes("“We will appeal the ruling as soon as we can,” Tobias Lindgren said.\n")
    assert got == [("We will appeal the ruling as soon as we can,", "Tobias Lindgren")]


def test_quote_then_said_name():
    got = quotes("“The river has never been this low in living memory,” said Marguerite Okonkwo.\n")
    assert got[0][1] == "Marguerite Okonkwo"


def test_appositive_between_name_and_verb():
    got = quotes("“Every school will get the funding it was promised,” Harriet Vance, the Education "
                 "Secretary, said.\n")
    assert got[0][1] == "Harriet Vance"


def test_told_the_court():
    got = quotes("Detective Sergeant Imogen Price told the court: “The van was parked outside the "
                 "depot all night.”\n")
    assert got == [("The van was parked outside the depot all night.", "Imogen Price")]


@pytest.mark.parametrize("verb", ["added", "warned", "insisted", "explained", "replied", "argued"])
def test_speech_verbs(verb):
    got = quotes(f"“There is no money left in the pot for this year,” Callum Dreyer {verb}.\n")
    assert got[0][1] == "Callum Dreyer"


@pytest.mark.parametrize("hon", ["Sir", "Dame", "Lord", "Mr", "Mrs", "Ms", "Dr", "Cllr"])
def test_honorifics_are_not_part_of_the_name(hon):
    got = quotes(f"{hon} Rowan Ashcombe said: “The committee made its decision in good faith.”\n")
    assert got[0][1] == "Rowan Ashcombe"


def test_short_form_expands_to_full_name():
    text = ("Councillor Bethany Ferrante opened the debate on Tuesday evening.\n\n"
            "“The budget is balanced for the first time in a decade,” Ms Ferrante said.\n")
    assert quotes(text)[0][1] == "Bethany Ferrante"


def test_surname_alone_expands():
    text = ("Oskar Wendt, 61, has run the bakery for thirty years.\n\n"
            "“I get up at three every morning and I still love it,” Wendt said.\n")
    assert quotes(text)[0][1] == "Oskar Wendt"


def test_title_resolves_to_earlier_person():
    text = ("“The fire jumped the road twice before dawn,” said Fire Chief Dolores Amaechi.\n\n"
            "Crews were brought in from three counties.\n\n"
            "“We expect the wind to drop by the evening,” the chief said.\n")
    got = quotes(text)
    assert [s for _, s in got] == ["Dolores Amaechi", "Dolores Amaechi"]


def test_pronoun_resolves_by_gender_not_just_recency():
    text = ("Mrs Helga Brandt was the first witness to give evidence.\n\n"
            "“Did you ever see the ledger yourself?” Mr Tomas Eriksen asked.\n\n"
            "“No, I never did,” she replied.\n")
    got = quotes(text)
    assert got[-1] == ("No, I never did,", "Helga Brandt")


def test_pronoun_uses_most_recent_matching_person():
    text = ("Opposition leader Gideon Marsh said the plan would hurt pensioners.\n\n"
            "“This is a tax on the people who can least afford it,” he said.\n")
    assert quotes(text)[0][1] == "Gideon Marsh"


def test_second_half_of_a_broken_quote_keeps_the_speaker():
    text = "“We lost the first game,” Anika Solberg said. “We will not lose the second.”\n"
    got = quotes(text)
    assert got == [("We lost the first game,", "Anika Solberg"), ("We will not lose the second.", "Anika Solberg")]


def test_multi_paragraph_quote():
    text = ("Farmer Ewan Galbraith remembers the flood well.\n\n"
            "“The water came up through the floorboards,” Galbraith says. “We moved the sheep to the top "
            "field and waited.\n\n"
            "“By morning the lane was a river.\n\n"
            "“We were lucky, and I know it.”\n\n"
            "The council has since built a new culvert.\n")
    got = quotes(text)
    assert [t for t, _ in got] == [
        "The water came up through the floorboards,",
        "We moved the sheep to the top field and waited.",
        "By morning the lane was a river.",
        "We were lucky, and I know it.",
    ]
    assert {s for _, s in got} == {"Ewan Galbraith"}


def test_scare_quotes_and_titles_are_not_speech():
    text = ("Critics called the scheme a “vanity project” and said the “so-called savings” never came.\n\n"
            "She reviewed the novel “The Long Harbour Light” for the paper.\n")
    assert quotes(text) == []


def test_short_quote_with_attribution_is_speech():
    text = "Amrit Basu was asked whether he agreed.\n\n“Yes, that is right,” he replied.\n"
    assert quotes(text) == [("Yes, that is right,", "Amrit Basu")]


def test_straight_double_quotes():
    got = quotes('"The levee held, and that is the only reason the town is still here," said Mayor '
                 'Lucinda Ferreira.\n')
    assert got[0][1] == "Lucinda Ferreira"


def test_uk_single_quotes_with_apostrophes_inside():
    text = "‘We didn’t play well, and that’s on me,’ said Rhys Adebanjo. ‘We’ll be better next week.’\n"
    got = quotes(text)
    assert got == [("We didn’t play well, and that’s on me,", "Rhys Adebanjo"),
                   ("We’ll be better next week.", "Rhys Adebanjo")]


def test_guillemets_and_low_high_quotes():
    got = quotes("« Nous allons reconstruire le pont avant l’hiver », said Élodie Marchand.\n")
    assert got[0] == ("Nous allons reconstruire le pont avant l’hiver", "Élodie Marchand")
    got = quotes("„Wir haben keine andere Wahl gehabt“, said Jürgen Hollmann.\n")
    assert got[0] == ("Wir haben keine andere Wahl gehabt", "Jürgen Hollmann")


def test_quote_introduced_by_the_previous_paragraph():
    text = ("Our head of operations, Lena Kowalczyk, wrote the rule that ended the arguments:\n\n"
            "> “Nobody answers email after six. If it matters, it can wait until morning.”\n")
    got = quotes(text, "post.md")
    assert got == [("Nobody answers email after six. If it matters, it can wait until morning.",
                    "Lena Kowalczyk")]


def test_offsets_are_raw_after_nbsp_and_crlf():
    text = "Intro line.\r\n\r\nMaya\u00a0Holt said: “The\u00a0river is rising fast.”\r\n"
    d = doc_of(text)
    q = find_quotes(d)[0]
    assert d.text[q.start:q.end] == "The\u00a0river is rising fast."


def test_partial_quote_is_low_score():
    text = ("The inspector described the kitchen as “the worst I have seen in twenty years of "
            "visits” in her report.\n")
    d = doc_of(text)
    got = find_quotes(d)
    assert len(got) == 1 and got[0].partial and got[0].score < 0.5


def test_told_the_bbc():
    got = quotes("Janet Okafor told the BBC: “We were never consulted about the closure.”\n")
    assert got == [("We were never consulted about the closure.", "Janet Okafor")]


def test_question_then_asked_name():
    got = quotes("“Why did nobody warn us about this?” asked Colm Byrne.\n")
    assert got[0][1] == "Colm Byrne"


def test_pronoun_with_nobody_named_has_no_speaker():
    assert quotes("“It is simply too late for that now,” she said.\n") == [
        ("It is simply too late for that now,", None)]


def test_plural_possessive_apostrophe_does_not_close_single_quote():
    got = quotes("‘The players’ union wants a bigger say in this,’ said Joanne Bell.\n")
    assert got == [("The players’ union wants a bigger say in this,", "Joanne Bell")]


def test_nested_quote_stays_inside():
    got = quotes("“He told me ‘go home and rest’ and I did exactly that,” said Pavel Novak.\n")
    assert got == [("He told me ‘go home and rest’ and I did exactly that,", "Pavel Novak")]


def test_unnamed_spokesperson_is_the_noun_phrase():
    # issue 8: an unnamed speaker is the noun phrase, not null and not the nearest name
    assert quotes("“We have done nothing wrong,” a spokesperson for Kestrel Airlines said.\n")[0][1] == \
        "a spokesperson for Kestrel Airlines"


def test_peer_keeps_the_title_and_drops_the_territory():
    got = quotes("Lord Ashby of Wendover warned: “This bill will not survive the committee stage.”\n")
    assert got[0][1] == "Lord Ashby"


def test_name_after_a_long_appositive():
    got = quotes("Tom Reyes, 67, who chairs the residents’ association, said: “We have been ignored "
                 "for ten years.”\n")
    assert got[0][1] == "Tom Reyes"


def test_title_then_name_after_the_verb():
    got = quotes("“This is the best squad I have ever worked with,” said the coach, Mikel Arrizabalaga.\n")
    assert got[0][1] == "Mikel Arrizabalaga"


def test_job_words_before_a_name_are_dropped():
    got = quotes("Meteorologist Jenna Whitcombe said: “The rain will not stop before Sunday.”\n")
    assert got[0][1] == "Jenna Whitcombe"
    got = quotes("Secretary of State Ingrid Moreau said: “We are ready for the winter.”\n")
    assert got[0][1] == "Ingrid Moreau"


def test_quoted_titles_in_a_list_are_not_speech():
    text = ("The band closed with “Harbour Lights Burning,” “Down By The Mill,” and “Sing It To The "
            "Rafters.”\n")
    assert quotes(text) == []


def test_speaker_named_in_the_paragraph_before():
    text = ("Dr Imani Osei-Bonsu, a chest physician at the city infirmary, has treated dozens of "
            "such cases.\n\n"
            "“Most of them had no idea the mould was there until they were already ill.”\n")
    assert quotes(text) == [("Most of them had no idea the mould was there until they were already ill.",
                             "Imani Osei-Bonsu")]


def test_stray_or_apostrophe_marks_do_not_open_a_quote():
    text = ("Back in the ‘90s the town’s mill employed most of the valley.\n\n"
            "The mill closed in 2001 and the site has been empty since.\n")
    assert quotes(text) == []
    text = "He wrote “unfinished thoughts and a stray mark that never closes.\n\nThe next paragraph.\n"
    assert quotes(text) == []


def test_short_quote_after_said_comma():
    got = quotes("Mayor Ruth Kline said, “The vote stands.”\n")
    assert got == [("The vote stands.", "Ruth Kline")]


def test_partial_quote_takes_the_reporting_verbs_subject():
    text = "Councillor Jane Moss said the plan was “a disaster for the whole town” and would be opposed.\n"
    d = doc_of(text)
    got = find_quotes(d)
    assert [(d.text[q.start:q.end], q.speaker, q.partial) for q in got] == [
        ("a disaster for the whole town", "Jane Moss", True)]


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["“", "”", "‘", "’", '"', "«", "»", "„", " ", "\n\n", "said", "Jo Kay",
                           "she", "we won,", "it’s", "the", ".", ",", ":", "Mr", "Dr.", "12%"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_spans_stay_inside_their_paragraph_and_exclude_the_marks(pieces):
    text = " ".join(pieces)
    d = doc_of(text)
    for q in find_quotes(d):
        assert 0 <= q.start < q.end <= len(d.text)
        b = d.blocks[d.block_at(q.start)]
        assert b.content_start <= q.start and q.end <= b.content_end
        # the span is what sits inside the mark: the opening mark itself is left out
        assert not d.text[q.start].isspace()
        assert any(c in "“„«‹‘\"" for c in d.text[b.content_start:q.start])
        assert 0.0 <= q.score <= 1.0 and q.reason


# --- the indexes that keep big articles linear ------------------------------------------

import re  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from annotations.quotes import People, _surname_positions  # noqa: E402
from annotations.quotes.people import _PRONOUN_REACH  # noqa: E402


@settings(max_examples=300)
@given(st.text(alphabet="aAbB.’'-_ 1,é\n", max_size=40),
       st.sets(st.text(alphabet="aAbB.’'-1é", min_size=1, max_size=4), max_size=5))
def test_surname_positions_match_a_search_per_surname(text, names):
    got = _surname_positions(text, names)
    for n in names:
        want = [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text)]
        assert got[n] == want


_SURNAMES = ["Orrell", "Pell", "Vance", "Quill"]
_TITLES = ["vet", "chief", "mayor", ""]


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 20_000), st.sampled_from(_SURNAMES), st.sampled_from(_TITLES),
                          st.sampled_from(["", "Mr", "Ms"])), max_size=30),
       st.lists(st.tuples(st.integers(0, 21_000), st.sampled_from(_TITLES[:3] + ["he", "she"])), max_size=10))
def test_people_lookups_match_a_walk_back_through_every_mention(regs, asks):
    people = People()
    for pos, surname, title, hon in regs:
        toks = ([hon] if hon else []) + ["Jo", surname]
        people.register(toks, pos, f"the {title}" if title else "")
    # the plain answer: every mention sorted by position (ties in registration order)
    mentions = people.mentions
    assert [m.pos for m in mentions] == sorted(m.pos for m in mentions)
    for pos, word in asks:
        earlier = [m for m in mentions if m.pos < pos]
        assert list(people.before(pos)) == earlier[::-1]
        if word in ("he", "she"):
            gender = {"he": "m", "she": "f"}[word]
            # a person of a fitting gender named within reach, or nobody when none was
            fitting = [m.person for m in earlier[::-1][:40] if pos - m.pos <= _PRONOUN_REACH
                       and not m.person.org and m.person.gender in ("", gender)]
            got = people.resolve_pronoun(word, pos, None)
            if fitting:
                assert any(got is p for p in fitting)
            else:
                assert got is None
        else:
            want = next((m.person for m in reversed(earlier) if word in m.person.titles), None)
            assert people.resolve_title([word], pos) is want


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["Mr", "mr", "MRS.", "Dr", "Lady", "lady", "Father", "King", "\u212aing",
                                  "x", "5", "-", ".", "’", "'", " ", "Doe", "é", "_", "a"]), max_size=12))
def test_honorific_hint_sees_every_honorific_token(parts):
    from annotations.quotes import _HONORIFIC_HINT, _TOKEN, HONORIFICS

    text = "".join(parts)
    naming = {h for h, g in HONORIFICS.items() if g} | {"dr", "prof", "professor", "cllr", "judge"}
    takes = [m for m in _TOKEN.finditer(text)
             if m.group()[:1].isupper() and m.group().rstrip(".").lower() in naming]
    if takes:
        assert _HONORIFIC_HINT.search(text)
