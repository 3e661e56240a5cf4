"""Curation: where two authors disagree on an article, and a curator's choices (docs/team.md).

Two authors, A and B, annotate the same articles independently (blind mode). A third
person, the curator, walks their disagreements and picks, for each one, A's version,
B's, both or neither, as INCEpTION's curation does. The disagreements of an article:

* ``only_a`` / ``only_b``: a span (start, end) only one of them tagged (a different
  span, even an overlapping one, is a different span);
* ``tag``: the same span with different tags (the tags they share there agree);
* ``speaker``: the same quote (span and tag) with different speakers.

What they agree on (same span, same tag, same speaker) is copied to the curator by
``accept_agreements`` without a question.

Every curated entry is written by the curator (``author`` = the curator) and says where
it came from: ``curated_from = [{author = "ana", id = "3f9a1c"}, ...]``. Taking
"neither" writes the sources' tags as ``[[rejected]]`` entries with ``curated_from``:
the decision is recorded (progress counts it) and the suggester will not offer the
span again. Choosing again for the same disagreement replaces the earlier choice. The
sources are never changed or removed: A's and B's work stays in the file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal, Sequence

from .model import Annotation, new_id, now_utc

CURATED_FROM = "curated_from"
Kind = Literal["only_a", "only_b", "tag", "speaker"]
ONLY_A: Kind = "only_a"
ONLY_B: Kind = "only_b"
TAG: Kind = "tag"
SPEAKER: Kind = "speaker"
Choice = Literal["a", "b", "both", "neither"]
CHOICES: tuple[Choice, ...] = ("a", "b", "both", "neither")
NEITHER_REASON = "curation: neither author's version taken"


@dataclass(frozen=True)
class Disagreement:
    kind: Kind
    start: int
    end: int
    text: str
    a: tuple[Annotation, ...]  # A's entries in question (empty for only_b)
    b: tuple[Annotation, ...]

    @property
    def key(self) -> tuple[str, ...]:
        """Stable across loads: the source ids."""
        return tuple(sorted(x.id for x in self.a + self.b))

    def describe(self) -> str:
        if self.kind == SPEAKER:
            return "same quote, different speakers"
        if self.kind == TAG:
            return "same span, different tags"
        return "only A tagged this span" if self.kind == ONLY_A else "only B tagged this span"


@dataclass(frozen=True)
class Progress:
    decided: int
    total: int

    @property
    def complete(self) -> bool:
        return self.decided >= self.total

    def label(self) -> str:
        """For the folder list: "" when there is nothing to curate, "3/7", "curated"."""
        if not self.total:
            return ""
        return "curated" if self.complete else f"{self.decided}/{self.total}"


def sources(annotations: Iterable[Annotation], author: str) -> list[Annotation]:
    """An author's own placed annotations, curated copies left out."""
    return [x for x in annotations if x.author == author and not x.orphan and CURATED_FROM not in x.extra]


def _speaker(x: Annotation) -> str:
    return " ".join((x.speaker or "").split()).casefold()


def compare(annotations: Sequence[Annotation], author_a: str, author_b: str
            ) -> tuple[list[Disagreement], list[tuple[Annotation, Annotation]]]:
    """(disagreements in text order, agreeing pairs (A's, B's)) for one article."""
    by_span: dict[tuple[int, int], tuple[list[Annotation], list[Annotation]]] = defaultdict(lambda: ([], []))
    for x in sources(annotations, author_a):
        by_span[(x.start, x.end)][0].append(x)
    for x in sources(annotations, author_b):
        by_span[(x.start, x.end)][1].append(x)
    out: list[Disagreement] = []
    agreed: list[tuple[Annotation, Annotation]] = []
    for (start, end), (la, lb) in sorted(by_span.items()):
        text = (la or lb)[0].text
        rest_a: list[Annotation] = []
        rest_b = list(lb)
        for x in sorted(la, key=Annotation.sort_key):
            same = next((y for y in rest_b if y.tag == x.tag), None)
            if same is None:
                rest_a.append(x)
                continue
            rest_b.remove(same)
            if x.tag == "quote" and _speaker(x) != _speaker(same):
                out.append(Disagreement(SPEAKER, start, end, text, (x,), (same,)))
            else:
                agreed.append((x, same))
        if rest_a and rest_b:
            out.append(Disagreement(TAG, start, end, text, tuple(rest_a), tuple(rest_b)))
        elif rest_a:
            out.append(Disagreement(ONLY_A, start, end, text, tuple(rest_a), ()))
        elif rest_b:
            out.append(Disagreement(ONLY_B, start, end, text, (), tuple(rest_b)))
    return out, agreed


