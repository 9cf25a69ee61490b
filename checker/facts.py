"""Gather, for each target, the facts its checks judge: DNS, TLS, redirect chains, pages.

All I/O of the launch checks happens here, through run-wide memoised services,
so a host is resolved once, a certificate probed once and a URL fetched once,
however many targets share them.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from checker.crawl.crawler import OnProgress, SiteCrawl, crawl_site
from checker.manifest.model import UrlTarget
from checker.net.client import Fetched, Fetcher
from checker.net.redirects import Chain, follow
from checker.net.resolver import DnsAnswer, Resolver
from checker.net.tls import TlsFacts, TlsProber
from checker.net.transport import Router
from checker.page import Page, parse_page
from checker.qr import QrRead, read_qr
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
    _pages: dict[int, tuple[Fetched, Page]] = field(default_factory=dict)

    def page(self, response: Fetched) -> Page:
        """Parsed page of a response (parsed once per response)."""
        # keyed by identity (responses hold unhashable headers); keeping the response
        # alive with its page means its id cannot be reused by another one
        cached = self._pages.get(id(response))
        if cached is None or cached[0] is not response:
            cached = (response, parse_page(response.url, response.headers, response.body))
            self._pages[id(response)] = cached
        return cached[1]


@dataclass
class Facts:
    """Everything known about one target once gathering is done."""

    dns: DnsAnswer | None = None
    tls: TlsFacts | None = None
    chain: Chain | None = None
    page: Page | None = None
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


async def _follow(services: Services, target: Target, url: str, *, leaf: bool = False) -> Chain:
    return await follow(
        services.fetcher,
        url,
        max_redirects=target.settings.max_redirects,
        credentials=target.credentials,
        timeout=target.settings.timeout,
        leaf=leaf,
    )


async def _typed_forms(services: Services, target: Target, facts: Facts) -> None:
    forms = [f"http://{target.url}", f"https://{target.url}"]
    chains = await asyncio.gather(*(_follow(services, target, form) for form in forms))
    for form, chain in zip(forms, chains, strict=True):
        facts.typed[form] = chain
        if chain.ok:
            facts.typed_pages[form] = services.page(chain.final)
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
    facts.robots = await robots


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
    chain = asyncio.ensure_future(_follow(services, target, url))
    tls = services.prober.probe(host, port) if https else None
    plain_url = "http://" + url.removeprefix("https://")
    # a leaf: its redirect normally ends on the URL fetched above, so it waits behind
    # requests that lead to more (redirect hops, robots.txt, catch-all probes)
    plain = (
        asyncio.ensure_future(_follow(services, target, plain_url, leaf=True)) if https else None
    )
    qr_path = target.spec.qr if isinstance(target.spec, UrlTarget) else None
    qr = asyncio.ensure_future(asyncio.to_thread(read_qr, qr_path)) if qr_path else None
    facts.dns = await dns
    facts.chain = await chain
    facts.tls = await tls if tls else None
    facts.http_form = await plain if plain else None
    facts.qr = await qr if qr else None
    if facts.chain.ok:
        facts.page = services.page(facts.chain.final)
        await _after_landing(services, target, facts)
        if target.kind == "microsite":
            facts.crawl = await crawl_site(services, target, facts.chain)
    return facts
