"""margin stats: counts per tag, per article and per author, and how many articles are done."""

from __future__ import annotations

import json
import sys
from collections import Counter

HELP = "Count the saved annotations of a folder per tag, per article and per author, and the articles done."


def add_arguments(p) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--author", help="count only this author's annotations")
    p.add_argument("--json", action="store_true", help="print the counts as one JSON object")


def _safe(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " if ch.isspace() else "·" for ch in text)


def run(args) -> int:
    from annotations.review import summarize
    from annotations.tagset import load_tagset

    problems: list[str] = []
    summaries = summarize(args.folder, author=args.author, on_error=problems.append)
    tags: Counter = Counter()
    authors: Counter = Counter()
    for s in summaries:
        tags.update(s.counts)
        authors.update(s.authors)
    configured = load_tagset(args.folder).names
    tag_order = [t for t in configured if t in tags] + sorted(t for t in tags if t not in configured)
    done = sum(1 for s in summaries if s.state == "done")
    orphans = sum(s.orphans for s in summaries)
    errors = problems + [s.error for s in summaries if s.error]
    for e in errors:
        print(f"margin: skipped {e}", file=sys.stderr)

    if args.json:
        json.dump({
            "tags": {t: tags[t] for t in tag_order},
            "authors": dict(sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))),
            "articles": {s.article.name: {"count": s.total, "state": s.state, "tags": s.counts,
                                          "orphans": s.orphans} for s in summaries},
            "total": sum(tags.values()),
            "orphans": orphans,
            "done": done,
            "total_articles": len(summaries),
            "errors": errors,
        }, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 1 if errors else 0

    out = sys.stdout
    who = f" by {args.author}" if args.author else ""
    total = sum(tags.values())
    out.write(f"{_count(total, 'annotation')}{who} in {_count(len(summaries), 'article')}"
              f"{f', {orphans} orphaned' if orphans else ''}; {done} of {_count(len(summaries), 'article')} done\n")
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
        detail = ", ".join(f"{t} {n}" for t, n in sorted(s.counts.items()))
        state = "unreadable annotations" if s.error else s.state
        out.write(f"  {name:<{width}} {s.total:>5}  {state:<11}  {detail}\n")
    return 1 if errors else 0


def _count(n: int, noun: str) -> str:
    """"1 article", "3 articles": the summary line read "in 1 articles"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
