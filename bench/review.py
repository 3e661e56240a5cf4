"""Benchmark: ``margin review`` over a big folder, against a bare tomllib parse.

    python bench/review.py            # 10,000 articles, 100,000 annotations
    python bench/review.py --n 1000   # quicker: 1,000 articles, 10,000 annotations

Generates invented articles in a temporary folder, writes their annotations with the
store's writer (annotations.store.dumps), then prints:

* bare parse: reading and ``tomllib.loads`` of every annotations file, nothing else;
* first scan (cold) / repeat scan (warm): ``review.scan`` in this process, for the record;
* first look / second look: the real command line, ``margin review FOLDER --json`` to
  /dev/null (Python start-up and JSON output included), with an empty index and then
  with nothing changed, each as a ratio to the bare parse: the figures issue 11 sets
  (first look <= 1.2x, second look <= 0.15x). The bare parse and the two looks are
  interleaved, run after run, so the machine's load falls on all three alike.

The generated files get an mtime a minute in the past, as files in a real folder have:
the index does not cache a file changed in the last two seconds (annotations/index.py).
The cache goes to a temporary XDG_CACHE_HOME, not the user's.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("harbour council ferry mayor tickets repairs budget river bridge school rail "
         "station market report survey figure minister office contract water energy "
         "price wage county board plan road houses tenants season weather court").split()
NAMES = ("Ada Lind", "Tomas Reyes", "Mira Okafor", "Jon Hale", "Priya Nair")
AUTHORS = ("ana", "ben", "cleo")
TAGS = ("claim", "claim", "quote", "boilerplate")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def make_article(rng: random.Random, n: int) -> str:
    paras = []
    paras.append(f"Invented report number {n}")
    for _ in range(rng.randint(4, 7)):
        paras.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
    return "\n\n".join(paras) + "\n"


def generate(folder: Path, n_articles: int, per_article: int, seed: int = 7) -> int:
    from annotations.article import article_from_text
    from annotations.model import make_annotation
    from annotations.store import annotations_path, dumps

    rng = random.Random(seed)
    past = time.time() - 60
    total = 0
    for i in range(n_articles):
        text = make_article(rng, i)
        path = folder / f"article-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        art = article_from_text(text, path)
        anns = []
        taken: set[str] = set()
        for k in range(per_article):
            start = rng.randrange(0, len(text) - 40)
            end = start + rng.randint(5, 40)
            tag = rng.choice(TAGS)
            a = make_annotation(text, tag, start, end, author=rng.choice(AUTHORS),
                                note=("checked against the council minutes" if k % 3 == 0 else ""),
                                speaker=(rng.choice(NAMES) if tag == "quote" else None), taken=taken)
            if k == 0 and i % 50 == 0:
                a.anchor = "orphan"  # a few orphans, as a changed article leaves
            taken.add(a.id)
            anns.append(a)
        total += len(anns)
        ann_path = annotations_path(path)
        ann_path.write_text(dumps(path.name, art.sha256, len(art.text), anns, []), encoding="utf-8")
        os.utime(ann_path, (past, past))
        os.utime(path, (past, past))
    return total


def bare_parse(folder: Path) -> int:
    n = 0
    for p in folder.glob("*.annotations.toml"):
        data = tomllib.loads(p.read_bytes().decode("utf-8"))
        n += len(data.get("annotations", []))
    return n


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    ap.add_argument("--per", type=int, default=10, help="annotations per article (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is printed")
    ap.add_argument("--keep", action="store_true", help="keep the generated folder and print its path")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="margin-bench-review-"))
    cache = tmp / "cache"
    os.environ["XDG_CACHE_HOME"] = str(cache)  # before platformdirs is asked
    folder = tmp / "articles"
    folder.mkdir()
    try:
        t = time.perf_counter()
        total = generate(folder, args.n, args.per)
        print(f"generated {args.n} articles, {total} annotations in {time.perf_counter() - t:.1f} s ({folder})")

        from annotations import review

        bare_parse(folder)  # warm the page cache, as the generation left it
        bare, n_bare = timed(lambda: bare_parse(folder), args.repeat)
        assert n_bare == total, (n_bare, total)

        def cold():
            shutil.rmtree(cache, ignore_errors=True)
            return sum(1 for _ in review.scan(folder))

        first, n_first = timed(cold, args.repeat)
        assert n_first == total, (n_first, total)
        # Leave a warm index behind and time the repeats against it.
        warm, n_warm = timed(lambda: sum(1 for _ in review.scan(folder)), args.repeat)
        assert n_warm == total

        def cli():
            env = dict(os.environ)
            with open(os.devnull, "w") as null:
                subprocess.run([sys.executable, "-m", "tui", "review", str(folder), "--json"],
                               stdout=null, check=True, env=env, cwd=ROOT)

        def cold_cli():
            shutil.rmtree(cache, ignore_errors=True)
            cli()

        # Interleaved: first look, second look, bare, ... so the load hits them alike.
        bares, firsts, seconds = [bare], [], []
        for _ in range(args.repeat):
            firsts.append(timed(cold_cli, 1)[0])
            seconds.append(timed(cli, 1)[0])
            bares.append(timed(lambda: bare_parse(folder), 1)[0])
        b = statistics.median(bares)
        f, s2 = statistics.median(firsts), statistics.median(seconds)

        print(f"annotations files: {args.n}, annotations: {total}, median of {args.repeat} runs")
        print(f"bare tomllib parse     {b:7.3f} s")
        print(f"first scan (cold)      {first:7.3f} s   {first / bare:5.2f}x bare   (in process)")
        print(f"repeat scan (warm)     {warm:7.3f} s   {warm / bare:5.2f}x bare   (in process)")
        print(f"margin review --json, first look   {f:7.3f} s   {f / b:5.2f}x bare  (target <= 1.20x)  "
              f"{'OK' if f <= 1.2 * b else 'MISSED'}")
        print(f"margin review --json, second look  {s2:7.3f} s   {s2 / b:5.2f}x bare  (target <= 0.15x)  "
              f"{'OK' if s2 <= 0.15 * b else 'MISSED'}")
        print("(whole command: Python start-up and JSON output included; timings on a shared machine are noisy)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
