"""Gather, for each target, the facts its checks judge: DNS, TLS, redirect chains, pages.

All I/O of the launch checks happens here, through run-wide memoised services,
so a host is resolved once, a certificate probed once and a URL fetched once,
however many targets share them.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from checker.crawl.crawler import PAGE_BODY_LIMIT, OnProgress, SiteCrawl, crawl_site
from checker.manifest.model import UrlTarget
from checker.markup import off_loop
from checker.net.client import BODY_KEPT, BODY_LIMIT, LARGE_BODY, Fetched, Fetcher
from checker.net.redirects import Chain, follow
from checker.net.resolver import DnsAnswer, Resolver
from checker.net.tls import TlsFacts, TlsProber
from checker.net.transport import Router
from checker.page import Page, parse_page
from checker.qr import QrRead, read_qr
from checker.robots import MAX_ROBOTS_BYTES
from checker.targets import Target


@dataclass
class Services:
    """Run-wide network services plus the moment the run judges dates against."""

    resolver: Resolver
    router: Router
    fetcher: Fetcher
    prober: TlsProber
    now: datetime
    on_crawl: OnProgress | None = None  # told how each microsite crawl is going
    probe_token: str = field(default_factory=lambda: secrets.token_hex(8))
    _pages: dict[int, asyncio.Task[Page]] = field(default_factory=dict)  # by Fetched.serial

    async def page(self, response: Fetched) -> Page:
        """Parsed page of a response (its first BODY_LIMIT bytes): once per exchange, and
        still after :meth:`trim`; a large one in a worker thread."""
        if not response.serial:  # not from the Fetcher: nothing to share
            return await self._parse(response)
        parsed = self._pages.get(response.serial)
        if parsed is None:
            parsed = asyncio.ensure_future(self._parse(response))
            self._pages[response.serial] = parsed
        return await asyncio.shield(parsed)

    async def _parse(self, response: Fetched) -> Page:
        body = response.body[:BODY_LIMIT]
        read = functools.partial(parse_page, response.url, response.headers, body)
        if len(body) <= LARGE_BODY:
            return await off_loop(read, len(body))
        async with self.fetcher.large_turn():  # one large body at a time, read or parsed
            return await off_loop(read, len(body))

    def trim(self, chain: Chain) -> Chain:
        """`chain` with its parsed pages' bodies cut to BODY_KEPT, here and in the cache.

        Memory then grows with the parsed pages, not with every landing page's body
        (up to BODY_LIMIT each) for the whole run.
        """
        hops = tuple(self.fetcher.shrink(h) if h.serial in self._pages else h for h in chain.hops)
        return replace(chain, hops=hops)


@dataclass
class Facts:
    """Everything known about one target once gathering is done."""

    dns: DnsAnswer | None = None
    tls: TlsFacts | None = None
    chain: Chain | None = None
    page: Page | None = None
    page_cut: bool = False  # the landing page is longer than BODY_LIMIT: only its start was read
    http_form: Chain | None = None  # the http:// form of an https URL
    typed: dict[str, Chain] = field(default_factory=dict)  # printed form → chain
    typed_pages: dict[str, Page] = field(default_factory=dict)
    lowercase: Chain | None = None  # printed path in lower case, when the printed form 404s
    catch_all: Chain | None = None  # a random path on the final host
    catch_all_page: Page | None = None  # its page, when it answered 200
    robots: Fetched | None = None  # robots.txt of the final host
    qr: QrRead | None = None
    crawl: SiteCrawl | None = None  # microsites: every page, link, asset and fragment


def _host_port(url: str) -> tuple[str, int]:
    parsed = httpx.URL(url)
    return parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80)


async def _follow(
    services: Services,
    target: Target,
    url: str,
    *,
    leaf: bool = False,
    body_limit: int = BODY_LIMIT,
) -> Chain:
    return await follow(
        services.fetcher,
        url,
        max_redirects=target.settings.max_redirects,
        credentials=target.credentials,
        timeout=target.settings.timeout,
        leaf=leaf,
        body_limit=body_limit,
    )


async def _landing(services: Services, target: Target, url: str) -> tuple[Chain, Page | None]:
    """The landing chain and its page, parsed at once; the body is trimmed, unless a crawl
    still has to read the start page's links (up to PAGE_BODY_LIMIT): it is given the
    whole chain, trimmed for the rest once the crawl has it."""
    microsite = target.kind == "microsite"
    limit = PAGE_BODY_LIMIT if microsite else BODY_LIMIT
    chain = await _follow(services, target, url, body_limit=limit)
    if not chain.ok:
        return chain, None
    page = await services.page(chain.final)
    return (chain if microsite else services.trim(chain)), page


def _landing_cut(final: Fetched) -> bool:
    """Whether only the start (BODY_LIMIT) of a landing page was read and judged."""
    return final.truncated or len(final.body) > BODY_LIMIT


async def _plain_form(services: Services, target: Target, url: str) -> Chain:
    """The http:// form: a leaf (its redirect normally ends on the landing URL, so it waits
    behind requests that lead to more), trimmed where it ends on a parsed page. No page of
    it is parsed: a prefix of BODY_KEPT is all that is read of a body of its own."""
    chain = await _follow(services, target, url, leaf=True, body_limit=BODY_KEPT)
    return services.trim(chain)


async def _typed_forms(services: Services, target: Target, facts: Facts) -> None:
    forms = [f"http://{target.url}", f"https://{target.url}"]
    chains = await asyncio.gather(*(_follow(services, target, form) for form in forms))
    for form, chain in zip(forms, chains, strict=True):
        if chain.ok:
            facts.typed_pages[form] = await services.page(chain.final)
        facts.typed[form] = services.trim(chain)
    lower = f"https://{target.url.lower()}"
    if lower != forms[1] and any(c.final.status == 404 for c in chains):
        facts.lowercase = await _follow(services, target, lower)


async def _after_landing(services: Services, target: Target, facts: Facts) -> None:
    """Facts about the final page's host: a random path (catch-all?) and robots.txt."""
    assert facts.chain is not None
    final = httpx.URL(facts.chain.final_url)
    origin = f"{final.scheme}://{final.netloc.decode()}"
    robots = services.fetcher.fetch(
        f"{origin}/robots.txt", timeout=target.settings.timeout, body_limit=MAX_ROBOTS_BYTES
    )
    if facts.chain.final.status == 200:
        probe = f"{origin}/{services.probe_token}-campaign-checker-probe"  # one per origin
        # compared with the landing page by title and first text: its start is enough
        facts.catch_all = await _follow(services, target, probe, body_limit=LARGE_BODY)
        if facts.catch_all.ok and facts.catch_all.final.status == 200:
            facts.catch_all_page = await services.page(facts.catch_all.final)
            facts.catch_all = services.trim(facts.catch_all)
    facts.robots = await asyncio.shield(robots)


