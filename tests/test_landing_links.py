"""What a landing page loads is read from its whole body, once per run: after another
target cut the body (Services.trim) it is fetched whole again, unless its links are known."""

from __future__ import annotations

from pytest_httpx import HTTPXMock

from checker.crawl.extract import PageLinks
from checker.crawl.mixed import mixed_loads
from checker.facts import Services, _landing
from checker.manifest.model import Campaign
from checker.net.client import BODY_KEPT
from checker.net.redirects import follow
from checker.targets import expand
from tests.services import run_with_services

URL = "https://shop.example/summer"
FILLER = "<p>" + "Summer sale, every day, in every store. " * 40 + "</p>"
BIG_PAGE = (
    "<html><head><title>Acme Summer</title></head><body>"
    + FILLER * (2 * BODY_KEPT // len(FILLER) + 1)
    + '<script src="http://cdn.example/late.js"></script></body></html>'
)
TARGET = expand(Campaign.model_validate({"campaign": "t", "launch": "2030-01-01", "urls": [URL]}))[
    0
]


def _late_script(links: PageLinks | None) -> bool:
    assert links is not None
    return "http://cdn.example/late.js" in {m.url for m in mixed_loads(links.links)}


def test_a_body_cut_by_another_target_is_fetched_whole_for_its_links(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)
    httpx_mock.add_response(url=URL, html=BIG_PAGE)

    async def scenario(services: Services) -> PageLinks | None:
        chain = await follow(services.fetcher, URL, max_redirects=5)
        services.page(chain.final)
        services.trim(chain)  # a printed form ending on the same page parsed it, without links
        _, _, links = await _landing(services, TARGET, URL)
        return links

    assert _late_script(run_with_services(scenario))
    assert len(httpx_mock.get_requests()) == 2


def test_a_landing_page_whose_links_are_known_is_not_fetched_again(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html=BIG_PAGE)

    async def scenario(services: Services) -> tuple[PageLinks | None, PageLinks | None]:
        first = await _landing(services, TARGET, URL)  # trims the body once parsed
        second = await _landing(services, TARGET, URL)  # another campaign, same page
        return first[2], second[2]

    first, second = run_with_services(scenario)
    assert _late_script(first)
    assert second is first
    assert len(httpx_mock.get_requests()) == 1
