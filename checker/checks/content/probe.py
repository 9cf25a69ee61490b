"""Facts about the final page's origin: a random path (does it answer anything?) and
robots.txt."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from checker.checks.facts import Fact, Gathering
from checker.checks.http.probe import LANDING
from checker.content.page import Page
from checker.content.robots import MAX_ROBOTS_BYTES
from checker.net.client import LARGE_BODY, Fetched
from checker.net.parsed import parsed_url
from checker.net.redirects import Chain


@dataclass(frozen=True, slots=True)
class CatchAll:
    """What a random path on the final origin answered, and its page when that was 200."""

    chain: Chain
    page: Page | None


def _final_origin(chain: Chain) -> str:
    final = parsed_url(chain.final_url)
    return f"{final.scheme}://{final.netloc.decode()}"


async def _catch_all(gathering: Gathering) -> CatchAll | None:
    """None when the landing page did not answer 200 (nothing to compare it with)."""
    chain = (await gathering.get(LANDING)).chain
    if not chain.ok or chain.final.status != 200:
        return None
    network = gathering.network
    probe = f"{_final_origin(chain)}/{network.probe_token}-campaign-checker-probe"
    # One per origin and run (the token is shared); compared with the landing page by its
    # title and first text, so its start is enough.
    answer = await gathering.follow(probe, body_limit=LARGE_BODY)
    if not (answer.ok and answer.final.status == 200):
        return CatchAll(answer, None)
    page = await network.pages.page(answer.final)
    return CatchAll(network.pages.trim(answer), page)


async def _robots(gathering: Gathering) -> Fetched | None:
    """robots.txt of the final origin; None when the landing chain got no answer."""
    chain = (await gathering.get(LANDING)).chain
    if not chain.ok:
        return None
    url = f"{_final_origin(chain)}/robots.txt"
    target = gathering.target
    # The entry's credentials go with it when it is on the entry's own origin (the Fetcher
    # drops them for any other): a staging site behind auth answers 401 without them.
    shared = gathering.network.fetcher.fetch(
        url,
        credentials=target.credentials,
        timeout=target.settings.timeout,
        body_limit=MAX_ROBOTS_BYTES,
    )
    return await asyncio.shield(shared)  # other targets on this origin await it too


@dataclass(frozen=True, slots=True)
class Canonical:
    """A canonical link to another host, and what its URL answered (None: not a web URL,
    so nothing was fetched)."""

    url: str  # absolute
    written: str  # as the page wrote it
    chain: Chain | None
    page: Page | None


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host."""
    try:
        parsed = parsed_url(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


async def _canonical(gathering: Gathering) -> Canonical | None:
    """None when the landing page names no canonical, or one on its own host (scheme and
    port ignored); else the canonical URL fetched (once per run, like every URL)."""
    landing = await gathering.get(LANDING)
    page = landing.page
    if page is None or page.canonical is None:
        return None
    written = page.canonical_written or page.canonical
    if not is_web_url(page.canonical):
        return Canonical(page.canonical, written, None, None)
    if parsed_url(page.canonical).host == parsed_url(landing.chain.final_url).host:
        return None
    chain = await gathering.follow(page.canonical)
    answer = await gathering.network.pages.page(chain.final) if chain.ok else None
    return Canonical(page.canonical, written, gathering.network.pages.trim(chain), answer)


CANONICAL: Fact[Canonical | None] = Fact("canonical", _canonical)
CATCH_ALL: Fact[CatchAll | None] = Fact("catch_all", _catch_all)
ROBOTS: Fact[Fetched | None] = Fact("robots", _robots)
