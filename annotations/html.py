"""Saved web pages (``.html``, ``.htm``, ``.html.gz``) as articles.

A page becomes *block text*: one line per block (headline, heading, paragraph, list
item, block quote, table cell), a blank line between blocks, no markup. That text is
``Article.text``, and every offset points into it as for a text article. It is derived
by our own walk over the lxml tree below, so it depends only on the page's bytes,
``DERIVATION`` and lxml: a newer trafilatura never moves an offset.

trafilatura then says which blocks are the article: a block its extraction does not
hold is furniture with the reason ``outside main content``, so ``f`` still shows it
in place and a user can turn it back into body. When trafilatura finds nothing, the
text cleaner classifies the blocks instead.

Safety: nothing is ever fetched (lxml's no_network, and trafilatura only ever gets the
parsed tree); scripts, styles, templates, noscript, SVG and form controls are dropped;
libxml2 expands no entities of an internal DTD and stops at 256 levels of nesting;
the page's size, its element count and the walk's time are capped, so a hostile page
gives a clear one-line error or a cleaned page. Control characters that come out of
character references stay in the text, as in a text article: the display map
(annotations/textmap.py) makes them inert on screen.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import time
import zlib
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import BLANK, BLOCKQUOTE, HEADING, LIST_ITEM, PARAGRAPH, TITLE, Block, Document
from .errors import ArticleError

if TYPE_CHECKING:
    from .article import Article

# Bump when the walk derives a different text from the same bytes: the annotations
# then re-anchor (the store sees text_sha256 change), as after an edit.
DERIVATION = "margin-html 1"
MAX_HTML_BYTES = 32 * 2**20  # unpacked; a saved news page is well under 5 MB
MAX_ELEMENTS = 500_000
# trafilatura's time grows faster than the page (about 3 s at 12,000 elements); above
# this the text cleaner decides what is furniture, in linear time. News pages have a
# few thousand elements at most (the web corpus: 1,600).
EXTRACT_ELEMENTS = 10_000
TIME_LIMIT = 20.0  # seconds for our walk; trafilatura's time is bounded by the caps
OUTSIDE = "outside main content"
MAIN_SHARE = 0.5  # a block is main content when trafilatura holds this share of its words

_BLOCK_TAGS = frozenset("""
address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p
pre section summary table tbody tfoot thead tr ul
""".split())
# A table row is one block, its cells joined by " | " (a data table stays readable); a
# cell holding paragraphs (a page laid out with a table) still breaks at each of them.
_CELLS = frozenset(("td", "th"))
# Never text of the page: code, styles, embedded documents and form controls.
_DROP_TAGS = frozenset("""
applet audio base button canvas datalist embed frame frameset head iframe input link map math
meta noscript object optgroup option param script select source style svg template textarea
title track video
""".split())
_LISTS = frozenset(("ul", "ol", "dl", "menu", "dir"))
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_WORD = re.compile(r"\w+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# Labels browsers read otherwise (WHATWG Encoding): latin-1 and ASCII mean windows-1252,
# and a page that declares UTF-16 without a BOM is read as UTF-8.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "utf-32": "utf-8",
    "x-user-defined": "cp1252", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
}
_REFUSED = frozenset(("utf-7", "utf_7", "utf7", "unicode-1-1-utf-7", "replacement"))
_WESTERN = frozenset(("cp1252", "latin_1", "iso8859-1", "cp1254", "iso8859-15"))


@dataclass(frozen=True)
class HtmlBlock:
    """One block of the derived text: its content span, kind, and whether it is article."""

    kind: str
    start: int
    end: int
    level: int = 0
    main: bool = False
    tag: str = ""  # the element it came from (h1, p, li, td …)


@dataclass(frozen=True)
class HtmlPage:
    """What a page gave besides its text; kept in ``Article.html``."""

    blocks: tuple[HtmlBlock, ...]
    title: int | None  # the headline block
    extracted: bool  # trafilatura found the article (else the text cleaner decides)
    meta_title: str = ""
    author: str = ""
    date: str = ""
    url: str = ""  # canonical URL (link rel=canonical, else og:url), absolute http(s)
    charset: str = ""
    html_sha256: str = ""  # of the HTML (unpacked for .html.gz)
    text_sha256: str = ""  # of the derived text
    extractor_version: str = ""

    def record(self) -> dict[str, str]:
        """The keys written to the annotations file's [article] table: what produced the text."""
        d = {"source": "html", "extractor": "trafilatura", "extractor_version": self.extractor_version,
             "derivation": DERIVATION, "html_sha256": self.html_sha256, "text_sha256": self.text_sha256}
        for key, value in (("url", self.url), ("title", self.meta_title), ("author", self.author),
                           ("date", self.date)):
            if value:
                d[key] = value
        return d


