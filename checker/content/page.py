"""What a fetched page says: title, first heading, visible text, robots and canonical."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import httpx

from checker.content.markup import decode_html, parse_attributes, scan, strip_tags
from checker.net.parsed import parsed_url

TEXT_LIMIT = 200_000
_SPACE = re.compile(r"\s+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HIDDEN = frozenset({"noscript", "template"})  # their text is not on the page
_READ = frozenset({"meta", "link", *_HIDDEN})
_SHOWN_RAW = frozenset({"textarea", "xmp", "plaintext"})  # raw text that is visible


@dataclass(frozen=True, slots=True, weakref_slot=True)  # weakref: see checks/facts.PageCache
class Page:
    """The parts of a page the content checks judge (text is whitespace-normalised)."""

    title: str | None
    h1: str | None
    text: str
    robots: str  # meta robots / googlebot content, lowercased
    canonical: str | None  # absolute
    is_html: bool
    canonical_written: str | None = None  # the href exactly as the page wrote it


def _collapse(text: str) -> str:
    """Every run of whitespace as one space, none at the ends (str.split's whitespace, the
    same as a regex's \\s, in about a fifth of the time of re.sub on a page's text)."""
    return " ".join(text.split())


def _clean(text: str | None) -> str | None:
    return _collapse(text) if text else None


def _charset(headers: httpx.Headers) -> str | None:
    match = re.search(r"charset=([\w.:-]+)", headers.get("content-type", ""), re.I)
    return match.group(1) if match else None


def _canonical(url: str, href: str) -> str:
    try:
        return str(parsed_url(url).join(href))
    except (httpx.InvalidURL, ValueError):
        return href


def parse_page(url: str, headers: httpx.Headers, body: bytes) -> Page:
    """Parse a (possibly truncated, possibly mis-encoded) body; never raises.

    Linear passes of :func:`checker.content.markup.scan`, no tree: no markup can make it slow.
    Visible text leaves out scripts, styles, ``<noscript>`` and ``<template>``.
    """
    content_type = headers.get("content-type", "text/html").lower()
    start = body.lstrip()[:15].lower()
    is_html = "html" in content_type or start.startswith((b"<!doctype", b"<html"))
    text = decode_html(body, _charset(headers))
    if not is_html:
        return Page(None, None, _SPACE.sub(" ", text[:TEXT_LIMIT]).strip(), "", None, False)
    visible = _VisibleText()
    title = canonical = written = None
    robots: list[str] = []
    hidden = 0  # inside <noscript> or <template>
    for tag in scan(text, _READ, _HIDDEN):
        if not hidden and tag.start > tag.text_start:
            visible.add(text, tag.text_start, tag.start, markup=True)
        name = tag.name
        if name in _HIDDEN:
            hidden = max(hidden + (-1 if tag.end else 1), 0)
        if tag.template or tag.end or name in _HIDDEN:
            continue
        if name == "title" and title is None:  # the first one, even if empty
            title = _clean(unescape(tag.content or "")) or ""
        elif name == "meta" or (name == "link" and canonical is None):
            attrs = parse_attributes(tag.attrs)
            if name == "meta" and attrs.get("name", "").lower() in ("robots", "googlebot"):
                robots.append(attrs.get("content", "").lower())
            elif (
                name == "link"
                and "canonical" in attrs.get("rel", "").lower().split()
                and "href" in attrs
            ):
                written = attrs["href"].strip()
                canonical = _canonical(url, written)
        elif tag.content is not None and name in _SHOWN_RAW and not hidden:
            shown = unescape(tag.content) if name == "textarea" else tag.content
            visible.add(shown, 0, len(shown), markup=False)
    robots_text = " ".join(robots)
    h1 = _first_h1(text)
    return Page(title or None, h1, visible.text(), robots_text, canonical, True, written)


class _VisibleText:
    """A page's visible text, whitespace collapsed, up to TEXT_LIMIT characters: read a
    window at a time and no further than the limit, so that a page of 2 MiB of words does
    not cost tens of MiB of pieces on the way."""

    _WINDOW = 64 * 1024

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0

    def add(self, text: str, start: int, stop: int, *, markup: bool) -> None:
        """Add ``text[start:stop]``; tags and comments in it count as spaces if `markup`."""
        while start < stop and self._size <= TEXT_LIMIT:
            end = min(start + self._WINDOW, stop)
            if markup and end < stop and (cut := text.rfind(">", start, end)) >= start:
                end = cut + 1  # end a window after a tag, not inside one
            piece = text[start:end]
            piece = _SPACE.sub(" ", strip_tags(piece) if markup else piece)
            self._parts.append(piece)
            self._size += len(piece)
            start = end

    def text(self) -> str:
        return _SPACE.sub(" ", " ".join(self._parts))[:TEXT_LIMIT].strip()


def _first_h1(text: str) -> str | None:
    """The text of the page's first ``<h1>``, up to its end or the next heading."""
    for tag in scan(text, frozenset({"h1"})):
        if tag.name == "h1" and not tag.end and not tag.template:
            rest = text[tag.stop :]
            parts = []
            for inner in scan(rest, _HEADINGS, _HEADINGS):
                parts.append(strip_tags(rest[inner.text_start : inner.start]))
                if inner.name in _HEADINGS or not inner.name:
                    break
            return _clean(" ".join(parts))
    return None
