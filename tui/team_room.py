"""The app's team room: what an author sees of the others' work, and the question
asked before removing it (issue 11, docs/team.md).

The rules are ``annotations/team.py``'s; this room only applies them. In blind mode
(``team = true`` in margin.toml) the reader draws the current author's annotations;
``O`` draws the others' too, dimmed, in a layer of their own (``others``), and names
their authors in the footer and the sidebar.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from annotations.model import Annotation
from annotations.team import View, others_label, own_only, removal_question, visible

from .app_base import AppBase
from .screens import YesNoScreen



class RemoveOthersScreen(YesNoScreen):
    """x on another author's annotation: "Remove zelda's claim "…"? It is not yours."
    No is focused: enter on a reflex keeps their work."""

    heading = "Not yours"
    danger = True

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question  # already safe_text (annotations.team.removal_question)

    def body(self) -> Iterable[Widget]:
        yield Static(Text(self.question))

    def labels(self) -> tuple[str, str]:
        return "Remove it (y)", "Keep it (n)"


class TeamRoom(AppBase):
    """Blind mode, its toggle, and asking before removing another author's work."""

    show_others: bool = False

    def _team_view(self) -> View[Any]:
        anns = self.store.annotations if self.store is not None else []
        return visible(anns, [], self.tagset.author, self.show_others, team=self.tagset.team)

    def _draw_team_view(self) -> View[Any]:
        """Own annotations filled as always; the others' (toggled on) filled dimmed."""
        tv = self._team_view()
        own = [a for a in tv.annotations if not tv.is_dimmed(a)]
        self.view.set_layer("annotations", own, mode="fill")
        if self.tagset.team or "others" in self.view.span_layers:
            self.view.set_layer("others", [a for a in tv.annotations if tv.is_dimmed(a)], mode="dim")
        return tv

    def _own(self, entries: list[Annotation]) -> list[Annotation]:
        """What suggestions are filtered against: in blind mode only the author's own
        work, so another author's tag never hides a suggestion."""
        return own_only(entries, self.tagset.author, team=self.tagset.team)

    def action_toggle_others(self) -> None:
        """O: the other authors' annotations, dimmed, or hidden again (team mode)."""
        if not self.tagset.team:
            self._say("Every author's annotations are shown already (team = true in margin.toml "
                      "shows only your own)", timeout=4)
            return
        self.show_others = not self.show_others
        self._refresh_annotations()
        self._update_footer()

    def _others_part(self) -> str:
        """The footer's word on the others' work, in team mode."""
        return others_label(self._team_view()) if self.tagset.team else ""

    def _ask_before_removing(self, ann: Annotation, remove: Callable[[], None]) -> None:
        """Remove at once when ``ann`` is the author's own; ask first, naming the
        owner, when it is someone else's."""
        question = removal_question(ann, self.tagset.author)
        if question is None:
            remove()
            return

        def answered(yes: bool | None) -> None:
            if yes and self._editable() is not None:
                remove()

        self.push_screen(RemoveOthersScreen(question), answered)
