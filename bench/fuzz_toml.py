"""Fuzz Margin with mutated annotation files (issue 13).

Valid annotation files are mutated (types swapped, keys removed and duplicated,
offsets out of range, deep nesting, huge strings, control characters everywhere,
bytes flipped); on each file every command that reads annotation files runs, and the
store loads, edits and saves it. It reports:

* tracebacks: any exception other than Margin's own one-line errors;
* hangs: one command, load or save that took over --timeout seconds (10 by default);
* changed unparseable files: a file that did not parse, whose bytes changed anyway;
* raw control characters that reached the command output.

    python bench/fuzz_toml.py --cases 10000 --seed 1

Run from the project root. Invented text only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import signal
import sys
import tempfile
import time
import tomllib
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tomli_w  # noqa: E402

ARTICLE = ("Harbour fees rise\n\nThe port said fees rise by 8 per cent in May.\n"
           "\u201cWe had no choice,\u201d said the harbour master on Tuesday.\n"
           "Ferry operators called the rise unfair and asked for a review.\n")
PHRASES = ("fees rise by 8 per cent", "We had no choice,", "Ferry operators", "harbour master", "Harbour fees")
RAW_CONTROL = set(chr(c) for c in range(0x20) if c not in (9, 10, 13)) | {chr(c) for c in range(0x7f, 0xa0)}


class Hang(Exception):
    pass


@dataclass
class Report:
    cases: int = 0
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    changed_unparseable: list[str] = field(default_factory=list)
    raw_output: list[str] = field(default_factory=list)
    parsed: int = 0
    refused: int = 0
    slowest: float = 0.0
    slowest_what: str = ""
    kinds: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ the seed files

def base_file(article_path: Path) -> str:
    """A valid annotations file for the article, written by the store itself."""
    from annotations.article import read_article
    from annotations.model import make_annotation
    from annotations.store import Store, annotations_path

    store = Store(read_article(article_path), author="ana")
    store.load()
    for n, phrase in enumerate(PHRASES):
        i = ARTICLE.index(phrase)
        store.annotations.append(make_annotation(ARTICLE, ("claim", "quote", "boilerplate")[n % 3], i,
                                                 i + len(phrase), author=("ana", "ben")[n % 2],
                                                 note="check it" if n % 2 else "",
                                                 speaker="the harbour master" if n == 1 else None))
    i = ARTICLE.index("Ferry")
    store.rejected.append(make_annotation(ARTICLE, "quote", i, i + 15, author="ana"))
    store.save()
    text = annotations_path(article_path).read_text("utf-8")
    annotations_path(article_path).unlink()
    return text


# ------------------------------------------------------------------ mutations

def _values(rng: random.Random) -> list[Any]:
    return [rng.randint(-2**63, 2**63 - 1), -1, 10**9, "", "x" * rng.randint(1, 50), True, 1.5,
            float("inf"), float("nan"), [], [1, "a"], {}, {"k": {"j": 1}},
            datetime(2026, 1, 1, tzinfo=timezone.utc), "\x1b]52;c;SGk=\x1b\\", "=HYPERLINK(\"x\")"]


def _entries(data: dict) -> list[dict]:
    out: list[dict] = []
    for table in ("annotations", "rejected"):
        v = data.get(table)
        if isinstance(v, list):
            out.extend(e for e in v if isinstance(e, dict))
    return out


def _pick_container(rng: random.Random, data: dict) -> dict:
    choices: list[dict] = [data]
    if isinstance(data.get("article"), dict):
        choices.append(data["article"])
    choices.extend(_entries(data))
    return rng.choice(choices)


def swap_type(rng: random.Random, data: dict) -> None:
    c = _pick_container(rng, data)
    if c:
        c[rng.choice(list(c))] = rng.choice(_values(rng))


def remove_key(rng: random.Random, data: dict) -> None:
    c = _pick_container(rng, data)
    if c:
        del c[rng.choice(list(c))]


def duplicate_entry(rng: random.Random, data: dict) -> None:
    entries = data.get("annotations")
    if isinstance(entries, list) and entries:
        e = rng.choice(entries)
        entries.append(dict(e) if isinstance(e, dict) else e)


def offsets_out_of_range(rng: random.Random, data: dict) -> None:
    entries = _entries(data)
    if entries:
        e = rng.choice(entries)
        e[rng.choice(("start", "end"))] = rng.choice((-5, 0, len(ARTICLE) + 1, 10**12, 2**63 - 1))
        if rng.random() < 0.5:
            e["start"], e["end"] = e.get("end", 0), e.get("start", 0)


HUGE = [10_000, 200_000, 2_000_000]


def huge_string(rng: random.Random, data: dict) -> None:
    c = _pick_container(rng, data)
    size = rng.choice(HUGE) if rng.random() < 0.2 else rng.randint(1000, 20_000)
    c[rng.choice(("note", "text", "speaker", "blob", "tag", "file"))] = "w" * size


def control_characters(rng: random.Random, data: dict) -> None:
    c = _pick_container(rng, data)
    keys = [k for k, v in c.items() if isinstance(v, str)]
    if keys:
        k = rng.choice(keys)
        chars = "".join(rng.choice(["\x1b", "\x9b", "\x07", "\x00", "\u202e", "\r", "\x1b]52;c;SGk=\x07",
                                    "\ud800", "\x7f", "\u2028"]) for _ in range(rng.randint(1, 6)))
        pos = rng.randint(0, len(c[k]))
        c[k] = c[k][:pos] + chars + c[k][pos:]


DATA_MUTATIONS: dict[str, Callable[[random.Random, dict], None]] = {
    "swap_type": swap_type, "remove_key": remove_key, "duplicate_entry": duplicate_entry,
    "offsets": offsets_out_of_range, "huge_string": huge_string, "control_chars": control_characters,
}


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice((10, 31, 33, 100, 500, 3000))
    kind = rng.randrange(4)
    if kind == 0:
        line = "deep = " + "[" * depth + "]" * depth
    elif kind == 1:
        line = "deep = " + "{a = " * depth + "1" + "}" * depth
    elif kind == 2:
        return text + "\n[" + ".".join(["t"] * depth) + "]\nv = 1\n"
    else:
        line = "deep." + ".".join(["k"] * depth) + " = 1"
    return line + "\n" + text


def duplicate_line(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def raw_controls(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 5)):
        i = rng.randint(0, len(text))
        text = text[:i] + rng.choice(["\x1b", "\x00", "\x9b", "\u202e", "\r", "\ufeff", "\x1b[2J"]) + text[i:]
    return text


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def mutate(rng: random.Random, base: str) -> tuple[str, bytes]:
    """(kind, file bytes) of one mutated annotations file."""
    kinds = list(DATA_MUTATIONS) + ["deep", "dup_line", "raw_controls", "flip", "mixed"]
    kind = rng.choice(kinds)
    if kind in DATA_MUTATIONS or kind == "mixed":
        data = tomllib.loads(base)
        for fn in ([DATA_MUTATIONS[kind]] if kind != "mixed"
                   else rng.sample(list(DATA_MUTATIONS.values()), rng.randint(2, 4))):
            fn(rng, data)
        try:
            text = tomli_w.dumps(data)
        except (ValueError, TypeError):  # a value TOML cannot hold (a lone surrogate, say)
            text = base
        if kind == "mixed" and rng.random() < 0.5:
            text = deep_nesting(rng, text)
        return kind, text.encode("utf-8", "surrogatepass")
    if kind == "deep":
        return kind, deep_nesting(rng, base).encode()
    if kind == "dup_line":
        return kind, duplicate_line(rng, base).encode()
    if kind == "raw_controls":
        return kind, raw_controls(rng, base).encode("utf-8", "surrogatepass")
    return kind, flip_bytes(rng, base.encode())


# ------------------------------------------------------------------ running one case

@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise Hang()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


LIMIT = [10.0]  # seconds one operation (a command, a load, a save) may take


@contextlib.contextmanager
def timed(report: Report, what: str) -> Iterator[None]:
    """One operation under the time limit: a hang is recorded against it (and raised)."""
    start = time.perf_counter()
    try:
        with time_limit(LIMIT[0]):
            yield
    except Hang:
        report.hangs.append(f"{what}: over {LIMIT[0]:.0f} s")
        raise
    finally:
        took = time.perf_counter() - start
        if took > report.slowest:
            report.slowest, report.slowest_what = took, what


COMMANDS = (
    ["check", "{folder}"], ["check", "-v", "{ann}"], ["review", "{folder}"], ["review", "--json", "{folder}"],
    ["stats", "{folder}"], ["stats", "--json", "{folder}"], ["agree", "{folder}", "--authors", "ana,ben"],
    ["export", "{folder}", "--format", "csv", "-o", "{out}.csv"],
    ["export", "{folder}", "--format", "jsonl"], ["export", "{folder}", "--format", "w3c"],
    ["export", "{folder}", "--format", "brat", "-o", "{out}-brat"],
)
# For the test suite: one command of each kind that reads annotation files.
QUICK_COMMANDS = (
    ["check", "-v", "{folder}"], ["review", "{folder}"], ["stats", "--json", "{folder}"],
    ["export", "{folder}", "--format", "csv"],
)


def run_commands(folder: Path, ann: Path, out: Path, report: Report, label: str,
                 commands: tuple[list[str], ...] = COMMANDS) -> None:
    from tui.cli import main

    for cmd in commands:
        argv = [a.format(folder=folder, ann=ann, out=out) for a in cmd]
        buf_out, buf_err = io.StringIO(), io.StringIO()
        try:
            with timed(report, f"{label} {' '.join(cmd)}"), \
                    contextlib.redirect_stdout(buf_out), contextlib.redirect_stderr(buf_err):
                code = main(argv)
        except Hang:
            continue
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:  # a traceback: the one thing that must never happen
            report.tracebacks.append(f"{label} {' '.join(cmd)}: {traceback.format_exc(limit=6)}")
            continue
        if code not in (0, 1):
            report.tracebacks.append(f"{label} {' '.join(cmd)}: exit {code}")
        if "Traceback" in buf_err.getvalue():
            report.tracebacks.append(f"{label} {' '.join(cmd)}: traceback printed")
        # Output to a pipe: JSON and CSV data stay exact; the table commands must be inert.
        if cmd[0] in ("check", "stats", "review", "agree") and "--json" not in cmd:
            shown = buf_out.getvalue() + buf_err.getvalue()
            if any(ch in RAW_CONTROL for ch in shown):
                report.raw_output.append(f"{label} {' '.join(cmd)}")


def store_round(article: Path, report: Report, label: str) -> None:
    from annotations.article import read_article
    from annotations.errors import MarginError, StoreError
    from annotations.model import make_annotation
    from annotations.store import Store

    try:
        store = Store(read_article(article), author="fuzz")
    except MarginError:
        return
    try:
        with timed(report, f"{label} Store.load"):
            store.load()
        loaded = True
    except StoreError:
        loaded = False
    except Hang:
        return
    except BaseException:
        report.tracebacks.append(f"{label} Store.load: {traceback.format_exc(limit=6)}")
        return
    if loaded:
        if store.annotations:
            store.annotations[0].note = "edited by the fuzzer"
            if len(store.annotations) > 2:
                del store.annotations[1]
    i = ARTICLE.index("Tuesday")
    store.annotations.append(make_annotation(store.article.text, "claim", min(i, len(store.article.text)),
                                             min(i + 7, len(store.article.text)), author="fuzz"))
    try:
        with timed(report, f"{label} Store.save"):
            store.save()
    except StoreError:
        pass
    except Hang:
        pass
    except BaseException:
        report.tracebacks.append(f"{label} Store.save: {traceback.format_exc(limit=6)}")


def run_case(work: Path, base: str, rng: random.Random, n: int, report: Report, timeout: float,
             commands: tuple[list[str], ...] = COMMANDS) -> None:
    from annotations.errors import MarginError
    from annotations.store import annotations_path, read_annotation_file

    kind, data = mutate(rng, base)
    report.kinds[kind] = report.kinds.get(kind, 0) + 1
    folder = work / f"case{n}"
    folder.mkdir()
    article = folder / "port.txt"
    article.write_text(ARTICLE, "utf-8")
    (folder / "other.txt").write_text(ARTICLE, "utf-8")
    ann = annotations_path(article)
    ann.write_bytes(data)
    label = f"case {n} ({kind})"
    try:
        with timed(report, f"{label} read_annotation_file"):
            try:
                read_annotation_file(ann)
                parses = True
                report.parsed += 1
            except MarginError:
                parses = False
                report.refused += 1
            except Hang:
                raise
            except BaseException:
                parses = False
                report.tracebacks.append(f"{label} read_annotation_file: {traceback.format_exc(limit=6)}")
    except Hang:
        parses = False
    run_commands(folder, ann, work / f"out{n}", report, label, commands)
    store_round(article, report, label)
    if not parses and ann.read_bytes() != data:
        report.changed_unparseable.append(label)
    report.cases += 1


def fuzz(cases: int, seed: int, timeout: float = 10.0, progress: bool = False, quick: bool = False,
         only: set[int] | None = None) -> Report:
    """``quick``: the test suite's form, with fewer commands per file and strings of at
    most 200 kB, so a few hundred files take seconds."""
    from annotations import index as index_mod

    rng = random.Random(seed)
    LIMIT[0] = timeout
    commands = QUICK_COMMANDS if quick else COMMANDS
    HUGE[:] = [10_000, 200_000] if quick else [10_000, 200_000, 2_000_000]
    report = Report()
    with tempfile.TemporaryDirectory(prefix="margin-fuzz-") as tmp:
        work = Path(tmp)
        real_cache = index_mod.cache_dir
        setattr(index_mod, "cache_dir", lambda: work / "cache")
        try:
            seed_dir = work / "seed"
            seed_dir.mkdir()
            (seed_dir / "port.txt").write_text(ARTICLE, "utf-8")
            base = base_file(seed_dir / "port.txt")
            for n in range(cases):
                if only is not None and n not in only:
                    mutate(rng, base)  # keep the random sequence: case n is the same file
                    continue
                run_case(work, base, rng, n, report, timeout, commands)
                if n % 50 == 49:
                    import shutil

                    for p in work.iterdir():
                        if p.name.startswith(("case", "out")):
                            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()
                if progress and n % 500 == 499:
                    print(f"  {n + 1} cases, {len(report.tracebacks)} tracebacks", file=sys.stderr)
        finally:
            setattr(index_mod, "cache_dir", real_cache)
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds one command, load or save may take")
    ap.add_argument("--only", type=int, nargs="*", help="run only these case numbers (to look at one again)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    r = fuzz(args.cases, args.seed, args.timeout, progress=True, only=set(args.only) if args.only else None)
    took = time.perf_counter() - t0
    print(f"{r.cases} mutated annotation files (seed {args.seed}) in {took:.0f} s: "
          f"{r.parsed} parsed, {r.refused} refused with a one-line error")
    print(f"  tracebacks: {len(r.tracebacks)}")
    print(f"  hangs (one command, load or save over {args.timeout:.0f} s): {len(r.hangs)}; "
          f"slowest {r.slowest:.1f} s ({r.slowest_what})")
    print(f"  unparseable files changed: {len(r.changed_unparseable)}")
    print(f"  raw control characters in table output: {len(r.raw_output)}")
    print("  mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(r.kinds.items())))
    for line in (r.tracebacks + r.hangs + r.changed_unparseable + r.raw_output)[:10]:
        print("\n" + line)
    return 1 if (r.tracebacks or r.hangs or r.changed_unparseable or r.raw_output) else 0


if __name__ == "__main__":
    sys.exit(main())
