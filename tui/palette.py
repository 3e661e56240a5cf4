"""The command palette (ctrl+p): each command once, and the folder's own commands.

``palette_commands(app, screen, textual_commands)`` is what ``MarginApp.get_system_commands``
yields. It lists:

- Textual's own system commands, except "Quit" (ours asks about unsaved changes first)
  and "Keys" (ours is Help, generated from tui/bindings.py);
- on the folder list and the review, that screen's keys;
- elsewhere every binding of the reader, once per description (``w`` and ``shift+right``
  both extend the selection by a word: one entry);
- the plain commands for the current folder: statistics, check, agreement and export,
  run in a thread, their output shown in a dialog (made safe line by line).
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Iterator

from textual.app import SystemCommand
from textual.binding import Binding

from annotations.textmap import safe_text

from .bindings import APP_BINDINGS, FOLDER, GROUPS, REVIEW, key_label

REPLACED = {"Quit", "Keys"}  # Textual's own, which ours replace


def palette_commands(app: Any, screen: Any, textual_commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    from .folder_screen import FolderScreen
    from .review_screen import ReviewScreen

    seen: set[str] = set()

    def once(command: SystemCommand) -> Iterator[SystemCommand]:
        key = command.title.casefold()
        if key not in seen:
            seen.add(key)
            yield command

    for command in textual_commands:
        if command.title not in REPLACED:
            yield from once(command)
    if isinstance(screen, (FolderScreen, ReviewScreen)):
        # The list and the review have keys of their own; offer those, run there.
        for b in screen.BINDINGS:
            if isinstance(b, Binding) and b.action:
                yield from once(SystemCommand(b.description, f"key: {key_label(b)}",
                                              partial(app.run_action, b.action, screen)))
    else:
        for _, bindings in GROUPS:
            if bindings is FOLDER or bindings is REVIEW:
                continue
            for b in bindings:
                if not b.action or b.action == "command_palette":
                    continue
                yield from once(SystemCommand(b.description, f"key: {key_label(b)}",
                                              partial(_run_reader_action, app, b.action)))
    folder = folder_of(app, screen)
    if folder is not None:
        for title, help_text, argv in folder_commands(folder):
            yield from once(SystemCommand(title, help_text, partial(run_folder_command, app, title, argv)))


async def _run_reader_action(app: Any, action: str) -> None:
    if action.startswith("app."):
        await app.run_action(action[4:])
    elif any(action == b.action for b in APP_BINDINGS):
        await app.run_action(action)
    else:
        await app.run_action(action, app.view)


def folder_of(app: Any, screen: Any) -> Path | None:
    """The folder the reader is working in: the screen's, else the app's, else the article's."""
    for candidate in (getattr(screen, "folder", None), getattr(app, "folder", None)):
        if isinstance(candidate, Path):
            return candidate
    path = getattr(app, "path", None)
    return path.parent if isinstance(path, Path) else None


def folder_commands(folder: Path) -> list[tuple[str, str, list[str]]]:
    """(title, help, argv for ``margin``) of the commands offered for ``folder``."""
    name = safe_text(folder.resolve().name or str(folder))
    where = str(folder)
    return [
        ("Folder statistics", f"margin stats {name}: annotations per tag and author", ["stats", where]),
        ("Check the folder's annotations", f"margin check {name}: every annotations file re-anchored",
         ["check", where]),
        ("Agreement between two annotators", f"margin agree {name}: the two authors with most annotations",
         ["agree", where]),
        ("Export the folder as CSV", f"margin export {name} --format csv, to a new file in the folder",
         ["export", where, "--format", "csv"]),
        ("Export the folder as JSON lines", f"margin export {name} --format jsonl, to a new file in the folder",
         ["export", where, "--format", "jsonl"]),
        ("Export the folder as W3C annotations", f"margin export {name} --format w3c, to a new file in the folder",
         ["export", where, "--format", "w3c"]),
    ]


def run_folder_command(app: Any, title: str, argv: list[str]) -> None:
    """Run a plain command in a thread; its output opens in a dialog when it is done."""
    from .screens import OutputScreen

    def work() -> None:
        code, text = run_plain(argv)
        app.call_from_thread(app.push_screen, OutputScreen(title, text, ok=code == 0))

    app.notify(f"{title}…", timeout=2)
    app.run_worker(work, thread=True, group="palette-command", exclusive=True)


def run_plain(argv: list[str]) -> tuple[int, str]:
    """``margin ARGV`` in this process, its output (stdout then stderr) as one string."""
    from . import cli

    argv = list(argv)
    if argv[0] == "agree" and "--authors" not in argv:
        pair = two_authors(Path(argv[1]))
        if pair is None:
            return 1, "agree needs annotations by two authors in this folder."
        argv += ["--authors", ",".join(pair)]
    if argv[0] == "export" and "-o" not in argv:
        ext = {"csv": "csv", "jsonl": "jsonl", "w3c": "jsonld"}[argv[argv.index("--format") + 1]]
        target = Path(argv[1]) / f"margin-export-{datetime.now():%Y%m%d-%H%M%S}.{ext}"
        if target.exists():  # never write over a file
            return 1, f"{target.name} exists already; try again in a second."
        argv += ["-o", str(target)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:  # argparse
            code = int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    text = out.getvalue() + err.getvalue()
    if argv[0] == "export" and code == 0 and not text.strip():
        text = f"Written to {Path(argv[-1]).name}"
    return code, text


def two_authors(folder: Path) -> tuple[str, str] | None:
    """The two authors with most annotations in the folder, or None."""
    from annotations.errors import MarginError
    from annotations.review import scan

    try:
        counts = Counter(row.author for row in scan(folder, on_error=lambda _: None) if row.author)
    except MarginError:
        return None
    top = [name for name, _ in counts.most_common(2)]
    return (top[0], top[1]) if len(top) == 2 else None
