"""Parse sitemaps (XML, sitemap index, gzip, plain text) and robots.txt ``Sitemap:`` lines.

XML is read with expat and any DTD is refused, so external entities and entity
expansion bombs cannot be used against the checker.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from xml.parsers import expat

from checker.net.urls import resolve

__all__ = [
    "MAX_BYTES",
    "MAX_URLS",
    "Sitemap",
    "SitemapError",
    "parse_sitemap",
    "sitemaps_from_robots",
]

MAX_URLS = 50_000  # per file, as in the sitemap protocol
MAX_BYTES = 50 * 1024 * 1024  # decompressed


class SitemapError(ValueError):
    """The sitemap is malformed, too big, or uses a forbidden XML feature (DTD/entities)."""


@dataclass(frozen=True, slots=True)
class Sitemap:
    """What one sitemap file lists. ``truncated`` is True when ``max_urls`` was reached."""

    pages: tuple[str, ...]  # <urlset><url><loc>
    sitemaps: tuple[str, ...]  # <sitemapindex><sitemap><loc>
    truncated: bool = False


class _Full(Exception):
    """Raised from a handler to stop parsing once enough URLs were collected."""


def _decompress(data: bytes, max_bytes: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        if len(data) > max_bytes:
            raise SitemapError(f"sitemap larger than {max_bytes} bytes")
        return data
    try:
        inflater = zlib.decompressobj(wbits=31)
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SitemapError(f"bad gzip data: {exc}") from exc
    if len(out) > max_bytes:
        raise SitemapError(f"sitemap larger than {max_bytes} bytes once decompressed")
    return out


def _parse_text(text: bytes, max_urls: int) -> Sitemap:
    pages: list[str] = []
    for raw in text.decode("utf-8", errors="replace").splitlines():
        line = raw.strip()
        if line:
            if len(pages) >= max_urls:
                return Sitemap(tuple(pages), (), truncated=True)
            pages.append(line)
    return Sitemap(tuple(pages), ())


def _forbid(*_args: object) -> int:
    raise SitemapError("DTDs and entities are not allowed in sitemaps")


def _parse_xml(data: bytes, max_urls: int) -> Sitemap:
    pages: list[str] = []
    sitemaps: list[str] = []
    stack: list[str] = []
    text: list[str] = []

    def start(name: str, _attrs: object) -> None:
        stack.append(name.rpartition(" ")[2])  # namespace-agnostic local name
        text.clear()

    def end(_name: str) -> None:
        local = stack.pop()
        if local != "loc" or not stack:
            return
        target = {"url": pages, "sitemap": sitemaps}.get(stack[-1])
        loc = "".join(text).strip()
        if target is None or not loc:
            return
        if len(pages) + len(sitemaps) >= max_urls:
            raise _Full
        target.append(loc)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(data, True)
    except _Full:
        return Sitemap(tuple(pages), tuple(sitemaps), truncated=True)
    except expat.ExpatError as exc:
        raise SitemapError(f"malformed sitemap XML: {exc}") from exc
    return Sitemap(tuple(pages), tuple(sitemaps))


def parse_sitemap(data: bytes, *, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> Sitemap:
    """Page and child-sitemap URLs (``<loc>`` text, stripped) of one sitemap file.

    Accepts ``<urlset>`` and ``<sitemapindex>`` in any namespace, gzip-compressed
    data (detected by its magic bytes) and the plain-text format (one URL per line).
    Stops at ``max_urls`` (``truncated=True``); raises :class:`SitemapError` when
    the (decompressed) data exceeds ``max_bytes``, is malformed, or has a DTD.
    """
    data = _decompress(data, max_bytes)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head and not head.startswith(b"<") and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _parse_text(data, max_urls)
    return _parse_xml(data, max_urls)


def sitemaps_from_robots(robots_txt: str, base: str) -> list[str]:
    """Absolute URLs of the ``Sitemap:`` lines of a robots.txt, in order, deduplicated."""
    found: list[str] = []
    for line in robots_txt.splitlines():
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() != "sitemap":
            continue
        url = resolve(base, value.split("#", 1)[0].strip())
        if url is not None and url not in found:
            found.append(url)
    return found
