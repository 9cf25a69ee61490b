"""Crawl a microsite breadth-first and check every link, asset and fragment it uses.

PLACEHOLDER INTERFACE (to be implemented): `crawl_site` gathers facts only; the
`crawl.*` checks in checker/checks/crawl.py judge them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.net.redirects import Chain

if TYPE_CHECKING:
    from checker.facts import Services
    from checker.targets import Target


@dataclass
class SiteCrawl:
    """What a crawl found (to be filled in)."""


async def crawl_site(services: Services, target: Target, start: Chain) -> SiteCrawl:
    """Crawl the microsite that `start` landed on (to be implemented)."""
    raise NotImplementedError
