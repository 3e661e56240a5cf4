"""Shared fixtures: invented articles in tmp_path, a fixed author and config folder, and
helpers to drive the app with Pilot and read what it shows and saves."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import pytest

# Our own invented article: a title, a standfirst, furniture lines, quotes, claims.
ARTICLE = """\
Home › News › Eastmoor
Eastmoor library to close two days a week from March
The town's only public library will shut on Mondays and Tuesdays to save £84,000 a year, the council said.
By Priya Venn, Staff Reporter
Advertisement
Eastmoor Library will open five days a week instead of seven from 3 March. The council says the change saves £84,000 a year.
Visitor numbers fell by 12 per cent last year. Weekday mornings were the quietest time.
"We did not take this decision lightly," said Cllr Tom Greaves. "The library matters to this town."
Parents at the toddler reading group said the Monday session was the only one they could reach. One mother said she would now have to take two buses to the next library.
The council will review the new hours in a year. A public meeting is planned for 20 February at the town hall.
Share this article
"""


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test that starts a real process")


@pytest.fixture(autouse=True)
def own_cache_and_state(monkeypatch, tmp_path_factory):
    """Every test gets its own cache and state folders: reading sample_articles/*.html
    caches the cleaned text, and positions and done marks are state, so without this a
    test wrote into the real user's folders and could read another test's leftovers."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def fixed_user(monkeypatch, tmp_path_factory):
    """A fixed author and an empty user config folder, so no one's own margin.toml leaks in."""
    cfg = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("MARGIN_AUTHOR", "tester")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(cfg))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "library.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def long_article_text(paragraphs: int = 60) -> str:
    parts = ["A long invented report on the town's bus timetable changes"]
    for i in range(paragraphs):
        parts.append(
            f"Paragraph {i} says the route {i} bus now runs every {10 + i % 7} minutes. "
            f"Drivers on route {i} said the change was announced on a Friday. "
            f"The operator expects {100 + i} more riders a day by the spring."
        )
    return "\n".join(parts) + "\n"


@pytest.fixture
def long_article(tmp_path: Path) -> Path:
    p = tmp_path / "buses.txt"
    p.write_text(long_article_text(), encoding="utf-8")
    return p


def annotations_of(path: Path) -> list[dict]:
    """The [[annotations]] entries saved beside ``path`` (empty when there is no file),
    once every save handed to the app's saver threads is written."""
    from tui.saving import wait_idle

    assert wait_idle(10.0), "a save did not finish"
    toml = path.with_name(path.name + ".annotations.toml")
    if not toml.exists():
        return []
    return tomllib.loads(toml.read_text(encoding="utf-8")).get("annotations", [])


def screen_text(app) -> str:
    """What the terminal shows, as plain text, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def until(pilot, condition, timeout: float = 10.0, what: str = "the condition") -> None:
    """Let the app run until ``condition()`` holds (a save answered, a screen opened)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    await pilot.pause()


async def settled(pilot, timeout: float = 10.0) -> None:
    """Wait until the app's saves are written and their outcome is on screen."""
    from tui.saving import wait_idle

    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not wait_idle(0):
        if loop.time() > end:
            raise AssertionError("a save did not finish")
        await asyncio.sleep(0.01)
    await pilot.pause()
    await pilot.pause()


def palette_choice(app) -> str | None:
    """The command the open palette would run on enter, or None while it still searches
    (the palette searches in a worker, so a fixed pause can press enter on nothing)."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return None
    commands = app.screen.query_one(CommandList)
    if commands.highlighted is None:
        return None
    option = commands.get_option_at_index(commands.highlighted)
    hit = getattr(option, "hit", None)
    return getattr(hit, "text", None)


async def wait_loaded(pilot, timeout: float = 10.0) -> None:
    """Wait until the whole article is shown and the annotations are loaded."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if app.loaded.is_set() and (app.store is not None or app.load_error) and (
                app.view.sentence_counts is not None or app.load_error):
            await pilot.pause()
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app did not finish loading")
