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
    worst,
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


def report_order(campaigns: Iterable[CampaignResult]) -> list[CampaignResult]:
    """The order of every report: most urgent status first (not ready, at risk, ready,
    ended), then by launch moment, then slug."""
    return sorted(
        campaigns,
        key=lambda c: (-CAMPAIGN_SEVERITY[c.status], c.launch.timestamp(), c.campaign),
    )


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


def changed(campaign: CampaignResult, change: str) -> list[Finding]:
    """Checks marked by --previous with `change` ("new" or "recovered"), in findings order."""
    out = [Finding(t, c) for t in campaign.targets for c in t.checks if c.change == change]
    return sorted(out, key=lambda f: -f.check.status.severity)


@dataclass(frozen=True)
class Problem:
    """One broken URL (or `#fragment`), however many checks see it."""

    url: str
    status: Status  # the worst: fail or warn
    checks: tuple[str, ...]  # ids of the checks that see it, first seen first
    message: str
    new: bool  # one of those checks newly fails or warns (--previous)
    found_on: str = ""  # where the crawl found it (`/a.html, /b.html (+2 more)`), if it did


def problems(campaign: CampaignResult) -> list[Problem]:
    """Each failing or warning URL once, failures first.

    A check listing `detail.broken` (the crawl's) counts each listed URL, not its own
    target, so a broken link is one problem whether the crawl lists it, its own target
    fails, or both; any other check counts its target's URL. The message is that of the
    checks on the URL itself when there are any, else the crawl's.
    """
    seen: dict[str, Problem] = {}

    def add(url: str, check: CheckResult, message: str, found_on: str | None = None) -> None:
        """Count `check` against `url`; `found_on` is None for a check on the URL itself."""
        known = seen.get(url)
        if known is None:
            new = check.change == "new"
            seen[url] = Problem(url, check.status, (check.id,), message, new, found_on or "")
            return
        seen[url] = Problem(
            url,
            worst([known.status, check.status]),
            known.checks + (() if check.id in known.checks else (check.id,)),
            f"{known.message}; {message}" if found_on is None else known.message,
            known.new or check.change == "new",
            known.found_on or found_on or "",
        )

    listed = []
    for f in findings(campaign, include_skip=False):
        entries = broken(f.check)
        if not entries:
            add(f.target.url, f.check, one_line(f.check.message))
        listed += [(b, f) for b in entries]
    for b, f in listed:
        add(b.url, f.check, b.problem, found_on_text(b.found_on, f.target.url))
    return sorted(seen.values(), key=lambda p: -p.status.severity)


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
