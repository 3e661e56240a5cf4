"""A quick reader for annotations files exactly as Margin writes them, else nothing.

``tomllib`` is pure Python and spends most of a big folder's review reading key after
key. The store writes one narrow layout (store.dumps): ``key = value`` lines with bare
keys, one-line basic strings, integers, booleans and UTC date-times, under
``[article]``, ``[[annotations]]`` and ``[[rejected]]``. ``loads(text)`` reads that
layout several times faster and returns exactly what ``tomllib.loads`` returns; for
anything else (a comment, an array, another spacing, a CRLF, an odd escape, a
repeated key, a fractional second...) it returns None and the caller uses tomllib.
It never accepts text tomllib refuses: tests/test_quicktoml.py holds the two to the
same answers on generated and mangled files.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Keys the store writes: checked once, not by the pattern on every line.
_KNOWN_KEYS = frozenset(("format", "file", "sha256", "length", "id", "tag", "start", "end", "text", "prefix",
                         "suffix", "note", "speaker", "author", "created", "origin", "reason", "orphan"))
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z")
# A basic string's inside: allowed characters and TOML 1.0's escapes, nothing else.
_ILLEGAL = re.compile(r'["\x00-\x08\x0a-\x1f\x7f]')
_ESCAPED_BODY = re.compile(r'(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*')
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_ARRAYS = ("annotations", "rejected")


class _NotQuick(Exception):
    pass


def _unescape(m: re.Match) -> str:
    code = m.group(1) or m.group(2)
    if code is None:
        return _SIMPLE[m.group(3)]
    value = int(code, 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise _NotQuick  # not a Unicode scalar value: tomllib refuses it
    return chr(value)


def _value(raw: str) -> Any:
    if raw[:1] == '"':
        if len(raw) < 2 or raw[-1] != '"':
            raise _NotQuick
        body = raw[1:-1]
        if "\\" not in body:
            if _ILLEGAL.search(body):
                raise _NotQuick
            return body
        if _ESCAPED_BODY.fullmatch(body) is None:
            raise _NotQuick
        return _ESCAPE.sub(_unescape, body)
    if raw == "true":
        return True
    if raw == "false":
        return False
    if _INT.fullmatch(raw):
        return int(raw)
    m = _DATETIME.fullmatch(raw)
    if m:
        try:
            y, mo, d, h, mi, sec = (int(g) for g in m.groups())
            return datetime(y, mo, d, h, mi, sec, tzinfo=timezone.utc)
        except ValueError:
            raise _NotQuick from None
    raise _NotQuick


def loads(text: str) -> dict[str, Any] | None:
    """``tomllib.loads(text)`` for the store's own layout, else None."""
    if "\r" in text:
        return None
    root: dict[str, Any] = {}
    table = root
    try:
        for line in text.split("\n"):
            if not line:
                continue
            if line[0] == "[":
                if line == "[article]":
                    if "article" in root:
                        return None
                    table = root["article"] = {}
                    continue
                name = line[2:-2] if line.startswith("[[") and line.endswith("]]") else ""
                if name not in _ARRAYS:
                    return None
                entries = root.setdefault(name, [])
                if type(entries) is not list:
                    return None
                table = {}
                entries.append(table)
                continue
            key, sep, raw = line.partition(" = ")
            if not sep or key in table or (key not in _KNOWN_KEYS and _KEY.fullmatch(key) is None):
                return None
            table[key] = _value(raw)
    except _NotQuick:
        return None
    return root
