"""Reading an article file into decoded text.

All offsets in Margin are Unicode code points into ``Article.text``: the file decoded
(BOM stripped) with universal newlines (``\\r\\n`` and ``\\r`` read as ``\\n``).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ArticleError
from .fsio import FileRefused, read_file, read_head

if TYPE_CHECKING:
    from .html import HtmlPage

# A news article is well under 1 MB. Above 64 MB the app would hold several hundred
# megabytes (about 8 to 9 times the file, measured on 50 MB of plain paragraphs), so
# a bigger file is refused with one line before anything is read (issue 13, item 14).
MAX_BYTES = 64 * 1024 * 1024
# A longer line is not an article's text (a minified dump, a data file): cleaning a
# 50 MB single line peaked at about 58 times the file in memory, so it is refused.
MAX_LINE = 1_000_000
# Every file name ending Margin reads as an article: the one place that says so.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

# Characters a Western-European text decoded as cp1252 is made of, beyond ASCII:
# accented letters, typographic quotes and dashes, currency, NBSP and the like.
_WESTERN = frozenset(
    "\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿"
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"
    "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ×÷"
)


@dataclass(frozen=True)
class Article:
    path: Path
    text: str  # decoded, universal newlines; every offset points in here
    encoding: str  # codec used: "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", …
    sha256: str  # of the file's bytes
    size: int  # bytes on disk
    # A saved web page: its blocks, headline and metadata (annotations/html.py). Then
    # ``text`` is the block text derived from the HTML, and clean() uses these blocks.
    html: "HtmlPage | None" = None

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix.lower() in (".md", ".markdown")

    @property
    def record(self) -> dict[str, str]:
        """Keys the annotations file's [article] table records besides file, sha256 and
        length: for a web page, what produced the text (source, extractor, hashes)."""
        return self.html.record() if self.html is not None else {}

    @property
    def name(self) -> str:
        return self.path.name


def is_article_path(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES) and not path.name.endswith(".annotations.toml")


def is_html_path(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def normalize_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shown(path: str | Path) -> str:
    """A path as one printable line: a newline or escape in a file name must not
    break the one-line error or drive the terminal."""
    s = str(path)
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)


def _western(data: bytes) -> str | None:
    """"cp1252" or "latin-1" if ``data`` reads as Western-European text in it, else None.

    Statistical detectors are unsure on short texts and often pick cp1250 or a
    Cyrillic code page for a cp1252 scrape, turning "£" into "Ł". Scrapes that are not
    UTF-8 are nearly always cp1252 or latin-1, so those are tried first: the text must
    decode, its non-ASCII characters must all be ones Western text uses, and they must
    be sprinkled among ASCII letters (a Cyrillic or Greek page decoded this way is
    made mostly of accented "letters").
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # holds a byte cp1252 leaves undefined
    high = [c for c in text if c >= "\x80"]
    if not high or any(c not in _WESTERN for c in high):
        return None
    letters_high = sum(1 for c in high if c.isalpha())
    letters_ascii = sum(1 for c in text if c < "\x80" and c.isalpha())
    if letters_high > 0.25 * (letters_high + letters_ascii):
        return None
    # latin-1 and cp1252 differ only in 0x80-0x9F (C1 controls in latin-1, quotes,
    # dashes and € in cp1252); name the one the bytes actually need.
    return "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises ArticleError (without the file name) for data
    that is not text."""
    if data.startswith(codecs.BOM_UTF8):
        # A BOM says UTF-8; a stray bad byte becomes U+FFFD rather than refusing the file.
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Checked before UTF-16: the UTF-32 LE BOM begins with the UTF-16 LE one.
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError as err:
            raise ArticleError(f"not valid UTF-32 at byte {err.start}") from None
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), "utf-16"
            except UnicodeDecodeError as err:
                raise ArticleError(f"not valid UTF-16 at byte {err.start + len(bom)}") from None
    if b"\x00" in data:
        raise ArticleError("looks like a binary file (it holds NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western:
        return data.decode(western), western
    # Something else: ask a real detector rather than guess, and record what it chose.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError("could not work out the text encoding (is it a text file?)")
    try:
        encoding = codecs.lookup(best.encoding).name
    except LookupError:
        encoding = best.encoding
    return data.decode(best.encoding, errors="replace"), encoding


def read_article(path: str | Path) -> Article:
    """Read and decode an article. Every failure is an ArticleError whose message is one
    line naming the file."""
    p = Path(path)
    name = shown(p)
    try:
        # The one read check (annotations/fsio.py): a regular file, opened without
        # blocking, at most MAX_BYTES; a FIFO or a device would block or never end.
        data = read_file(p, MAX_BYTES)
    except FileNotFoundError:
        raise ArticleError(f"{name}: no such file") from None
    except FileRefused as err:
        reason = {"folder": "is a folder, not an article file",
                  "special": "not a regular file; only text files are read"}.get(err.kind, err.reason)
        raise ArticleError(f"{name}: {reason}") from None
    if is_html_path(p):
        from .html import read_html

        try:
            text, encoding, page = read_html(p, data)
        except ArticleError as err:
            raise ArticleError(f"{name}: {err}") from None
        return Article(p, text, encoding, hashlib.sha256(data).hexdigest(), len(data), page)
    try:
        text, encoding = decode_bytes(data)
    except ArticleError as err:
        raise ArticleError(f"{name}: {err}") from None
    text = normalize_newlines(text)
    longest = first_long_line(text, MAX_LINE)
    if longest:
        raise ArticleError(f"{name}: has a line of {longest:,} characters (the limit is {MAX_LINE:,}); "
                           "not read as an article")
    return Article(
        path=p,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def longest_line(text: str, stop: int | None = None) -> int:
    """The length of the longest line (without its newline); stops early past ``stop``."""
    longest = 0
    pos = 0
    n = len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        if end - pos > longest:
            longest = end - pos
            if stop is not None and longest > stop:
                return longest
        pos = end + 1
    return longest


def first_long_line(text: str, limit: int) -> int:
    """The length of the first line longer than ``limit`` (without its newline), or 0.

    Looks at ``limit + 1`` characters at a time and jumps to the last newline among them:
    a stretch that holds none lies inside a longer line. A few steps for a whole file,
    where ``longest_line`` takes one per line.
    """
    n = len(text)
    pos = 0  # always the start of a line
    while n - pos > limit:
        nl = text.rfind("\n", pos, pos + limit + 1)
        if nl < 0:
            end = text.find("\n", pos)
            return (n if end < 0 else end) - pos
        pos = nl + 1
    return 0


def article_from_text(text: str, path: str | Path = "untitled.txt") -> Article:
    """An in-memory article, for tests and generated benchmarks."""
    data = text.encode("utf-8")
    return Article(Path(path), normalize_newlines(text), "utf-8", hashlib.sha256(data).hexdigest(), len(data))


# ------------------------------------------------------------------ where the article lives

_URL = re.compile(r"https?://[^\s/]+[^\s]*", re.I)
_FRONT_URL = re.compile(r"""^url[ \t]*:[ \t]*["']?(https?://[^\s"']+)["']?[ \t]*$""", re.I | re.M)
URL_FILE = "url.txt"  # a scraper's note of where the pages in its folder came from


def source_url(article: Article) -> str | None:
    """The article's web address where one is known, so an export can point at the live
    page: a web page's canonical link, a Markdown front matter ``url:``, or the first
    line of a ``url.txt`` beside the article. None when none is known."""
    if article.html is not None:
        if article.html.url:
            return article.html.url
    elif article.is_markdown and article.text.startswith("---"):
        end = article.text.find("\n---", 3, 64 * 1024)
        if end > 0:
            m = _FRONT_URL.search(article.text, 0, end)
            if m:
                return m.group(1)
    folder = article.path.parent / URL_FILE
    try:
        st = folder.stat()
    except OSError:
        return None
    return _url_file(str(folder), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=256)
def _url_file(path: str, mtime_ns: int, size: int) -> str | None:
    """The first line of a url.txt when it is one absolute http(s) URL (the stat
    values are the cache key: an edited file is read again)."""
    if size > 64 * 1024:
        return None
    try:
        data = read_head(path, 64 * 1024)  # the one read check: a FIFO url.txt must not hang
    except (OSError, FileRefused):
        return None
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip().lstrip("\ufeff")
        if line:
            m = _URL.fullmatch(line)
            return m.group(0) if m and line.isprintable() else None
    return None
