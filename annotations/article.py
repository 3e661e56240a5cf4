"""Reading an article file into decoded text.

All offsets in Margin are Unicode code points into ``Article.text``: the file decoded
(BOM stripped) with universal newlines (``\\r\\n`` and ``\\r`` read as ``\\n``).
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ArticleError

MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True)
class Article:
    path: Path
    text: str  # decoded, universal newlines; every offset points in here
    encoding: str  # codec used, e.g. "utf-8", "utf-8-sig", "utf-16", "cp1252"
    sha256: str  # of the file's bytes
    size: int  # bytes on disk

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix.lower() in (".md", ".markdown")

    @property
    def name(self) -> str:
        return self.path.name


def is_article_path(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.endswith(".annotations.toml")


def normalize_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises ArticleError for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
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
    # Not UTF-8: most often a cp1252 or latin-1 scrape. Ask a real detector rather
    # than guess, and record what it chose.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError("could not work out the text encoding (is it a text file?)")
    encoding = best.encoding
    return data.decode(encoding, errors="replace"), encoding


def read_article(path: str | Path) -> Article:
    """Read and decode an article. Every failure is an ArticleError with a one-line message."""
    p = Path(path)
    try:
        if not p.exists():
            raise ArticleError(f"{p}: no such file")
        if p.is_dir():
            raise ArticleError(f"{p}: is a folder, not an article file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"{p}: too big ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)")
        data = p.read_bytes()
    except ArticleError:
        raise
    except PermissionError:
        raise ArticleError(f"{p}: permission denied") from None
    except OSError as err:
        raise ArticleError(f"{p}: cannot read ({err.strerror or err})") from None
    try:
        text, encoding = decode_bytes(data)
    except ArticleError as err:
        raise ArticleError(f"{p}: {err}") from None
    return Article(
        path=p,
        text=normalize_newlines(text),
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def article_from_text(text: str, path: str | Path = "untitled.txt") -> Article:
    """An in-memory article, for tests and generated benchmarks."""
    data = text.encode("utf-8")
    return Article(Path(path), normalize_newlines(text), "utf-8", hashlib.sha256(data).hexdigest(), len(data))
