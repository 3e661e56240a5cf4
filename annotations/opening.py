"""Opening an article: everything the app draws, in one call and in one order.

``open_article(path, ...)`` reads and decodes the article, loads its annotations and
re-anchors them (or keeps the parse error as a read-only state), cleans it, shows the
furniture the user kept as body (annotations/furniture.py), reads the folder's learned
boilerplate and the reading position, and returns all of it as one ``Opened``. It
raises ``MarginError`` (one line) only when the article itself cannot be read.

``open_stages`` does the same in steps for a big article, so the app can draw early:
first a ``FirstPart`` (the first ``first_part_bytes`` of the file, decoded and cleaned on
their own, before the whole file is even read: nothing before the first frame grows
with the article), then the ``Opened``, then the ``SentenceCounts`` for "sentence n
of N". Every result is plain data and pickles, so the work can run in a child process
(or a worker thread) and be handed over.

The order is today's app order, kept on purpose: the store is loaded before the whole
document is cleaned (its rejections decide which furniture is body), and a store that
did not parse leaves the furniture as the cleaner called it.
"""

from __future__ import annotations

import codecs
from array import array
from collections.abc import Iterator, MutableSequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .article import Article, article_from_text, decode_bytes, is_html_path, normalize_newlines, read_article
from .cleaning import clean
from .document import BLANK, Document
from .errors import MarginError, StoreError
from .fsio import FileRefused, read_file, read_head
from .furniture import as_body, overridden
from .learned import LearnedBoilerplate
from .store import LoadReport, Store

if TYPE_CHECKING:
    from .tagset import TagSet

# The app's "big article": above this many bytes, a first part is drawn before the rest.
FIRST_PART_BYTES = 64 * 1024


@dataclass
class FirstPart:
    """The first part of a big article, cleaned on its own to be drawn at once.

    Its offsets are the whole article's (a prefix has the same offsets) unless the
    whole file decodes differently from its beginning (rare: a bad byte further on
    that makes it cp1252); ``Opened.first_part_matches`` says which."""

    path: Path
    document: Document  # of the prefix only; not for editing


@dataclass
class SentenceCounts:
    """Prefix sums of sentences per block, body and furniture apart: ``body[i]`` is the
    number of body sentences in blocks before ``i`` (length: blocks + 1)."""

    body: MutableSequence[int]  # arrays: two Python ints per block cost more than the text
    furniture: MutableSequence[int]


@dataclass
class Opened:
    """Everything the app draws for one article."""

    path: Path
    article: Article
    base: Document  # as the cleaner made it
    document: Document  # as shown: furniture the user rejected is body (``base`` when none)
    body_blocks: frozenset[int]  # the furniture blocks shown as body
    store: Store  # loaded and re-anchored; ``store.read_only`` is set when it did not parse
    store_error: str | None  # why the annotations are read-only (one line), else None
    report: LoadReport | None  # how the annotations anchored (None when read-only)
    has_file: bool  # an annotations file exists (else "no annotations yet")
    learned: LearnedBoilerplate  # the folder's learned lines (empty when none or unreadable)
    learned_error: str | None  # the learned file could not be read (one line)
    position: int | None  # where to put the cursor: ``at``, else where the reader left it
    first_part_matches: bool = True  # the FirstPart drawn before (if any) has the same text
    counts: SentenceCounts | None = None  # filled by open_article(count=True)

    @property
    def read_only(self) -> bool:
        return self.store_error is not None

    @property
    def anchoring_note(self) -> str | None:
        """"article changed: 3 moved, …" when the article changed under its annotations."""
        r = self.report
        if r is not None and (r.orphan or r.moved or r.fuzzy):
            return r.summary()
        return None


Stage = Union[FirstPart, Opened, SentenceCounts]


def open_article(path: str | Path, *, author: str | None = None, tagset: "TagSet | None" = None,
                 first_part_bytes: int | None = None, at: int | None = None,
                 restore_position: bool = True, count: bool = True) -> Opened:
    """Open ``path`` in one call (see the module docstring); ``first_part_bytes`` is
    accepted for symmetry with ``open_stages`` and changes nothing here."""
    opened: Opened | None = None
    for stage in open_stages(path, author=author, tagset=tagset, at=at,
                             restore_position=restore_position, count=count):
        if isinstance(stage, Opened):
            opened = stage
        elif isinstance(stage, SentenceCounts) and opened is not None:
            opened.counts = stage
    assert opened is not None  # open_stages always yields one or raises
    return opened


