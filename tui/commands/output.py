"""Writing to the terminal from the plain commands: nothing from a file reaches it raw.

Every string that comes from a file, a file name or a config goes through
``annotations.textmap.safe_text`` before it is printed (``safe``). JSON output keeps
the data exact but escapes what a terminal could act on (``json_text``), and an
export written to a terminal goes through ``TerminalSafe``.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from annotations.textmap import safe_text

# C0 controls but tab and newline, DEL, C1 controls, bidi controls and the line and
# paragraph separators, lone surrogates: what a terminal may act on or reorder.
_RISKY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")
_RISKY_NO_CRLF = re.compile("\r(?!\n)|" + _RISKY.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))


def safe(text: object) -> str:
    """One printable line, inert in a terminal."""
    return safe_text("" if text is None else str(text))


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def json_text(obj: Any, **kw: Any) -> str:
    """json.dumps that stays exact (the escapes are valid JSON) and inert in a terminal:
    json escapes C0 itself; C1, DEL and bidi controls are escaped here too."""
    return escape_json(json.dumps(obj, ensure_ascii=False, **kw))


def escape_json(text: str) -> str:
    """JSON text made inert in a terminal: C1, DEL and bidi controls as ``\\uXXXX``
    (valid inside a JSON string; json itself escapes C0)."""
    return _RISKY.sub(_escape, text)


def escape_controls(text: str) -> str:
    """Control characters as visible ``\\uXXXX``, keeping tabs and line ends."""
    return _RISKY_NO_CRLF.sub(_escape, text)


class TerminalSafe:
    """A text stream that escapes control characters on the way to a terminal."""

    def __init__(self, out: TextIO):
        self.out = out

    def write(self, text: str) -> int:
        self.out.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self.out.flush()
