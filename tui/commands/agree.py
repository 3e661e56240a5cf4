"""margin agree: span-level agreement between two annotators, per tag."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from .output import json_text, safe

SUMMARY = "Agreement between two annotators per tag (F1, kappa)."  # the line in margin --help
HELP = ("Agreement between two authors per tag: exact-span F1, overlap F1, and Cohen's kappa over "
        "body sentences. Only articles both authors annotated are compared.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", default=".", help="a folder of articles (default: .)")
    p.add_argument("--authors", required=True, metavar="A,B", help="the two authors to compare")
    p.add_argument("--tag", help="only this tag")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def run(args: argparse.Namespace) -> int:
    from annotations.agree import agree_folder
    from annotations.errors import MarginError

    names = [a.strip() for a in args.authors.split(",")]
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise MarginError(f"--authors wants two different names, like ana,ben (got {safe(args.authors)!r})")
    a, b = names
    errors: list[str] = []

    def on_error(msg: str) -> None:
        errors.append(msg)
        print(f"margin: skipped {safe(msg)}", file=sys.stderr)

    from annotations.tagset import load_tagset

    config = load_tagset(args.folder)
    if config.error:
        print(f"margin: warning: {safe(config.error)}", file=sys.stderr)
    report = agree_folder(args.folder, a, b, tag=args.tag, on_error=on_error)
    if args.json:
        sys.stdout.write(json_text(asdict(report), indent=1) + "\n")
        return 1 if errors else 0

    out = sys.stdout
    if report.unknown_authors:
        known = ", ".join(safe(x) for x in report.known_authors) or "none"
        for who in report.unknown_authors:
            print(f"margin: no annotations by {safe(who)!r} in {safe(args.folder)}; authors there: {known}",
                  file=sys.stderr)
    a, b = safe(a), safe(b)
    out.write(f"{a} and {b}: {report.articles} article{'s' if report.articles != 1 else ''} compared"
              + (f", {report.skipped} annotated by only one of them left out" if report.skipped else "") + "\n")
    if not report.articles:
        out.write("nothing to compare: no article has annotations by both\n")
        return 1 if errors or report.unknown_authors else 0
    head = f"{'tag':<16} {a[:7]:>7} {b[:7]:>7} {'exact':>6} {'exact F1':>9} {'overlap F1':>11} " \
           f"{'(P / R)':>15} {'sentences':>10} {'kappa':>7}"
    out.write(head + "\n")
    for t in report.tags:
        pr = "n/a" if t.overlap_precision is None else f"{t.overlap_precision:.2f} / {t.overlap_recall:.2f}"
        name = safe(t.tag)[:16]
        out.write(f"{name:<16} {t.a_spans:>7} {t.b_spans:>7} {t.exact_matches:>6} {_num(t.exact_f1):>9} "
                  f"{_num(t.overlap_f1):>11} {pr:>15} {t.sentences:>10} {_num(t.kappa):>7}\n")
    return 1 if errors else 0
