"""Modal screens: help, the note editor, the quit question, yes/no questions and the search prompt.

The boxed ones are ``Dialog``s: one look (the ``dialog`` classes in margin.tcss, which
each dialog carries, so it looks the same whichever app pushes it) and one rule for
buttons: the action first, the way out last; ``y`` does it, ``n`` and ``esc`` keep
things as they are, and a dangerous question focuses the way out.
"""

from __future__ import annotations

from typing import ClassVar, Iterable, TypeVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from annotations.textmap import safe_text

from .bindings import GROUPS, NOTE_EDITOR, key_label

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A centred box with a title (``heading``); ``danger`` draws it in the error colour."""

    CSS_PATH = "margin.tcss"
    heading = ""
    danger = False

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def box(self, *children: Widget) -> Vertical:
        v = Vertical(*children, classes="dialog-box")
        # Text, not a str: a str title is parsed as markup, and a tag or file name
        # holding '[/]' from a shared annotations file would raise
        v.border_title = Text(self.heading)
        return v

    def on_mount(self) -> None:
        self.set_class(self.danger, "-danger")


def buttons(action: tuple[str, str, str], *others: tuple[str, str, str]) -> Horizontal:
    """The dialog's buttons in the one order: the action first, the way out last.
    Each is (id, label, variant)."""
    return Horizontal(*(Button(label, id=ident, variant=variant)  # type: ignore[arg-type]
                        for ident, label, variant in (action, *others)), classes="dialog-buttons")


def help_rows(keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Every binding as (keys, description, id) per group, from tui/bindings.py (so help
    never drifts); the id is the name a [keys] entry in margin.toml uses."""
    keymap = keymap or {}
    groups = []
    for title, bindings in GROUPS:
        rows = []
        for b in bindings:
            if b.id and b.id.startswith("tag.") and b.id[4:].isdigit():
                # The nine user-tag keys read better as one row.
                if b.id == "tag.1":
                    rows.append(("1 … 9", "Tag with the user tag on that key (margin.toml)", "tag.1 … tag.9"))
                continue
            keys = keymap.get(b.id) if b.id else None
            label = keys.replace(",", " / ") if keys else key_label(b)
            ident = b.id or ""
            rows.append((label, b.description, ident if not ident.endswith("_help") else ""))
        groups.append((title, rows))
    return groups


def help_table(keymap: dict[str, str] | None = None, width: int | None = None) -> Table:
    """The help as a table: keys, description, id. Keys, group titles and descriptions
    are never cut; given the ``width`` it has, an id that does not fit beside its
    description goes on the line below it, at the right, so at 80 columns nothing is cut."""
    groups = help_rows(keymap)
    rows = [r for _, g in groups for r in g]
    key_w = max(len(k) for k, _, _ in rows)
    desc_w = max(max(len(d) for _, d, _ in rows), max(len(t) for t, _ in groups))
    id_w = max(len(i) for _, _, i in rows)
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True, min_width=key_w)
    if width is None or width >= key_w + desc_w + id_w + 4:
        table.add_column(no_wrap=True, min_width=desc_w)
        table.add_column(style="dim", no_wrap=True)
        for n, (title, group) in enumerate(groups):
            table.add_row(Text(""), Text(title, style="bold underline"), Text("id for [keys]" if n == 0 else ""))
            for keys, desc, ident in group:
                table.add_row(Text(keys), Text(desc), Text(ident))
            table.add_row("", "", "")
        return table
    room = max(width - key_w - 2, 20)
    table.add_column(no_wrap=False, overflow="fold", width=room)
    for n, (title, group) in enumerate(groups):
        head = Text(title, style="bold underline")
        if n == 0:
            head.append(" " * max(room - len(title) - len("id for [keys]"), 2) + "id for [keys]", style="dim not underline")
        table.add_row(Text(""), head)
        for keys, desc, ident in group:
            cell = Text(desc)
            if ident:
                gap = room - len(desc) - len(ident)
                cell.append(" " * gap if gap >= 2 else "\n" + " " * max(room - len(ident), 0), style="")
                cell.append(ident, style="dim")
            table.add_row(Text(keys), cell)
        table.add_row("", "")
    return table


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help", id="help.close")]
    heading = "Margin keys (esc closes)"

    def __init__(self, keymap: dict[str, str] | None = None, extra: Text | None = None) -> None:
        super().__init__()
        self.add_class("-help")
        self.keymap = keymap
        self.extra = extra

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box") as vs:
            vs.border_title = Text(self.heading)
            # The box's inside: its width less the border, padding and scrollbar.
            inner = min(96, self.app.size.width) - 6
            yield Static(help_table(self.keymap, width=inner))
            if self.extra is not None:
                yield Static(self.extra)

    def action_close(self) -> None:
        self.dismiss(None)


