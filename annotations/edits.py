"""Edits to an article's annotations, as typed records, with undo and redo.

An edit says what the user did (``Add``, ``Remove``, ``Change``, ``Reject``, ``Learn``,
or a ``Batch`` of them); ``EditHistory`` applies it to a ``Store`` and keeps what is
needed to take it back exactly: a removed annotation goes back to its place in the
list, and a line learned as boilerplate for the folder is unlearned again. Each call
answers with an ``Applied``: the spans it touched (the suggestions there need a new
look), whether furniture may have turned into body, and one line for the user.

No saving here: the caller saves the store after each call (a change that cannot be
saved stays in memory), and this module only writes the folder's learned-boilerplate
file, which is part of what a ``Learn`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Union

from .errors import MarginError
from .model import Annotation, make_annotation
from .team import decide_tag, is_own
from .textmap import safe_text

if TYPE_CHECKING:
    from .document import Document
    from .learned import LearnedBoilerplate
    from .store import Store
    from .suggest import Suggestion
    from .suggestion_set import SuggestionSet


# ----------------------------------------------------------------------- records
# Frozen records holding Annotation values. The history copies an annotation on the
# way in and on the way out, so nobody can change an edit on the undo stack by
# changing the annotation it was made from.

@dataclass(frozen=True)
class Add:
    ann: Annotation


@dataclass(frozen=True)
class Remove:
    ann: Annotation  # found by id


@dataclass(frozen=True)
class Change:
    """Fields of one annotation changed (a note, a speaker). Only the fields that differ
    between ``before`` and ``after`` are set, and undo sets only those back, so a
    change merged in from another session meanwhile (new offsets) is kept."""

    before: Annotation  # the same id in both
    after: Annotation

    @classmethod
    def of(cls, ann: Annotation, **changes: object) -> "Change":
        return cls(ann.copy(), ann.copy(**changes))

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(Annotation)
                     if getattr(self.before, f.name) != getattr(self.after, f.name))


@dataclass(frozen=True)
class Reject:
    rejection: Annotation  # a suggestion as a ``[[rejected]]`` entry


@dataclass(frozen=True)
class Learn:
    """Lines of page furniture learned for the folder (``.margin-boilerplate.txt``)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Batch:
    edits: tuple["Edit", ...]
    label: str = ""  # what the user did, as a whole: "accepted 12 quote suggestions"


Edit = Union[Add, Remove, Change, Reject, Learn, Batch]


@dataclass(frozen=True)
class Applied:
    """What one apply, undo or redo did."""

    edit: Edit
    kind: str  # "done" | "undone" | "redone"
    touched: tuple[tuple[int, int], ...]  # raw spans whose annotations changed
    description: str  # "boilerplate on 'Mercer reported…' (and learned it)"
    learned: tuple[str, ...] = ()  # lines learned (or, undone, unlearned)
    furniture: bool = False  # a boilerplate rejection came or went: overrides may change
    warnings: tuple[str, ...] = ()  # one line each, e.g. the learned file not written

    @property
    def offset(self) -> int | None:
        """Where the change is, for the cursor: the first span touched."""
        return self.touched[0][0] if self.touched else None

    @property
    def message(self) -> str:
        """The line for the footer: "undid: …", "redid: …", or the description."""
        prefix = {"undone": "undid: ", "redone": "redid: "}.get(self.kind, "")
        return prefix + self.description


# --------------------------------------------------------------- descriptions

