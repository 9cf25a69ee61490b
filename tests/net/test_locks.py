"""httpcore's locks skip the event-loop round trip when free, and still exclude."""

from __future__ import annotations

import asyncio
import types
from contextlib import AbstractAsyncContextManager

import anyio
import httpcore._synchronization as httpcore_sync

from checker.net.locks import use_fast_locks


async def _loop_turned_during_free_acquire(lock: AbstractAsyncContextManager[object]) -> bool:
    turned: list[bool] = []
    asyncio.get_running_loop().call_soon(turned.append, True)
    async with lock:
        pass
    return bool(turned)


def test_a_free_lock_is_taken_without_yielding_to_the_loop() -> None:
    assert use_fast_locks() is True
    assert asyncio.run(_loop_turned_during_free_acquire(httpcore_sync.AsyncLock())) is False
    # the probe sees the round trip that an ordinary anyio lock makes
    assert asyncio.run(_loop_turned_during_free_acquire(anyio.Lock())) is True


def test_a_held_lock_still_makes_the_next_task_wait() -> None:
    use_fast_locks()
    order: list[str] = []

    async def holder(lock: httpcore_sync.AsyncLock) -> None:
        async with lock:
            order.append("first in")
            await asyncio.sleep(0.01)
            order.append("first out")

    async def waiter(lock: httpcore_sync.AsyncLock) -> None:
        await asyncio.sleep(0)
        async with lock:
            order.append("second in")

    async def main() -> None:
        lock = httpcore_sync.AsyncLock()
        await asyncio.gather(holder(lock), waiter(lock))

    asyncio.run(main())
    assert order == ["first in", "first out", "second in"]


def test_an_unknown_lock_shape_is_left_alone() -> None:
    class OtherLock:
        def setup(self) -> None:
            self.inner = object()

        async def __aenter__(self) -> OtherLock:
            return self

    original = OtherLock.setup
    module = types.ModuleType("other_httpcore")
    module.AsyncLock = OtherLock  # type: ignore[attr-defined]
    assert use_fast_locks(module) is False
    assert OtherLock.setup is original
    assert use_fast_locks(types.ModuleType("no_locks_at_all")) is False
