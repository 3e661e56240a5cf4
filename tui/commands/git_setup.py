"""margin git-setup: make a git repository a shared store for annotations (docs/team.md)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

HELP = ("Set up the git repository around FOLDER for a team: a merge driver for *.annotations.toml "
        "in .gitattributes and in the repository's config, and Margin's lock and temporary files "
        "in .gitignore. Prints what it changed; safe to run twice.")

ATTRIBUTES = (
    ("*.annotations.toml merge=margin", "annotations merge by id (margin merge-annotations)"),
    # Learned boilerplate is a list of lines: git's union merge keeps both sides' lines.
    (".margin-boilerplate.txt merge=union", "learned boilerplate: keep both sides' lines"),
)
IGNORES = (
    ".*.annotations.toml.lock",  # the store's advisory lock files
    ".*.tmp",  # atomic writes in flight
    # Done marks are each reader's own state; shared, they would conflict on every merge.
    ".margin-state.toml",
)
DRIVER_NAME = "Margin annotations: merge by annotation id"


def add_arguments(p) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder inside the repository (default: .)")
    p.add_argument("--driver-command", default="margin", metavar="CMD",
                   help="how git should start Margin (default: margin; e.g. '/path/venv/bin/margin')")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def _add_lines(path: Path, lines: list[str], header: str) -> list[str]:
    """Append the lines not already in the file; return those added."""
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    have = {line.strip() for line in old.splitlines()}
    missing = [line for line in lines if line not in have]
    if not missing:
        return []
    text = old
    if text and not text.endswith("\n"):
        text += "\n"
    if header not in have:
        text += ("\n" if text else "") + header + "\n"
    text += "".join(line + "\n" for line in missing)
    from annotations.store import atomic_write

    atomic_write(path, text.encode("utf-8"))
    return missing


def run(args) -> int:
    from annotations.errors import MarginError

    folder = Path(args.folder)
    if not folder.is_dir():
        raise MarginError(f"{folder}: not a folder")
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        raise MarginError("git is not installed (or not on PATH)") from None
    if top.returncode != 0:
        raise MarginError(f"{folder}: not inside a git repository (run 'git init' or clone one first)")
    root = Path(top.stdout.strip())
    changed: list[str] = []
    header = "# Margin (margin git-setup, docs/team.md)"
    for line in _add_lines(root / ".gitattributes", [a for a, _ in ATTRIBUTES], header):
        changed.append(f".gitattributes: added '{line}'")
    for line in _add_lines(root / ".gitignore", list(IGNORES), header):
        changed.append(f".gitignore: added '{line}'")
    driver = f"{args.driver_command} merge-annotations %O %A %B %P"
    for key, value in (("merge.margin.name", DRIVER_NAME), ("merge.margin.driver", driver)):
        now = _git(root, "config", "--local", "--get", key)
        if now.returncode == 0 and now.stdout.rstrip("\n") == value:
            continue
        done = _git(root, "config", "--local", key, value)
        if done.returncode != 0:
            raise MarginError(f"git config {key} failed: {done.stderr.strip()}")
        changed.append(f".git/config: {key} = {shlex.quote(value) if key.endswith('driver') else value}")
    out = sys.stdout
    from annotations.textmap import safe_text

    program = shlex.split(args.driver_command)[0] if args.driver_command.strip() else ""
    if not program or shutil.which(program) is None:
        # git could not start the driver: every annotations file both sides changed would conflict.
        print(f"margin git-setup: warning: '{safe_text(program)}' is not on PATH; git cannot run the merge "
              f"driver until it is (or rerun with --driver-command /path/to/margin)", file=sys.stderr)

    if changed:
        for line in changed:
            out.write(safe_text(line) + "\n")
        out.write("Commit .gitattributes and .gitignore; every clone runs 'margin git-setup' once "
                  "(git does not share its config).\n")
    else:
        out.write(f"{safe_text(str(root))}: already set up; nothing changed\n")
    return 0
