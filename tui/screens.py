"""Modal screens: help, the note editor, the quit question, yes/no questions and the search prompt."""

from __future__ import annotations

from typing import Iterable

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from annotations.textmap import safe_text

from .bindings import GROUPS, key_label


def help_table(keymap: dict[str, str] | None = None) -> Table:
    """Every binding, grouped, generated from tui/bindings.py (so it never drifts)."""
    keymap = keymap or {}
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for title, bindings in GROUPS:
        table.add_row(Text(title, style="bold underline"), Text(""))
        for b in bindings:
            if b.id and b.id.startswith("tag.") and b.id[4:].isdigit():
                # The nine user-tag keys read better as one row.
                if b.id == "tag.1":
                    table.add_row(Text("1 … 9"), Text("Tag with the user tag on that key (margin.toml)"))
                continue
            keys = keymap.get(b.id) if b.id else None
            label = keys.replace(",", " / ") if keys else key_label(b)
            table.add_row(Text(label), Text(b.description))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: 90%; border: round $accent;
        background: $surface; padding: 0 1; }
    """

    def __init__(self, keymap: dict[str, str] | None = None, extra: Text | None = None) -> None:
        super().__init__()
        self.keymap = keymap
        self.extra = extra

    def compose(self) -> ComposeResult:
        with VerticalScroll() as vs:
            vs.border_title = "Margin keys (esc closes)"
            yield Static(help_table(self.keymap))
            if self.extra is not None:
                yield Static(self.extra)

    def action_dismiss(self) -> None:
        self.dismiss(None)


class NoteEditor(ModalScreen[dict | None]):
    """Edit an annotation's note; for a quote, its speaker too. Enter saves, esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]
    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical { width: 70; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    NoteEditor Input { margin-bottom: 1; }
    NoteEditor .hint { color: $text-muted; }
    """

    def __init__(self, tag: str, text: str, note: str, speaker: str | None, with_speaker: bool) -> None:
        super().__init__()
        self.tag = tag
        self.text = text
        self.note = note
        self.speaker = speaker
        self.with_speaker = with_speaker

    def compose(self) -> ComposeResult:
        with Vertical() as v:
            v.border_title = f"Note on this {self.tag}"
            shown = safe_text(self.text)  # article text: control characters made visible
            yield Static(Text(shown if len(shown) < 200 else shown[:199] + "…", style="italic"))
            yield Label("Note")
            yield Input(self.note, id="note", placeholder="what to check, a source, …")
            if self.with_speaker:
                yield Label("Speaker")
                yield Input(self.speaker or "", id="speaker", placeholder="who said it")
            yield Static("enter saves · esc cancels · tab moves between fields", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result = {"note": self.query_one("#note", Input).value}
        if self.with_speaker:
            speaker = self.query_one("#speaker", Input).value.strip()
            result["speaker"] = speaker or None
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[str]):
    """Unsaved changes: try saving again, quit anyway, or stay."""

    BINDINGS = [
        Binding("s", "choose('save')", "Try saving again", id="quit.save"),
        Binding("y", "choose('quit')", "Quit and lose them", id="quit.discard"),
        Binding("escape,n", "choose('stay')", "Stay", id="quit.stay"),
    ]
    DEFAULT_CSS = """
    ConfirmQuit { align: center middle; }
    ConfirmQuit > Vertical { width: 70; max-width: 100%; height: auto; border: round $error;
        background: $surface; padding: 0 1; }
    ConfirmQuit Horizontal { height: auto; margin-top: 1; }
    ConfirmQuit Button { margin-right: 1; }
    """

    def __init__(self, count: int, error: str) -> None:
        super().__init__()
        self.count = count
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical() as v:
            v.border_title = "Unsaved changes"
            yield Static(Text(f"{self.count} change(s) are not saved.\n{self.error}"))
            with Horizontal():
                yield Button("Try saving again (s)", id="save", variant="primary")
                yield Button("Stay (n)", id="stay")
                yield Button("Quit, lose them (y)", id="quit", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class SearchScreen(ModalScreen[str | None]):
    """A one-line prompt at the bottom: type, enter searches, esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="search.cancel")]
    DEFAULT_CSS = """
    SearchScreen { align: left bottom; background: transparent; }
    SearchScreen > Input { dock: bottom; width: 100%; border: none; height: 1; padding: 0 1;
        background: $panel; }
    """

    def __init__(self, last: str = "") -> None:
        super().__init__()
        self.last = last

    def compose(self) -> ComposeResult:
        yield Input(self.last, placeholder="search the article (enter, esc cancels)", id="query")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessageScreen(ModalScreen[None]):
    """A short plain-text message (used when the article cannot be opened)."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close", id="message.close")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(Text(self.message, style=Style(bold=True)))

    def action_dismiss(self) -> None:
        self.dismiss(None)


class YesNoScreen(ModalScreen[bool]):
    """A question answered y (True) or n / esc (False), or by its buttons.

    Subclasses give the title, the body and the button labels; ``danger`` draws the
    border in the error colour and focuses "no", so enter on a reflex keeps things."""

    BINDINGS = [
        Binding("y", "choose(True)", "Yes", id="confirm.yes"),
        Binding("escape,n", "choose(False)", "No", id="confirm.no"),
    ]
    DEFAULT_CSS = """
    YesNoScreen { align: center middle; }
    YesNoScreen > Vertical { width: 64; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    YesNoScreen.-danger > Vertical { border: round $error; }
    YesNoScreen Horizontal { height: auto; margin-top: 1; }
    YesNoScreen Button { margin-right: 1; }
    """
    heading = ""
    danger = False

    def body(self) -> Iterable[Widget]:
        return ()

    def labels(self) -> tuple[str, str]:
        return "Yes (y)", "No (n)"

    def compose(self) -> ComposeResult:
        yes, no = self.labels()
        with Vertical() as v:
            v.border_title = self.heading
            yield from self.body()
            with Horizontal():
                if self.danger:
                    yield Button(no, id="no", variant="primary")
                    yield Button(yes, id="yes", variant="error")
                else:
                    yield Button(yes, id="yes", variant="primary")
                    yield Button(no, id="no")

    def on_mount(self) -> None:
        self.set_class(self.danger, "-danger")
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


class ChooseTagScreen(ModalScreen[str | None]):
    """A with no suggestion under the cursor: which tag's suggestions to accept.
    The tag's own key picks it (c, q, b …); esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choose_tag.cancel")]
    DEFAULT_CSS = """
    ChooseTagScreen { align: center middle; }
    ChooseTagScreen > Vertical { width: 60; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    """

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
        with Vertical() as v:
            v.border_title = "Accept all"
            yield Static(text)

    def on_key(self, event) -> None:
        tag = self.keys.get(event.character or "")
        if tag is not None:
            event.stop()
            self.dismiss(tag)

    def action_cancel(self) -> None:
        self.dismiss(None)
