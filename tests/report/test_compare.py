"""`--previous`: each check that newly fails or warns is marked "new", each that passes
again "recovered", and the campaigns whose status changed are listed."""

from __future__ import annotations

import pytest

from checker.report.compare import CampaignChange, mark_changes
from checker.report.model import Report, Status
from tests.report.results import campaign_result, report_of, target

URL = "https://www.acme.test/summer"
P, S, W, F = Status.PASS, Status.SKIP, Status.WARN, Status.FAIL


def one_check(status: Status, *, slug: str = "summer", kind: str = "url") -> Report:
    return report_of(campaign_result(slug, target(URL, ("http.status", status), kind=kind)))


def change_of(before: Status | None, after: Status) -> str | None:
    previous = report_of() if before is None else one_check(before)
    report = one_check(after)
    mark_changes(report, previous)
    return report.campaigns[0].targets[0].checks[0].change


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (P, F, "new"),
        (P, W, "new"),
        (S, F, "new"),
        (None, F, "new"),  # not there before: a new failure too
        (F, P, "recovered"),
        (W, P, "recovered"),
        (F, F, None),
        (W, F, None),  # still bad: not news
        (F, W, None),
        (F, S, None),  # not checked is not recovered
        (P, P, None),
        (None, P, None),
    ],
)
def test_each_check_is_compared_with_its_previous_self(
    before: Status | None, after: Status, change: str | None
) -> None:
    assert change_of(before, after) == change


def test_a_check_is_matched_by_campaign_target_kind_url_and_id() -> None:
    previous = report_of(
        campaign_result("summer", target(URL, ("http.status", F), ("tls.expiry", P))),
        campaign_result("autumn", target(URL, ("http.status", P))),
    )
    report = report_of(
        campaign_result(
            "summer",
            target(URL, ("http.status", F), ("tls.expiry", F)),
            target(URL, ("http.status", F), kind="printed"),
        ),
        campaign_result("autumn", target(URL, ("http.status", P))),
    )
    mark_changes(report, previous)
    summer, autumn = report.campaigns
    assert [c.change for c in summer.targets[0].checks] == [None, "new"]
    assert [c.change for c in summer.targets[1].checks] == ["new"]  # another kind: new
    assert autumn.targets[0].checks[0].change is None


def test_the_campaigns_whose_status_changed_are_returned() -> None:
    previous = report_of(
        campaign_result("steady", target(URL, ("http.status", P))),
        campaign_result("broke", target(URL, ("http.status", P))),
        campaign_result("mended", target(URL, ("http.status", F))),
    )
    report = report_of(
        campaign_result("steady", target(URL, ("http.status", P))),
        campaign_result("broke", target(URL, ("http.status", W))),
        campaign_result("mended", target(URL, ("http.status", P))),
        campaign_result("fresh", target(URL, ("http.status", P))),
    )
    assert mark_changes(report, previous) == [
        CampaignChange("broke", "ready", "at_risk"),
        CampaignChange("mended", "not_ready", "ready"),
        CampaignChange("fresh", "new", "ready"),
    ]


def test_an_unchanged_portfolio_has_no_change() -> None:
    assert mark_changes(one_check(F), one_check(F)) == []
