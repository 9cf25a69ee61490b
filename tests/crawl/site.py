"""The crawl fixture sites, served by the test world (host names `site-*.test`, used nowhere else).

* ``site-main.test``  every kind of element, broken and not: see `MAIN` and `EXPECTED_*`;
* ``site-clean.test`` a small site where every crawl check passes;
* ``site-warn.test``  only an off-site 403 (crawl.links warn);
* ``site-deep.test``  /d/0 → /d/1 → … → /d/9 (max_depth);
* ``site-big.test``   a start page with 100,000 distinct links (max_pages);
* ``site-ext.test``   off-site pages: /ok, /forbidden (403), /gone (404), /head-405 (HEAD 405,
  GET 200), /excluded/x (must never be requested);
* ``site-cdn.test``   off-site assets: /lib.js, /missing.js (404);
* ``site-badtls.test`` self-signed certificate (tls.trusted);
* ``site-nx.test``    not in DNS (NXDOMAIN): only reachable without a wildcard ``--connect-to``,
  so the crawl tests use :func:`site_args`, which routes each known host explicitly.
"""

from __future__ import annotations

from checker.demo.pki import CertKind
from checker.demo.routes import (
    Handler,
    Response,
    html_page,
    invalid_utf8,
    page,
    redirect,
    redirect_loop,
    slow,
)
from checker.demo.world import World

MAIN = "https://site-main.test"
EXT = "https://site-ext.test"
CDN = "https://site-cdn.test"

CSS = """
@import "/css/extra.css";
@font-face { font-family: Brand; src: url(/fonts/brand.woff2) format("woff2"); }
@font-face { font-family: Gone; src: url('/fonts/missing.woff2'); }
body { background: url(../img/bg.png); }
"""

HOME = html_page(
    "Site main",
    f"""
<nav id="top-nav"><a href="/about">About</a> <a href="/about#team">Team</a>
<a href="/about#nope">Nobody</a> <a href="#local">here</a> <a href="#gone-local">gone</a>
<a href="#">top</a> <a href="/old">Old</a> <a href="/missing">Missing</a>
<a href="/loop-a">Loop</a> <a href="/refresh">Refresh</a> <a href="/invalid-utf8">Bytes</a>
<a href="/private/x">Private</a> <a href="mailto:x@site-main.test">mail</a>
<a href="/brochure.pdf">Brochure</a></nav>
<p id="local">Local anchor.</p>
<img src="/img/logo.png" srcset="/img/a-1x.png 1x, /img/a-2x.png 2x" alt="">
<img src="/img/missing.png" alt="">
<div style="background: url('/img/inline.png')"></div>
<iframe src="/embed"></iframe>
<script src="/js/app.js"></script>
<script src="{CDN}/lib.js"></script>
<script src="{CDN}/missing.js"></script>
<img src="https://site-badtls.test/pixel.gif" alt="">
<a href="{EXT}/ok">ok</a> <a href="{EXT}/forbidden">forbidden</a> <a href="{EXT}/gone">gone</a>
<a href="{EXT}/head-405">head</a> <a href="{EXT}/excluded/x">excluded</a>
<a href="https://site-nx.test/">nowhere</a>
""",
    '<link rel="stylesheet" href="/css/site.css"><link rel="icon" href="/favicon.ico">'
    '<meta property="og:image" content="/img/og.png">',
)
ABOUT = html_page(
    "About",
    '<h2 id="team">Team</h2><a href="/">Home</a> <a href="/new">New</a> <a href="/missing">x</a>'
    '<img src="/img/logo.png" alt="">',
)


def _head_405(ok: Handler) -> Handler:
    """405 to HEAD, `ok` to anything else (a server that mishandles HEAD)."""
    refuse = Response(405, (("Allow", "GET"),))
    return lambda req: refuse if req.method == "HEAD" else ok(req)


def _ok(content_type: str = "text/plain") -> Handler:
    return page(b"ok", content_type=content_type)


def _main_routes() -> dict[str, Handler]:
    sitemap_index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{MAIN}/sitemap-pages.xml</loc></sitemap></sitemapindex>"
    )
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(
            f"<url><loc>{MAIN}{path}</loc></url>"
            for path in ("/", "/about", "/orphan", "/sitemap-missing")
        )
        + "</urlset>"
    )
    return {
        "/": page(HOME),
        "/about": page(ABOUT),
        "/new": page(html_page("New", '<a href="/about#team">team</a>')),
        "/old": redirect("/new", 301),
        **redirect_loop("/loop-a", "/loop-b"),
        "/refresh": page(
            html_page("Moved", "", '<meta http-equiv="refresh" content="0; url=/refreshed">')
        ),
        "/refreshed": page(html_page("Refreshed", "<p>hi</p>")),
        "/invalid-utf8": invalid_utf8(),
        "/orphan": page(html_page("Orphan", '<a href="/orphan-child">child</a>')),
        "/orphan-child": page(html_page("Orphan child", "<p>child</p>")),
        "/embed": page(html_page("Embed", "<p>embedded</p>")),
        "/brochure.pdf": _ok("application/pdf"),
        "/private/x": page(html_page("Private", "<p>excluded</p>")),
        "/css/site.css": page(CSS, content_type="text/css"),
        "/css/extra.css": page("p { color: red }", content_type="text/css"),
        "/fonts/brand.woff2": _ok("font/woff2"),
        "/img/logo.png": _ok("image/png"),
        "/img/a-1x.png": _ok("image/png"),
        "/img/bg.png": _ok("image/png"),
        "/img/inline.png": _ok("image/png"),
        "/img/og.png": _head_405(_ok("image/png")),
        "/favicon.ico": _ok("image/x-icon"),
        "/js/app.js": _ok("text/javascript"),
        "/robots.txt": page(
            f"User-agent: *\nSitemap: {MAIN}/sitemap.xml\n", content_type="text/plain"
        ),
        "/sitemap.xml": page(sitemap_index, content_type="application/xml"),
        "/sitemap-pages.xml": page(sitemap, content_type="application/xml"),
    }


