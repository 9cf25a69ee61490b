"""Facts about a target: each named by a :class:`Fact`, found by its family's probe once.

A probe is an async function of a :class:`Gathering` (the target, the run's network, and
the target's other facts, which it may await). Each fact is probed at most once per
target, and the network clients underneath share every DNS answer, certificate and
response across targets, so a host is resolved once and a URL fetched once per run.
Network trouble is a fact (an error inside the value), never an exception.
"""

from __future__ import annotations

import asyncio
import secrets
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast

from checker.checks.domain.rdap import RdapLookup
from checker.checks.share.images import ShareImages
from checker.content.page import Page, parse_page
from checker.crawl.crawler import OnProgress
from checker.net.client import BODY_KEPT, Fetched, Fetcher
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

    def page(self, response: Fetched) -> Page:
        """Parsed page of a response: once per exchange, and still after :meth:`trim`."""
        if not response.serial:  # not from the Fetcher: nothing to share
            return parse_page(response.url, response.headers, response.body)
        page = self._pages.get(response.serial) or self._whole.get(response.serial)
        if page is None:
            page = parse_page(response.url, response.headers, response.body)
            kept = self._whole if len(response.body) > BODY_KEPT else self._pages
            kept[response.serial] = page
        return page

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

    async def follow(self, url: str, *, leaf: bool = False) -> Chain:
        """The redirect chain from `url`, with the target's limits and credentials."""
        settings = self.target.settings
        return await follow(
            self.network.fetcher,
            url,
            max_redirects=settings.max_redirects,
            credentials=self.target.credentials,
            timeout=settings.timeout,
            leaf=leaf,
        )