async def gather_facts(services: Services, target: Target) -> Facts:
    """All facts the checks need for `target` (network errors are facts, never raised)."""
    facts = Facts()
    if target.kind == "printed":
        await _typed_forms(services, target, facts)
        return facts
    url = target.check_url
    host, port = _host_port(url)
    https = url.startswith("https://")
    dns = services.resolver.lookup(host)
    landing = asyncio.ensure_future(_landing(services, target, url))
    tls = services.prober.probe(host, port) if https else None
    plain_url = "http://" + url.removeprefix("https://")
    plain = asyncio.ensure_future(_plain_form(services, target, plain_url)) if https else None
    qr_path = target.spec.qr if isinstance(target.spec, UrlTarget) else None
    qr = asyncio.ensure_future(asyncio.to_thread(read_qr, qr_path)) if qr_path else None
    crawl: asyncio.Future[SiteCrawl] | None = None
    try:
        facts.chain, facts.page = await landing
        facts.page_cut = facts.page is not None and _landing_cut(facts.chain.final)
        if facts.chain.ok and target.kind == "microsite":  # the crawl needs no other fact
            crawl = asyncio.ensure_future(crawl_site(services, target, facts.chain))
            facts.chain = services.trim(facts.chain)  # the crawl holds the whole page meanwhile
        facts.dns = await asyncio.shield(dns)  # run-wide tasks: other targets await them too
        facts.tls = await asyncio.shield(tls) if tls else None
        facts.http_form = await plain if plain else None
        facts.qr = await qr if qr else None
        if facts.chain.ok:
            await _after_landing(services, target, facts)
        if crawl is not None:
            facts.crawl = await crawl
    finally:  # cancelled (deadline, signal): nothing of this target's may run on
        for own in (landing, plain, qr, crawl):
            if own is not None and not own.done():
                own.cancel()
    return facts
