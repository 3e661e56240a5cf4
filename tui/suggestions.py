"""The app's suggestions room: what the loader found, drawn, stepped through, accepted
and rejected; and the furniture the user kept as body.

The suggestions live in a ``SuggestionSet`` (``annotations/suggestion_set.py``). A
pass arrives whole from the loader and is taken in here in slices, one slice per
turn of the event loop, so 80,000 suggestions never hold a key for more than a
frame. A pass that fails says so on the footer's one line; reading and tagging go on.
"""

from __future__ import annotations

import asyncio
import gc

from annotations.document import Document
from annotations.edits import Applied, Reject, accept, accept_all, reject, taken_ids
from annotations.furniture import as_body, changed_blocks, overridden
from annotations.model import Annotation
from annotations.suggest import Suggestion
from annotations.suggestion_set import SetChange, SuggestionSet
from annotations.team import own_only
from annotations.textmap import safe_text

from .app_base import AppBase, Session, Span
from .loader import Suggested
from .screens import AcceptAllScreen, ChooseTagScreen, NoteEditor

SLICE = 1000  # suggestions taken in per turn of the event loop (~10-20 ms)
SIDEBAR_SUGGESTIONS = 40  # listed in the sidebar (] and [ reach every one; more rows cost every re-list)


class SuggestionsRoom(AppBase):
    """Suggestions and furniture overrides."""

    sugg: SuggestionSet
    suggest_error: str | None
    _current_sugg: Suggestion | None
    _incoming: list[tuple[Suggested, int]]  # passes being taken in, and how far
    _base_doc: Document | None  # the document as the cleaner made it
    _body_blocks: frozenset[int]  # furniture shown as body (rejected boilerplate)

    @property
    def suggestions_ready(self) -> bool:
        """The whole document's suggestions are in and drawn (or the pass failed)."""
        return (self.sugg.is_final and not self._incoming) or self.suggest_error is not None

    @property
    def current_suggestion(self) -> Suggestion | None:
        """The suggestion the footer names: the one ] or [ landed on, or under the cursor."""
        return self._suggestion_under_cursor()

    @property
    def suggestions(self) -> list[Suggestion]:
        """Every shown suggestion, in document order."""
        return self.sugg.visible()

    def _reset_suggestions(self) -> None:
        self.sugg.reset()
        self.suggest_error = None
        self._current_sugg = None
        self._incoming = []
        self._base_doc = None
        self._body_blocks = frozenset()
        self.view.set_layer("suggestions", [], "underline")

    # ----- passes arriving ----------------------------------------------------------

    def _suggestions_arrived(self, event: Suggested) -> None:
        if event.doc is not self.view.doc or self.session is None:
            return
        self._incoming.append((event, 0))
        if len(self._incoming) == 1:
            if self._take_slice():
                self.run_worker(self._take_slices(), group="suggestion-slices", exclusive=True)

    async def _take_slices(self) -> None:
        """The rest of the passes, a slice per turn of the event loop: the sleep lets
        the article pane's keys run between slices (a queued callback would not)."""
        while self._take_slice():
            await asyncio.sleep(0.001)

    def _take_slice(self) -> bool:
        """Take one slice in; True while more are waiting."""
        if not self._incoming:
            return False
        event, done = self._incoming[0]
        if event.doc is not self.view.doc:
            self._incoming.clear()
            return False
        part = event.suggestions[done:done + SLICE]
        last = done + SLICE >= len(event.suggestions)
        change = self.sugg.add_batch(part, event.final, done=event.final and last)
        self._draw_change(change)
        if not last:
            self._incoming[0] = (event, done + SLICE)
        else:
            self._incoming.pop(0)
            self._refresh_sidebar()
            self._update_footer()
            gc.freeze()  # the set lives as long as the article: out of the collector's walks
        return bool(self._incoming)

    def _suggestions_failed(self, message: str) -> None:
        self.suggest_error = "suggestions failed: " + message
        self._refresh_sidebar()
        self._update_footer()

    def _draw_change(self, change: SetChange) -> None:
        if change:
            self.view.update_layer("suggestions", remove=change.removed, add=change.added)
        cur = self._current_sugg
        if cur is not None and not self.sugg.is_shown(cur):
            self._current_sugg = None

    def _refilter(self, spans: list[Span]) -> None:
        """Hide or bring back the suggestions in the spans an edit touched."""
        if self.tagset.team:  # blind mode: filtered by the author's own work only
            self._draw_change(self.sugg.refilter(*self._lists(), spans=spans))
            return
        self._draw_change(self.sugg.refilter(spans=spans))

    def action_toggle_suggestions(self) -> None:
        """z: hide every suggestion for plain reading, or show them again."""
        if self.sugg.shown:
            self.sugg.hide_all()
            self.view.set_layer("suggestions", [], "underline")
        else:
            self.view.set_layer("suggestions", self.sugg.show_all(), "underline")
        self._refresh_sidebar()
        self._say("Suggestions shown" if self.sugg.shown else "Suggestions hidden (z shows them)", timeout=2)
        self._update_footer()

    def _listed_suggestions(self) -> list[Suggestion]:
        """What the sidebar lists: the first shown ones the reader can reach (furniture's
        while it is shown)."""
        view = self.view
        listed: list[Suggestion] = []
        if view.doc is None or view.flow is None:
            return listed
        shown = view.flow.first_line
        for s in self.sugg.iter_visible():
            if view.doc.block_at(s.start) in shown:
                listed.append(s)
                if len(listed) >= SIDEBAR_SUGGESTIONS:
                    break
        return listed

    def _suggestions_state(self) -> str:
        store = self.store
        if not self.sugg.shown:
            return "hidden"
        if self.sugg.is_final or self.suggest_error:
            return "final"
        return "working" if store is not None and not store.read_only else ""

    # ----- under the cursor, stepping ----------------------------------------------------

    def _suggestion_under_cursor(self) -> Suggestion | None:
        """The suggestion ] or [ landed on while the cursor is still on it, else the
        best one under the cursor sentence (or selection)."""
        if not self.sugg.shown or not self.view.ready:
            return None
        a, z = self.view.target_span()
        cur = self._current_sugg
        if cur is not None and self.sugg.is_shown(cur) and cur.start < max(z, a + 1) and cur.end > a:
            return cur
        items = self.view.items_at(layer="suggestions")
        return items[0] if items else None

    def action_next_suggestion(self, step: int) -> None:
        """] and [: the cursor to the next / previous shown suggestion."""
        view = self.view
        if not view.ready or view.doc is None or view.flow is None:
            return
        if not self.sugg.shown:
            self._say("Suggestions are hidden (z shows them)", timeout=2)
            return
        if not len(self.sugg):
            self._say("No suggestions yet" if not self.sugg.is_final else "No suggestions", timeout=2)
            return
        # From the suggestion the footer names (the one landed on, or the one under the
        # cursor), so ] never stays put; several may start at one place.
        doc, shown = view.doc, view.flow.first_line
        s = self.sugg.next_from(view.cursor_span()[0], step, current=self._suggestion_under_cursor(),
                                accept=lambda s: doc.block_at(s.start) in shown)
        if s is None:
            self._say("No more suggestions " + ("below" if step > 0 else "above"), timeout=2)
            return
        self._current_sugg = s
        view.sel_anchor = None
        view.move_to_offset(s.start)
        self._update_footer()

    # ----- accepting and rejecting ---------------------------------------------------------

    def action_accept_suggestion(self) -> None:
        """a: the suggestion under the cursor becomes an annotation (origin "suggested")."""
        s = self._editable()
        if s is None:
            return
        sugg = self._suggestion_under_cursor()
        if sugg is None:
            self._say("No suggestion under the cursor (] finds the next)" if self.sugg.shown
                      else "Suggestions are hidden (z shows them)", timeout=3)
            return
        self._do(accept(sugg, s.article.text, author=self.tagset.author, taken=taken_ids(s.store)))
        self._flash(f"Accepted {sugg.tag}" + (f" by {safe_text(sugg.speaker)}" if sugg.speaker else ""))
        self._advance(sugg)

    def _advance(self, done: Suggestion) -> None:
        """After a or x, on to the next suggestion, as Prodigy moves to the next task
        (``advance = false`` in margin.toml keeps the cursor where it is)."""
        view = self.view
        if not self.tagset.advance or view.doc is None or view.flow is None or not self.sugg.shown:
            return
        doc, shown = view.doc, view.flow.first_line
        nxt = self.sugg.next_from(done.start, 1, accept=lambda s: doc.block_at(s.start) in shown)
        if nxt is None:
            self._flash(self._flash_text + " · no more suggestions below")
            return
        self._current_sugg = nxt
        view.sel_anchor = None
        view.move_to_offset(nxt.start)
        self._update_footer()

    def _edit_suggestion_under_cursor(self) -> bool:
        """e on a suggestion: the note editor with its speaker; saving accepts it."""
        sugg = self._suggestion_under_cursor()
        if sugg is None:
            return False
        self._edit_suggestion(sugg)
        return True

    def _edit_suggestion(self, sugg: Suggestion) -> None:
        """The note editor on a suggestion (its speaker filled in, for a quote): saving
        accepts it with what was typed (origin "suggested"), esc leaves it a suggestion."""

        def done(result: dict[str, str | None] | None) -> None:
            s = self._editable() if result is not None else None
            if s is None or result is None or not self.sugg.is_shown(sugg):
                return
            add = accept(sugg, s.article.text, author=self.tagset.author, taken=taken_ids(s.store))
            add.ann.note = result.get("note") or ""
            if "speaker" in result:
                add.ann.speaker = result["speaker"]
            self._do(add)
            who = add.ann.speaker
            said = f"Accepted {sugg.tag}" + (f" by {safe_text(who)}" if who else "")
            self._flash(said + (" with your note" if add.ann.note else ""))
            self._advance(sugg)

        self.push_screen(NoteEditor(sugg.tag, sugg.text, "", sugg.speaker, sugg.tag == "quote"), done)

    def _reject(self, s: Session, sugg: Suggestion) -> None:
        self._do(reject(sugg, s.article.text, author=self.tagset.author, taken=taken_ids(s.store)))
        furniture = sugg.tag == "boilerplate" and sugg.reason != "learned"
        self._flash("Kept as body text" if furniture else f"Rejected {sugg.tag} suggestion")

    def _reject_under_cursor(self) -> bool:
        s = self.session
        sugg = self._suggestion_under_cursor()
        if s is None or sugg is None:
            return False
        self._reject(s, sugg)
        self._advance(sugg)  # x in the reader moves on; the sidebar's remove stays in the list
        return True

    def action_accept_all(self) -> None:
        """A: accept every shown suggestion of the current tag, after a confirmation."""
        if self._editable() is None:
            return
        if not self.sugg.shown:
            self._say("Suggestions are hidden (z shows them)", timeout=2)
            return
        s = self._suggestion_under_cursor()
        if s is not None:
            self._confirm_accept_all(s.tag)
            return
        counts = self.sugg.counts()
        if not counts:
            self._say("No suggestions to accept", timeout=2)
            return

        def chosen(tag: str | None) -> None:
            if tag:
                self._confirm_accept_all(tag)

        self.push_screen(ChooseTagScreen(counts, {t: (self.tagset.get(t).key or "") for t in counts}), chosen)

    def _confirm_accept_all(self, tag: str) -> None:
        todo = self.sugg.of_tag(tag)
        if not todo:
            self._say(f"No {tag} suggestions left", timeout=2)
            return

        def done(yes: bool | None) -> None:
            s = self._editable() if yes else None
            if s is None:
                return
            left = self.sugg.of_tag(tag)
            # In blind mode only the author's own work counts as "already there".
            self._do(accept_all(left, self._lists()[0], s.article.text, author=self.tagset.author,
                                taken=taken_ids(s.store)))
            self._flash(f"Accepted {len(left)} {tag} suggestion{'s' if len(left) != 1 else ''} (u undoes)")

        self.push_screen(AcceptAllScreen(tag, len(todo)), done)

    # ----- furniture the user kept as body -------------------------------------------------

    def _whole_shown(self, base: Document, body_blocks: frozenset[int]) -> None:
        self._base_doc = base
        self._body_blocks = body_blocks
        self.sugg.bind(*self._lists())

    def _lists(self) -> tuple[list[Annotation], list[Annotation]]:
        """What suggestions are filtered against: the store's own lists (live), or in
        blind mode the author's own entries only, so another author's tag or rejection
        never hides a suggestion (annotations.team.own_only)."""
        store = self.store
        if store is None:
            return [], []
        if self.tagset.team:
            author = self.tagset.author
            return own_only(store.annotations, author), own_only(store.rejected, author)
        return store.annotations, store.rejected

    def _furniture_edited(self, applied: Applied) -> None:
        """A boilerplate rejection came or went: the shown document is derived again
        from the cleaned one (nothing to remember for undo)."""
        base, store = self._base_doc, self.store
        if base is None or store is None or self.view.doc is None:
            return
        body = overridden(base, store.rejected)
        changed = changed_blocks(self._body_blocks, body)
        if not changed:
            return
        self._body_blocks = body
        self.view.swap_document(as_body(base, body), changed)
        if any(isinstance(e, Reject) for e in _flat(applied)):
            self._refresh_sidebar()


def _flat(applied: Applied) -> list[object]:
    from annotations.edits import Batch

    out: list[object] = []
    todo: list[object] = [applied.edit]
    while todo:
        e = todo.pop()
        if isinstance(e, Batch):
            todo.extend(e.edits)
        else:
            out.append(e)
    return out
