"""margin serve in a real browser: Chromium (Debian's package) driven by Playwright.

The server runs as `python -m tui serve FOLDER --port N` on 127.0.0.1; the page opens,
the app starts in its own process, keys go in, and a sentence is tagged. What the app
draws arrives over the websocket as terminal bytes; the test reads them to know when
the app is ready, and asserts the TOML on disk. Only loopback traffic.

Where Chromium or Playwright cannot be had, the test skips and says why (.ci/install-browser
installs Chromium in CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.commands.serve import app_command, is_loopback

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

ARTICLE = ("Harbour wall repairs finish early\n\n"
           "The harbour wall repairs finished two weeks early, the port authority said on Friday. "
           "The work cost 3.2 million. Fishing boats can use the east quay again from Monday.\n")


def test_loopback_rule():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("example.org")


def test_app_command_quotes_the_path(tmp_path: Path):
    cmd = app_command(tmp_path / "a folder; rm -rf x")
    assert cmd.startswith(sys.executable) and "'" in cmd and "-m tui" in cmd


def _browser_or_skip():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser test skipped: no Chromium at {CHROMIUM} (apt-get install chromium; "
                    f".ci/install-browser does it in CI)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser test skipped: Playwright is not installed (pip install playwright)")
    return sync_playwright


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(cond, timeout: float, what: str, tick=lambda: time.sleep(0.05)):
    """Poll ``cond`` until true. With a page, ``tick`` is page.wait_for_timeout: sync
    Playwright delivers websocket events only while one of its calls runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        tick()
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.mark.slow
def test_serve_tags_a_sentence_from_the_browser(tmp_path: Path, fixed_user):
    sync_playwright = _browser_or_skip()
    import tomllib

    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "harbour.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (folder / "margin.toml").write_text('author = "web-ana"\n', encoding="utf-8")
    port = _free_port()
    env = dict(os.environ)
    env.pop("MARGIN_AUTHOR", None)  # the author comes from margin.toml, as configured
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "tui", "serve", str(folder), "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(lambda: _listening(port) or server.poll() is not None, 30, "the server to listen")
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        received: list[bytes] = []

        def screen() -> str:
            return b"".join(received).decode("utf-8", "replace")

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                # Only loopback: anything else the page asks for is refused.
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(f"http://127.0.0.1:{port}")
                           or route.request.url.startswith(f"ws://127.0.0.1:{port}") else route.abort())

                def on_ws(ws) -> None:
                    ws.on("framereceived", lambda payload: received.append(
                        payload if isinstance(payload, bytes) else payload.encode("utf-8")))

                page.on("websocket", on_ws)
                page.goto(f"http://127.0.0.1:{port}/")
                start = page.locator("#start")
                if start.is_visible():
                    start.click()
                # The folder list shows the article: the app runs, in its own process.
                tick = lambda: page.wait_for_timeout(50)  # noqa: E731
                _wait(lambda: "harbour.txt" in screen() or "Harbour wall" in screen(), 60, "the folder list", tick)
                page.locator(".textual-terminal").click()
                page.keyboard.press("Enter")
                _wait(lambda: "port authority" in screen(), 60, "the article", tick)
                received.clear()
                page.keyboard.press("c")
                toml = folder / "harbour.txt.annotations.toml"
                _wait(toml.exists, 30, "the annotations file", tick)
                entries = _wait(lambda: tomllib.loads(toml.read_text(encoding="utf-8")).get("annotations"), 10,
                                "a saved annotation", tick)
            finally:
                browser.close()
        assert len(entries) == 1
        e = entries[0]
        assert e["tag"] == "claim" and e["author"] == "web-ana"
        assert e["text"] == ARTICLE[e["start"]:e["end"]]
        assert e["text"] == "Harbour wall repairs finish early"  # the first sentence: the cursor starts there
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
