"""margin serve: the reader in a web browser, through textual-serve (docs/team.md)."""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from pathlib import Path

HELP = ("Serve the Margin reader in a web browser (textual-serve). Each browser session runs its "
        "own Margin process on FOLDER as the configured author. Listens on 127.0.0.1 (this machine "
        "only) unless --host says otherwise: anyone who can reach that address can then read and "
        "annotate the folder, with no password.")

DEFAULT_PORT = 8000


def add_arguments(p) -> None:
    p.add_argument("folder", nargs="?", default=".", help="the folder (or article) to serve (default: .)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 exposes it "
                        "to every network this machine is on)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def app_command(target: Path) -> str:
    """The shell command textual-serve starts for each browser session: this Python, this
    Margin (its package folder first on the path), the target."""
    return f"{shlex.quote(sys.executable)} -m tui {shlex.quote(str(target))}"


def run(args) -> int:
    from annotations.errors import MarginError
    from annotations.tagset import load_tagset
    from annotations.textmap import safe_text

    target = Path(args.folder).resolve()
    if not target.exists():
        raise MarginError(f"{args.folder}: no such file or folder")
    if not 0 < args.port < 65536:
        raise MarginError(f"--port {args.port}: not a port (1-65535)")
    try:
        from textual_serve.server import Server
    except ImportError:
        raise MarginError("textual-serve is not installed (pip install textual-serve)") from None
    folder = target if target.is_dir() else target.parent
    author = load_tagset(folder).author
    # Every session's process gets the author now configured, and this Margin's code.
    os.environ["MARGIN_AUTHOR"] = author
    package_root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    where = f"http://{args.host}:{args.port}"
    print(f"margin serve: {safe_text(str(target))} on {where}, each session as {safe_text(author)}",
          file=sys.stderr)
    if not is_loopback(args.host):
        print(f"margin serve: {safe_text(args.host)} is not loopback: anyone who can reach {where} can read "
              f"and annotate this folder as {safe_text(author)}; there is no password or encryption",
              file=sys.stderr)
    server = Server(app_command(target), host=args.host, port=args.port, title="Margin")
    server.serve()
    return 0
