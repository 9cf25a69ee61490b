"""What a landing page loads is read from its whole body, once per run: after another
target cut the body (PageCache.trim) it is fetched whole again, unless its links are known,
and that copy is cut again once read."""

from __future__ import annotations

from pytest_httpx import HTTPXMock

from checker.checks.facts import Gathering, Network
from checker.checks.http.probe import LANDING, Landing
from checker.crawl.extract import PageLinks
from checker.crawl.mixed import mixed_loads
from checker.manifest.model import Campaign
from checker.net.client import BODY_KEPT
from checker.net.redirects import follow
from checker.plan.targets import Target, expand
from tests.services import run_with_services

URL = "https://shop.example/summer"
FILLER = "<p>" + "Summer sale, every day, in every store. " * 40 + "</p>"
BIG_PAGE = (
    "<html><head><title>Acme Summer</title></head><body>"
    + FILLER * (2 * BODY_KEPT // len(FILLER) + 1)
    + '<script src="http://cdn.example/late.js"></script></body></html>'
)


def _target() -> Target:
    campaign = Campaign.model_validate({"campaign": "t", "launch": "2030-01-01", "urls": [URL]})
    return expand(campaign)[0]


def _late_script(links: PageLinks | None) -> bool:
    assert links is not None
    return "http://cdn.example/late.js" in {m.url for m in mixed_loads(links.links)}


async def _cut_by_another_target(network: Network) -> None:
    """A printed form ending on the same page parsed it, without its links, and cut it."""
    chain = await follow(network.fetcher, URL, max_redirects=5)
    await network.pages.page(chain.final)
    network.pages.trim(chain)


def test_a_body_cut_by_another_target_is_fetched_whole_for_its_links(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)
    httpx_mock.add_response(url=URL, html=BIG_PAGE)

    async def scenario(network: Network) -> tuple[PageLinks | None, int]:
        await _cut_by_another_target(network)
        links = (await Gathering(network, _target()).get(LANDING)).links
        cached = await network.fetcher.fetch(URL)
        return links, len(cached.body)

    links, kept = run_with_services(scenario)
    assert _late_script(links)
    assert kept == BODY_KEPT  # the whole copy, once read, is cut again for the run
    assert len(httpx_mock.get_requests()) == 2


def test_a_landing_page_whose_links_are_known_is_not_fetched_again(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)

    async def scenario(network: Network) -> tuple[Landing, Landing]:
        first = await Gathering(network, _target()).get(LANDING)  # trims the body once read
        second = await Gathering(network, _target()).get(LANDING)  # another campaign
        return first, second

    first, second = run_with_services(scenario)
    assert _late_script(first.links)
    assert len(first.chain.final.body) == BODY_KEPT
    assert second.links is first.links
    assert len(httpx_mock.get_requests()) == 1


def test_links_are_unknown_when_the_whole_body_gives_no_answer(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)
    httpx_mock.add_response(url=URL, status_code=503)

    async def scenario(network: Network) -> Landing:
        await _cut_by_another_target(network)
        return await Gathering(network, _target()).get(LANDING)

    landing = run_with_services(scenario)
    assert landing.page is not None
    assert landing.page.is_html
    assert landing.links is None  # never the links of the cut prefix