# ------------------------------------------------------------------ reading

def unpack(data: bytes, gz: bool) -> bytes:
    """The HTML bytes, gunzipped when ``gz``, never more than MAX_HTML_BYTES (a gzip
    bomb stops there). Raises ArticleError without the file name."""
    if not gz:
        if len(data) > MAX_HTML_BYTES:
            raise ArticleError(f"too big for a web page ({_mb(len(data))}; the limit is {_mb(MAX_HTML_BYTES)})")
        return data
    out = bytearray()
    rest = data
    try:
        while rest:
            d = zlib.decompressobj(wbits=31)  # gzip only; several members are read in turn
            chunk = d.decompress(rest, MAX_HTML_BYTES + 1 - len(out))
            out += chunk
            if len(out) > MAX_HTML_BYTES:
                raise ArticleError(f"too big for a web page once unpacked (over {_mb(MAX_HTML_BYTES)})")
            if not d.eof:
                if d.unconsumed_tail:
                    raise ArticleError(f"too big for a web page once unpacked (over {_mb(MAX_HTML_BYTES)})")
                raise ArticleError("the gzip data is cut short")
            rest = d.unused_data.lstrip(b"\x00")
    except zlib.error:
        raise ArticleError("not valid gzip data") from None
    return bytes(out)


def declared_charset(data: bytes) -> str | None:
    """The Python codec the page declares (meta charset, http-equiv, XML declaration),
    as browsers read the label; None when it declares none, or nothing usable."""
    m = _XML_ENCODING.match(data[:200]) or _META_CHARSET.search(data[:16384])
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in _REFUSED:
        return None  # UTF-7 could smuggle markup past every check; browsers refuse it too
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label: detect instead


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, codec): the BOM first, then the declared charset, then detection. Raises
    ArticleError (without the file name)."""
    from .article import decode_bytes

    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)  # a BOM beats any declaration, as in browsers
    declared = declared_charset(data)
    if declared is None or b"\x00" in data:
        return decode_bytes(data)  # detection; NUL bytes: "binary", as for text
    if declared in _WESTERN or declared == "utf-8":
        # Broken declarations are common: a page that decodes as UTF-8 is UTF-8 (other
        # text almost never does), and a "UTF-8" page that does not is detected.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if declared == "utf-8":
                return decode_bytes(data)
    return data.decode(declared, errors="replace"), declared


def _parse(text: str) -> Any:
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    # Comments and processing instructions go; no network; no huge trees (libxml2 then
    # stops at 256 levels of nesting and caps text nodes).
    parser = HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                        collect_ids=False, default_doctype=False, remove_blank_text=False)
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses a str that declares its encoding
    if not text.strip():
        return None
    try:
        return document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def read_html(path: Path, data: bytes, extract: bool = True) -> tuple[str, str, HtmlPage]:
    """(text, codec, page) for the file's bytes. Raises ArticleError (without the name).
    ``extract=False`` leaves trafilatura out (the text is the same; the page then has no
    main-content verdict): the first frame of a big page needs only the text."""
    gz = path.name.lower().endswith(".gz")
    html = unpack(data, gz)
    decoded, codec = decode_html(html)
    root = _parse(decoded)
    started = time.monotonic()
    if root is None:
        return "", codec, HtmlPage((), None, False, charset=codec, html_sha256=_sha(html), text_sha256=_sha(b""))
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise ArticleError(f"too many HTML elements ({count:,}; the limit is {MAX_ELEMENTS:,})")
    meta = _metadata(root)
    raw_blocks = _walk(root, started)
    title, prepend = _choose_title(raw_blocks, meta["title"])
    if prepend:
        raw_blocks.insert(0, (HEADING, 1, prepend, "title"))
        title = 0
    parts: list[str] = []
    blocks: list[HtmlBlock] = []
    pos = 0
    for kind, level, s, tag in raw_blocks:
        blocks.append(HtmlBlock(kind, pos, pos + len(s), level, False, tag))
        parts.append(s)
        pos += len(s) + 2
    text = "\n\n".join(parts) + ("\n" if parts else "")
    key = _cache_key(html)
    flags = _cached_flags(key, len(raw_blocks)) if CACHE and extract else None
    if flags is None and extract:
        main_text = _extract(root) if count <= EXTRACT_ELEMENTS else ""
        flags = main_flags([s for _, _, s, _ in raw_blocks], main_text) if main_text else None
        if CACHE:
            _cache_flags(key, flags)
    if flags is not None and not any(flags):
        flags = None  # the extractor found nothing (or nothing of ours): the text cleaner decides
    if flags is not None:
        blocks = [replace(b, main=f) for b, f in zip(blocks, flags)]
    page = HtmlPage(tuple(blocks), title, flags is not None, meta_title=meta["title"], author=meta["author"],
                    date=meta["date"],
                    url=meta["url"], charset=codec, html_sha256=_sha(html),
                    text_sha256=_sha(text.encode("utf-8")), extractor_version=extractor_version())
    return text, codec, page


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("trafilatura")
    except PackageNotFoundError:
        return "unknown"


# ------------------------------------------------------------------ the walk

def _tag(el: Any) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # a comment, a processing instruction, an entity
    if "}" in tag:
        tag = tag.rsplit("}", 1)[1]
    return tag.lower()


def _walk(root: Any, started: float) -> list[tuple[str, int, str, str]]:
    """(kind, level, text, tag) of each block, in page order. Iterative: no recursion
    limit to hit, whatever the nesting."""
    out: list[tuple[str, int, str, str]] = []
    buf: list[str] = []
    ctx: list[tuple[str, int]] = []  # the kind-giving elements we are inside
    tags: list[str] = []  # the block elements we are inside
    depth = [0]  # lists we are inside
    pre = [0]

    def flush() -> None:
        if not buf:
            return
        s = "".join(buf)
        buf.clear()
        kind, level = ctx[-1] if ctx else (PARAGRAPH, 0)
        tag = tags[-1] if tags else ""
        lines = s.split("\n") if pre[0] else [s]
        for line in lines:
            line = _HTML_WS.sub(" ", line).strip()
            if line:
                out.append((kind, level, line, tag))

    def add(s: str | None) -> None:
        if s:
            buf.append(s)

    steps = 0
    stack: list[tuple[bool, Any]] = [(True, root)]
    while stack:
        start, el = stack.pop()
        steps += 1
        if steps % 4096 == 0 and time.monotonic() - started > TIME_LIMIT:
            raise ArticleError(f"this web page took too long to read (over {TIME_LIMIT:.0f} s)")
        tag = _tag(el)
        if start:
            # Hidden elements stay: a "read more" often hides the rest of the article
            # until a click; the extractor decides, and furniture is still one key away.
            if tag is None or tag in _DROP_TAGS:
                add(el.tail)
                continue
            if tag == "br":
                if pre[0]:
                    add("\n")
                else:
                    flush()
                add(el.tail)
                continue
            if tag in _CELLS and buf and "".join(buf).strip():
                add(" | ")
            if tag in _BLOCK_TAGS:
                flush()
                tags.append(tag)
                if tag[0] == "h" and tag[1:].isdigit():
                    ctx.append((HEADING, int(tag[1:])))
                elif tag in ("li", "dt", "dd"):
                    ctx.append((LIST_ITEM, max(0, depth[0] - 1)))
                elif tag == "blockquote":
                    ctx.append((BLOCKQUOTE, 0))
                elif tag in _LISTS:
                    depth[0] += 1
                elif tag == "pre":
                    pre[0] += 1
            add(el.text)
            stack.append((False, el))
            stack.extend((True, child) for child in reversed(el))
        else:
            if tag in _BLOCK_TAGS:
                flush()
                tags.pop()
                if (tag[0] == "h" and tag[1:].isdigit()) or tag in ("li", "dt", "dd", "blockquote"):
                    ctx.pop()
                elif tag in _LISTS:
                    depth[0] -= 1
                elif tag == "pre":
                    pre[0] -= 1
            add(el.tail)
    flush()
    return out


# ------------------------------------------------------------------ metadata and title

def _clean_meta(s: str | None) -> str:
    return _HTML_WS.sub(" ", s or "").strip()


def _absolute_url(s: str | None) -> str:
    s = (s or "").strip()
    if re.match(r"(?i)https?://[^\s/]+", s) and s.isprintable() and " " not in s:
        return s
    return ""


def _metadata(root: Any) -> dict[str, str]:
    def first(xpath: str) -> str:
        for v in root.xpath(xpath):
            v = _clean_meta(str(v))
            if v:
                return v
        return ""

    url = ""
    for href in root.xpath("//link[@href]"):
        rels = (href.get("rel") or "").lower().split()
        if "canonical" in rels:
            url = _absolute_url(href.get("href"))
            if url:
                break
    if not url:
        for v in root.xpath("//meta[@property='og:url' or @name='og:url']/@content"):
            url = _absolute_url(str(v))
            if url:
                break
    title = (first("//meta[@property='og:title' or @name='og:title']/@content")
             or first("//meta[@name='twitter:title' or @property='twitter:title']/@content")
             or first("//title//text()"))
    ld = _json_ld(root)
    author = ""
    for v in root.xpath(_AUTHOR_XPATH):
        v = _clean_meta(str(v))
        if v and not _absolute_url(v):  # article:author is often a profile URL
            author = v
            break
    author = author or ld.get("author", "")
    date = ""
    for v in root.xpath(_DATE_XPATH) + ([ld["date"]] if "date" in ld else []):
        m = _ISO_DATE.match(_clean_meta(str(v)))
        if m:
            date = m.group(0)
            break
    return {"title": title[:500], "url": url[:2000], "author": author[:300], "date": date}


_AUTHOR_XPATH = ("//meta[@name='author' or @property='author' or @name='byl' or @name='dc.creator'"
                 " or @name='DC.creator' or @name='parsely-author' or @name='sailthru.author'"
                 " or @property='article:author']/@content | //a[@rel='author']//text()")
_DATE_XPATH = ("//meta[@property='article:published_time' or @name='article:published_time'"
               " or @itemprop='datePublished' or @name='date' or @name='dc.date' or @name='DC.date'"
               " or @name='pubdate' or @name='publish-date' or @name='parsely-pub-date'"
               " or @name='sailthru.date']/@content | //*[@itemprop='datePublished']/@datetime"
               " | //time/@datetime")
_ISO_DATE = re.compile(r"(19|20)\d\d-[01]\d-[0-3]\d")


def _json_ld(root: Any) -> dict[str, str]:
    """Author and date from the page's JSON-LD (schema.org NewsArticle and kin)."""
    import json

    out: dict[str, str] = {}
    for script in root.xpath("//script[@type='application/ld+json']")[:10]:
        raw = script.text or ""
        if len(raw) > 200_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        seen = 0
        while stack and seen < 200 and len(out) < 2:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            if "@graph" in item:
                stack.append(item["@graph"])
            date = item.get("datePublished")
            if isinstance(date, str) and "date" not in out:
                out["date"] = date
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and author.strip() and "author" not in out:
                out["author"] = _clean_meta(author)
    return out


