"""Tag sets from margin.toml: folder config, user config, defaults, and bad configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations import tagset
from annotations.tagset import COLORS, DEFAULT_TAGS, load_tagset, parse_config


@pytest.fixture(autouse=True)
def user_config(tmp_path, monkeypatch):
    """Point the user's config folder into the test's temp dir (empty by default)."""
    conf = tmp_path / "userconf" / "margin.toml"
    monkeypatch.setattr(tagset, "user_config_path", lambda: conf)
    monkeypatch.setenv("MARGIN_AUTHOR", "login-name")
    return conf


def test_defaults_when_no_config(tmp_path):
    ts = load_tagset(tmp_path)
    assert [(t.name, t.key, t.color) for t in ts] == [
        ("claim", "c", "yellow"), ("quote", "q", "cyan"), ("boilerplate", "b", "magenta")]
    assert ts.error is None
    assert ts.author == "login-name"
    assert ts.source is None
    assert all(t.color in COLORS for t in DEFAULT_TAGS)


def test_folder_config_defines_tags_and_author(tmp_path):
    (tmp_path / "margin.toml").write_text(
        'author = "rosa"\n\n'
        '[tags.claim]\n'
        '[tags.statistic]\nkey = "1"\ncolor = "bright_green"\ndescription = "A number with a source."\n'
        '[tags.person]\nkey = "2"\ncolour = "Blue"\n',
        encoding="utf-8")
    ts = load_tagset(tmp_path)
    assert ts.error is None
    assert ts.author == "rosa"
    assert ts.names == ["claim", "statistic", "person"]
    claim = ts.get("claim")
    assert (claim.key, claim.color) == ("c", "yellow")  # a default name keeps its defaults
    stat = ts.get("statistic")
    assert (stat.key, stat.color, stat.description) == ("1", "bright_green", "A number with a source.")
    assert ts.get("person").color == "blue"
    assert ts.by_key("2").name == "person"
    assert ts.by_key("q") is None
    assert ts.source == tmp_path / "margin.toml"


def test_user_config_used_when_folder_has_none(tmp_path, user_config):
    user_config.parent.mkdir(parents=True)
    user_config.write_text('author = "kim"\n[tags.rumour]\nkey = "9"\ncolor = "red"\n', encoding="utf-8")
    ts = load_tagset(tmp_path / "articles")
    assert ts.names == ["rumour"]
    assert ts.author == "kim"
    # A folder config wins over the user's.
    (tmp_path / "margin.toml").write_text('[tags.other]\nkey = "3"\n', encoding="utf-8")
    assert load_tagset(tmp_path).names == ["other"]


def test_unknown_tag_gets_stable_fallback(tmp_path):
    ts = load_tagset(tmp_path)
    a, b = ts.get("hearsay"), load_tagset(tmp_path).get("hearsay")
    assert a == b
    assert a.name == "hearsay" and a.key == "" and not a.configured
    assert a.color in COLORS and a.color not in ("black", "white")
    assert "hearsay" not in ts


@pytest.mark.parametrize("text, line, words", [
    ('[tags.claim]\nkey = "c"\ncolor = "chartreuse"\n', 3, "colour 'chartreuse'"),
    ('author = "x"\n[tags.claim]\nkey = "j"\n', 3, "key must be"),
    ('[tags.a]\nkey = "1"\n[tags.b]\nkey = "1"\n', 4, "already used"),
    ('[tags.claim\nkey = "c"\n', 1, "not valid TOML"),
    ('\n\nauthor = 3\n', 3, "author must be"),
    ('[tags.claim]\nshortcut = "c"\n', 2, "unknown field 'shortcut'"),
    ('colour = "red"\n', 1, "unknown setting"),
])
def test_bad_config_names_line_and_falls_back(tmp_path, text, line, words):
    path = tmp_path / "margin.toml"
    path.write_text(text, encoding="utf-8")
    ts = load_tagset(tmp_path)
    assert ts.error is not None
    assert ts.error.startswith(f"{path}:{line}: ")
    assert words in ts.error
    assert "\n" not in ts.error
    assert ts.names == ["claim", "quote", "boilerplate"]


def test_undecodable_config_is_reported(tmp_path):
    (tmp_path / "margin.toml").write_bytes(b"author = \"\xff\xfe\"\n")
    ts = load_tagset(tmp_path)
    assert ts.error and "margin.toml" in ts.error
    assert ts.names == ["claim", "quote", "boilerplate"]


def test_textual_colour_names_parse():
    from textual.color import Color  # tests may import textual; the core never does

    for name in COLORS:
        assert Color.parse(f"ansi_{name}").ansi is not None
    assert DEFAULT_TAGS[0].textual_color == "ansi_yellow"


def test_parse_config_empty_gives_no_tags():
    tags, author = parse_config("")
    assert tags == [] and author is None


def test_core_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, annotations.tagset; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
