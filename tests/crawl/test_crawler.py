"""The crawler's decisions, without the world: warn vs fail, HEAD→GET fallback, bodies dropped.

`classify`/`head_unreliable` are judged on hand-made chains; `crawl_site` runs on
pytest-httpx responses (the Fetcher's transport is an httpx.AsyncHTTPTransport).
"""

from __future__ import annotations

import httpx
import pytest
from pytest_httpx import HTTPXMock

from checker.checks.crawl.probe import scope_of
from checker.checks.facts import Network
from checker.crawl.crawler import CrawlProgress, SiteCrawl, crawl_site
from checker.crawl.outcome import classify, head_unreliable
from checker.manifest.model import Campaign
from checker.net.client import Fetched, FetchError
from checker.net.redirects import Chain, follow
from checker.plan.targets import Target, expand
from checker.report.model import Status
from tests.services import run_with_services

SITE = "https://unit.example"


def _hop(
    status: int | None = 200, method: str = "HEAD", error: str | None = None, **kw: str
) -> Fetched:
    headers = httpx.Headers({"location": kw["location"]} if "location" in kw else {})
    failure = FetchError(error, kw.get("message", f"{error} failed")) if error else None
    return Fetched(kw.get("url", f"{SITE}/x"), method, status, headers, error=failure)


def _chain(*hops: Fetched, problem: str | None = None) -> Chain:
    return Chain(hops[0].url, hops, problem)


@pytest.mark.parametrize(
    ("status", "offsite", "expected"),
    [
        (200, True, Status.PASS),
        (204, False, Status.PASS),
        (403, True, Status.WARN),
        (401, True, Status.WARN),
        (429, True, Status.WARN),
        (429, False, Status.WARN),
        (403, False, Status.FAIL),  # the site's own pages must not be forbidden
        (401, False, Status.FAIL),
        (404, True, Status.FAIL),
        (410, True, Status.FAIL),
        (400, True, Status.FAIL),
        (500, True, Status.FAIL),
        (503, False, Status.FAIL),
    ],
)
def test_status_classification(status: int, offsite: bool, expected: Status) -> None:
    outcome = classify(_chain(_hop(status)), offsite=offsite)
    assert outcome.status is expected
    assert outcome.code == status
    assert outcome.check == "http.status"


@pytest.mark.parametrize(
    ("kind", "message", "check_id"),
    [
        ("dns", "x: NXDOMAIN", "dns.resolve"),
        ("tls", "TLS handshake failed", "tls.handshake"),
        ("tls_verify", "certificate not accepted: self-signed certificate", "tls.trusted"),
        ("tls_verify", "certificate not accepted: Hostname mismatch", "tls.hostname"),
        ("connect", "cannot connect", "http.status"),
        ("timeout", "no complete answer", "http.status"),
    ],
)
def test_errors_fail_with_their_check(kind: str, message: str, check_id: str) -> None:
    outcome = classify(_chain(_hop(None, error=kind, message=message)), offsite=True)
    assert (outcome.status, outcome.check, outcome.error) == (Status.FAIL, check_id, message)


def test_redirects_are_followed_and_judged_at_the_end() -> None:
    moved = _hop(301, location=f"{SITE}/y")
    gone = _hop(404, url=f"{SITE}/y")
    outcome = classify(_chain(moved, gone), offsite=True)
    assert (outcome.status, outcome.code, outcome.final_url) == (Status.FAIL, 404, f"{SITE}/y")
    loop = classify(_chain(moved, _hop(302, url=f"{SITE}/y"), problem="loop"), offsite=False)
    assert (loop.status, loop.check, loop.error) == (Status.FAIL, "http.redirects", "redirect loop")


@pytest.mark.parametrize(
    ("hop", "confirm"),
    [
        (_hop(405), True),
        (_hop(501), True),
        (_hop(403), True),
        (_hop(404), True),
        (_hop(400), True),
        (_hop(500), True),
        (_hop(200), False),
        (_hop(429), False),  # already retried; a GET would be refused as well
        (_hop(404, method="GET"), False),  # a GET made before was reused
        (_hop(None, error="dns"), False),
        (_hop(None, error="tls_verify"), False),
        (_hop(None, error="protocol"), True),  # servers that break the connection on HEAD
        (_hop(None, error="read"), True),
    ],
)
def test_when_head_is_confirmed_with_get(hop: Fetched, confirm: bool) -> None:
    assert head_unreliable(_chain(hop)) is confirm


# -- crawl_site on mocked responses ---------------------------------------------------------


def _target(**site: object) -> Target:
    microsite = {"url": f"{SITE}/", **site}
    data = {"campaign": "unit", "launch": "2030-01-01", "microsites": [microsite]}
    return expand(Campaign.model_validate(data))[0]


