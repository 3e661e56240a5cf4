"""Saved web pages as articles (issue 12): block text, furniture outside the main
content, metadata, encodings, re-anchoring after the derivation changes, hostile pages.
Every page here is invented."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import socket
import tomllib
from pathlib import Path

import pytest

from annotations import html as html_mod
from annotations.article import is_article_path, read_article, source_url
from annotations.cleaning import clean
from annotations.document import BLANK, BLOCKQUOTE, HEADING, LIST_ITEM, REASONS, TITLE
from annotations.errors import ArticleError
from annotations.folder import list_articles
from annotations.html import OUTSIDE, main_flags
from annotations.model import make_annotation
from annotations.store import Store
from annotations.textmap import safe_text

SAMPLE = Path(__file__).resolve().parent.parent / "sample_articles" / "harbour-crane.html"
URL = "https://courier.example.org/news/2026/11/harbour-crane-repainted"

BODY = [
    "The Saltmere harbour board agreed on a wet Tuesday evening",
    "Nobody on the quay could remember",
    "“We will keep it because it is ours,” said Marguerite Oyelaran",
    "The repainting will cost about £4,200",
    "That was the whole of a letter from a retired pilot",
    "“If the slipway floods again this winter",
]
FURNITURE = ["Home", "Subscribe", "Advertisement", "Book your winter ferry crossing", "Related stories",
             "Winter ferry timetable cut", "Comments (2)", "Green is the only colour", "Fix the slipway first",
             "All rights reserved", "Privacy policy"]
NEVER = ["tracker", "Injected by a script", "font-family", "turn on JavaScript", "Template text", "Vector text",
         "Type here"]


def page(body: str, head: str = "<title>An invented page</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def story(paragraphs: int = 6) -> str:
    """An invented article body long enough for the extractor to trust it."""
    return "".join(
        f"<p>Paragraph {i} of the story says the ferry to Kelmarsh island will run {i + 2} times a day "
        f"from the spring, and that the harbour master expects about {100 + i} more passengers a week "
        "once the new pier is open to the public.</p>"
        for i in range(paragraphs))


@pytest.fixture(autouse=True)
def own_cache(monkeypatch, tmp_path_factory):
    """A cache folder of the test's own: the extractor's verdicts are cached per page."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    p = tmp_path / "crane.html"
    shutil.copy(SAMPLE, p)
    return p


def shown_body(doc) -> list[str]:
    return [doc.display(i).text for i in doc.body_indices()]


def shown_furniture(doc) -> list[str]:
    return [doc.display(i).text for i, b in enumerate(doc.blocks) if b.boilerplate]


# ------------------------------------------------------------------ the sample page

def test_sample_page_body_title_and_furniture(sample: Path):
    doc = clean(read_article(sample))
    assert doc.title is not None and doc.blocks[doc.title].kind == TITLE
    assert doc.title_text == "Old harbour crane to be repainted green after long board meeting"
    body = "\n".join(shown_body(doc))
    for start in BODY:
        assert start in body
    furniture = "\n".join(shown_furniture(doc))
    for junk in FURNITURE:
        assert junk in furniture, junk
        assert junk not in body, junk
    for b in doc.blocks:
        if b.boilerplate:
            assert b.reason == OUTSIDE
            assert b.reason in REASONS


def test_scripts_styles_templates_and_svg_are_not_text(sample: Path):
    text = read_article(sample).text
    for gone in NEVER:
        assert gone not in text


def test_structure_kept_as_block_kinds(sample: Path):
    doc = clean(read_article(sample))
    kinds = {doc.display(i).text[:30]: b.kind for i, b in enumerate(doc.blocks) if b.kind != BLANK}
    assert kinds["Paint it green, paint it prope"] == BLOCKQUOTE
    assert kinds["the rust will be blasted off t"] == LIST_ITEM
    assert kinds["Related stories"] == HEADING
    # Structure lives in the kinds, not in markers: the text has none.
    assert "> Paint it green" not in doc.text and "- the rust" not in doc.text


def test_blocks_tile_the_text_and_each_is_one_line(sample: Path):
    doc = clean(read_article(sample))
    pos = 0
    for b in doc.blocks:
        assert b.start == pos
        assert b.start <= b.content_start <= b.content_end <= b.end
        assert "\n" not in doc.text[b.content_start:b.content_end]
        pos = b.end
    assert pos == len(doc.text)


