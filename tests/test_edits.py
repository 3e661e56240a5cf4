"""Edits and undo in the core (annotations/edits.py), without the app."""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.article import article_from_text
from annotations.cleaning import clean
from annotations.edits import (
    Add, Batch, Change, EditHistory, Learn, Reject, Remove, accept, accept_all, excerpt, lines_to_learn,
    reject, tag_edit, taken_ids,
)
from annotations.learned import LearnedBoilerplate
from annotations.model import make_annotation
from annotations.store import Store
from annotations.suggest import Suggestion

TEXT = ("Mercer reported the figures on Tuesday. The council said costs rose by 12 per cent.\n"
        "Sign up to our newsletter\n"
        "\"We will look again,\" said Ana Ruiz.\n")


def store_for(text: str = TEXT, folder: Path | None = None) -> Store:
    return Store(article_from_text(text, (folder or Path(".")) / "piece.txt"), author="tester")


def ann(store: Store, tag: str, a: int, z: int, **kw):
    return make_annotation(store.article.text, tag, a, z, author="tester", taken=taken_ids(store), **kw)


def test_add_undo_redo_restores_the_lists():
    store = store_for()
    history = EditHistory(store)
    a = ann(store, "claim", 40, 83)
    done = history.apply(Add(a))
    assert [x.id for x in store.annotations] == [a.id]
    assert done.touched == ((40, 83),) and done.offset == 40
    assert done.description == "claim on 'The council said costs rose…'"
    assert history.can_undo and not history.can_redo
    undone = history.undo()
    assert undone is not None and store.annotations == []
    assert undone.message == "undid: claim on 'The council said costs rose…'"
    redone = history.redo()
    assert redone is not None and redone.message.startswith("redid: claim")
    assert store.annotations == [a]
    assert history.undo() is not None and history.undo() is None  # nothing more to undo


def test_the_store_keeps_its_own_copy():
    store = store_for()
    history = EditHistory(store)
    a = ann(store, "claim", 0, 39)
    history.apply(Add(a))
    a.note = "changed after the fact"
    assert store.annotations[0].note == ""


def test_remove_goes_back_to_its_place():
    store = store_for()
    history = EditHistory(store)
    first, second, third = ann(store, "claim", 0, 39), ann(store, "claim", 40, 83), ann(store, "quote", 110, 146)
    store.annotations[:] = [first, second, third]
    history.apply(Remove(second.copy()))
    assert [x.id for x in store.annotations] == [first.id, third.id]
    history.undo()
    assert [x.id for x in store.annotations] == [first.id, second.id, third.id]


def test_change_sets_only_its_fields_and_undo_only_those():
    store = store_for()
    history = EditHistory(store)
    a = ann(store, "quote", 110, 146)
    store.annotations.append(a)
    done = history.apply(Change.of(a, note="check with Ana", speaker="Ana Ruiz"))
    # a new object, never the old one changed in place: a save on the writer thread may
    # hold the old one, and must see it whole
    changed = store.annotations[0]
    assert changed is not a and (a.note, a.speaker) == ("", None)
    assert (changed.id, changed.note, changed.speaker) == (a.id, "check with Ana", "Ana Ruiz")
    assert done.description.startswith("note, speaker of quote on")
    store.annotations[0] = changed.copy(start=111, end=147)  # another session moved it (a merge)
    history.undo()
    back = store.annotations[0]
    assert (back.note, back.speaker, back.start) == ("", None, 111)


def test_an_edit_whose_annotation_is_gone_changes_nothing():
    store = store_for()
    history = EditHistory(store)
    a = ann(store, "claim", 0, 39)
    done = history.apply(Remove(a))
    assert done.touched == () and store.annotations == []
    history.undo()
    assert store.annotations == []  # never put back what was not taken out


def test_reject_and_furniture_flag():
    store = store_for()
    history = EditHistory(store)
    s = Suggestion("boilerplate", 84, 109, TEXT[84:109], None, 0.9, "newsletter")
    edit = reject(s, TEXT, author="tester", taken=taken_ids(store))
    done = history.apply(edit)
    assert [r.reason for r in store.rejected] == ["newsletter"]
    assert store.rejected[0].origin == "suggested" and done.furniture
    assert done.description == "rejected boilerplate suggestion on 'Sign up to our newsletter'"
    assert history.undo().furniture and store.rejected == []


def test_accept_takes_span_speaker_and_origin():
    store = store_for()
    s = Suggestion("quote", 110, 146, TEXT[110:146], "Ana Ruiz", 0.8, "said: Ana Ruiz")
    taken: set[str] = set()
    edit = accept(s, TEXT, author="tester", taken=taken)
    assert (edit.ann.start, edit.ann.end, edit.ann.speaker, edit.ann.origin) == (110, 146, "Ana Ruiz", "suggested")
    assert taken == {edit.ann.id}
    assert EditHistory(store).apply(edit).description.startswith("accepted quote on")


