"""Shard reports combined into one report."""

from __future__ import annotations

from checker.report.model import Report


def merge_reports(parts: list[Report]) -> Report:
    """One report from shard reports (a campaign found twice keeps its last copy)."""
    campaigns = {c.campaign: c for part in parts for c in part.campaigns}
    reasons = [p.incomplete_reason for p in parts if p.incomplete_reason]
    return Report(
        generated_at=max(p.generated_at for p in parts),
        now=parts[0].now,
        campaigns=sorted(campaigns.values(), key=lambda c: (c.launch, c.campaign)),
        complete=all(p.complete for p in parts),
        incomplete_reason="; ".join(reasons) or None,
        duration=max((p.duration for p in parts if p.duration is not None), default=None),
    )
