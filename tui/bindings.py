"""Every key the app knows, in one place.

Bindings are kept apart from the actions they call, so the help screen, the footer and
the command palette are all generated from these lists and never drift. Every binding
has an id, so a user can remap it through Textual's keymap (``App.set_keymap``), e.g.
``{"cursor.next": "n"}``.
"""

from __future__ import annotations

from textual.binding import Binding

# Keys handled by the article pane (it has focus while reading).
MOVE = [
    Binding("j,down", "next_sentence", "Next sentence", id="cursor.next", key_display="j/↓"),
    Binding("k,up", "prev_sentence", "Previous sentence", id="cursor.prev", key_display="k/↑"),
    Binding("}", "next_paragraph", "Next paragraph", id="cursor.next_paragraph", show=False),
    Binding("{", "prev_paragraph", "Previous paragraph", id="cursor.prev_paragraph", show=False),
    Binding("g,home", "start", "Start of the article", id="cursor.start", show=False),
    Binding("G,end", "end", "End of the article", id="cursor.end", show=False),
    Binding("ctrl+d,pagedown", "page_down", "Page down", id="cursor.page_down", show=False),
    Binding("ctrl+u,pageup", "page_up", "Page up", id="cursor.page_up", show=False),
]

SELECT = [
    Binding("v", "select", "Start or drop a selection", id="select.start", show=False),
    Binding("o", "swap_ends", "Move the other end of the selection", id="select.other_end", show=False),
    Binding("w", "extend_word(1)", "Extend selection by a word", id="select.word_forward", show=False),
    Binding("b", "word_back_or_tag", "Extend selection back a word (else: boilerplate)",
            id="select.word_back", show=False),
    Binding("shift+down", "extend_sentence(1)", "Extend selection by a sentence", id="select.down", show=False),
    Binding("shift+up", "extend_sentence(-1)", "Extend selection back a sentence", id="select.up", show=False),
    Binding("shift+right", "extend_word(1)", "Extend selection by a word", id="select.right", show=False),
    Binding("shift+left", "extend_word(-1)", "Extend selection back a word", id="select.left", show=False),
    Binding("escape", "drop", "Drop the selection or search", id="select.drop", show=False),
]

# Tag keys: c, q and b are the default tags' keys; 1-9 are user tags from margin.toml.
# Each calls app.tag_key(KEY), which looks the key up in the tag set, so a renamed tag
# keeps working. "b" is in SELECT: while selecting it extends back a word.
TAG = [
    Binding("c", "app.tag_key('c')", "Tag as claim", id="tag.c", key_display="c"),
    Binding("q", "app.tag_key('q')", "Tag as quote", id="tag.q", key_display="q"),
    Binding("B", "app.tag_key('b')", "Tag as boilerplate (also while selecting)", id="tag.b", show=False),
] + [
    Binding(str(n), f"app.tag_key('{n}')", f"Tag with user tag {n}", id=f"tag.{n}", show=False)
    for n in range(1, 10)
]

EDIT = [
    Binding("e", "app.edit_note", "Edit note (and speaker)", id="edit.note"),
    Binding("x,delete", "app.remove", "Remove the annotation, else reject the suggestion",
            id="edit.remove", show=False),
    Binding("u", "app.undo", "Undo", id="edit.undo", show=False),
    Binding("ctrl+r", "app.redo", "Redo", id="edit.redo", show=False),
]

SEARCH = [
    Binding("slash", "app.search", "Search", id="search.start", key_display="/"),
    Binding("n", "app.search_next(1)", "Next match", id="search.next", show=False),
    Binding("N", "app.search_next(-1)", "Previous match", id="search.prev", show=False),
]

# Suggestions (issue 4): drawn underlined in the tag colour, dimmed.
SUGGEST = [
    Binding("right_square_bracket", "app.next_suggestion(1)", "Next suggestion", id="suggest.next",
            key_display="]", show=False),
    Binding("left_square_bracket", "app.next_suggestion(-1)", "Previous suggestion", id="suggest.prev",
            key_display="[", show=False),
    Binding("a", "app.accept_suggestion", "Accept the suggestion under the cursor", id="suggest.accept",
            show=False),
    Binding("A", "app.accept_all", "Accept every suggestion of its tag (asks first)", id="suggest.accept_all",
            show=False),
    Binding("z", "app.toggle_suggestions", "Show or hide all suggestions", id="suggest.toggle", show=False),
]

ARTICLE_BINDINGS = MOVE + SELECT + TAG + EDIT + SEARCH + SUGGEST