def _words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def _choose_title(blocks: list[tuple[str, int, str, str]], meta_title: str) -> tuple[int | None, str]:
    """(index of the headline block, "") or (None, text of a headline to add on top).

    The headline is the heading that best matches the page's declared title (og:title,
    <title>): it is usually the h1. Without one, the declared title is added as the
    first block, so every page has a headline to show."""
    want = set(_words(meta_title))
    best: tuple[float, int] | None = None
    first_h1 = None
    for i, (kind, level, s, tag) in enumerate(blocks):
        if kind != HEADING:
            continue
        if tag == "h1" and first_h1 is None:
            first_h1 = i
        have = set(_words(s))
        if not have or not want:
            continue
        common = len(have & want)
        if common / len(have) < 0.7 or common / len(want) < 0.4:
            continue
        score = common / len(have | want) + (0.1 if tag == "h1" else 0.0)
        if best is None or score > best[0]:
            best = (score, i)
    if best is not None:
        return best[1], ""
    if meta_title and _words(meta_title):
        return None, meta_title
    return first_h1, ""


# ------------------------------------------------------------------ main content

# trafilatura is most of the time a page takes to open; its verdict depends only on the
# bytes and the versions, so it is kept in the user's cache folder, one small file a
# page. The folder list reads every title first, so a page opened from it opens fast.
# The text is never cached: it is derived afresh each time (it is cheap).
_SETTINGS = "precision,no-comments,tables,no-metadata"
CACHE = True  # the benchmark turns it off to time the work itself


