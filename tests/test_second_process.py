"""A big pass may run part of its work in a forked second process: the answer must be
exactly the one-process answer, whatever the child does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import annotations.second_process as sp
import annotations.suggest as sg
from annotations.article import article_from_text, read_article
from annotations.claims import THRESHOLD, find_claims, score_sentence
from annotations.claims.spans import IN_QUOTE, claim_verdicts
from annotations.cleaning import clean
from annotations.quotes.mentions import extract_mentions
from annotations.quotes.pipeline import quote_window

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the second process is Linux-only")

SAMPLES = sorted(Path(__file__).parent.parent.joinpath("sample_articles").iterdir())

_STORY = (
    "The ferry carried 41,200 passengers in July, up 12% on last year, the harbour board said.\n\n"
    "“We have never seen a summer like it,” said Orla Penngate, the harbour master.\n\n"
    "“The queues ran past the bakery,” she added.\n\n"
    "Advertisement\n\n"
    "Mr Dunbirch, 61, who runs the café, said takings had doubled. “Bring water,” he said.\n\n"
    "Dr Ash Kettleby, a vet, said three dogs were treated. “Keep them in the shade,” the vet said.\n\n"
)


@pytest.fixture
def always(monkeypatch):
    """Use the second process for any size, and count the child's answers."""
    monkeypatch.setattr(sg, "WORTH_IT_ABOVE", 0)
    answered: list[str] = []
    real_next = sp.SecondProcess._next

    def counting(self, *args):
        got = real_next(self, *args)
        answered.append(type(got).__name__)
        return got

    monkeypatch.setattr(sp.SecondProcess, "_next", counting)
    return answered


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_second_process_gives_the_one_process_answer_on_the_samples(path, always):
    doc = clean(read_article(path))
    alone = sg.suggest(doc)
    assert sg.suggest(clean(read_article(path)), parallel=True) == alone
    assert always == ["_Names", "ClaimVerdicts"]  # the child answered both


def test_the_second_process_gives_the_same_answer_in_windows_and_ranges(always, monkeypatch):
    doc = clean(article_from_text(_STORY * 60, "big.txt"))
    whole = sg.suggest(doc)
    assert sg.suggest(doc, parallel=True) == whole
    near = range(20, 80)
    assert sg.suggest(doc, blocks=near, parallel=True) == sg.suggest(doc, blocks=near)
    monkeypatch.setattr(sg, "WINDOWED_ABOVE", 1_000)
    monkeypatch.setattr(sg, "WINDOW", 3_000)
    assert sg.suggest(doc, parallel=True) == sg.suggest(doc)
    assert always.count("ClaimVerdicts") > 3 and "NoneType" not in always


def test_a_child_that_dies_leaves_the_answer_unchanged(always, monkeypatch):
    doc = clean(article_from_text(_STORY * 20, "big.txt"))
    whole = sg.suggest(doc)
    monkeypatch.setattr(sp, "_child", lambda *args: os._exit(3))
    assert sg.suggest(doc, parallel=True) == whole
    assert set(always) == {"NoneType"}  # nothing came back: this process did both parts


def test_a_child_whose_part_fails_leaves_the_answer_unchanged(always, monkeypatch):
    doc = clean(article_from_text(_STORY * 20, "big.txt"))
    whole = sg.suggest(doc)

    def fails(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return real(*args, **kwargs)

    parent, real = os.getpid(), sp.claim_verdicts
    monkeypatch.setattr(sp, "claim_verdicts", fails)
    assert sg.suggest(doc, parallel=True) == whole
    assert always == ["_Names", "NoneType"]


def test_no_child_is_left_behind(always, monkeypatch):
    started: list[int] = []
    real_start = sp.SecondProcess.start.__func__  # type: ignore[attr-defined]

    def start(cls, *args):
        helper = real_start(cls, *args)
        started.append(helper._pid)
        return helper

    monkeypatch.setattr(sp.SecondProcess, "start", classmethod(start))
    doc = clean(article_from_text(_STORY * 20, "big.txt"))
    sg.suggest(doc, parallel=True)
    assert len(started) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)  # reaped already: no zombie, nothing running


def test_names_come_in_parts_that_are_the_names_read_at_once(always, monkeypatch):
    monkeypatch.setattr(sp, "PART_CHARS", 1_000)
    doc = clean(article_from_text(_STORY * 40, "big.txt"))
    whole = sg.suggest(doc)
    assert sg.suggest(doc, parallel=True) == whole
    assert always.count("_Names") > 5 and always[-1] == "ClaimVerdicts"
    bodies = quote_window(doc)
    stops = list(sp._parts(doc, bodies))
    assert stops[-1] == len(bodies) and stops == sorted(set(stops))
    starts = [0] + stops[:-1]
    found = [n for a, z in zip(starts, stops) for n in extract_mentions(doc, bodies[a:z]).found]
    assert found == extract_mentions(doc, bodies).found


