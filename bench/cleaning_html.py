"""Saved web pages in: shingle F1 per page beside trafilatura's own output, quotes and
speakers on the HTML, and the time to open a page against the same article as text.

    python bench/cleaning_html.py [WEB_CORPUS_DIR] [-v] [--no-quotes] [--no-speed]

Speed is measured three ways against the same article saved as text: the core's
open_article, the app's first frame in this process (run_test), and a fresh process
as ``margin PAGE`` starts one (imports included: trafilatura's own import is 0.2-0.4 s).
    python bench/cleaning.py --html [...]          (the same, from the cleaning bench)

WEB_CORPUS_DIR defaults to ../shared/corpus-web beside the repository root: each
folder's ``page.html.gz`` against its ``body.txt`` (the benchmark's word-4-gram
shingles, per-page means of precision and recall, F1 of the means). The corpus is
only read here, to measure; nothing from it enters the project.

Columns per page: ``margin`` is what Margin shows as body (headline included, as for
text articles); ``traf`` is trafilatura's own text with the same settings, so any
loss from mapping its output onto our blocks shows as ``margin < traf``.
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.article import read_article  # noqa: E402
from annotations.cleaning import clean  # noqa: E402
from annotations import html as html_mod  # noqa: E402
from annotations.html import _extract, _parse, decode_html  # noqa: E402
from bench.cleaning import _f1, _page_pr  # noqa: E402


def _mean_f1(prs: list[tuple[float, float]]) -> tuple[float, float, float]:
    p = sum(x for x, _ in prs) / len(prs)
    r = sum(y for _, y in prs) / len(prs)
    return _f1(p, r), p, r


def bench_f1(dirs: list[Path], verbose: bool) -> None:
    ours, notitle, theirs = [], [], []
    t_ours = 0.0
    print(f"{'page':10} {'margin':>7} {'traf':>7} {'no-title':>8}  blocks  main")
    for d in dirs:
        gold = (d / "body.txt").read_text(encoding="utf-8")
        t0 = time.perf_counter()
        doc = clean(read_article(d / "page.html.gz"))
        t_ours += time.perf_counter() - t0
        mine = doc.clean_text()
        body = "\n\n".join(doc.display(i).text for i in doc.body_indices() if i != doc.title)
        html = gzip.decompress((d / "page.html.gz").read_bytes())
        root = _parse(decode_html(html)[0])
        traf = _extract(root) if root is not None else ""
        a, b, c = _page_pr(mine, gold), _page_pr(body, gold), _page_pr(traf, gold)
        ours.append(a)
        notitle.append(b)
        theirs.append(c)
        main = sum(1 for x in doc.blocks if x.is_body)
        flag = "  <" if _f1(*a) < _f1(*c) - 0.01 else ""
        print(f"{d.name[:10]} {_f1(*a):7.3f} {_f1(*c):7.3f} {_f1(*b):8.3f}  {len(doc.blocks):6d} {main:5d}{flag}")
        if verbose and flag:
            print("   margin:", mine[:300].replace("\n", " | "))
    f, p, r = _mean_f1(ours)
    print(f"\nweb pages, HTML in ({len(dirs)} pages, word-4-gram shingles, per-page means)")
    print(f"  margin (HTML)             F1 {f:.3f}  P {p:.3f}  R {r:.3f}  target >= 0.96")
    f, p, r = _mean_f1(notitle)
    print(f"  margin without headline   F1 {f:.3f}  P {p:.3f}  R {r:.3f}")
    f, p, r = _mean_f1(theirs)
    print(f"  trafilatura's own output  F1 {f:.3f}  P {p:.3f}  R {r:.3f}")
    print(f"  read_article + clean: {t_ours / len(dirs) * 1000:.0f} ms a page on average (machine shared; noisy)")


# ------------------------------------------------------------------ quotes (QUOTES.md)

_MARKS = "“”\"‘’'`"


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


def _speaker_ok(pred: str | None, names: list[str]) -> bool:
    p = _norm(pred or "").casefold()
    for n in names:
        n = _norm(n).casefold()
        if p == n or (p.endswith(n) and re.match(r"\W", p[-len(n) - 1:-len(n)] or " ")):
            return True
    return False


def score_quotes(path: Path, gold: dict) -> dict[str, int]:
    """QUOTES.md's scoring on the body of one article (what the app suggests)."""
    from annotations.suggest import suggest

    doc = clean(read_article(path))
    preds = [s for s in suggest(doc) if s.tag == "quote"]
    texts = [_norm(p.text) for p in preds]
    used: set[int] = set()
    tp = ok = 0
    for q in gold.get("quote", []):
        starts = _norm(q["starts"])
        for i, t in enumerate(texts):
            if i not in used and starts in t:
                used.add(i)
                tp += 1
                ok += _speaker_ok(preds[i].speaker, q["speaker_any"])
                break
    optional = [_norm(o).strip(_MARKS) for o in gold.get("quote_optional", [])]
    fp = 0
    for i, t in enumerate(texts):
        if i in used:
            continue
        s = t.strip(_MARKS)
        if not any(o and (o in s or s in o) for o in optional):
            fp += 1
    return {"gold": len(gold.get("quote", [])), "tp": tp, "fp": fp, "speaker_ok": ok}


