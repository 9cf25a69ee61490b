"""Where a campaign stands in time, and its verdict from its targets' checks."""

from __future__ import annotations

from datetime import datetime

from checker.manifest.model import Campaign
from checker.report.model import CampaignResult, Phase, TargetResult


def phase(campaign: Campaign, now: datetime) -> Phase:
    """upcoming before launch, live until `ends`, ended after."""
    if now < campaign.launch:
        return Phase.UPCOMING
    return Phase.LIVE if now <= campaign.flight_end else Phase.ENDED


def hours_to_launch(campaign: Campaign, now: datetime) -> float:
    """Hours until launch, rounded to 0.1; negative once live."""
    return round((campaign.launch - now).total_seconds() / 3600, 1)


def campaign_result(
    campaign: Campaign, now: datetime, targets: list[TargetResult], *, checked: bool = True
) -> CampaignResult:
    """The campaign's entry in the report (`checked=False`: ended and skipped)."""
    return CampaignResult(
        campaign=campaign.campaign,
        name=campaign.name,
        owner=campaign.owner,
        file=campaign.file,
        launch=campaign.launch,
        ends=campaign.flight_end,
        phase=phase(campaign, now),
        hours_to_launch=hours_to_launch(campaign, now),
        targets=targets,
        ended=not checked,
        timezone=campaign.timezone,
    )
