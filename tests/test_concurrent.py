"""Two writers on one annotations file: the three-way merge by id loses nothing."""

from __future__ import annotations

import multiprocessing as mp
import tomllib
from pathlib import Path

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store, read_annotation_file

WORDS = ("lantern harbour ferry council budget winter orchard bridge tunnel market "
         "school station library river meadow quarry").split()
TEXT = "\n".join(f"Line {i}: the {WORDS[i % len(WORDS)]} report number {i} was filed today." for i in range(200)) + "\n"


def setup_article(tmp_path: Path) -> Path:
    p = tmp_path / "shared.txt"
    p.write_text(TEXT, "utf-8")
    return p


def open_store(path: Path) -> Store:
    s = Store(read_article(path), author="t")
    s.load()
    return s


def add_line(store: Store, i: int, tag: str = "claim"):
    needle = f"report number {i} was"
    start = store.article.text.index(needle)
    taken = {a.id for a in store.annotations + store.rejected}
    a = make_annotation(store.article.text, tag, start, start + len(needle), author="t", taken=taken)
    store.annotations.append(a)
    return a


def ids(path: Path) -> set[str]:
    return {a.id for a in read_annotation_file(path).annotations}


def test_interleaved_additions_from_two_stores_are_all_kept(tmp_path):
    art = setup_article(tmp_path)
    one, two = open_store(art), open_store(art)
    made = set()
    for i in range(20):
        made.add(add_line(one, 2 * i).id)
        one.save()
        made.add(add_line(two, 2 * i + 1).id)
        two.save()
    assert ids(one.path) == made
    # Each store also sees the other's work after its save.
    two.save()
    assert {a.id for a in two.annotations} == made


