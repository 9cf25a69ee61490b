"""Request slots: overall and per-host limits, priority order, and no slot lost to cancelling."""

from __future__ import annotations

import asyncio

from checker.net.slots import Slots


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_limits_hold_overall_and_per_host() -> None:
    async def main() -> tuple[int, int]:
        slots = Slots(total=5, per_host=2)
        in_flight: dict[str, int] = {}
        peak_total = peak_host = 0

        async def request(host: str) -> None:
            nonlocal peak_total, peak_host
            await slots.acquire(host)
            in_flight[host] = in_flight.get(host, 0) + 1
            peak_total = max(peak_total, sum(in_flight.values()))
            peak_host = max(peak_host, in_flight[host])
            await asyncio.sleep(0.001)
            in_flight[host] -= 1
            slots.release(host)

        await asyncio.gather(*(request(f"h{i % 4}") for i in range(60)))
        return peak_total, peak_host

    assert asyncio.run(main()) == (5, 2)


def test_waiting_requests_go_in_priority_then_arrival_order() -> None:
    async def main() -> list[str]:
        slots = Slots(total=1, per_host=1)
        order: list[str] = []
        await slots.acquire("a")  # the only slot is taken

        async def request(name: str, priority: int) -> None:
            await slots.acquire("a", priority)
            order.append(name)
            slots.release("a")

        tasks = [
            asyncio.ensure_future(request(name, priority))
            for name, priority in [("leaf-1", 1), ("first-1", 0), ("leaf-2", 1), ("first-2", 0)]
        ]
        await _settle()
        slots.release("a")
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(main()) == ["first-1", "first-2", "leaf-1", "leaf-2"]


def test_a_host_at_its_limit_does_not_hold_back_another_host() -> None:
    async def main() -> bool:
        slots = Slots(total=3, per_host=1)
        await slots.acquire("busy")
        waiting = asyncio.ensure_future(slots.acquire("busy"))  # queued behind the limit
        await _settle()
        other = asyncio.ensure_future(slots.acquire("other"))
        await _settle()
        granted = other.done() and not waiting.done()
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        return granted

    assert asyncio.run(main())


def test_cancelled_waiters_give_back_every_slot() -> None:
    async def main() -> bool:
        slots = Slots(total=2, per_host=2)
        await slots.acquire("a")
        await slots.acquire("a")
        waiters = [asyncio.ensure_future(slots.acquire("a")) for _ in range(3)]
        await _settle()
        slots.release("a")  # grants the first waiter ...
        waiters[0].cancel()  # ... which is cancelled before it runs: its slot comes back
        waiters[1].cancel()  # cancelled while still waiting
        outcomes = await asyncio.gather(*waiters[:2], return_exceptions=True)
        assert all(isinstance(o, asyncio.CancelledError) for o in outcomes), outcomes
        await _settle()
        assert waiters[2].done()  # got the slot the cancelled grant gave back
        slots.release("a")
        slots.release("a")
        # both slots free again: two acquires succeed at once
        await asyncio.wait_for(asyncio.gather(slots.acquire("a"), slots.acquire("a")), 1)
        return True

    assert asyncio.run(main())
