"""Reports for the github-issues tests, built with the report model classes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from checker.report.model import (
    CampaignResult,
    CheckResult,
    Phase,
    Report,
    Scope,
    Status,
    TargetResult,
)

NOW = datetime(2027, 5, 23, 12, 0, tzinfo=UTC)

Check = tuple[str, str, Status, str]
"""(check id, target URL, status, message)."""


def fail(check: str, url: str, message: str = "it fails") -> Check:
    return (check, url, Status.FAIL, message)


def warn(check: str, url: str, message: str = "it warns") -> Check:
    return (check, url, Status.WARN, message)


def campaign(
    slug: str,
    *problems: Check,
    owner: str | None = None,
    name: str | None = None,
    phase: Phase = Phase.UPCOMING,
    ended: bool = False,
    not_run: tuple[str, str] | None = None,
) -> CampaignResult:
    """A campaign whose checks pass except `problems`; `not_run`: (URL, reason) of a skip."""
    launch = NOW + timedelta(hours=36)
    home = f"https://{slug}.example/"
    targets: dict[str, TargetResult] = {
        home: TargetResult(home, "url", [CheckResult("dns.resolve", Status.PASS, "resolves")])
    }
    for check, url, status, message in problems:
        target = targets.setdefault(url, TargetResult(url, "url"))
        target.checks.append(CheckResult(check, status, message))
    if not_run is not None:
        url, reason = not_run
        target = targets.setdefault(url, TargetResult(url, "url"))
        skipped = CheckResult("http.status", Status.SKIP, f"not checked: {reason}")
        skipped.detail["reason"] = reason
        target.checks.append(skipped)
    return CampaignResult(
        campaign=slug,
        name=name,
        owner=owner,
        file=f"campaigns/{slug}.yaml",
        launch=launch,
        ends=launch + timedelta(days=30),
        phase=phase,
        hours_to_launch=36.0,
        targets=[] if ended else list(targets.values()),
        ended=ended,
    )


def report(*campaigns: CampaignResult, complete: bool = True, scope: Scope | None = None) -> Report:
    return Report(
        generated_at=NOW,
        now=NOW,
        campaigns=list(campaigns),
        complete=complete,
        scope=Scope() if scope is None else scope,
    )


def write(path: Path, built: Report) -> str:
    path.write_text(json.dumps(built.to_json()), encoding="utf-8")
    return str(path)
