"""[keys] in margin.toml: binding ids mapped to keys, bad entries named by line, ids in help."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from annotations.keymap import load_keymap, parse_keys
from annotations.tagset import load_tagset
from tui.bindings import binding_ids
from tui.screens import help_table

CONFIG = '''author = "ana"

[keys]
"cursor.next" = "n,down"
folder.done = "m"
"no.such" = "z"
"cursor.prev" = 5
"cursor.start" = "ctrl+ +"
'''


def test_good_entries_apply_and_bad_ones_are_named_by_line():
    keys, problems = parse_keys(CONFIG, binding_ids())
    assert keys == {"cursor.next": "n,down", "folder.done": "m"}
    assert [line for line, _ in problems] == [6, 7, 8]
    assert "no.such" in problems[0][1]


def test_load_keymap_names_the_file_and_keeps_the_tags(tmp_path: Path, fixed_user):
    (tmp_path / "margin.toml").write_text(CONFIG, encoding="utf-8")
    keymap = load_keymap(tmp_path, binding_ids())
    assert keymap.keys["folder.done"] == "m"
    assert len(keymap.errors) == 3
    assert keymap.errors[0].startswith(f"{tmp_path / 'margin.toml'}:6: ")
    assert keymap.errors[0].endswith("the default key is kept")
    # A [keys] table is not an error for the tag configuration.
    tags = load_tagset(tmp_path)
    assert tags.error is None and tags.author == "ana"


def test_no_config_or_no_keys_is_empty(tmp_path: Path, fixed_user):
    assert load_keymap(tmp_path).keys == {}
    (tmp_path / "margin.toml").write_text('author = "x"\n', encoding="utf-8")
    assert load_keymap(tmp_path).keys == {} and load_keymap(tmp_path).errors == []


def test_broken_toml_is_one_line_and_no_keys(tmp_path: Path, fixed_user):
    (tmp_path / "margin.toml").write_text('[keys\n"cursor.next" = "n"\n', encoding="utf-8")
    keymap = load_keymap(tmp_path)
    assert keymap.keys == {} and len(keymap.errors) == 1 and ":1:" in keymap.errors[0]


def test_help_shows_each_bindings_id_and_the_remapped_keys():
    console = Console(width=140, record=True)
    console.print(help_table({"cursor.next": "n,down"}))
    shown = console.export_text()
    for ident in ("cursor.next", "folder.done", "review.sort", "sidebar.down", "app.help"):
        assert ident in shown
    assert "n / down" in shown
    assert "_help" not in shown


async def test_a_remapped_key_works_on_the_folder_list(tmp_path: Path, fixed_user):
    from textual.app import App

    from annotations import folder as F
    from tui.bindings import apply_keymap
    from tui.folder_screen import FolderScreen

    (tmp_path / "a.txt").write_text("A title\nSome text here.\n", encoding="utf-8")
    (tmp_path / "margin.toml").write_text('[keys]\n"folder.done" = "m"\n', encoding="utf-8")
    screen = FolderScreen(tmp_path)

    class Host(App):
        def on_mount(self) -> None:
            assert apply_keymap(self, tmp_path) == []
            self.push_screen(screen)

    app = Host()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "a.txt" in F.load_state(tmp_path).done
