"""Facts about the final page's origin: a random path (does it answer anything?) and
robots.txt."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from checker.checks.facts import Fact, Gathering
from checker.checks.http.probe import LANDING
from checker.content.page import Page
from checker.net.client import Fetched
from checker.net.redirects import Chain


@dataclass(frozen=True, slots=True)
class CatchAll:
    """What a random path on the final origin answered, and its page when that was 200."""

    chain: Chain
    page: Page | None


def _final_origin(chain: Chain) -> str:
    final = httpx.URL(chain.final_url)
    return f"{final.scheme}://{final.netloc.decode()}"


async def _catch_all(gathering: Gathering) -> CatchAll | None:
    """None when the landing page did not answer 200 (nothing to compare it with)."""
    chain = (await gathering.get(LANDING)).chain
    if not chain.ok or chain.final.status != 200:
        return None
    network = gathering.network
    probe = f"{_final_origin(chain)}/{network.probe_token}-campaign-checker-probe"
    answer = await gathering.follow(probe)  # one per origin and run: the token is shared
    if not (answer.ok and answer.final.status == 200):
        return CatchAll(answer, None)
    page = network.pages.page(answer.final)
    return CatchAll(network.pages.trim(answer), page)


async def _robots(gathering: Gathering) -> Fetched | None:
    """robots.txt of the final origin; None when the landing chain got no answer."""
    chain = (await gathering.get(LANDING)).chain
    if not chain.ok:
        return None
    url = f"{_final_origin(chain)}/robots.txt"
    return await gathering.network.fetcher.fetch(url, timeout=gathering.target.settings.timeout)


CATCH_ALL: Fact[CatchAll | None] = Fact("catch_all", _catch_all)
ROBOTS: Fact[Fetched | None] = Fact("robots", _robots)
