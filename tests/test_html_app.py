"""A saved web page through every command and in the app (issue 12). The page is our
own invented sample (sample_articles/harbour-crane.html)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotations.article import read_article
from annotations.model import make_annotation
from annotations.store import Store
from tests.conftest import screen_text, wait_loaded
from tui.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "sample_articles" / "harbour-crane.html"
URL = "https://courier.example.org/news/2026/11/harbour-crane-repainted"
TITLE = "Old harbour crane to be repainted green after long board meeting"
QUOTE = "“We will keep it because it is ours,”"

pytestmark = pytest.mark.usefixtures("fixed_user")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "crane.html")
    return tmp_path


@pytest.fixture
def annotated(folder: Path) -> Path:
    path = folder / "crane.html"
    article = read_article(path)
    store = Store(article, author="tester")
    store.load()
    s = article.text.index(QUOTE)
    store.annotations.append(make_annotation(article.text, "quote", s, s + len(QUOTE), author="tester",
                                             speaker="Marguerite Oyelaran"))
    store.save()
    return path


def test_clean_prints_the_article_without_furniture(folder: Path, capsys):
    assert main(["clean", str(folder / "crane.html")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(TITLE + "\n\n")
    assert "The Saltmere harbour board agreed" in out
    for junk in ("Subscribe", "Advertisement", "Related stories", "Fix the slipway first", "window.tracker"):
        assert junk not in out


def test_clean_json_gives_the_reason(folder: Path, capsys):
    assert main(["clean", "--json", str(folder / "crane.html")]) == 0
    data = json.loads(capsys.readouterr().out)
    reasons = {b["reason"] for b in data["blocks"] if b.get("boilerplate")}
    assert reasons == {"outside main content"}
    assert data["title"] == TITLE
    meta = data["article"]
    assert (meta["source"], meta["url"], meta["author"], meta["date"]) == ("html", URL, "Ines Calloway", "2026-11-18")


def test_suggest_finds_the_quote_and_its_speaker(folder: Path, capsys):
    assert main(["suggest", "--json", "--tag", "quote", str(folder / "crane.html")]) == 0
    quotes = json.loads(capsys.readouterr().out)
    text = read_article(folder / "crane.html").text
    hit = [q for q in quotes if QUOTE.strip("“”,") in text[q["start"]:q["end"]]]
    assert hit and hit[0]["speaker"] == "Marguerite Oyelaran"
    # Nothing is suggested from the comments below the article.
    assert not any("slipway first" in q["text"] for q in quotes)


def test_check_review_stats_export_on_a_web_page(annotated: Path, capsys):
    folder = annotated.parent
    assert main(["check", str(annotated)]) == 0
    assert "ok (1 annotation)" in capsys.readouterr().out
    assert main(["review", "--json", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "crane.html" in out and "Marguerite Oyelaran" in out
    assert main(["stats", "--json", str(folder)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 1 and stats["articles"]["crane.html"]["tags"] == {"quote": 1}
    assert main(["export", "-f", "w3c", str(folder)]) == 0
    w3c = json.loads(capsys.readouterr().out)
    (item,) = w3c["first"]["items"]
    assert item["target"]["source"] == URL
    assert item["target"]["selector"][0]["exact"] == QUOTE
    assert main(["export", "-f", "jsonl", str(folder)]) == 0
    rec = json.loads(capsys.readouterr().out)
    (span,) = rec["spans"]
    assert rec["text"][span["start"]:span["end"]] == QUOTE


def test_check_reports_a_derivation_change(annotated: Path, capsys, monkeypatch):
    from annotations import html as html_mod

    walk = html_mod._walk
    monkeypatch.setattr(html_mod, "_walk", lambda root, started: [
        (html_mod.PARAGRAPH, 0, "Inserted by a newer extractor.", "p")] + walk(root, started))
    main(["check", str(annotated)])
    out = capsys.readouterr()
    assert "moved" in (out.out + out.err)


def test_export_brat_writes_the_derived_text(annotated: Path, tmp_path: Path):
    out = tmp_path / "brat"
    assert main(["export", "-f", "brat", "-o", str(out), str(annotated.parent)]) == 0
    txt = (out / "crane.html.txt").read_text(encoding="utf-8")
    assert txt == read_article(annotated).text
    assert QUOTE in (out / "crane.html.ann").read_text(encoding="utf-8")


async def test_the_app_shows_the_page_title_and_body_and_hides_furniture(folder: Path):
    from tui import MarginApp

    app = MarginApp(folder / "crane.html")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_loaded(pilot)
        shown = screen_text(app)
        assert "Old harbour crane to be repainted green" in shown
        assert "The Saltmere harbour board agreed" in shown
        for junk in ("Subscribe", "News › Harbour", "window.tracker", "font-family"):
            assert junk not in shown
        # f shows the furniture in place, with its reason.
        await pilot.press("f")
        await pilot.pause()
        shown = screen_text(app)
        assert "[outside main content]" in shown
        assert "Subscribe" in shown


async def test_the_app_lists_web_pages_in_a_folder(folder: Path):
    from tui import MarginApp

    (folder / "notes.txt").write_text("A plain note about the harbour.\n", encoding="utf-8")
    app = MarginApp(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        import asyncio

        for _ in range(200):
            if TITLE[:40] in screen_text(app):
                break
            await asyncio.sleep(0.05)
        shown = screen_text(app)
        assert "crane.html" in shown  # the file name, in the folder list
        assert TITLE[:40] in shown


def test_opening_a_big_page_draws_no_markup_first(tmp_path: Path):
    from annotations.opening import FirstPart, Opened, open_stages

    p = tmp_path / "big.html"
    paras = "".join(f"<p>Paragraph {i} of an invented report on the harbour wall repairs, which the board "
                    f"says will take {i % 9 + 2} weeks.</p>" for i in range(800))
    p.write_text(f"<html><head><title>Harbour wall</title></head><body>{paras}</body></html>", encoding="utf-8")
    stages = list(open_stages(p, first_part_bytes=16 * 1024, count=False))
    (part,) = [s for s in stages if isinstance(s, FirstPart)]
    (opened,) = [s for s in stages if isinstance(s, Opened)]
    assert "<p>" not in opened.article.text and "Paragraph 799 of an invented report" in opened.article.text
    # the first part is the page's own text, not its markup, at the same offsets
    assert "<p>" not in part.document.text and "Paragraph 0 of an invented report" in part.document.text
    assert len(part.document.text) <= 16 * 1024 and opened.first_part_matches


def test_a_big_pages_first_part_needs_no_trafilatura(tmp_path: Path):
    # trafilatura's import and pass are most of a page's opening time: the first frame
    # of a big page is drawn without them
    import subprocess
    import sys

    p = tmp_path / "big.html"
    paras = "".join(f"<p>Paragraph {i} of an invented report on the harbour wall repairs.</p>" for i in range(900))
    p.write_text(f"<html><head><title>Harbour wall</title></head><body>{paras}</body></html>", encoding="utf-8")
    probe = ("import sys; from pathlib import Path; from annotations.opening import first_part; "
             "part = first_part(Path(sys.argv[1]), 16384); "
             "print(part is not None, 'trafilatura' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True, timeout=60)
    assert r.stdout.split() == ["True", "False"], r.stderr


def test_margin_on_a_broken_page_says_why_in_one_line(tmp_path: Path, capsys):
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"this is not gzip")
    assert main([str(bad)]) == 1
    err = capsys.readouterr().err
    assert err == f"margin: {bad}: not valid gzip data\n"
