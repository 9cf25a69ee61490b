"""How many requests may be in flight: overall, per host, and who goes next."""

from __future__ import annotations

import asyncio
import bisect
import itertools
from collections import Counter


class Slots:
    """At most `total` requests in flight and `per_host` per host.

    Waiting requests are let in by priority (lower first), then in arrival
    order, skipping those whose host is at its limit, so one busy host never
    holds slots that another host could use. A request that leads to no further
    request (a "leaf") can wait behind those that do, which keeps the queue from
    running dry while work is still being discovered.
    """

    def __init__(self, total: int, per_host: int) -> None:
        self._free = total
        self._per_host = per_host
        self._busy: Counter[str] = Counter()
        self._waiting: list[tuple[int, int, str, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, host: str, priority: int = 0) -> None:
        """Wait for a slot for `host`; every acquire must be paired with :meth:`release`."""
        if self._free > 0 and self._busy[host] < self._per_host:
            self._take(host)  # any waiter left is blocked by its own host's limit
            return
        entry = (priority, next(self._order), host, asyncio.get_running_loop().create_future())
        bisect.insort(self._waiting, entry)
        try:
            await entry[3]
        except asyncio.CancelledError:
            if entry[3].done() and not entry[3].cancelled():
                self.release(host)  # granted, then cancelled before it could run
            elif entry in self._waiting:  # (a release may have dropped it already)
                self._waiting.remove(entry)
            raise

    def release(self, host: str) -> None:
        """Give back `host`'s slot and let in whoever may go now."""
        self._free += 1
        self._busy[host] -= 1
        if not self._busy[host]:
            del self._busy[host]
        kept: list[tuple[int, int, str, asyncio.Future[None]]] = []
        for index, entry in enumerate(self._waiting):
            if self._free == 0:
                kept += self._waiting[index:]
                break
            waiter_host, waiter = entry[2], entry[3]
            if waiter.done():  # cancelled while waiting
                continue
            if self._busy[waiter_host] < self._per_host:
                self._take(waiter_host)
                waiter.set_result(None)
            else:
                kept.append(entry)
        self._waiting = kept

    def _take(self, host: str) -> None:
        self._free -= 1
        self._busy[host] += 1
