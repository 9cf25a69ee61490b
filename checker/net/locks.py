"""httpcore's connection locks, minus an event-loop round trip when nobody holds them.

httpcore 1.0 guards each connection with anyio locks, and an uncontended anyio
lock still yields to the event loop on acquire: two or three extra loop turns per
request, which showed as 0.2 s of a 5 s crawl (bench/crawl.py). anyio 4.5 added
``fast_acquire`` for exactly this; httpcore merged it (encode/httpcore#953),
reverted it for process rather than technical reasons (#1002), and the fork
pydantic/httpx2 reinstated it (#970). We make the same change from outside, and
only when httpcore's lock still has the shape it was written for.
"""

from __future__ import annotations

import inspect
import types

import anyio
import httpcore._synchronization as httpcore_sync


def use_fast_locks(module: types.ModuleType = httpcore_sync) -> bool:
    """Let `module`'s AsyncLock skip the checkpoint when free; True if in effect.

    Idempotent. Returns False (and changes nothing) for an httpcore or anyio this
    was not written for, so an upgrade can only make requests slower, never wrong.
    """
    lock_class = getattr(module, "AsyncLock", None)
    if lock_class is None:
        return False
    if getattr(lock_class, "_checker_fast", False):
        return True
    enter = getattr(lock_class, "__aenter__", None)
    setup = getattr(lock_class, "setup", None)
    if not callable(setup) or enter is None:
        return False
    code = getattr(enter, "__code__", None)
    uses_anyio_lock = isinstance(code, types.CodeType) and "_anyio_lock" in code.co_names
    if not uses_anyio_lock or "fast_acquire" not in inspect.signature(anyio.Lock).parameters:
        return False

    def fast_setup(self: object) -> None:
        setup(self)
        if getattr(self, "_backend", None) == "asyncio":
            self._anyio_lock = anyio.Lock(fast_acquire=True)  # type: ignore[attr-defined]

    lock_class.setup = fast_setup
    lock_class._checker_fast = True
    return True
