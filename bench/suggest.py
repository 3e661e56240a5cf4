"""Score the suggestion engine on both gold corpora and print each set's figures apart.

    python bench/suggest.py [-v] [--speed] [--corpus DIR] [--web DIR]

Two sets are scored, each with its own figures:

* ``../shared/corpus``: invented articles with ``NAME.gold.toml`` beside them (see
  that folder's README). A suggested quote matches a ``[[quote]]`` entry when it
  starts where the entry's ``starts`` occurs.
* ``../shared/corpus-web``: real pages; the folders with a ``quotes.gold.toml`` are
  scored on their ``page.txt`` (the whole scraped page, furniture and all) run through
  clean() then suggest(), as the app does. Matching follows that folder's QUOTES.md:
  whitespace folded, a prediction matches a gold quote when it holds its ``starts``
  (gold in file order, one-to-one), a speaker is right when it equals one of
  ``speaker_any`` or ends with one at a word boundary (case folded).

The real pages are also scored in two halves (folders sorted by name, odd and even),
so a rule that fits only some pages shows up as a gap between the halves.

Quote precision is strict: an unmatched suggestion is forgiven only when it holds a
gold quote's ``starts`` (a second suggestion for a quote) or is mostly an optional
string (an optional string covers at least half of it, or it lies inside one).

Speaker errors are put into the classes of issue 8 by what the text around the
quote shows (``classify_error``), so that work goes where the errors are. The
classification is a heuristic of the bench, not of the engine.

``--speed`` times clean() and suggest() on invented articles of 1 MB and 10 MB and
prints MB/s: suggest() as the app's loader and ``margin suggest`` run it (with a
second process: see annotations/second_process.py) by the wall clock, the CPU time
of both processes together (which says less about busy neighbours), and the wall
clock of one process alone; then the quote and claim passes apart (CPU time).
"""

from __future__ import annotations

import itertools
import re
import resource
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.article import article_from_text, read_article  # noqa: E402
from annotations.cleaning import clean  # noqa: E402
from annotations.suggest import Suggestion, cycle_collector_off, suggest  # noqa: E402
from annotations.claims import find_claims  # noqa: E402
from annotations.quotes import find_quotes  # noqa: E402

QUOTE_MARKS = "“”\"‘’'`„«»"
# speech verbs the error classifier looks for around a quote
_VERBS = (r"(?:said|says|say|told|tells|added|adds|asked|asks|argued|argues|explained|explains|"
          r"wrote|writes|noted|notes|recalled|recalls|continued|continues|insisted|comments?|"
          r"commented|replied|warned|stated|concluded|acknowledged|admitted|announced|claimed)")
_ORGISH = re.compile(r"\b(?:Inc|Ltd|Corp|Group|Council|Ministry|Department|Agency|University|Institute|"
                     r"Hall|Arena|Stadium|Center|Centre|Times|Post|News|Journal|Magazine|Press|Reuters|"
                     r"Association|Committee|Commission|Court|Party|Government|Office|Police|Service|"
                     r"Bank|Company|Network|Foundation|Club|League|Board|Authority)\b")


