"""Agreement between two annotators, per tag: span F1 (exact and overlap) and Cohen's kappa.

What is compared (docs/folders.md says the same for users):

* Only articles that **both** authors annotated (at least one placed annotation each)
  count, as INCEpTION compares documents both annotators worked on. An article only
  one of them touched says nothing about agreement; the report gives how many were
  left out.
* **Exact F1**: a span of A and a span of B match when tag, start and end are equal
  (one to one). F1 = 2·matches / (|A| + |B|), the same whichever author is taken as
  reference.
* **Overlap F1**: a span counts as found when it overlaps (shares at least one
  character with) a span of the other author with the same tag. Precision is the share
  of B's spans that overlap one of A's, recall the share of A's that overlap one of
  B's; F1 is their harmonic mean.
* **Cohen's kappa** at sentence level: every sentence of the body blocks
  (``annotations.cleaning.clean``, ``doc.sentences``) gets yes/no per tag per author:
  yes when one of that author's annotations with that tag overlaps the sentence.
  kappa = (po - pe) / (1 - pe). When pe is 1 (both authors said the same thing for
  every sentence, all yes or all no), kappa is undefined and reported as None.

Orphans (annotations that could not be placed in the current text) are left out:
their offsets point at text that is no longer there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, Sequence

if TYPE_CHECKING:
    from .document import Document


class SpanLike(Protocol):
    tag: str
    start: int
    end: int
    author: str


@dataclass
class TagAgreement:
    tag: str
    a_spans: int
    b_spans: int
    exact_matches: int
    exact_f1: float | None  # None when neither author used the tag
    overlap_precision: float | None
    overlap_recall: float | None
    overlap_f1: float | None
    sentences: int  # sentences compared for kappa
    both_yes: int
    a_only: int
    b_only: int
    both_no: int
    kappa: float | None


@dataclass
class AgreementReport:
    author_a: str
    author_b: str
    articles: int  # compared: annotated by both
    skipped: int  # annotated by only one of them
    tags: list[TagAgreement] = field(default_factory=list)
    # Every author with an annotation in the folder, and which of the two asked for
    # have none (a typo, most often): the command lists the ones that exist.
    known_authors: list[str] = field(default_factory=list)
    unknown_authors: list[str] = field(default_factory=list)

    def get(self, tag: str) -> TagAgreement | None:
        return next((t for t in self.tags if t.tag == tag), None)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def span_scores(a: Sequence[tuple], b: Sequence[tuple]) -> tuple[int, float | None, float | None, float | None, float | None]:
    """(exact matches, exact F1, overlap precision, overlap recall, overlap F1).

    Spans are (key, start, end) where key says which article the span is in; spans
    of different articles never match.
    """
    if not a and not b:
        return 0, None, None, None, None
    exact = sum((Counter(a) & Counter(b)).values())
    exact_f1 = 2 * exact / (len(a) + len(b))

    def found(spans: Sequence[tuple[object, int, int]], other: Sequence[tuple[object, int, int]]) -> int:
        by_key: dict = defaultdict(list)
        for key, s, e in other:
            by_key[key].append((s, e))
        n = 0
        for key, s, e in spans:
            if any(_overlaps(s, e, os_, oe) for os_, oe in by_key.get(key, ())):
                n += 1
        return n

    precision = found(b, a) / len(b) if b else 0.0
    recall = found(a, b) / len(a) if a else 0.0
    return exact, exact_f1, precision, recall, _f1(precision, recall)


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    if s1 == e1 or s2 == e2:
        # An empty span overlaps nothing but the same empty span.
        return (s1, e1) == (s2, e2)
    return s1 < e2 and s2 < e1


def cohen_kappa(both_yes: int, a_only: int, b_only: int, both_no: int) -> float | None:
    n = both_yes + a_only + b_only + both_no
    if n == 0:
        return None
    po = (both_yes + both_no) / n
    a_yes = (both_yes + a_only) / n
    b_yes = (both_yes + b_only) / n
    pe = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def agree(
    articles: Iterable[tuple[Sequence[tuple[int, int]], Sequence[SpanLike]]],
    author_a: str,
    author_b: str,
    tags: Sequence[str] | None = None,
) -> AgreementReport:
    """Agreement over ``articles``: each item is (body sentences, annotations of that article).

    Annotations by other authors are ignored. ``tags`` fixes which tags are reported
    (and their order); by default every tag either author used, sorted.
    """
    a_spans: dict[str, list[tuple]] = defaultdict(list)
    b_spans: dict[str, list[tuple]] = defaultdict(list)
    sentence_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    per_article: list[tuple[int, list[tuple[int, int]], dict, dict]] = []
    compared = skipped = 0
    used: set[str] = set()
    for n, (sentences, annotations) in enumerate(articles):
        by_a = [x for x in annotations if x.author == author_a]
        by_b = [x for x in annotations if x.author == author_b]
        if not by_a and not by_b:
            continue
        if not by_a or not by_b:
            skipped += 1
            continue
        compared += 1
        for x in by_a:
            a_spans[x.tag].append((n, x.start, x.end))
            used.add(x.tag)
        for x in by_b:
            b_spans[x.tag].append((n, x.start, x.end))
            used.add(x.tag)
        per_article.append((n, list(sentences), _group(by_a), _group(by_b)))

    report_tags = list(tags) if tags is not None else sorted(used)
    for _, sentences, ga, gb in per_article:
        for tag in report_tags:
            sa, sb = ga.get(tag, []), gb.get(tag, [])
            counts = sentence_counts[tag]
            for s, e in sentences:
                ya = any(_overlaps(s, e, x, y) for x, y in sa)
                yb = any(_overlaps(s, e, x, y) for x, y in sb)
                counts[(0 if ya else 2) + (0 if yb else 1)] += 1

    report = AgreementReport(author_a, author_b, compared, skipped)
    for tag in report_tags:
        exact, exact_f1, p, r, f1 = span_scores(a_spans.get(tag, []), b_spans.get(tag, []))
        both_yes, a_only, b_only, both_no = sentence_counts[tag]
        report.tags.append(TagAgreement(
            tag=tag,
            a_spans=len(a_spans.get(tag, [])),
            b_spans=len(b_spans.get(tag, [])),
            exact_matches=exact,
            exact_f1=exact_f1,
            overlap_precision=p,
            overlap_recall=r,
            overlap_f1=f1,
            sentences=both_yes + a_only + b_only + both_no,
            both_yes=both_yes,
            a_only=a_only,
            b_only=b_only,
            both_no=both_no,
            kappa=cohen_kappa(both_yes, a_only, b_only, both_no),
        ))
    return report


def _group(spans: Sequence[SpanLike]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for x in spans:
        out[x.tag].append((x.start, x.end))
    return out


def body_sentences(doc: Document) -> list[tuple[int, int]]:
    """Raw (start, end) of every sentence in the document's body blocks."""
    out: list[tuple[int, int]] = []
    for i in doc.body_indices():
        out.extend(doc.sentences(i))
    return out