class NoteEditor(Dialog[dict | None]):
    """Edit an annotation's note, which may run to several lines; for a quote, its
    speaker too. Enter starts a new line in the note, ctrl+s saves, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = list(NOTE_EDITOR)

    def __init__(self, tag: str, text: str, note: str, speaker: str | None, with_speaker: bool) -> None:
        super().__init__()
        self.tag = tag
        self.text = text
        self.note = note
        self.speaker = speaker
        self.with_speaker = with_speaker

    def compose(self) -> ComposeResult:
        self.heading = f"Note on this {safe_text(self.tag)}"
        with self.box():
            shown = safe_text(self.text)  # article text: control characters made visible
            yield Static(Text(shown if len(shown) < 200 else shown[:199] + "…", style="italic"))
            yield Label("Note")
            yield TextArea(self.note, id="note", soft_wrap=True, tab_behavior="focus", classes="note-text",
                           placeholder="what to check, a source, … (enter: a new line)")
            if self.with_speaker:
                yield Label("Speaker")
                yield Input(self.speaker or "", id="speaker", placeholder="who said it")
            # only a quote has a second field (its speaker)
            more = " · tab: next field" if self.with_speaker else ""
            yield Static(f"ctrl+s saves · enter: new line · esc cancels{more}", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        note = self.query_one("#note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter in the one-line speaker field saves, as it always did.
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note", TextArea).text
        if note != self.note:
            note = note.rstrip("\n")  # a last enter before ctrl+s is a reflex, not a line
        result: dict[str, str | None] = {"note": note}
        if self.with_speaker:
            speaker = self.query_one("#speaker", Input).value.strip()
            result["speaker"] = speaker or None
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuit(Dialog[str]):
    """Unsaved changes: try saving again, quit anyway, or stay."""

    BINDINGS = [
        Binding("s", "choose('save')", "Try saving again", id="quit.save"),
        Binding("y", "choose('quit')", "Quit and lose them", id="quit.discard"),
        Binding("escape,n", "choose('stay')", "Stay", id="quit.stay"),
    ]
    heading = "Unsaved changes"
    danger = True

    def __init__(self, count: int, error: str) -> None:
        super().__init__()
        self.count = count
        self.error = error

    def compose(self) -> ComposeResult:
        with self.box():
            yield Static(Text(f"{self.count} change(s) are not saved.\n{safe_text(self.error)}"))
            yield buttons(("save", "Try saving again (s)", "primary"), ("quit", "Quit, lose them (y)", "error"),
                          ("stay", "Stay (n)", "default"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#stay", Button).focus()  # enter on a reflex keeps the changes

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class SearchScreen(ModalScreen[str | None]):
    """The search prompt, as in less and vim: ``/query`` on the last row, shown as it is
    typed. Enter searches, esc cancels; enter on an empty prompt searches for the last
    query again, and up brings it back to edit."""

    CSS_PATH = "margin.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="search.cancel"),
        Binding("up", "recall", "The last query, to edit", id="search.recall"),
    ]

    def __init__(self, last: str = "") -> None:
        super().__init__(classes="search-screen")
        self.last = last

    def compose(self) -> ComposeResult:
        again = f"enter: {safe_text(self.last)} again" if self.last else "search the article"
        with Horizontal(classes="search-prompt"):
            yield Static("/", classes="search-slash")
            # Starts empty: typing after a kept query would run on from it.
            yield Input("", placeholder=again, id="query", select_on_focus=False)
            yield Static("enter search · esc cancel", classes="search-hint")

    def on_mount(self) -> None:
        box = self.query_one("#query", Input)
        box.focus()
        if self._early:
            box.value, self._early = "".join(self._early), []
            box.cursor_position = len(box.value)

    _early: list[str] = []

    def take_key(self, key: str, character: str | None) -> bool:
        """A key typed before the prompt had focus (a burst, a paste over SSH) went to the
        reader, which had it when the burst arrived: the app hands it here from its
        ``on_key``, so the query keeps every letter. True when it was taken."""
        if key == "enter" and self.is_mounted:
            self.dismiss(self.query_one("#query", Input).value or self.last)
            return True
        if character is None or not character.isprintable():
            return False
        if not self.is_mounted:
            self._early = [*self._early, character]
            return True
        box = self.query_one("#query", Input)
        box.insert_text_at_cursor(character)
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value or self.last)

    def action_recall(self) -> None:
        box = self.query_one("#query", Input)
        box.value = self.last
        box.cursor_position = len(self.last)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessageScreen(Dialog[None]):
    """A short plain-text message (used when the article cannot be opened)."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="message.close")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with self.box():
            yield Static(Text(self.message, style=Style(bold=True)))

    def action_close(self) -> None:
        self.dismiss(None)