def bench_quotes(dirs: list[Path]) -> None:
    golds = [d for d in dirs if (d / "quotes.gold.toml").exists()]
    if not golds:
        print("no quotes.gold.toml pages: skipping quotes")
        return
    print(f"\nquotes on the {len(golds)} pages with quotes.gold.toml (QUOTES.md scoring, suggestions on the body)")
    print(f"{'page':10} {'html tp/gold fp spk':>22} {'text tp/gold fp spk':>22}")
    tot = {"html": dict.fromkeys(("gold", "tp", "fp", "speaker_ok"), 0),
           "text": dict.fromkeys(("gold", "tp", "fp", "speaker_ok"), 0)}
    for d in golds:
        gold = tomllib.loads((d / "quotes.gold.toml").read_text(encoding="utf-8"))
        row = []
        for name, path in (("html", d / "page.html.gz"), ("text", d / "page.txt")):
            r = score_quotes(path, gold)
            for k, v in r.items():
                tot[name][k] += v
            row.append(f"{r['tp']:>3}/{r['gold']:<3} {r['fp']:>3} {r['speaker_ok']:>3}")
        print(f"{d.name[:10]} {row[0]:>22} {row[1]:>22}")
    for name in ("html", "text"):
        t = tot[name]
        rec = t["tp"] / max(1, t["gold"])
        prec = t["tp"] / max(1, t["tp"] + t["fp"])
        print(f"  {name}: quote recall {rec:.3f} ({t['tp']}/{t['gold']})  precision {prec:.3f}  F1 {_f1(prec, rec):.3f}"
              f"  speaker accuracy {t['speaker_ok'] / max(1, t['tp']):.3f} ({t['speaker_ok']}/{t['tp']})"
              f"  end to end {t['speaker_ok'] / max(1, t['gold']):.3f}")


# ------------------------------------------------------------------ speed

