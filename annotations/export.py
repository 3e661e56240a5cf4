"""Export a folder's annotations for other tools: jsonl (spaCy, Prodigy), csv, W3C Web
Annotation JSON-LD, and brat standoff. docs/folders.md describes each format.

Every article is loaded through the store, so annotations are re-anchored onto the
article as it is now: exported offsets always slice the exported text. Orphans (text
no longer found in the article) are left out unless asked for, and even then never
given offsets that would point at the wrong text (see each writer).
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from .article import Article, read_article, source_url
from .errors import MarginError, StoreError
from .model import Annotation, context_around
from .review import format_created

FORMATS = ("jsonl", "csv", "w3c", "brat")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CSV_FIELDS = ("article", "id", "tag", "start", "end", "text", "speaker", "note", "author", "created", "state")

ErrorHandler = Callable[[str], None]


@dataclass
class ExportItem:
    article: Article
    annotations: list[Annotation]  # placed in article.text, sorted
    orphans: list[Annotation]  # only when orphans were asked for

    @property
    def name(self) -> str:
        return self.article.path.name


def collect(folder: str | Path, tag: str | None = None, include_orphans: bool = False,
            on_error: ErrorHandler | None = None, author: str | None = None) -> Iterator[ExportItem]:
    """Each article of ``folder`` that has an annotations file, with its annotations.

    An article or annotations file that cannot be read is reported through ``on_error``
    (one line) and skipped.
    """
    from .review import _annotation_files
    from .store import SUFFIX, Store

    for entry in _annotation_files(Path(folder)):
        article_path = Path(entry.path).with_name(entry.name[: -len(SUFFIX)])
        try:
            article = read_article(article_path)
            store = Store(article)
            store.load()
        except MarginError as err:
            if on_error is not None:
                msg = str(err)
                if isinstance(err, StoreError) or str(article_path) in msg:
                    on_error(msg)
                else:
                    on_error(f"{article_path}: {msg}")
            continue
        anns = [a for a in store.annotations
                if (tag is None or a.tag == tag) and (author is None or a.author == author)]
        placed = sorted((a for a in anns if not a.orphan), key=Annotation.sort_key)
        orphans = sorted((a for a in anns if a.orphan), key=Annotation.sort_key) if include_orphans else []
        yield ExportItem(article, placed, orphans)


# ---------------------------------------------------------------- jsonl

def _ann_meta(a: Annotation) -> dict:
    d = {"id": a.id, "author": a.author, "created": format_created(a.created)}
    if a.note:
        d["note"] = a.note
    if a.speaker is not None:
        d["speaker"] = a.speaker
    return d


def jsonl_record(item: ExportItem) -> dict:
    """{"text", "spans": [{"start", "end", "label", ...}], "meta"}: spaCy's and Prodigy's shape.

    Orphans go in meta["orphans"] with their stored text, not in spans: their offsets
    no longer point at their text, and a trainer would learn the wrong words.
    """
    spans = []
    for a in item.annotations:
        span = {"start": a.start, "end": a.end, "label": a.tag, "text": a.text}
        span.update(_ann_meta(a))
        spans.append(span)
    meta: dict[str, Any] = {"source": item.name, "sha256": item.article.sha256, "encoding": item.article.encoding}
    if item.orphans:
        meta["orphans"] = [{"label": a.tag, "text": a.text, "start": a.start, "end": a.end, **_ann_meta(a)}
                           for a in item.orphans]
    return {"text": item.article.text, "spans": spans, "meta": meta}


def write_jsonl(items: Iterable[ExportItem], out: TextIO) -> int:
    n = 0
    for item in items:
        out.write(json.dumps(jsonl_record(item), ensure_ascii=False) + "\n")
        n += len(item.annotations) + len(item.orphans)
    return n


# ---------------------------------------------------------------- csv

# A spreadsheet runs a cell that begins with one of these as a formula (OWASP, "CSV
# Injection"): =HYPERLINK(...) in a note could leak data when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_guard(value: str) -> str:
    """``'`` in front of a cell a spreadsheet would run as a formula (OWASP's advice)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(items: Iterable[ExportItem], out: TextIO, *, guard: bool = True, bom: bool = False) -> int:
    """One row per annotation, a header first. Orphans have state "orphan".

    ``guard``: cells from the user (article, tag, text, speaker, note, author) that a
    spreadsheet would run as a formula get a leading ``'``. ``bom``: a UTF-8 byte-order
    mark first, so spreadsheets pick UTF-8.
    """
    g = formula_guard if guard else (lambda v: v)
    if bom:
        out.write("\ufeff")
    w = csv.writer(out)
    w.writerow(CSV_FIELDS)
    n = 0
    for item in items:
        for a in sorted(item.annotations + item.orphans, key=Annotation.sort_key):
            w.writerow([g(item.name), a.id, g(a.tag), a.start, a.end, g(a.text), g(a.speaker or ""), g(a.note),
                        g(a.author), format_created(a.created), "orphan" if a.orphan else "ok"])
            n += 1
    return n


