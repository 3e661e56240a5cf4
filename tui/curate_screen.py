"""``margin curate FOLDER --authors A,B``: walk two authors' disagreements and choose.

A small App of its own (docs/team.md). For each article both authors annotated, it
shows one disagreement at a time: the passage with the span marked, A's version and
B's. Keys take A's, B's, both or neither, as INCEpTION's curation does; every choice
is saved at once through the store (annotations/curate.py holds the logic).
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from annotations.curate import ArticleSession, Choice, Disagreement, check_names, folder_progress
from annotations.errors import MarginError
from annotations.model import Annotation, default_author
from annotations.textmap import safe_text

HELP = ("Curate two authors' annotations of a folder: walk their disagreements article by article "
        "and take A's version, B's, both or neither. The result is saved as the curator's "
        "(MARGIN_AUTHOR, or --curator), each entry naming its sources (curated_from).")

CONTEXT = 160  # characters of article shown either side of the span

BINDINGS: list[BindingType] = [
    Binding("a", "choose('a')", "Take A", id="curate.take_a"),
    Binding("b", "choose('b')", "Take B", id="curate.take_b"),
    Binding("2,plus", "choose('both')", "Both", id="curate.take_both", key_display="2"),
    Binding("n,minus", "choose('neither')", "Neither", id="curate.take_neither", key_display="n"),
    Binding("j,down", "step(1)", "Next", id="curate.next", key_display="j"),
    Binding("k,up", "step(-1)", "Previous", id="curate.prev", key_display="k"),
    Binding("right_square_bracket", "article(1)", "Next article", id="curate.next_article", key_display="]"),
    Binding("left_square_bracket", "article(-1)", "Previous article", id="curate.prev_article",
            key_display="["),
    Binding("q", "quit", "Quit", id="curate.quit"),
]


def _version(label: str, author: str, entries: tuple[Annotation, ...]) -> Text:
    out = Text()
    out.append(f"{label}: {safe_text(author)}\n", style="bold")
    if not entries:
        out.append("(nothing here)", style="italic")
        return out
    for x in entries:
        out.append(safe_text(x.tag), style="bold")
        if x.speaker:
            out.append(f"  speaker: {safe_text(x.speaker)}")
        if x.note:
            out.append(f"\n  note: {safe_text(x.note)}")
        out.append("\n")
    return out


class CurateApp(App[int]):
    CSS_PATH = "curate.tcss"
    BINDINGS = BINDINGS  # noqa: PLW0127 (the module list, for the help and the tests)
    TITLE = "Margin curation"

    def __init__(self, folder: Path, author_a: str, author_b: str, curator: str):
        super().__init__()
        self.folder = Path(folder)
        self.author_a, self.author_b, self.curator = author_a, author_b, curator
        self.articles = [a.article for a in folder_progress(self.folder, author_a, author_b).articles
                         if a.error is None]
        self.article_index = 0
        self.session: ArticleSession | None = None
        self.current: int | None = None  # disagreement index in the session

    def compose(self) -> ComposeResult:
        yield Static(id="curate-title")
        yield Static(id="curate-context")
        with Horizontal(id="curate-versions"):
            yield Static(id="curate-a", classes="version")
            yield Static(id="curate-b", classes="version")
        yield Static(id="curate-status")
        yield Footer()

    def on_mount(self) -> None:
        if not self.articles:
            self._say_only(f"No article in {safe_text(str(self.folder))} has annotations by both "
                               f"{safe_text(self.author_a)} and {safe_text(self.author_b)}: nothing to curate.")
            return
        self._open(0)

    # ----- state

    def _open(self, index: int) -> None:
        self.article_index = index % len(self.articles)
        try:
            self.session = ArticleSession(self.articles[self.article_index], self.author_a, self.author_b,
                                          self.curator)
        except MarginError as err:
            self.session = None
            self._say_only(str(err))
            return
        self.current = self.session.next_open() if self.session.disagreements else None
        if self.current is None and self.session.disagreements:
            self.current = 0
        self._draw()

    def _say_only(self, message: str) -> None:
        self.query_one("#curate-context", Static).update(Text(safe_text(message)))
        self.query_one("#curate-title", Static).update("")
        self.query_one("#curate-a", Static).update("")
        self.query_one("#curate-b", Static).update("")

    def _draw(self) -> None:
        s = self.session
        if s is None:
            return
        p = s.progress()
        name = safe_text(s.path.name)
        title = (f"Article {self.article_index + 1}/{len(self.articles)}: {name}   "
                 f"{p.decided}/{p.total} decided" + ("  (curated)" if p.total and p.complete else ""))
        self.query_one("#curate-title", Static).update(Text(title, style="bold"))
        if self.current is None:
            self._say_only(f"{name}: {safe_text(self.author_a)} and {safe_text(self.author_b)} agree on "
                               f"everything; press ] for the next article.")
            self.query_one("#curate-title", Static).update(Text(title, style="bold"))
            self._draw_status()
            return
        d = s.disagreements[self.current]
        self.query_one("#curate-context", Static).update(self._passage(d))
        self.query_one("#curate-a", Static).update(_version("A", self.author_a, d.a))
        self.query_one("#curate-b", Static).update(_version("B", self.author_b, d.b))
        self._draw_status()

    def _passage(self, d: Disagreement) -> Text:
        assert self.session is not None
        text = self.session.text
        before = text[max(0, d.start - CONTEXT):d.start]
        after = text[d.end:d.end + CONTEXT]
        out = Text()
        out.append(f"{d.describe()}\n\n", style="italic")
        out.append(("…" if d.start > CONTEXT else "") + " ".join(safe_text(before).split(" ")))
        out.append(safe_text(text[d.start:d.end]), style="reverse bold")
        out.append(safe_text(after) + ("…" if d.end + CONTEXT < len(text) else ""))
        return out

    def _draw_status(self) -> None:
        s = self.session
        status = ""
        if s is not None and self.current is not None:
            chosen = s.decision(self.current)
            status = (f"Disagreement {self.current + 1}/{len(s.disagreements)}: "
                      + (f"chosen: {chosen}" if chosen else "not decided yet")
                      + f"   curator: {safe_text(self.curator)}")
        self.query_one("#curate-status", Static).update(Text(status))

    # ----- actions

    def action_choose(self, choice: Choice) -> None:
        s = self.session
        if s is None or self.current is None:
            return
        try:
            s.choose(self.current, choice)
        except MarginError as err:
            self.notify(safe_text(str(err)), title="Not saved", severity="error", markup=False)
            return
        following = s.next_open(self.current)
        if following is None:
            self.notify(f"{safe_text(s.path.name)}: curated", timeout=3, markup=False)
        else:
            self.current = following
        self._draw()

    def action_step(self, delta: int) -> None:
        s = self.session
        if s is None or self.current is None:
            return
        self.current = (self.current + delta) % len(s.disagreements)
        self._draw()

    def action_article(self, delta: int) -> None:
        if self.articles:
            self._open(self.article_index + delta)

    async def action_quit(self) -> None:
        self.exit(0)


def add_arguments(p) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--authors", required=True, metavar="A,B", help="the two authors to curate")
    p.add_argument("--curator", help="who curates (default: MARGIN_AUTHOR or the author in margin.toml)")


def run(args) -> int:
    from annotations.tagset import load_tagset

    names = [a.strip() for a in args.authors.split(",")]
    if len(names) != 2:
        raise MarginError(f"--authors wants two names, like ana,ben (got {args.authors!r})")
    folder = Path(args.folder)
    if not folder.is_dir():
        raise MarginError(f"{args.folder}: not a folder")
    curator = args.curator or (os.environ.get("MARGIN_AUTHOR") or load_tagset(folder).author or default_author())
    check_names(names[0], names[1], curator)
    app = CurateApp(folder, names[0], names[1], curator)
    app.run()
    return int(app.return_code or 0)