# Keys that work anywhere in the main screen.
APP_BINDINGS = [
    Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
    Binding("tab", "switch_focus", "Article / sidebar", id="app.switch_focus", show=False, priority=True),
    Binding("s", "toggle_sidebar", "Show or hide the sidebar", id="app.sidebar", show=False),
    Binding("f", "toggle_furniture", "Show or hide furniture", id="app.furniture", show=False),
    Binding("backspace", "folder", "The folder's article list", id="app.folder", show=False),
    # ] and [ belong to suggestions (issue 4), so articles step with > and <.
    Binding("greater_than_sign", "step_article(1)", "Next article in the folder", id="app.next_article",
            key_display=">", show=False),
    Binding("less_than_sign", "step_article(-1)", "Previous article in the folder", id="app.prev_article",
            key_display="<", show=False),
    # Prodigy's flow: this one is finished, on to the next (tui/folder_actions.py).
    Binding("D", "done_and_next", "Mark the article done and open the next one not done",
            id="app.done_next", key_display="D", show=False),
    Binding("R", "review", "Review every annotation in the folder", id="app.review", show=False),
    # Team mode (docs/team.md): blind by default, this shows the others' work, dimmed.
    Binding("O", "toggle_others", "Show or hide other authors' annotations (team mode)",
            id="team.toggle_others", key_display="O", show=False),
    Binding("t", "toggle_theme", "Dark or light theme", id="app.theme", show=False),
    Binding("ctrl+s", "save", "Save now", id="app.save", show=False),
    Binding("ctrl+q", "quit_safely", "Quit", id="app.quit", priority=True),
]

# The sidebar (tui/sidebar.py), when it has focus (tab).
SIDEBAR = [
    Binding("j,down", "cursor(1)", "Next row of the sidebar", id="sidebar.down", key_display="j/↓"),
    Binding("k,up", "cursor(-1)", "Previous row of the sidebar", id="sidebar.up", key_display="k/↑"),
    Binding("g,home", "first", "First row", id="sidebar.first", key_display="g/home"),
    Binding("G,end", "last", "Last row", id="sidebar.last", key_display="G/end"),
    Binding("pagedown,ctrl+d", "page(1)", "Page down", id="sidebar.page_down", show=False),
    Binding("pageup,ctrl+u", "page(-1)", "Page up", id="sidebar.page_up", show=False),
    Binding("enter", "select", "Jump to the highlighted annotation", id="sidebar.jump"),
    Binding("x,delete", "remove", "Remove the highlighted annotation or suggestion",
            id="sidebar.remove"),
    Binding("e", "edit", "Edit the highlighted annotation's note", id="sidebar.edit"),
]

# The folder list (tui/folder_screen.py).
FOLDER = [
    Binding("enter", "open", "Open the article", id="folder.open", key_display="enter"),
    Binding("d", "toggle_done", "Mark done / not done", id="folder.done", key_display="d"),
    Binding("r", "review", "Review every annotation", id="folder.review", key_display="r"),
    Binding("slash", "filter", "Filter the list", id="folder.filter", key_display="/"),
    Binding("j", "cursor(1)", "Down", id="folder.down", show=False),
    Binding("k", "cursor(-1)", "Up", id="folder.up", show=False),
    Binding("g,home", "first", "First row", id="folder.first", key_display="g/home", show=False),
    Binding("G,end", "last", "Last row", id="folder.last", key_display="G/end", show=False),
    Binding("escape,q", "back", "Back", id="folder.back", key_display="q"),
]

# The review screen (tui/review_screen.py).
REVIEW = [
    Binding("enter", "open", "Open the article at the annotation", id="review.open", key_display="enter"),
    Binding("x,delete", "delete", "Delete the annotation (asks first)", id="review.delete", key_display="x"),
    Binding("s", "sort", "Sort by the next column", id="review.sort", key_display="s"),
    Binding("S", "reverse", "Reverse the sort", id="review.reverse", show=False),
    Binding("slash", "filter", "Filter (tag:X author:X or words)", id="review.filter", key_display="/"),
    Binding("j", "cursor(1)", "Down", id="review.down", show=False),
    Binding("k", "cursor(-1)", "Up", id="review.up", show=False),
    Binding("g,home", "first", "First row", id="review.first", key_display="g/home", show=False),
    Binding("G,end", "last", "Last row", id="review.last", key_display="G/end", show=False),
    Binding("escape,q", "back", "Back", id="review.back", key_display="esc"),
]