def test_metadata_and_record(sample: Path):
    article = read_article(sample)
    page_ = article.html
    assert page_ is not None
    assert page_.url == URL
    assert page_.author == "Ines Calloway"
    assert page_.date == "2026-11-18"
    rec = article.record
    assert rec["source"] == "html"
    assert rec["extractor"] == "trafilatura"
    assert rec["extractor_version"] == html_mod.extractor_version() != "unknown"
    assert rec["html_sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest() == article.sha256
    assert rec["text_sha256"] == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert rec["url"] == URL


def test_same_bytes_same_text_and_offsets(sample: Path):
    a, b = read_article(sample), read_article(sample)
    assert a.text == b.text
    assert a.html == b.html


def test_gzipped_page_reads_like_the_page(sample: Path, tmp_path: Path):
    gz = tmp_path / "crane2.html.gz"
    gz.write_bytes(gzip.compress(sample.read_bytes()))
    a, b = read_article(sample), read_article(gz)
    assert a.text == b.text
    assert b.html is not None and b.html.html_sha256 == a.sha256  # of the unpacked HTML
    assert b.sha256 == hashlib.sha256(gz.read_bytes()).hexdigest()  # of the file, as for any article


def test_the_extractors_verdict_is_cached_and_a_bad_cache_ignored(sample: Path, monkeypatch):
    first = read_article(sample)
    files = list((Path(html_mod._cache_file("x")).parent).glob("*.txt"))
    assert len(files) == 1

    def fail(root):
        raise AssertionError("the extractor ran again")

    monkeypatch.setattr(html_mod, "_extract", fail)
    assert read_article(sample).html == first.html
    files[0].write_text("01x", encoding="ascii")  # damaged: worked out again
    monkeypatch.setattr(html_mod, "_extract", lambda root: "")
    again = read_article(sample)
    assert again.text == first.text and again.html is not None and not again.html.extracted


def test_web_pages_are_articles_of_a_folder(tmp_path: Path):
    for name in ("a.html", "b.htm", "c.html.gz", "d.HTML", "e.txt", "f.css", "g.html.annotations.toml"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in list_articles(tmp_path)] == ["a.html", "b.htm", "c.html.gz", "d.HTML", "e.txt"]
    assert is_article_path(Path("x.htm.gz")) and not is_article_path(Path("x.gz"))


def test_headline_added_from_the_declared_title_when_no_heading_matches(tmp_path: Path):
    p = tmp_path / "p.html"
    p.write_text(page(story(), '<meta property="og:title" content="Ferry to run more often">'), encoding="utf-8")
    doc = clean(read_article(p))
    assert doc.title == 0
    assert doc.title_text == "Ferry to run more often"
    assert doc.text.startswith("Ferry to run more often\n\n")


def test_a_page_the_extractor_finds_nothing_in_is_cleaned_as_text(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_mod, "_extract", lambda root: "")
    p = tmp_path / "p.html"
    p.write_text(page("<p>Share this article</p>" + story(3) + "<p>Advertisement</p>"), encoding="utf-8")
    doc = clean(read_article(p))
    furniture = {doc.display(i).text: b.reason for i, b in enumerate(doc.blocks) if b.boilerplate}
    assert furniture.get("Advertisement") == "advert"
    assert any(t.startswith("Paragraph 1 of the story") for t in shown_body(doc))


# ------------------------------------------------------------------ mapping the extractor's output

def test_main_flags_follow_the_output_in_page_order():
    blocks = ["Home", "News", "The first paragraph of the article has quite a few words in it.",
              "News", "Share this", "The second paragraph also has enough words to be matched whole.",
              "A partly kept paragraph keeps these words but the extractor cut this tail", "Related: News"]
    out = ("The first paragraph of the article has quite a few words in it.\n"
           "News\nThe second paragraph also has enough words to be matched whole.\n"
           "A partly kept paragraph keeps these words but")
    assert main_flags(blocks, out) == [False, False, True, True, False, True, True, False]


def test_main_flags_a_repeated_line_far_ahead_does_not_derail_the_chain():
    long = [f"Sentence number {i} is long enough to be matched as a whole block." for i in range(5)]
    blocks = [long[4]] + long  # a teaser repeating the last paragraph before the article
    out = "\n".join(long)
    assert main_flags(blocks, out) == [False, True, True, True, True, True]


# ------------------------------------------------------------------ encodings

def test_declared_charset_is_honoured(tmp_path: Path):
    p = tmp_path / "p.html"
    p.write_bytes(page("<p>Caf\xe9 cr\xe8me, 5 €</p>", '<meta charset="windows-1252">').encode("cp1252"))
    a = read_article(p)
    assert "Café crème, 5 €" in a.text and a.encoding == "cp1252"


def test_http_equiv_charset(tmp_path: Path):
    p = tmp_path / "p.html"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
    p.write_bytes(page("<p>Prix: 5 \u20ac</p>", head).encode("iso-8859-15"))
    assert "Prix: 5 €" in read_article(p).text


def test_bom_beats_the_declaration(tmp_path: Path):
    p = tmp_path / "p.html"
    p.write_bytes(page("<p>Zoë’s “quote”</p>", '<meta charset="iso-8859-1">').encode("utf-16"))
    assert "Zoë’s “quote”" in read_article(p).text


@pytest.mark.parametrize("declared", ["no-such-charset", "utf-7", "utf-16", "iso-8859-1", "utf-8"])
def test_broken_declarations_fall_back_to_what_the_bytes_are(tmp_path: Path, declared: str):
    p = tmp_path / "p.html"
    p.write_bytes(page("<p>Zoë’s “quote” +ADw-script+AD4-</p>", f'<meta charset="{declared}">').encode("utf-8"))
    text = read_article(p).text
    assert "Zoë’s “quote”" in text
    assert "<script>" not in text  # UTF-7 is never decoded


def test_declared_utf8_that_is_not_is_detected(tmp_path: Path):
    p = tmp_path / "p.html"
    p.write_bytes(page("<p>The caf\xe9 sold cr\xe8me br\xfbl\xe9e for \xa34.</p>", '<meta charset="utf-8">')
                  .encode("cp1252"))
    assert "The café sold crème brûlée for £4." in read_article(p).text


def test_xml_declaration_with_an_encoding(tmp_path: Path):
    p = tmp_path / "p.xhtml"
    p.write_bytes(('<?xml version="1.0" encoding="iso-8859-1"?>' + page("<p>Señor Núñez</p>")).encode("latin-1"))
    assert "Señor Núñez" in read_article(p).text


# ------------------------------------------------------------------ safety

def test_entity_encoded_controls_are_inert_as_in_text_articles(tmp_path: Path):
    p = tmp_path / "p.html"
    p.write_text(page('<h1>Title &#27;]0;pwned&#7; here</h1><p>esc &#27;[31mred&#27;[0m bel &#7; '
                      'rlo &#x202E;txet del &#127; raw \x1b[2J end</p>'), encoding="utf-8")
    a = read_article(p)
    doc = clean(a)
    for i, b in enumerate(doc.blocks):
        if b.kind == BLANK:
            continue
        shown = doc.display(i).text
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in shown)
    assert "␛[31mred␛[0m bel ␇" in "\n".join(doc.display(i).text for i in range(len(doc.blocks)))
    assert "\x1b" not in safe_text(doc.title_text)
    # The raw characters stay in the text (offsets point at them), exactly as in a .txt.
    assert "\x1b[31m" in a.text


