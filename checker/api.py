"""The small library API: load manifests, run the checks, get the report object."""

from __future__ import annotations

import asyncio

from checker.manifest.load import load_campaigns
from checker.manifest.model import Campaign
from checker.report import Report
from checker.run import RunOptions, run_async

__all__ = ["RunOptions", "load_campaigns", "run_check"]


def run_check(campaigns: list[Campaign], options: RunOptions | None = None) -> Report:
    """Check `campaigns` (from :func:`load_campaigns`) and return the report."""
    return asyncio.run(run_async(campaigns, options or RunOptions()))
