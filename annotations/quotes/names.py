"""First names and their usual gender, from gender-guesser's name list (loaded lazily).

Why this data: a pronoun ("she said") must skip the men the article named since the
speaker, and an honorific is rare in news copy, so the first name is the best cue
left. gender-guesser ships the name list of Jörg Michael's ``nam_dict`` (about
48,000 first names from many countries, each marked male, female, mostly one or the
other, or either). We read its data file directly, once, on the first look-up,
instead of importing its Detector, which keeps per-country figures we never use
and takes several times longer to load.

Without the package (or with an unreadable file) every name is of unknown gender:
the rules go on as before, only less sure.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_GENDER: dict[str, str] | None = None  # lower-case first name -> "m", "f" or "" (either)
# "mostly male" and "mostly female" names (?M, 1M, ?F, 1F) tell too little to rule out
# the other pronoun: they count as either.
_CODES = {"M": "m", "F": "f", "1M": "", "?M": "", "1F": "", "?F": "", "?": ""}


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "nam_dict.txt"


def _weight(values: str) -> int:
    """How common a name line is: the sum of its per-country frequency digits (1-D)."""
    return sum(int(c, 16) for c in values if c in "123456789ABCDEFabcdef")


def parse_name_list(lines: list[str]) -> dict[str, str]:
    """``nam_dict`` lines ("M  Aaron    …") to name -> gender.

    A name listed for both genders takes the one that is at least twice as common
    over the countries; otherwise it is "" (either). Only such names have their
    per-country figures read: that is most of the work, and few names need it.
    """
    out: dict[str, str] = {}
    rows: dict[str, list[tuple[str, str]]] = {}  # names seen with two readings: their lines
    for line in lines:
        if not line or line[0] in "#=":
            continue
        g = _CODES.get(line[:2].strip())
        if g is None:
            continue
        name = line[3:29].strip().lower()
        if not name:
            continue
        forms = [name.replace("+", r) for r in ("", " ", "-")] if "+" in name else [name]
        for form in forms:
            old = out.get(form)
            if old is None:
                out[form] = g
                rows[form] = [(g, line)]
            else:
                rows[form].append((g, line))
                if old != g:
                    out[form] = "?"  # settled below by the figures
    for name, value in out.items():
        if value != "?":
            continue
        counts = {"m": 0, "f": 0, "": 0}
        for g, line in rows[name]:
            counts[g] += max(1, _weight(line[30:]))
        m, f, e = counts["m"], counts["f"], counts[""]
        out[name] = "m" if m >= 2 * (f + e) and m else "f" if f >= 2 * (m + e) and f else ""
    return out


def _load() -> dict[str, str]:
    global _GENDER
    if _GENDER is None:
        path = _data_file()
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path else []
        except OSError:
            lines = []
        _GENDER = parse_name_list(lines)
    return _GENDER


def first_name_gender(name: str) -> str | None:
    """"m", "f", "" (a name used for both), or None (not a known first name)."""
    if not name or not name[:1].isupper():
        return None
    names = _GENDER if _GENDER is not None else _load()  # skip the call once loaded: this runs per token
    return names.get(name.replace("’", "'").lower())
