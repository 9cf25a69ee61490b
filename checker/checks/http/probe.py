"""The landing chain of a target and its page, and the chain of its `http://` form."""

from __future__ import annotations

from dataclasses import dataclass

from checker.checks.facts import Fact, Gathering
from checker.content.page import Page
from checker.net.redirects import Chain


@dataclass(frozen=True, slots=True)
class Landing:
    """Where the target's URL leads, and the page it ends on (None without an answer)."""

    chain: Chain
    page: Page | None


async def _landing(gathering: Gathering) -> Landing:
    """The chain and its page, parsed at once; the bodies are trimmed unless a crawl still
    has to read the start page's links (the crawl trims them when done)."""
    chain = await gathering.follow(gathering.target.check_url)
    if not chain.ok:
        return Landing(chain, None)
    pages = gathering.network.pages
    page = pages.page(chain.final)
    return Landing(chain if gathering.target.kind == "microsite" else pages.trim(chain), page)


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
