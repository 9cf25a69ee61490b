"""The demo microsite serves everything its pages reference, and its broken twin lacks
exactly what the demo says: the hero image, the rules page and the #prize-draw id."""

from __future__ import annotations

import httpx

from checker.crawl.extract import extract_css_links, extract_links, has_anchor
from checker.demo.microsite import microsite
from checker.demo.routes import Handler, Request

HOST = "shop.microsite.test"


def get(handler: Handler, path: str) -> bytes:
    answer = handler(Request("GET", path, HOST, (), b"", "https", HOST, 0.0))
    assert answer.status == 200
    return answer.body


def broken_references(broken: bool) -> tuple[set[str], set[str]]:
    """Same-site paths referenced but not served, and `path#fragment`s pointing at no id."""
    site = microsite(HOST, "Shop", broken=broken)
    routes = site.routes
    missing: set[str] = set()
    fragments: list[tuple[str, str]] = []
    anchors: dict[str, frozenset[str]] = {}
    for path, handler in routes.items():
        url = f"https://{HOST}{path}"
        if path.endswith(".css"):
            links = extract_css_links(get(handler, path).decode(), url)
        elif "." not in path.rsplit("/", 1)[-1]:
            page = extract_links(get(handler, path), url)
            links, anchors[path] = page.links, page.anchors
        else:
            continue
        for link in links:
            target = httpx.URL(link.url)
            if target.host != HOST:
                continue
            if target.path not in routes:
                missing.add(target.path)
            if link.fragment:
                fragments.append((target.path, link.fragment))
    dangling = {
        f"{path}#{fragment}"
        for path, fragment in fragments
        if path in anchors and not has_anchor(fragment, anchors[path])
    }
    return missing, dangling


def test_the_complete_microsite_serves_every_reference_and_every_fragment() -> None:
    assert broken_references(broken=False) == (set(), set())


def test_the_broken_microsite_lacks_the_hero_image_the_rules_and_the_prize_draw_id() -> None:
    assert broken_references(broken=True) == ({"/img/hero.jpg", "/rules"}, {"/terms#prize-draw"})


def test_the_sitemap_lists_a_page_no_page_links_to() -> None:
    site = microsite(HOST, "Shop")
    sitemap = get(site.routes["/sitemap.xml"], "/sitemap.xml").decode()
    assert f"https://{HOST}/lookbook" in sitemap
    linked = {
        link.url
        for path in ("/", "/collection", "/stores", "/terms", "/rules")
        for link in extract_links(get(site.routes[path], path), f"https://{HOST}{path}").links
    }
    assert f"https://{HOST}/lookbook" not in linked
