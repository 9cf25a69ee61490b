"""The landing chain of a target, its page and what it loads, and the chain of its `http://`
form."""

from __future__ import annotations

from dataclasses import dataclass

from checker.checks.facts import Fact, Gathering
from checker.content.page import Page
from checker.crawl.crawler import has_page_links, page_links
from checker.crawl.extract import PageLinks
from checker.net.client import Fetched
from checker.net.redirects import Chain


@dataclass(frozen=True, slots=True)
class Landing:
    """Where the target's URL leads, the page it ends on (None without an answer), and what
    that page loads with its share tags (None: not HTML, or not readable whole)."""

    chain: Chain
    page: Page | None
    links: PageLinks | None = None


UNREAD_LINKS = (  # the skip message of a check that reads `links` when they are unknown
    "not checked: the page's links could not be read (no answer when fetched again whole)"
)


async def _landing(gathering: Gathering) -> Landing:
    """The chain, its page and its links, read at once; the bodies are then trimmed unless a
    crawl still has to read the start page's links (the crawl trims them when done)."""
    chain = await gathering.follow(gathering.target.check_url)
    if not chain.ok:
        return Landing(chain, None)
    pages = gathering.network.pages
    page = pages.page(chain.final)
    links = await _links(gathering, chain.final) if page.is_html else None
    if gathering.target.kind != "microsite":
        chain = pages.trim(chain)
    return Landing(chain, page, links)


async def _links(gathering: Gathering, final: Fetched) -> PageLinks | None:
    """The crawler's extraction of the page, once per run (a microsite's crawl reuses it). A
    body another target already cut (see PageCache.trim) is fetched whole first, unless its
    links are known; that copy is cut again once read, unless a crawl still needs it."""
    fetcher, target = gathering.network.fetcher, gathering.target
    credentials = target.credentials
    if not final.shrunk or has_page_links(fetcher, final.url, credentials):
        return page_links(fetcher, final, credentials)
    whole = await fetcher.fetch(
        final.url, credentials=credentials, timeout=target.settings.timeout, full_body=True
    )
    if whole.error is not None or whole.status != final.status:
        return None  # not the page judged: its links stay unknown, never taken from a part
    links = page_links(fetcher, whole, credentials)
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
    that lead to more; trimmed where it ends on a parsed page."""
    chain = await gathering.follow(plain_url(gathering), leaf=True)
    return gathering.network.pages.trim(chain)


LANDING: Fact[Landing] = Fact("landing", _landing)
PLAIN_FORM: Fact[Chain] = Fact("plain_form", _plain_form)
