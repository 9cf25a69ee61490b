"""Run-wide tasks (a fetch, a DNS lookup, a TLS probe) are awaited by several callers: one
caller's cancellation (its own timeout, its target's end) must never cancel what the
others wait for. Each case cancels one waiter and checks the other still gets its answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from checker.checks.facts import Gathering, Network
from checker.checks.tls.probe import TLS
from checker.demo.routes import html_page, page, slow
from checker.manifest.model import Campaign
from checker.net.redirects import follow
from checker.plan.targets import expand
from checker.run import RunOptions, build_network
from tests.hostile.conftest import Hostile
from tests.hostile.servers import SILENT_UDP

T = TypeVar("T")


def _run(hostile: Hostile, scenario: Callable[[Network], Awaitable[T]], timeout: float = 1.0) -> T:
    args = hostile.args()
    options = RunOptions(
        connect_to=[args[i + 1] for i, a in enumerate(args) if a == "--connect-to"],
        nameservers=[f"127.0.0.1:{hostile.dns.port}"],
        ca_bundle=str(hostile.world.ca_bundle_path),
        timeout=timeout,
        retries=0,
    )

    async def main() -> T:
        services = build_network(options)
        try:
            return await scenario(services)
        finally:
            await services.fetcher.close()

    return asyncio.run(main())


async def _cancel_soon(task: asyncio.Future[object]) -> None:
    await asyncio.sleep(0.2)
    task.cancel()


def test_a_cancelled_chain_leaves_the_shared_fetch_to_the_other_chain(hostile: Hostile) -> None:
    url = hostile.add("slow-shared.hostile.test", {"/": slow(0.6, page(html_page("S", "ok")))})

    async def scenario(services: Network) -> int | None:
        first = asyncio.ensure_future(follow(services.fetcher, url, max_redirects=5))
        second = asyncio.ensure_future(follow(services.fetcher, url, max_redirects=5))
        await _cancel_soon(first)
        return (await second).final.status

    assert _run(hostile, scenario, timeout=5.0) == 200


def test_a_request_timeout_leaves_the_shared_lookup_to_dns_resolve(hostile: Hostile) -> None:
    async def scenario(services: Network) -> tuple[str | None, str | None]:
        lookup = services.resolver.lookup(SILENT_UDP)
        fetched = await services.fetcher.fetch(f"https://{SILENT_UDP}/", timeout=0.3)
        answer = await lookup
        return fetched.error.kind if fetched.error else None, answer.error

    assert _run(hostile, scenario) == ("timeout", "timeout")


def test_a_cancelled_target_leaves_the_shared_tls_probe_to_the_other(hostile: Hostile) -> None:
    url = hostile.add("silent-shared.hostile.test", listener="silent")  # TLS never starts
    quick = {"url": url, "timeout": 0.1}  # its landing gives up at once: it awaits the probe
    spec = {"campaign": "x", "launch": "2030-01-01", "urls": [quick, f"{url}?b=1"]}
    first_target, second_target = expand(Campaign.model_validate(spec))

    async def scenario(services: Network) -> str | None:
        first = asyncio.ensure_future(Gathering(services, first_target).gather([TLS]))
        second = asyncio.ensure_future(Gathering(services, second_target).gather([TLS]))
        await _cancel_soon(first)
        facts = await second
        return facts[TLS].handshake_error

    assert _run(hostile, scenario, timeout=0.5) == "no TLS handshake within the timeout"