def agree_folder(folder: str | Path, author_a: str, author_b: str, tag: str | None = None,
                 on_error: Callable[[str], None] | None = None) -> AgreementReport:
    """Agreement between two authors over every article of a folder.

    Reads and cleans only the articles both authors annotated (sentences need the text).
    """
    from .article import read_article
    from .cleaning import clean
    from .errors import MarginError
    from .review import scan
    from .store import Store
    from .tagset import load_tagset

    rows_by_article: dict[Path, list] = defaultdict(list)
    # Every tag is read even when one is asked for: whether both authors worked on an
    # article does not depend on the tag being reported.
    seen_authors: set[str] = set()
    for row in scan(folder, on_error=on_error):
        seen_authors.add(row.author)
        if row.state == "orphan" or row.author not in (author_a, author_b):
            continue
        rows_by_article[row.article].append(row)

    def items() -> Iterator[tuple[list[tuple[int, int]], list[Any]]]:
        for article_path, rows in sorted(rows_by_article.items()):
            authors = {r.author for r in rows}
            if len(authors) < 2:
                yield [], rows  # counted as skipped; no need to read the text
                continue
            try:
                article = read_article(article_path)
                # Through the store, so an article edited since its annotations were
                # saved is compared with its annotations re-anchored onto it.
                store = Store(article)
                store.load()
            except MarginError as err:
                if on_error is not None:
                    on_error(str(err))
                continue
            placed = [a for a in store.annotations if not a.orphan and a.author in (author_a, author_b)]
            yield body_sentences(clean(article)), placed

    used = sorted({r.tag for rows in rows_by_article.values() for r in rows})
    configured = load_tagset(Path(folder)).names
    order = [t for t in configured if t in used] + [t for t in used if t not in configured]
    if tag is not None:
        order = [tag]
    report = agree(items(), author_a, author_b, order)
    report.known_authors = sorted(seen_authors)
    report.unknown_authors = [x for x in (author_a, author_b) if x not in seen_authors]
    return report