def _cache_key(html: bytes) -> str:
    import lxml.etree

    versions = f"{DERIVATION}|{extractor_version()}|{lxml.etree.LXML_VERSION}|{_SETTINGS}|{EXTRACT_ELEMENTS}"
    return hashlib.sha256(versions.encode() + b"\0" + html).hexdigest()


def _cache_file(key: str) -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("margin")) / "html-main" / f"{key}.txt"


def _cached_flags(key: str, n: int) -> list[bool] | None:
    """The cached main-content flags ([] when the extractor found nothing), or None."""
    try:
        data = _cache_file(key).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    if data == "none":
        return []
    if len(data) != n or data.strip("01"):
        return None  # damaged, or not ours: work it out again
    return [c == "1" for c in data]


def _cache_flags(key: str, flags: list[bool] | None) -> None:
    import os
    import tempfile

    try:
        path = _cache_file(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write("none" if flags is None else "".join("1" if x else "0" for x in flags))
        os.replace(tmp, path)
    except OSError:
        pass  # a cache we cannot write only costs time

def _quiet() -> None:
    # trafilatura logs "discarding data" and the like; Python's last-resort handler
    # would print them over the app.
    for name in ("trafilatura", "htmldate", "justext", "courlan", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _extract(root: Any) -> str:
    """trafilatura's article text for the parsed page ("" when it finds none).

    It gets the tree, never a URL or bytes, so it has nothing to fetch; it copies the
    tree before changing it. Precision first and no comments: measured on the web
    corpus (bench/cleaning_html.py), that is its best setting. Its metadata pass is
    left out (a third of its time); _metadata reads the page's own tags instead."""
    _quiet()
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(root, favor_precision=True, include_comments=False,
                                          include_tables=True, with_metadata=False, deduplicate=False)
    except Exception:  # noqa: BLE001 - an extractor bug must not stop the page from opening
        return ""
    if doc is None:
        return ""
    text = doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)
    return text if isinstance(text, str) else ""


def main_flags(blocks: list[str], main_text: str) -> list[bool]:
    """For each block, whether ``main_text`` (the extractor's output) holds it.

    Word sequences are matched, so spacing, punctuation and line breaks do not matter.
    First the longer blocks found whole in the output are chained in page order (the
    heaviest chain wins, so a repeated menu line cannot pull the chain off course);
    then each block between two chained ones is compared word by word with the output
    between them, and is main when MAIN_SHARE of its words are there."""
    out_words = _words(main_text)
    words = [_words(s) for s in blocks]
    flags = [False] * len(blocks)
    if not out_words:
        return flags
    # Where each run of four output words starts, to find a block in O(its length).
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(out_words) - 3):
        index.setdefault(tuple(out_words[j:j + 4]), []).append(j)
    # Candidates: (block, first word, end word, weight) for long blocks found whole. A
    # block whose first words recur very often in the output (a repeated line) keeps
    # the places near the previous block's, where page order says it belongs.
    cands: list[tuple[int, int, int, int]] = []
    hint = 0
    for i, ws in enumerate(words):
        if len(ws) < 4:
            continue
        places = index.get(tuple(ws[:4]), [])
        if len(places) > 40:
            k = max(0, bisect_right(places, hint) - 5)
            places = places[k:k + 35]
        found = [a for a in places if out_words[a:a + len(ws)] == ws]
        if found:
            hint = found[0]
        cands.extend((i, a, a + len(ws), len(ws)) for a in found)
    chain = _heaviest_chain(cands, len(out_words))
    for i, _, _, _ in chain:
        flags[i] = True
    # Fill the gaps between chained blocks.
    bounds = [(-1, 0)] + [(i, z) for i, _, z, _ in chain] + [(len(blocks), len(out_words))]
    starts_of = {i: a for i, a, _, _ in chain}
    for (i0, z0), (i1, _) in zip(bounds, bounds[1:]):
        a1 = starts_of.get(i1, len(out_words))
        gap = [i for i in range(i0 + 1, i1) if words[i]]
        if gap and a1 > z0:
            _fill(gap, words, out_words[z0:a1], flags)
    return flags


