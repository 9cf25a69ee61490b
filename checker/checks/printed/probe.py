"""The printed form as a person types it: http:// and https://, and in lower case."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from checker.checks.facts import Fact, Gathering
from checker.content.page import Page
from checker.net.redirects import Chain


@dataclass(frozen=True, slots=True)
class Typed:
    """Each typed form's chain and, where it got an answer, its page."""

    chains: dict[str, Chain]
    pages: dict[str, Page] = field(default_factory=dict)
    lowercase: Chain | None = None  # the printed path in lower case, when a form 404s


async def _typed(gathering: Gathering) -> Typed:
    printed = gathering.target.url
    forms = [f"http://{printed}", f"https://{printed}"]
    chains = await asyncio.gather(*(gathering.follow(form) for form in forms))
    pages = gathering.network.pages
    typed = Typed({})
    for form, chain in zip(forms, chains, strict=True):
        if chain.ok:
            typed.pages[form] = await pages.page(chain.final)
        typed.chains[form] = pages.trim(chain)
    lower = f"https://{printed.lower()}"
    if lower != forms[1] and any(c.final.status == 404 for c in chains):
        return Typed(typed.chains, typed.pages, await gathering.follow(lower))
    return typed


TYPED: Fact[Typed] = Fact("typed", _typed)
