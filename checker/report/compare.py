"""`--previous`: what newly fails and what recovered since an earlier report."""

from __future__ import annotations

from dataclasses import dataclass

from checker.report.model import Report, Status

_BAD = (Status.FAIL, Status.WARN)


@dataclass(frozen=True, slots=True)
class CampaignChange:
    """A campaign whose status differs from the previous report."""

    campaign: str
    before: str
    after: str


def mark_changes(report: Report, previous: Report) -> list[CampaignChange]:
    """Set `change` on checks that newly fail/warn ("new") or recovered ("recovered") and
    `compared_with` on the report; return the campaigns whose status changed."""
    report.compared_with = previous.generated_at
    before = {
        (c.campaign, t.kind, t.url, check.id): check.status
        for c in previous.campaigns
        for t in c.targets
        for check in t.checks
    }
    for campaign in report.campaigns:
        for target in campaign.targets:
            for check in target.checks:
                old = before.get((campaign.campaign, target.kind, target.url, check.id))
                if check.status in _BAD and old not in _BAD:
                    check.change = "new"
                elif old in _BAD and check.status is Status.PASS:
                    check.change = "recovered"
    old_status = {c.campaign: str(c.status) for c in previous.campaigns}
    return [
        CampaignChange(c.campaign, old_status.get(c.campaign, "new"), str(c.status))
        for c in report.campaigns
        if old_status.get(c.campaign) != str(c.status)
    ]
