"""Run a scenario against a fresh run-wide network (pytest-httpx answers its requests)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx

from checker.checks.domain.rdap import RdapLookup
from checker.checks.facts import Network
from checker.net.client import Fetcher
from checker.net.resolver import Resolver
from checker.net.tlsprobe import TlsProber
from checker.net.transport import Router

T = TypeVar("T")

# pytest-httpx answers requests sent through httpx's own transport class.
MOCKABLE = httpx.AsyncHTTPTransport
Scenario = Callable[[Network], Awaitable[T]]


def run_with_services(scenario: Scenario[T]) -> T:
    """Run `scenario` with a new network (no retries, 4 in flight) on a new event loop."""

    async def main() -> T:
        router = Router(Resolver(None))
        fetcher = Fetcher(router, retries=0, concurrency=4, transport=MOCKABLE())
        prober = TlsProber(router, None, 5.0)
        network = Network(Resolver(None), fetcher, prober, RdapLookup(fetcher))
        try:
            return await scenario(network)
        finally:
            await fetcher.close()

    return asyncio.run(main())
