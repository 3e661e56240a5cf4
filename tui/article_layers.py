"""Spans drawn over the article in layers: ``annotations`` fill their tag colour,
``suggestions`` are dimmed and underlined in it. Each layer is indexed by block, so
changing one span redraws only the rows of its blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from annotations.document import Document

from .article_model import ArticleModel


class Spanned(Protocol):
    """Anything drawn as a span: an Annotation, a Suggestion (read-only is enough)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def tag(self) -> str: ...


@dataclass
class Layer:
    """A set of spans drawn one way, indexed by the blocks they touch."""

    name: str
    mode: str  # "fill" (saved annotations) or "underline" (suggestions)
    items: list[Any]
    by_block: dict[int, list[Any]]


class Layers(ArticleModel):
    """The span layers of the article pane."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.span_layers: dict[str, Layer] = {}
        self.layers_version = 0
        self._block_version: dict[int, int] = {}  # bumped when a block's spans change

    def set_layer(self, name: str, items: Iterable[Spanned], mode: str = "fill",
                  by_block: dict[int, list[Any]] | None = None) -> None:
        """Replace a layer's spans (O(spans), not O(article)). ``by_block`` is the
        index ``index_spans`` made for these items (in a worker, for a big list)."""
        items = [it for it in items if it.end > it.start and not getattr(it, "orphan", False)]
        if by_block is None:
            by_block = index_spans(self.doc, items) if self.doc is not None else {}
        old = self.span_layers.get(name)
        self.span_layers[name] = Layer(name, mode, items, by_block)
        # Many blocks changed (a whole article's suggestions arrived): redraw the screen
        # rather than compare every block.
        many = old is not None and len(old.by_block) + len(by_block) > 2000
        if old is None or many or old.mode != mode or self.doc is None or self.flow is None:
            self.layers_version += 1
            self._cache.clear()
            self.refresh()
            return
        # Only blocks whose spans changed are drawn again: tagging one sentence costs
        # the same on a short article and on a long one.
        def sig(lst: Iterable[Any]) -> list[tuple[Any, ...]]:
            return [(it.tag, it.start, it.end, id(it)) for it in lst]

        changed = [b for b in set(old.by_block) | set(by_block)
                   if sig(old.by_block.get(b, ())) != sig(by_block.get(b, ()))]
        for b in changed:
            self._block_version[b] = self._block_version.get(b, 0) + 1
            if b in self.flow.first_line:
                self._refresh_rows(self.flow.block_lines(b))

    def items_at(self, span: tuple[int, int] | None = None, layer: str = "annotations") -> list[Any]:
        """Items of ``layer`` under ``span`` (default: the selection or cursor sentence),
        best match first: the exact span, then the smallest that holds it, then overlaps."""
        if span is None:
            span = self.target_span()
        lay = self.span_layers.get(layer)
        if lay is None or self.doc is None:
            return []
        a, z = span
        first = self.doc.block_at(a)
        last = self.doc.block_at(max(a, z - 1))
        seen: dict[int, Any] = {}
        for b in range(first, min(last, first + 200) + 1):
            for it in lay.by_block.get(b, ()):
                if it.start < z and it.end > a or (a == z and it.start <= a < it.end):
                    seen[id(it)] = it

        def rank(it: Any) -> tuple[Any, ...]:
            exact = it.start == a and it.end == z
            holds = it.start <= a and it.end >= z
            return (not exact, not holds, it.end - it.start, it.start)

        return sorted(seen.values(), key=rank)

    def update_layer(self, name: str, remove: Iterable[Spanned] = (), add: Iterable[Spanned] = (),
                     mode: str = "underline") -> None:
        """Take some spans out of a layer and put others in, redrawing only their blocks.

        Accepting one suggestion costs the same on a short article and a long one
        (``set_layer`` compares every block's spans)."""
        lay = self.span_layers.get(name)
        if lay is None or self.doc is None:
            self.set_layer(name, list(add), mode)
            return
        gone = {id(it) for it in remove}
        touched: set[int] = set()
        doc = self.doc
        n = len(doc.text)

        def blocks_of(it: Any) -> range:
            if it.start >= n or it.end <= it.start:
                return range(0)
            return range(doc.block_at(it.start), doc.block_at(max(it.start, min(it.end, n) - 1)) + 1)

        for it in remove:
            for b in blocks_of(it):
                lst = lay.by_block.get(b)
                if lst:
                    kept = [x for x in lst if id(x) not in gone]
                    if kept:
                        lay.by_block[b] = kept
                    else:
                        del lay.by_block[b]
                    touched.add(b)
        for it in add:
            if getattr(it, "orphan", False):
                continue
            for b in blocks_of(it):
                lay.by_block.setdefault(b, []).append(it)
                touched.add(b)
        # ``items`` is what set_layer was given; the drawn truth is ``by_block``.
        for b in touched:
            self._block_version[b] = self._block_version.get(b, 0) + 1
            if self.flow is not None and b in self.flow.first_line:
                self._refresh_rows(self.flow.block_lines(b))


def index_spans(doc: Document, items: Iterable[Any]) -> dict[int, list[Any]]:
    """Block index -> the spans touching that block. Reads only the document, so a
    worker thread can build it for a long list."""
    by_block: dict[int, list[Any]] = {}
    n = len(doc.text)
    for it in items:
        if it.start >= n or it.end <= it.start or getattr(it, "orphan", False):
            continue
        first = doc.block_at(it.start)
        last = doc.block_at(max(it.start, min(it.end, n) - 1))
        for b in range(first, last + 1):
            by_block.setdefault(b, []).append(it)
    return by_block