def excerpt(text: str, width: int = 28) -> str:
    """The start of ``text`` on one line, cut at a word with "…": 'Mercer reported…'."""
    flat = " ".join(safe_text(text).split())
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width + 1)
    return flat[: cut if cut > width // 2 else width].rstrip(" ,;:.") + "…"


def _on(ann: Annotation) -> str:
    return f"{safe_text(ann.tag)} on '{excerpt(ann.text)}'"


def describe(edit: Edit) -> str:
    """What an edit does, in a few words (without what learning it did)."""
    if isinstance(edit, Add):
        return ("accepted " if edit.ann.origin == "suggested" else "") + _on(edit.ann)
    if isinstance(edit, Remove):
        return "removed " + _on(edit.ann)
    if isinstance(edit, Change):
        what = ", ".join(edit.changed) or "nothing"
        return f"{what} of " + _on(edit.after)
    if isinstance(edit, Reject):
        r = edit.rejection
        return f"rejected {safe_text(r.tag)} suggestion on '{excerpt(r.text)}'"
    if isinstance(edit, Learn):
        return "learned " + ", ".join(f"'{excerpt(x)}'" for x in edit.lines)
    if edit.label:
        return edit.label
    parts = [describe(e) for e in edit.edits if not isinstance(e, Learn)]
    if not parts:
        parts = [describe(e) for e in edit.edits]
    if len(parts) > 2:
        return f"{parts[0]} and {len(parts) - 1} more"
    return "; ".join(parts) if parts else "nothing"


# ------------------------------------------------------------------ building

def accept(s: "Suggestion", article_text: str, *, author: str | None, taken: set[str]) -> Add:
    """Accepting a suggestion: its exact span and speaker, origin "suggested".
    ``taken`` (ids in use) gets the new id, so a batch never reuses one."""
    ann = make_annotation(article_text, s.tag, s.start, s.end, author=author, speaker=s.speaker,
                          origin="suggested", taken=taken)
    taken.add(ann.id)
    return Add(ann)


def reject(s: "Suggestion", article_text: str, *, author: str | None, taken: set[str]) -> Reject:
    """Rejecting a suggestion: kept as a ``[[rejected]]`` entry with the suggestion's reason."""
    rej = make_annotation(article_text, s.tag, s.start, s.end, author=author, speaker=s.speaker,
                          origin="suggested", taken=taken)
    rej.reason = s.reason
    taken.add(rej.id)
    return Reject(rej)


def accept_all(suggestions: list["Suggestion"], annotations: list[Annotation], article_text: str, *,
               author: str | None, taken: set[str], label: str = "") -> Batch:
    """Accepting many suggestions at once, never adding an annotation of the same tag
    over the same span as one that is there already (or earlier in the batch)."""
    have = {(a.tag, a.start, a.end) for a in annotations if not a.orphan}
    out: list[Edit] = []
    for s in suggestions:
        if s.key in have:
            continue
        have.add(s.key)
        out.append(accept(s, article_text, author=author, taken=taken))
    if not label:
        tag = suggestions[0].tag if suggestions and all(s.tag == suggestions[0].tag for s in suggestions) else ""
        noun = f"{tag} suggestion" if tag else "suggestion"
        label = f"accepted {len(out)} {noun}{'s' if len(out) != 1 else ''}"
    return Batch(tuple(out), label)


def tag_edit(store: "Store", name: str, start: int, end: int, *, author: str | None,
             suggestions: "SuggestionSet | None" = None, doc: "Document | None" = None,
             sentence: bool = False) -> Edit:
    """What tagging [start, end) with ``name`` does (the ``c``/``q``/``b`` keys).

    - The same tag on exactly that span already, the author's own: it is removed (the
      key toggles); another author's is never removed, this author's is added beside it.
    - A suggestion of that tag stands for the span: it is accepted, with its exact
      span and speaker and origin "suggested", so no near twin of it is added.
    - Else a new manual annotation.
    Tagging boilerplate also learns the whole blocks it covers for the folder (with
    ``doc``), in the same edit, so one undo takes both back.

    With ``sentence`` (the key was pressed on the cursor sentence, not a selection), a
    suggestion of that tag inside the sentence is what the key means: the span becomes
    the suggestion's (issue 10 item 1: ``q`` on a sentence holding a quote takes the
    quote with its speaker, so accepting all adds no twin of it), and the author's own
    suggested annotation of that tag inside it is what ``q`` again untags."""
    if sentence:
        start, end = _within_sentence(store, name, start, end, author, suggestions)
    text = store.article.text
    # Only the author's own annotation is untagged: another author's stays, and this
    # author gets their own beside it (annotations/team.py).
    decision = decide_tag(store.annotations, name, start, end, author or "")
    if decision.existing is not None:
        return Remove(decision.existing.copy())
    taken = taken_ids(store)
    s = suggestions.covering(start, end, name) if suggestions is not None else None
    if s is not None:
        add = accept(s, text, author=author, taken=taken)
    else:
        add = Add(make_annotation(text, name, start, end, author=author, taken=taken))
    lines = lines_to_learn(doc, add.ann.start, add.ann.end) if name == "boilerplate" and doc is not None else ()
    return Batch((add, Learn(lines))) if lines else add


def _within_sentence(store: "Store", name: str, start: int, end: int, author: str | None,
                     suggestions: "SuggestionSet | None") -> tuple[int, int]:
    """The span a tag key on the sentence [start, end) stands for (see ``tag_edit``)."""
    inside = [x for x in store.annotations
              if x.tag == name and not x.orphan and start <= x.start and x.end <= end]
    if any((x.start, x.end) == (start, end) for x in inside):
        return start, end  # the sentence itself is tagged: the key untags it
    own = [x for x in inside if x.origin == "suggested" and is_own(x, author or "")]
    if own:
        return own[0].start, own[0].end
    if suggestions is not None:
        for s in suggestions.under(start, end):
            if s.tag == name and start <= s.start and s.end <= end:
                return s.start, s.end
    return start, end


def taken_ids(store: "Store") -> set[str]:
    """Ids in use in either table: a new entry must not reuse one."""
    return {a.id for a in store.annotations} | {a.id for a in store.rejected}


def lines_to_learn(doc: "Document", start: int, end: int) -> tuple[str, ...]:
    """The display lines of the blocks that ``[start, end)`` covers whole (all their
    visible text): what tagging that span as boilerplate teaches the folder."""
    if end <= start or start >= len(doc.text):
        return ()
    lines = []
    for i in range(doc.block_at(start), doc.block_at(max(start, end - 1)) + 1):
        b = doc.blocks[i]
        if b.content_end > b.content_start and start <= b.content_start and end >= b.content_end:
            lines.append(doc.display(i).text)
    return tuple(lines)


# ------------------------------------------------------------------- history

@dataclass
class _Done:
    """An edit as it was applied, with what undoing it needs."""

    edit: Edit
    index: int = -1  # Remove: where the annotation was; Reject: where it went
    learned: tuple[str, ...] = ()  # Learn: the lines that were new (only those are unlearned)
    parts: list["_Done"] = field(default_factory=list)  # Batch


class EditHistory:
    """Applies edits to ``store.annotations`` and ``store.rejected``, and takes them back.

    ``learned`` is the folder's learned boilerplate; a ``Learn`` reads the file again
    before adding (another article of the folder may have added lines meanwhile) and
    writes it at once. Without it, a ``Learn`` does nothing.
    """

    def __init__(self, store: "Store", learned: "LearnedBoilerplate | None" = None) -> None:
        self.store = store
        self.learned = learned
        self._undo: list[_Done] = []
        self._redo: list[_Done] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def apply(self, edit: Edit) -> Applied:
        out = _Outcome()
        done = self._do(edit, out)
        self._undo.append(done)
        self._redo.clear()
        return out.applied(edit, "done")

    def undo(self) -> Applied | None:
        if not self._undo:
            return None
        done = self._undo.pop()
        out = _Outcome()
        self._undo_one(done, out)
        self._redo.append(done)
        return out.applied(done.edit, "undone")

    def redo(self) -> Applied | None:
        if not self._redo:
            return None
        edit = self._redo.pop().edit
        out = _Outcome()
        self._undo.append(self._do(edit, out))
        return out.applied(edit, "redone")

    # -- one edit

    def _do(self, edit: Edit, out: "_Outcome") -> _Done:
        anns, rejected = self.store.annotations, self.store.rejected
        if isinstance(edit, Add):
            anns.append(edit.ann.copy())
            out.touch(edit.ann)
            return _Done(edit)
        if isinstance(edit, Remove):
            i = _index(anns, edit.ann.id)
            if i >= 0:
                out.touch(anns.pop(i))
            return _Done(edit, index=i)
        if isinstance(edit, Change):
            i = _index(anns, edit.before.id)
            if i >= 0:
                out.touch(anns[i])
                anns[i] = _updated(anns[i], edit.after, edit.changed)
                out.touch(anns[i])
            return _Done(edit, index=i)
        if isinstance(edit, Reject):
            rejected.append(edit.rejection.copy())
            out.touch(edit.rejection)
            out.furniture |= edit.rejection.tag == "boilerplate"
            return _Done(edit)
        if isinstance(edit, Learn):
            return _Done(edit, learned=self._learn(edit.lines, out))
        return _Done(edit, parts=[self._do(e, out) for e in edit.edits])

    def _undo_one(self, done: _Done, out: "_Outcome") -> None:
        anns, rejected = self.store.annotations, self.store.rejected
        edit = done.edit
        if isinstance(edit, Add):
            i = _index(anns, edit.ann.id)
            if i >= 0:
                out.touch(anns.pop(i))
        elif isinstance(edit, Remove):
            if done.index >= 0 and _index(anns, edit.ann.id) < 0:
                anns.insert(min(done.index, len(anns)), edit.ann.copy())
                out.touch(edit.ann)
        elif isinstance(edit, Change):
            i = _index(anns, edit.after.id)
            if done.index >= 0 and i >= 0:
                out.touch(anns[i])
                anns[i] = _updated(anns[i], edit.before, edit.changed)
                out.touch(anns[i])
        elif isinstance(edit, Reject):
            i = _index(rejected, edit.rejection.id)
            if i >= 0:
                out.touch(rejected.pop(i))
                out.furniture |= edit.rejection.tag == "boilerplate"
        elif isinstance(edit, Learn):
            self._unlearn(done.learned, out)
        else:
            for part in reversed(done.parts):
                self._undo_one(part, out)

    # -- the folder's learned boilerplate

    def _learn(self, lines: tuple[str, ...], out: "_Outcome") -> tuple[str, ...]:
        if self.learned is None or not lines:
            return ()
        from .learned import LearnedBoilerplate

        try:
            fresh = LearnedBoilerplate.load(self.learned.folder)
            new = tuple(line for line in lines if fresh.add(line))
            if new:
                fresh.save()
        except MarginError as err:
            out.warnings.append(f"not learned: {err}")
            return ()
        self.learned = fresh
        out.learned.extend(new)
        return new

    def _unlearn(self, lines: tuple[str, ...], out: "_Outcome") -> None:
        if self.learned is None or not lines:
            return
        from .learned import LearnedBoilerplate

        try:
            fresh = LearnedBoilerplate.load(self.learned.folder)
            gone = tuple(line for line in lines if fresh.remove(line))
            if gone:
                fresh.save()
        except MarginError as err:
            out.warnings.append(f"not unlearned: {err}")
            return
        self.learned = fresh
        out.learned.extend(gone)


@dataclass
class _Outcome:
    # a dict keeps the first-touched order and answers "seen?" in O(1): accepting all of
    # 70,000 suggestions took minutes with a list scan per span
    touched: dict[tuple[int, int], None] = field(default_factory=dict)
    learned: list[str] = field(default_factory=list)
    furniture: bool = False
    warnings: list[str] = field(default_factory=list)

    def touch(self, ann: Annotation) -> None:
        self.touched.setdefault((ann.start, ann.end), None)

    def applied(self, edit: Edit, kind: str) -> Applied:
        text = describe(edit)
        if self.learned:
            text += " (and unlearned it)" if kind == "undone" else " (and learned it)"
        return Applied(edit, kind, tuple(self.touched), text, tuple(self.learned), self.furniture,
                       tuple(self.warnings))


def _index(items: list[Annotation], ident: str) -> int:
    return next((i for i, a in enumerate(items) if a.id == ident), -1)


def _updated(target: Annotation, source: Annotation, names: tuple[str, ...]) -> Annotation:
    """A copy of ``target`` with ``names`` taken from ``source``. Never in place: a save on
    the writer thread holds the same objects, and a field changed under it would be written
    half-updated, or recorded as the merge base while the file still holds the old value."""
    fresh = target.copy()
    for name in names:
        value = getattr(source, name)
        setattr(fresh, name, dict(value) if isinstance(value, dict) else value)
    return fresh
