"""Measure link extraction speed: ours (checker.content.markup, no tree) vs BeautifulSoup, same job.

Run: ``.venv/bin/python bench/extract_speed.py [--pages N] [--huge N]``.
Prints µs/page for a realistic ~30 KB campaign page, and the time for one page with
``--huge`` links (default 100,000).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag

from checker.crawl.css import extract_css_urls
from checker.crawl.extract import Link, _Collector, extract_links, parse_srcset

PAGE_URL = "https://promo.example.com/summer-sale/index.html"
LOREM = (
    "Lorem ipsum dolor sit amet, <strong>consectetur</strong> adipiscing elit, sed do eiusmod "
    "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. "
)


def make_page() -> bytes:
    """A ~30 KB page: 20 links, 5 assets, a srcset, a style block, ids."""
    nav = "".join(
        f'<li><a href="/summer-sale/{p}.html">{p}</a></li>'
        for p in ("offers", "shoes", "bags", "kids", "stores", "faq", "contact", "about")
    )
    sections = []
    for i in range(20):
        link = ""
        if i < 10:
            href = f"product-{i}.html?utm_source=mail&amp;utm_campaign=s24#buy"
            link = f'<p><a href="{href}">Buy {i}</a></p>'
        sections.append(
            f'<section id="s{i}" class="block block-{i}"><h2 class="title">Section {i}</h2>'
            f'<div class="text"><p>{LOREM * 5}</p>{link}</div></section>'
        )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Summer sale - up to 50% off</title>
<link rel="stylesheet" href="/assets/site.css?v=3"><link rel="icon" href="/favicon.ico">
<link rel="canonical" href="https://promo.example.com/summer-sale/">
<meta property="og:image" content="https://cdn.example.com/og/summer.jpg">
<script src="/assets/app.js" defer></script>
<style>.hero{{background:url("/assets/hero.jpg") center/cover}}
.badge{{background:url(badge.svg)}}</style>
</head><body><header><nav><ul>{nav}</ul></nav></header>
<main><div class="hero" id="top"><img src="/assets/hero-600.jpg" alt="Hero"
 srcset="/assets/hero-600.jpg 600w, /assets/hero-1200.jpg 1200w, /assets/hero,2x.jpg 2400w"
 sizes="(max-width: 600px) 100vw, 50vw"></div>
{"".join(sections)}</main>
<footer><a href="/legal">Legal</a> <a href="https://www.example.com/">Home</a>
<a href="mailto:help@example.com">Mail</a> <a href="#top">Top</a></footer></body></html>""".encode()


def _attr(el: Tag, name: str) -> str | None:
    value = el.get(name)
    return " ".join(value) if isinstance(value, list) else value


def bs4_extract(html: bytes, url: str, features: str) -> tuple[Link, ...]:
    """The same extraction with BeautifulSoup, reusing our resolution helpers."""
    soup = BeautifulSoup(html, features)
    base_tag = soup.find("base", href=True)
    out = _Collector(url if base_tag is None else str(base_tag["href"]))
    for el in soup.find_all(["a", "area", "link", "script", "img", "source", "style", "meta"]):
        name = el.name
        if name in ("a", "area"):
            out.add(_attr(el, "href"), "page", name)
        elif name == "link":
            rel = (_attr(el, "rel") or "").split()
            if "stylesheet" in rel or "icon" in rel:
                out.add(_attr(el, "href"), "asset", "link")
            elif "canonical" in rel:
                out.add(_attr(el, "href"), "page", "link[canonical]")
        elif name in ("script", "img", "source"):
            out.add(_attr(el, "src"), "asset", name)
            if srcset := _attr(el, "srcset"):
                out.add_all(parse_srcset(srcset), "asset", name)
        elif name == "style":
            out.add_all(extract_css_urls(el.get_text()), "asset", "css")
        elif el.get("property") == "og:image":
            out.add(_attr(el, "content"), "asset", "meta[og:image]")
    _anchors = {el["id"] for el in soup.find_all(id=True)}
    return tuple(out.links)


def per_page_us(fn: Callable[[], object], seconds: float = 2.0) -> float:
    """Best-of-3 mean µs per call, each round running for about ``seconds / 3``."""
    best = float("inf")
    for _ in range(3):
        n, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds / 3:
            fn()
            n += 1
        best = min(best, elapsed / n)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--huge", type=int, default=100_000, help="links on the huge page")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    page = make_page()
    ours = extract_links(page, PAGE_URL)
    print(f"page: {len(page) / 1024:.1f} KB, {len(ours.links)} links+assets extracted")
    n_bs4 = len(bs4_extract(page, PAGE_URL, "lxml"))
    print(f"(bs4 equivalent extracts {n_bs4})")
    rows = [
        ("ours (checker.content.markup scanner)", lambda: extract_links(page, PAGE_URL)),
        ("BeautifulSoup + lxml", lambda: bs4_extract(page, PAGE_URL, "lxml")),
        ("BeautifulSoup + html.parser", lambda: bs4_extract(page, PAGE_URL, "html.parser")),
    ]
    ours_us = 0.0
    for name, fn in rows:
        us = per_page_us(fn, args.seconds)
        ours_us = ours_us or us
        print(f"{name:30s} {us:9.0f} µs/page  ({us / ours_us:4.1f}x)")
    print(f"2,000 pages with ours: {ours_us * 2000 / 1e6:.2f} s of CPU")

    huge = (
        "<html><body>"
        + "".join(f'<a href="/p/{i}">{i}</a>' for i in range(args.huge))
        + "</body></html>"
    ).encode()
    start = time.perf_counter()
    result = extract_links(huge, PAGE_URL)
    elapsed = time.perf_counter() - start
    print(
        f"huge page: {len(huge) / 1e6:.1f} MB, {args.huge:,} links -> "
        f"{len(result.links):,} unique in {elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
