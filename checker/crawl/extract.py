"""Extract what a page links to or loads, with selectolax (lexbor), without I/O."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checker.crawl.css import extract_css_urls
from checker.net.urls import resolve_parts

__all__ = [
    "Link",
    "PageLinks",
    "extract_css_links",
    "extract_links",
    "has_anchor",
    "parse_meta_refresh",
    "parse_srcset",
]

Kind = Literal["page", "asset"]


@dataclass(frozen=True, slots=True)
class Link:
    """One URL a page links to (``page``) or loads (``asset``)."""

    url: str  # absolute, normalised, without fragment
    fragment: str | None  # as written after "#", None when there is no "#"
    kind: Kind
    element: str  # where it came from: "a", "img", "link[stylesheet]", "meta[refresh]", "css"...


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Everything extracted from one HTML page."""

    links: tuple[Link, ...]
    anchors: frozenset[str]  # fragment targets: every id, and <a name>
    canonical: str | None  # normalised <link rel=canonical>, also listed in links
    title: str | None
    base: str  # the URL relative references were resolved against
    form_actions: tuple[str, ...] = ()  # absolute <form action> URLs (submitted, not loaded)
    share: tuple[tuple[str, str], ...] = ()  # (og:title / og:image... / twitter:image, content)


# Elements fetched when the page loads / navigated to. <base>, [style], [id] are queried apart.
_SELECTOR = (
    "a[href], area[href], link[href], script[src], img, source, video, audio, track[src], "
    "iframe[src], frame[src], embed[src], object[data], meta[content], style, use, image, "
    "form[action]"
)
_LINK_RELS = (  # first matching rel token names the link; all are assets except canonical
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "preload",
    "modulepreload",
    "manifest",
    "canonical",
)
_META_IMAGES = frozenset({"og:image", "og:image:url", "og:image:secure_url", "twitter:image"})
_SHARE_META = _META_IMAGES | {"og:title"}
_WS = " \t\n\r\f"
_SRCSET_URL = re.compile(r"[ \t\n\r\f,]*([^ \t\n\r\f]*)")
_SRCSET_DESCRIPTORS = re.compile(r"(?:[^,(]|\([^)]*\)?)*,?")
_REFRESH_TIME = re.compile(r"[ \t\n\r\f]*(\d*)([\d.]*)")


def parse_srcset(value: str) -> list[str]:
    """URLs of a ``srcset`` attribute, per the HTML spec (URLs may contain commas)."""
    urls: list[str] = []
    pos, end = 0, len(value)
    while pos < end:
        m = _SRCSET_URL.match(value, pos)
        assert m is not None  # matches the empty string
        url, pos = m.group(1), m.end()
        if url.endswith(","):
            url = url.rstrip(",")  # "a.jpg," has no descriptors
        elif pos < end:
            d = _SRCSET_DESCRIPTORS.match(value, pos)
            assert d is not None
            pos = d.end()
        if url:
            urls.append(url)
    return urls


def parse_meta_refresh(content: str) -> str | None:
    """The URL of a ``<meta http-equiv=refresh>`` content value, per the HTML spec."""
    m = _REFRESH_TIME.match(content)
    assert m is not None
    if not m.group(1) and not m.group(2).startswith("."):
        return None
    rest = content[m.end() :]
    if not rest:
        return None  # refreshes the same page
    if rest[0] not in ";," + _WS:
        return None
    rest = rest.lstrip(_WS)
    if rest[:1] in (";", ","):
        rest = rest[1:]
    url = rest = rest.lstrip(_WS)
    if not url:
        return None
    if url[:3].lower() == "url":
        after = url[3:].lstrip(_WS)
        if after[:1] == "=":
            rest = after[1:].lstrip(_WS)
            quote = rest[:1]
            if quote in ("'", '"'):
                rest = rest[1:].split(quote, 1)[0]
            url = rest
    elif url[0] in ("'", '"'):
        url = url[1:].split(url[0], 1)[0]
    return url or None


def has_anchor(fragment: str, anchors: frozenset[str]) -> bool:
    """Whether a browser scrolls somewhere for ``#fragment`` (``""`` and ``top`` always do)."""
    if fragment in anchors:
        return True
    decoded = unquote(fragment, errors="replace")
    return decoded in anchors or decoded == "" or decoded.lower() == "top"


class _Collector:
    """Accumulates deduplicated links for one page."""

    __slots__ = ("base", "cache", "forms", "links", "seen", "share")

    def __init__(self, base: str) -> None:
        self.base = base
        self.links: list[Link] = []
        self.forms: list[str] = []
        self.share: list[tuple[str, str]] = []
        self.seen: set[tuple[str, str | None, str, str]] = set()
        self.cache: dict[str, tuple[str, str | None] | None] = {}

    def add(self, ref: str | None, kind: Kind, element: str) -> tuple[str, str | None] | None:
        if not ref:
            return None
        try:
            parts = self.cache[ref]
        except KeyError:
            parts = self.cache[ref] = resolve_parts(self.base, ref)
        if parts is not None:
            key = (parts[0], parts[1], kind, element)
            if key not in self.seen:
                self.seen.add(key)
                self.links.append(Link(parts[0], parts[1], kind, element))
        return parts

    def add_all(self, refs: Iterable[str], kind: Kind, element: str) -> None:
        for ref in refs:
            self.add(ref, kind, element)