def test_a_child_that_dies_midway_leaves_the_answer_unchanged(always, monkeypatch):
    monkeypatch.setattr(sp, "PART_CHARS", 2_000)
    doc = clean(article_from_text(_STORY * 40, "big.txt"))
    whole = sg.suggest(doc)
    real_send, sent = sp._send, []

    def dies_after_three(fd, answer):
        if len(sent) == 3:
            os._exit(0)
        sent.append(answer)
        real_send(fd, answer)

    monkeypatch.setattr(sp, "_send", dies_after_three)
    assert sg.suggest(doc, parallel=True) == whole
    assert always[:4] == ["_Names"] * 3 + ["NoneType"]


def test_a_failing_rule_stops_the_names_where_it_would_have_alone(monkeypatch):
    from annotations.quotes import mentions as qm
    from annotations.quotes import pipeline as qp

    monkeypatch.setattr(sg, "WORTH_IT_ABOVE", 0)
    monkeypatch.setattr(sp, "PART_CHARS", 2_000)
    doc = clean(article_from_text(_STORY * 40, "big.txt"))
    real = qm._described_names
    calls = {"n": 0}

    def breaks_on_the_fortieth(t, base, people):
        calls["n"] += 1
        if calls["n"] % 1000 == 40:  # the same paragraph in either process: the count restarts per pass
            raise RuntimeError("a rule's bug")
        real(t, base, people)

    monkeypatch.setattr(qm, "_described_names", breaks_on_the_fortieth)
    alone = sg.suggest(doc)
    calls["n"] = 0
    assert sg.suggest(doc, parallel=True) == alone
    assert qp._GUARD


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4000), st.integers(1, 400)), max_size=12))
def test_claims_from_verdicts_are_the_claims_scored_with_the_quotes(raw_spans):
    doc = _STORY_DOC
    # quote spans as the quote pass gives them: sorted, not overlapping
    spans: list[tuple[int, int]] = []
    for a, n in sorted(raw_spans):
        if not spans or a >= spans[-1][1]:
            spans.append((a, min(a + n, len(doc.text))))
    assert find_claims(doc, spans, verdicts=claim_verdicts(doc)) == find_claims(doc, spans)


_STORY_DOC = clean(article_from_text(_STORY * 6 + "The Ostenford pontoon cost £4.2m and opened in March.\n", "s.txt"))

_SPEECH_WORDS = st.sampled_from(
    ["The", "council", "spent", "£4.2m", "on", "12%", "of", "41,200", "people", "said", "I", "think",
     "we", "rose", "doubled", "a", "third", "record", "in", "2023", "you", "should", "best", "since",
     "according", "to", "ONS", "will", "fall", "by", "half", "the", "year", "Ada", "Penn"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPEECH_WORDS, min_size=1, max_size=25), st.floats(0, 1), st.booleans())
def test_direct_speech_never_raises_a_score_and_only_its_share_past_the_line_counts(words, share, standfirst):
    # claim_verdicts leaves out what scores below the threshold as narration, and
    # find_claims scores again only sentences more than IN_QUOTE inside quotes
    s = " ".join(words) + "."
    narration = score_sentence(s, in_quote=0.0, standfirst=standfirst)
    spoken = score_sentence(s, in_quote=share, standfirst=standfirst)
    assert spoken[0] <= narration[0]
    if share <= IN_QUOTE:
        assert spoken == narration
    if narration[0] < THRESHOLD:
        assert spoken[0] < THRESHOLD


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPEECH_WORDS, min_size=1, max_size=25), st.booleans(), st.sampled_from([0.0, 0.3, THRESHOLD, 0.7]))
def test_one_scoring_gives_the_verdicts_as_narration_and_as_speech(words, standfirst, threshold):
    from annotations.claims.scoring import score_as_narration_and_speech

    s = " ".join(words) + "."
    narration, speech = score_as_narration_and_speech(s, standfirst=standfirst, threshold=threshold)
    assert narration == score_sentence(s, in_quote=0.0, standfirst=standfirst)
    if narration[0] < threshold:
        assert speech is None  # never needed: as speech it scores lower still
    else:
        assert speech == score_sentence(s, in_quote=1.0, standfirst=standfirst)