def test_no_network_ever(tmp_path: Path, monkeypatch):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    p = tmp_path / "p.html"
    head = ('<title>Linked</title><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            '<script src="http://127.0.0.1:9/x.js"></script>')
    body = ('<!DOCTYPE html SYSTEM "http://127.0.0.1:9/x.dtd"><iframe src="http://127.0.0.1:9/f"></iframe>'
            '<img src="http://127.0.0.1:9/i.png" alt="a photo">' + story())
    p.write_text(page(body, head), encoding="utf-8")
    doc = clean(read_article(p))
    assert any(t.startswith("Paragraph 0") for t in shown_body(doc))
    assert calls == []


def test_deep_nesting_gives_a_cleaned_page(tmp_path: Path):
    p = tmp_path / "deep.html"
    p.write_text(page("<p>Before the pit.</p>" + "<div><span>" * 100_000 + "deep" + "</span></div>" * 100_000),
                 encoding="utf-8")
    article = read_article(p)  # comes back (a hang never would), and cleanly
    doc = clean(article)
    assert "Before the pit." in doc.text


def test_entity_bomb_is_not_expanded(tmp_path: Path):
    p = tmp_path / "bomb.html"
    lol = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    p.write_text(f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{lol}]>'
                 f"<html><body><p>&lol9;</p>{story(2)}</body></html>", encoding="utf-8")
    article = read_article(p)  # comes back (a hang never would), and cleanly
    assert len(article.text) < 10_000
    assert "lollol" not in article.text


