"""A big article while the rest of it is still loading: G and End go to the end of what
is loaded and the footer says more is coming; f works on the loaded part; when the rest
arrives, the cursor and its row on screen stay where the reader left them.

The test holds every load event after the first part behind a gate, so it decides when
the rest arrives (nothing here depends on how fast the child process is)."""

from __future__ import annotations

import threading

import pytest

from conftest import long_article_text, screen_text, until, wait_loaded
from tui import MarginApp
from tui.app import LOADED_END
from tui import loading
from tui.layout import build_layout as real_build_layout
from tui.loading import LoadingRoom
from tui.loader import FIRST_PART, Part, Whole
from tui.messages import LoadEvent

pytestmark = pytest.mark.usefixtures("fixed_user")


def footer(app: MarginApp) -> str:
    return screen_text(app).splitlines()[-1]


def screen_row(app: MarginApp) -> int:
    return app.view.cursor_lines()[0] - app.view.scroll_offset.y


async def test_end_while_loading_is_the_end_of_what_is_loaded(tmp_path, monkeypatch):
    path = tmp_path / "buses.txt"
    text = long_article_text(3000)
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 5 * FIRST_PART

    held: list[LoadEvent] = []
    gate = {"open": False}
    real = LoadingRoom.on_load_event  # Textual calls the handler of each class that has one

    def gated(self: MarginApp, message: LoadEvent) -> None:
        if gate["open"] or isinstance(message.event, Part):
            real(self, message)
        else:
            held.append(message)

    monkeypatch.setattr(LoadingRoom, "on_load_event", gated)
    # The whole article arrives laid out without furniture; with furniture shown (f) it is
    # laid out again, off the main thread, so keys answer meanwhile.
    relaid_on: list[bool] = []

    def recording_build_layout(*args, **kwargs):
        relaid_on.append(threading.current_thread() is threading.main_thread())
        return real_build_layout(*args, **kwargs)

    monkeypatch.setattr(loading, "build_layout", recording_build_layout)
    app = MarginApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.view.ready and app.view.partial, what="the first part")
        loaded = len(app.view.doc.text)
        assert loaded < len(text)

        # f works on the loaded part, at once.
        await pilot.press("f")
        assert app.view.furniture and app.view.partial and app.view.ready

        # G: the last sentence of what is loaded, and the footer says the rest is coming.
        await pilot.press("G")
        await pilot.pause()
        a, z = app.view.cursor_span()
        assert z >= loaded - 200  # the cursor is on the loaded part's last sentence
        assert LOADED_END in footer(app)
        assert "100%" not in footer(app)
        assert app.view.at_loaded_end

        # Moving up off the end says where the reader is again; End comes back.
        await pilot.press("k")
        assert LOADED_END not in footer(app) and "loading the rest" in footer(app)
        await pilot.press("end")
        await pilot.pause()
        assert app.view.cursor_span() == (a, z) and LOADED_END in footer(app)

        # The rest arrives: nothing moves under the reader.
        before_span, before_row = app.view.cursor_span(), screen_row(app)
        await until(pilot, lambda: any(isinstance(m.event, Whole) for m in held), what="the whole article")
        gate["open"] = True
        for message in held:
            real(app, message)
        held.clear()
        await wait_loaded(pilot)
        assert not app.view.partial and app.view.furniture
        assert relaid_on and not any(relaid_on)  # laid out again, and never on the main thread
        assert app.view.cursor_span() == before_span
        assert screen_row(app) == before_row
        assert LOADED_END not in footer(app) and "loading the rest" not in footer(app)
        assert "sentence" in footer(app)

        # Now G goes to the article's real end.
        await pilot.press("G")
        await pilot.pause()
        a, z = app.view.cursor_span()
        assert app.article.text[a:z] == "The operator expects 3099 more riders a day by the spring."
        assert "100%" in footer(app) and LOADED_END not in footer(app)
