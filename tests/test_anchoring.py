"""Re-anchoring rules: exact, moved (context picks among repeats), fuzzy, orphan."""

from __future__ import annotations

from annotations.anchoring import EXACT, FUZZY, MOVED, ORPHAN, place, reanchor
from annotations.model import make_annotation

OLD = (
    "The harbour board met on Tuesday.\n"
    "It said the pier would close for repairs.\n"
    "Fishermen said the pier would close too early.\n"
    "Repairs will cost an estimated four million pounds over two years.\n"
)


def ann(text: str, needle: str, nth: int = 0, tag: str = "claim"):
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return make_annotation(text, tag, i, i + len(needle), author="t")


def test_exact_when_offsets_still_hold_the_text():
    a = ann(OLD, "harbour board")
    new = OLD.replace("Tuesday", "Wednesday")
    p = place(a, new)
    assert (p.status, p.start, p.end) == (EXACT, a.start, a.end)


def test_moved_when_text_shifted():
    a = ann(OLD, "Repairs will cost")
    new = "Breaking: " + OLD
    p = place(a, new)
    assert (p.status, p.start) == (MOVED, a.start + len("Breaking: "))
    assert new[p.start:p.end] == a.text


def test_context_chooses_between_repeats_over_distance():
    # The second "the pier would close" (after "Fishermen said ") is annotated. After an
    # insertion the first occurrence sits nearer its old offset, but the context wins.
    a = ann(OLD, "the pier would close", 1)
    new = OLD.replace("The harbour board met on Tuesday.\n", "")
    new = new.replace("It said the pier", "It said, after a long meeting that ran late, the pier")
    p = place(a, new)
    assert p.status == MOVED
    assert new[p.start - len("Fishermen said "):p.start] == "Fishermen said "


def test_nearest_repeat_when_context_does_not_help():
    text = "x " * 50 + "alpha beta" + " y" * 50 + " alpha beta" + " z" * 50
    a = ann(text, "alpha beta", 1)
    a.prefix, a.suffix = "", ""
    shifted = "q" + text
    p = place(a, shifted)
    assert p.start == a.start + 1


def test_fuzzy_between_unchanged_prefix_and_suffix():
    a = ann(OLD, "Repairs will cost an estimated four million pounds")
    new = OLD.replace("an estimated four million", "an estimated 4.2 million")
    p = place(a, new)
    assert p.status == FUZZY
    assert new[p.start:p.end] == "Repairs will cost an estimated 4.2 million pounds"
    assert p.score >= 85


def test_fuzzy_without_context_finds_the_edited_text():
    a = ann(OLD, "Fishermen said the pier would close too early.")
    # The text is lightly edited and its surroundings rewritten.
    new = "Quite different opening words here.\nFishermen said the pier would shut too early.\nEnd."
    p = place(a, new)
    assert p.status == FUZZY
    assert new[p.start:p.end] == "Fishermen said the pier would shut too early."


def test_fuzzy_match_keeps_whole_words():
    a = ann(OLD, "Fishermen said the pier would close too early")
    new = "Other.\nFishermen said that the pier would close too early!\nEnd."
    p = place(a, new)
    assert p.status == FUZZY
    assert new[p.start:p.end] == "Fishermen said that the pier would close too early"


def test_similar_but_different_sentence_is_not_taken():
    a = ann(OLD, "It said the pier would close for repairs.")
    new = OLD.replace("It said the pier would close for repairs.", "")
    assert place(a, new).status == ORPHAN


def test_short_text_is_never_matched_fuzzily():
    a = ann(OLD, "Tuesday")
    p = place(a, OLD.replace("Tuesday", "Tuesdays"[1:]))
    assert p.status == ORPHAN


def test_rewritten_text_is_an_orphan_with_its_last_offsets():
    a = ann(OLD, "It said the pier would close for repairs.")
    new = OLD.replace("It said the pier would close for repairs.", "Nothing was decided about anything.")
    before = (a.start, a.end, a.text)
    move = reanchor(a, new)
    assert a.anchor == ORPHAN and move.status == ORPHAN
    assert (a.start, a.end, a.text) == before
    assert "orphan" in move.describe()


def test_reanchor_refreshes_context_and_reports_the_move():
    a = ann(OLD, "Repairs will cost")
    new = "Breaking: " + OLD.replace("two years.", "three years.")
    move = reanchor(a, new)
    assert move.status == MOVED and (move.old_start, move.new_start) == (a.start - 10, a.start)
    assert a.prefix == new[max(0, a.start - 32):a.start]
    assert a.suffix == new[a.end:a.end + 32]


def test_reanchor_exact_returns_none_and_keeps_context_if_asked():
    a = ann(OLD, "harbour board")
    a.prefix = "stale"
    assert reanchor(a, OLD, refresh_context=False) is None
    assert a.prefix == "stale"
    assert reanchor(a, OLD) is None
    assert a.prefix == OLD[:a.start]


def test_orphan_found_again_reports_a_move_back():
    a = ann(OLD, "harbour board")
    a.anchor = ORPHAN
    move = reanchor(a, OLD)
    assert a.anchor == EXACT and move.status == MOVED


def test_fuzzy_span_ends_at_the_right_copy_of_the_suffix():
    # Periodic text: the stored suffix also occurs inside the annotated span, so the
    # first place it matches is not where the annotation ends.
    unit = "abcd efgh ijkl mnop "  # 20 characters
    text = "Lead-in words go here. " + unit * 7 + "and the end.\n"
    start = len("Lead-in words go here. ")
    a = make_annotation(text, "claim", start, start + 100, author="t")
    assert a.suffix == (unit * 2)[:32]
    at = start + 2 * 20 + 3  # edit in the third unit: no clean run of five units is left
    new = text[:at] + "X" + text[at + 1:]
    assert a.text not in new
    p = place(a, new)
    assert p.status == FUZZY
    assert (p.start, p.end) == (start, start + 100)


def test_changed_first_word_is_kept_when_the_context_is_also_edited():
    old = "The pool reopened in May. What is the cost of entry for a family of four? Prices rise soon.\n"
    a = ann(old, "What is the cost of entry for a family of four?")
    # The neighbouring sentences changed too, so neither stored prefix nor suffix is intact.
    new = "The pool reopened in June. How is the cost of entry for a family of four? Costs rise soon.\n"
    p = place(a, new)
    assert p.status == FUZZY
    assert new[p.start:p.end] == "How is the cost of entry for a family of four?"


def test_one_intact_side_of_the_context_anchors_an_edited_last_word():
    old = "Opening words of the piece. The mayor said the scheme was popular with residents.\nNext line."
    a = ann(old, "The mayor said the scheme was popular with residents.")
    # The prefix changed; the suffix did not. 87% similar: too little for a free search.
    new = "Opening words of this piece. The mayor said the scheme was popular with commuters.\nNext line."
    p = place(a, new)
    assert p.status == FUZZY
    assert new[p.start:p.end] == "The mayor said the scheme was popular with commuters."


def test_both_sides_and_last_word_changed_is_too_much_to_guess():
    old = "Opening words of the piece. The mayor said the scheme was popular with residents.\nNext line."
    a = ann(old, "The mayor said the scheme was popular with residents.")
    new = "Opening words of this piece. The mayor said the scheme was popular with commuters.\nLast line."
    assert place(a, new).status == ORPHAN
