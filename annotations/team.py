"""Working as a team: who owns an annotation, and what an author sees (docs/team.md).

The reader app asks this module three questions and decides nothing of its own:

* ``decide_tag(...)``: a tag key was pressed over a span. Untag only the current
  author's own annotation with that tag and span; anyone else's stays, and the
  current author gets their own beside it. No author ever removes another's work
  by pressing a tag key.
* ``removal_owner(...)`` / ``removal_question(...)``: ``x`` over an annotation. One of
  another author's needs a confirmation that names them.
* ``visible(...)``: what to draw. In blind mode (``team = true`` in margin.toml) an
  author sees only their own annotations, as INCEpTION shows each annotator by
  default, so their work stays independent and ``margin agree`` measures something.
  A toggle shows the others' annotations too, dimmed.

An annotation with no author (a hand-written file, or one from before authors were
recorded) belongs to nobody in particular, so it counts as the current author's own:
a solo user is never locked out of their old annotations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Iterable, Literal, Protocol, Sequence, TypeVar

from .model import Annotation
from .textmap import safe_text


class _Authored(Protocol):
    @property
    def author(self) -> str: ...


def is_own(a: _Authored, author: str) -> bool:
    """Whether ``author`` owns ``a`` (an unattributed annotation is everyone's)."""
    return not a.author or a.author == author


@dataclass(frozen=True)
class TagDecision:
    """What a tag key does: ``add`` a new annotation for the author, or ``remove`` theirs."""

    action: Literal["add", "remove"]
    existing: Annotation | None = None  # the author's own annotation to remove
    # Other authors' annotations with this tag on this span: kept, and worth a word in
    # the footer ("ben's claim stays; yours added").
    others: tuple[Annotation, ...] = ()


def decide_tag(annotations: Iterable[Annotation], tag: str, start: int, end: int,
               author: str) -> TagDecision:
    """A tag key over [start, end): untag the author's own same-tag same-span annotation,
    else add one of theirs. Others' annotations there are never removed."""
    own: Annotation | None = None
    others: list[Annotation] = []
    for a in annotations:
        if a.tag != tag or a.start != start or a.end != end or a.orphan:
            continue
        if is_own(a, author):
            own = own or a
        else:
            others.append(a)
    if own is not None:
        return TagDecision("remove", own, tuple(others))
    return TagDecision("add", None, tuple(others))


def removal_owner(a: _Authored, author: str) -> str | None:
    """Whose annotation ``x`` is about to remove, when it is not the current author's;
    None when it is theirs (remove without asking)."""
    return None if is_own(a, author) else a.author


def removal_question(a: Annotation, author: str) -> str | None:
    """The confirmation to ask before removing another author's annotation, naming
    them (safe for the terminal); None when no question is needed."""
    owner = removal_owner(a, author)
    if owner is None:
        return None
    return safe_text(f"Remove {owner}'s {a.tag} \u201c{_clip(a.text)}\u201d? It is not yours.")


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# ------------------------------------------------------------------------ blind mode

S = TypeVar("S")


@dataclass
class View(Generic[S]):
    """What the reader draws: annotations (own first-class, others dimmed) and suggestions."""

    annotations: list[Annotation]
    suggestions: list[S]
    dimmed: frozenset[str] = field(default_factory=frozenset)  # ids of others' annotations
    hidden_others: int = 0  # others' annotations not drawn (blind mode, toggle off)
    # The other authors whose annotations are drawn, for the footer and the sidebar.
    other_authors: tuple[str, ...] = ()

    def is_dimmed(self, a: Annotation) -> bool:
        return a.id in self.dimmed


def visible(annotations: Sequence[Annotation], suggestions: Sequence[S], author: str,
            show_others: bool, *, team: bool = True) -> View[S]:
    """What to draw for ``author``.

    Not in team mode: everything, nothing dimmed (the behaviour before teams).
    In team mode (blind): the author's own annotations; with ``show_others`` also the
    other authors', listed in ``dimmed``. Suggestions are nobody's and are drawn as
    given; the app computes them against the author's own work (``own_only``), so
    another author's tag never hides a suggestion from a blind annotator.
    """
    if not team:
        return View(list(annotations), list(suggestions))
    own = [a for a in annotations if is_own(a, author)]
    others = [a for a in annotations if not is_own(a, author)]
    if not show_others:
        return View(own, list(suggestions), frozenset(), len(others))
    shown = sorted(own + others, key=Annotation.sort_key)
    names = tuple(sorted({a.author for a in others}))
    return View(shown, list(suggestions), frozenset(a.id for a in others), 0, names)


def own_only(entries: Iterable[Annotation], author: str, *, team: bool = True) -> list[Annotation]:
    """The author's own entries in team mode (everything otherwise): what the app hands
    to ``suggest.without_rejected`` as the annotations and the rejections, so in blind
    mode a suggestion is hidden only by the author's own tag or rejection."""
    entries = list(entries)
    return [a for a in entries if is_own(a, author)] if team else entries


def others_label(view: View) -> str:
    """The footer's word on others' work: "showing ben, cleo (dimmed)", "3 by others hidden"."""
    if view.other_authors:
        return safe_text("showing " + ", ".join(view.other_authors) + " (dimmed)")
    if view.hidden_others:
        n = view.hidden_others
        return f"{n} annotation{'s' if n != 1 else ''} by others hidden"
    return ""
