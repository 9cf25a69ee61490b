"""`crawl.links`, `crawl.assets`, `crawl.fragments` (to be implemented), and the
targets made for each broken URL a crawl found."""

from __future__ import annotations

from checker.facts import Facts
from checker.report import TargetResult
from checker.targets import Target


def broken_targets(target: Target, facts: Facts) -> list[TargetResult]:
    """One target (kind page/link/asset) per broken URL found by the crawl."""
    return []
