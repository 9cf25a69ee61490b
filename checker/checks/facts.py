"""Facts about a target: each named by a :class:`Fact`, found by its family's probe once.

A probe is an async function of a :class:`Gathering` (the target, the run's network, and
the target's other facts, which it may await). Each fact is probed at most once per
target, and the network clients underneath share every DNS answer, certificate and
response across targets, so a host is resolved once and a URL fetched once per run.
Network trouble is a fact (an error inside the value), never an exception.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast

from checker.checks.domain.rdap import RdapLookup
from checker.checks.share.images import ShareImages
from checker.content.markup import off_loop
from checker.content.page import Page, parse_page
from checker.crawl.crawler import OnProgress
from checker.net.client import BODY_KEPT, BODY_LIMIT, LARGE_BODY, Fetched, Fetcher
from checker.net.redirects import Chain, follow
from checker.net.resolver import Resolver
from checker.net.tlsprobe import TlsProber
from checker.plan.targets import Target

T = TypeVar("T")


class PageCache:
    """Parsed pages by exchange: a response is parsed once for all who hold its page.

    A page is kept while a target in progress holds it, not for the whole run (its text
    alone was 4.7 KB per target of a portfolio); a target that reaches the same response
    later parses it again from the fetcher's cached body, with the same result. A page
    whose body :meth:`trim` cuts is kept for the run: the cut body would parse differently.
    """

    def __init__(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._pages: weakref.WeakValueDictionary[int, Page] = weakref.WeakValueDictionary()
        self._whole: dict[int, Page] = {}  # pages of the bodies longer than BODY_KEPT
        self._parsing: dict[int, asyncio.Future[Page]] = {}

    async def page(self, response: Fetched) -> Page:
        """Parsed page of a response (its first BODY_LIMIT bytes): once per exchange, and
        still after :meth:`trim`; a large one off the event loop, in its turn."""
        serial = response.serial
        if not serial:  # not from the Fetcher: nothing to share
            return await self._parse(response)
        page = self._pages.get(serial) or self._whole.get(serial)
        if page is not None:
            return page
        parsing = self._parsing.get(serial)
        if parsing is None:
            parsing = self._parsing[serial] = asyncio.ensure_future(self._parse(response))
            parsing.add_done_callback(lambda _: self._parsing.pop(serial, None))
        page = await asyncio.shield(parsing)  # another target may be waiting for it too
        kept = self._whole if len(response.body) > BODY_KEPT else self._pages
        kept[serial] = page
        return page

    async def _parse(self, response: Fetched) -> Page:
        body = response.body[:BODY_LIMIT]
        read = functools.partial(parse_page, response.url, response.headers, body)
        if len(body) <= LARGE_BODY:
            return await off_loop(read, len(body))
        async with self._fetcher.large_turn():  # one large body at a time, read or parsed
            return await off_loop(read, len(body))

    def trim(self, chain: Chain) -> Chain:
        """`chain` with its parsed pages' bodies cut to the kept prefix, here and in the
        fetcher's cache, so memory grows with the parsed pages, not with every body."""
        hops = tuple(self._fetcher.shrink(h) if h.serial in self._whole else h for h in chain.hops)
        return replace(chain, hops=hops)


@dataclass
class Network:
    """The run's shared clients, which every probe of every target goes through."""

    resolver: Resolver
    fetcher: Fetcher
    prober: TlsProber
    rdap: RdapLookup  # domain registrations, one lookup per domain
    on_crawl: OnProgress | None = None  # told how each microsite crawl is going
    probe_token: str = field(default_factory=lambda: secrets.token_hex(8))
    pages: PageCache = field(init=False)
    share_images: ShareImages = field(init=False)  # og:image / twitter:image, each fetched once

    def __post_init__(self) -> None:
        self.pages = PageCache(self.fetcher)
        self.share_images = ShareImages(self.fetcher)


@dataclass(frozen=True, eq=False)
class Fact(Generic[T]):
    """One thing known about a target, and the probe that finds it out."""

    name: str
    probe: Callable[[Gathering], Awaitable[T]]

    def __repr__(self) -> str:
        return f"Fact({self.name})"


class Facts:
    """A target's gathered facts, read by the judges: ``facts[DNS]``."""

    def __init__(self, values: dict[Fact[Any], Any]) -> None:
        self._values = values

    def __getitem__(self, fact: Fact[T]) -> T:
        return cast(T, self._values[fact])

    def get(self, fact: Fact[T]) -> T | None:
        """The fact, or None when no check of this target needed it."""
        return cast("T | None", self._values.get(fact))


class Gathering:
    """One target's facts while they are gathered (each probe runs at most once)."""

    def __init__(self, network: Network, target: Target) -> None:
        self.network = network
        self.target = target
        self._tasks: dict[Fact[Any], asyncio.Future[Any]] = {}

    def get(self, fact: Fact[T]) -> Awaitable[T]:
        """The fact, probed on first request; later requests share that probe."""
        task = self._tasks.get(fact)
        if task is None:
            task = self._tasks[fact] = asyncio.ensure_future(fact.probe(self))
        return cast("asyncio.Future[T]", task)

    async def gather(self, wanted: Iterable[Fact[Any]]) -> Facts:
        """Every fact in `wanted`; cancelled (deadline, signal), no probe of it runs on."""
        wanted = list(wanted)
        try:
            values = await asyncio.gather(*(self.get(f) for f in wanted))
        finally:
            for task in self._tasks.values():
                if not task.done():
                    task.cancel()
        return Facts(dict(zip(wanted, values, strict=True)))

    async def follow(self, url: str, *, leaf: bool = False, body_limit: int = BODY_LIMIT) -> Chain:
        """The redirect chain from `url`, with the target's limits and credentials; each
        body read up to `body_limit` bytes after decoding."""
        settings = self.target.settings
        return await follow(
            self.network.fetcher,
            url,
            max_redirects=settings.max_redirects,
            credentials=self.target.credentials,
            timeout=settings.timeout,
            leaf=leaf,
            body_limit=body_limit,
        )
