"""Score the suggestion engine on a gold-labelled corpus and print the figures.

    python bench/suggest.py [CORPUS_DIR] [-v] [--speed] [--10mb]

``--speed`` also times suggest() on generated articles of 100 KB and 1 MB (``--10mb``
adds 10 MB) and prints seconds and the rate per MB. The generated text is invented
here: a harbour story repeated with new names and figures, with quotes, pronoun and
title attributions, people named only with an honorific, and check-worthy figures.

CORPUS_DIR defaults to ../shared/corpus (next to the checkout). Matching follows the
corpus README:

* Gold strings are searched in the article text with U+00A0 folded to a space
  (CRLF is already LF in Article.text), so each gold entry has raw offsets.
* Quotes: a suggested quote matches a ``[[quote]]`` entry when it starts where the
  entry's ``starts`` occurs; predictions are matched to ``[[quote]]`` entries first
  (each entry at most once) and only then to ``quote_optional``. Unmatched
  predictions count against precision. Speaker accuracy is over matched gold quotes:
  the suggested speaker must equal one of ``speaker_any`` (case and spacing folded).
* Claims: the key is the start of a sentence; a suggested claim matches a key when
  the key's first character lies inside the suggested span. Recall of
  ``claims_must``; precision = suggested claims that hit any must/should/optional key.
"""

from __future__ import annotations

import itertools
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.article import article_from_text, read_article  # noqa: E402
from annotations.cleaning import clean  # noqa: E402
from annotations.suggest import suggest  # noqa: E402


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


def score_article(path: Path, gold: dict, verbose: bool) -> dict:
    article = read_article(path)
    text = _fold(article.text)
    doc = clean(article)
    sugg = suggest(doc)
    quotes = [s for s in sugg if s.tag == "quote"]
    claims = [s for s in sugg if s.tag == "claim"]

    # --- quotes
    gold_q = []
    for q in gold.get("quote", []):
        gold_q.append((set(_positions(text, _fold(q["starts"]))), [_norm_name(x) for x in q["speaker_any"]], q))
    optional = set()
    for o in gold.get("quote_optional", []):
        optional.update(_positions(text, _fold(o)))
    used = set()
    matched_pred = set()
    speaker_ok = 0
    for gi, (pos, names, q) in enumerate(gold_q):
        for pi, p in enumerate(quotes):
            if pi in matched_pred or p.start not in pos:
                continue
            matched_pred.add(pi)
            used.add(gi)
            if _norm_name(p.speaker) in names:
                speaker_ok += 1
            elif verbose:
                print(f"  SPEAKER {path.name}: {q['starts'][:40]!r} -> {p.speaker!r} ({p.reason})")
            break
        else:
            if verbose:
                print(f"  MISSED quote {path.name}: {q['starts'][:50]!r}")
    q_tp = len(matched_pred)
    q_opt = 0
    for pi, p in enumerate(quotes):
        if pi in matched_pred:
            continue
        if p.start in optional:
            q_opt += 1
        elif verbose:
            print(f"  FALSE quote {path.name}: {p.text[:60]!r} ({p.reason})")

    # --- claims
    def keys(name: str) -> list[int]:
        out = []
        for k in gold.get(name, []):
            ps = _positions(text, _fold(k))
            out.append(ps[0] if ps else -1)
        return out

    must, should, opt = keys("claims_must"), keys("claims_should"), keys("claims_optional")
    any_keys = [k for k in must + should + opt if k >= 0]
    must_hit = 0
    for k, name in zip(must, gold.get("claims_must", [])):
        if any(c.start <= k < c.end for c in claims):
            must_hit += 1
        elif verbose:
            print(f"  MISSED claim {path.name}: {name[:60]!r}")
    c_ok = 0
    for c in claims:
        if any(c.start <= k < c.end for k in any_keys):
            c_ok += 1
        elif verbose:
            print(f"  FALSE claim {path.name}: {c.text[:70]!r} ({c.score:.2f} {c.reason})")
    return {
        "gold_quotes": len(gold_q), "quote_tp": q_tp, "quote_opt": q_opt, "quote_pred": len(quotes),
        "speaker_ok": speaker_ok, "must": len(must), "must_hit": must_hit,
        "claim_pred": len(claims), "claim_ok": c_ok,
    }


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


def speed(sizes: list[int]) -> None:
    print()
    print("speed on generated articles (clean, then suggest)")
    for size in sizes:
        text = generated_article(size)
        t0 = time.perf_counter()
        doc = clean(article_from_text(text))
        t1 = time.perf_counter()
        c1 = time.process_time()
        got = suggest(doc)
        t2 = time.perf_counter()
        c2 = time.process_time()
        mb = len(text.encode("utf-8")) / 1e6
        # CPU time too: on a busy machine the wall clock says more about the neighbours
        print(f"{mb:7.2f} MB  clean {t1 - t0:6.2f} s  suggest {t2 - t1:6.2f} s  "
              f"({(t2 - t1) / mb:5.2f} s/MB; CPU {c2 - c1:6.2f} s, {(c2 - c1) / mb:5.2f} s/MB; "
              f"{len(got)} suggestions)")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    timing = "--speed" in argv or "--10mb" in argv
    huge = "--10mb" in argv
    args = [a for a in argv if a not in ("-v", "--speed", "--10mb")]
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus"
    totals: dict[str, int] = {}
    t0 = time.perf_counter()
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
    for path in files:
        gold_path = path.with_name(path.stem + ".gold.toml")
        if not gold_path.exists():
            continue
        gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
        r = score_article(path, gold, verbose)
        for k, v in r.items():
            totals[k] = totals.get(k, 0) + v
        print(f"{path.name:34} quotes {r['quote_tp']}/{r['gold_quotes']} (pred {r['quote_pred']}, "
              f"speaker ok {r['speaker_ok']})  must claims {r['must_hit']}/{r['must']}  "
              f"claims ok {r['claim_ok']}/{r['claim_pred']}")
    elapsed = time.perf_counter() - t0
    if not totals:
        print(f"no articles with a .gold.toml in {corpus}")
        return 1

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    t = totals
    print()
    print(f"quote recall                      {ratio(t['quote_tp'], t['gold_quotes']):.3f}  "
          f"({t['quote_tp']}/{t['gold_quotes']})   target >= 0.95")
    print(f"speaker accuracy on found quotes  {ratio(t['speaker_ok'], t['quote_tp']):.3f}  "
          f"({t['speaker_ok']}/{t['quote_tp']})   target >= 0.9")
    print(f"quote precision                   {ratio(t['quote_tp'] + t['quote_opt'], t['quote_pred']):.3f}  "
          f"({t['quote_tp']}+{t['quote_opt']} optional/{t['quote_pred']})   target >= 0.9")
    print(f"claims_must recall                {ratio(t['must_hit'], t['must']):.3f}  "
          f"({t['must_hit']}/{t['must']})   target >= 0.95")
    print(f"claim precision                   {ratio(t['claim_ok'], t['claim_pred']):.3f}  "
          f"({t['claim_ok']}/{t['claim_pred']})   target >= 0.85")
    print(f"({len(files)} articles in {elapsed:.2f} s)")
    if timing:
        speed([100_000, 1_000_000] + ([10_000_000] if huge else []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