# ---------------------------------------------------------------- W3C

def w3c_annotation(item: ExportItem, a: Annotation) -> dict:
    """One W3C Web Annotation. The tag is a tagging body, the note a commenting body,
    the speaker a describing body; the target holds a TextQuoteSelector and a
    TextPositionSelector (code points into the decoded text). The target's source is
    the article's URL where one is known (``source_url``), else its file URI.

    An orphan keeps its quote selector built from what was stored, and no position
    selector: a client then finds it by quote, or reports it as an orphan itself.
    """
    # The live page where known (Hypothesis and other web annotators attach there), else the file.
    source = source_url(item.article) or item.article.path.resolve().as_uri()
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": a.tag}]
    if a.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": a.note})
    if a.speaker is not None:
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": f"speaker: {a.speaker}"})
    if a.orphan:
        prefix, suffix = a.prefix, a.suffix
        selectors: list[dict[str, Any]] = [
            {"type": "TextQuoteSelector", "exact": a.text, "prefix": prefix, "suffix": suffix}]
    else:
        prefix, suffix = context_around(item.article.text, a.start, a.end)
        selectors = [
            {"type": "TextQuoteSelector", "exact": item.article.text[a.start:a.end], "prefix": prefix,
             "suffix": suffix},
            {"type": "TextPositionSelector", "start": a.start, "end": a.end},
        ]
    anno = {
        "@context": W3C_CONTEXT,
        "id": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{source}#{a.id}")),
        "type": "Annotation",
        "motivation": "commenting" if a.note else "tagging",
        "body": bodies,
        "target": {"source": source, "selector": selectors},
    }
    if a.created is not None:
        anno["created"] = format_created(a.created)
    if a.author:
        anno["creator"] = {"type": "Person", "nickname": a.author}
    return anno


