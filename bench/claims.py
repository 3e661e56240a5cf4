"""Claim figures on both corpora, and the speed of the claims pass.

    python bench/claims.py [-v] [--speed] [--10mb]

* ``../shared/corpus`` (*.gold.toml): claims_must recall (a suggested claim holds the
  first character of the key sentence) and precision (suggested claims that hold any
  must/should/optional key), as in bench/suggest.py.
* ``../shared/corpus-web/*/quotes.gold.toml``: claims_must recall by QUOTES.md (text
  normalised: NBSP to space, whitespace runs to one space; a suggested claim must
  contain the key). The list holds only the clear cases, so precision there has no
  exact answer: this prints the share of claims that hold a must key (a floor), and
  the share whose sentence is article body (in body.txt) rather than page furniture.

Input is the whole file through clean() then suggest(), as a user would have it.
``-v`` lists every missed key and every claim that holds no key.
"""

from __future__ import annotations

import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.article import article_from_text, read_article  # noqa: E402
from annotations.claims import find_claims, score_sentence  # noqa: E402
from annotations.cleaning import clean  # noqa: E402
from annotations.suggest import suggest  # noqa: E402

SHARED = ROOT.parent / "shared"
_SPACE = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACE.sub(" ", s.replace("\u00a0", " ")).strip()


def _claims(path: Path) -> tuple[str, list]:
    article = read_article(path)
    return article.text, [s for s in suggest(clean(article)) if s.tag == "claim"]


def score_gold_corpus(corpus: Path, verbose: bool) -> dict[str, int]:
    t = {"must": 0, "hit": 0, "pred": 0, "ok": 0}
    for path in sorted(corpus.iterdir()):
        gold_path = path.with_name(path.stem + ".gold.toml")
        if path.suffix not in (".txt", ".md") or not gold_path.exists():
            continue
        gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
        raw, claims = _claims(path)
        text = raw.replace("\u00a0", " ")

        def starts(name: str) -> list[tuple[int, str]]:
            return [(text.find(k.replace("\u00a0", " ")), k) for k in gold.get(name, [])]

        must = starts("claims_must")
        keys = [k for k, _ in must + starts("claims_should") + starts("claims_optional") if k >= 0]
        for k, key in must:
            t["must"] += 1
            if any(c.start <= k < c.end for c in claims):
                t["hit"] += 1
            elif verbose:
                print(f"  MISSED {path.name}: {key[:70]!r}")
        for c in claims:
            t["pred"] += 1
            if any(c.start <= k < c.end for k in keys):
                t["ok"] += 1
            elif verbose:
                why = score_sentence(c.text, explain=True)[1]
                print(f"  FALSE  {path.name}: {c.text[:80]!r} ({c.score:.2f} {why})")
    return t


def score_web(corpus: Path, verbose: bool) -> dict[str, int]:
    t = {"must": 0, "hit": 0, "pred": 0, "ok": 0, "body": 0, "pages": 0}
    for gold_path in sorted(corpus.glob("*/quotes.gold.toml")):
        page = gold_path.parent / "page.txt"
        gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
        _, claims = _claims(page)
        body = _norm((gold_path.parent / "body.txt").read_text(encoding="utf-8"))
        must = [_norm(k) for k in gold.get("claims_must", [])]
        texts = [_norm(c.text) for c in claims]
        t["pages"] += 1
        for key in must:
            t["must"] += 1
            if any(key in c for c in texts):
                t["hit"] += 1
            elif verbose:
                print(f"  MISSED {page.parent.name[:8]}: {key[:70]!r}")
        for c, ct in zip(claims, texts):
            t["pred"] += 1
            t["ok"] += any(key in ct for key in must)
            in_body = ct in body
            t["body"] += in_body
            if verbose and not any(key in ct for key in must):
                where = "" if in_body else " [furniture]"
                why = score_sentence(c.text, explain=True)[1]
                print(f"  OTHER  {page.parent.name[:8]}{where}: {ct[:80]!r} ({c.score:.2f} {why})")
    return t


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def speed(sizes: list[int]) -> None:
    from bench.suggest import generated_article  # the invented harbour story, shared

    print("\nclaims pass on generated articles (wall clock; noisy on a shared machine)")
    for size in sizes:
        text = generated_article(size)
        doc = clean(article_from_text(text))
        for i in doc.body_indices():  # sentences are split lazily: keep that out of the figure
            doc.sentences(i)
        t0, c0 = time.perf_counter(), time.process_time()
        got = find_claims(doc, [])
        t1, c1 = time.perf_counter(), time.process_time()
        mb = len(text.encode("utf-8")) / 1e6
        print(f"{mb:7.2f} MB  claims {t1 - t0:6.2f} s  {mb / max(t1 - t0, 1e-9):6.1f} MB/s  "
              f"(CPU {mb / max(c1 - c0, 1e-9):6.1f} MB/s; {len(got)} claims)")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    g = score_gold_corpus(SHARED / "corpus", verbose)
    print(f"corpus      claims_must recall {_ratio(g['hit'], g['must']):.3f} ({g['hit']}/{g['must']})  "
          f"precision {_ratio(g['ok'], g['pred']):.3f} ({g['ok']}/{g['pred']})   "
          "targets >= 0.95, >= 0.85")
    w = score_web(SHARED / "corpus-web", verbose)
    print(f"corpus-web  claims_must recall {_ratio(w['hit'], w['must']):.3f} ({w['hit']}/{w['must']})  "
          f"claims {w['pred']} on {w['pages']} pages: hold a must key {_ratio(w['ok'], w['pred']):.3f}, "
          f"in the body {_ratio(w['body'], w['pred']):.3f}   target recall >= 0.95")
    if "--speed" in argv or "--10mb" in argv:
        speed([1_000_000] + ([10_000_000] if "--10mb" in argv else []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