def _refs(entry: Annotation) -> set[str]:
    refs = entry.extra.get(CURATED_FROM)
    if not isinstance(refs, list):
        return set()
    return {r["id"] for r in refs if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _curated(entries: Iterable[Annotation], ids: Iterable[str]) -> list[Annotation]:
    """The curated entries made from any of ``ids``."""
    want = set(ids)
    return [e for e in entries if _refs(e) & want]


def is_decided(d: Disagreement, annotations: Sequence[Annotation], rejected: Sequence[Annotation]) -> bool:
    return bool(_curated(list(annotations) + list(rejected), d.key))


def decision(d: Disagreement, annotations: Sequence[Annotation], rejected: Sequence[Annotation]) -> Choice | None:
    """The choice recorded for ``d``, read back from the curated entries."""
    taken = {r for e in _curated(annotations, d.key) for r in _refs(e)}
    if not taken:
        return "neither" if _curated(rejected, d.key) else None
    has_a = bool(taken & {x.id for x in d.a})
    has_b = bool(taken & {x.id for x in d.b})
    return "both" if has_a and has_b else "a" if has_a else "b"


def progress(annotations: Sequence[Annotation], rejected: Sequence[Annotation],
             author_a: str, author_b: str) -> Progress:
    disagreements, _ = compare(annotations, author_a, author_b)
    done = sum(1 for d in disagreements if is_decided(d, annotations, rejected))
    return Progress(done, len(disagreements))


def _copy(source: Annotation, curator: str, taken: set[str], refs: Sequence[Annotation]) -> Annotation:
    new = source.copy(id=new_id(taken), author=curator, created=now_utc())
    taken.add(new.id)
    new.extra.pop("conflict_of", None)
    new.extra[CURATED_FROM] = [{"author": r.author, "id": r.id} for r in refs]
    return new


def apply_choice(d: Disagreement, choice: Choice, curator: str, annotations: list[Annotation],
                 rejected: list[Annotation]) -> list[Annotation]:
    """Record ``choice`` for ``d`` in the store's lists (in place); returns the new entries.

    An earlier choice for the same disagreement is replaced. The sources are untouched.
    """
    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r} (expected one of {', '.join(CHOICES)})")
    if (choice == "a" and not d.a) or (choice == "b" and not d.b):
        # Taking the version of an author who has nothing here is taking neither.
        choice = "neither"
    old = {id(e) for e in _curated(annotations + rejected, d.key)}
    annotations[:] = [e for e in annotations if id(e) not in old]
    rejected[:] = [e for e in rejected if id(e) not in old]
    taken = {e.id for e in annotations} | {e.id for e in rejected} | set(d.key)
    made: list[Annotation] = []
    if choice == "neither":
        for src in d.a + d.b:
            r = _copy(src, curator, taken, [src])
            r.reason = NEITHER_REASON
            made.append(r)
        rejected.extend(made)
        return made
    picked: list[Annotation] = []
    if choice in ("a", "both"):
        picked.extend(d.a)
    if choice in ("b", "both"):
        # "both" on a speaker disagreement: two quotes, one per speaker.
        picked.extend(d.b)
    for src in picked:
        made.append(_copy(src, curator, taken, [src]))
    annotations.extend(made)
    return made


def accept_agreements(annotations: list[Annotation], author_a: str, author_b: str, curator: str) -> list[Annotation]:
    """Copy what A and B agree on to the curator (once; citing both sources). In place."""
    _, agreed = compare(annotations, author_a, author_b)
    taken = {e.id for e in annotations}
    made = []
    for x, y in agreed:
        if _curated(annotations, (x.id, y.id)):
            continue
        made.append(_copy(x, curator, taken, [x, y]))
    annotations.extend(made)
    return made


# ------------------------------------------------------------------------ a folder

@dataclass
class ArticleCuration:
    article: Path
    progress: Progress
    error: str | None = None


@dataclass
class FolderCuration:
    author_a: str
    author_b: str
    articles: list[ArticleCuration] = field(default_factory=list)

    @property
    def progress(self) -> Progress:
        return Progress(sum(a.progress.decided for a in self.articles), sum(a.progress.total for a in self.articles))


