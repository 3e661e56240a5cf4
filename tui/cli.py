"""The ``margin`` command line.

``margin [PATH]`` opens the app on an article or a folder (the current folder by
default). The other commands are non-interactive and never import textual, so they
start fast and pipe well. Each lives in ``tui/commands/<name>.py`` with
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

COMMANDS = ("clean", "check", "suggest", "review", "stats", "export", "agree")
# Working as a team (docs/team.md): command -> module. curate runs a Textual screen, so
# it lives beside the app, not among the plain commands (which never import textual).
TEAM_COMMANDS = {"curate": "tui.curate_screen", "serve": "tui.commands.serve",
                 "git-setup": "tui.commands.git_setup", "merge-annotations": "tui.commands.merge_annotations"}


VERSION = "0.1.0"  # keep in step with pyproject.toml (a test checks)


def _first_line(text: str) -> str:
    """The HELP text up to its first full stop or colon: one line for --help."""
    import re

    return re.split(r"[.:](?:\s|$)", text, maxsplit=1)[0] + "."


def _command_list() -> str:
    """One line per command, from each command's HELP (its first sentence)."""
    lines = ["commands:"]
    for name in COMMANDS + tuple(TEAM_COMMANDS):
        module = importlib.import_module(_module_of(name))
        summary = getattr(module, "SUMMARY", None) or _first_line(module.HELP)
        if len(name) > 9:  # a long name gets its own line, so every line fits 80 columns
            lines.append(f"  {name}")
            name = ""
        lines.append(f"  {name:<9} {summary}")
    lines.append("")
    lines.append("Run 'margin COMMAND --help' for each. A file named like a command opens with "
                 "'margin ./NAME' or 'margin -- NAME'.")
    return "\n".join(lines)


def _module_of(name: str) -> str:
    return TEAM_COMMANDS.get(name, f"tui.commands.{name}")


class _Parser(argparse.ArgumentParser):
    """argparse, with its error messages (which quote the arguments, often file names
    from a shell glob) made inert for the terminal."""

    def error(self, message: str) -> NoReturn:
        from annotations.textmap import safe_text

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe_text(message)}\n")


def _app_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="margin",
        usage="margin [-h] [--version] [PATH] | margin COMMAND ...",
        description="Read and annotate news articles in the terminal.",
        epilog=_command_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"margin {VERSION}")
    p.add_argument("path", nargs="?", default=".",
                   help="an article (.txt, .md, or a saved web page .html, .htm, .html.gz) or a folder (default: .)")
    return p


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, Any]:
    module = importlib.import_module(_module_of(name))
    p = _Parser(prog=f"margin {name}", description=module.HELP)
    module.add_arguments(p)
    return p, module


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from annotations.errors import MarginError
    from annotations.textmap import safe_text

    try:
        if argv and (argv[0] in COMMANDS or argv[0] in TEAM_COMMANDS):
            parser, module = _command_parser(argv[0])
            args = parser.parse_args(argv[1:])
            return int(module.run(args) or 0)
        # "margin -- clean" opens a file named "clean"; argparse takes "--" itself.
        args = _app_parser().parse_args(argv)
        return _open_app(args.path)
    except MarginError as err:
        print(f"margin: {safe_text(str(err))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `margin clean x | head`: the reader went away; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        return 130


def _open_app(path: str) -> int:
    from annotations.article import read_article
    from annotations.folder import list_articles

    p = Path(path)
    # Fail before the terminal switches to the app, so the error is one plain line:
    # a folder must be listable; anything else must read as an article (which refuses
    # a FIFO, a device such as /dev/zero or /dev/null, a symlink loop, a missing file).
    try:
        is_dir = p.is_dir()
    except OSError:
        is_dir = False
    if is_dir:
        list_articles(p)
    else:
        read_article(p)
    return _run_app(p)


def _run_app(p: Path) -> int:
    from tui.app import MarginApp

    app = MarginApp(p)
    app.run()
    return int(app.return_code or 0)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
