"""A target's status is its worst check, but skips that change no status are left out."""

from __future__ import annotations

from datetime import UTC, datetime

from checker.report.model import (
    CampaignResult,
    CampaignStatus,
    CheckResult,
    Phase,
    Status,
    TargetResult,
)

PASSED = CheckResult("http.status", Status.PASS, "200")
NOT_APPLICABLE = CheckResult("content.share", Status.SKIP, "no tags", {"reason": "not_applicable"})
WAITING = CheckResult("tls.trusted", Status.SKIP, "no TLS", {"reason": "prerequisite"})
CUT = CheckResult(
    "tls.expiry", Status.SKIP, "not checked: --deadline of 5 s reached", {"reason": "deadline"}
)


def test_not_applicable_and_prerequisite_skips_leave_a_pass_a_pass() -> None:
    assert TargetResult("u", "url", [PASSED, NOT_APPLICABLE, WAITING]).status is Status.PASS


def test_any_other_skip_still_shows() -> None:
    assert TargetResult("u", "url", [PASSED, NOT_APPLICABLE, CUT]).status is Status.SKIP


def test_a_target_where_nothing_applies_is_a_skip() -> None:
    assert TargetResult("u", "url", [NOT_APPLICABLE]).status is Status.SKIP


def _campaign(*checks: CheckResult) -> CampaignResult:
    moment = datetime(2027, 6, 1, tzinfo=UTC)
    target = TargetResult("https://a.test/", "url", list(checks))
    return CampaignResult("c", "c.yaml", moment, moment, Phase.UPCOMING, 1.0, targets=[target])


def test_a_campaign_where_nothing_was_judged_is_not_ready() -> None:
    assert _campaign(NOT_APPLICABLE).status is CampaignStatus.NOT_READY
    assert _campaign(NOT_APPLICABLE, PASSED).status is CampaignStatus.READY
