"""The crawl of a microsite, from its landing page."""

from __future__ import annotations

from checker.checks.facts import Fact, Gathering
from checker.checks.http.probe import LANDING
from checker.crawl.crawler import CrawlScope, SiteCrawl, crawl_site
from checker.manifest.model import Microsite
from checker.plan.targets import Target


def scope_of(target: Target) -> CrawlScope:
    """What the target's manifest entry lets the crawl fetch, and how."""
    spec = target.spec
    assert isinstance(spec, Microsite)
    settings = target.settings
    return CrawlScope(
        max_pages=spec.max_pages,
        max_depth=spec.max_depth,
        external=spec.external,
        exclude=settings.exclude,
        timeout=settings.timeout,
        max_redirects=settings.max_redirects,
        credentials=target.credentials,
    )


async def _crawl(gathering: Gathering) -> SiteCrawl | None:
    """None when the start page got no answer at all."""
    chain = (await gathering.get(LANDING)).chain
    if not chain.ok:
        return None
    network = gathering.network
    crawl = await crawl_site(network.fetcher, scope_of(gathering.target), chain, network.on_crawl)
    network.pages.trim(chain)  # the start page's body is no longer needed in the cache
    return crawl


CRAWL: Fact[SiteCrawl | None] = Fact("crawl", _crawl)
