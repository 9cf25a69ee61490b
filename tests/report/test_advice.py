"""The words every report format shares: safe text, countdowns, moments, what needs
attention first, and the broken-URL lists of crawl checks read tolerantly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from checker.report import advice
from checker.report.model import CampaignStatus, CheckResult, Phase, Status
from tests.report.results import campaign_result, report_of, target

URL = "https://www.acme.test/summer"


def test_clean_drops_control_characters_and_keeps_tabs_and_newlines() -> None:
    assert advice.clean("a\x1b[2Jb\x00c\x07\td\r\ne\x85f\ud800") == "a[2Jbc\td\nef"


def test_one_line_folds_every_whitespace_run() -> None:
    assert advice.one_line("  two\n\tlines \x00 here ") == "two lines here"


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        (0.0, "0 min"),
        (0.75, "45 min"),
        (3.5, "3 h 30 min"),
        (3.0, "3 h"),
        (48.0, "2 d"),
        (212.5, "8 d 20 h"),
        (-5.5, "5 h 30 min"),  # the sign is said by the words around it
        (23.999, "1 d"),  # rounded to the minute first
    ],
)
def test_durations_read_as_people_say_them(hours: float, said: str) -> None:
    assert advice.duration(hours) == said


def test_the_countdown_says_upcoming_live_or_ended() -> None:
    upcoming = campaign_result("s", launch_in_days=2)
    live = campaign_result("s", launch_in_days=-0.5)
    live.phase = Phase.LIVE
    ended = campaign_result("s", ended=True)
    assert (advice.countdown(upcoming), advice.countdown(upcoming, long=True)) == (
        "in 2 d",
        "launches in 2 d",
    )
    assert (advice.countdown(live), advice.countdown(live, long=True)) == ("live", "live for 12 h")
    assert advice.countdown(ended, long=True) == "ended"


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (datetime(2027, 6, 1, 9, 0, 59, tzinfo=UTC), "2027-06-01 09:00 UTC"),
        (
            datetime(2027, 6, 1, 9, tzinfo=timezone(timedelta(hours=-4))),
            "2027-06-01 09:00 UTC-04:00",
        ),
        (
            datetime(2027, 6, 1, 9, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2027-06-01 09:00 UTC+05:30",
        ),
        (datetime(2027, 6, 1, 9), "2027-06-01 09:00"),
    ],
)
def test_moments_keep_their_offset(moment: datetime, said: str) -> None:
    assert advice.when(moment) == said


def test_a_display_name_falls_back_to_the_slug() -> None:
    named = campaign_result("summer")
    named.name = "Summer\nSale \x1b"
    assert advice.display_name(named) == "Summer Sale"
    assert advice.display_name(campaign_result("summer")) == "summer"


def test_reports_list_the_most_urgent_campaigns_first_then_by_launch_and_slug() -> None:
    campaigns = [
        campaign_result("ended", ended=True, launch_in_days=-90),
        campaign_result("ready-late", target(URL, ("http.status", Status.PASS)), launch_in_days=9),
        campaign_result("ready-b", target(URL, ("http.status", Status.PASS)), launch_in_days=1),
        campaign_result("ready-a", target(URL, ("http.status", Status.PASS)), launch_in_days=1),
        campaign_result("warns", target(URL, ("tls.expiry", Status.WARN)), launch_in_days=20),
        campaign_result("fails", target(URL, ("http.status", Status.FAIL)), launch_in_days=30),
    ]
    assert [c.campaign for c in advice.report_order(campaigns)] == [
        "fails",
        "warns",
        "ready-a",
        "ready-b",
        "ready-late",
        "ended",
    ]


def test_the_summary_line_and_the_worst_campaign_status() -> None:
    report = report_of(
        campaign_result("ok", target(URL, ("http.status", Status.PASS))),
        campaign_result("warn", target(URL, ("tls.expiry", Status.WARN))),
        campaign_result("old", ended=True),
    )
    assert advice.summary_line(report) == "1 ready · 1 at risk · 0 not ready · 1 ended"
    assert advice.run_status(report) is CampaignStatus.AT_RISK
    assert advice.run_status(report_of()) is None


def test_findings_put_failures_first_then_warnings_then_skips() -> None:
    campaign = campaign_result(
        "s",
        target(URL, ("a.skip", Status.SKIP), ("a.warn", Status.WARN), ("a.pass", Status.PASS)),
        target(f"{URL}/2", ("b.fail", Status.FAIL), ("b.warn", Status.WARN)),
    )
    assert [f.check.id for f in advice.findings(campaign)] == [
        "b.fail",
        "a.warn",
        "b.warn",
        "a.skip",
    ]
    assert [f.check.id for f in advice.findings(campaign, include_skip=False)] == [
        "b.fail",
        "a.warn",
        "b.warn",
    ]
    assert [f.check.id for f in advice.passing(campaign)] == ["a.pass"]
    assert advice.count(campaign, Status.WARN) == 2


def crawl_check(broken: object) -> CheckResult:
    return CheckResult("crawl.links", Status.FAIL, "broken", {"broken": broken})


def test_broken_lists_are_read_tolerantly() -> None:
    items = [
        {"url": "https://s.test/a", "status": 404, "found_on": ["https://s.test/"], "element": "a"},
        {"url": "https://s.test/b", "error": "no such\nhost", "found_on": "https://s.test/x"},
        {"found_on": None},
        "not a dict",
    ]
    assert advice.broken(crawl_check(items)) == [
        advice.Broken("https://s.test/a", "404", "a", ["https://s.test/"]),
        advice.Broken("https://s.test/b", "no such host", None, ["https://s.test/x"]),
        advice.Broken("?", "broken", None, []),
    ]
    assert advice.broken(crawl_check("oops")) == []
    assert advice.broken(CheckResult("crawl.links", Status.PASS, "fine")) == []


def test_crawl_listed_collects_the_urls_of_every_crawl_check() -> None:
    site = target(URL, kind="microsite")
    site.checks = [
        crawl_check([{"url": "https://s.test/a"}]),
        CheckResult(
            "crawl.assets", Status.FAIL, "x", {"broken": [{"url": "https://s.test/i.png"}]}
        ),
        CheckResult("http.status", Status.FAIL, "x", {"broken": [{"url": "https://s.test/no"}]}),
    ]
    assert advice.crawl_listed(campaign_result("s", site)) == {
        "https://s.test/a",
        "https://s.test/i.png",
    }


def test_pages_on_the_same_site_are_shortened_to_their_path() -> None:
    base = "https://s.test/"
    assert advice.relative("https://s.test/a?b=1", base) == "/a?b=1"
    assert advice.relative("https://s.test", base) == "/"
    assert advice.relative("http://s.test/a", base) == "http://s.test/a"
    assert advice.relative("https://other.test/a", base) == "https://other.test/a"
    pages = [f"https://s.test/p{i}" for i in range(5)]
    assert advice.found_on_text(pages, base) == "/p0, /p1, /p2 (+2 more)"
    assert advice.found_on_text(pages[:2], base) == "/p0, /p1"


def test_the_changes_since_the_previous_run_are_listed_worst_first() -> None:
    campaign = campaign_result(
        "s", target(URL, ("a.warn", Status.WARN), ("b.fail", Status.FAIL), ("c.pass", Status.PASS))
    )
    warn, fail, mended = campaign.targets[0].checks
    warn.change = fail.change = "new"
    mended.change = "recovered"
    assert [f.check.id for f in advice.changed(campaign, "new")] == ["b.fail", "a.warn"]
    assert [f.check.id for f in advice.changed(campaign, "recovered")] == ["c.pass"]


def test_each_broken_url_is_one_problem_however_many_checks_see_it() -> None:
    site = "https://s.test/"
    crawl = CheckResult(
        "crawl.links",
        Status.FAIL,
        "1 of 3 links broken",
        {"broken": [{"url": "https://s.test/old", "status": 404, "found_on": [site]}]},
    )
    crawl.change = "new"
    microsite = target(site, kind="microsite")
    microsite.checks = [crawl, CheckResult("tls.expiry", Status.WARN, "ends soon")]
    page = target("https://s.test/old", ("http.status", Status.FAIL), kind="page")
    page.checks[0].message = "answers 404"
    problems = advice.problems(campaign_result("s", microsite, page))
    assert problems == [
        advice.Problem(
            "https://s.test/old",
            Status.FAIL,
            ("http.status", "crawl.links"),
            "answers 404",
            True,
            "/",
        ),
        advice.Problem(site, Status.WARN, ("tls.expiry",), "ends soon", False),
    ]