def bench_speed(dirs: list[Path]) -> None:
    """Open (read, load annotations, clean, lay out) the pages nearest 100 KB of HTML,
    against the same article saved as text (its derived text): the first frame waits
    for exactly this work."""
    from annotations.opening import open_article

    sized = sorted(dirs, key=lambda d: abs(len(gzip.decompress((d / "page.html.gz").read_bytes())) - 100_000))[:5]
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for d in sized:
            html = gzip.decompress((d / "page.html.gz").read_bytes())
            hp = Path(tmp) / f"{d.name[:8]}.html"
            hp.write_bytes(html)
            tp = Path(tmp) / f"{d.name[:8]}.txt"
            tp.write_text(read_article(hp).text, encoding="utf-8")
            times = {}
            for label, p in (("html", hp), ("text", tp)):
                best = 1e9
                for _ in range(5):
                    t0 = time.perf_counter()
                    open_article(p, count=False)
                    best = min(best, time.perf_counter() - t0)
                times[label] = best
            ratios.append(times["html"] / times["text"])
            print(f"  {d.name[:10]} {len(html) / 1000:6.0f} KB: html {times['html'] * 1000:6.1f} ms,"
                  f" text {times['text'] * 1000:6.1f} ms, x{ratios[-1]:.1f}")
    print(f"  open_article, HTML over text: x{sum(ratios) / len(ratios):.1f} on average (best of 5; machine shared)")


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("-")]
    web = Path(args[0]) if args else ROOT.parent / "shared" / "corpus-web"
    if not web.is_dir():
        print(f"web corpus not found at {web}")
        return 1
    dirs = sorted(d for d in web.iterdir() if (d / "page.html.gz").exists() and (d / "body.txt").exists())
    html_mod.CACHE = False  # time and score the work itself, not the cache of the extractor's verdicts
    bench_f1(dirs, "-v" in argv)
    if "--no-quotes" not in argv:
        bench_quotes(dirs)
    if "--no-speed" not in argv:
        print("\nspeed: opening a ~100 KB page against the same article as text")
        bench_speed(dirs)
        bench_first_frame(dirs)
        bench_process_first_frame(dirs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))