def write_w3c(items: Iterable[ExportItem], out: TextIO, label: str = "Margin export") -> int:
    """An AnnotationCollection with one AnnotationPage holding every annotation."""
    annos = [w3c_annotation(item, a) for item in items
             for a in sorted(item.annotations + item.orphans, key=Annotation.sort_key)]
    collection = {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annos),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": annos},
    }
    json.dump(collection, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(annos)


# ---------------------------------------------------------------- brat

_BRAT_TYPE = re.compile(r"[^A-Za-z0-9_-]")


def brat_type(tag: str) -> str:
    """brat type names are one token of letters, digits, '_' and '-'."""
    t = _BRAT_TYPE.sub("_", tag)
    return t if t and t[0].isalpha() else "T_" + t


# Characters a span is split at for brat: line ends (brat's files are line-based, and
# many readers split lines at every one of these) and tabs (the .ann field separator).
BRAT_BREAKS = "\n\t\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BRAT_BREAK = re.compile("[" + re.escape(BRAT_BREAKS) + "]")


def brat_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span split at line ends and tabs into non-empty fragments, as brat needs them."""
    frags = []
    pos = start
    for m in _BRAT_BREAK.finditer(text, start, end):
        if m.start() > pos:
            frags.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        frags.append((pos, end))
    return frags


def brat_ann(item: ExportItem, on_error: ErrorHandler | None = None) -> str:
    """The .ann text: a T line per annotation, an AnnotatorNotes line for each note."""
    lines = []
    text = item.article.text
    t = n = 0
    for a in item.annotations:
        frags = brat_fragments(text, a.start, a.end)
        if not frags:
            if on_error is not None:
                on_error(f"{item.article.path}: annotation {a.id} covers no text brat can show; left out")
            continue
        t += 1
        where = ";".join(f"{s} {e}" for s, e in frags)
        covered = " ".join(text[s:e] for s, e in frags)
        lines.append(f"T{t}\t{brat_type(a.tag)} {where}\t{covered}")
        note = "; ".join(x for x in (f"speaker: {a.speaker}" if a.speaker else "", a.note) if x)
        if note:
            n += 1
            lines.append(f"#{n}\tAnnotatorNotes T{t}\t{' '.join(note.split())}")
    if item.orphans and on_error is not None:
        on_error(f"{item.article.path}: {len(item.orphans)} orphan(s) left out: brat has no way to "
                 "hold text that is not in the article")
    return "".join(line + "\n" for line in lines)


def brat_name(article: Path) -> str:
    """``a.txt`` -> ``a``; ``a.md`` -> ``a.md`` (brat adds .txt/.ann)."""
    return article.name[:-4] if article.name.lower().endswith(".txt") else article.name


def write_brat(items: Iterable[ExportItem], folder: Path, on_error: ErrorHandler | None = None) -> int:
    """A brat collection in ``folder``: NAME.txt (the decoded text, exactly, so offsets
    hold) and NAME.ann per article, and annotation.conf declaring every tag. Names
    that would clash are made unique (brat_names), and said through ``on_error``."""
    from .fsio import atomic_write
    from .textmap import safe_text

    folder.mkdir(parents=True, exist_ok=True)
    types: set[str] = set()
    n = 0
    taken: set[str] = set()
    for item in items:
        want = brat_name(item.article.path)
        base, k = want, 1
        while base.casefold() in taken:
            k += 1
            base = f"{want}-{k}"
        taken.add(base.casefold())
        if base != want and on_error is not None:
            on_error(f"{safe_text(item.name)}: exported as {safe_text(base)}.txt/.ann "
                     f"({safe_text(want)} was taken by another article)")
        # newline="" semantics: write the text's own "\n" bytes; the offsets count them.
        atomic_write(folder / f"{base}.txt", item.article.text.encode("utf-8"))
        atomic_write(folder / f"{base}.ann", brat_ann(item, on_error).encode("utf-8"))
        types.update(brat_type(a.tag) for a in item.annotations)
        n += len(item.annotations)
    conf = ["[entities]", *sorted(types), "", "[relations]", "", "[events]", "", "[attributes]", ""]
    conf_path = folder / "annotation.conf"
    atomic_write(conf_path, ("\n".join(conf) + "\n").encode("utf-8"))
    return n


# ---------------------------------------------------------------- one entry point

def export(folder: str | Path, fmt: str, out: TextIO | Path, *, tag: str | None = None,
           include_orphans: bool = False, on_error: ErrorHandler | None = None,
           author: str | None = None, formula_guard: bool = True, bom: bool = False) -> int:
    """Write the folder's annotations in ``fmt`` to ``out`` (a stream, or a folder for
    brat). Returns how many annotations were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    # author: one person's work, e.g. a curator's (docs/team.md)
    items = collect(folder, tag=tag, include_orphans=include_orphans, on_error=on_error, author=author)
    if fmt == "brat":
        if not isinstance(out, Path):
            raise ValueError("brat writes a folder: give a path")
        return write_brat(items, out, on_error)
    assert not isinstance(out, Path)
    if fmt == "jsonl":
        return write_jsonl(items, out)
    if fmt == "csv":
        return write_csv(items, out, guard=formula_guard, bom=bom)
    return write_w3c(items, out, label=f"Margin export of {Path(folder).resolve().name}")


def to_string(folder: str | Path, fmt: str, **kw: Any) -> str:
    buf = io.StringIO()
    export(folder, fmt, buf, **kw)
    return buf.getvalue()
