"""Which targets are checked at once: a bounded window, spread round robin over the hosts.

Starting every target of a portfolio at once delays the first request until every
target has taken its first steps (15 s at 20,000 targets), keeps every target's
coroutines alive for the whole run, and lets that backlog count into the first
responses' timings. A window keeps a few times the request concurrency in progress,
which is enough to keep the request slots full, and takes the hosts in turn, at most
`per_key` targets of one host at a time, so that one slow host cannot fill the window.
"""

from __future__ import annotations

import asyncio
import functools
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Generic, TypeVar

Item = TypeVar("Item", bound=Hashable)
Result = TypeVar("Result")


class Window(Generic[Item, Result]):
    """Runs `start(item)` for every item, at most `width` at once and `per_key` per key.

    Items of one key start in their given order; keys take turns in the order they first
    appear. `running` holds the tasks of the items in progress; once an item's task ends,
    its return value goes to `results` (or what it raised to `errors`; a cancelled one to
    neither) and the task is let go. `finished` is done once every item has run (at once
    when there are none). :meth:`stop` cancels what runs and starts nothing more.
    """

    def __init__(
        self,
        items: Iterable[Item],
        key: Callable[[Item], str],
        start: Callable[[Item], Awaitable[Result]],
        *,
        width: int,
        per_key: int,
        on_done: Callable[[Item, asyncio.Task[Result]], None] | None = None,
    ) -> None:
        self._key = key
        self._start = start
        self._width = max(width, 1)
        self._per_key = max(per_key, 1)
        self._on_done = on_done
        self._queues: dict[str, deque[Item]] = {}
        for item in items:
            self._queues.setdefault(key(item), deque()).append(item)
        self._turns = deque(self._queues)  # keys with items left to start
        self._running: Counter[str] = Counter()  # per key
        self._in_progress = 0
        self._stopped = False
        self.running: dict[Item, asyncio.Task[Result]] = {}
        self.results: dict[Item, Result] = {}
        self.errors: dict[Item, BaseException] = {}
        self.finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._fill()

    def stop(self) -> None:
        """Cancel the items still running; start no others."""
        self._stopped = True
        for task in self.running.values():
            task.cancel()

    def _fill(self) -> None:
        blocked = 0  # keys passed over in a row because they are at their limit
        while not self._stopped and self._in_progress < self._width and blocked < len(self._turns):
            key = self._turns.popleft()
            if self._running[key] >= self._per_key:
                self._turns.append(key)
                blocked += 1
                continue
            blocked = 0
            queue = self._queues[key]
            item = queue.popleft()
            if queue:
                self._turns.append(key)
            self._running[key] += 1
            self._in_progress += 1
            task = asyncio.ensure_future(self._start(item))
            task.add_done_callback(functools.partial(self._finish, item, key))
            self.running[item] = task
        if not self._in_progress and not self._turns and not self.finished.done():
            self.finished.set_result(None)

    def _finish(self, item: Item, key: str, task: asyncio.Task[Result]) -> None:
        self._running[key] -= 1
        self._in_progress -= 1
        del self.running[item]
        if not task.cancelled():
            if (error := task.exception()) is not None:
                self.errors[item] = error
            else:
                self.results[item] = task.result()
        if self._on_done is not None:
            self._on_done(item, task)
        self._fill()
