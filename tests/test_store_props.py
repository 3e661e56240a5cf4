"""Property tests: any Unicode survives save/load, offsets slice exactly, edits elsewhere re-anchor exactly."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import EXACT, MOVED, place
from annotations.article import read_article
from annotations.model import Annotation, make_annotation
from annotations.store import Store, dumps, parse_annotation_text

# Every code point TOML can hold: all but the surrogates (which no UTF-8 file can carry).
# Control characters (\x00-\x1f, \x7f), quotes, backslashes, newlines, emoji, RTL marks
# and combining marks are all in here, and we make sure they turn up often.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
TRICKY = st.sampled_from(
    ['"', "\\", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "'''", '"""', "\u202e", "\u05d0\u05d1",
     "e\u0301", "\U0001F600", "\U0001F469\u200d\U0001F4BB", "\ufeff", "\u2028", "#", "=", "[[x]]"])
TEXTS = st.lists(st.one_of(ANY_CHAR, TRICKY), max_size=40).map("".join)

# MARGIN_EXAMPLES=2000 for a longer hunt than the suite's default.
SETTINGS = settings(max_examples=int(os.environ.get("MARGIN_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=TEXTS, note=TEXTS, speaker=st.none() | TEXTS, prefix=TEXTS, suffix=TEXTS, tag=TEXTS.filter(bool),
       extra_value=TEXTS)
def test_entries_round_trip_any_unicode(text, note, speaker, prefix, suffix, tag, extra_value):
    a = Annotation(id="a1", tag=tag, start=3, end=3 + len(text), text=text, prefix=prefix, suffix=suffix,
                   note=note, speaker=speaker, author=note[:5],
                   created=datetime(2026, 11, 29, 23, 15, tzinfo=timezone.utc),
                   extra={"tool note": extra_value})
    body = dumps("art\u00e9 \"x\".txt", "ab" * 32, 99, [a], [a.copy(id="r1", reason=note)], {"x": extra_value})
    f = parse_annotation_text(Path("t.annotations.toml"), body)
    (b,) = f.annotations
    assert (b.text, b.note, b.speaker, b.prefix, b.suffix, b.tag, b.author, b.created, b.extra) == (
        text, note, speaker, prefix, suffix, tag, note[:5], a.created, {"tool note": extra_value})
    assert f.rejected[0].reason == note
    assert f.extra == {"x": extra_value}
    assert f.article_file == "art\u00e9 \"x\".txt"


OFFSETS = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))])


@SETTINGS
@given(created=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)), tz=OFFSETS,
       key=st.sampled_from(["created", "stamp"]))
def test_datetimes_round_trip_exactly(created, tz, key):
    created = created.replace(tzinfo=tz)
    a = Annotation(id="a1", tag="claim", start=0, end=0, text="", created=created,
                   extra={"stamp": created} if key == "stamp" else {})
    body = dumps("a.txt", "", 0, [a], [])
    (b,) = parse_annotation_text(Path("t.toml"), body).annotations
    assert b.created == created and b.created.tzinfo == created.tzinfo
    assert b.extra == a.extra
    if tz is timezone.utc:
        assert "Z\n" in body


ARTICLE = st.lists(st.one_of(ANY_CHAR, TRICKY, st.sampled_from(["\r\n", " ", "word", ". "])),
                   min_size=1, max_size=120).map("".join).map(lambda s: s.replace("\x00", " "))
# (A NUL byte makes a file binary, which read_article rightly refuses: not an article.)


@SETTINGS
@given(raw=ARTICLE, data=st.data())
def test_offsets_slice_the_raw_text_exactly_through_a_real_file(raw, data):
    with tempfile.TemporaryDirectory() as folder:
        p = Path(folder) / "a.txt"
        p.write_bytes(raw.encode("utf-8"))
        art = read_article(p)
        text = art.text
        assume(text)
        store = Store(art, author="p")
        store.load()
        spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))),
                                   min_size=1, max_size=5))
        for s, e in spans:
            s, e = min(s, e), max(s, e)
            taken = {a.id for a in store.annotations}
            store.annotations.append(make_annotation(text, "claim", s, e, author="p", note=raw[:10], taken=taken))
        store.save()
        again = Store(read_article(p))
        report = again.load()
        assert report.moved == report.fuzzy == report.orphan == 0
        assert sorted((a.start, a.end, a.text, a.note) for a in again.annotations) == sorted(
            (a.start, a.end, a.text, a.note) for a in store.annotations)
        for a in again.annotations:
            assert text[a.start:a.end] == a.text


WORD = st.sampled_from(["the", "board", "said", "rose", "12", "per", "cent", "\u201cno\u201d", "caf\u00e9",
                        "\U0001F600", "a", ",", "."])
SENTENCE = st.lists(WORD, min_size=3, max_size=10).map(" ".join)


@SETTINGS
@given(sentences=st.lists(SENTENCE, min_size=3, max_size=12), data=st.data())
def test_annotations_with_untouched_text_reanchor_exactly_after_edits_elsewhere(sentences, data):
    old = "\n".join(sentences) + "\n"
    # Annotate a few spans (whole sentences or parts of them).
    anns = []
    for k in data.draw(st.lists(st.integers(0, len(sentences) - 1), min_size=1, max_size=4, unique=True)):
        line_start = sum(len(s) + 1 for s in sentences[:k])
        lo = data.draw(st.integers(0, len(sentences[k]) - 1))
        hi = data.draw(st.integers(lo + 1, len(sentences[k])))
        anns.append(make_annotation(old, "claim", line_start + lo, line_start + hi, author="p"))
    # Random edits (insertions, deletions, replacements) at places outside every annotation.
    new = old
    protected = [(a.start, a.end) for a in anns]
    for _ in range(data.draw(st.integers(1, 6))):
        free = [i for i in range(len(new) + 1) if not any(s < i < e for s, e in protected)]
        at = data.draw(st.sampled_from(free))
        op = data.draw(st.sampled_from(["insert", "delete"]))
        if op == "insert":
            ins = data.draw(st.one_of(SENTENCE, TEXTS))
            new = new[:at] + ins + new[at:]
            shift = len(ins)
        else:
            stop = at
            while stop < len(new) and stop - at < 8 and not any(s <= stop < e for s, e in protected):
                stop += 1
            new = new[:at] + new[stop:]
            shift = -(stop - at)
        protected = [(s + shift, e + shift) if s >= at else (s, e) for s, e in protected]
    for a, (s, e) in zip(anns, protected):
        assert new[s:e] == a.text  # the edit really left this text alone
        p = place(a, new)
        assert p.status in (EXACT, MOVED)
        assert new[p.start:p.end] == a.text
        if new.count(a.text) == 1:
            assert (p.start, p.end) == (s, e)
