"""The standard catalogue of hosts shared by the integration tests and ``campaign-check demo``.

Each entry is one line of data plus a one-line doc; extend it by appending specs. Handlers
with state (``sequence``) are created fresh on every call, so two worlds never share counters.
"""

from __future__ import annotations

from checker.demo.dnsserver import ZoneEntry
from checker.demo.httpserver import Handler
from checker.demo.pki import CertKind
from checker.demo.routes import (
    drip,
    endless_redirects,
    html_page,
    huge,
    invalid_utf8,
    page,
    redirect,
    redirect_loop,
    reset,
    sequence,
    slow,
)
from checker.demo.world import DnsSpec, HostSpec, World

GIB = 1 << 30
LANDING_TITLE = "Acme Summer Sale - 20% off everything"
LANDING_TEXT = "Summer sale: 20% off everything until August 31."


def landing(title: str = LANDING_TITLE, text: str = LANDING_TEXT) -> Handler:
    """A healthy campaign landing page."""
    return page(
        html_page(
            title,
            f'<h1>{title}</h1><p>{text}</p><a href="/terms">Terms</a>',
            '<meta name="description" content="Acme summer campaign">'
            '<link rel="canonical" href="https://www.good.test/summer">',
        )
    )


PARKED = html_page(
    "parked.test - This domain may be for sale",
    "<h1>parked.test</h1><p>This domain may be for sale. Buy this domain.</p>"
    "<p>Related searches: Summer Sale, Cheap Flights</p>",
)
NGINX_DEFAULT = html_page(
    "Welcome to nginx!",
    "<h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is successfully "
    "installed and working. Further configuration is required.</p>",
)
NOINDEX = html_page(
    LANDING_TITLE,
    f"<h1>{LANDING_TITLE}</h1><p>{LANDING_TEXT}</p>",
    '<meta name="robots" content="noindex, nofollow">',
)


def _site(**extra: Handler) -> dict[str, Handler]:
    """Routes of an ordinary campaign site."""
    return {
        "/": landing(),
        "/summer": landing(),
        "/terms": page(html_page("Terms", "<p>Terms and conditions.</p>")),
        "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
        **extra,
    }


