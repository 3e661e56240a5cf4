"""Terminal safety and hang-ups, through the app and through a real terminal (a pty).

Article text is data: markup shows literally, control characters show as visible
placeholders, and no escape sequence from the article reaches the terminal. A dropped
connection (SIGHUP) loses nothing the footer showed as saved.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conftest import annotations_of, screen_text, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

HOSTILE = (
    "A headline with [bold red]markup[/] in it\n"
    "The standfirst mentions [link=https://example.invalid]a link[/link] and $variables.\n"
    "Colour \x1b[31mred\x1b[0m escapes and a clipboard write \x1b]52;c;SGVsbG8=\x07 sit here. "
    "A C1 control \x9b2J and a bell \x07 too.\n"
    "Bidi \u202eoverride\u202c text and [/] a stray closing tag. Square [brackets] stay.\n"
)


def segment_texts(app) -> str:
    strips = app.screen._compositor.render_strips()
    return "".join(seg.text for strip in strips for seg in strip)


async def test_hostile_article_shows_literally_and_emits_no_escapes(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("f")  # furniture too, so every line is on screen
        await pilot.pause()
        shown = screen_text(app)
        flat = " ".join(shown.split())
        assert "[bold red]markup[/]" in flat
        assert "[link=https://example.invalid]a link[/link]" in flat
        assert "[/] a stray closing tag" in flat
        assert "␛[31mred␛[0m" in flat  # ESC shown as a visible placeholder
        assert "␛]52;c;SGVsbG8=␇" in flat
        assert "\ufffd2J" in flat  # C1 CSI made harmless
        assert "override" in flat and "\u202e" not in shown
        raw = segment_texts(app)
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
            assert bad not in raw
        # Tag the sentence with the escapes: the raw text is saved exactly as it was.
        app.view.move_to_offset(app.article.text.index("Colour"))
        await pilot.press("c")
        saved = annotations_of(path)
        assert "\x1b]52;c;SGVsbG8=\x07" in saved[0]["text"]
        # The sidebar's snippet is made safe too, and so is the note editor's quote.
        assert "\x1b" not in segment_texts(app)
        await pilot.press("e")
        await pilot.pause()
        assert "Note on this claim" in screen_text(app)
        assert "\x1b" not in segment_texts(app) and "\x07" not in segment_texts(app)
        await pilot.press("escape")
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg


# ---------------------------------------------------------------------------- a real pty

def _spawn(article: Path, env: dict) -> tuple[subprocess.Popen, int]:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", str(article)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    os.close(slave)
    return proc, master


def _read_until(master: int, out: bytearray, pred, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            try:
                out.extend(os.read(master, 65536))
            except OSError:
                break
    return pred()


def _env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", MARGIN_AUTHOR="tester", XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("TEXTUAL", None)
    return env


@pytest.mark.slow
def test_sighup_after_tagging_keeps_the_annotation_and_exits(tmp_path, article):
    proc, master = _spawn(article, _env(tmp_path))
    out = bytearray()
    try:
        assert _read_until(master, out, lambda: b"sentence" in out and b"of 12" in out, 30), out[-500:]
        os.write(master, b"jj")
        assert _read_until(master, out, lambda: b"sentence 3 of 12" in out, 15), out[-500:]
        os.write(master, b"c")
        toml = article.with_name(article.name + ".annotations.toml")
        assert _read_until(master, out, lambda: toml.exists() and b"saved" in out, 15)
        proc.send_signal(signal.SIGHUP)
        _read_until(master, out, lambda: proc.poll() is not None, 10)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    # It exited by itself (not killed by the signal's default action, nor by our kill).
    assert proc.returncode == 0, proc.returncode
    saved = tomllib.loads(toml.read_text(encoding="utf-8"))["annotations"]
    assert [a["tag"] for a in saved] == ["claim"]
    assert saved[0]["text"].startswith("Eastmoor Library will open")
    # The next open is clean: no lock left behind blocks a save.
    store_lock = [p for p in article.parent.iterdir() if p.name.endswith(".lock")]
    for lock in store_lock:
        import fcntl

        with open(lock, "a+") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)


@pytest.mark.slow
def test_no_escape_from_the_article_reaches_the_terminal(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    proc, master = _spawn(path, _env(tmp_path))
    out = bytearray()
    try:
        assert _read_until(master, out, lambda: b"stray closing tag" in out, 30), out[-500:]
        os.write(master, b"f")
        assert _read_until(master, out, lambda: b"Furniture" in out, 15), out[-500:]
        os.write(master, b"\x11")  # ctrl+q
        _read_until(master, out, lambda: proc.poll() is not None, 10)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert b"\x1b]52" not in out  # no clipboard write
    assert b"SGVsbG8=\x07" not in out
    assert b"\x1b[31mred" not in out
    assert "\u202e".encode() not in out
    assert "[bold red]markup[/]".encode() in out
    assert "␛".encode() in out


def test_tag_colours_keep_their_hue_in_16_colours():
    from rich.color import Color, ColorSystem

    from tui.article_view import TAG_RGB

    base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    for i, name in enumerate(base):
        for variant in (name, f"bright_{name}"):
            number = Color.parse(TAG_RGB[variant]).downgrade(ColorSystem.STANDARD).number
            assert number in (i, i + 8) or (name == "black" and number == 8), (variant, number)


@pytest.mark.slow
def test_claim_is_yellow_in_a_16_colour_terminal(tmp_path, article):
    env = _env(tmp_path)
    env["TERM"] = "xterm"
    env.pop("COLORTERM", None)
    proc, master = _spawn(article, env)
    out = bytearray()
    try:
        assert _read_until(master, out, lambda: b"of 12" in out, 30), out[-300:]
        os.write(master, b"jj")
        assert _read_until(master, out, lambda: b"sentence 3 of 12" in out, 15), out[-300:]
        mark = len(out)
        os.write(master, b"c")
        toml = article.with_name(article.name + ".annotations.toml")
        assert _read_until(master, out, lambda: toml.exists() and b"saved" in out[mark:], 15)
        _read_until(master, out, lambda: b"103m" in out[mark:] or b";103" in out[mark:], 5)
        os.write(master, b"\x11")
        _read_until(master, out, lambda: proc.poll() is not None, 10)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    drawn = bytes(out[mark:])
    assert b"38;2" not in drawn and b"48;2" not in drawn  # no true colour sent to it
    assert b"103m" in drawn or b";103" in drawn  # the claim's bright yellow background


# ----------------------------------------------------------------- a big article, cut off

def _big_article(path: Path, megabytes: int = 10) -> None:
    """About ``megabytes`` MB of invented prose, made fast (no randomness needed)."""
    para = ("Item {i} was discussed at length by the members present, who said the figures "
            "for {i} would be checked again. The clerk noted {j} objections to item {i}. ")
    lines = ["A very long invented record of parish council minutes"]
    size = 0
    i = 0
    while size < megabytes * 1_000_000:
        line = para.format(i=i, j=i % 13) * 3
        lines.append(line)
        size += len(line) + 1
        i += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _processes_of(path: Path) -> list[int]:
    """Pids of live (not zombie) processes whose command line names ``path``."""
    pids = []
    needle = str(path).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmdline and state != "Z":
            pids.append(int(entry.name))
    return pids


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to list processes")
def test_hang_up_after_quit_on_a_big_article_leaves_no_process(tmp_path):
    """ctrl+q while a 10 MB article is still being processed, then the terminal goes
    away: within 5 s neither the app nor its loading process is left."""
    path = tmp_path / "minutes.txt"
    _big_article(path)
    proc, master = _spawn(path, _env(tmp_path))
    out = bytearray()
    try:
        assert _read_until(master, out, lambda: b"parish council minutes" in out, 60), out[-500:]
        os.write(master, b"\x11")  # ctrl+q at once, while the rest is loading
        proc.send_signal(signal.SIGHUP)  # the terminal closes
        os.close(master)
        master = -1
        end = time.monotonic() + 5
        while time.monotonic() < end and (proc.poll() is None or _processes_of(path)):
            time.sleep(0.05)
        assert proc.poll() is not None, "the app is still running 5 s after the hang-up"
        assert _processes_of(path) == [], "a process of the app outlived it"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in _processes_of(path):
            os.kill(pid, signal.SIGKILL)
        if master >= 0:
            os.close(master)


@pytest.mark.slow
def test_quit_while_a_big_article_loads_does_not_wait_for_it(tmp_path):
    """ctrl+q on the first frame of a 10 MB article ends the app and its child, long
    before the article would have been processed."""
    path = tmp_path / "minutes.txt"
    _big_article(path)
    proc, master = _spawn(path, _env(tmp_path))
    out = bytearray()
    try:
        assert _read_until(master, out, lambda: b"parish council minutes" in out, 60), out[-500:]
        os.write(master, b"\x11")
        _read_until(master, out, lambda: proc.poll() is not None, 5)  # ends early when the app lets go of the tty
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            raise AssertionError("ctrl+q waited for the load") from None
        assert code == 0
        end = time.monotonic() + 5
        while time.monotonic() < end and _processes_of(path):
            time.sleep(0.05)
        assert _processes_of(path) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in _processes_of(path):
            os.kill(pid, signal.SIGKILL)
        os.close(master)
