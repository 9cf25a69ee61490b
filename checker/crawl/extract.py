"""Extract what a page links to or loads, without I/O, in time linear in the page's size
(:mod:`checker.markup`: no tree is built, so no markup can make it slow)."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from typing import Literal
from urllib.parse import unquote

from checker.content.markup import decode_html, parse_attributes, scan
from checker.crawl.css import extract_css_urls
from checker.net.urls import Joiner, resolve_parts

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
    cut: bool = False  # more than MAX_ELEMENTS elements: those past them were not read
    form_actions: tuple[str, ...] = ()  # absolute <form action> URLs (submitted, not loaded)
    share: tuple[tuple[str, str], ...] = ()  # (og:title / og:image... / twitter:image, content)


# Elements fetched when the page loads / navigated to; <base>, <title>, [style], [id] too.
_ELEMENTS = frozenset(
    {"a", "area", "link", "script", "img", "source", "video", "audio", "track", "iframe"}
    | {"frame", "embed", "object", "meta", "style", "use", "image", "base", "title", "form"}
)
_KEEP = ("id", "style")  # any element carrying these is reported too
_BASE = re.compile(r"<base[\t\n\f\r />]", re.I)
MAX_ELEMENTS = 120_000
"""Elements read per page (those that may carry a URL, an id or a style): 100,000 links and
the page around them. Each costs a few µs; a page with more is cut there, as one past its
size cap is, so that no page takes a second to read."""
_UNCOUNTED = frozenset({"title", "base", "template", "svg", "math"})
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

    __slots__ = ("cache", "first", "forms", "hows", "join", "links", "seen", "share")

    def __init__(self, base: str) -> None:
        self.join = Joiner(base)
        self.links: list[Link] = []
        self.forms: list[str] = []
        self.share: list[tuple[str, str]] = []
        # Dedup without a tuple per link: each URL's first (fragment, kind, element), one
        # shared tuple per distinct such triple; a URL seen in another way goes to `seen`.
        self.first: dict[str, tuple[str | None, str, str]] = {}
        self.hows: dict[tuple[str | None, str, str], tuple[str | None, str, str]] = {}
        self.seen: set[tuple[str, tuple[str | None, str, str]]] = set()
        self.cache: dict[str, tuple[str, str | None] | None] = {}

    def add(self, ref: str | None, kind: Kind, element: str) -> tuple[str, str | None] | None:
        if not ref:
            return None
        parts = self.join.fast(ref)  # most links: joined at once, no need to remember them
        if parts is None:
            if ref in self.cache:
                parts = self.cache[ref]
            else:
                parts = self.cache[ref] = self.join(ref)
        if parts is not None:
            url, fragment = parts
            how: tuple[str | None, str, str] = (fragment, kind, element)
            how = self.hows.setdefault(how, how)
            first = self.first.get(url)
            if first is None:
                self.first[url] = how
            elif first is how or (url, how) in self.seen:
                return parts
            else:
                self.seen.add((url, how))
            self.links.append(Link(url, fragment, kind, element))
        return parts

    def add_all(self, refs: Iterable[str], kind: Kind, element: str) -> None:
        for ref in refs:
            self.add(ref, kind, element)


def _add_link_element(out: _Collector, attrs: dict[str, str]) -> str | None:
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


def _visit(out: _Collector, tag: str, attrs: dict[str, str], content: str | None) -> str | None:
    """Record the URLs of one element; returns a canonical URL for rel=canonical links."""
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
        out.add_all(extract_css_urls(content or ""), "asset", "css")
    elif tag in ("use", "image"):
        out.add(attrs.get("href") or attrs.get("xlink:href"), "asset", tag)
    elif tag == "form" and (action := attrs.get("action")):
        parts = out.join(action)
        if parts is not None:
            out.forms.append(parts[0])
    return None


def _visit_meta(out: _Collector, attrs: dict[str, str]) -> None:
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


def extract_links(html: bytes | str, url: str, *, encoding: str | None = None) -> PageLinks:
    """Links, assets, fragment anchors, canonical and title of the page at ``url``.

    ``html`` may be bytes (decoded with ``encoding`` from the HTTP header if given,
    else BOM / ``<meta charset>`` / UTF-8, invalid bytes replaced) or str.
    ``<base href>`` is honoured. Links are deduplicated on (url, fragment, kind,
    element) in document order, inline ``style`` attributes last; ``<template>``
    contents are left out, as they are no part of the page. Never raises.
    """
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    with _collector_paused():
        return _extract(text, url)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a page is read: what it makes holds no cycles,
    and the collections 100,000 links set off would only walk them (a fifth of the time)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _extract(text: str, url: str) -> PageLinks:
    base = url
    if (href := _base_href(text)) is not None and (resolved := resolve_parts(url, href)):
        base = resolved[0]
    out = _Collector(base)
    styles: list[str] = []
    anchors: set[str] = set()
    title = canonical = None
    read = 0
    for tag in scan(text, _ELEMENTS, keep=_KEEP):
        if tag.end or tag.template or not tag.name:
            continue
        if tag.name not in _UNCOUNTED:
            read += 1
            if read > MAX_ELEMENTS:
                break
        attrs = parse_attributes(tag.attrs)
        name = "img" if tag.name == "image" and not tag.foreign else tag.name
        if "id" in attrs:
            anchors.add(attrs["id"])
        if name == "a" and "name" in attrs:
            anchors.add(attrs["name"])
        if "style" in attrs:
            styles.append(attrs["style"])
        if name == "title":
            title = " ".join(unescape(tag.content or "").split()) if title is None else title
        elif name in _ELEMENTS and (found := _visit(out, name, attrs, tag.content)):
            canonical = canonical or found
    for style in styles:
        out.add_all(extract_css_urls(style), "asset", "css")
    anchors.discard("")
    cut = read > MAX_ELEMENTS
    return PageLinks(
        tuple(out.links),
        frozenset(anchors),
        canonical,
        title or None,
        base,
        cut,
        tuple(out.forms),
        tuple(out.share),
    )


def _base_href(text: str) -> str | None:
    """The href of the page's first ``<base href>`` (most pages have none: no second pass)."""
    if _BASE.search(text) is None:
        return None
    for tag in scan(text, frozenset({"base"})):
        if tag.name == "base" and not tag.end and not tag.template:
            href = parse_attributes(tag.attrs).get("href")
            if href is not None:
                return href
    return None


def extract_css_links(css_text: str, css_url: str) -> tuple[Link, ...]:
    """Assets loaded by a stylesheet fetched from ``css_url`` (element ``"css"``)."""
    out = _Collector(css_url)
    out.add_all(extract_css_urls(css_text), "asset", "css")
    return tuple(out.links)
