"""suggest(): furniture, learned lines, ordering, without_rejected, and the CLI's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from annotations.article import article_from_text
from annotations.document import Document
from annotations.learned import LearnedBoilerplate
from annotations.model import make_annotation
from annotations.structure import segment
from annotations.suggest import Suggestion, suggest, without_rejected
from tui.cli import main

TEXT = (
    "Advertisement\n"
    "\n"
    "The county library lent 48,000 books last year, up 12% on 2023.\n"
    "\n"
    "“We want every child in the county to have a library card,” said Nadia Farouk, the head librarian.\n"
    "\n"
    "It was a sunny afternoon when we visited.\n"
    "\n"
    "Follow us for daily updates\n"
)


def doc_of(text: str = TEXT, furniture: dict[int, str] | None = None) -> Document:
    art = article_from_text(text)
    blocks = segment(art.text)
    for i, reason in (furniture or {}).items():
        blocks[i] = replace(blocks[i], boilerplate=True, reason=reason)
    return Document(art, blocks)


def test_quotes_claims_and_furniture_sorted_by_start():
    d = doc_of(furniture={0: "advert"})
    got = suggest(d)
    assert [s.start for s in got] == sorted(s.start for s in got)
    by_tag = {s.tag: s for s in got}
    assert set(by_tag) == {"boilerplate", "claim", "quote"}
    bp = by_tag["boilerplate"]
    assert (bp.text, bp.reason, bp.speaker) == ("Advertisement", "advert", None)
    q = by_tag["quote"]
    assert q.speaker == "Nadia Farouk" and q.reason == "said: Nadia Farouk"
    assert d.text[q.start:q.end] == q.text == \
        "We want every child in the county to have a library card,"
    c = by_tag["claim"]
    assert c.text.startswith("The county library lent 48,000 books") and c.speaker is None
    assert 0.5 <= c.score <= 1.0 and c.reason
    for s in got:
        assert d.text[s.start:s.end] == s.text
        assert s.key == (s.tag, s.start, s.end)


def test_chit_chat_is_not_suggested():
    got = suggest(doc_of())
    assert not any("sunny afternoon" in s.text for s in got)


def test_furniture_blocks_are_not_searched_for_quotes_or_claims():
    text = "Subscribe now: 50% off for 12 months, says “our biggest sale of the year ever”.\n"
    d = doc_of(text, furniture={0: "paywall"})
    assert [(s.tag, s.reason) for s in suggest(d)] == [("boilerplate", "paywall")]


def test_learned_lines_are_suggested(tmp_path):
    lb = LearnedBoilerplate(tmp_path)
    lb.add("follow us for DAILY updates")
    got = [s for s in suggest(doc_of(), learned=lb) if s.tag == "boilerplate"]
    assert [(s.text, s.reason) for s in got] == [("Follow us for daily updates", "learned")]
    assert not [s for s in suggest(doc_of()) if s.tag == "boilerplate"]


def _ann(d, s: Suggestion, **kw):
    return make_annotation(d.text, s.tag, s.start, s.end, author="t", **kw)


def test_without_rejected_drops_rejected_and_annotated():
    d = doc_of(furniture={0: "advert"})
    got = suggest(d)
    quote = next(s for s in got if s.tag == "quote")
    claim = next(s for s in got if s.tag == "claim")
    bp = next(s for s in got if s.tag == "boilerplate")
    rejected = [_ann(d, quote)]
    annotations = [_ann(d, claim)]
    left = without_rejected(got, rejected, annotations)
    assert left == [bp]


def test_rejection_is_per_tag():
    d = doc_of()
    claim = next(s for s in suggest(d) if s.tag == "claim")
    as_quote = make_annotation(d.text, "quote", claim.start, claim.end, author="t")
    assert claim in without_rejected([claim], [as_quote], [])
    assert claim in without_rejected([claim], [], [as_quote])


def test_rejection_follows_the_text_after_an_edit():
    d = doc_of()
    quote = next(s for s in suggest(d) if s.tag == "quote")
    rej = _ann(d, quote)
    # the article gained a paragraph above; the store re-anchored the rejection
    shifted = Suggestion(quote.tag, quote.start + 20, quote.end + 20, quote.text, quote.speaker,
                         quote.score, quote.reason)
    rej.start, rej.end, rej.anchor = shifted.start, shifted.end, "moved"
    assert without_rejected([shifted], [rej], []) == []
    # a different quote at the old place is not hidden by it
    other = Suggestion("quote", quote.start, quote.end, "Something else entirely", None, 0.9, "x")
    assert without_rejected([other], [rej], []) == [other]


def test_orphaned_rejection_still_hides_the_same_text():
    d = doc_of()
    quote = next(s for s in suggest(d) if s.tag == "quote")
    rej = _ann(d, quote)
    rej.anchor = "orphan"
    rej.start = rej.end = 0
    assert without_rejected([quote], [rej], []) == []


def test_annotation_with_the_quote_marks_covers_the_suggestion():
    d = doc_of()
    quote = next(s for s in suggest(d) if s.tag == "quote")
    wider = make_annotation(d.text, "quote", quote.start - 1, quote.end + 1, author="t")
    assert without_rejected([quote], [], [wider]) == []


def test_cli_json_shape(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["suggest", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and all(set(item) == {"tag", "start", "end", "text", "speaker", "score", "reason"}
                        for item in data)
    raw = path.read_text(encoding="utf-8")
    for item in data:
        assert raw[item["start"]:item["end"]] == item["text"]
        assert item["speaker"] is None or item["tag"] == "quote"
    assert any(i["tag"] == "quote" and i["speaker"] == "Nadia Farouk" for i in data)


def test_cli_uses_the_folders_learned_file(tmp_path, capsys, monkeypatch):
    # the cleaner's own verdict on the line is not what this test is about
    monkeypatch.setattr("annotations.cleaning.clean", lambda art: Document(art, segment(art.text)))
    path = tmp_path / "story.txt"
    line = "Lantern Street Weekly is printed and delivered by our volunteers."
    path.write_text(TEXT + "\n" + line + "\n", encoding="utf-8")
    lb = LearnedBoilerplate.load(tmp_path)
    lb.add(line)
    lb.save()
    assert main(["suggest", str(path), "--json", "--tag", "boilerplate"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["text"] for i in data if i["reason"] == "learned"] == [line]


def test_cli_human_listing_and_missing_file(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["suggest", str(path)]) == 0
    out = capsys.readouterr().out
    assert "said: Nadia Farouk" in out and "[Nadia Farouk]" in out
    assert main(["suggest", str(tmp_path / "nope.txt")]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and err.count("\n") == 1


def test_suggest_module_does_not_import_textual():
    code = ("import sys, annotations.suggest, tui.commands.suggest; "
            "sys.exit(1 if any(m.startswith('textual') for m in sys.modules) else 0)")
    root = Path(__file__).resolve().parent.parent
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


@pytest.mark.parametrize("text", ["", "\n\n", "“", "”unbalanced“ marks ‘ ’ « »\n", "\x00\x01 ›› ‹‹\n"])
def test_odd_input_does_not_crash(text):
    d = doc_of(text)
    for s in suggest(d):
        assert 0 <= s.start <= s.end <= len(d.text)


# --- ranges of blocks ---------------------------------------------------------------

STORY = (
    "Harbour fares to rise as crossings double\n"
    "\n"
    "The Wexmoor ferry carried 412,000 passengers last year, up 9.5% on 2023.\n"
    "\n"
    "Tamsin Orrell, 52, who runs a café by the slipway, said takings had doubled.\n"
    "\n"
    "“It is the busiest I have seen the quay in twenty years,” she added.\n"
    "\n"
    "“We open at six now. We close when the last boat is in.\n"
    "\n"
    "“Some nights that is past midnight,” Ms Orrell said.\n"
    "\n"
    "Fares will rise by 12p from 1 April, the harbour master said.\n"
    "\n"
    "Dr Pell, a vet at the quayside clinic, said three dogs had been treated for heatstroke.\n"
    "\n"
    "“Bring water for them,” the vet said.\n"
    "\n"
    "It was a bright, windy afternoon when we walked along the harbour wall.\n"
)


def _union(d: Document, size: int) -> list[Suggestion]:
    got: list[Suggestion] = []
    for a in range(0, len(d.blocks), size):
        got += suggest(d, blocks=range(a, a + size))
    return sorted(got, key=lambda s: (s.start, s.end, s.tag))


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_consecutive_ranges_add_up_to_the_whole(size):
    d = doc_of(STORY, furniture={18: "caption"})
    whole = suggest(d)
    assert {s.tag for s in whole} == {"quote", "claim", "boilerplate"}
    # speakers that come from earlier paragraphs: a pronoun, the paragraph before, a title
    reasons = {s.reason for s in whole}
    assert {"she: Tamsin Orrell", "same speaker: Tamsin Orrell", "the vet: Dr Pell"} <= reasons
    assert _union(d, size) == whole


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parent.parent / "sample_articles").iterdir()))
def test_ranges_add_up_on_the_sample_articles(path):
    from annotations.article import read_article
    from annotations.cleaning import clean

    d = clean(read_article(path))
    whole = suggest(d)
    assert whole
    for size in (1, 4):
        assert _union(d, size) == whole


def test_a_range_answers_only_for_its_blocks():
    d = doc_of(STORY)
    for a in range(len(d.blocks)):
        for s in suggest(d, blocks=range(a, a + 2)):
            assert a <= d.block_at(s.start) < a + 2
    assert suggest(d, blocks=range(0, 0)) == []
    assert suggest(d, blocks=range(50, 90)) == []
    assert suggest(d, blocks=range(-5, 100)) == suggest(d)
    with pytest.raises(ValueError):
        suggest(d, blocks=range(0, 10, 2))


def test_speaker_context_reaches_back_a_fixed_number_of_paragraphs():
    from annotations.quotes import find_quotes

    filler = "\n".join(f"The tide table for day {n} was pinned to the door.\n" for n in range(6))
    text = ("Tamsin Orrell, who runs a café by the slipway, spoke first.\n\n" + filler +
            "\n“It is the busiest I have seen the quay,” she said.\n")
    d = doc_of(text)
    last = range(len(d.blocks) - 1, len(d.blocks))
    assert [q.speaker for q in find_quotes(d)] == ["Tamsin Orrell"]
    assert [q.speaker for q in find_quotes(d, last)] == ["Tamsin Orrell"]
    # with less context than the distance to the name, the pronoun has no one to point at
    assert [q.speaker for q in find_quotes(d, last, context=2)] == [None]


def test_suggest_leaves_the_cycle_collector_alone(monkeypatch) -> None:
    # Switching it off is process-wide, and the app runs a small article's pass in a
    # thread beside the screen; only a process that does nothing else turns it off.
    import gc

    import annotations.quotes as quotes
    import annotations.suggest as sg
    from annotations.article import article_from_text
    from annotations.cleaning import clean

    seen: list[bool] = []
    real = quotes.find_quotes

    def watching(*args, **kw):
        seen.append(gc.isenabled())
        return real(*args, **kw)

    monkeypatch.setattr(quotes, "find_quotes", watching)  # (suggest imports it when it runs)
    doc = clean(article_from_text("“We were there,” said Jane Doe. Prices rose 12% in 2024.\n"))
    assert gc.isenabled()
    assert sg.suggest(doc)
    assert seen == [True] and gc.isenabled()
    with sg.cycle_collector_off():
        assert not gc.isenabled()
        sg.suggest(doc)
    assert gc.isenabled()


# --- a huge article is suggested a window at a time (issue 13, item 14) -----------------

_STORY = (
    "Ferry queues grow at the harbour\n\n"
    "The harbour board said on Monday that 41,200 passengers crossed in July, up 12% on last year.\n\n"
    "“We have never seen a summer like it,” said Orla Penngate, the harbour master.\n\n"
    "“The queues ran past the bakery,” she added.\n\n"
    "Advertisement\n\n"
    "Mr Dunbirch, who runs the café, said takings had doubled. “Bring water,” he said.\n\n"
)


def test_windows_cover_every_block_once():
    import annotations.suggest as sg
    from annotations.cleaning import clean

    doc = clean(article_from_text(_STORY * 40, "big.txt"))
    for size in (1, 50, 700, 10_000, 10**9):
        got = [i for w in sg._windows(doc, size) for i in w]
        assert got == list(range(len(doc.blocks)))


def test_windowed_suggestions_match_the_whole_pass_when_speakers_are_near(monkeypatch):
    import annotations.suggest as sg
    from annotations.cleaning import clean

    doc = clean(article_from_text(_STORY * 40, "big.txt"))
    whole = sg.suggest(doc)
    monkeypatch.setattr(sg, "WINDOWED_ABOVE", 1_000)
    monkeypatch.setattr(sg, "WINDOW", 2_000)
    windowed = sg.suggest(doc)
    assert len(list(sg._windows(doc, 2_000))) > 5  # it really ran in windows
    assert windowed == whole
    speakers = [s.speaker for s in windowed if s.tag == "quote"]
    assert len(speakers) == 40 * 3 and speakers.count("Orla Penngate") == 40 * 2


def test_a_suggestion_can_read_its_text_from_the_article_and_stays_the_same():
    import pickle
    from dataclasses import FrozenInstanceError

    from annotations.suggest import SharedText, Suggestion

    text = "The board met. “We will paint it,” said Ada Penn. It costs £4,200."
    a = text.index("We")
    own = Suggestion("quote", a, a + 16, text[a:a + 16], "Ada Penn", 0.8, "said: Ada Penn")
    shared = Suggestion("quote", a, a + 16, text[a:a + 16], "Ada Penn", 0.8, "said: Ada Penn")
    shared.share(SharedText(text))
    assert shared._text.__class__ is SharedText  # noqa: SLF001 - the copy is gone
    assert shared.text == "We will paint it" and shared == own and hash(shared) == hash(own)
    assert pickle.loads(pickle.dumps(shared)) == own  # pickled with its text
    other = Suggestion("quote", a, a + 16, "something else", "Ada Penn", 0.8, "said: Ada Penn")
    other.share(SharedText(text))  # not the article's text there: keeps its own
    assert other.text == "something else" and other != own
    with pytest.raises(FrozenInstanceError):
        own.start = 3  # type: ignore[misc]