def folder_progress(folder: str | Path, author_a: str, author_b: str,
                    on_error: Callable[[str], None] | None = None) -> FolderCuration:
    """Curation progress of every article of ``folder`` both authors annotated.

    Reads only the annotations files (offsets and stored text are enough); for the
    folder list and ``margin curate``'s start. Articles only one of them annotated
    have nothing to curate against and are left out.
    """
    from .errors import MarginError
    from .folder import _natural_key
    from .store import SUFFIX, read_annotation_file

    folder = Path(folder)
    out = FolderCuration(author_a, author_b)
    files = sorted(folder.glob("*" + SUFFIX), key=lambda p: _natural_key(p.name))
    for path in files:
        if path.name.startswith("."):
            continue
        article = path.with_name(path.name[: -len(SUFFIX)])
        try:
            f = read_annotation_file(path)
        except MarginError as err:
            if on_error is not None:
                on_error(str(err))
            out.articles.append(ArticleCuration(article, Progress(0, 0), str(err)))
            continue
        if not sources(f.annotations, author_a) or not sources(f.annotations, author_b):
            continue
        out.articles.append(ArticleCuration(article, progress(f.annotations, f.rejected, author_a, author_b)))
    return out


def check_names(author_a: str, author_b: str, curator: str) -> None:
    """Raise MarginError unless A, B and the curator are three different names."""
    from .errors import MarginError

    if not author_a or not author_b or author_a == author_b:
        raise MarginError(f"--authors wants two different names, like ana,ben (got {author_a!r}, {author_b!r})")
    if curator in (author_a, author_b):
        raise MarginError(f"the curator ({curator}) must not be one of the authors: set MARGIN_AUTHOR or "
                          f"--curator to a third name, so curated work stays apart from theirs")


# ------------------------------------------------------------------------ one article, live

class ArticleSession:
    """One article under curation, through the store: every choice is saved at once
    (lock, merge with whatever the authors saved meanwhile, atomic write)."""

    def __init__(self, article_path: Path, author_a: str, author_b: str, curator: str):
        from .article import read_article
        from .store import Store

        self.path = Path(article_path)
        self.author_a, self.author_b, self.curator = author_a, author_b, curator
        self.store = Store(read_article(self.path), author=curator)
        self.store.load()
        # Agreements need no question: the curator starts from them, as in INCEpTION.
        if accept_agreements(self.store.annotations, author_a, author_b, curator):
            self.store.save()
        self.disagreements, _ = compare(self.store.annotations, author_a, author_b)

    @property
    def text(self) -> str:
        return self.store.article.text

    def choose(self, index: int, choice: Choice) -> list[Annotation]:
        """Record and save the choice for disagreement ``index``. Raises StoreError."""
        made = apply_choice(self.disagreements[index], choice, self.curator,
                            self.store.annotations, self.store.rejected)
        self.store.save()
        return made

    def decision(self, index: int) -> Choice | None:
        return decision(self.disagreements[index], self.store.annotations, self.store.rejected)

    def progress(self) -> Progress:
        done = sum(1 for d in self.disagreements if is_decided(d, self.store.annotations, self.store.rejected))
        return Progress(done, len(self.disagreements))

    def next_open(self, after: int = -1) -> int | None:
        """The first undecided disagreement after ``after`` (wrapping), else None."""
        n = len(self.disagreements)
        for k in range(1, n + 1):
            i = (after + k) % n
            if self.decision(i) is None:
                return i
        return None


# ------------------------------------------------------------------------ the folder list

def pair_of(annotations: Iterable[Annotation]) -> tuple[str, str] | None:
    """The two authors whose work an article's curation is about: the two with the most
    annotations of their own (curated copies and unattributed entries left out; ties by
    name). None when fewer than two authors annotated it."""
    counts: dict[str, int] = defaultdict(int)
    for x in annotations:
        if x.author and CURATED_FROM not in x.extra and not x.orphan:
            counts[x.author] += 1
    if len(counts) < 2:
        return None
    a, b = sorted(counts, key=lambda name: (-counts[name], name))[:2]
    return (a, b) if a < b else (b, a)


def curation_labels(folder: str | Path, authors: tuple[str, str] | None = None) -> dict[Path, str]:
    """Per article of ``folder``, how far curation has gone, for the folder list:
    "" (nothing to curate), "3/7" (decided of disagreements), "curated". Without
    ``authors``, each article's pair is ``pair_of`` its annotations. Reads only the
    annotations files; an unreadable one is left out (the folder list reports it)."""
    from .errors import MarginError
    from .store import SUFFIX, read_annotation_file

    out: dict[Path, str] = {}
    for path in sorted(Path(folder).glob("*" + SUFFIX)):
        if path.name.startswith("."):
            continue
        try:
            f = read_annotation_file(path)
        except MarginError:
            continue
        pair = authors or pair_of(f.annotations)
        if pair is None:
            continue
        out[path.with_name(path.name[: -len(SUFFIX)])] = progress(f.annotations, f.rejected, *pair).label()
    return out
