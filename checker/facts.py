"""Gather, for each target, the facts its checks judge: DNS, TLS, redirect chains, pages.

All I/O of the launch checks happens here, through run-wide memoised services,
so a host is resolved once, a certificate probed once and a URL fetched once,
however many targets share them.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

import httpx

from checker.crawl.crawler import OnProgress, SiteCrawl, crawl_site, has_page_links, page_links
from checker.crawl.extract import PageLinks
from checker.manifest.model import UrlTarget
from checker.net.client import Fetched, Fetcher
from checker.net.redirects import Chain, follow
from checker.net.resolver import DnsAnswer, Resolver
from checker.net.tls import TlsFacts, TlsProber
from checker.net.transport import Router
from checker.page import Page, parse_page
from checker.qr import QrRead, read_qr
from checker.targets import Target

if TYPE_CHECKING:  # imported where used: checker.checks imports this module
    from checker.checks.domain.probe import RdapLookup, Registration
    from checker.checks.share.probe import ShareImage, ShareImages


@dataclass
class Services:
    """Run-wide network services plus the moment the run judges dates against."""

    resolver: Resolver
    router: Router
    fetcher: Fetcher
    prober: TlsProber
    now: datetime
    on_crawl: OnProgress | None = None  # told how each microsite crawl is going
    rdap: RdapLookup | None = None  # domain registrations (default: the IANA bootstrap)
    share_images: ShareImages | None = None  # og:image / twitter:image, each fetched once
    probe_token: str = field(default_factory=lambda: secrets.token_hex(8))
    _pages: dict[int, Page] = field(default_factory=dict)  # by Fetched.serial

    def page(self, response: Fetched) -> Page:
        """Parsed page of a response: once per exchange, and still after :meth:`trim`."""
        if not response.serial:  # not from the Fetcher: nothing to share
            return parse_page(response.url, response.headers, response.body)
        page = self._pages.get(response.serial)
        if page is None:
            page = parse_page(response.url, response.headers, response.body)
            self._pages[response.serial] = page
        return page

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
    links: PageLinks | None = None  # what the landing page loads and its share tags
    http_form: Chain | None = None  # the http:// form of an https URL
    typed: dict[str, Chain] = field(default_factory=dict)  # printed form → chain
    typed_pages: dict[str, Page] = field(default_factory=dict)
    lowercase: Chain | None = None  # printed path in lower case, when the printed form 404s
    catch_all: Chain | None = None  # a random path on the final host
    catch_all_page: Page | None = None  # its page, when it answered 200
    robots: Fetched | None = None  # robots.txt of the final host
    qr: QrRead | None = None
    crawl: SiteCrawl | None = None  # microsites: every page, link, asset and fragment
    registrations: tuple[tuple[str, Registration], ...] = ()  # (host, its domain's registration)
    share_images: tuple[ShareImage, ...] = ()  # the landing page's, in share-tag order


def _host_port(url: str) -> tuple[str, int]:
    parsed = httpx.URL(url)
    return parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80)


async def _follow(services: Services, target: Target, url: str, *, leaf: bool = False) -> Chain:
    return await follow(
        services.fetcher,
        url,
        max_redirects=target.settings.max_redirects,
        credentials=target.credentials,
        timeout=target.settings.timeout,
        leaf=leaf,
    )


async def _landing(
    services: Services, target: Target, url: str
) -> tuple[Chain, Page | None, PageLinks | None]:
    """The landing chain, its page and what it loads, parsed at once; the body is trimmed
    unless a crawl still has to read the start page's links."""
    chain = await _follow(services, target, url)
    if not chain.ok:
        return chain, None, None
    page = services.page(chain.final)
    links = await _landing_links(services, target, chain.final) if page.is_html else None
    return (chain if target.kind == "microsite" else services.trim(chain)), page, links


async def _landing_links(services: Services, target: Target, final: Fetched) -> PageLinks | None:
    """The crawler's extraction of a landing page, once per run; a body another target cut
    (see Services.trim) is fetched whole first, unless its links are known already."""
    fetcher, credentials = services.fetcher, target.credentials
    if final.shrunk and not has_page_links(fetcher, final.url, credentials):
        final = await fetcher.fetch(
            final.url, credentials=credentials, timeout=target.settings.timeout, full_body=True
        )
    return page_links(fetcher, final, credentials)


async def _plain_form(services: Services, target: Target, url: str) -> Chain:
    """The http:// form: a leaf (its redirect normally ends on the landing URL, so it waits
    behind requests that lead to more), trimmed where it ends on a parsed page."""
    return services.trim(await _follow(services, target, url, leaf=True))