def _heaviest_chain(cands: list[tuple[int, int, int, int]], n: int) -> list[tuple[int, int, int, int]]:
    """The set of candidates, at most one per block, increasing in both block and output
    position without overlap, whose weights sum highest (a Fenwick tree of prefix maxima
    over output positions; O(k log n))."""
    size = n + 2
    tree_v = [0] * (size + 1)
    tree_i = [-1] * (size + 1)

    def query(p: int) -> tuple[int, int]:  # best over end positions <= p
        v, idx = 0, -1
        p += 1
        while p > 0:
            if tree_v[p] > v:
                v, idx = tree_v[p], tree_i[p]
            p -= p & -p
        return v, idx

    def update(p: int, v: int, idx: int) -> None:
        p += 1
        while p <= size:
            if v > tree_v[p]:
                tree_v[p], tree_i[p] = v, idx
            p += p & -p

    prev = [-1] * len(cands)
    value = [0] * len(cands)
    k = 0
    best_v, best_i = 0, -1
    while k < len(cands):
        block = cands[k][0]
        group = []
        while k < len(cands) and cands[k][0] == block:
            group.append(k)
            k += 1
        for c in group:  # query all of a block's candidates before any of them is stored
            _, a, _, w = cands[c]
            v, p = query(a)
            value[c], prev[c] = v + w, p
        for c in group:
            update(cands[c][2], value[c], c)
            if value[c] > best_v:
                best_v, best_i = value[c], c
    chain = []
    while best_i >= 0:
        chain.append(cands[best_i])
        best_i = prev[best_i]
    return chain[::-1]


