"""git's merge driver for annotations files: three versions merged by annotation id.

``margin git-setup`` registers ``margin merge-annotations %O %A %B %P`` for
``*.annotations.toml``; git calls it when both branches changed one file. The entries
are merged exactly as the store merges two sessions (``store.merge_three_way``): additions
unioned, a change on one side taken, a change on both sides kept twice with
``conflict_of``, a deletion honoured; ``[[rejected]]`` the same way, unknown keys kept.

Nothing here re-anchors: git merges the article file on its own, and the store
re-anchors every entry the next time the article is opened when the recorded sha256
differs from the text (docs/format.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .store import TABLES, AnnotationFile, canonical, dumps, merge_three_way, parse_annotation_text, separate_ids

_MISSING = object()


@dataclass
class MergeResult:
    text: str
    messages: list[str] = field(default_factory=list)
    conflicts: int = 0  # entries kept twice because both sides changed them


def _parse(label: Path, text: str) -> AnnotationFile | None:
    """None for an empty version (git passes an empty base when both sides added the file)."""
    if not text.strip():
        return None
    return parse_annotation_text(label, text)


def _merge_keys(base: dict, ours: dict, theirs: dict) -> dict:
    """Three-way merge of plain keys: a key changed only on their side takes theirs."""
    out = dict(ours)
    for key in set(base) | set(theirs):
        b, o, t = base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING)
        if o == b and t != b:
            if t is _MISSING:
                out.pop(key, None)
            else:
                out[key] = t
    return out


def merge_texts(base: str, ours: str, theirs: str, path: str | Path = "annotations.toml") -> MergeResult:
    """The merged file's text. Raises StoreParseError naming the version that does not parse
    (``path`` labels the messages; it is the file's path in the repository)."""
    p = Path(path)
    fb = _parse(Path(f"{p} (common ancestor)"), base)
    fo = _parse(Path(f"{p} (ours)"), ours)
    ft = _parse(Path(f"{p} (theirs)"), theirs)
    head = fo or ft or fb
    if head is None:
        return MergeResult("")

    def header(f: AnnotationFile | None) -> dict:
        if f is None:
            return {}
        return {"file": f.article_file, "sha256": f.sha256, "length": f.length, **f.article_extra}

    hb, ho, ht = header(fb), header(fo) or header(ft), header(ft) or header(fo)
    art = _merge_keys(hb, ho, ht)
    extra = _merge_keys(fb.extra if fb else {}, fo.extra if fo else {}, ft.extra if ft else {})
    messages: list[str] = []
    merged: dict[str, list] = {}
    taken = {a.id for f in (fb, fo, ft) if f is not None for t in TABLES for a in getattr(f, t)}
    for table in TABLES:
        base_map = {a.id: canonical(a) for a in getattr(fb, table)} if fb else {}
        merged[table], said = merge_three_way(
            base_map, getattr(fo, table) if fo else [], getattr(ft, table) if ft else [],
            label="annotation" if table == "annotations" else "rejected suggestion", taken=taken)
        messages.extend(said)
    # An id is unique across the file (two sides may draw one random id into both tables).
    separate_ids(merged, messages, taken)
    article_extra = {k: v for k, v in art.items() if k not in ("file", "sha256", "length")}
    text = dumps(art.get("file", head.article_file), art.get("sha256", head.sha256),
                 art.get("length", head.length), merged["annotations"], merged["rejected"],
                 extra, article_extra)
    conflicts = sum(1 for m in messages if "changed here and in another session" in m)
    # Our own output must read back: a merge never writes a file the store would refuse.
    parse_annotation_text(p, text)
    return MergeResult(text, messages, conflicts)
