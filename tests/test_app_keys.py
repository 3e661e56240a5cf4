"""Pilot tests: every binding of the contract, checked in the saved TOML and on screen."""

from __future__ import annotations


import pytest

from conftest import annotations_of, screen_text, palette_choice, settled, until, wait_loaded
from tui import MarginApp

pytestmark = pytest.mark.usefixtures("fixed_user")

SIZE = (100, 32)


def cursor_text(app) -> str:
    a, z = app.view.cursor_span()
    return app.article.text[a:z]


async def test_opens_and_shows_the_cleaned_article(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        shown = screen_text(app)
        assert "Eastmoor library to close two days a week" in shown
        assert "Visitor numbers fell by 12 per cent" in shown
        # Furniture is hidden by default.
        assert "Advertisement" not in shown
        assert "Share this article" not in shown
        assert "sentence 1 of" in shown
        # The cursor starts on the title.
        assert cursor_text(app).startswith("Eastmoor library to close")


@pytest.mark.parametrize("keys", [["j", "j"], ["down", "down"]])
async def test_next_sentence_then_claim(article, keys):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press(*keys, "c")
        saved = annotations_of(article)
        assert [a["tag"] for a in saved] == ["claim"]
        assert saved[0]["text"].startswith("Eastmoor Library will open five days a week")
        assert saved[0]["text"].endswith("from 3 March.")
        assert saved[0]["author"] == "tester"
        await settled(pilot)
        assert "saved" in screen_text(app)
        assert app.view.cursor_span() == (saved[0]["start"], saved[0]["end"])


@pytest.mark.parametrize("keys", [["j", "j", "j", "k"], ["down", "down", "down", "up"]])
async def test_previous_sentence(article, keys):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press(*keys, "q")
        saved = annotations_of(article)
        assert saved[0]["tag"] == "quote"
        assert saved[0]["text"].startswith("Eastmoor Library will open")


async def test_paragraph_keys(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("}", "}", "}")
        assert cursor_text(app).startswith("Visitor numbers fell")
        await pilot.press("j")  # second sentence of that paragraph
        assert cursor_text(app).startswith("Weekday mornings")
        await pilot.press("{")  # back to the start of the paragraph
        assert cursor_text(app).startswith("Visitor numbers fell")
        await pilot.press("{")
        assert cursor_text(app).startswith("Eastmoor Library will open")
        await pilot.press("c")
        assert annotations_of(article)[0]["text"].startswith("Eastmoor Library will open")


@pytest.mark.parametrize("end_key,start_key", [("G", "g"), ("end", "home")])
async def test_start_and_end(article, end_key, start_key):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press(end_key, "c")
        saved = annotations_of(article)
        assert saved[-1]["text"].startswith("A public meeting is planned")
        assert "100%" in screen_text(app)
        await pilot.press(start_key, "c")
        saved = annotations_of(article)
        assert saved[0]["text"].startswith("Eastmoor library to close")
        assert " 0%" in screen_text(app)


@pytest.mark.parametrize("down,up", [("ctrl+d", "ctrl+u"), ("pagedown", "pageup")])
async def test_pages(long_article, down, up):
    app = MarginApp(long_article)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        top = screen_text(app)
        assert "Paragraph 0 says" in top
        await pilot.press(down)
        assert app.view.scroll_offset.y >= 15
        after = screen_text(app)
        assert "Paragraph 0 says" not in after
        # The cursor moved with the page and is on screen.
        first, _ = app.view.cursor_lines()
        top = app.view.scroll_offset.y
        assert top <= first < top + app.view.size.height
        await pilot.press("c")
        tagged = annotations_of(long_article)[0]["text"]
        assert not tagged.startswith("A long invented report")
        await pilot.press(up)
        assert app.view.scroll_offset.y == 0
        assert "Paragraph 0 says" in screen_text(app)


async def test_view_follows_the_cursor(long_article):
    app = MarginApp(long_article)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        for _ in range(40):
            await pilot.press("j")
        first, last = app.view.cursor_lines()
        top = app.view.scroll_offset.y
        assert top > 0
        assert top <= first and last <= top + app.view.size.height
        assert cursor_text(app)[:30] in " ".join(screen_text(app).split())


async def test_select_sentences_and_tag(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "v", "j", "c")
        saved = annotations_of(article)
        assert len(saved) == 1
        assert saved[0]["text"] == ("Eastmoor Library will open five days a week instead of seven from 3 March. "
                                    "The council says the change saves £84,000 a year.")
        assert app.view.sel_anchor is None  # tagging drops the selection


async def test_select_across_paragraphs_with_k(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("}", "}", "}", "v", "k", "k", "c")
        text = annotations_of(article)[0]["text"]
        # The sentence where the selection started stays in; k took in the two before it.
        assert text.startswith("Eastmoor Library will open")
        assert text.endswith("fell by 12 per cent last year.")


async def test_select_words(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("}", "}", "}", "v")
        # b shrinks the selection from its end, word by word, while selecting.
        for _ in range(5):
            await pilot.press("b")
        await pilot.press("w")
        await pilot.press("q")
        saved = annotations_of(article)
        assert saved[0]["tag"] == "quote"
        assert saved[0]["text"] == "Visitor numbers fell by 12"


async def test_other_end_trims_the_start(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("}", "}", "}", "v", "o", "w", "w", "c")
        assert annotations_of(article)[0]["text"] == "fell by 12 per cent last year."


async def test_shift_arrows_extend(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("}", "}", "}", "shift+down")
        assert app.view.sel_anchor is not None
        await pilot.press("shift+down", "c")
        assert annotations_of(article)[0]["text"] == (
            "Visitor numbers fell by 12 per cent last year. Weekday mornings were the quietest time.")
        await pilot.press("}", "shift+right", "shift+right", "shift+right", "shift+left", "c")
        assert annotations_of(article)[1]["text"] == '"We did'
        await pilot.press("shift+left", "shift+left", "c")  # the last two words of the sentence
        assert "Tom Greaves." in [a["text"] for a in annotations_of(article)]
        await pilot.press("shift+up", "escape")
        assert app.view.sel_anchor is None


async def test_escape_drops_the_selection(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "v", "j")
        assert "selecting" in screen_text(app)
        await pilot.press("escape", "c")
        saved = annotations_of(article)
        # Only the cursor sentence (where the head was) is tagged, not the selection.
        assert saved[0]["text"] == "The council says the change saves £84,000 a year."
        assert "selecting" not in screen_text(app)


async def test_same_key_on_same_span_removes_the_tag(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c", "q")
        assert sorted(a["tag"] for a in annotations_of(article)) == ["claim", "quote"]
        await pilot.press("c")
        assert [a["tag"] for a in annotations_of(article)] == ["quote"]
        await pilot.press("q")
        assert annotations_of(article) == []


async def test_boilerplate_key_and_B_while_selecting(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G", "b")
        assert annotations_of(article)[0]["tag"] == "boilerplate"
        await pilot.press("g", "v", "j", "B")
        tags = sorted(a["tag"] for a in annotations_of(article))
        assert tags == ["boilerplate", "boilerplate"]


async def test_user_tags_on_digit_keys(article):
    (article.parent / "margin.toml").write_text(
        '[tags.source]\nkey = "1"\ncolor = "green"\ndescription = "Where a figure comes from"\n',
        encoding="utf-8")
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "1")
        saved = annotations_of(article)
        assert [a["tag"] for a in saved] == ["source"]
        assert "source" in screen_text(app)  # in the sidebar's counts
        await pilot.press("2")  # no tag on 2: nothing happens, a message says why
        assert len(annotations_of(article)) == 1


async def test_digit_without_user_tag_does_nothing(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "3")
        await pilot.pause()
        assert annotations_of(article) == []
        assert any("No tag on key 3" in n.message for n in app._notifications)


async def test_edit_note_of_a_claim(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c", "e")
        await pilot.pause()
        assert "Note on this claim" in screen_text(app)
        await pilot.press(*"ask [the] council", "ctrl+s")  # enter is a new line in a note
        await pilot.pause()
        saved = annotations_of(article)
        assert saved[0]["note"] == "ask [the] council"
        assert "✎" in screen_text(app)  # the sidebar's note marker


async def test_edit_note_and_speaker_of_a_quote(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        app.view.move_to_offset(app.article.text.index('"We did not'))
        await pilot.press("q", "e")
        await pilot.pause()
        await pilot.press(*"on the record", "tab", *"Cllr Tom Greaves", "enter")
        await pilot.pause()
        saved = annotations_of(article)
        assert saved[0]["note"] == "on the record"
        assert saved[0]["speaker"] == "Cllr Tom Greaves"
        assert "Cllr Tom Greaves" in screen_text(app)


async def test_escape_cancels_the_note_editor(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c", "e", *"never mind", "escape")
        await pilot.pause()
        assert annotations_of(article)[0]["note"] == ""


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_remove_under_cursor(article, key):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c", "j", "q")
        assert len(annotations_of(article)) == 2
        await pilot.press(key)
        saved = annotations_of(article)
        assert [a["tag"] for a in saved] == ["claim"]
        await pilot.press("j", key)  # nothing under the cursor there
        assert len(annotations_of(article)) == 1


async def test_undo_and_redo_across_changes(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "c", "e", *"n1", "ctrl+s")
        await pilot.pause()
        await pilot.press("x")
        assert annotations_of(article) == []
        await pilot.press("u")  # the removal
        assert annotations_of(article)[0]["note"] == "n1"
        await pilot.press("u")  # the note
        assert annotations_of(article)[0]["note"] == ""
        await pilot.press("u")  # the tag
        assert annotations_of(article) == []
        await pilot.press("ctrl+r", "ctrl+r")
        assert annotations_of(article)[0]["note"] == "n1"
        await pilot.press("ctrl+r")
        assert annotations_of(article) == []


async def test_search_and_step_through_matches(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"COUNCIL", "enter")
        await pilot.pause()
        assert len(app.view.matches) == 3  # the standfirst and two body paragraphs
        assert "match 1/3" in screen_text(app)
        first = cursor_text(app)
        assert "council" in first.lower()
        await pilot.press("n")
        assert "match 2/3" in screen_text(app)
        await pilot.press("N")
        assert cursor_text(app) == first
        await pilot.press("N")
        assert "match 3/3" in screen_text(app)  # wraps around
        await pilot.press("escape")
        assert app.view.matches == []


async def test_tab_moves_focus_and_enter_jumps(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G", "c", "g")
        assert cursor_text(app).startswith("Eastmoor library")
        await pilot.press("tab")
        assert app.sidebar.list.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.view.has_focus
        assert cursor_text(app).startswith("A public meeting is planned")
        await pilot.press("tab", "tab")
        assert app.view.has_focus


async def test_sidebar_toggle(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert "claim" in screen_text(app)
        await pilot.press("s")
        assert not app.sidebar.display or app.sidebar.has_class("-hidden")
        assert "claim  0" not in screen_text(app)
        await pilot.press("s")
        assert not app.sidebar.has_class("-hidden")


async def test_furniture_toggle_shows_reason(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert "Advertisement" not in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        shown = screen_text(app)
        assert "[advert] Advertisement" in shown
        assert "[breadcrumb] Home › News › Eastmoor" in shown
        await pilot.press("f")
        await pilot.pause()
        assert "Advertisement" not in screen_text(app)


async def test_theme_toggle(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        dark_bg = app.view.rich_style.bgcolor
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "textual-light"
        assert app.view.rich_style.bgcolor != dark_bg
        assert "Eastmoor library" in screen_text(app)


async def test_ctrl_s_saves_and_ctrl_q_quits(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "c")
        assert [a["tag"] for a in annotations_of(article)] == ["claim"]  # the save is written
        toml = article.with_name(article.name + ".annotations.toml")
        toml.unlink()  # gone from disk: ctrl+s writes everything we hold again
        await pilot.press("ctrl+s")
        assert [a["tag"] for a in annotations_of(article)] == ["claim"]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_lists_every_binding(article):
    from tui.bindings import GROUPS

    app = MarginApp(article)
    # Tall enough that the whole help fits without scrolling.
    async with app.run_test(size=(100, 160)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        for _, bindings in GROUPS:
            for b in bindings:
                if b.id.startswith("tag.") and b.id[4:].isdigit():
                    continue  # one row for the nine user-tag keys
                assert b.description in shown, b.description
        assert "1 … 9" in shown and "user tag on that key" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert "Margin keys" not in screen_text(app)


async def test_command_palette_offers_actions_by_name(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"end of the article")
        # The palette searches in a worker: wait for the match before choosing it.
        await until(pilot, lambda: palette_choice(app) == "End of the article", what="the palette's match")
        await pilot.press("enter")
        await until(pilot, lambda: palette_choice(app) is None, what="the palette to close")
        await pilot.press("c")
        assert annotations_of(article)[0]["text"].startswith("A public meeting")


async def test_mouse_click_moves_the_cursor_and_drag_selects(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        view = app.view
        line = view.flow.first_line[app.view.doc.block_at(app.article.text.index("Visitor numbers"))]
        y = line - view.scroll_offset.y
        x = view._margin() + 3 + 2  # inside "Visitor"
        assert await pilot.click("#article", offset=(x, y))
        assert cursor_text(app).startswith("Visitor numbers fell")
        await pilot.mouse_down("#article", offset=(x, y))
        await pilot.hover("#article", offset=(x + 12, y))
        await pilot.mouse_up("#article", offset=(x + 12, y))
        await pilot.press("c")
        assert annotations_of(article)[0]["text"] == "Visitor numbers"


async def test_folder_opens_the_list_and_articles_open_in_the_reader(tmp_path, article):
    from tui.folder_screen import FolderScreen

    other = article.parent / "ferry.txt"
    other.write_text("Ferry back in May\nThe ferry returns in May. Fares rise by a pound.\n", encoding="utf-8")
    app = MarginApp(article.parent)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, FolderScreen)
        for _ in range(100):  # the list fills from a worker
            if "ferry.txt" in screen_text(app) and "library.txt" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert "ferry.txt" in screen_text(app) and "library.txt" in screen_text(app)
        app.open_article(other, other.read_text().index("Fares"))
        await wait_loaded(pilot)
        assert not isinstance(app.screen, FolderScreen)
        assert cursor_text(app) == "Fares rise by a pound."
        await pilot.press("c")
        assert annotations_of(other)[0]["text"] == "Fares rise by a pound."
        await pilot.press("backspace")
        await pilot.pause(0.3)
        assert isinstance(app.screen, FolderScreen)
        app.open_article(article)
        await wait_loaded(pilot)
        assert "Eastmoor library to close" in screen_text(app)
        await pilot.press("j", "c")
        assert annotations_of(article)[0]["tag"] == "claim"
        assert len(annotations_of(other)) == 1


async def test_bindings_can_be_remapped_by_id(article):
    app = MarginApp(article)
    async with app.run_test(size=(100, 80)) as pilot:
        await wait_loaded(pilot)
        app.set_keymap({"cursor.next": "l", "tag.c": "C"})
        await pilot.pause()
        await pilot.press("l", "l", "C")
        saved = annotations_of(article)
        assert saved[0]["tag"] == "claim"
        assert saved[0]["text"].startswith("Eastmoor Library will open")
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        row = next(line for line in shown.splitlines() if "Next sentence" in line)
        assert row.split("Next sentence")[0].split()[-1] == "l", row


def test_every_binding_has_a_unique_id():
    from tui.bindings import APP_BINDINGS, ARTICLE_BINDINGS

    ids = [b.id for b in ARTICLE_BINDINGS + APP_BINDINGS]
    assert all(ids) and len(ids) == len(set(ids))


@pytest.mark.parametrize("content,message", [
    ("", "This article is empty."),
    ("Advertisement\nShare this article\n", "press f to show it"),
])
async def test_nothing_to_show_says_why_and_keys_are_safe(tmp_path, content, message):
    path = tmp_path / "odd.txt"
    path.write_text(content, encoding="utf-8")
    app = MarginApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert message in screen_text(app)
        await pilot.press("j", "k", "}", "{", "G", "g", "ctrl+d", "v", "w", "b", "c", "q", "x", "e", "u", "f")
        await pilot.pause()
        assert app.is_running
        assert annotations_of(path) == []


async def test_a_second_layer_of_spans_is_drawn_apart_from_annotations(article):
    """Issue 4 feeds suggestions in as a layer: underlined in the tag colour, not filled,
    and found by the same under-the-cursor lookup."""
    from types import SimpleNamespace

    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        text = app.article.text
        a = text.index("Visitor numbers")
        sug = SimpleNamespace(tag="claim", start=a, end=a + len("Visitor numbers fell by 12 per cent last year."))
        view = app.view
        view.set_layer("suggestions", [sug], mode="underline")
        await pilot.pause()
        line = view.flow.first_line[app.view.doc.block_at(a)] - view.scroll_offset.y
        segs = [s for s in view.render_line(line) if "Visitor" in s.text]
        assert segs and segs[0].style.underline
        assert segs[0].style.bgcolor is None or segs[0].style.bgcolor == view.rich_style.bgcolor
        view.move_to_offset(a)
        assert view.items_at(layer="suggestions") == [sug]
        assert view.items_at() == []  # no saved annotation there
        await pilot.press("c")
        assert view.items_at()[0].tag == "claim"
        filled = [s for s in view.render_line(line) if "Visitor" in s.text]
        assert filled[0].style.bgcolor is not None and filled[0].style.bgcolor != view._base_style().bgcolor


async def test_reopening_puts_the_cursor_where_the_reader_left(article):
    app = MarginApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("}", "}", "}", "j")
        left_at = cursor_text(app)
        assert left_at.startswith("Weekday mornings")
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = MarginApp(article)
    async with again.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert cursor_text(again) == left_at
