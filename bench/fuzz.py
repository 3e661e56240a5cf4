"""Fuzz the reading pipeline: mutated real pages through read -> clean -> suggest.

    python bench/fuzz.py [--cases N] [--seed S] [--max-bytes B] [-v]

Each case takes one page (``../shared/corpus-web/*/page.txt`` and the articles of
``../shared/corpus``), applies a few random mutations (lines dropped, doubled or
shuffled; quote marks inserted and removed; the text cut anywhere; NBSP, tabs and
control characters mixed in; odd Unicode), encodes it as a file might hold it
(UTF-8, with a BOM, UTF-16, cp1252) and runs it the way the app does: bytes ->
``decode_bytes`` (or, one case in five, a real file through ``read_article``) ->
``clean`` -> ``suggest``, plus ``suggest`` over a block range. Every case has its own seed (``SEED-INDEX``), printed
with any exception, so ``--repro SEED-INDEX`` replays exactly that case.

Pages are cut to ``--max-bytes`` (default 20,000) at a random place first, so 10,000
cases finish in minutes. Exit status 1 if any case raised.
"""

from __future__ import annotations

import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.article import article_from_text, decode_bytes, read_article  # noqa: E402
from annotations.cleaning import clean  # noqa: E402
from annotations.errors import ArticleError  # noqa: E402
from annotations.suggest import suggest  # noqa: E402
from annotations.quotes import pipeline as _quote_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"

QUOTE_MARKS = "\"'“”‘’«»„‚‹›「」"
ODD = ["\u00a0", "\t", "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
       "\u200b", "\u200d", "\u202e", "\ufeff", "\u00ad", "\ufffd", "\r", "\r\n", "\u3000",
       "İ", "ı", "ſ", "\u212a", "ﬁ", "ß", "\U0001f600", "e\u0301", "٣", "½", "²", "…", "—", "–"]