def test_accept_all_never_adds_the_same_tag_over_the_same_span():
    store = store_for()
    q = Suggestion("quote", 110, 146, TEXT[110:146], "Ana Ruiz", 0.8, "said")
    c = Suggestion("claim", 40, 83, TEXT[40:83], None, 0.8, "statistic")
    store.annotations.append(ann(store, "quote", 110, 146))
    batch = accept_all([q, c, c], store.annotations, TEXT, author="tester", taken=taken_ids(store))
    assert [(e.ann.tag, e.ann.start) for e in batch.edits if isinstance(e, Add)] == [("claim", 40)]
    assert batch.label == "accepted 1 suggestion"
    history = EditHistory(store)
    done = history.apply(batch)
    assert done.message == "accepted 1 suggestion"
    assert sorted((a.tag, a.start, a.end) for a in store.annotations) == [("claim", 40, 83), ("quote", 110, 146)]


def test_boilerplate_block_learned_and_unlearned_with_undo(tmp_path):
    """Issue 10 item 3: undoing B takes the line out of .margin-boilerplate.txt too, and says so."""
    (tmp_path / "piece.txt").write_text(TEXT, encoding="utf-8")
    store = store_for(TEXT, tmp_path)
    doc = clean(store.article)
    start = TEXT.index("Sign up")
    end = start + len("Sign up to our newsletter")
    lines = lines_to_learn(doc, start, end)
    assert lines == ("Sign up to our newsletter",)
    history = EditHistory(store, LearnedBoilerplate.load(tmp_path))
    done = history.apply(Batch((Add(ann(store, "boilerplate", start, end)), Learn(lines))))
    assert done.description == "boilerplate on 'Sign up to our newsletter' (and learned it)"
    assert LearnedBoilerplate.load(tmp_path).entries == ["Sign up to our newsletter"]
    undone = history.undo()
    assert undone.message == "undid: boilerplate on 'Sign up to our newsletter' (and unlearned it)"
    assert LearnedBoilerplate.load(tmp_path).entries == [] and store.annotations == []
    assert history.redo().message.endswith("(and learned it)")
    assert LearnedBoilerplate.load(tmp_path).matches("sign up to our  newsletter")


def test_undo_never_unlearns_a_line_known_before(tmp_path):
    lb = LearnedBoilerplate.load(tmp_path)
    lb.add("Sign up to our newsletter")
    lb.save()
    store = store_for(TEXT, tmp_path)
    history = EditHistory(store, LearnedBoilerplate.load(tmp_path))
    done = history.apply(Batch((Add(ann(store, "boilerplate", 84, 109)), Learn(("Sign up to our newsletter",)))))
    assert done.description == "boilerplate on 'Sign up to our newsletter'"  # nothing new learned
    assert history.undo().message == "undid: boilerplate on 'Sign up to our newsletter'"
    assert LearnedBoilerplate.load(tmp_path).entries == ["Sign up to our newsletter"]


