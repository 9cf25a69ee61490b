"""The pure part of github-issues: failing sets, the stored state, bodies, and the plan."""

from __future__ import annotations

import re

from checker.github.issues import (
    BODY_LIMIT,
    Close,
    Create,
    Issue,
    Links,
    Tracked,
    Update,
    failing_set,
    owner_handle,
    plan,
    wanted_issue,
)
from checker.report.model import CampaignStatus, Status
from tests.github.reports import campaign, fail, report, warn

NOT_READY, AT_RISK = CampaignStatus.NOT_READY, CampaignStatus.AT_RISK
URL = "https://summer.example/"


def listed(number: int, body: str, *, state: str = "open", locked: bool = False) -> Issue:
    issue = Issue.from_api(
        {"number": number, "state": state, "locked": locked, "body": body, "closed_at": None}
    )
    assert issue is not None
    return issue


def test_failing_set_is_fails_plus_not_run_skips_and_warns_only_under_at_risk() -> None:
    result = campaign(
        "summer",
        fail("dns.resolve", URL),
        warn("tls.expiry", URL),
        not_run=("https://summer.example/b", "deadline"),
    )
    prerequisite = campaign("other", fail("dns.resolve", URL))
    prerequisite.targets[-1].checks[-1].status = Status.SKIP
    prerequisite.targets[-1].checks[-1].detail["reason"] = "prerequisite"
    assert failing_set(result, NOT_READY) == {
        ("dns.resolve", URL),
        ("http.status", "https://summer.example/b"),
    }
    assert ("tls.expiry", URL) in failing_set(result, AT_RISK)
    assert failing_set(prerequisite, NOT_READY) == frozenset()


def test_a_campaign_with_a_check_not_run_is_not_ready_even_if_nothing_fails() -> None:
    result = campaign("summer", not_run=(URL, "secret"))
    wanted = wanted_issue(result, report(result), NOT_READY, Links())
    assert wanted is not None
    assert wanted.title == "summer is not ready"
    assert "Set the variable named in the message" in wanted.body


def test_ready_at_risk_under_default_and_ended_campaigns_want_no_issue() -> None:
    at_risk = campaign("risky", warn("tls.expiry", URL))
    ended = campaign("old", ended=True)
    for result in (campaign("fine"), at_risk, ended):
        assert wanted_issue(result, report(result), NOT_READY, Links()) is None
    assert wanted_issue(at_risk, report(at_risk), AT_RISK, Links()) is not None


def test_owner_handle_is_a_github_login_only() -> None:
    assert owner_handle("@web-team") == "web-team"
    assert owner_handle(" @alice ") == "alice"
    for owner in ("web@acme.example", "@acme/web", "@-bad", "alice", None):
        assert owner_handle(owner) is None


def test_state_line_round_trips_and_cannot_end_its_html_comment() -> None:
    pairs = frozenset({("content.text", "https://x.example/?a=-->b<c"), ("dns.resolve", URL)})
    tracked = Tracked.of(NOT_READY, pairs)
    line = tracked.line()
    assert line.count("-->") == 1
    assert line.endswith(" -->")
    assert Tracked.parse(f"text\n{line}\nmore") == tracked


def test_a_failing_set_too_large_to_store_is_kept_as_digest_and_count() -> None:
    pairs = frozenset(("crawl.links", f"https://x.example/{i:05d}-" + "p" * 40) for i in range(900))
    tracked = Tracked.of(NOT_READY, pairs)
    parsed = Tracked.parse(tracked.line())
    assert parsed is not None
    assert parsed.failing is None
    assert parsed.count == 900
    assert parsed.same_as(tracked)
    assert not parsed.same_as(Tracked.of(NOT_READY, pairs - {min(pairs)}))


def test_unreadable_state_is_none() -> None:
    assert Tracked.parse("no state here") is None
    assert Tracked.parse('<!-- campaign-check-state {"v":1} -->') is None
    assert Tracked.parse('<!-- campaign-check-state {"status":"x","digest":"d",') is None
    bogus = '<!-- campaign-check-state {"status":"bogus","digest":"d","count":1} -->'
    assert Tracked.parse(bogus) is None


def test_body_lists_check_url_message_fix_owner_countdown_and_links() -> None:
    result = campaign(
        "summer",
        fail("tls.trusted", URL, "chain does not verify"),
        owner="@alice",
        name="Summer Sale",
    )
    links = Links("https://github.example/acme/campaigns/actions/runs/7", "https://status.example")
    wanted = wanted_issue(result, report(result), NOT_READY, links)
    assert wanted is not None
    body = wanted.body
    assert body.startswith("<!-- campaign-check:summer -->\n<!-- campaign-check-state ")
    assert "## ❌ Summer Sale is not ready" in body
    assert "- Campaign: `summer` (`campaigns/summer.yaml`)" in body
    assert "- Launch: 2027-05-25 00:00 UTC, in 1 d 12 h (as of 2027-05-23 12:00 UTC)" in body
    assert "- Owner: @alice" in body
    assert (
        "| ❌ | `tls.trusted` | `https://summer.example/` | `chain does not verify` "
        "| Install a certificate from a public CA with its full intermediate chain. |"
    ) in body
    assert "[this run](https://github.example/acme/campaigns/actions/runs/7)" in body
    assert "[status page](https://status.example)" in body
    assert wanted.assignee == "alice"


