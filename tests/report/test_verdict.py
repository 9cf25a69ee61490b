"""Where a campaign stands in time (upcoming, live, ended; hours to launch) and its entry
in the report, judged against the run's `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from checker.manifest.model import Campaign
from checker.report.model import CampaignStatus, Phase, Status
from checker.report.verdict import campaign_result, hours_to_launch, phase
from tests.report.results import target

LAUNCH = datetime(2027, 6, 1, 9, tzinfo=UTC)
ENDS = datetime(2027, 6, 30, 18, tzinfo=UTC)
URL = "https://www.acme.test/summer"


def manifest(**fields: Any) -> Campaign:
    data = {"campaign": "summer", "launch": LAUNCH.isoformat(), "urls": [URL], **fields}
    return Campaign.model_validate(data)


CAMPAIGN = manifest(ends=ENDS.isoformat(), name="Summer Sale", owner="web@acme.test")
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (LAUNCH - SECOND, Phase.UPCOMING),
        (LAUNCH, Phase.LIVE),
        (ENDS, Phase.LIVE),
        (ENDS + SECOND, Phase.ENDED),
    ],
)
def test_the_phase_turns_at_launch_and_after_the_end(now: datetime, expected: Phase) -> None:
    assert phase(CAMPAIGN, now) is expected


def test_without_an_end_the_flight_is_the_launch_instant() -> None:
    one_day = manifest()
    assert phase(one_day, LAUNCH) is Phase.LIVE
    assert phase(one_day, LAUNCH + SECOND) is Phase.ENDED


def test_a_bare_launch_date_is_midnight_in_the_manifest_zone() -> None:
    new_york = manifest(launch="2027-06-01", timezone="America/New_York")
    midnight_there = datetime(2027, 6, 1, 4, tzinfo=UTC)
    assert phase(new_york, midnight_there - SECOND) is Phase.UPCOMING
    assert phase(new_york, midnight_there) is Phase.LIVE


@pytest.mark.parametrize(
    ("now", "hours"),
    [
        (LAUNCH - timedelta(hours=212, minutes=33), 212.6),
        (LAUNCH - timedelta(minutes=2), 0.0),
        (LAUNCH, 0.0),
        (LAUNCH + timedelta(hours=5, minutes=30), -5.5),
    ],
)
def test_hours_to_launch_are_rounded_and_negative_once_live(now: datetime, hours: float) -> None:
    assert hours_to_launch(CAMPAIGN, now) == hours


def test_the_entry_carries_the_campaign_and_its_targets() -> None:
    targets = [target(URL, ("http.status", Status.WARN))]
    entry = campaign_result(CAMPAIGN, LAUNCH - timedelta(hours=10), targets)
    assert (entry.campaign, entry.name, entry.owner) == ("summer", "Summer Sale", "web@acme.test")
    assert (entry.launch, entry.ends) == (LAUNCH, ENDS)
    assert (entry.phase, entry.hours_to_launch) == (Phase.UPCOMING, 10.0)
    assert entry.targets == targets
    assert entry.status is CampaignStatus.AT_RISK


def test_a_campaign_not_checked_is_ended_with_no_targets() -> None:
    entry = campaign_result(CAMPAIGN, ENDS + timedelta(days=3), [], checked=False)
    assert entry.status is CampaignStatus.ENDED
    assert entry.phase is Phase.ENDED
    assert entry.targets == []


def test_an_ended_campaign_checked_anyway_is_judged_on_its_checks() -> None:
    """--include-ended: the phase says ended, the status comes from the checks."""
    failing = [target(URL, ("http.status", Status.FAIL))]
    entry = campaign_result(CAMPAIGN, ENDS + timedelta(days=3), failing, checked=True)
    assert (entry.phase, entry.status) == (Phase.ENDED, CampaignStatus.NOT_READY)
