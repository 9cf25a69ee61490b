"""The window of targets in progress: bounded overall and per host, hosts in turn."""

from __future__ import annotations

import asyncio
from collections import Counter

from checker.plan.window import Window


def host(item: str) -> str:
    return item.split("/")[0]


class Recorder:
    """A `start` that records the order items start in and how many run at once."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.running: Counter[str] = Counter()
        self.most = 0
        self.most_per_host: Counter[str] = Counter()

    async def start(self, item: str) -> str:
        self.started.append(item)
        self.running[host(item)] += 1
        self.most = max(self.most, self.running.total())
        self.most_per_host[host(item)] = max(
            self.most_per_host[host(item)], self.running[host(item)]
        )
        await asyncio.sleep(0.001 * (len(item) % 3))
        self.running[host(item)] -= 1
        return item.upper()


def test_every_item_runs_within_both_limits() -> None:
    items = [f"h{i % 5}/{i}" for i in range(100)] + [f"big/{i}" for i in range(50)]
    recorder = Recorder()

    async def main() -> Window[str, str]:
        window = Window(items, host, recorder.start, width=12, per_key=3)
        await window.finished
        return window

    window = asyncio.run(main())
    assert sorted(recorder.started) == sorted(items)
    assert window.results == {item: item.upper() for item in items}
    assert window.running == {}
    assert window.errors == {}
    assert recorder.most == 12
    assert max(recorder.most_per_host.values()) == 3


def test_hosts_take_turns_in_the_order_they_first_appear() -> None:
    items = ["a/1", "a/2", "a/3", "b/1", "b/2", "c/1"]
    recorder = Recorder()

    async def main() -> None:
        await Window(items, host, recorder.start, width=100, per_key=100).finished

    asyncio.run(main())
    assert recorder.started == ["a/1", "b/1", "c/1", "a/2", "b/2", "a/3"]


def test_a_host_at_its_limit_lets_the_others_in() -> None:
    """One host with many slow items does not fill the window."""

    async def main() -> list[str]:
        gate = asyncio.Event()
        started: list[str] = []

        async def start(item: str) -> None:
            started.append(item)
            if host(item) == "slow":
                await gate.wait()

        items = [f"slow/{i}" for i in range(10)] + [f"fast/{i}" for i in range(10)]
        window = Window(items, host, start, width=4, per_key=2)
        while len([i for i in started if host(i) == "fast"]) < 10:
            await asyncio.sleep(0)
        gate.set()
        await window.finished
        return started

    started = asyncio.run(main())
    assert started.index("fast/9") < started.index("slow/2")


def test_on_done_is_told_of_each_item_as_it_finishes() -> None:
    done: list[tuple[str, str]] = []

    async def main() -> None:
        recorder = Recorder()
        window = Window(
            ["x/1", "y/1", "x/2"],
            host,
            recorder.start,
            width=2,
            per_key=2,
            on_done=lambda item, task: done.append((item, task.result())),
        )
        await window.finished

    asyncio.run(main())
    assert sorted(done) == [("x/1", "X/1"), ("x/2", "X/2"), ("y/1", "Y/1")]


def test_no_items_are_finished_at_once() -> None:
    async def main() -> bool:
        window: Window[str, str] = Window([], host, Recorder().start, width=1, per_key=1)
        return window.finished.done()

    assert asyncio.run(main())


def test_stop_cancels_what_runs_and_starts_nothing_more() -> None:
    async def main() -> tuple[Window[str, None], list[str]]:
        started: list[str] = []

        async def start(item: str) -> None:
            started.append(item)
            await asyncio.sleep(10)

        window = Window([f"h/{i}" for i in range(10)], host, start, width=3, per_key=3)
        await asyncio.sleep(0)
        window.stop()
        await asyncio.gather(*window.running.values(), return_exceptions=True)
        await asyncio.sleep(0)
        return window, started

    window, started = asyncio.run(main())
    assert started == ["h/0", "h/1", "h/2"]
    assert window.running == {}
    assert window.results == {}
    assert window.errors == {}


def test_what_an_item_raises_is_kept_as_its_error() -> None:
    async def start(item: str) -> str:
        if item == "h/1":
            raise ValueError("broken probe")
        return item

    async def main() -> Window[str, str]:
        window = Window(["h/0", "h/1", "h/2"], host, start, width=2, per_key=2)
        await window.finished
        return window

    window = asyncio.run(main())
    assert window.results == {"h/0": "h/0", "h/2": "h/2"}
    assert list(window.errors) == ["h/1"]
    assert str(window.errors["h/1"]) == "broken probe"
