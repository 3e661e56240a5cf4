"""Margin's Textual app and the ``margin`` command line.

``from tui import MarginApp`` works, but textual is imported only when the app is
asked for, so that ``margin clean`` and the other plain commands start fast.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import MarginApp

__all__ = ["MarginApp"]


def __getattr__(name: str):
    if name == "MarginApp":
        from .app import MarginApp

        return MarginApp
    raise AttributeError(f"module 'tui' has no attribute {name!r}")
