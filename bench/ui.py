"""How fast the app is, headless with Textual's Pilot, on a 10 KB and a 10 MB article.

Prints, per article: the time to the first frame that shows article text, the time
until the whole file is processed, and the CPU time (time.process_time, so the app's
own work, frame included) per key for j, k, c, G and g, as median and p99.

    python bench/ui.py            # both sizes
    python bench/ui.py --quick    # fewer key presses

Targets (issue 3): p99 per key on 10 MB within 1.5x of 10 KB; first frame of 10 MB
within 2x of 10 KB; median per key under 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ("council housing report figures families waiting list homes budget cabinet plan week "
         "year said spokesman residents borough charity director officials data transport route "
         "school hospital").split()


def generate(size: int, seed: int = 7) -> str:
    """An invented article of about ``size`` characters: a title and prose paragraphs."""
    rng = random.Random(seed)
    parts = ["A generated article for the interface benchmark"]
    total = len(parts[0])
    i = 0
    while total < size:
        sents = []
        for j in range(rng.randint(2, 5)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
            words[0] = words[0].capitalize()
            sents.append(" ".join(words) + f" {i * 7 + j}.")
        p = " ".join(sents)
        parts.append(p)
        total += len(p) + 1
        i += 1
    return "\n".join(parts) + "\n"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


async def measure(path: Path, presses: int) -> dict:
    from textual import events

    from tui import MarginApp

    app = MarginApp(path)
    t0 = time.perf_counter()
    c0 = time.process_time()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.view
        # The app stamps the moment the first frame showing article text was drawn.
        while app.first_frame_at is None:
            await asyncio.sleep(0.001)
        first_frame = app.first_frame_at - t0
        first_cpu = time.process_time() - c0
        # Keys pressed while the rest is still being processed (the whole document, then
        # its suggestions): wall time from the key event to the cursor moving. (Pilot's
        # press-and-pause would also wait for all the loading to go idle.)
        during: list[float] = []
        done = getattr(app, "suggestions_ready", None)
        # Until everything is in, so the per-key figures below never overlap loading.
        until = time.perf_counter() + 300
        while time.perf_counter() < until and not (done if done is not None else app.loaded.is_set()):
            before = view.cursor
            w = time.perf_counter()
            app.post_message(events.Key("j", "j"))
            while view.cursor == before and time.perf_counter() - w < 10:
                await asyncio.sleep(0.001)
            during.append(time.perf_counter() - w)
            await asyncio.sleep(0.1)
            done = getattr(app, "suggestions_ready", None)
        # (sentence_counts; _sentence_prefix before issue 9, to compare with older trees)
        while not (app.loaded.is_set() and app.store is not None
                   and getattr(view, "sentence_counts", getattr(view, "_sentence_prefix", None)) is not None):
            await asyncio.sleep(0.005)
        loaded = time.perf_counter() - t0
        await pilot.pause()
        per_key: dict[str, list[float]] = {}
        plan = ["j"] * presses + ["k"] * presses + ["c"] * presses + ["G", "g"] * (presses // 2)
        for key in plan:
            c = time.process_time()
            await pilot.press(key)
            await pilot.pause()  # include the frame
            per_key.setdefault(key, []).append(time.process_time() - c)
        lines = view.flow.height
    return {"first_frame": first_frame, "first_cpu": first_cpu, "loaded": loaded,
            "per_key": per_key, "lines": lines, "during": during}


async def measure_quit(path: Path) -> float:
    """ctrl+q as soon as the first frame is drawn; returns when it was pressed (the
    caller times until asyncio.run returns: the event loop waits for thread workers)."""
    from tui import MarginApp

    app = MarginApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.first_frame_at is None:
            await asyncio.sleep(0.001)
        t = time.perf_counter()
        await pilot.press("ctrl+q")
    return t


def report(name: str, size: int, r: dict) -> list[float]:
    print(f"\n{name}: {size / 1e6:.2f} MB, {r['lines']} wrapped lines")
    print(f"  first frame      {r['first_frame'] * 1000:8.1f} ms wall (app start to the first frame with article text)")
    print(f"  fully processed  {r['loaded'] * 1000:8.1f} ms wall")
    if r["during"]:
        print(f"  keys while loading n={len(r['during'])}  median {statistics.median(r['during']) * 1000:6.1f} ms"
              f"  max {max(r['during']) * 1000:6.1f} ms wall (key event to the cursor moving)")
    print(f"  quit at first frame  {r['quit'] * 1000:8.1f} ms wall (ctrl+q to the app gone)")
    allv: list[float] = []
    for key, values in r["per_key"].items():
        allv += values
        print(f"  key {key:<2} n={len(values):<4} median {statistics.median(values) * 1000:6.2f} ms"
              f"   p99 {pct(values, 0.99) * 1000:6.2f} ms")
    print(f"  all keys         median {statistics.median(allv) * 1000:6.2f} ms   p99 {pct(allv, 0.99) * 1000:6.2f} ms")
    return allv


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="20 presses per key instead of 60")
    args = ap.parse_args()
    presses = 20 if args.quick else 60
    os.environ.setdefault("MARGIN_AUTHOR", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "cfg")
        results = {}
        for name, size in (("10 KB", 10_000), ("10 MB", 10_000_000)):
            path = Path(tmp) / f"article-{size}.txt"
            path.write_text(generate(size), encoding="utf-8")
            r = asyncio.run(measure(path, presses))
            pressed = asyncio.run(measure_quit(path))
            r["quit"] = time.perf_counter() - pressed
            results[name] = (report(name, path.stat().st_size, r), r)
        small, rs = results["10 KB"]
        big, rb = results["10 MB"]
        ratio_key = pct(big, 0.99) / pct(small, 0.99)
        ratio_frame = rb["first_frame"] / rs["first_frame"]
        med = max(statistics.median(small), statistics.median(big)) * 1000
        print("\ntargets")
        print(f"  p99 per key, 10 MB / 10 KB     {ratio_key:5.2f}x  (target <= 1.5x)  {'ok' if ratio_key <= 1.5 else 'MISSED'}")
        print(f"  first frame, 10 MB / 10 KB     {ratio_frame:5.2f}x  (target <= 2x)    {'ok' if ratio_frame <= 2 else 'MISSED'}")
        print(f"  median per key (worst)         {med:5.2f} ms (target < 10 ms)  {'ok' if med < 10 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