def test_a_huge_page_is_refused_with_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_mod, "MAX_HTML_BYTES", 100_000)
    p = tmp_path / "huge.html"
    p.write_text(page(story(1000)), encoding="utf-8")
    with pytest.raises(ArticleError) as err:
        read_article(p)
    assert "huge.html: too big for a web page" in str(err.value) and "\n" not in str(err.value)


def test_a_gzip_bomb_stops_at_the_limit(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_mod, "MAX_HTML_BYTES", 1_000_000)
    p = tmp_path / "bomb.html.gz"
    p.write_bytes(gzip.compress(b"<p>" + b" " * 50_000_000 + b"</p>"))
    with pytest.raises(ArticleError, match="too big for a web page once unpacked"):
        read_article(p)


@pytest.mark.parametrize("data, message", [
    (b"not gzip at all", "not valid gzip data"),
    (gzip.compress(b"<p>cut short here</p>" * 100, mtime=0)[:-30], "cut short"),
], ids=["not-gzip", "cut-short"])
def test_bad_gzip_says_so(tmp_path: Path, data: bytes, message: str):
    p = tmp_path / "bad.html.gz"
    p.write_bytes(data)
    with pytest.raises(ArticleError, match=message):
        read_article(p)


def test_too_many_elements_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_mod, "MAX_ELEMENTS", 1000)
    p = tmp_path / "many.html"
    p.write_text(page("<i>x</i>" * 5000), encoding="utf-8")
    with pytest.raises(ArticleError, match="too many HTML elements"):
        read_article(p)


def test_a_page_too_big_for_the_extractor_is_cleaned_as_text(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_mod, "EXTRACT_ELEMENTS", 20)

    def fail(root):
        raise AssertionError("the extractor ran")

    monkeypatch.setattr(html_mod, "_extract", fail)
    p = tmp_path / "p.html"
    p.write_text(page(story(30) + "<p>Advertisement</p>"), encoding="utf-8")
    doc = clean(read_article(p))
    assert {doc.display(i).text: b.reason for i, b in enumerate(doc.blocks) if b.boilerplate} == {
        "Advertisement": "advert"}


def test_the_walk_has_a_time_limit(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_mod, "TIME_LIMIT", 0.0)
    p = tmp_path / "slow.html"
    p.write_text(page("<b>x</b>" * 10_000), encoding="utf-8")
    with pytest.raises(ArticleError, match="took too long"):
        read_article(p)


def test_binary_and_empty_pages(tmp_path: Path):
    p = tmp_path / "nul.html"
    p.write_bytes(b"<html>\x00\x01\x02</html>")
    with pytest.raises(ArticleError, match="binary"):
        read_article(p)
    e = tmp_path / "empty.html"
    e.write_bytes(b"")
    doc = clean(read_article(e))
    assert doc.text == "" and doc.blocks == []
    s = tmp_path / "scripts.html"
    s.write_text(page("<script>var a = 1;</script><style>p {}</style>", ""), encoding="utf-8")
    assert clean(read_article(s)).text == ""


# ------------------------------------------------------------------ the store

def _toml(path: Path) -> dict:
    return tomllib.loads(path.with_name(path.name + ".annotations.toml").read_text(encoding="utf-8"))


