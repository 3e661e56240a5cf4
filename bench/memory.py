"""Peak memory against the article's size, for every shape of input (issue 13, item 14).

    python bench/memory.py [--mb N] [--shapes news,lines]   (N MB per article; 50 by default)

For each generated article (news paragraphs full of quotes and figures, plain
paragraphs, one short sentence per line, and one line of N MB) it prints:

* ``margin clean``: the peak resident memory of the command's process;
* the app's loading: the app process's side (``tui.loader.Loader``, which starts
  the loader child and assembles what it sends, as the app does, without drawing),
  the child's peak, the memory of the child's own forked helper that it does not
  share with the child (annotations/second_process.py), and all together, sampled
  every 50 ms.

Each figure is also given as a multiple of the file's size. Every measurement runs
in a fresh process, so one does not inherit another's memory. Figures vary a
little from run to run; the multiples are what to compare.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WORDS = ("the harbour board met on a wet tuesday and agreed after a long argument to repaint "
         "old crane nobody quay could remember when it had last lifted anything heavier than gull").split()


def _sentence(k: int) -> str:
    n = 8 + k % 17
    words = [WORDS[(k * 7 + i * 13) % len(WORDS)] for i in range(n)]
    return " ".join(words).capitalize() + "."


def write_article(shape: str, size: int, path: Path) -> None:
    if shape == "news":
        from suggest import generated_article  # bench/suggest.py: quotes, speakers, figures

        path.write_text(generated_article(size), encoding="utf-8")
        return
    parts: list[str] = ["A harbour crane to be repainted\n\n"]
    total, k = 0, 0
    while total < size:
        if shape == "paragraphs":
            piece = " ".join(_sentence(k + j) for j in range(2 + k % 5)) + "\n\n"
        elif shape == "lines":
            piece = _sentence(k) + "\n"
        else:  # one line
            piece = _sentence(k) + " "
        parts.append(piece)
        total += len(piece)
        k += 1
    path.write_text("".join(parts), encoding="utf-8")


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _private_kb(pid: int) -> int:
    """Memory of ``pid`` that no other process shares: a forked helper's own part (the
    rest is its parent's pages, already counted in the parent's resident set)."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _peak_kb() -> int:
    """This process's own peak: VmHWM starts again at exec, where ru_maxrss keeps the
    peak of the process that started it (this script, which wrote a 50 MB article)."""
    return _rss_kb(os.getpid(), "VmHWM")


def measure_clean(path: Path) -> dict[str, object]:
    from tui.cli import main

    with open(os.devnull, "w") as null:
        sys.stdout = null
        try:
            code = main(["clean", str(path)])
        finally:
            sys.stdout = sys.__stdout__
    return {"code": code, "peak_kb": _peak_kb()}


def measure_app(path: Path) -> dict[str, object]:
    from tui.loader import Loader, Request, Suggested

    events: list[object] = []  # what the app would keep
    done = threading.Event()

    def send(event: object) -> None:
        events.append(event)
        if isinstance(event, Suggested) and event.final:
            done.set()

    loader = Loader(Request(path, 96, None), send)
    peak = {"app": 0, "child": 0, "helper": 0, "together": 0}

    def sample() -> None:
        me = os.getpid()
        while not done.is_set():
            proc = loader.process
            alive = proc is not None and proc.poll() is None
            child = _rss_kb(proc.pid) if alive else 0
            # the loader child's forked helper (annotations/second_process.py), if any
            helper = sum(_private_kb(g) for g in _children(proc.pid)) if alive else 0  # type: ignore[union-attr]
            app = _rss_kb(me)
            peak["app"] = max(peak["app"], app)
            peak["child"] = max(peak["child"], child)
            peak["helper"] = max(peak["helper"], helper)
            peak["together"] = max(peak["together"], app + child + helper)
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    loader.run()
    done.set()
    watcher.join()
    peak["app"] = max(peak["app"], _peak_kb())
    kinds = sorted({type(e).__name__ for e in events})
    return {"peak_kb": peak, "events": kinds}


def _one(argv: list[str]) -> int:
    what, path = argv[0], Path(argv[1])
    result = measure_clean(path) if what == "clean" else measure_app(path)
    print(json.dumps(result))
    return 0


def _run(what: str, path: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--one", what, str(path)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    try:
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        return {"error": (out.stderr.strip().splitlines() or ["no output"])[-1]}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        return _one(argv[1:])
    mb = float(argv[argv.index("--mb") + 1]) if "--mb" in argv else 50.0
    size = int(mb * 1_000_000)
    print(f"peak memory on generated articles of {mb:g} MB (resident set size; x = times the file)")
    with tempfile.TemporaryDirectory() as tmp:
        shapes = ("news", "paragraphs", "lines", "one line")
        if "--shapes" in argv:
            shapes = tuple(x.replace("-", " ") for x in argv[argv.index("--shapes") + 1].split(","))
        for shape in shapes:
            path = Path(tmp) / f"{shape.replace(' ', '-')}.txt"
            write_article(shape, size, path)
            n = path.stat().st_size

            def x(kb: object) -> str:
                return f"{int(kb) / 1024:6.0f} MB ({int(kb) * 1024 / n:4.1f}x)"  # type: ignore[call-overload]

            clean = _run("clean", path)
            app = _run("app", path)
            if "error" in clean or clean.get("code"):
                line = f"margin clean refused it (exit {clean.get('code')})"
            else:
                line = f"margin clean {x(clean['peak_kb'])}"
            peak = app.get("peak_kb")
            if isinstance(peak, dict) and "Whole" in app.get("events", []):  # type: ignore[operator]
                line += (f"   app {x(peak['app'])}, loader child {x(peak['child'])} "
                         f"(+ its helper's own {x(peak['helper'])}), together {x(peak['together'])}")
            else:
                line += f"   app: refused ({', '.join(app.get('events', [])) or app.get('error')})"  # type: ignore[arg-type]
            print(f"{shape:>10} {n / 1e6:5.1f} MB  {line}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