def test_deletion_applies_but_the_other_writers_work_stays(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    keep, drop = add_line(one, 1), add_line(one, 2)
    one.save()
    two = open_store(art)
    theirs = add_line(two, 3)
    two.save()
    one.annotations.remove(next(a for a in one.annotations if a.id == drop.id))
    one.save()
    assert ids(one.path) == {keep.id, theirs.id}
    assert "was added in another session" in " ".join(one.merge_messages)


def test_their_removal_of_an_untouched_entry_is_applied(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    a, b = add_line(one, 1), add_line(one, 2)
    one.save()
    two = open_store(art)
    two.annotations[:] = [x for x in two.annotations if x.id != a.id]
    two.save()
    add_line(one, 5)
    one.save()
    assert a.id not in ids(one.path) and b.id in ids(one.path)
    assert a.id not in {x.id for x in one.annotations}


def test_their_change_is_taken_when_we_did_not_touch_the_entry(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    a = add_line(one, 1)
    one.save()
    two = open_store(art)
    two.annotations[0].note = "checked against the minutes"
    two.save()
    add_line(one, 7)
    one.save()
    notes = {x.id: x.note for x in read_annotation_file(one.path).annotations}
    assert notes[a.id] == "checked against the minutes"
    assert next(x for x in one.annotations if x.id == a.id).note == "checked against the minutes"


def test_both_changed_same_entry_ours_wins_and_theirs_is_kept_as_a_conflict_copy(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    a = add_line(one, 1)
    one.save()
    two = open_store(art)
    two.annotations[0].note = "their note"
    two.save()
    one.annotations[0].note = "our note"
    one.save()
    entries = tomllib.loads(one.path.read_text("utf-8"))["annotations"]
    assert len(entries) == 2
    ours = next(e for e in entries if e["id"] == a.id)
    copy = next(e for e in entries if e["id"] != a.id)
    assert ours["note"] == "our note"
    assert copy["note"] == "their note" and copy["conflict_of"] == a.id
    assert any("kept yours, and theirs as" in m for m in one.merge_messages)


def test_we_removed_what_they_changed_keeps_theirs(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    a = add_line(one, 1)
    one.save()
    two = open_store(art)
    two.annotations[0].note = "still matters"
    two.save()
    one.annotations.clear()
    one.save()
    f = read_annotation_file(one.path)
    assert [(x.id, x.note) for x in f.annotations] == [(a.id, "still matters")]


def test_they_removed_what_we_changed_keeps_ours(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    a = add_line(one, 1)
    one.save()
    two = open_store(art)
    two.annotations.clear()
    two.save()
    one.annotations[0].note = "edited here"
    one.save()
    assert [(x.id, x.note) for x in read_annotation_file(one.path).annotations] == [(a.id, "edited here")]


def test_same_reanchoring_in_two_sessions_is_not_a_conflict(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)
    for i in (3, 9, 40):
        add_line(one, i)
    one.save()
    art.write_text("A new first line.\n" + TEXT, "utf-8")
    two, three = open_store(art), open_store(art)
    assert two.report.moved == 3
    two.save()
    three.save()
    f = read_annotation_file(art.parent / "shared.txt.annotations.toml")
    assert len(f.annotations) == 3
    new = "A new first line.\n" + TEXT
    assert all(x.text == new[x.start:x.end] and x.extra == {} for x in f.annotations)
    assert f.sha256 == read_article(art).sha256


def test_entries_from_a_writer_on_another_version_are_placed_in_ours(tmp_path):
    art = setup_article(tmp_path)
    one = open_store(art)  # holds the old text
    # Another session sees a newer article and adds an annotation to it.
    art.write_text("Inserted line.\n" + TEXT, "utf-8")
    two = open_store(art)
    b = add_line(two, 10)
    two.save()
    one.save()  # nothing of ours changed, but theirs must now be in our coordinates
    got = next(x for x in one.annotations if x.id == b.id)
    assert TEXT[got.start:got.end] == b.text


def test_rejected_entries_merge_too(tmp_path):
    art = setup_article(tmp_path)
    one, two = open_store(art), open_store(art)
    r1 = add_line(one, 1, "boilerplate")
    one.annotations.remove(r1)
    one.rejected.append(r1)
    one.save()
    r2 = add_line(two, 2, "boilerplate")
    two.annotations.remove(r2)
    two.rejected.append(r2)
    two.save()
    assert {x.id for x in read_annotation_file(one.path).rejected} == {r1.id, r2.id}


def _writer(path: str, worker: int, count: int, barrier) -> list[str]:
    store = open_store(Path(path))
    barrier.wait()
    made = []
    for i in range(count):
        made.append(add_line(store, worker * count + i).id)
        store.save()
    return made


def _run_writer(args):
    path, worker, count = args
    return _writer(path, worker, count, _BARRIER)


_BARRIER = None


def _init(barrier):
    global _BARRIER
    _BARRIER = barrier


def test_two_processes_interleaving_saves_lose_nothing(tmp_path):
    art = setup_article(tmp_path)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(3)
    with ctx.Pool(3, initializer=_init, initargs=(barrier,)) as pool:
        results = pool.map(_run_writer, [(str(art), w, 25) for w in range(3)])
    made = {i for r in results for i in r}
    assert len(made) == 75
    assert ids(art.parent / "shared.txt.annotations.toml") == made


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

OPS = st.lists(st.tuples(st.integers(0, 1), st.sampled_from(["add", "add", "delete", "edit", "save", "reload"]),
                         st.integers(0, 10_000)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_random_interleavings_of_two_stores_lose_nothing(tmp_path_factory, ops):
    art = setup_article(tmp_path_factory.mktemp("mix"))
    stores = [open_store(art), open_store(art)]
    added: set[str] = set()
    deleted: set[str] = set()  # deleted by some session: may legitimately be gone
    edited_notes: dict[str, set[str]] = {}
    for who, op, n in ops:
        s = stores[who]
        if op == "add":
            added.add(add_line(s, n % 200).id)
        elif op == "delete" and s.annotations:
            victim = s.annotations.pop(n % len(s.annotations))
            deleted.add(victim.id)
        elif op == "edit" and s.annotations:
            a = s.annotations[n % len(s.annotations)]
            a.note = f"note {n}"
            edited_notes.setdefault(a.id, set()).add(a.note)
        elif op == "save":
            s.save()
        elif op == "reload":
            s.save()
            s.load()
    for s in stores:
        s.save()
    path = art.parent / "shared.txt.annotations.toml"
    if not path.exists():  # nobody ever had anything to save
        assert added <= deleted and all(not s.annotations for s in stores)
        return
    f = read_annotation_file(path)
    present = [a.id for a in f.annotations if "conflict_of" not in a.extra]
    assert len(present) == len(set(present))  # no id twice
    # Everything added and never deleted by anyone is in the file.
    assert added - deleted <= set(present)
    # A conflict copy only ever stands for an entry both sessions edited.
    for a in f.annotations:
        if "conflict_of" in a.extra:
            assert a.extra["conflict_of"] in edited_notes
    # Each session holds what the file holds after its save.
    stores[1].save()
    assert {a.id for a in stores[1].annotations} == {a.id for a in read_annotation_file(f.path).annotations}
