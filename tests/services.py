"""Run a scenario against fresh run-wide services (pytest-httpx answers their requests)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from checker.facts import Services
from checker.net.client import Fetcher
from checker.net.resolver import Resolver
from checker.net.tls import TlsProber
from checker.net.transport import Router

T = TypeVar("T")
Scenario = Callable[[Services], Awaitable[T]]


def run_with_services(scenario: Scenario[T]) -> T:
    """Run `scenario` with new services (no retries, 4 in flight) on a new event loop."""

    async def main() -> T:
        router = Router(Resolver(None))
        fetcher = Fetcher(router, retries=0, concurrency=4)
        now = datetime.now(UTC)
        services = Services(Resolver(None), router, fetcher, TlsProber(router, None, 5.0), now)
        try:
            return await scenario(services)
        finally:
            await fetcher.close()

    return asyncio.run(main())