def test_hostile_messages_cannot_mention_people_or_break_the_table() -> None:
    hostile = "@everyone see #1 | <img src=x> `tick` [link](https://evil.example)\nnext"
    result = campaign("summer", fail("content.text", URL, hostile))
    wanted = wanted_issue(result, report(result), NOT_READY, Links())
    assert wanted is not None
    row = next(line for line in wanted.body.splitlines() if line.startswith("| ❌"))
    assert "``@everyone see #1 \\| <img src=x> `tick` [link](https://evil.example) next``" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 7  # the message's pipe is escaped: five cells


def test_body_is_cut_at_65000_characters_with_a_line_saying_so() -> None:
    problems = [
        fail("crawl.links", f"https://summer.example/page-{i}", "broken " + "x" * 300)
        for i in range(400)
    ]
    result = campaign("summer", *problems)
    wanted = wanted_issue(result, report(result), NOT_READY, Links())
    assert wanted is not None
    assert len(wanted.body) <= BODY_LIMIT
    assert "more not shown: this text is cut at 65,000 characters" in wanted.body
    assert wanted.body.startswith("<!-- campaign-check:summer -->")


def test_plan_keeps_an_issue_whose_state_matches_even_if_messages_changed() -> None:
    first = campaign("summer", fail("dns.resolve", URL, "NXDOMAIN"))
    wanted = wanted_issue(first, report(first), NOT_READY, Links("https://run/1"))
    assert wanted is not None
    again = campaign("summer", fail("dns.resolve", URL, "SERVFAIL this time"))
    steps = plan(report(again), [listed(3, wanted.body)], NOT_READY, Links("https://run/2"))
    assert steps.actions == []
    assert steps.in_step == [("summer", 3)]


def test_plan_updates_with_a_comment_naming_what_newly_fails_and_what_recovered() -> None:
    first = campaign("summer", fail("dns.resolve", URL))
    wanted = wanted_issue(first, report(first), NOT_READY, Links())
    assert wanted is not None
    later = campaign("summer", fail("tls.expiry", "https://summer.example/b"))
    (action,) = plan(report(later), [listed(3, wanted.body)], NOT_READY, Links()).actions
    assert isinstance(action, Update)
    assert (action.number, action.reopen, action.retitle) == (3, False, False)
    assert action.comment is not None
    assert "**Newly failing (1):**\n\n- `tls.expiry` `https://summer.example/b`" in action.comment
    assert "**Recovered (1):**\n\n- `dns.resolve` `https://summer.example/`" in action.comment


def test_plan_reopens_the_most_recently_closed_issue_unless_it_is_locked() -> None:
    result = campaign("summer", fail("dns.resolve", URL))
    marker = "<!-- campaign-check:summer -->"
    older = Issue(1, False, False, "2027-05-01T00:00:00Z", "summer", None)
    newer = Issue(2, False, False, "2027-05-02T00:00:00Z", "summer", None)
    (action,) = plan(report(result), [older, newer], NOT_READY, Links()).actions
    assert isinstance(action, Update)
    assert (action.number, action.reopen) == (2, True)
    locked = Issue(2, False, True, "2027-05-02T00:00:00Z", "summer", None)
    (action,) = plan(report(result), [older, locked], NOT_READY, Links()).actions
    assert isinstance(action, Create)
    assert listed(5, marker).slug == "summer"


def test_plan_closes_duplicates_as_not_planned_and_keeps_the_oldest() -> None:
    result = campaign("summer", fail("dns.resolve", URL))
    wanted = wanted_issue(result, report(result), NOT_READY, Links())
    assert wanted is not None
    steps = plan(
        report(result), [listed(9, wanted.body), listed(4, wanted.body)], NOT_READY, Links()
    )
    assert steps.actions == [Close("summer", 9, "Duplicate of #4.\n", "duplicate", "not_planned")]
    assert steps.in_step == [("summer", 4)]


def test_plan_closes_issues_of_absent_campaigns_only_for_a_whole_complete_report() -> None:
    gone = listed(7, "<!-- campaign-check:renamed -->")
    whole = plan(report(campaign("summer")), [gone], NOT_READY, Links())
    (action,) = whole.actions
    assert isinstance(action, Close)
    assert "is no longer in the manifests" in action.comment
    partial = plan(report(campaign("summer"), complete=False), [gone], NOT_READY, Links())
    assert (partial.actions, partial.left_open) == ([], [("renamed", 7)])


def test_locked_and_closed_issues_are_never_closed() -> None:
    marker = "<!-- campaign-check:summer -->"
    issues = [listed(1, marker, locked=True), listed(2, marker, state="closed")]
    assert plan(report(campaign("summer")), issues, NOT_READY, Links()).actions == []
