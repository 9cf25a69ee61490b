"""Finding the pages a site's sitemaps list: robots.txt `Sitemap:` lines and /sitemap.xml,
sitemap indexes followed, at most 20 files read, broken ones ignored, through the run's
Fetcher (answered here by pytest-httpx)."""

from __future__ import annotations

import pytest
from pytest_httpx import HTTPXMock

from checker.checks.facts import Network
from checker.crawl.sitemap_pages import MAX_SITEMAP_FILES, find_sitemap_pages
from checker.net.client import Credentials
from tests.services import run_with_services

SITE = "https://summer.acme.test"


def urlset(*paths: str) -> bytes:
    locs = "".join(f"<url><loc>{SITE}{p}</loc></url>" for p in paths)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode()


def index(*urls: str) -> bytes:
    locs = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f"<sitemapindex>{locs}</sitemapindex>".encode()


def robots(httpx_mock: HTTPXMock, *sitemaps: str, status: int = 200) -> None:
    lines = "".join(f"Sitemap: {s}\n" for s in sitemaps)
    httpx_mock.add_response(
        url=f"{SITE}/robots.txt", status_code=status, text=f"User-agent: *\n{lines}"
    )


def found(start: str = f"{SITE}/", credentials: Credentials | None = None) -> dict[str, str]:
    async def scenario(network: Network) -> dict[str, str]:
        return await find_sitemap_pages(network.fetcher, start, credentials, 5.0, 5)

    return run_with_services(scenario)


def test_without_robots_lines_the_default_sitemap_is_read(httpx_mock: HTTPXMock) -> None:
    robots(httpx_mock, status=404)
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", content=urlset("/", "/shoes"))
    assert found() == {f"{SITE}/": f"{SITE}/sitemap.xml", f"{SITE}/shoes": f"{SITE}/sitemap.xml"}


def test_robots_sitemaps_are_read_with_the_default_one_and_indexes_followed(
    httpx_mock: HTTPXMock,
) -> None:
    robots(httpx_mock, f"{SITE}/maps/index.xml")
    httpx_mock.add_response(url=f"{SITE}/maps/index.xml", content=index(f"{SITE}/maps/pages.xml"))
    httpx_mock.add_response(url=f"{SITE}/maps/pages.xml", content=urlset("/a", "/b"))
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", content=urlset("/b", "/c"))
    assert found() == {
        f"{SITE}/a": f"{SITE}/maps/pages.xml",
        f"{SITE}/b": f"{SITE}/sitemap.xml",  # the first sitemap read that lists it
        f"{SITE}/c": f"{SITE}/sitemap.xml",
    }


def test_page_urls_are_normalised_and_bad_ones_dropped(httpx_mock: HTTPXMock) -> None:
    robots(httpx_mock, status=404)
    body = (
        b"<urlset><url><loc>HTTPS://Summer.Acme.TEST:443/%7Eteam</loc></url>"
        b"<url><loc>http://[broken/</loc></url></urlset>"
    )
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", content=body)
    assert found() == {f"{SITE}/~team": f"{SITE}/sitemap.xml"}


@pytest.mark.parametrize(
    "answer",
    [
        {"status_code": 404, "content": urlset("/ghost")},
        {"status_code": 200, "content": b"<urlset><url><loc>unclosed"},
        {"status_code": 200, "content": b'<!DOCTYPE x [<!ENTITY a "b">]><urlset/>'},
    ],
)
def test_a_missing_or_malformed_sitemap_lists_nothing(
    httpx_mock: HTTPXMock, answer: dict[str, object]
) -> None:
    robots(httpx_mock, status=404)
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", **answer)  # type: ignore[arg-type]
    assert found() == {}


def test_at_most_twenty_sitemap_files_are_read(httpx_mock: HTTPXMock) -> None:
    children = [f"{SITE}/maps/{i}.xml" for i in range(30)]
    robots(httpx_mock, status=404)
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", content=index(*children))
    for i, child in enumerate(children[: MAX_SITEMAP_FILES - 1]):
        httpx_mock.add_response(url=child, content=urlset(f"/p{i}"))
    pages = found()
    assert len(pages) == MAX_SITEMAP_FILES - 1
    requested = [str(r.url) for r in httpx_mock.get_requests() if "/maps/" in str(r.url)]
    assert len(requested) == MAX_SITEMAP_FILES - 1  # the index itself was the first file


def test_a_sitemap_index_that_lists_itself_is_read_once(httpx_mock: HTTPXMock) -> None:
    robots(httpx_mock, status=404)
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", content=index(f"{SITE}/sitemap.xml"))
    assert found() == {}
    assert len(httpx_mock.get_requests(url=f"{SITE}/sitemap.xml")) == 1


def test_the_sitemaps_are_those_of_the_site_the_start_page_ended_on(httpx_mock: HTTPXMock) -> None:
    other = "https://www.acme.test"
    httpx_mock.add_response(url=f"{other}/robots.txt", status_code=404)
    httpx_mock.add_response(url=f"{other}/sitemap.xml", content=b"<urlset/>")
    assert found(f"{other}/en/summer?utm_source=x") == {}
    assert [str(r.url) for r in httpx_mock.get_requests()] == [
        f"{other}/robots.txt",
        f"{other}/sitemap.xml",
    ]


def test_credentials_go_with_the_sitemap_requests(httpx_mock: HTTPXMock) -> None:
    secret = Credentials(SITE, (("Authorization", "Bearer s3cret"),))
    robots(httpx_mock, status=404)
    httpx_mock.add_response(url=f"{SITE}/sitemap.xml", content=urlset("/"))
    assert found(credentials=secret) == {f"{SITE}/": f"{SITE}/sitemap.xml"}
    (sitemap,) = httpx_mock.get_requests(url=f"{SITE}/sitemap.xml")
    assert sitemap.headers["authorization"] == "Bearer s3cret"
