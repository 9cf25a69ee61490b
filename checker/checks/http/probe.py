"""The landing chain of a target, its page and what it loads, and the chain of its `http://`
form."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from checker.checks.facts import Fact, Gathering
from checker.content.page import Page
from checker.crawl.crawler import PAGE_BODY_LIMIT, has_page_links, page_links
from checker.crawl.extract import PageLinks
from checker.net.client import BODY_KEPT, BODY_LIMIT, Fetched
from checker.net.redirects import Chain


@dataclass(frozen=True, slots=True)
class Landing:
    """Where the target's URL leads, the page it ends on (None without an answer), and what
    that page loads with its share tags (None: not HTML, or not readable whole)."""

    chain: Chain
    page: Page | None
    links: PageLinks | None = None
    cut: bool = False  # the page is longer than BODY_LIMIT: only its start was read


UNREAD_LINKS = (  # the skip message of a check that reads `links` when they are unknown
    "not checked: the page's links could not be read (no answer when fetched again whole)"
)


async def _landing(gathering: Gathering) -> Landing:
    """The chain, its page and its links, read at once; the bodies are then trimmed unless a
    crawl still has to read the start page's links (the crawl trims them when done)."""
    microsite = gathering.target.kind == "microsite"
    # A crawled start page is read for links up to PAGE_BODY_LIMIT, like every crawled page.
    limit = PAGE_BODY_LIMIT if microsite else BODY_LIMIT
    chain = await gathering.follow(gathering.target.check_url, body_limit=limit)
    if not chain.ok:
        return Landing(chain, None)
    pages = gathering.network.pages
    final = chain.final
    page = await pages.page(final)
    links = await _links(gathering, final) if page.is_html else None
    cut = final.truncated or len(final.body) > BODY_LIMIT
    if not microsite:
        chain = pages.trim(chain)
    return Landing(chain, page, links, cut)


async def _links(gathering: Gathering, final: Fetched) -> PageLinks | None:
    """The crawler's extraction of the page, once per run (a microsite's crawl reuses it). A
    body another target already cut (see PageCache.trim) is fetched whole first, unless its
    links are known; that copy is cut again once read, unless a crawl still needs it."""
    fetcher, target = gathering.network.fetcher, gathering.target
    credentials = target.credentials
    if not final.shrunk or has_page_links(fetcher, final.url, credentials):
        return await page_links(fetcher, final, credentials)
    shared = fetcher.fetch(
        final.url, credentials=credentials, timeout=target.settings.timeout, full_body=True
    )
    whole = await asyncio.shield(shared)  # other targets may await the same fetch
    if whole.error is not None or whole.status != final.status:
        return None  # not the page judged: its links stay unknown, never taken from a part
    links = await page_links(fetcher, whole, credentials)
    if target.kind != "microsite":
        fetcher.shrink(whole)
    return links


def plain_url(gathering: Gathering) -> str:
    """The `http://` form of what the target names (its URL, or its printed text)."""
    target = gathering.target
    if target.kind == "printed":
        return f"http://{target.url}"
    return "http://" + target.check_url.removeprefix("https://")


async def _plain_form(gathering: Gathering) -> Chain:
    """A leaf: its redirect normally ends on the landing URL, so it waits behind requests
    that lead to more; trimmed where it ends on a parsed page. No page of it is parsed: a
    prefix of BODY_KEPT is all that is read of a body of its own."""
    chain = await gathering.follow(plain_url(gathering), leaf=True, body_limit=BODY_KEPT)
    return gathering.network.pages.trim(chain)


LANDING: Fact[Landing] = Fact("landing", _landing)
PLAIN_FORM: Fact[Chain] = Fact("plain_form", _plain_form)
