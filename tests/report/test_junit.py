"""JUnit XML: well-formed, one suite per campaign, counts that match the report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.report.formats import junit
from checker.report.model import Status

from .sample import CONTROL, HOSTILE, sample_report


def _root() -> ET.Element:
    return ET.fromstring(junit.render(sample_report()))


def _suite(name: str) -> ET.Element:
    suite = _root().find(f"testsuite[@name='{name}']")
    assert suite is not None
    return suite


def test_junit_has_one_suite_per_campaign_named_by_slug() -> None:
    names = [s.get("name", "") for s in _root().findall("testsuite")]
    assert sorted(names) == ["holiday-2027", "spring-teaser", "summer-2027", "winter-2026"]


def test_junit_failure_counts_match_the_report() -> None:
    report = sample_report()
    root = _root()
    for campaign in report.campaigns:
        suite = root.find(f"testsuite[@name='{campaign.campaign}']")
        assert suite is not None
        fails = sum(c.status is Status.FAIL for t in campaign.targets for c in t.checks)
        assert int(suite.get("failures", "-1")) == fails == len(suite.findall("testcase/failure"))
    assert int(root.get("failures", "-1")) == len(root.findall("testsuite/testcase/failure")) == 19


def test_junit_testcase_names_and_classnames() -> None:
    case = _suite("summer-2027").find(
        "testcase[@name='tls.expiry https://go.acme.example/s27"
        "?utm_source=billboard&utm_campaign=s27']"
    )
    assert case is not None
    assert case.get("classname") == "summer-2027.url"


def test_junit_failure_carries_message_and_check_id_type() -> None:
    failure = _suite("holiday-2027").find("testcase/failure[@type='content.text']")
    assert failure is not None
    assert failure.get("message") == HOSTILE


def test_junit_warning_is_a_skipped_case_saying_warning_with_system_out_and_property() -> None:
    case = _suite("summer-2027").find("testcase[properties]")
    assert case is not None
    assert case.find("failure") is None
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message", "").startswith("warning: certificate for go.acme.example ends")
    prop = case.find("properties/property[@name='warning']")
    assert prop is not None
    assert "ends 2027-07-15" in prop.get("value", "")
    out = case.find("system-out")
    assert out is not None
    assert (out.text or "").startswith("WARNING: certificate for")


def test_junit_skip_is_skipped_with_message() -> None:
    suite = _suite("holiday-2027")
    skipped = suite.find("testcase/skipped")
    assert skipped is not None
    assert skipped.get("message") == "not checked: dns.resolve failed"
    assert suite.get("skipped") == "2"  # the skip and the crawl.fragments warning


def test_junit_cases_carry_manifest_file_and_line() -> None:
    suite = _suite("holiday-2027")
    cases = suite.findall("testcase")
    assert {c.get("file") for c in cases} == {"campaigns/holiday-2027.yaml"}
    gift = suite.find("testcase[@name='dns.resolve https://gift.acme.example/noel']")
    assert gift is not None
    assert gift.get("line") == "8"
    crawl_found = suite.find(
        "testcase[@name='http.status https://holiday.acme.example/old/page-0.html']"
    )
    assert crawl_found is not None
    assert crawl_found.get("line") == "14"


def test_junit_time_is_the_target_time_shared_by_its_checks() -> None:
    suite = _suite("summer-2027")  # one target of 8 checks, 1.8 s
    assert {c.get("time") for c in suite.findall("testcase")} == {"0.225"}
    assert suite.get("time") == "1.800"
    holiday = _suite("holiday-2027")  # 0.2 + 1.0 + 9.0 s; crawl-found targets have no time
    assert holiday.get("time") == "10.200"
    page = holiday.find(
        "testcase[@name='http.status https://holiday.acme.example/old/page-0.html']"
    )
    assert page is not None
    assert page.get("time") == "0.000"
    assert _root().get("time") == "12.500"  # the run's own duration


def test_junit_without_run_duration_sums_the_suites() -> None:
    report = sample_report()
    report.duration = None
    root = ET.fromstring(junit.render(report))
    assert root.get("time") == "13.200"


def test_junit_ended_campaign_is_one_skipped_case() -> None:
    suite = _suite("winter-2026")
    cases = suite.findall("testcase")
    assert len(cases) == 1
    assert cases[0].find("skipped") is not None
    assert (suite.get("tests"), suite.get("skipped")) == ("1", "1")


def test_junit_strips_control_characters_and_stays_well_formed() -> None:
    text = junit.render(sample_report())
    assert "\x1b" not in text
    assert "\x00" not in text
    failure = _suite("holiday-2027").find("testcase/failure[@type='content.placeholder']")
    assert failure is not None
    assert failure.get("message") == CONTROL.replace("\x1b", "").replace("\x00", "").replace(
        "\x07", ""
    )


def test_junit_suites_have_timestamp_without_timezone() -> None:
    for suite in _root().findall("testsuite"):
        assert suite.get("timestamp") == "2027-05-23T12:00:42"
