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

COMMANDS = ("clean", "check", "suggest", "review", "stats", "export", "agree")
# Working as a team (docs/team.md): command -> module. curate runs a Textual screen, so
# it lives beside the app, not among the plain commands (which never import textual).
TEAM_COMMANDS = {"curate": "tui.curate_screen", "serve": "tui.commands.serve",
                 "git-setup": "tui.commands.git_setup", "merge-annotations": "tui.commands.merge_annotations"}


def _app_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="margin",
        description="Read and annotate news articles in the terminal.",
        epilog="Commands: " + ", ".join(COMMANDS + tuple(TEAM_COMMANDS)) + ". Run 'margin COMMAND --help' for each.",
    )
    p.add_argument("path", nargs="?", default=".",
                   help="an article (.txt, .md, or a saved web page .html, .htm, .html.gz) or a folder (default: .)")
    return p


def _command_parser(name: str):
    module = importlib.import_module(TEAM_COMMANDS.get(name, f"tui.commands.{name}"))
    p = argparse.ArgumentParser(prog=f"margin {name}", description=module.HELP)
    module.add_arguments(p)
    return p, module


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from annotations.errors import MarginError

    try:
        if argv and (argv[0] in COMMANDS or argv[0] in TEAM_COMMANDS):
            parser, module = _command_parser(argv[0])
            args = parser.parse_args(argv[1:])
            return int(module.run(args) or 0)
        args = _app_parser().parse_args(argv)
        return _open_app(args.path)
    except MarginError as err:
        print(f"margin: {err}", file=sys.stderr)
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
    from pathlib import Path

    from annotations.article import read_article
    from annotations.errors import ArticleError

    p = Path(path)
    if not p.exists():
        raise ArticleError(f"{p}: no such file or folder")
    if p.is_file():
        # Fail before the terminal switches to the app, so the error is one plain line.
        read_article(p)
    from tui.app import MarginApp

    app = MarginApp(p)
    app.run()
    return int(app.return_code or 0)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