def standard_catalogue() -> list[HostSpec | DnsSpec]:
    """Fresh specs for every standard host and DNS name."""
    retry_429 = page("slow down", 429, {"Retry-After": "1"}, "text/plain")
    retry_503 = page("try later", 503, {"Retry-After": "1"}, "text/plain")
    return [
        # -- TLS situations (all serve the landing site) -----------------------------------
        HostSpec("good.test", "valid cert; landing site (/, /summer, /terms, /robots.txt); "
                 "/missing is 404, /gone is 410", _site(**{"/gone": page("gone", 410)})),
        HostSpec("www.good.test", "valid cert; landing site; plain http:// 301s to https://",
                 _site(), http_to_https=True),
        HostSpec("expired.test", "cert expired 30 days ago", _site(), cert=CertKind.EXPIRED),
        HostSpec("notyet.test", "cert valid only from 30 days in the future", _site(),
                 cert=CertKind.NOT_YET_VALID),
        HostSpec("soon.test", "valid cert expiring in 5 days", _site(),
                 cert=CertKind.EXPIRING_SOON),
        HostSpec("wronghost.test", "valid cert, but for other.test only", _site(),
                 cert=CertKind.WRONG_HOST),
        HostSpec("selfsigned.test", "self-signed cert (not from the world's CA)", _site(),
                 cert=CertKind.SELF_SIGNED),
        # -- redirects ---------------------------------------------------------------------
        HostSpec("go.test", "redirector: /s27 301 -> www.good.test/summer keeping the query; "
                 "/s28 same but drops the query; /chain 302 -> /s27; /to-http 301 -> "
                 "http://good.test/; /to-404 -> good.test/missing; /to-nx -> nx.test; "
                 "/loop/N -> /loop/N+1 forever; /a <-> /b loop", {
            "/s27": redirect("https://www.good.test/summer", 301, keep_query=True),
            "/s28": redirect("https://www.good.test/summer", 301),
            "/chain": redirect("/s27", 302, keep_query=True),
            "/to-http": redirect("http://good.test/", 301),
            "/to-404": redirect("https://good.test/missing", 302),
            "/to-nx": redirect("https://nx.test/", 302),
            **endless_redirects("/loop/"),
            **redirect_loop("/a", "/b"),
        }),
        # -- content situations ------------------------------------------------------------
        HostSpec("parked.test", "parked-domain 'this domain may be for sale' page",
                 {"/": page(PARKED)}, catch_all=page(PARKED)),
        HostSpec("nginx.test", "nginx 'Welcome to nginx!' default page",
                 {"/": page(NGINX_DEFAULT)}),
        HostSpec("catchall.test", "every path answers 200 with the landing page (soft 404)",
                 catch_all=landing()),
        HostSpec("noindex.test", "landing page with <meta robots noindex> and X-Robots-Tag",
                 {"/": page(NOINDEX, headers={"X-Robots-Tag": "noindex"})}),
        # -- hostile servers ---------------------------------------------------------------
        HostSpec("slow.test", "/ waits 2 s before the first byte; /drip sends 10 KiB in 512 B "
                 "chunks every 0.5 s", {"/": slow(2.0, landing()), "/drip": drip(10240, 512, 0.5)}),
        HostSpec("retry.test", "any path: 429 (Retry-After: 1) then 200; /503: 503 then 200; "
                 "/always429 never recovers (counters are per path+query)", {
            "/503": sequence([retry_503, landing()]),
            "/always429": retry_429,
        }, catch_all=sequence([retry_429, landing()])),
        HostSpec("huge.test", "/ streams 1 GiB chunked; /declared 1 GiB with Content-Length",
                 {"/": huge(GIB), "/declared": huge(GIB, declare_length=True)}),
        HostSpec("hostile.test", "/reset drops the connection (RST); /invalid-utf8 bad bytes "
                 "declared UTF-8; /empty 200 with empty body; /500 server error", {
            "/reset": reset(),
            "/invalid-utf8": invalid_utf8(),
            "/empty": page(b""),
            "/500": page("boom", 500, content_type="text/plain"),
        }),
        HostSpec("plaintls.test", "port 443 speaks plain HTTP (https:// fails the handshake)",
                 _site(), listener="plain-on-tls"),
        HostSpec("garbagetls.test", "port 443 answers the ClientHello with non-TLS junk",
                 listener="garbage-tls"),
        HostSpec("silent.test", "port 443 accepts TCP but never answers (handshake timeout)",
                 listener="silent"),
        HostSpec("refused.test", "port 443 refuses connections", listener="refused"),
        # -- DNS situations ----------------------------------------------------------------
        HostSpec("cname.test", "CNAME -> good.test; own valid cert; landing site", _site(),
                 dns=ZoneEntry(cname="good.test")),
        DnsSpec("chain.test", "CNAME -> cname.test -> good.test (DNS only)",
                ZoneEntry(cname="cname.test")),
        DnsSpec("nx.test", "NXDOMAIN", ZoneEntry(mode="nxdomain")),
        DnsSpec("servfail.test", "SERVFAIL", ZoneEntry(mode="servfail")),
        DnsSpec("refusedns.test", "REFUSED", ZoneEntry(mode="refused")),
        DnsSpec("noanswer.test", "NOERROR with no address (only a TXT record)",
                ZoneEntry(txt=("v=spf1 -all",))),
        DnsSpec("timeout.test", "the DNS server never answers", ZoneEntry(mode="timeout")),
        DnsSpec("dangling.test", "CNAME -> nosuch.github.test, which is NXDOMAIN",
                ZoneEntry(cname="nosuch.github.test")),
        DnsSpec("big.test", "40 A records (UDP answer truncated, TCP fallback needed)",
                ZoneEntry(a=tuple(f"127.0.1.{i}" for i in range(1, 41)))),
    ]  # fmt: skip


def standard_world(world: World | None = None) -> World:
    """*world* (default: a new demo-CA world) populated with :func:`standard_catalogue`."""
    world = world if world is not None else World()
    world.add(*standard_catalogue())
    return world
