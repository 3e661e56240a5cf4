"""What the app's rooms share: the session of the open article, the panes, and the
one way to say something to the user.

The rooms (``loading.py``, ``editing.py``, ``suggestions.py``) are mixins of
``MarginApp``; each holds one job. They meet here, and only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from textual.app import App
from textual.timer import Timer

from annotations.article import Article
from annotations.edits import EditHistory
from annotations.model import Annotation
from annotations.store import Store
from annotations.suggestion_set import SuggestionSet
from annotations.tagset import TagSet
from annotations.textmap import safe_text

from .article_view import ArticleView
from .saving import Saver
from .sidebar import Sidebar

if TYPE_CHECKING:
    from annotations.document import Document
    from annotations.edits import Applied, Edit

    from .loader import Suggested

Span = tuple[int, int]


@dataclass
class Session:
    """An article whose annotations are loaded: everything an edit needs, never None.

    ``seq`` counts the changes made, ``saved_seq`` the last one a save wrote; the
    difference is what would be lost without another save."""

    article: Article
    store: Store
    history: EditHistory
    saver: Saver | None  # None while the annotations are read-only
    seq: int = 0
    saved_seq: int = 0
    save_error: str | None = None  # the last save's one-line error, until one works

    @property
    def dirty(self) -> int:
        return self.seq - self.saved_seq


class AppBase(App[int]):
    """The state the rooms share. ``MarginApp.__init__`` sets all of it."""

    tagset: TagSet
    path: Path | None
    folder: Path | None
    session: Session | None
    article: Article | None  # the article shown (its first part, while loading)
    save_state: str
    save_error: bool
    _generation: int  # bumped per article opened; late events of an older one are dropped
    sugg: SuggestionSet  # the suggestions room's; tagging a suggested span accepts it

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def store(self) -> Store | None:
        """The loaded annotations, or None while loading."""
        return self.session.store if self.session is not None else None

    @property
    def dirty(self) -> int:
        """Changes not saved yet."""
        return self.session.dirty if self.session is not None else 0

    def _say(self, message: str, **kwargs: Any) -> None:
        """notify() without markup and with control characters made visible: messages
        hold file names, article text and TOML."""
        if "title" in kwargs:
            kwargs["title"] = safe_text(kwargs["title"])
        self.notify(safe_text(message), markup=False, **kwargs)

    _flash_text = ""  # what the last action did, in the footer for a few seconds
    _flash_timer: Timer | None = None

    def _flash(self, message: str, seconds: float = 4.0) -> None:
        """Say what an action did ("accepted quote on 'We did not…'") in the footer: one
        line that the next replaces, so quick a/x/u never stack toasts over the article
        text or leave their edges behind at the right (issue 10 item 11)."""
        self._flash_text = safe_text(message)
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(seconds, self._end_flash)
        self._update_footer()

    def _end_flash(self) -> None:
        self._flash_text, self._flash_timer = "", None
        self._update_footer()

    # Each room provides these; the app's footer and sidebar are drawn from all of them.
    def _update_footer(self) -> None:
        raise NotImplementedError

    def _refresh_annotations(self, sidebar: bool = True) -> None:
        raise NotImplementedError

    def _refresh_sidebar(self) -> None:
        raise NotImplementedError

    def _refilter(self, spans: list[Span]) -> None:
        raise NotImplementedError

    def _editable(self) -> Session | None:
        raise NotImplementedError

    def _do(self, edit: Edit) -> None:
        raise NotImplementedError

    def _suggestions_arrived(self, event: Suggested) -> None:
        raise NotImplementedError  # the suggestions room

    def _suggestions_failed(self, message: str) -> None:
        raise NotImplementedError  # the suggestions room

    def _reset_suggestions(self) -> None:
        raise NotImplementedError  # the suggestions room

    def _whole_shown(self, base: Document, body_blocks: frozenset[int]) -> None:
        raise NotImplementedError  # the suggestions room keeps the furniture overrides

    def _furniture_edited(self, applied: Applied) -> None:
        raise NotImplementedError  # the suggestions room keeps the furniture overrides

    def _short_error(self, message: str) -> str:
        raise NotImplementedError  # the loading room

    def action_quit_safely(self) -> None:
        raise NotImplementedError  # the app

    def action_folder(self) -> None:
        raise NotImplementedError  # the app

    def _reject_under_cursor(self) -> bool:
        raise NotImplementedError  # the suggestions room

    def _edit_suggestion_under_cursor(self) -> bool:
        raise NotImplementedError  # the suggestions room

    def _ask_before_removing(self, ann: Annotation, remove: Callable[[], None]) -> None:
        raise NotImplementedError  # the team room
