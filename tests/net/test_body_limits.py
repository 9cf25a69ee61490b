"""The Fetcher shares one request per URL, whatever body limit each caller asks for, unless
a caller asks for more of a body than the shared request read: then it gets its own."""

from __future__ import annotations

from pytest_httpx import HTTPXMock

from checker.checks.facts import Network
from tests.services import run_with_services

URL = "https://limits.example/page"


def _fetch_twice(first_limit: int, then_limit: int, *, at_once: bool) -> tuple[bool, bool]:
    async def scenario(services: Network) -> tuple[bool, bool]:
        first = services.fetcher.fetch(URL, body_limit=first_limit)
        if not at_once:
            await first
        second = services.fetcher.fetch(URL, body_limit=then_limit)
        return (await first).truncated, (await second).truncated

    return run_with_services(scenario)


def test_a_body_cut_short_is_fetched_again_for_a_caller_wanting_more(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html="x" * 1000, is_reusable=True)
    assert _fetch_twice(100, 10_000, at_once=False) == (True, False)
    assert len(httpx_mock.get_requests()) == 2


def test_a_whole_body_is_shared_whatever_limit_is_asked(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, html="x" * 50)
    assert _fetch_twice(100, 10_000, at_once=True) == (False, False)
    assert len(httpx_mock.get_requests()) == 1


def test_a_body_still_being_read_is_waited_for_before_fetching_more(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(url=URL, html="x" * 1000, is_reusable=True)
    assert _fetch_twice(100, 10_000, at_once=True) == (True, False)
    assert len(httpx_mock.get_requests()) == 2


def test_a_smaller_limit_reuses_a_larger_request(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, html="x" * 1000)
    assert _fetch_twice(10_000, 100, at_once=False) == (False, False)
    assert len(httpx_mock.get_requests()) == 1