def _fill(gap: list[int], words: list[list[str]], out: list[str], flags: list[bool]) -> None:
    """Mark the blocks of ``gap`` whose words mostly align, in order, with ``out``."""
    seq: list[str] = []
    owner: list[int] = []
    for i in gap:
        seq.extend(words[i])
        owner.extend([i] * len(words[i]))
    matched = [0] * len(seq)
    if len(seq) * len(out) <= 4_000_000:
        from difflib import SequenceMatcher

        sm = SequenceMatcher(None, seq, out, autojunk=False)
        for a, _, size in sm.get_matching_blocks():
            for j in range(a, a + size):
                matched[j] = 1
    else:  # too big to align: count the words the output holds at all
        have = set(out)
        matched = [1 if w in have else 0 for w in seq]
    hits: dict[int, int] = {}
    for j, i in enumerate(owner):
        hits[i] = hits.get(i, 0) + matched[j]
    for i in gap:
        if hits.get(i, 0) >= MAIN_SHARE * len(words[i]):
            flags[i] = True


# ------------------------------------------------------------------ the document

def html_document(article: "Article") -> Document:
    """The cleaned Document of an HTML article: the page's blocks, furniture where
    trafilatura's extraction does not reach (or where the text cleaner says so when
    trafilatura found nothing)."""
    page = article.html
    assert page is not None
    text = article.text
    fallback: dict[int, tuple[bool, str]] = {}
    if not page.extracted:
        from .cleaning import clean

        plain = clean(replace(article, html=None))
        fallback = {b.start: (b.boilerplate, b.reason) for b in plain.blocks if b.kind != BLANK}
    blocks: list[Block] = []
    title = None
    pos = 0
    for i, hb in enumerate(page.blocks):
        if hb.start > pos:
            blocks.append(Block(BLANK, pos, hb.start, pos, pos))
        end = min(len(text), hb.end + 1)
        if i == page.title:
            title = len(blocks)
            blocks.append(Block(TITLE, hb.start, end, hb.start, hb.end, level=hb.level))
        else:
            if page.extracted:
                furniture, reason = not hb.main, OUTSIDE
            else:
                furniture, reason = fallback.get(hb.start, (False, ""))
            blocks.append(Block(hb.kind, hb.start, end, hb.start, hb.end, furniture,
                                (reason or "other") if furniture else "", hb.level))
        pos = end
    if pos < len(text):
        blocks.append(Block(BLANK, pos, len(text), pos, pos))
    return Document(article, blocks, title, None)