def test_article_table_records_what_produced_the_text(sample: Path):
    article = read_article(sample)
    store = Store(article, author="tester")
    store.load()
    s = article.text.index("The repainting will cost")
    store.annotations.append(make_annotation(article.text, "claim", s, s + 40, author="tester"))
    store.save()
    art = _toml(sample)["article"]
    assert art["sha256"] == article.sha256
    assert art["source"] == "html"
    assert art["extractor"] == "trafilatura" and art["extractor_version"] == html_mod.extractor_version()
    assert art["html_sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest()
    assert art["text_sha256"] == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert art["url"] == URL and art["length"] == len(article.text)


def test_a_new_derivation_reanchors_the_annotations(sample: Path, monkeypatch):
    article = read_article(sample)
    store = Store(article, author="tester")
    store.load()
    quote = "“We will keep it because it is ours,”"
    s = article.text.index(quote)
    store.annotations.append(make_annotation(article.text, "quote", s, s + len(quote), author="tester"))
    store.save()

    # A newer extractor (here: our walk) derives another text from the same bytes.
    walk = html_mod._walk

    def newer(root, started):
        top = (html_mod.PARAGRAPH, 0, "A line a newer version finds at the top of the page.", "p")
        return [top] + walk(root, started)

    monkeypatch.setattr(html_mod, "_walk", newer)
    again = read_article(sample)
    assert again.sha256 == article.sha256 and again.text != article.text
    store2 = Store(again, author="tester")
    report = store2.load()
    assert report.article_changed
    assert report.moved == 1
    (a,) = store2.annotations
    assert again.text[a.start:a.end] == quote
    assert a.start == s + len("A line a newer version finds at the top of the page.\n\n")
    store2.save()
    assert _toml(sample)["article"]["text_sha256"] == hashlib.sha256(again.text.encode("utf-8")).hexdigest()
    assert _toml(sample)["annotations"][0]["start"] == a.start


def test_unchanged_derivation_is_not_a_change(sample: Path):
    article = read_article(sample)
    store = Store(article, author="tester")
    store.load()
    store.annotations.append(make_annotation(article.text, "claim", 10, 20, author="tester"))
    store.save()
    report = Store(read_article(sample), author="tester").load()
    assert not report.article_changed and report.exact == 1


# ------------------------------------------------------------------ the article's URL

def test_source_url_from_page_front_matter_and_url_txt(tmp_path: Path, sample: Path):
    assert source_url(read_article(sample)) == URL
    md = tmp_path / "sub" / "note.md"
    md.parent.mkdir()
    md.write_text("---\ntitle: A note\nurl: https://example.org/a-note\n---\nSome text.\n", encoding="utf-8")
    assert source_url(read_article(md)) == "https://example.org/a-note"
    txt = tmp_path / "other" / "page.txt"
    txt.parent.mkdir()
    txt.write_text("Some text.\n", encoding="utf-8")
    assert source_url(read_article(txt)) is None
    (txt.parent / "url.txt").write_text("\ufeffhttps://example.org/page?id=3\n", encoding="utf-8")
    assert source_url(read_article(txt)) == "https://example.org/page?id=3"
    (txt.parent / "url.txt").write_text("file:///etc/passwd\n", encoding="utf-8")
    assert source_url(read_article(txt)) is None


def test_w3c_export_points_at_the_live_page(sample: Path, tmp_path: Path):
    from annotations.export import collect, write_w3c

    article = read_article(sample)
    store = Store(article, author="tester")
    store.load()
    store.annotations.append(make_annotation(article.text, "claim", 10, 30, author="tester"))
    store.save()
    other = tmp_path / "plain.txt"
    other.write_text("A plain article with no address known.\n", encoding="utf-8")
    st = Store(read_article(other), author="tester")
    st.load()
    st.annotations.append(make_annotation(st.article.text, "claim", 2, 7, author="tester"))
    st.save()
    import io

    out = io.StringIO()
    write_w3c(collect(tmp_path), out)
    items = json.loads(out.getvalue())["first"]["items"]
    sources = {i["target"]["source"] for i in items}
    assert sources == {URL, other.resolve().as_uri()}


def test_main_flags_stay_linear_on_a_page_of_repeats():
    line = "Read more about this story on our website today"
    blocks = [line] * 3000
    # Matching used to search the whole output for every block: this took minutes.
    assert all(main_flags(blocks, "\n".join([line] * 3000)))


def test_rows_line_breaks_and_preformatted_text(tmp_path: Path):
    p = tmp_path / "p.html"
    p.write_text(page("<table><tr><th>Year</th><th>Tonnes</th></tr><tr><td>2025</td><td>4,200</td></tr></table>"
                      "<pre>line one\n  line two</pre><p>First line<br>second line</p>"
                      "<ul><li>Outer<ul><li>Inner item</li></ul></li></ul>"
                      "<p>Inline <b>bold</b><a href='#'>link</a> and   spaces.</p>"), encoding="utf-8")
    doc = clean(read_article(p))
    lines = [(doc.display(i).text, b.kind, b.level) for i, b in enumerate(doc.blocks)
             if b.kind not in (BLANK, TITLE)]
    assert lines == [("Year | Tonnes", "paragraph", 0), ("2025 | 4,200", "paragraph", 0),
                     ("line one", "paragraph", 0), ("line two", "paragraph", 0),
                     ("First line", "paragraph", 0), ("second line", "paragraph", 0),
                     ("Outer", LIST_ITEM, 0), ("Inner item", LIST_ITEM, 1),
                     ("Inline boldlink and spaces.", "paragraph", 0)]
