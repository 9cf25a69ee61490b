"""Bodies of parsed pages are cut to BODY_KEPT once parsed, without a second request and
without losing what was parsed; a crawl that meets a cut start page fetches it whole."""

from __future__ import annotations

from pytest_httpx import HTTPXMock

from checker.checks.crawl.probe import scope_of
from checker.checks.facts import Network
from checker.crawl.crawler import crawl_site
from checker.manifest.model import Campaign
from checker.net.client import BODY_KEPT
from checker.net.redirects import follow
from checker.plan.targets import expand
from tests.services import run_with_services

URL = "https://shop.example/summer"
FILLER = "<p>" + "Summer sale, every day, in every store. " * 40 + "</p>"
TAIL = "Offer ends August 31"
BIG_PAGE = (
    "<html><head><title>Acme Summer</title></head><body>"
    + FILLER * (2 * BODY_KEPT // len(FILLER) + 1)
    + f'<p>{TAIL}</p><a href="/deep-link">deep</a></body></html>'
)


def test_a_parsed_page_is_trimmed_and_later_callers_reuse_its_parse(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)

    async def scenario(network: Network) -> tuple[int, int, int, str, str, bool]:
        chain = await follow(network.fetcher, URL, max_redirects=5)
        first = await network.pages.page(chain.final)
        trimmed = network.pages.trim(chain)
        again = await network.fetcher.fetch(URL)  # another target, later
        second = await network.pages.page(again)
        same = first is second
        return (
            len(chain.final.body),
            len(trimmed.final.body),
            len(again.body),
            first.text[-40:],
            second.text[-40:],
            same and again.shrunk and again.serial == chain.final.serial,
        )

    full, trimmed, cached, text, text_again, shared = run_with_services(scenario)
    assert full > 2 * BODY_KEPT
    assert trimmed == cached == BODY_KEPT
    assert TAIL in text  # parsed from the whole body ...
    assert text_again == text  # ... and the later caller sees that parse, not the prefix
    assert shared
    assert len(httpx_mock.get_requests()) == 1


def test_a_crawl_whose_start_page_was_trimmed_fetches_it_whole_once(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)
    httpx_mock.add_response(url=URL, html=BIG_PAGE)  # the crawl's own, whole copy
    httpx_mock.add_response(url="https://shop.example/deep-link", html="<p>deep</p>")
    for path in ("/robots.txt", "/sitemap.xml"):
        httpx_mock.add_response(url=f"https://shop.example{path}", status_code=404)
    target = expand(
        Campaign.model_validate(
            {"campaign": "t", "launch": "2030-01-01", "microsites": [{"url": URL}]}
        )
    )[0]

    async def scenario(network: Network) -> set[str]:
        chain = await follow(network.fetcher, URL, max_redirects=5)
        await network.pages.page(chain.final)
        trimmed = network.pages.trim(chain)  # as a URL target with the same page would
        crawl = await crawl_site(network.fetcher, scope_of(target), trimmed)
        return set(crawl.entries)

    entries = run_with_services(scenario)
    assert "https://shop.example/deep-link" in entries  # a link past BODY_KEPT was seen
    assert [str(r.url) for r in httpx_mock.get_requests()].count(URL) == 2
