"""`follow()` (redirect chains) through a real `Fetcher` answered by pytest-httpx, and the
`http.query` comparison on hand-made chains."""

from __future__ import annotations

import asyncio
from base64 import b64encode
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
import yaml
from pytest_httpx import HTTPXMock

from checker.checks.facts import Facts
from checker.checks.http.judge import query
from checker.checks.http.probe import LANDING, Landing
from checker.checks.registry import Context
from checker.checks.suite import planned
from checker.manifest.load import load_file
from checker.net.client import Credentials, Fetched, Fetcher, basic_authorization
from checker.net.redirects import Chain, follow
from checker.net.resolver import Resolver
from checker.net.transport import Router
from checker.plan.targets import Target, expand
from checker.report.model import Status
from tests.services import MOCKABLE

A = "https://a.example"
B = "https://b.example"


def chain_of(url: str, *, max_redirects: int = 5, credentials: Credentials | None = None) -> Chain:
    async def scenario() -> Chain:
        fetcher = Fetcher(Router(Resolver([("127.0.0.1", 9)])), retries=0, transport=MOCKABLE())
        try:
            return await follow(fetcher, url, max_redirects=max_redirects, credentials=credentials)
        finally:
            await fetcher.close()

    return asyncio.run(scenario())


def redirect(httpx_mock: HTTPXMock, url: str, location: str, status: int = 301) -> None:
    httpx_mock.add_response(url=url, status_code=status, headers={"Location": location})


# --- follow -----------------------------------------------------------------------------


