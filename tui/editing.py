"""The app's editing room: tagging, removing, notes, undo and redo, and saving.

Every change is a typed edit (``annotations/edits.py``) applied by the session's
``EditHistory``; then the suggestions in the spans it touched are looked at again, and
the saver is handed a snapshot (``tui/saving.py``). The footer says "saving…" until
the save is in, "waiting for the lock…" while another process holds it, and the one
line of why when it fails; the change stays in memory either way.
"""

from __future__ import annotations

from pathlib import Path

from annotations.edits import Applied, Change, Edit, Remove, tag_edit
from annotations.model import Annotation
from annotations.textmap import safe_text

from .app_base import AppBase, Session
from .messages import SaveOutcome, TagKey
from .saving import SaveFailed, Saved, SaveWaiting, fold_in
from .screens import NoteEditor


class EditingRoom(AppBase):
    """Changes to the annotations, and their saving."""

    _quit_when_saved: bool

    def _editable(self) -> Session | None:
        s = self.session
        if s is None or self.article is None:
            self._say("Still loading the annotations…", timeout=2)
            return None
        if s.store.read_only:
            self._say(s.store.read_only, title="Annotations are read-only", severity="error")
            return None
        return s

    def _do(self, edit: Edit) -> None:
        s = self.session
        assert s is not None
        self._changed(s, s.history.apply(edit), jump=False)

    def _changed(self, s: Session, applied: Applied, jump: bool = True) -> None:
        s.seq += 1
        self._save(s)
        for line in applied.warnings:  # "not learned: …", as a sentence
            self._say(line[:1].upper() + line[1:], severity="warning", timeout=5)
        self._refilter(list(applied.touched))
        if applied.furniture:
            self._furniture_edited(applied)
        self._refresh_annotations()
        if jump and applied.offset is not None:
            self.view.move_to_offset(applied.offset)
        self._update_footer()

    def action_undo(self) -> None:
        s = self._editable()
        if s is None:
            return
        applied = s.history.undo()
        if applied is None:
            self._say("Nothing to undo", timeout=2)
            return
        self._changed(s, applied, jump=_one_place(applied))
        self._flash(applied.message)  # "undid: boilerplate on '…' (and unlearned it)"

    def action_redo(self) -> None:
        s = self._editable()
        if s is None:
            return
        applied = s.history.redo()
        if applied is None:
            self._say("Nothing to redo", timeout=2)
            return
        self._changed(s, applied, jump=_one_place(applied))
        self._flash(applied.message)

    # ----- saving ----------------------------------------------------------------------

    def _save(self, s: Session, requested: bool = False) -> None:
        """Hand the saver a snapshot; it answers with a SaveOutcome message."""
        if s.saver is None:
            return
        s.saver.request(s.seq, s.store.annotations, s.store.rejected, requested)
        if not self.save_error:
            self.save_state = "saving…"

    def action_save(self) -> None:
        s = self.session
        if s is None:
            return
        if s.store.read_only:
            self._say(s.store.read_only, title="Annotations are read-only", severity="error")
            return
        self._save(s, requested=True)
        self._update_footer()

    def on_save_outcome(self, message: SaveOutcome) -> None:
        s = self.session
        if message.generation != self._generation or s is None:
            return
        outcome = message.outcome
        if isinstance(outcome, SaveWaiting):
            if outcome.seq >= s.seq:
                self.save_state = "waiting for the lock (another program is saving this file)…"
                self._update_footer()
            return
        if isinstance(outcome, SaveFailed):
            first = not self.save_error
            s.save_error = outcome.message
            self.save_state = "not saved: " + self._short_error(outcome.message)
            self.save_error = True
            if first:
                self._say(outcome.message, title="Not saved", severity="error", timeout=8)
            self._update_footer()
            if self._quit_when_saved:
                self._quit_when_saved = False
                self.action_quit_safely()
            return
        self._saved(s, outcome)

    def _saved(self, s: Session, outcome: Saved) -> None:
        s.saved_seq = max(s.saved_seq, outcome.seq)
        touched = fold_in(s.store, outcome)
        if touched:  # another session's changes came in with the merge
            self._refilter(touched)
            self._refresh_annotations()
        for line in outcome.messages:
            self._say(line, title="Merged with another session", timeout=6)
        if outcome.seq >= s.seq:
            s.save_error = None
            self.save_state = "saved"
            self.save_error = False
        if outcome.requested:
            self._refresh_annotations()
            self._say("Saved", timeout=2)
        self._update_footer()
        if self._quit_when_saved and not s.dirty:
            self.exit(0)

    # ----- tagging ---------------------------------------------------------------------

    def on_tag_key(self, message: TagKey) -> None:
        self.action_tag_key(message.key)

    def action_tag_key(self, key: str) -> None:
        tag = self.tagset.by_key(key)
        if tag is None:
            self._say(f"No tag on key {key}: add one to margin.toml ([tags.NAME] key = \"{key}\")", timeout=4)
            return
        self.toggle_tag(tag.name)

    def toggle_tag(self, name: str) -> None:
        """Tag the selection (or the cursor sentence); the same tag on the same span untags.
        Whole blocks tagged as boilerplate are learned for the folder
        (.margin-boilerplate.txt, docs/learned.md), and undo unlearns them."""
        s = self._editable()
        view = self.view
        if s is None or not view.ready or view.doc is None:
            return
        a, z = view.target_span()
        # The same tag there already: untagged; a suggestion standing for the span (or
        # inside the cursor sentence): accepted, its exact span and speaker;
        # boilerplate learns its whole blocks.
        self._do(tag_edit(s.store, name, a, z, author=self.tagset.author, suggestions=self.sugg,
                          doc=view.doc, sentence=view.sel_anchor is None))
        view.drop_selection()

    def _under_cursor(self) -> Annotation | None:
        """The author's own annotation under the cursor, else another author's shown
        dimmed (blind mode with O)."""
        items = self.view.items_at() or self.view.items_at(layer="others")
        return items[0] if items else None

    def _find(self, ann_id: str) -> Annotation | None:
        store = self.store
        return next((a for a in store.annotations if a.id == ann_id), None) if store else None

    def remove_in_open_article(self, article: Path, ann_id: str) -> bool:
        """Remove a saved annotation through the open session when ``article`` is the one
        being read (the review's delete). Deleting on disk behind the session's back left
        the reader showing it until the next save; through the session it is gone from
        the sidebar and the gutter at once, saved as any change, and undoable with u.
        False when that article is not open here (the caller deletes on disk)."""
        s = self.session
        if s is None or self.article is None or self.path is None or s.store.read_only:
            return False
        try:
            same = self.path.resolve() == Path(article).resolve()
        except OSError:
            return False
        ann = self._find(ann_id) if same else None
        if ann is None:
            return False
        self._do(Remove(ann.copy()))
        return True

    def action_remove(self) -> None:
        """x removes what is under the cursor: an annotation, else the suggestion (rejected)."""
        if self._editable() is None:
            return
        ann = self._under_cursor()
        if ann is None:
            if not self._reject_under_cursor():
                self._say("No annotation or suggestion under the cursor", timeout=2)
            return
        # Another author's annotation: asked first, naming them (annotations/team.py).
        self._ask_before_removing(ann, lambda: self._do(Remove(ann.copy())))

    def action_edit_note(self) -> None:
        if self._editable() is None:
            return
        ann = self._under_cursor()
        if ann is None:
            if not self._edit_suggestion_under_cursor():  # saving the editor accepts it
                keys = ", ".join(t.key for t in self.tagset if t.key) or "c, q, b"
                # Both ways to get something to write a note on: tag, or take a suggestion.
                take = ("] goes to a suggestion, a accepts it" if self.sugg.shown
                        else "z shows suggestions, a accepts one")
                self._say(f"Nothing here to write a note on: tag it first ({keys}), or {take}", timeout=4)
            return
        self._edit(ann)

    def _edit(self, ann: Annotation) -> None:
        ann_id = ann.id

        def done(result: dict[str, str | None] | None) -> None:
            current = self._find(ann_id)
            if result is None or current is None or self._editable() is None:
                return
            if any(getattr(current, k) != v for k, v in result.items()):
                self._do(Change.of(current, **result))

        self.push_screen(NoteEditor(ann.tag, ann.text, ann.note, ann.speaker, ann.tag == "quote"), done)

    def _orphan_note(self, ann: Annotation) -> str:
        return (f"Orphan: \"{safe_text(ann.text)[:60]}\" is not in this version of the article. "
                "It stays in the file.")


def _one_place(applied: Applied) -> bool:
    """Undo and redo take the cursor to the change when it is in one place. An edit of
    many places (accept-all) leaves the cursor where the reader is: the first span
    touched is the last one accepted, pages away from where they pressed A."""
    return len({start for start, _ in applied.touched}) <= 1
