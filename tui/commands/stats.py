"""margin stats: counts per tag, per article and per author, and how many articles are done."""

from __future__ import annotations

import argparse
import sys

from .output import json_text
from collections import Counter

SUMMARY = "Count a folder's annotations per tag, article and author."  # the line in margin --help
HELP = "Count the saved annotations of a folder per tag, per article and per author, and the articles done."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--author", help="count only this author's annotations")
    p.add_argument("--json", action="store_true", help="print the counts as one JSON object")


def _safe(text: str) -> str:
    from annotations.textmap import safe_text

    return safe_text(text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def run(args: argparse.Namespace) -> int:
    from annotations.review import summarize
    from annotations.tagset import load_tagset

    problems: list[str] = []
    summaries = summarize(args.folder, author=args.author, on_error=problems.append)
    tagset = load_tagset(args.folder)
    if tagset.error:
        print(f"margin: warning: {_safe(tagset.error)}", file=sys.stderr)
    tags: Counter = Counter()
    authors: Counter = Counter()
    for s in summaries:
        tags.update(s.counts)
        authors.update(s.authors)
    configured = tagset.names
    tag_order = [t for t in configured if t in tags] + sorted(t for t in tags if t not in configured)
    done = sum(1 for s in summaries if s.state == "done")
    orphans = sum(s.orphans for s in summaries)
    errors = problems + [s.error for s in summaries if s.error]
    for e in errors:
        print(f"margin: skipped {_safe(e)}", file=sys.stderr)
    annotated = sum(1 for s in summaries if s.total)

    if args.json:
        sys.stdout.write(json_text({
            "tags": {t: tags[t] for t in tag_order},
            "authors": dict(sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))),
            "articles": {s.article.name: {"count": s.total, "state": s.state, "tags": s.counts,
                                          "orphans": s.orphans} for s in summaries},
            "total": sum(tags.values()),
            "orphans": orphans,
            "done": done,
            "total_articles": len(summaries),
            "annotated_articles": annotated,
            "errors": errors,
        }, indent=1) + "\n")
        return 1 if errors else 0

    out = sys.stdout
    who = f" by {_safe(args.author)}" if args.author else ""
    # Articles that hold annotations, not every article of the folder: "37 in 5" when
    # all 37 were in one article misled.
    out.write(f"{_plural(sum(tags.values()), 'annotation')}{who} in {_plural(annotated, 'article')}"
              f"{f', {orphans} orphaned' if orphans else ''}; {done} of {_plural(len(summaries), 'article')} done\n")
    out.write("\nper tag\n")
    for t in tag_order:
        out.write(f"  {_safe(t):<20} {tags[t]:>7}\n")
    out.write("\nper author\n")
    for a, n in sorted(authors.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write(f"  {_safe(a) or '(none)':<20} {n:>7}\n")
    out.write("\nper article\n")
    width = min(40, max((len(s.article.name) for s in summaries), default=10))
    for s in summaries:
        name = _safe(s.article.name)
        if len(name) > width:
            name = name[: width - 1] + "…"
        detail = _safe(", ".join(f"{t} {n}" for t, n in sorted(s.counts.items())))
        state = "unreadable annotations" if s.error else s.state
        out.write(f"  {name:<{width}} {s.total:>5}  {state:<11}  {detail}\n")
    return 1 if errors else 0