# The note editor (tui/screens.py): a note may run to several lines, so enter is a new
# line there and ctrl+s (the reader's "save now") saves the note.
NOTE_EDITOR = [
    Binding("ctrl+s", "save", "Save the note (enter starts a new line)", id="note.save", key_display="ctrl+s"),
    Binding("escape", "cancel", "Cancel the edit", id="note.cancel", key_display="esc"),
]

# Shown in the help screen, in this order.
GROUPS = [
    ("Move", MOVE),
    ("Select", SELECT),
    ("Tag", [Binding("b", "", "Tag as boilerplate (when nothing is selected)", id="tag.b_help")] + TAG),
    ("Edit", EDIT),
    ("Search", SEARCH),
    ("Suggestions", SUGGEST + [
        Binding("x", "", "Reject the suggestion under the cursor", id="suggest.reject_help"),
    ]),
    # Help-only copies (no action): the palette runs the reader's keys, not the sidebar's.
    ("Sidebar (after tab)", [Binding(b.key, "", b.description, id=b.id, key_display=b.key_display, show=False)
                             for b in SIDEBAR if isinstance(b, Binding)]),
    ("App", APP_BINDINGS + [Binding("ctrl+p", "command_palette", "Command palette", id="app.palette")]),
    ("Folder list", FOLDER),
    ("Review", REVIEW),
    ("Note editor (e)", [Binding(b.key, "", b.description, id=b.id, key_display=b.key_display, show=False)
                         for b in NOTE_EDITOR]),  # help-only copies, as the sidebar's
]

# The footer's key hints, short enough for 80 columns.
# On a suggestion the footer says what it is and why, and these keys.
SUGGESTION_HINTS = [("a", "accept"), ("x", "reject"), ("?", "help")]

# "? help" comes first: hints that do not fit are dropped from the right, and at 80
# columns a new user must still see where every other key is listed.
FOOTER_HINTS = [
    ("?", "help"), ("j/k", "move"), ("v", "select"), ("c", "claim"), ("q", "quote"), ("b", "boiler"),
    ("e", "note"), ("u", "undo"),
]


def footer_hints(tags) -> list[tuple[str, str]]:
    """The footer's hints with the configured tags (margin.toml) in place of the defaults:
    the first three tags that have a key, names cut to fit 80 columns."""
    keyed = [(t.key, t.name[:6]) for t in tags if t.key][:3]
    return FOOTER_HINTS[:3] + keyed + FOOTER_HINTS[6:]


def selection_hints(tags) -> list[tuple[str, str]]:
    """The footer's hints while a selection is open: there b moves the selection back a
    word, so boilerplate (key b) is B; the tags come before the moving keys, which the
    reader is already using (at 80 columns the ones on the right are dropped)."""
    keyed = [("B" if t.key == "b" else t.key, t.name[:6]) for t in tags if t.key][:3]
    keyed.sort(key=lambda hint: hint[0] != "B")  # the key b used to be: first
    return [("b", "back a word"), *keyed, ("j/k", "sentence"), ("w", "word on"), ("esc", "drop"),
            ("?", "help")]


def key_label(binding: Binding) -> str:
    """How a binding's keys read in help: 'j / down'."""
    if binding.key_display and binding.key_display not in ("j/↓", "k/↑"):
        return binding.key_display
    names = {"question_mark": "?", "slash": "/", "greater_than_sign": ">", "less_than_sign": "<", "pagedown": "pgdn", "pageup": "pgup",
             "delete": "del", "escape": "esc"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def binding_ids() -> set[str]:
    """Every binding id a [keys] entry in margin.toml may name."""
    from .screens import ChooseTagScreen, ConfirmQuit, HelpScreen, MessageScreen, NoteEditor, SearchScreen, YesNoScreen

    ids = {b.id for _, group in GROUPS for b in group if b.id and not b.id.endswith("_help")}
    for screen in (ChooseTagScreen, ConfirmQuit, HelpScreen, MessageScreen, NoteEditor, SearchScreen, YesNoScreen):
        ids.update(b.id for b in screen.BINDINGS if isinstance(b, Binding) and b.id)
    return ids


def apply_keymap(app, folder) -> list[str]:
    """Read the [keys] table of the margin.toml for ``folder`` and apply it to ``app``
    (Textual's ``App.set_keymap``). Returns the problems, one line each, to show."""
    from annotations.keymap import load_keymap
    from annotations.textmap import safe_text

    keymap = load_keymap(folder, binding_ids())
    if keymap.keys:
        app.set_keymap(keymap.keys)
    return [safe_text(error) for error in keymap.errors]  # they quote the file: never raw