def _ws(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


def _fold(s: str) -> str:
    return s.replace("\u00a0", " ").replace("\r\n", "\n")


def _positions(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _norm_name(s: str | None) -> str:
    return " ".join((s or "").replace("\u00a0", " ").split()).casefold()


def speaker_ok(pred: str | None, names: list[str]) -> bool:
    """QUOTES.md rule 5: equal to a gold form, or ending with one at a word boundary."""
    p = _norm_name(pred)
    if not p:
        return False
    for n in names:
        n = _norm_name(n)
        if p == n or (p.endswith(n) and not p[-len(n) - 1].isalnum()):
            return True
    return False


ERROR_CLASSES = ["not a person", "name glued to more", "wrong candidate", "inverted/interrupted",
                 "description before name", "pronoun", "unnamed speaker", "other forms", "no speaker",
                 "other"]


def classify_error(pred: str | None, gold: dict, before: str, after: str) -> str:
    """Which class of issue 8 a wrong speaker falls in, judged from the text around the quote.

    ``before``/``after`` are the paragraph's text before the opening and after the
    closing mark. The order matters: the gold label's own flags first, then what the
    prediction looks like, then the shape of the attribution.
    """
    names = [_norm_name(n) for n in gold["speaker_any"]]
    named = [n for n in gold["speaker_any"] if n[:1].isupper() and not n.lower().startswith(("the ", "a ", "an "))]
    p = _norm_name(pred)
    ptoks = set(re.findall(r"\w+", p))
    gtoks = set(t for n in named for t in re.findall(r"\w+", n.casefold()))
    if gold.get("pronoun"):
        return "pronoun"
    if not named:
        return "unnamed speaker"
    if pred and _ORGISH.search(pred) and not (ptoks & gtoks):
        return "not a person"
    if pred and ptoks & gtoks:
        return "name glued to more"
    a = _ws(after)[:120]
    b = _ws(before)[-160:]
    if re.match(r"^[,.!?…—–-]*\s*" + _VERBS + r"\s+(?:the|a|an|[A-Z])", a) or \
            re.match(r"^[,]?\s*[^.]{0,60},\s*" + _VERBS + r"\b", a):
        return "inverted/interrupted"
    if re.search(r"\b(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+){0,2}\s+" + _VERBS + r"\b", a[:60] + " " + b[-60:]) and \
            any(n.startswith(("the ", "a ", "an ")) for n in names) or \
            re.match(r"^[,.!?…]*\s*(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+){0,2}\s+" + _VERBS, a):
        return "description before name"
    if re.search(r"according to|—\s*[A-Z]|\btold\b", a[:80] + " " + b[-80:]):
        return "other forms"
    if pred is None:
        return "no speaker"
    if pred[:1].isupper():
        return "wrong candidate"
    return "other"


@dataclass
class Score:
    gold_quotes: int = 0
    quote_tp: int = 0
    quote_fp: int = 0
    quote_forgiven: int = 0
    speaker_ok: int = 0
    must: int = 0
    must_hit: int = 0
    claim_pred: int = 0
    claim_ok: int = 0  # only the invented corpus lists every acceptable claim
    errors: dict[str, int] = field(default_factory=dict)
    false_kinds: dict[str, int] = field(default_factory=dict)  # false quotes by the rule that made them

    def add(self, o: "Score") -> None:
        for k, v in vars(o).items():
            if k in ("errors", "false_kinds"):
                mine = getattr(self, k)
                for c, n in v.items():
                    mine[c] = mine.get(c, 0) + n
            else:
                setattr(self, k, getattr(self, k) + v)


def _around(text: str, q: Suggestion) -> tuple[str, str]:
    a = text.rfind("\n", 0, max(0, q.start - 1)) + 1
    z = text.find("\n", q.end)
    z = len(text) if z < 0 else z
    return text[a:max(a, q.start - 1)], text[min(q.end + 1, z):z]


def _strip_marks(s: str) -> str:
    return s.strip().strip(QUOTE_MARKS).strip()


def _forgiven(pred: str, optional: list[str], starts: list[str]) -> bool:
    """Strict: holds a gold start, or is mostly an optional string."""
    p = _strip_marks(pred)
    if any(s in p for s in starts):
        return True
    for o in optional:
        o = _strip_marks(o)
        if not o:
            continue
        if p in o or (o in p and len(o) >= 0.5 * len(p)):
            return True
    return False


def _false_kind(q: Suggestion) -> str:
    """A false quote's kind. A continuation paragraph of a multi-paragraph quote is a span
    of its own (the invented corpus's convention, whose gold lists each paragraph) but one
    entry, at its first words, in the real pages' gold; under the strict rule it counts as
    false, so it is shown apart. (A quote broken mid-sentence by its attribution is one
    span in both: pipeline._rejoin.)"""
    if q.reason.startswith("continues"):
        return "continuation"
    if q.reason.startswith("partial quote"):
        return "fragment in narration"
    return "other"


def score_web(folder: Path, verbose: bool) -> Score:
    """One real page: QUOTES.md matching on whitespace-folded text."""
    gold = tomllib.loads((folder / "quotes.gold.toml").read_text(encoding="utf-8"))
    article = read_article(folder / "page.txt")
    text = article.text
    sugg = suggest(clean(article))
    quotes = [s for s in sugg if s.tag == "quote"]
    claims = [s for s in sugg if s.tag == "claim"]
    ptext = [_ws(q.text) for q in quotes]
    sc = Score(gold_quotes=len(gold.get("quote", [])))
    used: set[int] = set()
    name = folder.name[:8]
    for g in gold.get("quote", []):
        st = _ws(g["starts"])
        hit = next((i for i, p in enumerate(ptext) if i not in used and st in p), None)
        if hit is None:
            if verbose:
                print(f"  MISSED {name}: {st[:50]!r}")
            continue
        used.add(hit)
        sc.quote_tp += 1
        q = quotes[hit]
        if speaker_ok(q.speaker, g["speaker_any"]):
            sc.speaker_ok += 1
        else:
            before, after = _around(text, q)
            cls = classify_error(q.speaker, g, before, after)
            sc.errors[cls] = sc.errors.get(cls, 0) + 1
            if verbose:
                print(f"  SPEAKER {name} [{cls}]: {st[:40]!r} -> {q.speaker!r} ({q.reason}) "
                      f"want {g['speaker_any'][:3]}")
    starts = [_ws(g["starts"]) for g in gold.get("quote", [])]
    optional = [_ws(o) for o in gold.get("quote_optional", [])]
    for i, q in enumerate(quotes):
        if i in used:
            continue
        if _forgiven(ptext[i], optional, starts):
            sc.quote_forgiven += 1
        else:
            sc.quote_fp += 1
            kind = _false_kind(q)
            sc.false_kinds[kind] = sc.false_kinds.get(kind, 0) + 1
            if verbose:
                print(f"  FALSE {name}: {ptext[i][:60]!r} ({q.reason})")
    ctext = [_ws(c.text) for c in claims]
    for m in gold.get("claims_must", []):
        sc.must += 1
        if any(_ws(m) in c for c in ctext):
            sc.must_hit += 1
        elif verbose:
            print(f"  MISSED claim {name}: {m[:60]!r}")
    sc.claim_pred = len(claims)
    return sc


def score_invented(path: Path, gold: dict, verbose: bool) -> Score:
    """One invented article: matching by the corpus README (a quote starts at ``starts``)."""
    article = read_article(path)
    text = _fold(article.text)
    sugg = suggest(clean(article))
    quotes = [s for s in sugg if s.tag == "quote"]
    claims = [s for s in sugg if s.tag == "claim"]
    sc = Score(gold_quotes=len(gold.get("quote", [])))
    optional = set()
    for o in gold.get("quote_optional", []):
        optional.update(_positions(text, _fold(o)))
    gold_starts = set()
    matched: set[int] = set()
    for q in gold.get("quote", []):
        pos = set(_positions(text, _fold(q["starts"])))
        gold_starts |= pos
        for pi, p in enumerate(quotes):
            if pi in matched or p.start not in pos:
                continue
            matched.add(pi)
            sc.quote_tp += 1
            if speaker_ok(p.speaker, q["speaker_any"]):
                sc.speaker_ok += 1
            else:
                before, after = _around(text, p)
                cls = classify_error(p.speaker, q, before, after)
                sc.errors[cls] = sc.errors.get(cls, 0) + 1
                if verbose:
                    print(f"  SPEAKER {path.name} [{cls}]: {q['starts'][:40]!r} -> {p.speaker!r} ({p.reason})")
            break
        else:
            if verbose:
                print(f"  MISSED {path.name}: {q['starts'][:50]!r}")
    for pi, p in enumerate(quotes):
        if pi in matched:
            continue
        if p.start in optional or p.start in gold_starts:
            sc.quote_forgiven += 1
        else:
            sc.quote_fp += 1
            if verbose:
                print(f"  FALSE {path.name}: {p.text[:60]!r} ({p.reason})")

    def keys(name: str) -> list[int]:
        out = []
        for k in gold.get(name, []):
            ps = _positions(text, _fold(k))
            out.append(ps[0] if ps else -1)
        return out

    must, should, opt = keys("claims_must"), keys("claims_should"), keys("claims_optional")
    any_keys = [k for k in must + should + opt if k >= 0]
    sc.must = len(must)
    for k, name in zip(must, gold.get("claims_must", [])):
        if any(c.start <= k < c.end for c in claims):
            sc.must_hit += 1
        elif verbose:
            print(f"  MISSED claim {path.name}: {name[:60]!r}")
    sc.claim_pred = len(claims)
    for c in claims:
        if any(c.start <= k < c.end for k in any_keys):
            sc.claim_ok += 1
        elif verbose:
            print(f"  FALSE claim {path.name}: {c.text[:70]!r} ({c.reason})")
    return sc


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


TARGETS = {  # figure: (real pages, invented corpus)
    "quote recall": (0.97, 0.97), "speaker accuracy": (0.92, 0.95), "quote precision (strict)": (0.95, 0.95),
    "claims_must recall": (0.95, 0.95), "claim precision": (None, 0.85),
}


def report(title: str, t: Score, real: bool, claim_precision: bool = True) -> None:
    figs = {
        "quote recall": (t.quote_tp, t.gold_quotes),
        "speaker accuracy": (t.speaker_ok, t.quote_tp),
        "quote precision (strict)": (t.quote_tp, t.quote_tp + t.quote_fp),
        "claims_must recall": (t.must_hit, t.must),
    }
    if claim_precision:
        figs["claim precision"] = (t.claim_ok, t.claim_pred)
    print(f"== {title}")
    for name, (a, b) in figs.items():
        target = TARGETS[name][0 if real else 1]
        r = _ratio(a, b)
        mark = "" if target is None else ("  ok" if r >= target else "  BELOW") + f" (target >= {target})"
        print(f"  {name:26} {r:.3f}  ({a}/{b}){mark}")
    if t.false_kinds:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(t.false_kinds.items()))
        cont = t.false_kinds.get("continuation", 0)
        print(f"  {'false quotes by kind':26} {kinds}")
        print(f"  {'precision, continuations':26} {_ratio(t.quote_tp, t.quote_tp + t.quote_fp - cont):.3f}  "
              "(a continuation counted with the quotation it continues, as the gold does)")
    if not claim_precision:
        print(f"  {'claims suggested':26} {t.claim_pred}  (precision not measurable: "
              "the real pages list only the clear claims)")


def error_table(sets: list[tuple[str, Score]]) -> None:
    print("== speaker errors by cause")
    print("  " + f"{'cause':26}" + "".join(f"{n:>10}" for n, _ in sets))
    for c in ERROR_CLASSES:
        print("  " + f"{c:26}" + "".join(f"{s.errors.get(c, 0):>10}" for _, s in sets))
    print("  " + f"{'total':26}" + "".join(f"{sum(s.errors.values()):>10}" for _, s in sets))


# --- speed on generated articles -------------------------------------------------------

_FIRST = ["Ada", "Bram", "Cleo", "Dario", "Edda", "Fenn", "Greta", "Hugo", "Isla", "Joss", "Kira",
          "Lior", "Mina", "Nils", "Orla", "Pavel", "Quinn", "Rosa", "Sven", "Tilde"]
_SYL = ["ash", "birch", "cold", "dun", "els", "far", "glen", "har", "ive", "jun", "kettle", "larch",
        "mer", "neth", "oak", "penn", "quar", "rook", "stow", "thorn"]
_END = ["grove", "ley", "water", "more", "worth", "by", "holt", "gate", "dale", "ton"]
_TOWNS = ["Wexmoor", "Calder Vale", "Brindle", "Ostenford", "Hallow Cross"]


def _surname(k: int) -> str:
    return (_SYL[k % 20] + _SYL[(k // 20) % 20] + _END[(k // 400) % 10]).capitalize()


def _paragraphs(k: int) -> list[str]:
    """One invented stretch of ~1 KB: new people every time, so names keep coming."""
    f, l = _FIRST[k % 20], _surname(3 * k)
    f2, l2 = _FIRST[(7 * k + 3) % 20], _surname(3 * k + 1)
    vet = _surname(3 * k + 2)
    town, n = _TOWNS[k % 5], 100 + k % 900
    pron = "she" if k % 2 else "he"
    return [
        f"The {town} ferry carried {n},{k % 1000:03d} passengers last year, up {k % 40 + 1}.{k % 10}% "
        "on 2023, according to the harbour board.",
        f"“We have never had a summer like it,” said {f} {l}, the harbour master. "
        "“The queues ran past the bakery most mornings.”",
        f"{f2} {l2}, {30 + k % 50}, who runs a café by the slipway, said takings had doubled since "
        "the timetable changed.",
        f"“It is the busiest I have seen the quay in {k % 20 + 5} years,” {pron} added.",
        f"Ms {l2} said the council had promised “a proper shelter for the queue before the winter "
        "storms arrive”.",
        f"Dr {vet}, a vet at the {town} clinic, said three dogs had been treated for heatstroke. "
        "“Bring water for them,” the vet said.",
        f"The council spent £{k % 9 + 1}.{k % 10}m on the new pontoon, which opened in March after "
        "two years of delays.",
        f"Mr {l} told the committee: “We need four more crossings a day, and we need them this year.”",
        "It was a bright, windy afternoon when we walked along the harbour wall.",
        f"Fares will rise by {k % 15 + 2}p from 1 April, the operator said.",
    ]


def generated_article(size: int) -> str:
    """An invented article of about ``size`` characters (paragraphs separated by blank lines)."""
    parts = ["Ferry numbers soar as summer crowds return", ""]
    total = 0
    for k in itertools.count():
        for p in _paragraphs(k):
            parts += [p, ""]
            total += len(p) + 2
        if total >= size:
            return "\n".join(parts) + "\n"
    raise AssertionError("unreachable")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def machine_loop() -> float:
    """Seconds for a plain Python loop of 10 million additions (best of three): how fast
    this machine runs Python right now, to set the figures below beside others'."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - t)
    return best


def speed(sizes: list[int]) -> None:
    print()
    print("speed on generated articles (clean, then suggest; noisy on a shared machine)")
    print(f"  this machine now: a 10-million-step Python loop takes {machine_loop():.2f} s "
          "(0.42 s where docs/quotes.md's figures were taken)")
    for size in sizes:
        text = generated_article(size)
        mb = len(text.encode("utf-8")) / 1e6
        t0 = time.perf_counter()
        doc = clean(article_from_text(text))
        t1 = time.perf_counter()
        c1, k1 = time.process_time(), _children_cpu()
        with cycle_collector_off():  # as the app's loader child and margin suggest run it
            got = suggest(doc, parallel=True)
        t2 = time.perf_counter()
        cpu = time.process_time() - c1 + _children_cpu() - k1
        print(f"{mb:7.2f} MB  clean {t1 - t0:6.2f} s ({mb / (t1 - t0):5.2f} MB/s)  "
              f"suggest {t2 - t1:6.2f} s ({mb / (t2 - t1):5.2f} MB/s wall, "
              f"{mb / max(cpu, 1e-9):5.2f} MB/s CPU of both processes; {len(got)} suggestions)")
        doc = clean(article_from_text(text))
        t3 = time.perf_counter()
        with cycle_collector_off():
            alone = suggest(doc)
        t4 = time.perf_counter()
        assert alone == got, "the second process changed the answer"
        print(f"{'':9}  in one process: suggest {t4 - t3:6.2f} s ({mb / (t4 - t3):5.2f} MB/s wall)")
        # the two passes apart, on a fresh document (its sentences are split in the claims pass)
        doc = clean(article_from_text(text))
        with cycle_collector_off():
            c3 = time.process_time()
            quotes = find_quotes(doc)
            c4 = time.process_time()
            find_claims(doc, [(q.start, q.end) for q in quotes if not q.partial])
            c5 = time.process_time()
        print(f"{'':9}  of which quotes {mb / max(c4 - c3, 1e-9):5.2f} MB/s CPU, "
              f"claims (with sentence splitting) {mb / max(c5 - c4, 1e-9):5.2f} MB/s CPU")


def _arg(argv: list[str], flag: str, default: Path) -> Path:
    if flag in argv:
        k = argv.index(flag)
        if k + 1 < len(argv):
            return Path(argv[k + 1])
    return default


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    corpus = _arg(argv, "--corpus", ROOT.parent / "shared" / "corpus")
    web = _arg(argv, "--web", ROOT.parent / "shared" / "corpus-web")
    t0 = time.perf_counter()
    invented = Score()
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md") \
        if corpus.is_dir() else []
    for path in files:
        gold_path = path.with_name(path.stem + ".gold.toml")
        if gold_path.exists():
            r = score_invented(path, tomllib.loads(gold_path.read_text(encoding="utf-8")), verbose)
            invented.add(r)
            print(f"{path.name:34} quotes {r.quote_tp}/{r.gold_quotes} (false {r.quote_fp}, "
                  f"speaker ok {r.speaker_ok})  must claims {r.must_hit}/{r.must}")
    folders = sorted(p.parent for p in web.glob("*/quotes.gold.toml")) if web.is_dir() else []
    real, halves = Score(), (Score(), Score())
    for k, folder in enumerate(folders):
        r = score_web(folder, verbose)
        real.add(r)
        halves[k % 2].add(r)
        print(f"{folder.name[:12]:34} quotes {r.quote_tp}/{r.gold_quotes} (false {r.quote_fp}, "
              f"speaker ok {r.speaker_ok})  must claims {r.must_hit}/{r.must}")
    print()
    if files:
        report(f"invented corpus {corpus} ({len(files)} articles)", invented, real=False)
    if folders:
        report(f"real pages {web} ({len(folders)} pages with quote gold)", real, real=True, claim_precision=False)
        report("real pages, half A (sorted by folder, 1st, 3rd, ...)", halves[0], real=True, claim_precision=False)
        report("real pages, half B (2nd, 4th, ...)", halves[1], real=True, claim_precision=False)
    error_table([("invented", invented), ("real", real), ("half A", halves[0]), ("half B", halves[1])])
    print(f"({len(files) + len(folders)} articles in {time.perf_counter() - t0:.2f} s)")
    if "--speed" in argv:
        speed([1_000_000, 10_000_000])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