def bench_first_frame(dirs: list[Path], rounds: int = 5) -> None:
    """The app's own first frame (MarginApp.run_test): from starting the app to the
    first screen that shows the article's first body words, for the pages nearest
    100 KB of HTML and the same article saved as text (its derived text).

    Two ways: the app alone, nothing cached ("app cold"); and as ``margin PAGE`` runs it
    (tui/cli.py reads the article once before the terminal switches, to fail with one
    plain line; that read leaves the extractor's verdict in the cache, so the app's own
    read finds it), with an empty cache folder each time ("margin PAGE")."""
    import asyncio
    import os

    from tui import MarginApp

    def shown(app) -> str:
        strips = app.screen._compositor.render_strips()
        return "\n".join("".join(seg.text for seg in strip) for strip in strips)

    async def first_frame(path: Path, words: str, cli: bool) -> float:
        t0 = time.perf_counter()
        if cli:
            read_article(path)  # what tui/cli.py does before it starts the app
        app = MarginApp(path)
        async with app.run_test(size=(100, 32)):
            while words not in shown(app):
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError(f"{path.name}: never showed {words!r}")
                await asyncio.sleep(0.002)
            took = time.perf_counter() - t0
            # Let the load finish before the app closes (a worker still drawing would fail).
            while not (app.loaded.is_set() and app.view._sentence_prefix is not None):
                await asyncio.sleep(0.01)
            return took

    sized = sorted(dirs, key=lambda d: abs(len(gzip.decompress((d / "page.html.gz").read_bytes())) - 100_000))[:3]
    ratios: dict[str, list[float]] = {"app cold": [], "margin PAGE": []}
    old_cache = os.environ.get("XDG_CACHE_HOME")
    with tempfile.TemporaryDirectory() as tmp:
        for d in sized:
            html = gzip.decompress((d / "page.html.gz").read_bytes())
            hp = Path(tmp) / f"{d.name[:8]}.html"
            hp.write_bytes(html)
            tp = Path(tmp) / f"{d.name[:8]}.txt"
            art = read_article(hp)
            tp.write_text(art.text, encoding="utf-8")
            doc = clean(art)
            first = next(i for i in doc.body_indices() if i != doc.title and len(doc.display(i).text) > 150)
            words = doc.display(first).text[:20]
            asyncio.run(first_frame(tp, words, False))  # warm: imports, first layout
            times: dict[str, list[float]] = {}
            for n in range(rounds):  # alternate, so load on the shared machine hits all alike
                for label, p, cli in (("html cold", hp, False), ("text cold", tp, False),
                                      ("html cli", hp, True), ("text cli", tp, True)):
                    html_mod.CACHE = cli
                    os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / f"cache-{d.name[:8]}-{n}-{label[:4]}")
                    times.setdefault(label, []).append(asyncio.run(first_frame(p, words, cli)))
            html_mod.CACHE = False
            med = {k: sorted(v)[rounds // 2] for k, v in times.items()}
            ratios["app cold"].append(med["html cold"] / med["text cold"])
            ratios["margin PAGE"].append(med["html cli"] / med["text cli"])
            print(f"  {d.name[:10]} {len(html) / 1000:4.0f} KB: app cold: html {med['html cold'] * 1000:4.0f} ms,"
                  f" text {med['text cold'] * 1000:4.0f} ms, x{ratios['app cold'][-1]:.2f};"
                  f"  margin PAGE: html {med['html cli'] * 1000:4.0f} ms, text {med['text cli'] * 1000:4.0f} ms,"
                  f" x{ratios['margin PAGE'][-1]:.2f}")
    if old_cache is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old_cache
    for label, r in ratios.items():
        print(f"  first frame, HTML over text, {label}: x{sum(r) / len(r):.2f} on average"
              f" (median of {rounds}; machine shared; target <= 1.5)")


_CHILD = """
import asyncio, sys, time
t0 = float(sys.argv[4])
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from annotations.article import read_article
p, words = Path(sys.argv[2]), sys.argv[3]
read_article(p)  # what tui/cli.py does before it starts the app
from tui import MarginApp

def shown(app):
    strips = app.screen._compositor.render_strips()
    return "\\n".join("".join(seg.text for seg in strip) for strip in strips)

async def main():
    app = MarginApp(p)
    async with app.run_test(size=(100, 32)):
        while words not in shown(app):
            await asyncio.sleep(0.002)
        print(time.time() - t0, flush=True)
        while not (app.loaded.is_set() and app.view._sentence_prefix is not None):
            await asyncio.sleep(0.01)

asyncio.run(main())
"""


def bench_process_first_frame(dirs: list[Path], rounds: int = 4) -> None:
    """What a user waits for: a fresh ``margin PAGE`` process (its own imports, the
    command line's read, the app) until the first body words are on screen, against
    the same article as text; and again with the extractor's verdict already cached."""
    import os
    import subprocess

    sized = sorted(dirs, key=lambda d: abs(len(gzip.decompress((d / "page.html.gz").read_bytes())) - 100_000))[:2]
    ratios: dict[str, list[float]] = {"first open": [], "verdict cached": []}
    with tempfile.TemporaryDirectory() as tmp:
        for d in sized:
            hp = Path(tmp) / f"{d.name[:8]}.html"
            hp.write_bytes(gzip.decompress((d / "page.html.gz").read_bytes()))
            art = read_article(hp)
            tp = Path(tmp) / f"{d.name[:8]}.txt"
            tp.write_text(art.text, encoding="utf-8")
            doc = clean(art)
            first = next(i for i in doc.body_indices() if i != doc.title and len(doc.display(i).text) > 150)
            words = doc.display(first).text[:20]
            times: dict[str, list[float]] = {}
            for n in range(rounds):
                for label, p in (("html", hp), ("text", tp), ("cached", hp)):
                    env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / f"cache-{d.name[:8]}-{n}-{label}"))
                    if label == "cached":  # an earlier open (or the folder list) left the verdict
                        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                                        "from annotations.article import read_article; read_article(sys.argv[2])",
                                        str(ROOT), str(hp)], env=env, check=True)
                    t0 = time.time()
                    out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(p), words, str(t0)],
                                         env=env, capture_output=True, text=True, check=True)
                    times.setdefault(label, []).append(float(out.stdout.split()[0]))
            med = {k: sorted(v)[rounds // 2] for k, v in times.items()}
            ratios["first open"].append(med["html"] / med["text"])
            ratios["verdict cached"].append(med["cached"] / med["text"])
            print(f"  {d.name[:10]} fresh process to first frame: html {med['html'] * 1000:5.0f} ms"
                  f" (verdict cached {med['cached'] * 1000:5.0f} ms), text {med['text'] * 1000:5.0f} ms,"
                  f" x{ratios['first open'][-1]:.2f} (cached x{ratios['verdict cached'][-1]:.2f})")
    for label, r in ratios.items():
        print(f"  fresh process, HTML over text, {label}: x{sum(r) / len(r):.2f} on average"
              f" (median of {rounds}; machine shared; target <= 1.5)")
