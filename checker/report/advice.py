"""Presentation helpers shared by the report formats: words, countdowns, what needs attention.

Everything here is a pure function of report objects, so every format says the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from checker.report.model import (
    CampaignResult,
    CampaignStatus,
    CheckResult,
    Report,
    Status,
    TargetResult,
)

STATUS_WORD = {
    CampaignStatus.READY: "ready",
    CampaignStatus.AT_RISK: "at risk",
    CampaignStatus.NOT_READY: "not ready",
    CampaignStatus.ENDED: "ended",
}

# Most urgent first, for "worst status of the run" and for sorting.
CAMPAIGN_SEVERITY = {
    CampaignStatus.ENDED: 0,
    CampaignStatus.READY: 1,
    CampaignStatus.AT_RISK: 2,
    CampaignStatus.NOT_READY: 3,
}

# Characters XML 1.0 forbids, plus the C1 controls and the remaining C0 ones a terminal
# or a browser would act on (tab and newline are kept).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without control characters (ESC, NUL, ...), safe for XML, HTML and terminals."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """`clean(text)` with every run of whitespace (newlines included) folded to one space."""
    return " ".join(clean(text).split())


def duration(hours: float) -> str:
    """A span of hours as people say it: `8 d 20 h`, `3 h 30 min`, `45 min`."""
    minutes = round(abs(hours) * 60)
    days, rest = divmod(minutes, 24 * 60)
    hrs, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hrs} h" if hrs else f"{days} d"
    if hrs:
        return f"{hrs} h {mins} min" if mins else f"{hrs} h"
    return f"{mins} min"


def countdown(campaign: CampaignResult, *, long: bool = False) -> str:
    """`in 3 d 4 h` / `live` / `ended`; with `long`: `launches in …` / `live for …` / `ended`."""
    if campaign.ended or str(campaign.phase) == "ended":
        return "ended"
    if campaign.hours_to_launch > 0:
        return f"{'launches ' if long else ''}in {duration(campaign.hours_to_launch)}"
    return f"live for {duration(campaign.hours_to_launch)}" if long else "live"


def when(moment: datetime) -> str:
    """`2027-06-01 09:00 UTC-04:00` (seconds dropped, offset kept, `UTC` for zero offset)."""
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    if offset == timedelta(0):
        return f"{text} UTC"
    sign = "+" if offset > timedelta(0) else "-"
    mins = int(abs(offset).total_seconds()) // 60
    return f"{text} UTC{sign}{mins // 60:02d}:{mins % 60:02d}"


def display_name(campaign: CampaignResult) -> str:
    """The campaign's display name, or its slug."""
    return one_line(campaign.name or "") or campaign.campaign


def launch_order(campaigns: Iterable[CampaignResult]) -> list[CampaignResult]:
    """Campaigns by launch moment, then slug."""
    return sorted(campaigns, key=lambda c: (c.launch.timestamp(), c.campaign))


def summary_line(report: Report) -> str:
    """`1 ready · 1 at risk · 1 not ready · 0 ended`."""
    counts = report.summary()
    return " · ".join(f"{counts[str(s)]} {STATUS_WORD[s]}" for s in STATUS_WORD)


def run_status(report: Report) -> CampaignStatus | None:
    """The worst campaign status of the run (`None` without campaigns)."""
    if not report.campaigns:
        return None
    return max((c.status for c in report.campaigns), key=CAMPAIGN_SEVERITY.__getitem__)


@dataclass(frozen=True)
class Finding:
    """A check that is not `pass`, with the target it belongs to."""

    target: TargetResult
    check: CheckResult


def findings(campaign: CampaignResult, *, include_skip: bool = True) -> list[Finding]:
    """Non-passing checks, failures first, then warnings, then skips (report order within)."""
    wanted = (Status.FAIL, Status.WARN, Status.SKIP) if include_skip else (Status.FAIL, Status.WARN)
    out = [Finding(t, c) for t in campaign.targets for c in t.checks if c.status in wanted]
    return sorted(out, key=lambda f: -f.check.status.severity)


def passing(campaign: CampaignResult) -> list[Finding]:
    """Passing checks, in report order."""
    return [Finding(t, c) for t in campaign.targets for c in t.checks if c.status is Status.PASS]


def count(campaign: CampaignResult, status: Status) -> int:
    """How many checks of `campaign` have `status`."""
    return sum(c.status is status for t in campaign.targets for c in t.checks)


def crawl_listed(campaign: CampaignResult) -> set[str]:
    """URLs listed in the `detail.broken` of a `crawl.*` check of `campaign`."""
    return {
        b.url
        for t in campaign.targets
        for c in t.checks
        if c.id.startswith("crawl.")
        for b in broken(c)
    }


def relative(url: str, base: str) -> str:
    """`url` as a path when it is on the same scheme and host as `base`, else unchanged."""
    u, b = urlsplit(url), urlsplit(base)
    if u.scheme and (u.scheme, u.netloc) == (b.scheme, b.netloc):
        return url[len(f"{u.scheme}://{u.netloc}") :] or "/"
    return url


@dataclass(frozen=True)
class Broken:
    """One entry of a crawl check's `detail.broken`, normalised for display."""

    url: str
    problem: str  # "404" or the error text
    element: str | None
    found_on: list[str]


def broken(check: CheckResult) -> list[Broken]:
    """The `detail.broken` list of a crawl check; tolerant of missing or odd fields."""
    items = check.detail.get("broken")
    if not isinstance(items, list):
        return []
    return [_broken(item) for item in items if isinstance(item, dict)]


def _broken(item: dict[str, Any]) -> Broken:
    problem = item.get("status", item.get("error", "broken"))
    found = item.get("found_on") or []
    if isinstance(found, str):
        found = [found]
    element = item.get("element")
    return Broken(
        url=one_line(str(item.get("url", "?"))),
        problem=one_line(str(problem)),
        element=one_line(str(element)) if element else None,
        found_on=[one_line(str(p)) for p in found],
    )


def found_on_text(found_on: list[str], base: str, *, limit: int = 3) -> str:
    """`/a.html, /b.html (+2 more)` with same-site pages shortened to their path."""
    shown = [relative(p, base) for p in found_on[:limit]]
    more = len(found_on) - len(shown)
    return ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")
