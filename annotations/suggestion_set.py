"""The suggestions of one open article, as the app shows and steps through them.

``SuggestionSet`` holds every suggestion found so far, sorted by start, and knows which
are filtered out (rejected, or already annotated with their tag), how many are left
per tag, and whether the user hid them all (``z``). Filtered suggestions are kept, not
dropped: undoing an accept or a reject brings them back.

Passes arrive in pieces: a first pass over the blocks on screen, then the whole
document, which the app may hand over in slices so no frame waits for 80,000 of them.
``add_batch`` costs O(batch log n) when the slices come in document order, and says
which suggestions to draw or erase (a ``SetChange``), so the view never redraws all.

The filtering rule is ``suggest.without_rejected``'s, with the annotations indexed by
start so a batch costs O(batch log a) rather than O(batch × a).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .model import Annotation
from .suggest import Suggestion, _covers

ID_PREFIX = "sugg:"


def suggestion_id(s: Suggestion) -> str:
    """The id a suggestion's row has in the sidebar: "sugg:START:END:TAG"."""
    return f"{ID_PREFIX}{s.start}:{s.end}:{s.tag}"


def _order(s: Suggestion) -> tuple[int, int, str]:
    return (s.start, s.end, s.tag)  # suggest()'s order


@dataclass
class SetChange:
    """What to draw anew (``added``) and erase (``removed``), as the very objects drawn."""

    added: list[Suggestion] = field(default_factory=list)
    removed: list[Suggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


class _Filter:
    """``without_rejected``'s rule for one suggestion at a time, with the annotations
    and rejections indexed by tag and start."""

    def __init__(self, annotations: Iterable[Annotation], rejected: Iterable[Annotation]) -> None:
        self.rej_exact: set[tuple[str, int, int, str]] = set()
        self.rej_text: dict[tuple[str, str], list[Annotation]] = {}
        for r in rejected:
            self.rej_exact.add((r.tag, r.start, r.end, r.text))
            self.rej_text.setdefault((r.tag, r.text), []).append(r)
        by_tag: dict[str, list[Annotation]] = {}
        for a in annotations:
            by_tag.setdefault(a.tag, []).append(a)
        self.spans: dict[str, tuple[list[int], list[int], int]] = {}
        for tag, anns in by_tag.items():
            pairs = sorted((a.start, a.end) for a in anns)
            longest = max((z - a for a, z in pairs), default=0)
            self.spans[tag] = ([a for a, _ in pairs], [z for _, z in pairs], longest)

    def drops(self, s: Suggestion) -> bool:
        if (s.tag, s.start, s.end, s.text) in self.rej_exact:
            return True
        for r in self.rej_text.get((s.tag, s.text), ()):
            if r.orphan or _covers(r.start, r.end, s.start, s.end):
                return True
        spans = self.spans.get(s.tag)
        if spans is None:
            return False
        starts, ends, longest = spans
        # Only annotations that overlap (or share the empty span) can cover it.
        for k in range(bisect_left(starts, s.start - longest), bisect_right(starts, s.end)):
            if _covers(starts[k], ends[k], s.start, s.end):
                return True
        return False


class SuggestionSet:
    """Every suggestion found for one article, and which of them are shown.

    ``annotations`` and ``rejected`` are the store's lists (edited in place by the app
    and by ``Store.save()``'s merge); new batches are filtered against them.
    """

    def __init__(self, annotations: list[Annotation] | None = None,
                 rejected: list[Annotation] | None = None) -> None:
        self._annotations: list[Annotation] = annotations if annotations is not None else []
        self._rejected: list[Annotation] = rejected if rejected is not None else []
        self._items: list[Suggestion] = []  # sorted by (start, end, tag)
        self._starts: list[int] = []
        self._by_key: dict[tuple[str, int, int], Suggestion] = {}
        self._filtered: set[tuple[str, int, int]] = set()  # rejected or annotated
        self._counts: dict[str, int] = {}  # not filtered, per tag
        self._longest = 0  # the longest suggestion: how far back an overlap can start
        self._provisional: set[tuple[str, int, int]] = set()  # from a screen pass, not yet confirmed
        self._final = False
        self._shown = True

    # ----- state

    def __len__(self) -> int:
        return len(self._items)

    @property
    def is_final(self) -> bool:
        """The whole document's suggestions are in."""
        return self._final

    @property
    def shown(self) -> bool:
        """False after ``hide_all`` (``z``): nothing is drawn, stepped to or under the cursor."""
        return self._shown

    def is_shown(self, s: Suggestion) -> bool:
        """Is this very suggestion in the set and not filtered out?"""
        return self._by_key.get(s.key) is s and s.key not in self._filtered

    def counts(self) -> dict[str, int]:
        """Suggestions not filtered out, per tag (hidden with ``z`` or not)."""
        return {t: n for t, n in self._counts.items() if n > 0}

    def reset(self) -> None:
        """Another article: nothing found yet (the hide-all choice stays)."""
        self._items, self._starts, self._by_key = [], [], {}
        self._filtered, self._counts, self._provisional = set(), {}, set()
        self._longest = 0
        self._final = False

    def bind(self, annotations: list[Annotation], rejected: list[Annotation]) -> None:
        """Filter against these lists from now on (a store was loaded)."""
        self._annotations, self._rejected = annotations, rejected

    # ----- passes

    def add_batch(self, found: list[Suggestion], final: bool, *, done: bool | None = None) -> SetChange:
        """Take in a pass's suggestions (or a slice of one, in document order).

        ``final``: they come from the whole-document pass. A screen pass's suggestions
        the whole pass does not confirm go when it is ``done`` (by default, with the
        final batch itself; a caller handing the whole pass over in slices passes
        ``done=False`` until the last). Screen passes arriving after the whole pass is
        in are ignored. A suggestion already held is replaced by the later pass's
        (its speaker may be better)."""
        change = SetChange()
        if self._final and not final:
            return change
        if any(_order(a) > _order(b) for a, b in zip(found, found[1:])):
            found = sorted(found, key=_order)
        filt = _Filter(self._annotations, self._rejected)
        fresh: list[Suggestion] = []
        for s in found:
            key = s.key
            old = self._by_key.get(key)
            if old is not None:
                if final:
                    self._provisional.discard(key)
                if old != s:
                    self._items[self._index(old)] = s
                    self._by_key[key] = s
                    if key not in self._filtered:
                        change.removed.append(old)
                        change.added.append(s)
                continue
            self._by_key[key] = s
            fresh.append(s)
            if not final:
                self._provisional.add(key)
            self._longest = max(self._longest, s.end - s.start)
            if filt.drops(s):
                self._filtered.add(key)
            else:
                self._counts[s.tag] = self._counts.get(s.tag, 0) + 1
                change.added.append(s)
        self._insert(fresh)
        if done if done is not None else final:
            self._final = True
            for key in self._provisional:  # a screen pass's guess the whole pass dropped
                old = self._by_key.pop(key)
                i = self._index(old)
                del self._items[i]
                del self._starts[i]
                if key in self._filtered:
                    self._filtered.discard(key)
                else:
                    self._counts[old.tag] -= 1
                    change.removed.append(old)
            self._provisional.clear()
        return change if self._shown else SetChange()

    def _insert(self, fresh: list[Suggestion]) -> None:
        if not fresh:
            return
        if not self._items or _order(fresh[0]) >= _order(self._items[-1]):
            self._items.extend(fresh)  # the usual case: slices in document order
            self._starts.extend(s.start for s in fresh)
            return
        lo = bisect_left(self._starts, fresh[0].start)
        hi = bisect_right(self._starts, fresh[-1].start)
        merged = sorted(self._items[lo:hi] + fresh, key=_order)
        self._items[lo:hi] = merged
        self._starts[lo:hi] = [s.start for s in merged]

    def _index(self, s: Suggestion) -> int:
        i = bisect_left(self._starts, s.start)
        while self._items[i] is not s:
            i += 1
        return i

    # ----- filtering after an edit

    def refilter(self, annotations: list[Annotation] | None = None, rejected: list[Annotation] | None = None,
                 spans: Iterable[tuple[int, int]] | None = None) -> SetChange:
        """Filter again after the annotations or rejections changed.

        A suggestion covered by an annotation of its tag, or rejected, is not shown;
        one that no longer is comes back. With ``spans`` (what an edit touched) only
        the suggestions overlapping them are looked at: O(those + annotations)."""
        if annotations is not None:
            self._annotations = annotations
        if rejected is not None:
            self._rejected = rejected
        change = SetChange()
        if not self._items:
            return change
        filt = _Filter(self._annotations, self._rejected)
        if spans is None:
            candidates: Iterable[Suggestion] = self._items
        else:
            seen: dict[int, Suggestion] = {}
            for a, z in spans:
                for s in self._overlapping(a, z):
                    seen[id(s)] = s
            candidates = seen.values()
        for s in candidates:
            key = s.key
            drop = filt.drops(s)
            if drop and key not in self._filtered:
                self._filtered.add(key)
                self._counts[s.tag] -= 1
                change.removed.append(s)
            elif not drop and key in self._filtered:
                self._filtered.discard(key)
                self._counts[s.tag] = self._counts.get(s.tag, 0) + 1
                change.added.append(s)
        return change if self._shown else SetChange()

    def _overlapping(self, a: int, z: int) -> Iterator[Suggestion]:
        """Every suggestion overlapping [a, z), or holding a when a == z, filtered or not."""
        lo = bisect_left(self._starts, a - self._longest)
        hi = bisect_right(self._starts, z)
        for s in self._items[lo:hi]:
            if (s.start < z and s.end > a) or (s.start <= a < s.end) or (s.start, s.end) == (a, z):
                yield s

    # ----- showing and hiding (z)

    def hide_all(self) -> None:
        self._shown = False

    def show_all(self) -> list[Suggestion]:
        """Show them again; returns what to draw."""
        self._shown = True
        return self.visible()

    def visible(self) -> list[Suggestion]:
        """Every suggestion to draw, in document order ([] while hidden)."""
        return list(self.iter_visible())

    def iter_visible(self, start: int = 0) -> Iterator[Suggestion]:
        """Suggestions to draw from raw offset ``start`` on, lazily (the sidebar lists 40)."""
        if not self._shown:
            return
        for s in self._items[bisect_left(self._starts, start):]:
            if s.key not in self._filtered:
                yield s

    def of_tag(self, tag: str) -> list[Suggestion]:
        """Every suggestion of ``tag`` not filtered out (accept all)."""
        return [s for s in self._items if s.tag == tag and s.key not in self._filtered]

    # ----- looking up

    def in_range(self, lo: int, hi: int) -> list[Suggestion]:
        """Shown suggestions starting in [lo, hi), in document order (for drawing)."""
        if not self._shown:
            return []
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [s for s in self._items[i:j] if s.key not in self._filtered]

    def under(self, a: int, z: int) -> list[Suggestion]:
        """Shown suggestions under the span [a, z) (a == z: the offset a), best first:
        the exact span, then the smallest that holds it, then overlaps (the view's order)."""
        if not self._shown:
            return []
        found = [s for s in self._overlapping(a, z) if s.key not in self._filtered]

        def rank(s: Suggestion) -> tuple[bool, bool, int, int]:
            return (not (s.start == a and s.end == z), not (s.start <= a and s.end >= z), s.end - s.start, s.start)

        return sorted(found, key=rank)

    def at(self, offset: int) -> Suggestion | None:
        """The best shown suggestion holding raw ``offset``."""
        found = self.under(offset, offset)
        return found[0] if found else None

    def by_id(self, ident: str | None) -> Suggestion | None:
        """The suggestion a sidebar row stands for ("sugg:START:END:TAG"), unless filtered."""
        if not ident or not ident.startswith(ID_PREFIX):
            return None
        try:
            start, end, tag = ident[len(ID_PREFIX):].split(":", 2)
            key = (tag, int(start), int(end))
        except ValueError:
            return None
        s = self._by_key.get(key)
        return s if s is not None and key not in self._filtered else None

    def next_from(self, offset: int, step: int = 1, *, current: Suggestion | None = None,
                  accept: Callable[[Suggestion], bool] | None = None) -> Suggestion | None:
        """The next (``step`` 1) or previous (-1) shown suggestion.

        From ``current`` (the one the cursor landed on) when it is still shown, so
        stepping never stays put when several start at one place; else from ``offset``:
        the first starting at or after it, or the last starting before it. ``accept``
        skips some (the app's: furniture hidden on screen)."""
        if not self._shown or not self._items:
            return None
        if current is not None and self.is_shown(current):
            i = self._index(current) + step
        else:
            i = bisect_left(self._starts, offset) - (0 if step > 0 else 1)
        while 0 <= i < len(self._items):
            s = self._items[i]
            if s.key not in self._filtered and (accept is None or accept(s)):
                return s
            i += step
        return None

    def covering(self, start: int, end: int, tag: str) -> Suggestion | None:
        """A suggestion of ``tag`` that tagging [start, end) stands for (the same span,
        or nearly: the quote with its marks, the sentence without its full stop), not
        filtered out; hidden with ``z`` or not. Tagging it should take the suggestion
        (its exact span and speaker, origin "suggested") rather than add a near twin."""
        best: Suggestion | None = None
        best_rank = (-1, -1)
        for s in self._overlapping(start, end):
            if s.tag != tag or s.key in self._filtered or not _covers(start, end, s.start, s.end):
                continue
            overlap = min(end, s.end) - max(start, s.start)
            rank = (int((s.start, s.end) == (start, end)), overlap)
            if rank > best_rank:
                best, best_rank = s, rank
        return best


def duplicates(annotations: Iterable[Annotation], *, near: bool = False) -> list[list[Annotation]]:
    """Groups of one author's annotations with the same tag over the same span (orphans
    left out: their offsets are stale). Two authors' claims on one sentence are
    independent work, not a duplicate. With ``near``, spans that stand for each other by
    the suggestion rule (90 % overlap) count as the same too. For ``margin check``."""
    by_tag: dict[tuple[str, str], list[Annotation]] = {}
    for a in annotations:
        if not a.orphan:
            by_tag.setdefault((a.tag, a.author or ""), []).append(a)
    groups: list[list[Annotation]] = []
    for anns in by_tag.values():
        anns.sort(key=lambda a: (a.start, a.end, a.id))
        current: list[Annotation] = []
        for a in anns:
            if current and any(_same(b, a, near) for b in current):
                current.append(a)
                continue
            if len(current) > 1:
                groups.append(current)
            current = [a]
        if len(current) > 1:
            groups.append(current)
    groups.sort(key=lambda g: (g[0].start, g[0].end, g[0].tag))
    return groups


def _same(a: Annotation, b: Annotation, near: bool) -> bool:
    if (a.start, a.end) == (b.start, b.end):
        return True
    return near and _covers(a.start, a.end, b.start, b.end)