class YesNoScreen(Dialog[bool]):
    """A question answered y (True) or n / esc (False), or by its buttons.

    Subclasses give the title, the body and the button labels; ``danger`` draws the
    border in the error colour and focuses "no", so enter on a reflex keeps things."""

    BINDINGS = [
        Binding("y", "choose(True)", "Yes", id="confirm.yes"),
        Binding("escape,n", "choose(False)", "No", id="confirm.no"),
    ]

    def body(self) -> Iterable[Widget]:
        return ()

    def labels(self) -> tuple[str, str]:
        return "Yes (y)", "No (n)"

    def compose(self) -> ComposeResult:
        yes, no = self.labels()
        with self.box():
            yield from self.body()
            yield buttons(("yes", yes, "error" if self.danger else "primary"), ("no", no, "default"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_choose(self, yes: bool) -> None:
        self.dismiss(yes)


class AcceptAllScreen(YesNoScreen):
    """A: "Accept all N claim suggestions?" y (or enter) accepts, n or esc keeps them as they are."""

    BINDINGS = [
        Binding("y,enter", "choose(True)", "Accept them all", id="accept_all.yes"),
        Binding("escape,n", "choose(False)", "Cancel", id="accept_all.no"),
    ]
    heading = "Accept all"

    def __init__(self, tag: str, count: int) -> None:
        super().__init__()
        self.tag = tag
        self.count = count

    def body(self) -> Iterable[Widget]:
        plural = "s" if self.count != 1 else ""
        yield Static(Text(f"Accept all {self.count} {safe_text(self.tag)} suggestion{plural}?\n"
                          "They become annotations (origin: suggested). u undoes them in one step."))

    def labels(self) -> tuple[str, str]:
        return f"Accept {self.count} (y)", "Cancel (n)"


class ChooseTagScreen(Dialog[str | None]):
    """A with no suggestion under the cursor: which tag's suggestions to accept.
    The tag's own key picks it (c, q, b …); esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choose_tag.cancel")]
    heading = "Accept all"

    def __init__(self, counts: dict[str, int], keys: dict[str, str]) -> None:
        super().__init__()
        self.counts = counts
        # a tag without a key of its own gets its first free letter
        self.keys: dict[str, str] = {}
        for tag in counts:
            key = keys.get(tag) or next((ch for ch in tag.lower() if ch.isalpha() and ch not in self.keys), "")
            if key and key not in self.keys:
                self.keys[key] = tag

    def compose(self) -> ComposeResult:
        text = Text("Accept every suggestion of which tag?\n\n")
        for key, tag in self.keys.items():
            text.append(f"  {key}", Style(bold=True))
            text.append(f"  {safe_text(tag)} ({self.counts[tag]})\n")
        text.append("\n  esc", Style(bold=True))
        text.append("  cancel")
        with self.box():
            yield Static(text)

    def on_key(self, event) -> None:
        tag = self.keys.get(event.character or "")
        if tag is not None:
            event.stop()
            self.dismiss(tag)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OutputScreen(Dialog[None]):
    """What a plain command printed (the palette's folder commands), made safe line by line."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="output.close")]

    def __init__(self, title: str, output: str, ok: bool = True) -> None:
        super().__init__()
        self.heading = f"{safe_text(title)} (esc closes)"
        self.danger = not ok
        self.add_class("-output")
        self.output = "\n".join(safe_text(line) for line in output.splitlines()) or "(no output)"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box") as box:
            box.border_title = Text(self.heading)
            yield Static(Text(self.output))

    def action_close(self) -> None:
        self.dismiss(None)
