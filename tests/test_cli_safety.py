"""The command line and odd or hostile files: one line and exit 1, nothing raw on the terminal.

Issue 13 items 1-3 and 5-8 for the command line, issue 10 item 20 (--version, --help,
a file named like a command).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import tomli_w

from annotations import index as index_mod
from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store, annotations_path
from tui import cli
from tui.cli import COMMANDS, main

TEXT = ("Harbour fees rise\n\nThe port said fees rise by 8 per cent in May.\n"
        "\u201cWe had no choice,\u201d said the harbour master.\n")

# OSC 52 (writes the clipboard) ended by ESC \, a CSI colour, an 8-bit CSI (C1), a
# bidi override and a bell: each is something a terminal would act on.
EVIL = "\x1b]52;c;SGVsbG8=\x1b\\\x1b[31m\x9b2J\u202e\x07"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(index_mod, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setenv("MARGIN_AUTHOR", "tester")


def assert_inert(text: str) -> None:
    bad = sorted({repr(c) for c in RAW.findall(text.replace("\r\n", "\n"))})
    assert not bad, f"raw control characters reached the terminal: {bad}"


# ------------------------------------------------------------------ special files

@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "fifo"])
def test_opening_a_special_file_is_one_line_and_exit_1(tmp_path, capsys, target):
    if target == "fifo":
        target = str(tmp_path / "pipe.txt")
        os.mkfifo(target)
    assert main([target]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a regular file" in err


def test_opening_a_symlink_loop_says_so(tmp_path, capsys):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert main([str(loop)]) == 1
    assert "symbolic link loop" in capsys.readouterr().err


def test_a_fifo_learned_boilerplate_file_does_not_hang_suggest(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text(TEXT, "utf-8")
    os.mkfifo(tmp_path / ".margin-boilerplate.txt")
    assert main(["suggest", str(art)]) == 0
    cap = capsys.readouterr()
    assert "not a regular file (a FIFO)" in cap.err and "quote" in cap.out


# ------------------------------------------------------------------ --version, --help, names

def test_version_matches_the_project(capsys):
    import tomllib

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    version = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]["version"]
    assert capsys.readouterr().out.strip() == f"margin {version}"


def test_help_lists_every_command_with_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in COMMANDS:
        (line,) = [x for x in out.splitlines() if x.strip().startswith(name + " ")]
        assert len(line) <= 80


@pytest.mark.parametrize("how", [["./clean"], ["--", "clean"]])
def test_a_file_named_like_a_command_opens(tmp_path, monkeypatch, how):
    (tmp_path / "clean").write_text(TEXT, "utf-8")
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(cli, "_run_app", lambda p: opened.append(p) or 0)
    assert main(how) == 0
    assert [p.name for p in opened] == ["clean"]


# ------------------------------------------------------------------ hostile strings everywhere

def hostile_folder(root: Path) -> Path:
    """A folder where every string a command may print carries EVIL: file names, tags,
    ids, authors, speakers, notes, reasons, unknown keys, [article] file, config."""
    d = root / f"news{EVIL}"
    d.mkdir()
    art = d / f"port{EVIL}.txt"
    art.write_text(TEXT.replace("harbour master", f"harbour master{EVIL}"), "utf-8")
    s = Store(read_article(art), author=f"ana{EVIL}")
    s.load()
    for sub, tag in (("fees rise by 8 per cent", f"claim{EVIL}"), ("We had no choice,", "quote")):
        i = TEXT.index(sub)
        s.annotations.append(make_annotation(TEXT, tag, i, i + len(sub), author=f"ana{EVIL}",
                                             note=f"note{EVIL}", speaker=f"Mo{EVIL}"))
    s.save()
    ann = annotations_path(art)
    import tomllib

    data = tomllib.loads(ann.read_text("utf-8"))
    data["article"]["file"] = f"other{EVIL}.txt"
    for e in data["annotations"]:
        e["id"] = e["id"] + EVIL
    data["annotations"].append(dict(data["annotations"][0], id="dup" + EVIL))  # a duplicate span
    ann.write_text(tomli_w.dumps(data), "utf-8")
    # The article changes, so check re-anchors (moves) and reports an orphan.
    art.write_text("Update.\n" + TEXT.replace("We had no choice,", "We chose,"), "utf-8")
    # A second, broken annotations file: its error names the file.
    (d / f"bad{EVIL}.txt.annotations.toml").write_text(f"format = 1\n[article\n{EVIL}", "utf-8")
    (d / "margin.toml").write_text(f'author = "x"\n[tags.bad{EVIL}]\n', "utf-8")
    (d / ".margin-state.toml").write_text(tomli_w.dumps({"format": 1, "done": {f"port{EVIL}.txt": {"by": EVIL}}}),
                                          "utf-8")
    (d / ".margin-boilerplate.txt").write_text(f"Advertisement{EVIL}\n", "utf-8")
    return d


def every_command(d: Path, tmp: Path) -> list[list[str]]:
    art = str(next(p for p in d.iterdir() if p.name.startswith("port") and p.name.endswith(".txt")))
    ann = str(annotations_path(Path(art)))
    out = tmp / f"out{EVIL}"
    return [
        ["check", str(d)], ["check", "-v", str(d)], ["check", art], ["check", ann],
        ["check", str(d / f"missing{EVIL}.txt")],
        ["review", str(d)], ["review", "--json", str(d)], ["review", "--tag", EVIL, str(d)],
        ["stats", str(d)], ["stats", "--json", str(d)], ["stats", "--author", EVIL, str(d)],
        ["agree", str(d), "--authors", f"ana{EVIL},ben"], ["agree", str(d), "--json", "--authors", f"ana{EVIL},b"],
        ["agree", str(d), "--authors", EVIL],
        ["suggest", art], ["suggest", "--json", art],
        ["clean", art], ["clean", "--json", art],
        ["export", str(d), "--format", "csv"], ["export", str(d), "--format", "jsonl"],
        ["export", str(d), "--format", "w3c"], ["export", str(d), "--format", "brat", "-o", str(out)],
        ["export", str(d), "--format", "csv", "-o", str(d / f"x{EVIL}.txt.annotations.toml")],
        ["export", str(d / f"nope{EVIL}"), "--format", "csv"],
        [str(d / f"missing{EVIL}.txt")], [f"{EVIL}"],
        ["export", str(d), "--format", f"csv{EVIL}"], ["check"], ["review", str(d), f"--x{EVIL}"],
    ]


def test_every_command_output_is_inert_with_hostile_strings(tmp_path, capsys, monkeypatch):
    d = hostile_folder(tmp_path)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(cli, "_run_app", lambda p: 0)
    commands = every_command(d, tmp_path)
    # Every command the CLI knows is covered, and the app's own path too.
    assert {c[0] for c in commands if c[0] in COMMANDS} == set(COMMANDS)
    for cmd in commands:
        try:
            code = main(cmd)
        except SystemExit as exit_:  # argparse: a usage error
            code = 1 if exit_.code == 2 else exit_.code
        cap = capsys.readouterr()
        assert code in (0, 1), cmd
        assert "Traceback" not in cap.err, cmd
        assert_inert(cap.out)
        assert_inert(cap.err)
        if "--json" in cmd:
            json.loads(cap.out)  # still valid JSON, the escapes are JSON escapes


def test_hostile_strings_are_kept_exactly_in_files(tmp_path, capsys):
    d = hostile_folder(tmp_path)
    out = tmp_path / "x.jsonl"
    assert main(["export", str(d), "--format", "jsonl", "-o", str(out)]) == 1  # the broken file is a problem
    record = json.loads(out.read_text("utf-8").splitlines()[0])
    assert any(s["label"] == f"claim{EVIL}" for s in record["spans"])


def test_safe_text_makes_escape_sequences_inert():
    from annotations.textmap import safe_text

    shown = safe_text(EVIL + "\x1bP1$r\x1b\\" + "\x90" + "\x9d0;title\x9c" + "\u2066\u2069\ufeff")
    assert not RAW.findall(shown) and "\ufeff" not in shown
    assert shown.startswith("\u241b]52;c;SGVsbG8=\u241b\\")  # visible: ␛]52;c;…␛\
    assert "\n" not in safe_text("two\nlines\r\u2028here")