def _add_link_element(out: _Collector, attrs: dict[str, str | None]) -> str | None:
    """Handle <link>; returns the canonical URL if this is rel=canonical."""
    rels = (attrs.get("rel") or "").lower().split()
    rel = next((r for r in _LINK_RELS if r in rels), None)
    if rel is None:
        return None
    if rel == "canonical":
        parts = out.add(attrs.get("href"), "page", "link[canonical]")
        return parts[0] if parts else None
    element = f"link[{rel}]"
    out.add(attrs.get("href"), "asset", element)
    if srcset := attrs.get("imagesrcset"):
        out.add_all(parse_srcset(srcset), "asset", element)
    return None


def _visit(out: _Collector, node: LexborNode) -> str | None:
    """Record the URLs of one element; returns a canonical URL for rel=canonical links."""
    tag = node.tag
    attrs = node.attributes
    if tag in ("a", "area"):
        out.add(attrs.get("href"), "page", tag)
    elif tag == "link":
        return _add_link_element(out, attrs)
    elif tag in ("img", "source"):
        out.add(attrs.get("src"), "asset", tag)
        if srcset := attrs.get("srcset"):
            out.add_all(parse_srcset(srcset), "asset", tag)
    elif tag in ("script", "iframe", "frame", "embed", "track", "audio"):
        out.add(attrs.get("src"), "asset", tag)
    elif tag == "video":
        out.add(attrs.get("src"), "asset", tag)
        out.add(attrs.get("poster"), "asset", "video[poster]")
    elif tag == "object":
        out.add(attrs.get("data"), "asset", tag)
    elif tag == "meta":
        _visit_meta(out, attrs)
    elif tag == "style":
        out.add_all(extract_css_urls(node.text(deep=True)), "asset", "css")
    elif tag in ("use", "image"):
        out.add(attrs.get("href") or attrs.get("xlink:href"), "asset", tag)
    elif tag == "form" and (action := attrs.get("action")):
        parts = resolve_parts(out.base, action)
        if parts is not None:
            out.forms.append(parts[0])
    return None


def _visit_meta(out: _Collector, attrs: dict[str, str | None]) -> None:
    content = attrs.get("content")
    if not content:
        return
    if (attrs.get("http-equiv") or "").lower() == "refresh":
        out.add(parse_meta_refresh(content), "page", "meta[refresh]")
        return
    prop = (attrs.get("property") or attrs.get("name") or "").lower()
    if prop in _SHARE_META:
        out.share.append((prop, content))
        if prop in _META_IMAGES:
            out.add(content, "asset", f"meta[{prop}]")


def _parse(html: bytes | str, encoding: str | None) -> LexborHTMLParser:
    if (
        isinstance(html, bytes)
        and encoding
        and not html.startswith((b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe"))
    ):
        with contextlib.suppress(LookupError):  # unknown charset: sniff instead
            html = html.decode(encoding, errors="replace")
    if isinstance(html, bytes):
        return LexborHTMLParser(html, encoding=True)  # BOM / <meta charset>, else UTF-8
    return LexborHTMLParser(html)


def extract_links(html: bytes | str, url: str, *, encoding: str | None = None) -> PageLinks:
    """Links, assets, fragment anchors, canonical and title of the page at ``url``.

    ``html`` may be bytes (decoded with ``encoding`` from the HTTP header if given,
    else BOM / ``<meta charset>`` / UTF-8, invalid bytes replaced) or str.
    ``<base href>`` is honoured. Links are deduplicated on (url, fragment, kind,
    element) in document order, inline ``style`` attributes last. Never raises.
    """
    try:
        tree = _parse(html, encoding)
    except Exception:  # garbage in, nothing out
        return PageLinks((), frozenset(), None, None, url)
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        resolved = resolve_parts(url, base_node.attributes.get("href") or "")
        if resolved is not None:
            base = resolved[0]
    out = _Collector(base)
    canonical: str | None = None
    for node in tree.css(_SELECTOR):
        found = _visit(out, node)
        if canonical is None:
            canonical = found
    for node in tree.css("[style]"):
        out.add_all(extract_css_urls(node.attributes.get("style") or ""), "asset", "css")
    anchors = {node.id or "" for node in tree.css("[id]")}
    anchors.update(node.attributes.get("name") or "" for node in tree.css("a[name]"))
    anchors.discard("")
    title_node = tree.css_first("title")
    title = " ".join(title_node.text(deep=True).split()) if title_node is not None else ""
    return PageLinks(
        tuple(out.links),
        frozenset(anchors),
        canonical,
        title or None,
        base,
        tuple(out.forms),
        tuple(out.share),
    )


def extract_css_links(css_text: str, css_url: str) -> tuple[Link, ...]:
    """Assets loaded by a stylesheet fetched from ``css_url`` (element ``"css"``)."""
    out = _Collector(css_url)
    out.add_all(extract_css_urls(css_text), "asset", "css")
    return tuple(out.links)
