"""The review filter's query language, in the core (annotations/review.py parse_query)."""

from __future__ import annotations

from pathlib import Path

from annotations.review import ReviewQuery, ReviewRow, haystack, parse_query


def row(tag="claim", author="ana", text="Rents rose 12%", note="", speaker=None, article="rents.txt") -> ReviewRow:
    return ReviewRow(Path("/news") / article, "a1", tag, 0, len(text), text, speaker, note, author,
                     "2026-11-29T23:15:00Z", "ok")


def test_terms():
    assert parse_query("  Tag:Cl  by:Ana rents author:BO ").terms == (
        ("tag", "cl"), ("author", "ana"), ("word", "rents"), ("author", "bo"))
    assert parse_query("note:x").terms == (("word", "note:x"),)  # not a field: a word
    assert not parse_query("   ") and parse_query("x")


def test_tag_is_a_prefix_author_a_substring_words_anywhere():
    r = row(speaker="Tom Greaves", note="Check with council")
    assert parse_query("tag:cl").matches(r) and not parse_query("tag:laim").matches(r)
    assert parse_query("author:n").matches(r) and not parse_query("author:bob").matches(r)
    for word in ("rents", "12%", "greaves", "council", "rents.txt", "ana", "CLAIM"):
        assert parse_query(word).matches(r), word
    assert not parse_query("quote").matches(r)
    assert parse_query("tag:claim rose greaves").matches(r)
    assert not parse_query("tag:claim rose bananas").matches(r)  # every word must match
    assert ReviewQuery().matches(r)


def test_a_word_does_not_match_across_two_fields():
    r = row(text="ends with rose", note="garden")
    assert not parse_query("rosegarden").matches(r) and parse_query("rose garden").matches(r)
    assert "\n" in haystack(r)


def test_filter_and_narrowing():
    rows = [row(tag="claim", author="ana"), row(tag="quote", author="bo"), row(tag="claim", author="bob")]
    assert parse_query("tag:cl by:b").filter(rows) == [rows[2]]
    old, new = parse_query("tag:c ren"), parse_query("tag:cl rent extra")
    assert old.narrowed_by(new) and not new.narrowed_by(old)
    assert not parse_query("by:a").narrowed_by(parse_query("tag:a"))


def test_prepared_rows_give_the_same_answer():
    r = row(speaker="Ana Ruiz")
    for q in ("ruiz", "tag:c", "by:zz", "rose 12"):
        query = parse_query(q)
        assert query.matches_prepared(r.tag.casefold(), r.author.casefold(), haystack(r)) == query.matches(r)