def test_a_learned_file_that_cannot_be_written_is_a_warning_not_a_lost_annotation(tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    store = store_for(TEXT, folder)
    history = EditHistory(store, LearnedBoilerplate.load(folder))
    folder.rmdir()
    done = history.apply(Batch((Add(ann(store, "boilerplate", 84, 109)), Learn(("Sign up to our newsletter",)))))
    assert len(store.annotations) == 1
    assert done.warnings and done.warnings[0].startswith("not learned:")
    assert not done.description.endswith("(and learned it)")


def test_excerpt_cuts_at_a_word():
    assert excerpt("Mercer reported the figures on Tuesday") == "Mercer reported the figures…"
    assert excerpt("short\nline") == "short line"
    assert "\x1b" not in excerpt("bad \x1b[31m escape")


def test_lines_to_learn_needs_whole_blocks():
    store = store_for()
    doc = clean(store.article)
    start = TEXT.index("Sign up")
    assert lines_to_learn(doc, start, start + 7) == ()
    assert lines_to_learn(doc, 0, len(TEXT))[1:2] == ("Sign up to our newsletter",)


# ------------------------------------------------------------------ property

SPANS = [(0, 39), (40, 83), (84, 109), (110, 146), (0, 83), (40, 146)]
TAGS = ["claim", "quote", "boilerplate"]


def _edit_strategy(depth: int = 0) -> st.SearchStrategy:
    leaf = st.one_of(
        st.tuples(st.just("add"), st.sampled_from(TAGS), st.sampled_from(SPANS)),
        st.tuples(st.just("remove"), st.integers(0, 20)),
        st.tuples(st.just("change"), st.integers(0, 20), st.text(max_size=5), st.none() | st.text(max_size=5)),
        st.tuples(st.just("reject"), st.sampled_from(TAGS), st.sampled_from(SPANS)),
        st.tuples(st.just("learn"), st.sampled_from(["Sign up to our newsletter", "Advertisement", ""])),
        st.tuples(st.just("missing")),
    )
    if depth >= 1:
        return leaf
    return st.one_of(leaf, st.tuples(st.just("batch"), st.lists(_edit_strategy(depth + 1), max_size=4)))


def _make(spec: tuple, store: Store):
    kind = spec[0]
    if kind == "add":
        return Add(ann(store, spec[1], *spec[2]))
    if kind == "reject":
        r = ann(store, spec[1], *spec[2], origin="suggested")
        r.reason = "advert"
        return Reject(r)
    if kind == "learn":
        return Learn((spec[1],))
    if kind == "missing":  # an annotation deleted meanwhile by another session
        return Remove(ann(store, "claim", 0, 1))
    if kind == "batch":
        return Batch(tuple(_make(s, store) for s in spec[1]))
    if not store.annotations:
        return Add(ann(store, "claim", 0, 39))
    target = store.annotations[spec[1] % len(store.annotations)]
    if kind == "remove":
        return Remove(target.copy())
    return Change.of(target, note=spec[2], speaker=spec[3])


def _state(store: Store, folder: Path) -> tuple:
    return (copy.deepcopy(store.annotations), copy.deepcopy(store.rejected),
            LearnedBoilerplate.load(folder).entries)


@settings(max_examples=int(os.environ.get("MARGIN_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(_edit_strategy(), min_size=1, max_size=8), seeded=st.integers(0, 3))
def test_any_edits_undone_restore_exactly_and_redo_reapplies_exactly(specs, seeded):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = store_for(TEXT, folder)
        for k in range(seeded):  # what the file held when the article was opened
            store.annotations.append(ann(store, TAGS[k % 3], *SPANS[k]))
        history = EditHistory(store, LearnedBoilerplate.load(folder))
        states = [_state(store, folder)]
        for spec in specs:
            history.apply(_make(spec, store))
            states.append(_state(store, folder))
        for k in range(len(specs)):
            assert history.undo() is not None
            assert _state(store, folder) == states[-2 - k]
        assert not history.can_undo
        for k in range(len(specs)):
            assert history.redo() is not None
            assert _state(store, folder) == states[k + 1]
        assert not history.can_redo


def test_tagging_a_suggested_span_takes_the_suggestion():
    """Issue 10 item 1: q on a sentence holding a quote suggestion, then accept all: one quote, with its speaker."""
    from annotations.suggestion_set import SuggestionSet

    store = store_for()
    q = TEXT.index('"We')
    quote = Suggestion("quote", q, q + 36, TEXT[q:q + 36], "Ana Ruiz", 0.8, "said: Ana Ruiz")
    ss = SuggestionSet(store.annotations, store.rejected)
    ss.add_batch([quote], final=True)
    history = EditHistory(store)
    sentence_end = TEXT.index("Ruiz.") + 5  # the sentence: the quote and its full stop
    edit = tag_edit(store, "quote", q, sentence_end, author="tester", suggestions=ss)
    done = history.apply(edit)
    [a] = store.annotations
    assert (a.start, a.end, a.speaker, a.origin) == (q, q + 36, "Ana Ruiz", "suggested")
    assert ss.refilter(spans=done.touched).removed == [quote]
    assert accept_all(ss.of_tag("quote"), store.annotations, TEXT, author="tester",
                      taken=taken_ids(store)).edits == ()
    # far from any suggestion: a manual annotation; the same key again removes it
    manual = tag_edit(store, "claim", 0, 39, author="tester", suggestions=ss)
    assert isinstance(manual, Add) and manual.ann.origin == "manual"
    history.apply(manual)
    again = tag_edit(store, "claim", 0, 39, author="tester", suggestions=ss)
    assert isinstance(again, Remove) and again.ann.id == manual.ann.id


def test_tagging_a_whole_block_as_boilerplate_learns_it_in_the_same_edit(tmp_path):
    store = store_for(TEXT, tmp_path)
    doc = clean(store.article)
    a = TEXT.index("Sign up")
    edit = tag_edit(store, "boilerplate", a, a + 25, author="tester", doc=doc)
    assert isinstance(edit, Batch) and edit.edits[1] == Learn(("Sign up to our newsletter",))
    assert isinstance(tag_edit(store, "boilerplate", a, a + 7, author="tester", doc=doc), Add)  # part of a block
