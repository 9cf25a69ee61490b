"""The exit code of `check` and `merge`: 0 ready (warnings allowed unless `--fail-on warn`),
1 not ready or cut short, 2 usage, 130 / 143 for SIGINT / SIGTERM."""

from __future__ import annotations

import signal

import pytest

from checker.cli.exits import EXIT_NOT_READY, EXIT_READY, EXIT_SIGNAL, EXIT_USAGE, exit_code
from checker.report.model import CheckResult, Report, Status
from tests.report.results import campaign_result, report_of, target

URL = "https://www.acme.test/summer"


def report_with(*statuses: Status, complete: bool = True) -> Report:
    checks = [(f"check.{i}", status) for i, status in enumerate(statuses)]
    return report_of(campaign_result("summer", target(URL, *checks)), complete=complete)


def test_the_codes_are_the_documented_ones() -> None:
    assert (EXIT_READY, EXIT_NOT_READY, EXIT_USAGE) == (0, 1, 2)
    assert EXIT_SIGNAL == {signal.SIGINT: 130, signal.SIGTERM: 143}


@pytest.mark.parametrize(
    ("statuses", "fail_on", "code"),
    [
        ((Status.PASS,), "fail", 0),
        ((Status.PASS, Status.WARN), "fail", 0),
        ((Status.PASS, Status.WARN), "warn", 1),
        ((Status.WARN, Status.FAIL), "fail", 1),
        ((Status.FAIL,), "warn", 1),
        ((Status.PASS,), "warn", 0),
    ],
)
def test_the_worst_check_decides(statuses: tuple[Status, ...], fail_on: str, code: int) -> None:
    assert exit_code(report_with(*statuses), fail_on) == code


def test_a_run_cut_short_is_not_ready_even_if_all_it_checked_passed() -> None:
    assert exit_code(report_with(Status.PASS, complete=False), "fail") == EXIT_NOT_READY


def test_a_check_not_run_for_a_reason_of_the_run_is_not_ready() -> None:
    report = report_with(Status.PASS)
    report.campaigns[0].targets[0].checks.append(
        CheckResult("tls.expiry", Status.SKIP, "not checked", {"reason": "secret"})
    )
    assert exit_code(report, "fail") == EXIT_NOT_READY


def test_a_check_with_nothing_to_judge_changes_nothing() -> None:
    report = report_with(Status.PASS)
    report.campaigns[0].targets[0].checks.append(
        CheckResult("http.redirects", Status.SKIP, "nothing to judge", {"reason": "prerequisite"})
    )
    assert exit_code(report, "warn") == EXIT_READY


def test_a_failure_in_any_campaign_counts() -> None:
    report = report_of(
        campaign_result("fine", target(URL, ("http.status", Status.PASS))),
        campaign_result("broken", target(URL, ("http.status", Status.FAIL))),
    )
    assert exit_code(report, "fail") == EXIT_NOT_READY


def test_nothing_to_check_is_ready() -> None:
    assert exit_code(report_of(campaign_result("old", ended=True)), "warn") == EXIT_READY
    assert exit_code(report_of(), "fail") == EXIT_READY