async def _typed_forms(services: Services, target: Target, facts: Facts) -> None:
    forms = [f"http://{target.url}", f"https://{target.url}"]
    chains = await asyncio.gather(*(_follow(services, target, form) for form in forms))
    for form, chain in zip(forms, chains, strict=True):
        if chain.ok:
            facts.typed_pages[form] = services.page(chain.final)
        facts.typed[form] = services.trim(chain)
    lower = f"https://{target.url.lower()}"
    if lower != forms[1] and any(c.final.status == 404 for c in chains):
        facts.lowercase = await _follow(services, target, lower)


async def _after_landing(services: Services, target: Target, facts: Facts) -> None:
    """Facts about the final page's host: a random path (catch-all?) and robots.txt."""
    assert facts.chain is not None
    final = httpx.URL(facts.chain.final_url)
    origin = f"{final.scheme}://{final.netloc.decode()}"
    robots = services.fetcher.fetch(f"{origin}/robots.txt", timeout=target.settings.timeout)
    if facts.chain.final.status == 200:
        probe = f"{origin}/{services.probe_token}-campaign-checker-probe"  # one per origin
        facts.catch_all = await _follow(services, target, probe)
        if facts.catch_all.ok and facts.catch_all.final.status == 200:
            facts.catch_all_page = services.page(facts.catch_all.final)
            facts.catch_all = services.trim(facts.catch_all)
    facts.robots = await robots


def _manifest_hosts(target: Target) -> list[str]:
    """Hosts whose domain registration `domain.expiry` judges: the target's own and, for
    url and microsite targets, that of `expect.final_url`."""
    urls = [f"https://{target.url}" if target.kind == "printed" else target.spec.url]
    if target.kind != "printed" and target.expect.final_url:
        urls.append(target.expect.final_url)
    hosts = []
    for url in urls:
        try:
            hosts.append(httpx.URL(url).raw_host.decode("ascii"))  # IDN: the A-label form
        except (httpx.InvalidURL, ValueError):
            continue  # a printed form that is no URL: printed.typed says so
    return hosts


async def _registrations(
    services: Services, target: Target
) -> tuple[tuple[str, Registration], ...]:
    from checker.checks.domain.probe import RdapLookup, lookup_hosts

    if services.rdap is None:
        services.rdap = RdapLookup(services.fetcher)
    return await lookup_hosts(services.rdap, _manifest_hosts(target))


async def _share_images(
    services: Services, target: Target, links: PageLinks
) -> tuple[ShareImage, ...]:
    from checker.checks.share.probe import ShareImages, fetch_share_images, share_tags

    if services.share_images is None:
        services.share_images = ShareImages(services.fetcher)
    return await fetch_share_images(
        services.share_images,
        share_tags(links),
        timeout=target.settings.timeout,
        max_redirects=target.settings.max_redirects,
    )


async def gather_facts(services: Services, target: Target) -> Facts:
    """All facts the checks need for `target` (network errors are facts, never raised)."""
    facts = Facts()
    registrations = asyncio.ensure_future(_registrations(services, target))
    try:
        if target.kind == "printed":
            await _typed_forms(services, target, facts)
        else:
            await _gather_landing(services, target, facts)
        facts.registrations = await registrations
    finally:
        if not registrations.done():
            registrations.cancel()
    return facts


async def _gather_landing(services: Services, target: Target, facts: Facts) -> None:
    """Facts of a target whose own URL is fetched: url and microsite targets."""
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
    share: asyncio.Future[tuple[ShareImage, ...]] | None = None
    try:
        facts.chain, facts.page, facts.links = await landing
        if facts.chain.ok and target.kind == "microsite":  # the crawl needs no other fact
            crawl = asyncio.ensure_future(crawl_site(services, target, facts.chain))
        if facts.links is not None and facts.links.share:
            share = asyncio.ensure_future(_share_images(services, target, facts.links))
        facts.dns = await dns
        facts.tls = await tls if tls else None
        facts.http_form = await plain if plain else None
        facts.qr = await qr if qr else None
        if facts.chain.ok:
            await _after_landing(services, target, facts)
        if share is not None:
            facts.share_images = await share
        if crawl is not None:
            facts.crawl = await crawl
            facts.chain = services.trim(facts.chain)
    finally:  # cancelled (deadline, signal): nothing of this target's may run on
        for own in (landing, plain, qr, crawl, share):
            if own is not None and not own.done():
                own.cancel()
