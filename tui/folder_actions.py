"""Reader actions on the folder (issue 10, item 12): "done, and next article".

Kept out of the app class: the app's action is one line, ``done_and_next(self)``.
Textual is not imported here; the app gives what it has (``path``, ``tagset``,
``open_article``, ``notify``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotations import folder as F
from annotations.errors import MarginError
from annotations.textmap import safe_text


def next_not_done(article: Path) -> Path | None:
    """The next article of the folder not marked done, after ``article`` and then from the
    top (as Prodigy moves to the next task); None when every other one is done."""
    articles = F.list_articles(article.parent)
    done = F.load_state(article.parent).done
    names = [a.name for a in articles]
    start = names.index(article.name) + 1 if article.name in names else 0
    for candidate in articles[start:] + articles[:start]:
        if candidate.name != article.name and candidate.name not in done:
            return candidate
    return None


def done_and_next(app: Any) -> None:
    """D: mark the open article done and open the next one not done yet.

    The next one opens first: ``open_article`` saves this article's changes and refuses
    when it cannot, and then nothing is marked, so "done" never hides unsaved work."""
    path: Path | None = getattr(app, "path", None)
    if path is None:
        return
    author = getattr(getattr(app, "tagset", None), "author", None)

    def say(message: str, error: bool = False) -> None:
        app.notify(safe_text(message), markup=False, severity="error" if error else "information",
                   timeout=8 if error else 3)

    dirty = bool(getattr(app, "dirty", 0))
    try:
        target = next_not_done(path)
        if target is None and dirty:
            # Nothing to open, so nothing would save them first: never mark unsaved work done.
            say(f"{path.name} has changes not saved: ctrl+s, then D again", error=True)
            return
        if target is not None:
            app.open_article(target)
        F.set_done(path, True, author=author)
    except MarginError as err:
        say(str(err), error=True)
        return
    if target is None:
        say(f"{path.name}: done. Every article in the folder is done.")
    else:
        say(f"{path.name}: done. Next: {target.name}")
