"""What a fetched page says: title, first heading, visible text, robots and canonical."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from bs4 import BeautifulSoup, Tag

_SPACE = re.compile(r"\s+")
TEXT_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Page:
    """The parts of a page the content checks judge (text is whitespace-normalised)."""

    title: str | None
    h1: str | None
    text: str
    robots: str  # meta robots / googlebot content, lowercased
    canonical: str | None  # absolute
    is_html: bool


def _clean(text: str | None) -> str | None:
    return _SPACE.sub(" ", text).strip() if text else None


def _charset(headers: httpx.Headers) -> str | None:
    match = re.search(r"charset=([\w.:-]+)", headers.get("content-type", ""), re.I)
    return match.group(1) if match else None


def parse_page(url: str, headers: httpx.Headers, body: bytes) -> Page:
    """Parse a (possibly truncated, possibly mis-encoded) body; never raises."""
    content_type = headers.get("content-type", "text/html").lower()
    is_html = "html" in content_type or body.lstrip()[:15].lower().startswith(
        (b"<!doctype", b"<html")
    )
    if not is_html:
        text = body[:TEXT_LIMIT].decode(_charset(headers) or "utf-8", errors="replace")
        return Page(None, None, _SPACE.sub(" ", text).strip(), "", None, False)
    soup = BeautifulSoup(body, "html.parser", from_encoding=_charset(headers))
    robots = " ".join(
        str(tag.get("content", "")).lower()
        for tag in soup.find_all("meta")
        if isinstance(tag, Tag) and str(tag.get("name", "")).lower() in ("robots", "googlebot")
    )
    canonical = None
    for link in soup.find_all("link", href=True):
        rels = str(link.get("rel") or "").lower() if isinstance(link, Tag) else ""
        if "canonical" in rels:
            try:
                canonical = str(httpx.URL(url).join(str(link["href"]).strip()))
            except (httpx.InvalidURL, ValueError):
                canonical = str(link["href"])
            break
    title = _clean(soup.title.get_text()) if soup.title else None
    h1_tag = soup.find("h1")
    h1 = _clean(h1_tag.get_text(" ")) if h1_tag else None
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    text = _SPACE.sub(" ", soup.get_text(" "))[:TEXT_LIMIT].strip()
    return Page(title, h1, text, robots, canonical, True)
