"""Small hand-made results for the verdict, comparison, merge and exit-code tests.

report_of(campaign_result("summer", target("https://a.test/", ("http.status", Status.FAIL))))
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from checker.report.model import CampaignResult, CheckResult, Phase, Report, Status, TargetResult

NOW = datetime(2027, 5, 1, 12, tzinfo=UTC)


def target(url: str, *checks: tuple[str, Status], kind: str = "url") -> TargetResult:
    """A target with one check per (id, status)."""
    return TargetResult(url, kind, [CheckResult(i, s, f"{i} {s}") for i, s in checks])


def campaign_result(
    slug: str, *targets: TargetResult, launch_in_days: float = 30, ended: bool = False
) -> CampaignResult:
    """An upcoming campaign (ended: nothing checked) with these targets."""
    launch = NOW + timedelta(days=launch_in_days)
    return CampaignResult(
        campaign=slug,
        file=f"campaigns/{slug}.yaml",
        launch=launch,
        ends=launch + timedelta(days=30),
        phase=Phase.ENDED if ended else Phase.UPCOMING,
        hours_to_launch=round(launch_in_days * 24, 1),
        targets=list(targets),
        ended=ended,
    )


def report_of(
    *campaigns: CampaignResult,
    complete: bool = True,
    reason: str | None = None,
    generated_at: datetime = NOW,
) -> Report:
    return Report(generated_at, NOW, list(campaigns), complete, reason)