# What site-main.test must report: url → (target kind, status or error text, failing check).
EXPECTED_LINKS = {
    f"{MAIN}/missing": ("page", 404, "http.status"),
    f"{MAIN}/loop-a": ("page", "redirect loop", "http.redirects"),
    f"{MAIN}/sitemap-missing": ("page", 404, "http.status"),
    f"{EXT}/gone": ("link", 404, "http.status"),
    "https://site-nx.test/": ("link", "NXDOMAIN", "dns.resolve"),
}
EXPECTED_LINK_WARNINGS = {f"{EXT}/forbidden": ("link", 403, "http.status")}
EXPECTED_ASSETS = {
    f"{MAIN}/img/missing.png": ("asset", 404, "http.status"),
    f"{MAIN}/img/a-2x.png": ("asset", 404, "http.status"),
    f"{MAIN}/fonts/missing.woff2": ("asset", 404, "http.status"),
    f"{CDN}/missing.js": ("asset", 404, "http.status"),
    "https://site-badtls.test/pixel.gif": ("asset", "self-signed", "tls.trusted"),
}
EXPECTED_FRAGMENTS = {f"{MAIN}/about#nope", f"{MAIN}/#gone-local"}

CLEAN_HOME = html_page(
    "Clean",
    '<a href="/a">A</a> <a href="/a#s1">S1</a> <a href="#intro">intro</a>'
    f'<p id="intro">x</p><img src="/logo.png" alt=""><a href="{EXT}/ok">ext</a>',
    '<link rel="stylesheet" href="/s.css">',
)


def _clean_routes() -> dict[str, Handler]:
    return {
        "/": page(CLEAN_HOME),
        "/a": page(html_page("A", '<h2 id="s1">S1</h2><a href="/">home</a><a href="/b">B</a>')),
        "/b": page(html_page("B", '<img src="/logo.png" alt="">')),
        "/s.css": page("h1 { background: url(/logo.png) }", content_type="text/css"),
        "/logo.png": _ok("image/png"),
    }


def _deep_routes() -> dict[str, Handler]:
    routes = {
        f"/d/{n}": page(html_page(f"D{n}", f'<a href="/d/{n + 1}">next</a>')) for n in range(10)
    }
    return {**routes, "/": redirect("/d/0", 302)}


BIG_LINKS = 100_000


def _big_routes() -> dict[str, Handler]:
    links = "".join(f"<a href=p/{n}>\n" for n in range(BIG_LINKS))  # 1.4 MB: within 2 MiB
    child = page(html_page("P", "<p>p</p>"))
    return {"/": page(html_page("Big", links)), "/p/*": child}


_ADDED: set[int] = set()


def add_sites(world: World) -> None:
    """Add the crawl fixture hosts to `world` (once per world)."""
    if id(world) in _ADDED:
        return
    _ADDED.add(id(world))
    world.add_host("site-main.test", _main_routes(), http_to_https=True)
    world.add_host("site-clean.test", _clean_routes(), http_to_https=True)
    warn = page(html_page("Warn", f'<a href="{EXT}/forbidden">x</a>'))
    world.add_host("site-warn.test", {"/": warn}, http_to_https=True)
    world.add_host("site-deep.test", _deep_routes())
    world.add_host(
        "site-slowfacts.test",
        {
            "/": page(html_page("Start", '<a href="/next">next</a>')),
            "/next": page(html_page("Next", "<p>ok</p>")),
            "/robots.txt": slow(1.0, page("User-agent: *\nAllow: /\n", content_type="text/plain")),
        },
    )
    world.add_host("site-big.test", _big_routes())
    world.add_host(
        "site-ext.test",
        {
            "/ok": page(html_page("Ext", "<p>ok</p>")),
            "/forbidden": page("no robots", 403, content_type="text/plain"),
            "/gone": page("gone", 404, content_type="text/plain"),
            "/head-405": _head_405(page(html_page("Ext", "<p>ok</p>"))),
            "/excluded/x": page("must not be requested", 500, content_type="text/plain"),
        },
    )
    world.add_host(
        "site-cdn.test",
        {"/lib.js": _ok("text/javascript"), "/missing.js": page("no", 404)},
    )
    world.add_host("site-badtls.test", {"/pixel.gif": _ok("image/gif")}, cert=CertKind.SELF_SIGNED)


SITE_HOSTS = (
    "site-slowfacts.test",
    "site-main.test",
    "site-clean.test",
    "site-warn.test",
    "site-deep.test",
    "site-big.test",
    "site-ext.test",
    "site-cdn.test",
    "site-badtls.test",
)


def site_args(world: World) -> list[str]:
    """CLI args reaching the fixture hosts by name only (no wildcard), so site-nx.test really
    goes through DNS and gets NXDOMAIN."""
    args: list[str] = []
    for host in SITE_HOSTS:
        args += ["--connect-to", f"{host}:443:127.0.0.1:{world.https_port}"]
        args += ["--connect-to", f"{host}:80:127.0.0.1:{world.http_port}"]
    ns = world.cli_args()
    return [*args, *ns[ns.index("--nameserver") :]]