def open_stages(path: str | Path, *, author: str | None = None, tagset: "TagSet | None" = None,
                first_part_bytes: int | None = None, at: int | None = None,
                restore_position: bool = True, count: bool = True) -> Iterator[Stage]:
    """Yield a ``FirstPart`` (only for a file bigger than ``first_part_bytes``), then the
    ``Opened``, then (with ``count``) the ``SentenceCounts``. Raises MarginError when the
    article cannot be read; the caller stops iterating to give up on a stale open."""
    p = Path(path)
    part = first_part(p, first_part_bytes) if first_part_bytes else None
    if part is not None:
        yield part
    article = read_article(p)
    if author is None and tagset is not None:
        author = tagset.author
    store = Store(article, author=author)
    store_error: str | None = None
    try:
        store.load()
    except StoreError as err:
        store_error = store.read_only or str(err)
    base = clean(article)
    body = overridden(base, store.rejected) if store_error is None else frozenset()
    learned, learned_error = _learned(article.path.parent)
    opened = Opened(
        path=p, article=article, base=base, document=as_body(base, body), body_blocks=body,
        store=store, store_error=store_error, report=None if store_error else store.report,
        has_file=store.path.exists(), learned=learned, learned_error=learned_error,
        position=_position(p, article, at, restore_position),
        first_part_matches=part is None or article.text.startswith(part.document.text),
    )
    yield opened
    if count:
        yield count_sentences(opened.document)


def first_part(path: Path, size: int) -> FirstPart | None:
    """The first ``size`` bytes of the file, decoded as the whole file will be (as far
    as a beginning can tell), cut after the last whole line, and cleaned. None when the
    file is no bigger than that, or its beginning does not decode: the whole read then
    says what is wrong."""
    if is_html_path(path):
        return _html_first_part(path, size)
    try:
        data = read_head(path, size + 1)  # the one read check: a FIFO would block here
    except (OSError, FileRefused):
        return None
    if len(data) <= size:
        return None
    text = _decode_prefix(data[:size])
    if not text:
        return None
    text = normalize_newlines(text)
    cut = text.rfind("\n")
    text = text[:cut + 1] if cut > 0 else text
    return FirstPart(path, clean(article_from_text(text, path)))


def _html_first_part(path: Path, size: int) -> FirstPart | None:
    """A web page's first part: its text is derived from the whole page (its first bytes
    are markup), but without trafilatura, whose import and pass are most of a page's
    opening time. The text cleaner decides the furniture of the first ``size``
    characters; the whole open brings trafilatura's verdict over the same offsets."""
    from .article import MAX_BYTES
    from .errors import ArticleError
    from .html import read_html

    try:
        data = read_file(path, MAX_BYTES)
        if len(data) <= size:
            return None
        text = read_html(path, data, extract=False)[0]
    except (OSError, FileRefused, ArticleError):
        return None
    cut = text.rfind("\n", 0, size)
    if cut <= 0:
        return None
    return FirstPart(path, clean(article_from_text(text[:cut + 1], path.with_suffix(".txt"))))


def _decode_prefix(data: bytes) -> str | None:
    """Decode the beginning of a file, leaving out a character cut in two at the end."""
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    try:
        for bom, name in boms:  # UTF-32 before UTF-16: the LE BOMs share a beginning
            if data.startswith(bom):
                skip = len(bom) if name == "utf-8" else 0  # the UTF-16/32 decoders eat theirs
                errors = "replace" if name == "utf-8" else "strict"
                return codecs.getincrementaldecoder(name)(errors).decode(data[skip:], final=False)
        if b"\x00" in data:
            return None
        try:
            return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        except UnicodeDecodeError:
            return decode_bytes(data)[0]  # one byte a character: a cut cannot split one
    except (UnicodeDecodeError, MarginError):
        return None


def _learned(folder: Path) -> tuple[LearnedBoilerplate, str | None]:
    try:
        return LearnedBoilerplate.load(folder), None
    except MarginError as err:
        return LearnedBoilerplate(folder), str(err)


def _position(path: Path, article: Article, at: int | None, restore: bool) -> int | None:
    if at is None and restore:
        from .folder import load_position

        try:
            at = load_position(path)
        except Exception:  # noqa: BLE001 - a damaged positions file only costs the position
            at = None
    if at is not None and 0 <= at <= len(article.text):
        return at
    return None


def count_sentences(doc: Document) -> SentenceCounts:
    """Sentences per block as prefix sums (O(article): split every block)."""
    body = [0]
    furn = [0]
    for i, b in enumerate(doc.blocks):
        n = doc.sentence_count(i) if b.kind != BLANK and b.content_end > b.content_start else 0
        body.append(body[-1] + (0 if b.boilerplate else n))
        furn.append(furn[-1] + (n if b.boilerplate else 0))
    return SentenceCounts(array("q", body), array("q", furn))
