"""Each cue of the claims table, and each adjustment, on invented sentences.

Every row of ``CUES`` must have an example here (test_every_cue_has_an_example), so a
new rule comes with its test.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from annotations.claims import ADJUSTMENTS, CUES, THRESHOLD, Cue, Sentence, score_sentence
from annotations.claims import scoring
from annotations.claims import vocabulary as V
from annotations.claims.matchers import Words, scan


def cue(name: str, weight: float) -> Cue:
    (found,) = [c for c in CUES if c.name == name and c.weight == weight]
    return found


# (cue name, weight, sentence, what the cue finds in it)
FIRES = [
    ("statistic", 0.85, "Turnout in the ward reached 41.5% on Thursday.", "41.5%"),
    ("statistic", 0.85, "Nearly five per cent of the fleet stood idle last winter.", "five per cent"),
    ("money", 0.85, "The trust spent £4.3m on agency nurses.", "£4.3m"),
    ("fraction", 0.8, "Three-quarters of the ferry's passengers are commuters.", "Three-quarters"),
    ("figure", 0.8, "The new bypass is 4.2 km long and opens next spring.", "4.2 km"),
    ("multiple", 0.75, "The cost of a season ticket has doubled since the bridge opened.", "doubled"),
    ("amount", 0.75, "Hundreds of thousands of visitors came to the harbour festival.",
     "Hundreds of thousands"),
    ("score", 0.7, "The hosts won 3-2 after extra time at the old ground.", "3-2"),
    ("number", 0.7, "The ferry made 38 crossings during the festival weekend.", "38"),
    ("ranking", 0.6, "Okafor beat the world No. 3 in the second round on Monday.", "world No. 3"),
    ("date with a count", 0.6, "Ticket sales at the lido fell sharply in 2023.", "2023"),
    ("date", 0.35, "The couple married in 2015 and moved to the coast.", "2015"),
    ("count", 0.6, "Two schools in the valley closed last week.", "two"),
    ("count", 0.55, "The keeper made two saves in the first half.", "two saves"),
    ("count", 0.55, "The lighthouse keeper's cat was missing for five years.", "for five years"),
    ("count", 0.55, "Health officials reported two other plague cases in the region.", "two cases"),
    ("count", 0.4, "The two friends met for coffee on a rainy Tuesday.", "two"),
    ("counts", 0.55, "The five finalists, chosen from eight entries, meet at the pier.", "five, eight"),
    ("change", 0.6, "Bus fares in the town rose by 12p on Monday.", "rose"),
    ("figure", 0.55, "About 900 people queued for the reopened lido.", "About 900"),
    ("result", 0.55, "The Wexmoor quarterback was intercepted three times in the final.",
     "intercepted three times"),
    ("result", 0.55, "The Gulls trailed by two late in the third period.", "trailed by two"),
    ("result", 0.55, "Wexmoor have won five of their last six at home.", "won five of their last six"),
    ("result", 0.55, "Okafor scored a hat-trick as the Gulls beat the Harriers.", "hat trick"),
    ("large number", 0.45, "Thousands of people marched along the harbour wall.", "Thousands of"),
    ("superlative", 0.55, "It was the wettest February the valley can remember.", "wettest"),
    ("superlative with a date", 0.6, "It was the wettest February since records began in 1871.", "wettest"),
    ("cause", 0.45, "The coast road closed because the sea wall had cracked.", "because"),
    ("trend", 0.6, "Waiting lists have grown for the fifth month in a row.", "fifth"),
    ("attributed", 0.6, "According to the ferry board, most crossings ran late.", "according to"),
    ("source", 0.45, "A survey of harbour traders found that most were unhappy.", "survey"),
    ("legal status", 0.55, "The former treasurer was convicted of fraud at the crown court.", "convicted"),
    ("status", 0.45, "The council approved the plan for a new pontoon.", "approved"),
    ("prediction with a figure", 0.6, "The operator expects three new routes by the summer.", "expects"),
]

# (cue name, weight, a near miss the cue must leave alone)
QUIET = [
    ("statistic", 0.85, "The percentage of cyclists on the bridge is not known."),
    ("money", 0.85, "He said he had lost 25 pounds of weight since the spring."),
    ("fraction", 0.8, "The visitors led for the first three quarters of the game."),
    ("fraction", 0.8, "She came third in the race along the sea front."),
    ("figure", 0.8, "The meeting began at 10.30 on 12 May 2024 in the town hall."),
    ("multiple", 0.75, "The councillor doubled down on her promise to reopen the baths."),
    ("multiple", 0.75, "We met three times before the vote on the harbour."),
    ("amount", 0.75, "There must be a million reasons to visit the old quay."),
    ("number", 0.7, "Amelia Clarke, 44, walked her dog along the beach."),
    ("number", 0.7, "Doctors are still learning about COVID-19 and its effects."),
    ("ranking", 0.6, "There is no 5 o'clock train on Sundays any more."),
    ("date with a count", 0.6, "The couple married in 2015 and moved to the coast."),
    ("count", 0.55, "It took three years to rebuild the sea wall."),
    ("count", 0.6, "The September quarter results were better than the harbour board feared."),
    ("count", 0.6, "The third hearing of the inquiry will be held in the town hall."),
    ("count", 0.55, "Two months later, he moved to the coast with his family."),
    ("count", 0.55, "For two centuries the river was kept in a stone channel."),
    ("count", 0.55, "The two friends met for coffee on a rainy Tuesday."),
    ("count", 0.4, "A few hundred yards away the tide was coming in."),
    ("counts", 0.55, "The two friends met for coffee on a rainy Tuesday."),
    ("change", 0.6, "Prices rose sharply along the whole of the coast."),
    ("result", 0.55, "The town won the cup for the first time."),
    ("large number", 0.45, "Two million people live within an hour of the coast."),
    ("superlative", 0.55, "“It was the wettest day of my life,” she said."),
    ("superlative", 0.55, "Her first album came out on a small record label."),
    ("count", 0.4, "The town backs the “one harbour, two ferries” plan for the coast."),
    ("prediction with a figure", 0.6, "The operator expects more routes by the summer."),
]


@pytest.mark.parametrize("name, weight, sentence, found", FIRES)
def test_cue_fires_on_its_example(name, weight, sentence, found):
    got = cue(name, weight).find(Sentence(sentence))
    assert got is not None and got.lower() == found.lower()


@pytest.mark.parametrize("name, weight, sentence", QUIET)
def test_cue_leaves_a_near_miss_alone(name, weight, sentence):
    assert cue(name, weight).find(Sentence(sentence)) is None


def test_every_cue_has_an_example():
    covered = {(n, w) for n, w, _, _ in FIRES}
    assert {(c.name, c.weight) for c in CUES} <= covered


@pytest.mark.parametrize("form, found", [
    ("$1.2bn", "$1.2bn"), ("£300m", "£300m"), ("Rs 5 crore", "Rs 5 crore"), ("Rs. 40 lakh", "Rs. 40 lakh"),
    ("€40,000", "€40,000"), ("US$3 million", "$3 million"), ("HK$40", "$40"), ("INR 500", "INR 500"),
    ("40 euros", "40 euros"), ("5 crore rupees", "5 crore rupees"), ("two million dollars", "two million dollars"),
    ("20p", "20p"), ("¥300 billion", "¥300 billion"), ("USD 20m", "USD 20m"), ("1.5 trillion won", "1.5 trillion won"),
])
def test_money_in_every_form(form, found):
    s = f"The harbour board said the new pontoon cost {form} in the end."
    assert cue("money", 0.85).find(Sentence(s)) == found
    assert score_sentence(s)[0] >= THRESHOLD


@pytest.mark.parametrize("sentence", [
    "Three-quarters of the town's shops open on Sundays now.",
    "The new timetable cut journey times by a third on the coast line.",
    "One in five households in the valley has no car.",
    "Nine out of ten members backed the strike at the depot.",
    "Half of the lifeboat crew are volunteers from the village.",
    "Bus use has doubled since the fares were frozen.",
    "Membership of the sailing club grew tenfold in the decade.",
    "The storm brought twice as much rain as the forecast said.",
    "Two million people live within an hour of the new port.",
])
def test_figures_in_words_are_claims(sentence):
    assert score_sentence(sentence)[0] >= THRESHOLD


@pytest.mark.parametrize("sentence", [
    "Okafor scored 21 points and grabbed 7 rebounds as the Gulls won again.",
    "Wexmoor have won three in a row and five of their last six.",
    "The Harriers have lost five straight since the coach left.",
    "The visitors' quarterback was intercepted three times on a wet night.",
    "Rovers beat Kilbride 3-1 in front of a record crowd.",
    "The Wexmoor striker scored twice in the first half.",
    # a short result line whose verb has no ending to tell it by is not a label
    "Harwick beat Dunmore 58-41 on Friday night.",
    # standings in words
    "The ferry club now sits in third place in the league table.",
    "It was his sixth goal of the season.",
    "The Orion is the top-selling car in the county.",
])
def test_sports_statistics_are_claims(sentence):
    assert score_sentence(sentence)[0] >= THRESHOLD


@pytest.mark.parametrize("sentence", [
    "In the first place, nobody asked the ferry crews.",
    "The club finished the season in good shape.",
    "She is a best-selling author from Carrow.",
])
def test_standing_words_without_a_standing_are_not_claims(sentence):
    assert score_sentence(sentence)[0] < THRESHOLD


def test_reason_names_the_strongest_cue_and_the_ones_that_added_to_it():
    text = "According to the board, fares rose sharply in 2023."
    score, reason = score_sentence(text)
    # a year beside a change is the lead; "according to" adds to it
    assert (score, reason) == (0.65, "date with a count: 2023")
    assert score_sentence(text, explain=True) == (0.65, "date with a count: 2023 (+ attributed)")


# ---- the adjustments -----------------------------------------------------------------

def adjustment(name: str):
    (found,) = [a for a in ADJUSTMENTS if a.name == name]
    return found


@pytest.mark.parametrize("name, sentence, in_quote, standfirst", [
    ("standfirst", "Fares rise by 12% from April on the Wexmoor ferry.", 0.0, True),
    ("label", "Length of the pier: 1,200 ft", 0.0, False),
    ("headline", "Wexmoor Ferry Fares Rise By 12% In April", 0.0, False),
    ("to the reader", "If the ferry is late you can claim back 20 minutes of fare.", 0.0, False),
    ("opinion", "I think the town has two too many car parks.", 0.0, False),
    ("speech with a figure", "We carried 812,000 passengers last year.", 1.0, False),
    ("speech", "It was the best summer this harbour has ever had.", 1.0, False),
])
def test_each_adjustment_applies_to_its_example(name, sentence, in_quote, standfirst):
    assert adjustment(name).applies(Sentence(sentence, in_quote=in_quote, standfirst=standfirst))


def test_every_adjustment_has_an_example():
    names = {"standfirst", "label", "headline", "to the reader", "opinion", "speech with a figure", "speech"}
    assert {a.name for a in ADJUSTMENTS} <= names


def test_you_inside_a_quote_is_not_the_article_talking_to_its_reader():
    s = Sentence("The ferry carried 812,000 people, and “you could feel it”, a crew member said.")
    assert not adjustment("to the reader").applies(s)


# ---- the pipeline --------------------------------------------------------------------

def brute_force(text: str) -> tuple[float, list[str]]:
    """The combine step over every cue, without the early stop."""
    s = Sentence(text)
    found = [(c, c.find(s)) for c in CUES]
    found = [(c, t) for c, t in found if t]
    if not found:
        return 0.0, []
    ranked = sorted(found, key=lambda f: -f[0].weight)
    support = [c for c, _ in ranked[1:] if c.weight >= scoring.SUPPORT][:scoring.MAX_BONUSES]
    return ranked[0][0].weight + scoring.BONUS * len(support), [ranked[0][0].name] + [c.name for c in support]


_PIECES = ["Fares", "rose", "8%", "in", "2024", "according to", "the", "board", "two", "saves", "£4m",
           "because", "record", "wettest", "will", "doubled", "a third of", "won", "three", "in a row",
           "convicted", "approved", "survey", "fifth", "month", "about", "900", "thousands of", "people"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_PIECES), min_size=5, max_size=16))
def test_stopping_early_gives_the_same_score_as_trying_every_cue(words):
    text = " ".join(words) + "."
    s = Sentence(text)
    found = scoring.find_cues(s)
    want_score, want_names = brute_force(text)
    if not found:
        assert want_score == 0.0
        return
    score, used = scoring.combine(found)
    assert score == pytest.approx(want_score)
    assert [f.cue.name for f in used] == want_names


@pytest.mark.parametrize("name, weight, sentence, found", FIRES)
def test_a_cue_marked_digits_only_fires_only_with_a_digit(name, weight, sentence, found):
    c = cue(name, weight)
    if not any(ch.isdigit() for ch in sentence):
        assert not c.digits, "this cue found something in a sentence without a digit"


def test_words_lists_match_phrases_on_tokens_and_report_the_first():
    w = Words("up from|down from|fell", "test list")
    hits = scan("prices fell and then were down from the peak".split())
    assert hits[w.id] == ("fell", 1)
    assert w.id not in scan("the upfrom road".split())


@settings(max_examples=200)
@given(st.lists(st.sampled_from([p for p in _PIECES if not any(ch.isdigit() for ch in p)]
                                + ["seeded", "second", "No.", "since", "record", "the", "most"]),
                min_size=5, max_size=16))
def test_digits_only_cues_find_nothing_without_a_digit(words):
    s = Sentence(" ".join(words) + ".")
    assert [c.name for c in CUES if c.digits and c.find(s)] == []


def test_a_thousands_group_after_a_comma_is_not_an_age():
    # "Name, 58, said" is an age; "waiting, 1,486 are" is one number, named whole
    from annotations.claims import score_sentence

    assert score_sentence("Of those waiting, 1,486 are families with children.")[1] == "number: 1,486"
    assert score_sentence("Jane Doe, 58, said the fees were fair.")[0] < 0.5


def test_a_unit_is_a_whole_word():
    from annotations.claims import score_sentence

    assert score_sentence("The council left 38 perfectly good houses empty.")[1] == "number: 38"
    assert score_sentence("It rained 20 mm per hour all night.")[1] == "figure: 20 mm"


# every word of every cue list, and the pieces above: a cue's ``needs`` must hold on them
_EVERY_CUE_WORD = sorted({w for c in CUES for lst in c.needed() for w in lst}
                         | {w for lst in (V.COUNT, V.SCALE, V.PERCENT, V.CURRENCY_WORDS, V.MONTHS,
                                          V.DENOMINATORS, V.MULTIPLES, V.CHANGE, V.COMPARE, V.APPROX,
                                          V.RESULT, V.HAT_TRICK, V.RANK, V.STREAK, V.ORDINALS, V.SOURCE,
                                          V.STATUS, V.LEGAL, V.PREDICT, V.SINCE) for w in lst})


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES + _EVERY_CUE_WORD + ["one", "a", "every", "out of", "%", "$3",
                                                           "in", "out", "12", "No.", "ten"]),
                min_size=5, max_size=14))
def test_a_cue_finds_nothing_without_a_word_it_needs(words):
    s = Sentence(" ".join(words) + ".")
    digit = any(ch.isdigit() for ch in s.text)
    for c in CUES:
        needed = c.needed()
        if not needed or (digit and c.or_digit):
            continue
        if not any(s.has(w) for w in needed):
            assert c.find(s) is None, (c.name, c.weight)


@pytest.mark.parametrize("name, weight, sentence, found", FIRES)
def test_a_cue_fires_on_its_example_through_the_needs_gate(name, weight, sentence, found):
    # find_cues skips a cue whose needs are missing: its example must get through
    s = Sentence(sentence)
    c = cue(name, weight)
    needed = c.needed()
    if needed and not (c.or_digit and s.digits):
        assert any(s.has(w) for w in needed)


@pytest.mark.parametrize("text, time", [
    ("9.30", "9.30"), ("10:15", "10:15"), ("23:59", "23:59"), ("7pm", "7pm"), ("10.30pm", "10.30pm"),
    ("0.24", None), ("50:50", None), ("24:00", None), ("9.75", None),
])
def test_a_clock_time_has_a_clocks_hour_and_minutes(text, time):
    from annotations.claims import figures as F

    m = F.TIME.rx.search(text)
    assert (m.group() if m else None) == time


def test_a_decimal_or_a_ratio_is_not_taken_for_a_time():
    assert score_sentence("Turnout fell to 0.24 of the electorate.")[0] >= THRESHOLD
    assert score_sentence("The ferry leaves at 9.30 every morning.")[0] < THRESHOLD