def _lines(text: str, rng: random.Random, op: str) -> str:
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    n = max(1, len(lines) // rng.choice((2, 5, 20, 100)))
    if op == "drop":
        for _ in range(n):
            if len(lines) > 1:
                del lines[rng.randrange(len(lines))]
    elif op == "double":
        for _ in range(n):
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
    else:  # shuffle a stretch
        a = rng.randrange(len(lines))
        z = min(len(lines), a + rng.randint(2, 40))
        part = lines[a:z]
        rng.shuffle(part)
        lines[a:z] = part
    return "\n".join(lines)


def _sprinkle(text: str, rng: random.Random, chars: str | list[str], k: int) -> str:
    parts = list(text)
    for _ in range(k):
        parts.insert(rng.randint(0, len(parts)), rng.choice(chars))
    return "".join(parts)


def _remove_quotes(text: str, rng: random.Random) -> str:
    share = rng.random()
    return "".join(c for c in text if c not in QUOTE_MARKS or rng.random() > share)


def _cut(text: str, rng: random.Random) -> str:
    if not text:
        return text
    a = rng.randrange(len(text))
    z = rng.randint(a, len(text))
    return rng.choice((text[:a], text[a:], text[a:z], text[:a] + text[z:]))


def _replace_spaces(text: str, rng: random.Random) -> str:
    sub = rng.choice(["\u00a0", "\t", "  ", "\u202f", "\n", "\n\n", "\r"])
    share = rng.random() * 0.3
    return "".join(sub if c == " " and rng.random() < share else c for c in text)


MUTATIONS = {
    "drop lines": lambda t, r: _lines(t, r, "drop"),
    "double lines": lambda t, r: _lines(t, r, "double"),
    "shuffle lines": lambda t, r: _lines(t, r, "shuffle"),
    "insert quotes": lambda t, r: _sprinkle(t, r, QUOTE_MARKS, r.randint(1, 60)),
    "remove quotes": _remove_quotes,
    "cut": _cut,
    "odd characters": lambda t, r: _sprinkle(t, r, ODD, r.randint(1, 80)),
    "spaces": _replace_spaces,
    "blank lines": lambda t, r: t.replace("\n", "\n" * r.randint(0, 3)),
    "markdown": lambda t, r: _sprinkle(t, r, ["\n# ", "\n> ", "\n- ", "\n---\n", "\n```\n", "*", "_",
                                              "\n1. ", "[", "](", "<", ">"], r.randint(1, 30)),
}


def mutate(text: str, rng: random.Random, max_bytes: int) -> tuple[str, list[str]]:
    if len(text) > max_bytes:
        a = rng.randrange(len(text) - max_bytes)
        text = text[a:a + max_bytes]
    ops = rng.sample(sorted(MUTATIONS), rng.randint(1, 4))
    for op in ops:
        text = MUTATIONS[op](text, rng)
    return text, ops


def _encode(text: str, rng: random.Random) -> bytes:
    """The text as a file might hold it: UTF-8 mostly, sometimes with a BOM, as UTF-16,
    as cp1252, or UTF-8 with a stray cp1252 quote."""
    kind = rng.random()
    if kind < 0.05:
        return "\ufeff".encode("utf-8") + text.encode("utf-8")
    if kind < 0.1:
        return text.encode("utf-16")
    if kind < 0.15:
        return text.encode("cp1252", errors="replace")
    data = text.encode("utf-8")
    if kind < 0.25:
        data = data.replace(b"\xe2\x80\x9c", b"\x93")
    return data


def run_pipeline(text: str, name: str, rng: random.Random, tmp: Path | None = None) -> int:
    """read (as bytes) -> clean -> suggest, the whole and a block range. Returns suggestions."""
    data = _encode(text, rng)
    try:
        if tmp is not None and rng.random() < 0.2:
            # the whole read path now and then: a real file through read_article
            path = tmp / name
            path.write_bytes(data)
            article = read_article(path)
        else:
            decoded, _ = decode_bytes(data)
            article = article_from_text(decoded, name)
    except ArticleError:
        return 0  # a clear one-line refusal is the right answer for binary data
    doc = clean(article)
    got = suggest(doc)
    n = len(doc.blocks)
    if n:
        a = rng.randrange(n)
        suggest(doc, blocks=range(a, rng.randint(a, n)))
    return len(got)


def pages() -> list[tuple[str, str]]:
    out = []
    for p in sorted((SHARED / "corpus-web").glob("*/page.txt")):
        out.append((f"{p.parent.name[:8]}.txt", p.read_text(encoding="utf-8", errors="replace")))
    for p in sorted((SHARED / "corpus").iterdir()):
        if p.suffix in (".txt", ".md") and p.name != "README.md":
            out.append((p.name, p.read_bytes().decode("utf-8", errors="replace")))
    return out


def case(seed: str, corpus: list[tuple[str, str]], max_bytes: int) -> tuple[str, list[str], str]:
    rng = random.Random(seed)
    name, text = rng.choice(corpus)
    # a Markdown name turns on the Markdown reading of the same text
    if rng.random() < 0.2:
        name = name.rsplit(".", 1)[0] + ".md"
    mutated, ops = mutate(text, rng, max_bytes)
    return name, ops, mutated


def main(argv: list[str]) -> int:
    # The quote finder swallows a paragraph's failure so the reader goes on; the fuzzer is
    # here to find those failures, so it turns that guard off (here, not on import: the
    # test suite imports this module, and the guard must stay on for its other tests).
    _quote_pipeline._GUARD = False
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    ap.add_argument("--max-bytes", type=int, default=20_000)
    ap.add_argument("--repro", help="replay one case, SEED-INDEX, and show its traceback")
    ap.add_argument("-v", action="store_true", help="print every case")
    args = ap.parse_args(argv)
    corpus = pages()
    print(f"{len(corpus)} pages; seed {args.seed}; {args.cases} cases")
    seeds = [args.repro] if args.repro else [f"{args.seed}-{i}" for i in range(args.cases)]
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="margin-fuzz-"))
    failures: Counter[str] = Counter()
    first: dict[str, str] = {}
    suggestions = 0
    t0 = time.perf_counter()
    for k, seed in enumerate(seeds):
        name, ops, text = case(seed, corpus, args.max_bytes)
        try:
            suggestions += run_pipeline(text, name, random.Random(seed + "run"), tmp)
        except Exception as err:  # noqa: BLE001 - the point is to catch everything
            tb = traceback.extract_tb(err.__traceback__)[-1]
            where = f"{type(err).__name__} at {Path(tb.filename).name}:{tb.lineno} ({tb.name})"
            failures[where] += 1
            first.setdefault(where, seed)
            print(f"EXCEPTION case {seed} ({name}; {', '.join(ops)}): {where}: {err}")
            if args.repro:
                traceback.print_exc()
        if args.v:
            print(f"case {seed}: {name}; {', '.join(ops)}; {len(text)} chars")
        if (k + 1) % 1000 == 0:
            print(f"  {k + 1} cases, {sum(failures.values())} exceptions, {time.perf_counter() - t0:.0f} s",
                  flush=True)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    total = sum(failures.values())
    print(f"{len(seeds)} cases, {total} exceptions, {suggestions} suggestions, "
          f"{time.perf_counter() - t0:.0f} s")
    for where, n in failures.most_common():
        print(f"  {n:5d}  {where}  (first: --repro {first[where]})")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
