"""The per-origin connection pools under the Fetcher, against the test world: requests
reach their routed origin, many at once share an origin's pools without running out, and
httpcore's errors come out with httpx's names (a failing proxy named as such)."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from checker.demo.catalogue import LANDING_TITLE
from checker.demo.world import World
from checker.net.pools import SLICE, RoutingTransport
from checker.net.proxy import ProxySettings
from checker.net.resolver import Resolver
from checker.net.transport import ConnectTo, Router, ssl_context


def world_router(world: World) -> Router:
    resolver = Resolver([("127.0.0.1", world.dns_port)], timeout=2)
    return Router(resolver, connect_to=[ConnectTo.parse(c) for c in world.connect_to_args()[1::2]])


def client(router: Router, world: World, per_origin: int = SLICE) -> httpx.AsyncClient:
    transport = RoutingTransport(router, ssl_context(str(world.ca_bundle_path)), per_origin)
    return httpx.AsyncClient(transport=transport, timeout=2)


def test_a_request_reaches_its_routed_origin(world: World) -> None:
    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        async with client(world_router(world), world) as http:
            return await http.get("https://www.good.test/summer"), await http.get(
                "http://www.good.test/summer"
            )

    page, plain = asyncio.run(scenario())
    assert page.status_code == 200
    assert LANDING_TITLE in page.text
    assert plain.status_code == 301
    assert plain.headers["location"] == "https://www.good.test/summer"


def test_many_requests_at_once_share_an_origins_pools_and_free_them(world: World) -> None:
    """Twenty connections in three pools, sixty requests in two waves: none is left waiting
    for a connection that a finished response still holds."""

    async def wave(http: httpx.AsyncClient) -> list[int]:
        answers = await asyncio.gather(
            *(http.get(f"https://good.test/terms?n={i}") for i in range(30))
        )
        return [a.status_code for a in answers]

    async def scenario() -> list[int]:
        async with client(world_router(world), world, per_origin=20) as http:
            first = await asyncio.wait_for(wave(http), 20)
            return first + await asyncio.wait_for(wave(http), 20)

    assert asyncio.run(scenario()) == [200] * 60


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("https://refused.test/", httpx.ConnectError),
        ("https://silent.test/", httpx.ConnectTimeout),
    ],
)
def test_httpcore_errors_come_out_as_httpx_errors_with_their_request(
    world: World, url: str, error: type[httpx.HTTPError]
) -> None:
    async def scenario() -> None:
        async with client(world_router(world), world) as http:
            await http.get(url, timeout=0.5)

    with pytest.raises(error) as caught:
        asyncio.run(scenario())
    assert caught.value.request.url == url


def test_a_proxy_that_refuses_is_named(world: World) -> None:
    proxy = f"http://127.0.0.1:{world.refused_port}"
    router = Router(Resolver(None), proxies=ProxySettings.from_environment({}, proxy))

    async def scenario() -> None:
        async with client(router, world) as http:
            await http.get("https://www.good.test/summer")

    with pytest.raises(httpx.ConnectError, match=f"^proxy {re.escape(proxy)}:"):
        asyncio.run(scenario())
