"""Gathering a target's facts: each probe runs once however many facts await it, a cancelled
(or failed) gathering leaves no probe running, and a response's page is parsed once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from checker.checks.facts import Fact, Facts, Gathering, Network
from checker.net.client import BODY_KEPT, Fetched
from checker.net.redirects import Chain
from tests.checks.judging import html, url_target
from tests.services import run_with_services

TARGET = url_target("https://www.acme.test/summer")


def test_a_probe_awaited_by_two_facts_runs_once() -> None:
    runs: list[str] = []

    async def base(gathering: Gathering) -> int:
        runs.append(gathering.target.url)
        await asyncio.sleep(0)
        return 40

    shared = Fact("shared", base)

    async def plus_one(gathering: Gathering) -> int:
        return await gathering.get(shared) + 1

    async def plus_two(gathering: Gathering) -> int:
        return await gathering.get(shared) + 2

    one, two = Fact("one", plus_one), Fact("two", plus_two)

    async def scenario(network: Network) -> Facts:
        return await Gathering(network, TARGET).gather([one, two, shared])

    facts = run_with_services(scenario)
    assert (facts[one], facts[two], facts[shared]) == (41, 42, 40)
    assert runs == [TARGET.url]


def test_facts_not_gathered_are_absent() -> None:
    async def answer(gathering: Gathering) -> str:
        return "yes"

    asked, other = Fact("asked", answer), Fact("other", answer)

    async def scenario(network: Network) -> Facts:
        return await Gathering(network, TARGET).gather([asked])

    facts = run_with_services(scenario)
    assert facts.get(asked) == "yes"
    assert facts.get(other) is None
    with pytest.raises(KeyError):
        facts[other]


def slow_probe_ended(stop: str) -> bool:
    """Gather a fact whose probe starts a slow one without awaiting it (never asked for
    directly), stop the gathering by `stop` ("cancel" it, or "fail" another probe), and
    tell whether the slow probe ended with it."""
    ended: list[bool] = []
    started = asyncio.Event()

    async def slow(gathering: Gathering) -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        finally:
            ended.append(True)  # also on cancellation

    slow_fact = Fact("slow", slow)

    async def prefetches(gathering: Gathering) -> None:
        gathering.get(slow_fact)  # started for later, not awaited
        await asyncio.sleep(30)

    async def breaks(gathering: Gathering) -> None:
        await started.wait()
        raise RuntimeError("probe bug")

    wanted = [Fact("prefetches", prefetches)]
    if stop == "fail":
        wanted.append(Fact("breaks", breaks))

    async def scenario(network: Network) -> bool:
        gathering = asyncio.ensure_future(Gathering(network, TARGET).gather(wanted))
        await started.wait()
        if stop == "cancel":
            gathering.cancel()
        with pytest.raises((asyncio.CancelledError, RuntimeError)):
            await gathering
        for _ in range(3):
            await asyncio.sleep(0)
        return bool(ended)

    return run_with_services(scenario)


@pytest.mark.parametrize("stop", ["cancel", "fail"])
def test_a_stopped_gathering_cancels_every_probe_it_started(stop: str) -> None:
    assert slow_probe_ended(stop)


def test_a_gathering_that_finished_cancels_nothing() -> None:
    async def quick(gathering: Gathering) -> str:
        return "done"

    shared = Fact("quick", quick)

    async def scenario(network: Network) -> tuple[Facts, Any]:
        gathering = Gathering(network, TARGET)
        facts = await gathering.gather([shared])
        return facts, await gathering.get(shared)  # the finished probe is still shared

    facts, again = run_with_services(scenario)
    assert facts[shared] == again == "done"


# --- parsed pages -----------------------------------------------------------------------

PAGE = html("Summer Sale", "<p>" + "x" * (BODY_KEPT + 10) + "</p>")


def response(serial: int) -> Fetched:
    headers = httpx.Headers({"content-type": "text/html"})
    return Fetched("https://www.acme.test/summer", "GET", 200, headers, PAGE, serial=serial)


def test_a_response_is_parsed_once_whoever_asks() -> None:
    async def scenario(network: Network) -> list[object]:
        first, copy = response(7), response(7)
        return [await network.pages.page(first), await network.pages.page(copy)]

    first, again = run_with_services(scenario)
    assert first is again


def test_a_response_not_from_the_fetcher_is_parsed_each_time() -> None:
    async def scenario(network: Network) -> list[object]:
        return [await network.pages.page(response(0)), await network.pages.page(response(0))]

    first, again = run_with_services(scenario)
    assert first is not again
    assert first == again


def test_trimming_cuts_the_bodies_of_parsed_pages_only() -> None:
    async def scenario(network: Network) -> Chain:
        parsed, unparsed = response(1), response(2)
        await network.pages.page(parsed)
        return network.pages.trim(Chain(parsed.url, (unparsed, parsed)))

    trimmed = run_with_services(scenario)
    unparsed, parsed = trimmed.hops
    assert (len(unparsed.body), unparsed.shrunk) == (len(PAGE), False)
    assert (len(parsed.body), parsed.shrunk) == (BODY_KEPT, True)
