"""The demo's campaign microsite: six pages (one listed only by the sitemap) with a
stylesheet, a web font, a script, images with ``srcset``, an og:image and ``#fragment`` links.

``microsite(host, title)`` serves it complete; ``broken=True`` serves it the way a rushed
launch does: the hero image never uploaded, the rules page not deployed, the terms page's
``#prize-draw`` section renamed, the stores page loading a script over ``http://``, and the
share image answering with the CMS's HTML page, so the crawler has something to catch.
"""

from __future__ import annotations

import functools
import io

from checker.demo.httpserver import Handler
from checker.demo.routes import html_page, page
from checker.demo.world import HostSpec

CSS = """\
@font-face { font-family: Brand; src: url(/fonts/brand.woff2) format("woff2"); }
body { font-family: Brand, sans-serif; background: url("../img/texture.jpg"); }
"""
NAV = (
    '<nav><a href="/">Home</a> <a href="/collection">Collection</a> '
    '<a href="/stores">Stores</a> <a href="/terms">Terms</a></nav>'
)
FOOTER = (
    '<footer id="terms"><p>Terms apply, see <a href="/terms#prize-draw">the prize draw</a>. '
    '<a href="https://www.good.test/">Acme store</a></p></footer>'
)


@functools.cache
def share_image() -> bytes:
    """A 1200×630 JPEG, the size social networks ask for (made once, a few KB)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 630), (230, 120, 40)).save(out, "JPEG", quality=60)
    return out.getvalue()


def _page(host: str, title: str, body: str) -> Handler:
    head = (
        '<link rel="stylesheet" href="/css/site.css"><script src="/js/site.js" defer></script>'
        f'<meta property="og:image" content="https://{host}/img/og.jpg">'
    )
    return page(html_page(title, f"{NAV}<main>{body}</main>{FOOTER}", head))


def _pages(host: str, title: str, *, broken: bool) -> dict[str, Handler]:
    home = (
        f'<h1>{title}</h1><img src="/img/hero.jpg" srcset="/img/hero.jpg 1x, '
        '/img/hero@2x.jpg 2x" alt="The collection"><p>Win a weekend away: '
        '<a href="/rules">prize draw rules</a>. <a href="#terms">Terms apply.</a></p>'
    )
    pages = {
        "/": _page(host, title, home),
        "/collection": _page(
            host, "Collection", '<h1>Collection</h1><img src="/img/look-1.jpg" alt="Look 1">'
        ),
        "/stores": _page(
            host,
            "Stores",
            "<h1>Stores</h1><p>Find a store near you.</p>"
            + (f'<script src="http://{host}/js/site.js"></script>' if broken else ""),
        ),
        "/terms": _page(
            host,
            "Terms",
            f'<h1>Terms</h1><h2 id="{"prizes" if broken else "prize-draw"}">Prize draw</h2>',
        ),
        "/lookbook": _page(host, "Lookbook", '<h1>Lookbook</h1><img src="/img/look-1.jpg" alt="">'),
    }
    if not broken:
        pages["/rules"] = _page(host, "Rules", "<h1>Prize draw rules</h1><p>One entry each.</p>")
    return pages


def _files(host: str, *, broken: bool) -> dict[str, Handler]:
    paths = ["/", "/collection", "/stores", "/terms", "/lookbook", "/rules"]
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>https://{host}{path}</loc></url>" for path in paths)
        + "</urlset>"
    )
    images = ["/img/hero@2x.jpg", "/img/look-1.jpg", "/img/texture.jpg"]
    if not broken:
        images.append("/img/hero.jpg")
    binary = {path: page(b"demo image", content_type="image/jpeg") for path in images}
    share = page(share_image(), content_type="image/jpeg")
    if broken:  # the CMS answers 200 with its own page: fine for a crawl, no card on a share
        share = page(html_page("Media library", "<p>This file was moved.</p>"))
    return {
        **binary,
        "/img/og.jpg": share,
        "/css/site.css": page(CSS, content_type="text/css"),
        "/fonts/brand.woff2": page(b"wOF2", content_type="font/woff2"),
        "/js/site.js": page(
            "document.documentElement.classList.add('js');", content_type="text/javascript"
        ),
        "/robots.txt": page(
            f"User-agent: *\nAllow: /\nSitemap: https://{host}/sitemap.xml\n",
            content_type="text/plain",
        ),
        "/sitemap.xml": page(sitemap, content_type="application/xml"),
    }


def microsite(host: str, title: str, *, broken: bool = False) -> HostSpec:
    """The microsite on `host` (valid demo-CA certificate, http:// redirects to https://)."""
    doc = "campaign microsite" + (
        ": hero image, /rules and #prize-draw missing, an http:// script, og:image is HTML"
        if broken
        else ""
    )
    routes = {**_pages(host, title, broken=broken), **_files(host, broken=broken)}
    return HostSpec(host, doc, routes, http_to_https=True)
