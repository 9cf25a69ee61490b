"""Pytest fixtures for the offline world: one ``World`` per test session (per xdist worker).

The world's root is a **trustme** CA; it serves the standard catalogue of
``checker.demo.catalogue.standard_catalogue()`` (one line of doc per host there) plus
``TEST_ONLY_CATALOGUE`` below.

Fixtures:

* ``world_ca``      (session) the ``trustme.CA``;
* ``world``         (session) the started ``World``;
* ``world_args``    CLI args to reach it: ``--connect-to ... --nameserver ... --ca-bundle ...``;
* ``world_log``     the world's HTTP requests / DNS queries made during the current test only;
* ``world_client``  an ``httpx.Client`` whose requests go to the world by host name;
* ``world_resolver`` a ``dns.resolver.Resolver`` pointed at the world's DNS server.

A test adds its own host (hosts live for the whole session, so pick a unique name)::

    def test_promo(world, world_args):
        world.add_host("promo-x.test", {"/": page(html_page("X", "<p>x</p>"))})
        result = run_cli(["https://promo-x.test/", *world_args])
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import dns.resolver
import httpx
import pytest
import trustme

from checker.demo.catalogue import standard_catalogue
from checker.demo.dnsserver import QueryRecord
from checker.demo.pki import TrustmeIssuer
from checker.demo.routes import Request
from checker.demo.world import DnsSpec, HostSpec, World

# Hosts needed only by tests (not by the demo). One line of doc each; extend freely.
TEST_ONLY_CATALOGUE: list[HostSpec | DnsSpec] = []


class WorldTransport(httpx.BaseTransport):
    """Routes each request to the world's port for its (scheme, host), with matching SNI.

    One connection pool per host name, so a TLS connection is never reused across SNI names.
    """

    def __init__(self, world: World, verify: ssl.SSLContext | bool = True) -> None:
        self.world = world
        self.verify = world_ssl_context(world) if verify is True else verify
        self._pools: dict[tuple[str, str], httpx.HTTPTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.scheme, url.host)
        if key not in self._pools:
            self._pools[key] = httpx.HTTPTransport(verify=self.verify)
        port = url.port or self.world.port_for(url.host, url.scheme)
        forwarded = httpx.Request(
            request.method,
            url.copy_with(host="127.0.0.1", port=port),
            headers=request.headers,  # keeps the original Host header
            stream=request.stream,
            extensions={**request.extensions, "sni_hostname": url.host},
        )
        return self._pools[key].handle_request(forwarded)

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()


def world_ssl_context(world: World) -> ssl.SSLContext:
    """A client context trusting only the world's root."""
    return ssl.create_default_context(cafile=str(world.ca_bundle_path))


def world_resolver_for(world: World, lifetime: float = 2.0) -> dns.resolver.Resolver:
    """A dnspython resolver asking only the world's DNS server."""
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = world.dns_port
    resolver.lifetime = lifetime
    return resolver


class WorldLog:
    """What reached the world since this object was created."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._http_mark = world.requests.mark()
        self._dns_mark = len(world.dns_queries)

    def requests(self, host: str | None = None) -> list[Request]:
        """HTTP requests since the mark (optionally for *host* only)."""
        return self.world.requests.since(self._http_mark, host)

    def count(self, host: str, path: str) -> int:
        """Requests for (*host*, *path*) since the mark."""
        return self.world.requests.count(host, path, self._http_mark)

    def dns_queries(self) -> list[QueryRecord]:
        """DNS queries since the mark."""
        return self.world.dns_queries[self._dns_mark :]


@pytest.fixture(scope="session")
def world_ca() -> trustme.CA:
    """The trustme root of the test world."""
    return trustme.CA()


@pytest.fixture(scope="session")
def world(world_ca: trustme.CA) -> Iterator[World]:
    """The running offline world with the standard + test-only catalogue."""
    w = World(TrustmeIssuer(world_ca))
    w.add(*standard_catalogue(), *TEST_ONLY_CATALOGUE)
    with w:
        yield w
    assert not w.errors, "offline world had server-side errors:\n" + "\n".join(w.errors)


@pytest.fixture
def world_args(world: World) -> list[str]:
    """CLI arguments that point the product at the world."""
    return world.cli_args()


@pytest.fixture
def world_log(world: World) -> WorldLog:
    """Requests and queries that reach the world during this test."""
    return WorldLog(world)


@pytest.fixture
def world_client(world: World) -> Iterator[httpx.Client]:
    """An httpx client that reaches world hosts by name (no redirects followed by default)."""
    with httpx.Client(transport=WorldTransport(world), timeout=5.0) as client:
        yield client


@pytest.fixture
def world_resolver(world: World) -> dns.resolver.Resolver:
    """A dnspython resolver pointed at the world's DNS server."""
    return world_resolver_for(world)
