"""The app's messages, in one place (as toolong and posting keep theirs).

Widgets post these upward instead of calling the app; the load and save threads post
them to the app (``post_message`` is thread-safe), and the app acts on the main thread.
"""

from __future__ import annotations

from textual.message import Message

from .loader import Event
from .saving import Outcome


class TagKey(Message):
    """A tag key pressed in the article pane (``b`` outside a selection)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class LoadEvent(Message):
    """Something the load thread made (``tui/loader.py``), for the article opened as
    ``generation`` (a newer article makes it stale)."""

    def __init__(self, generation: int, event: Event) -> None:
        super().__init__()
        self.generation = generation
        self.event = event


class SaveOutcome(Message):
    """What the saver's thread did with a snapshot (``tui/saving.py``)."""

    def __init__(self, generation: int, outcome: Outcome) -> None:
        super().__init__()
        self.generation = generation
        self.outcome = outcome
