"""review's quick path (_fast_rows) never accepts a file the store refuses, and gives the
store's rows for every file it accepts; margin review --json prints what it always did."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import MarginError
from annotations.review import _fast_rows, _parse, format_created, json_rows, scan
from annotations.store import read_annotation_file

VALID = {
    "format": 1,
    "article": {"file": "a.txt", "sha256": "0" * 64, "length": 40},
    "annotations": [
        {"id": "aaaaaa", "tag": "claim", "start": 0, "end": 5, "text": "Hello", "prefix": "", "suffix": " world",
         "note": "n", "author": "ana", "created": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
         "origin": "manual"},
        {"id": "bbbbbb", "tag": "quote", "start": 6, "end": 11, "text": "world", "speaker": "Ben \u2028 Q",
         "author": "ben", "orphan": True, "custom": {"x": 1}},
    ],
    "rejected": [{"id": "cccccc", "tag": "claim", "start": 1, "end": 2, "text": "e", "reason": "no"}],
}

# Values that break one rule or another of the format.
ODD = st.sampled_from([None, True, False, -1, 0, 3, 2.5, "", "x", [], {}, date(2026, 1, 1), [1], {"a": 1}])
KEYS = ["format", "article", "annotations", "rejected"]
ENTRY_KEYS = ["id", "tag", "start", "end", "text", "prefix", "suffix", "note", "speaker", "author",
              "created", "origin", "reason", "orphan"]


def _store_rows(path: Path):
    try:
        f = read_annotation_file(path)
    except MarginError:
        return None
    return [(a.id, a.tag, a.start, a.end, a.text, a.speaker, a.note, a.author, format_created(a.created),
             "orphan" if a.anchor == "orphan" else "ok") for a in f.annotations]


def _mutate(data: dict, where: str, key: str, value) -> dict:
    d = json.loads(json.dumps(data, default=str))  # deep copy (dates become strings)...
    d["annotations"][0]["created"] = VALID["annotations"][0]["created"]  # ...put the datetime back
    target = d if where == "top" else d["article"] if where == "article" else \
        d["annotations"][1] if where == "entry" else d["rejected"][0]
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
    return d


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(["top", "article", "entry", "rejected"]),
       key=st.sampled_from(KEYS + ENTRY_KEYS + ["file", "sha256", "length"]), value=ODD)
def test_quick_path_agrees_with_the_store(tmp_path_factory, where, key, value):
    path = tmp_path_factory.mktemp("f") / "a.txt.annotations.toml"
    try:
        path.write_text(tomli_w.dumps(_mutate(VALID, where, key, value)), encoding="utf-8")
    except (TypeError, ValueError):
        return  # not writable as TOML
    quick = _fast_rows(path)
    full = _store_rows(path)
    if quick is not None:
        assert full is not None, "quick path accepted a file the store refuses"
        assert quick == full
    if full is not None:
        assert _parse(path) == ("ok", full)
    else:
        assert _parse(path)[0] == "error"


def test_quick_path_rows_of_a_valid_file(tmp_path: Path):
    path = tmp_path / "a.txt.annotations.toml"
    path.write_text("\ufeff" + tomli_w.dumps(VALID), encoding="utf-8")
    assert _fast_rows(path) == _store_rows(path)
    assert [r[0] for r in _fast_rows(path)] == ["aaaaaa", "bbbbbb"]
    path.write_text(tomli_w.dumps(VALID) + '\n[[annotations]]\nid = "aaaaaa"\ntag = "x"\nstart = 0\nend = 0\n'
                    'text = ""\n', encoding="utf-8")
    assert _fast_rows(path) is None and _parse(path)[0] == "error"


def test_json_rows_are_what_to_dict_dumps(tmp_path: Path, fixed_user, monkeypatch):
    (tmp_path / "a.txt").write_text("Hello world, said Ben.\n", encoding="utf-8")
    path = tmp_path / "a.txt.annotations.toml"
    path.write_text(tomli_w.dumps(VALID), encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    for folder in (tmp_path, str(tmp_path) + "/", tmp_path.name, "./" + tmp_path.name + "/"):
        want = [json.dumps(r.to_dict(), ensure_ascii=False) for r in scan(folder, use_index=False)]
        assert list(json_rows(folder, use_index=False)) == want
        assert list(json_rows(folder, tag="quote")) == want[1:]
        assert list(json_rows(folder, author="ana")) == want[:1]
    monkeypatch.chdir(tmp_path)
    want = [json.dumps(r.to_dict(), ensure_ascii=False) for r in scan(".", use_index=False)]
    assert list(json_rows(".", use_index=False)) == want and want[0].startswith('{"article": "a.txt"')