HOME = (
    '<a href="/a#here">a</a><a href="/a#nowhere">a</a><img src="/i.png">'
    '<a href="https://off.example/refuses">x</a><a href="https://off.example/gone">y</a>'
)


def _site(httpx_mock: HTTPXMock) -> None:
    html = {"content-type": "text/html"}
    httpx_mock.add_response(url=f"{SITE}/", html=HOME, headers=html)
    httpx_mock.add_response(url=f"{SITE}/a", html='<p id="here">a</p>', headers=html)
    httpx_mock.add_response(method="HEAD", url=f"{SITE}/i.png", status_code=405)
    httpx_mock.add_response(method="GET", url=f"{SITE}/i.png", content=b"png")
    for method in ("HEAD", "GET"):
        httpx_mock.add_response(method=method, url="https://off.example/refuses", status_code=403)
        httpx_mock.add_response(method=method, url="https://off.example/gone", status_code=404)
    for path in ("/robots.txt", "/sitemap.xml"):
        httpx_mock.add_response(url=f"{SITE}{path}", status_code=404)


async def _crawl(network: Network, **site: object) -> SiteCrawl:
    target = _target(**site)
    start = await follow(network.fetcher, f"{SITE}/", max_redirects=5)
    return await crawl_site(network.fetcher, scope_of(target), start, network.on_crawl)


def test_crawl_decisions(httpx_mock: HTTPXMock) -> None:
    _site(httpx_mock)
    crawl = run_with_services(_crawl)
    outcomes = {url: e.outcome for url, e in crawl.entries.items() if e.refs}
    assert {u: o.status for u, o in outcomes.items() if o} == {
        f"{SITE}/a": Status.PASS,
        f"{SITE}/i.png": Status.PASS,  # HEAD 405, then GET 200
        "https://off.example/refuses": Status.WARN,
        "https://off.example/gone": Status.FAIL,
    }
    assert outcomes[f"{SITE}/i.png"].method == "GET"  # type: ignore[union-attr]
    assert [(m.url, m.fragment) for m in crawl.missing_fragments] == [(f"{SITE}/a", "nowhere")]
    assert (crawl.pages, crawl.fragments_checked) == (2, 2)
    sent = [(r.method, str(r.url)) for r in httpx_mock.get_requests()]
    assert len(sent) == len(set(sent))


def test_parsed_page_bodies_are_dropped(httpx_mock: HTTPXMock) -> None:
    _site(httpx_mock)

    async def scenario(network: Network) -> tuple[Fetched, Fetched]:
        await _crawl(network)
        page = await network.fetcher.fetch(f"{SITE}/a", keep_body=False)
        start = await network.fetcher.fetch(f"{SITE}/")  # fetched by the launch checks
        return page, start

    page, start = run_with_services(scenario)
    assert (page.status, page.body) == (200, b"")
    assert start.body


def test_a_caller_needing_a_dropped_body_gets_a_fresh_request(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{SITE}/p", text="body", is_reusable=True)

    async def scenario(network: Network) -> list[bytes]:
        fetcher, url = network.fetcher, f"{SITE}/p"
        bodies = [(await fetcher.fetch(url, keep_body=False)).body]
        fetcher.forget_body(url)
        bodies.append((await fetcher.fetch(url, keep_body=False)).body)
        bodies.append((await fetcher.fetch(url)).body)  # needs the body: asked again
        fetcher.forget_body(url)  # no-op from now on: a caller needs it
        bodies.append((await fetcher.fetch(url, keep_body=False)).body)
        return bodies

    assert run_with_services(scenario) == [b"body", b"", b"body", b"body"]
    assert len(httpx_mock.get_requests()) == 2


def test_exclude_and_external(httpx_mock: HTTPXMock) -> None:
    html = {"content-type": "text/html"}
    httpx_mock.add_response(url=f"{SITE}/", html=HOME, headers=html)
    httpx_mock.add_response(method="HEAD", url=f"{SITE}/i.png")
    for path in ("/robots.txt", "/sitemap.xml"):
        httpx_mock.add_response(url=f"{SITE}{path}", status_code=404)
    crawl = run_with_services(lambda network: _crawl(network, external=False, exclude=["/a$"]))
    assert {u for u, e in crawl.entries.items() if e.refs} == {f"{SITE}/i.png"}
    assert (crawl.excluded, crawl.external_skipped) == (1, 2)


def test_crawl_reports_progress_and_a_final_summary(httpx_mock: HTTPXMock) -> None:
    _site(httpx_mock)
    updates: list[CrawlProgress] = []

    async def scenario(network: Network) -> SiteCrawl:
        network.on_crawl = updates.append
        return await _crawl(network)

    crawl = run_with_services(scenario)
    # start page, /a, /i.png and the two off-site links; the 403 warns, the 404 fails
    assert updates[-1] == CrawlProgress(crawl.start, 2, 0, 5, 2, done=True)
    assert [u.done for u in updates].count(True) == 1
