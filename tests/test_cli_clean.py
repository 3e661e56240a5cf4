"""`margin clean` and `margin clean --json`, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.cli import main

ARTICLE = "\r\n".join([
    "Home \u203a Science",
    "Glass eels return to the upper river for the first time in decades",
    "By Tamsin Orr",
    "Share on X",
    "",
    "Volunteers counting young eels at the weir below Stonebridge recorded more than three thousand in a "
    "single night, the first large run seen there since the 1990s.",
    "",
    "Advertisement",
    "",
    "\u201cWe stood there with torches and just kept counting,\u201d said Irma Holt, who leads the count. "
    "\u201cNobody wanted to go home.\u201d",
    "",
    "The river trust said the new fish pass, finished last year, was the most likely reason for the "
    "recovery, though one good season proves little on its own.",
    "",
    "\u00a9 2031 The Valley Post. All rights reserved.",
    "",
])


def _write(tmp_path: Path, name: str = "eels.txt", text: str = ARTICLE) -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


def test_clean_prints_title_then_paragraphs(tmp_path, capsys):
    path = _write(tmp_path)
    assert main(["clean", str(path)]) == 0
    out = capsys.readouterr().out
    parts = out.rstrip("\n").split("\n\n")
    assert parts[0] == "Glass eels return to the upper river for the first time in decades"
    assert parts[1].startswith("Volunteers counting young eels")
    assert len(parts) == 4
    for junk in ("Home", "Share on X", "Advertisement", "By Tamsin Orr", "All rights reserved", "\r"):
        assert junk not in out


def test_clean_json_blocks_cover_every_character_once(tmp_path, capsys):
    path = _write(tmp_path)
    assert main(["clean", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"title", "encoding", "blocks"}
    assert data["title"] == "Glass eels return to the upper river for the first time in decades"
    assert data["encoding"] == "utf-8"
    text = ARTICLE.replace("\r\n", "\n")
    pos = 0
    for b in data["blocks"]:
        assert set(b) == {"kind", "start", "end", "text", "boilerplate", "reason"}
        assert b["start"] == pos and b["end"] >= b["start"]
        pos = b["end"]
        if b["boilerplate"]:
            assert b["reason"]
        else:
            assert b["reason"] is None
        if b["text"]:
            assert b["text"] in " ".join(text[b["start"]:b["end"]].replace("\u00a0", " ").split())
    assert pos == len(text)
    by_text = {b["text"]: b for b in data["blocks"]}
    assert by_text["Advertisement"]["boilerplate"] and by_text["Advertisement"]["reason"] == "advert"
    assert by_text["Share on X"]["reason"] == "share"
    assert by_text[data["title"]]["kind"] == "title"


def test_clean_output_has_no_furniture_blocks(tmp_path, capsys):
    path = _write(tmp_path)
    main(["clean", "--json", str(path)])
    data = json.loads(capsys.readouterr().out)
    main(["clean", str(path)])
    out = capsys.readouterr().out
    for b in data["blocks"]:
        if b["boilerplate"] and b["text"]:
            assert b["text"] not in out.split("\n")


def test_missing_file_is_one_line_on_stderr(tmp_path, capsys):
    code = main(["clean", str(tmp_path / "nope.txt")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "nope.txt" in err and "Traceback" not in err


def test_subprocess_clean_pipes_and_never_imports_textual(tmp_path):
    path = _write(tmp_path)
    probe = (
        "import sys; from tui.cli import main; code = main(['clean', sys.argv[1]]); "
        "sys.stdout.flush(); assert 'textual' not in sys.modules, 'textual imported'; sys.exit(code)"
    )
    r = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Glass eels return")
    missing = subprocess.run([sys.executable, "-m", "tui", "clean", str(tmp_path / "gone.md")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1
    assert len(missing.stderr.strip().splitlines()) == 1 and "Traceback" not in missing.stderr