def test_no_redirect_is_a_one_hop_chain(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{A}/", text="home")
    chain = chain_of(f"{A}/")
    assert chain.ok
    assert chain.problem is None
    assert [hop.status for hop in chain.hops] == [200]
    assert chain.final_url == f"{A}/"
    assert chain.describe() == f"{A}/ 200"


def test_a_chain_is_followed_to_its_end(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/s", f"{A}/t", 301)
    redirect(httpx_mock, f"{A}/t", f"{B}/summer", 302)
    httpx_mock.add_response(url=f"{B}/summer", text="page")
    chain = chain_of(f"{A}/s")
    assert chain.ok
    assert [hop.url for hop in chain.hops] == [f"{A}/s", f"{A}/t", f"{B}/summer"]
    assert chain.final_url == f"{B}/summer"
    assert chain.final.body == b"page"
    assert chain.describe() == f"{A}/s 301 → {A}/t 302 → {B}/summer 200"


@pytest.mark.parametrize(
    ("location", "resolved"),
    [
        ("/b", f"{A}/b"),
        ("b", f"{A}/x/b"),
        ("../c", f"{A}/c"),
        ("//b.example/d", f"{B}/d"),
        ("  /e  ", f"{A}/e"),
        ("?utm_source=x", f"{A}/x/y?utm_source=x"),
    ],
)
def test_relative_locations_are_resolved_against_the_hop(
    httpx_mock: HTTPXMock, location: str, resolved: str
) -> None:
    redirect(httpx_mock, f"{A}/x/y", location, 302)
    httpx_mock.add_response(url=resolved)
    chain = chain_of(f"{A}/x/y")
    assert chain.ok
    assert chain.final_url == resolved


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_status_is_followed(httpx_mock: HTTPXMock, status: int) -> None:
    redirect(httpx_mock, f"{A}/old", f"{A}/new", status)
    httpx_mock.add_response(url=f"{A}/new")
    chain = chain_of(f"{A}/old")
    assert [hop.status for hop in chain.hops] == [status, 200]


def test_a_redirect_without_location_ends_the_chain(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{A}/", status_code=302)
    chain = chain_of(f"{A}/")
    assert chain.problem is None
    assert [hop.status for hop in chain.hops] == [302]


def test_a_loop_is_detected_when_a_url_comes_back(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/a", f"{A}/b", 302)
    redirect(httpx_mock, f"{A}/b", f"{A}/a", 302)
    chain = chain_of(f"{A}/a", max_redirects=10)
    assert chain.problem == "loop"
    assert not chain.ok
    assert [hop.url for hop in chain.hops] == [f"{A}/a", f"{A}/b"]
    assert len(httpx_mock.get_requests()) == 2  # /a is not requested again


def test_a_self_redirect_is_a_loop(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/a", f"{A}/a", 301)
    chain = chain_of(f"{A}/a")
    assert chain.problem == "loop"
    assert len(chain.hops) == 1


def test_exactly_max_redirects_is_fine(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/1", f"{A}/2")
    redirect(httpx_mock, f"{A}/2", f"{A}/3")
    httpx_mock.add_response(url=f"{A}/3")
    chain = chain_of(f"{A}/1", max_redirects=2)
    assert chain.ok
    assert len(chain.hops) == 3


def test_one_more_than_max_redirects_is_too_many(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/1", f"{A}/2")
    redirect(httpx_mock, f"{A}/2", f"{A}/3")
    redirect(httpx_mock, f"{A}/3", f"{A}/4")
    chain = chain_of(f"{A}/1", max_redirects=2)
    assert chain.problem == "too_many"
    assert not chain.ok
    assert [hop.url for hop in chain.hops] == [f"{A}/1", f"{A}/2", f"{A}/3"]
    assert len(httpx_mock.get_requests()) == 3  # /4 is never requested


def test_max_redirects_0_allows_no_redirect(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/1", f"{A}/2")
    chain = chain_of(f"{A}/1", max_redirects=0)
    assert chain.problem == "too_many"
    assert len(chain.hops) == 1


def test_an_error_mid_chain_ends_it_with_the_error(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/go", f"{B}/page")
    httpx_mock.add_exception(httpx.ConnectError("connection refused"), url=f"{B}/page")
    chain = chain_of(f"{A}/go")
    assert not chain.ok
    assert chain.problem is None
    assert chain.final.url == f"{B}/page"
    assert chain.final.error is not None
    assert chain.final.error.kind == "connect"
    assert "✗ cannot connect" in chain.describe()


def test_the_query_travels_as_the_server_says(httpx_mock: HTTPXMock) -> None:
    redirect(httpx_mock, f"{A}/s?utm_source=x", f"{B}/summer?utm_source=x")
    httpx_mock.add_response(url=f"{B}/summer?utm_source=x")
    assert chain_of(f"{A}/s?utm_source=x").final_url == f"{B}/summer?utm_source=x"


# --- credentials never leave their origin -----------------------------------------------


def test_credentials_are_sent_to_their_origin_only(httpx_mock: HTTPXMock) -> None:
    secret = Credentials(origin=A, headers=(("Authorization", "Bearer s3cret"),), auth=None)
    redirect(httpx_mock, f"{A}/start", f"{A}/next")
    redirect(httpx_mock, f"{A}/next", f"{B}/elsewhere")
    redirect(httpx_mock, f"{B}/elsewhere", "http://a.example/plain")
    httpx_mock.add_response(url="http://a.example/plain")
    chain = chain_of(f"{A}/start", credentials=secret)
    assert chain.ok
    sent = {str(r.url): r.headers.get("authorization") for r in httpx_mock.get_requests()}
    assert sent == {
        f"{A}/start": "Bearer s3cret",
        f"{A}/next": "Bearer s3cret",
        f"{B}/elsewhere": None,
        "http://a.example/plain": None,  # another scheme is another origin
    }


def test_basic_auth_is_sent_to_its_origin_only(httpx_mock: HTTPXMock) -> None:
    secret = Credentials(origin=A, auth=("preview", "pa55"))
    redirect(httpx_mock, f"{A}/start", f"{B}/x")
    httpx_mock.add_response(url=f"{B}/x")
    chain_of(f"{A}/start", credentials=secret)
    first, second = httpx_mock.get_requests()
    assert first.headers["authorization"] == "Basic " + b64encode(b"preview:pa55").decode()
    assert "authorization" not in second.headers


# --- http.query on hand-made chains -----------------------------------------------------

NOW = datetime(2027, 5, 1, tzinfo=UTC)


def target_for(tmp_path: Path, url: str, **expect: object) -> Target:
    spec: dict[str, object] = {"url": url}
    if expect:
        spec["expect"] = expect
    manifest = {"campaign": "query", "launch": "2027-06-01", "urls": [spec]}
    path = tmp_path / "query.yaml"
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    (target,) = expand(load_file(path))
    return target


def hops_to(start: str, *urls: str) -> Facts:
    """Facts whose chain goes from `start` through `urls` (each hop redirects to the next)."""
    all_urls = [start, *urls]
    redirects = [
        Fetched(url, "GET", status=301, headers=httpx.Headers({"Location": nxt}))
        for url, nxt in pairwise(all_urls)
    ]
    hops = (*redirects, Fetched(all_urls[-1], "GET", status=200))
    return Facts({LANDING: Landing(Chain(start, hops), None)})


def judge(tmp_path: Path, start: str, *urls: str) -> tuple[Status, str, dict[str, object]]:
    outcome = query(target_for(tmp_path, start), hops_to(start, *urls), Context(NOW))
    return outcome.status, outcome.message, outcome.detail


START = "https://go.example/s?utm_source=billboard&utm_medium=ooh"


def test_query_kept_passes(tmp_path: Path) -> None:
    status, message, _ = judge(
        tmp_path, START, "https://www.example/summer?utm_source=billboard&utm_medium=ooh"
    )
    assert status is Status.PASS
    assert "utm_source, utm_medium arrive unchanged" in message


def test_query_reordered_or_extended_passes(tmp_path: Path) -> None:
    status, _, _ = judge(
        tmp_path, START, "https://www.example/summer?lang=en&utm_medium=ooh&utm_source=billboard"
    )
    assert status is Status.PASS


def test_query_dropped_names_the_parameter_and_where_it_was_lost(tmp_path: Path) -> None:
    status, message, detail = judge(
        tmp_path,
        START,
        "https://www.example/summer?utm_source=billboard&utm_medium=ooh",
        "https://www.example/en/summer?utm_source=billboard",
    )
    assert status is Status.FAIL
    assert detail["dropped"] == ["utm_medium"]
    assert "dropped utm_medium" in message
    assert "first missing at https://www.example/en/summer?utm_source=billboard" in message


def test_query_changed_value_fails(tmp_path: Path) -> None:
    status, message, detail = judge(
        tmp_path, START, "https://www.example/summer?utm_source=direct&utm_medium=ooh"
    )
    assert status is Status.FAIL
    assert detail["changed"] == ["utm_source"]
    assert detail["dropped"] == []
    assert "changed utm_source" in message


def test_query_compares_decoded_values(tmp_path: Path) -> None:
    start = "https://go.example/s?utm_campaign=summer%20sale"
    status, _, _ = judge(tmp_path, start, "https://www.example/?utm_campaign=summer+sale")
    assert status is Status.PASS


def test_query_blank_values_count(tmp_path: Path) -> None:
    start = "https://go.example/s?utm_content=&utm_source=x"
    assert judge(tmp_path, start, "https://www.example/?utm_content=&utm_source=x")[0] is (
        Status.PASS
    )
    status, _, detail = judge(tmp_path, start, "https://www.example/?utm_source=x")
    assert status is Status.FAIL
    assert detail["dropped"] == ["utm_content"]


def test_query_check_applies_only_with_a_query_and_keep_query(tmp_path: Path) -> None:
    def ids(target: Target) -> list[str]:
        return [c.id for c in planned(target)]

    assert "http.query" in ids(target_for(tmp_path, START))
    assert "http.query" not in ids(target_for(tmp_path, "https://go.example/s"))
    assert "http.query" not in ids(target_for(tmp_path, START, keep_query=False))


@pytest.mark.parametrize(("user", "password"), [("preview", "pa55"), ("prévia", "pa:ß")])
def test_basic_auth_header_is_the_one_httpx_would_send(user: str, password: str) -> None:
    request = httpx.Request("GET", A)
    sent = next(httpx.BasicAuth(user, password).auth_flow(request))
    assert basic_authorization(user, password) == sent.headers["authorization"]


def test_a_cookie_no_header_can_carry_is_not_sent(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{A}/start",
        status_code=302,
        headers=[("Location", f"{A}/next"), ("Set-Cookie", "bad=\x01value; Path=/")],
    )
    httpx_mock.add_response(url=f"{A}/next", text="landing")
    chain = chain_of(f"{A}/start")
    assert chain.ok
    assert chain.final.status == 200
    assert "cookie" not in httpx_mock.get_requests()[1].headers
