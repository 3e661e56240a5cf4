"""annotations/quicktoml.py gives tomllib's answer, or none at all (never another one)."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.model import Annotation
from annotations.quicktoml import loads
from annotations.store import dumps

TEXTS = st.text(max_size=30)
WHEN = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                    timezones=st.just(timezone.utc)).map(lambda d: d.replace(microsecond=0))
ENTRY = st.builds(
    Annotation, id=st.text(min_size=1, max_size=8), tag=st.text(min_size=1, max_size=10),
    start=st.integers(0, 10**6), end=st.integers(0, 10**6), text=TEXTS, prefix=TEXTS, suffix=TEXTS,
    note=TEXTS, speaker=st.none() | TEXTS, author=TEXTS, created=st.none() | WHEN,
    origin=st.sampled_from(["manual", "suggested"]), reason=TEXTS,
    anchor=st.sampled_from(["exact", "orphan"]),
)


def _answer(text: str):
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "error"


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(ENTRY, max_size=4), rejected=st.lists(ENTRY, max_size=2), name=TEXTS)
def test_the_stores_own_files_read_the_same(entries, rejected, name):
    text = dumps(name, "f" * 64, 12, entries, rejected)
    quick = loads(text)
    assert quick is not None  # the store's layout is always read quickly
    assert quick == tomllib.loads(text)


@settings(max_examples=600, deadline=None)
@given(entries=st.lists(ENTRY, min_size=1, max_size=2), at=st.integers(0, 10**6), cut=st.integers(0, 3),
       insert=st.sampled_from(['"', "\\", "\\u", "\\U0010FFFF", "\\uD800", "\n", "\r", " ", "#", "[", "]", "=",
                               "\x00", "\t", "'", "T", "Z", ".5", "0", "-", "+", "_", "x", "[[annotations]]\n",
                               "[article]\n", "id = \"x\"\n", "\u2028", "e", "true", ""]))
def test_mangled_files_get_tomllibs_answer_or_none(entries, at, cut, insert):
    text = dumps("a.txt", "0" * 64, 5, entries, [])
    at %= len(text) + 1
    mangled = text[:at] + insert + text[at + cut:]
    quick = loads(mangled)
    if quick is not None:
        assert quick == _answer(mangled)


def test_what_it_leaves_to_tomllib():
    base = 'format = 1\n\n[article]\nfile = "a"\nsha256 = "b"\nlength = 0\n'
    for extra in ('x = [1]\n', 'x = 1 # note\n', 'x=1\n', 'x = 1.5\n', "x = 'lit'\n", 'x = 2026-01-01T00:00:00.5Z\n',
                  '"quoted" = 1\n', '[tool]\n', 'x = +1\n', 'x = 1_000\n'):
        assert loads(base + extra) is None, extra
    assert loads(base.replace("\n", "\r\n")) is None
    assert loads(base + 'file = "again"\n') is None  # a repeated key: tomllib refuses it
    assert loads(base + "[article]\n") is None
    assert loads(base + 'x = "a\\u00e9\\\\u0041\\t"\n')["article"]["x"] == "a\u00e9\\u0041\t"
