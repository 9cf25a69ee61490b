"""`campaign-check github-issues` against a real local server that behaves like GitHub's API."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.github.issues import Links, wanted_issue
from checker.report.model import (
    CampaignStatus,
    CheckResult,
    Phase,
    Report,
    Scope,
    Status,
    TargetResult,
)
from tests.github.fake_api import REPOSITORY, TOKEN, FakeGitHub
from tests.github.reports import campaign, fail, report, warn, write
from tests.net.proxyserver import TunnelProxy

A, B = "https://summer.example/", "https://summer.example/b"
RUN_LINK = "https://github.example/acme/campaigns/actions/runs/42"


@pytest.fixture
def api() -> Iterator[FakeGitHub]:
    with FakeGitHub(collaborators=("alice",)) as server:
        yield server


def environment(api: FakeGitHub, **changes: str | None) -> dict[str, str | None]:
    return {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": api.url,
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_RUN_ID": "42",
    } | changes


def sync(api: FakeGitHub, tmp_path: Path, built: Report, *args: str, **env: str | None) -> Result:
    """Run the command on `built` (written as JSON) with the Actions environment."""
    path = write(tmp_path / "report.json", built)
    command = ["github-issues", path, *args]
    return CliRunner().invoke(main, command, env=environment(api, **env))


def assert_exit(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def the_issue(api: FakeGitHub) -> dict[str, object]:
    (issue,) = api.open_issues()
    return issue


# --- opening, staying in step ----------------------------------------------------------------


def test_a_not_ready_campaign_gets_one_labelled_assigned_issue_saying_what_is_missing(
    api: FakeGitHub, tmp_path: Path
) -> None:
    summer = campaign(
        "summer", fail("dns.resolve", A, "NXDOMAIN"), owner="@alice", name="Summer Sale"
    )
    built = report(summer, campaign("spring"), campaign("autumn", warn("tls.expiry", A)))
    result = sync(api, tmp_path, built)
    assert_exit(result, 0)
    issue = the_issue(api)
    body = str(issue["body"])
    assert issue["title"] == "Summer Sale is not ready"
    assert issue["labels"] == [{"name": "campaign-check"}]
    assert issue["assignees"] == [{"login": "alice"}]
    assert "<!-- campaign-check:summer -->" in body
    assert "- Launch: 2027-05-25 00:00 UTC, in 1 d 12 h" in body
    assert "| ❌ | `dns.resolve` | `https://summer.example/` | `NXDOMAIN` | Add the A/AAAA" in body
    assert f"[this run]({RUN_LINK})" in body
    assert "- Owner: @alice" in body
    assert "summer: opened #1 (not ready)" in result.stdout
    assert [r.path for r in api.writes()] == [
        f"/repos/{REPOSITORY}/issues",
        f"/repos/{REPOSITORY}/issues/1/assignees",
    ]
    assert api.writes()[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert api.writes()[0].headers["Accept"] == "application/vnd.github+json"


def test_a_second_run_with_the_same_report_makes_no_write(api: FakeGitHub, tmp_path: Path) -> None:
    built = report(
        campaign("summer", fail("dns.resolve", A)), campaign("winter", fail("qr.decode", B))
    )
    assert_exit(sync(api, tmp_path, built), 0)
    api.clear_log()
    result = sync(api, tmp_path, built)
    assert_exit(result, 0)
    assert api.writes() == []
    assert [r.method for r in api.requests] == ["GET"]
    assert "summer: #1 in step" in result.stdout
    assert "2 in step, 0 written, 0 failed." in result.stdout


def test_new_messages_and_a_new_run_are_no_change(api: FakeGitHub, tmp_path: Path) -> None:
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A, "NX")))), 0)
    api.clear_log()
    later = campaign("summer", fail("dns.resolve", A, "SERVFAIL now"))
    later.hours_to_launch = 2.0
    assert_exit(sync(api, tmp_path, report(later), GITHUB_RUN_ID="43"), 0)
    assert api.writes() == []


def test_a_changed_failing_set_updates_the_body_and_adds_one_comment(
    api: FakeGitHub, tmp_path: Path
) -> None:
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A)))), 0)
    api.clear_log()
    result = sync(api, tmp_path, report(campaign("summer", fail("tls.expiry", B, "expired"))))
    assert_exit(result, 0)
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in api.writes()] == [
        ("PATCH", "1"),
        ("POST", "comments"),
    ]
    body = str(the_issue(api)["body"])
    assert "`tls.expiry`" in body
    assert "`dns.resolve`" not in body
    (comment,) = api.comments[1]
    assert "**Newly failing (1):**\n\n- `tls.expiry` `https://summer.example/b`" in comment
    assert "**Recovered (1):**\n\n- `dns.resolve` `https://summer.example/`" in comment
    assert "summer: updated #1 (not ready)" in result.stdout


def test_a_status_change_at_the_same_failing_set_retitles(api: FakeGitHub, tmp_path: Path) -> None:
    assert_exit(
        sync(api, tmp_path, report(campaign("summer", fail("tls.expiry", A))), "--on", "at_risk"), 0
    )
    api.clear_log()
    result = sync(
        api, tmp_path, report(campaign("summer", warn("tls.expiry", A))), "--on", "at_risk"
    )
    assert_exit(result, 0)
    assert the_issue(api)["title"] == "summer is at risk"
    assert api.comments[1] == [
        f"Now **at risk** (was not ready).\n\nDetails: [this run]({RUN_LINK})\n"
    ]


# --- closing and reopening -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("later", "said"),
    [
        (campaign("summer"), "is ready: nothing fails any more. Closing."),
        (campaign("summer", ended=True, phase=Phase.ENDED), "has ended: closing."),
        (campaign("summer", warn("tls.expiry", A)), "is now at risk, below this issue's threshold"),
    ],
    ids=["ready", "ended", "below-on"],
)
def test_ready_ended_or_below_on_comments_once_then_closes_as_completed(
    api: FakeGitHub, tmp_path: Path, later: object, said: str
) -> None:
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A)))), 0)
    api.clear_log()
    assert isinstance(later, type(campaign("x")))
    result = sync(api, tmp_path, report(later))
    assert_exit(result, 0)
    assert [(r.method, r.json) for r in api.writes()][1] == (
        "PATCH",
        {"state": "closed", "state_reason": "completed"},
    )
    (comment,) = api.comments[1]
    assert said in comment
    assert api.issues[1]["state"] == "closed"
    assert "summer: closed #1" in result.stdout
    api.clear_log()
    assert_exit(sync(api, tmp_path, report(later)), 0)
    assert api.writes() == []


def test_a_regression_reopens_the_most_recently_closed_issue(
    api: FakeGitHub, tmp_path: Path
) -> None:
    api.add_issue("<!-- campaign-check:summer -->\nold", state="closed")
    api.add_issue("<!-- campaign-check:summer -->\nnewer", state="closed")
    api.add_issue("<!-- campaign-check:summer -->", state="closed", labels=("other",))
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 0)
    assert [i["number"] for i in api.open_issues()] == [2]
    patch = api.writes()[0]
    assert patch.path.endswith("/issues/2")
    assert patch.json["state"] == "open"
    assert api.comments[2][0].startswith("Reopened: the campaign is **not ready** again.")
    assert "summer: reopened #2 (not ready)" in result.stdout


def test_a_locked_issue_is_left_alone_and_a_new_one_opened(api: FakeGitHub, tmp_path: Path) -> None:
    api.add_issue("<!-- campaign-check:summer -->", locked=True)
    api.add_issue("<!-- campaign-check:winter -->", state="closed", locked=True)
    built = report(
        campaign("summer", fail("dns.resolve", A)), campaign("winter", fail("dns.resolve", B))
    )
    result = sync(api, tmp_path, built)
    assert_exit(result, 0)
    assert {r.path for r in api.writes()} == {f"/repos/{REPOSITORY}/issues"}
    assert api.comments[1] == api.comments[2] == []
    assert sorted(i["number"] for i in api.open_issues()) == [1, 3, 4]
    api.clear_log()
    assert_exit(sync(api, tmp_path, built), 0)
    assert api.writes() == []


@pytest.mark.parametrize("status", [404, 410])
def test_an_issue_deleted_meanwhile_is_replaced(
    api: FakeGitHub, tmp_path: Path, status: int
) -> None:
    api.add_issue("<!-- campaign-check:summer -->")
    api.fail("PATCH", r"/issues/1$", status, body={"message": "This issue was deleted"})
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 0)
    assert "summer: #1 is gone: opened #2" in result.stdout
    assert "<!-- campaign-check:summer -->" in str(api.issues[2]["body"])


def test_a_comment_refused_because_the_issue_got_locked_opens_a_new_issue(
    api: FakeGitHub, tmp_path: Path
) -> None:
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A)))), 0)
    api.issues[1]["locked"] = True
    api.fail("GET", r"/issues$", 200, body=[api.issues[1] | {"locked": False}])
    result = sync(api, tmp_path, report(campaign("summer", fail("tls.expiry", A))))
    assert_exit(result, 0)
    assert "summer: #1 is locked: opened #2 (not ready)" in result.stdout
    assert "permissions" not in result.stderr


def test_duplicate_open_issues_are_closed_as_not_planned(api: FakeGitHub, tmp_path: Path) -> None:
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A)))), 0)
    api.add_issue(str(api.issues[1]["body"]))
    api.clear_log()
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 0)
    assert api.issues[2]["state_reason"] == "not_planned"
    assert api.comments[2] == ["Duplicate of #1.\n"]
    assert [i["number"] for i in api.open_issues()] == [1]


def test_an_edited_body_without_state_is_rewritten_without_a_comment(
    api: FakeGitHub, tmp_path: Path
) -> None:
    api.add_issue("<!-- campaign-check:summer -->\nsomeone rewrote this")
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A)))), 0)
    assert [r.method for r in api.writes()] == ["PATCH"]
    assert "`dns.resolve`" in str(api.issues[1]["body"])
    assert api.comments[1] == []


# --- campaigns that left the report ------------------------------------------------------------


def test_an_absent_campaign_is_closed_when_the_report_covers_everything(
    api: FakeGitHub, tmp_path: Path
) -> None:
    api.add_issue("<!-- campaign-check:renamed -->")
    result = sync(api, tmp_path, report(campaign("summer")))
    assert_exit(result, 0)
    assert api.issues[1]["state"] == "closed"
    assert "`renamed` is no longer in the manifests (renamed or removed)" in api.comments[1][0]
    assert "renamed: closed #1 (left the manifests)" in result.stdout


@pytest.mark.parametrize(
    "partial",
    [
        report(campaign("summer"), complete=False),
        report(campaign("summer"), scope=Scope(shard="1/2")),
        report(campaign("summer"), scope=Scope(campaigns=("summer",))),
        None,  # an older report, without `scope`
    ],
    ids=["incomplete", "shard", "filtered", "no-scope"],
)
def test_an_absent_campaign_is_left_open_when_the_report_is_partial(
    api: FakeGitHub, tmp_path: Path, partial: Report | None
) -> None:
    api.add_issue("<!-- campaign-check:renamed -->")
    path = tmp_path / "report.json"
    if partial is None:
        data = report(campaign("summer")).to_json()
        del data["scope"]
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        write(path, partial)
    result = CliRunner().invoke(main, ["github-issues", str(path)], env=environment(api))
    assert_exit(result, 0)
    assert api.writes() == []
    assert "note: renamed: #1 left open" in result.stderr


# --- many issues -----------------------------------------------------------------------------


def test_many_campaigns_across_several_pages_of_issues(api: FakeGitHub, tmp_path: Path) -> None:
    campaigns = [campaign(f"c{i:03d}", fail("dns.resolve", A)) for i in range(250)]
    built = report(*campaigns)
    for result in campaigns:
        wanted = wanted_issue(result, built, CampaignStatus.NOT_READY, Links(RUN_LINK))
        assert wanted is not None
        api.add_issue(wanted.body)
    api.add_issue("<!-- campaign-check:c000 -->", pull_request=True)
    api.add_issue("no marker here")
    campaigns[0].targets[0].checks[-1].message = "changed words only"
    campaigns[0].targets.append(
        TargetResult(B, "url", [CheckResult("tls.expiry", Status.FAIL, "x")])
    )
    result = sync(api, tmp_path, built)
    assert_exit(result, 0)
    pages = [r for r in api.requests if r.method == "GET"]
    assert [r.query.get("page") for r in pages] == [None, "2", "3"]
    assert pages[0].query == {"labels": "campaign-check", "state": "all", "per_page": "100"}
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in api.writes()] == [
        ("PATCH", "1"),
        ("POST", "comments"),
    ]
    assert "249 in step, 1 written, 0 failed." in result.stdout


def test_a_next_link_to_another_origin_is_refused_and_gets_no_token(
    api: FakeGitHub, tmp_path: Path
) -> None:
    for i in range(101):
        api.add_issue(f"<!-- campaign-check:c{i} -->")
    with FakeGitHub() as elsewhere:
        api.next_page_url = f"{elsewhere.url}/repos/{REPOSITORY}/issues?page=2"
        result = sync(api, tmp_path, report(campaign("summer")))
        assert elsewhere.requests == []
    assert_exit(result, 1)
    assert "error: cannot list the issues" in result.stderr
    assert "the token is sent there only" in result.stderr
    assert api.writes() == []


# --- failures ---------------------------------------------------------------------------------


def test_one_failed_write_still_makes_the_others_and_exits_1(
    api: FakeGitHub, tmp_path: Path
) -> None:
    slugs = ("alpha", "beta", "gamma")
    assert_exit(
        sync(api, tmp_path, report(*(campaign(s, fail("dns.resolve", A)) for s in slugs))), 0
    )
    api.fail("PATCH", r"/issues/2$", 502)
    later = report(*(campaign(s, fail("tls.expiry", A)) for s in slugs))
    result = sync(api, tmp_path, later, "--retries", "0")
    assert_exit(result, 1)
    assert "error: beta: PATCH /repos/acme/campaigns/issues/2: GitHub answered 502" in result.stderr
    assert "alpha: updated #1" in result.stdout
    assert "gamma: updated #3" in result.stdout
    assert "0 in step, 2 written, 1 failed." in result.stdout
    assert len(api.comments[1]) == len(api.comments[3]) == 1


def test_5xx_is_retried(api: FakeGitHub, tmp_path: Path) -> None:
    api.fail("POST", r"/issues$", 503)
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 0)
    assert len(api.open_issues()) == 1
    assert [r.method for r in api.requests].count("POST") == 2


def test_a_slow_answer_times_out_and_is_retried(api: FakeGitHub, tmp_path: Path) -> None:
    api.fail("GET", r"/issues$", 200, body=[], delay=2.0)
    built = report(campaign("summer", fail("dns.resolve", A)))
    started = time.monotonic()
    result = sync(api, tmp_path, built, "--timeout", "0.2", "--retries", "1")
    assert_exit(result, 0)
    assert time.monotonic() - started < 1.8  # the slow answer was not awaited
    assert len(api.open_issues()) == 1
    api.fail("GET", r"/issues$", 200, body=[], delay=2.0)
    result = sync(api, tmp_path, built, "--timeout", "0.2", "--retries", "0")
    assert_exit(result, 1)
    assert "no complete answer within the timeout" in result.stderr


def test_403_without_rate_limit_headers_is_missing_permission(
    api: FakeGitHub, tmp_path: Path
) -> None:
    api.read_only = True
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 1)
    assert (
        "error: summer: POST /repos/acme/campaigns/issues: GitHub refused (403: " in result.stderr
    )
    assert "give the workflow `permissions: issues: write`" in result.stderr


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "1"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) - 5)},
    ],
    ids=["403-retry-after", "403-ratelimit-reset"],
)
def test_a_short_rate_limit_is_waited_out(
    api: FakeGitHub, tmp_path: Path, headers: dict[str, str]
) -> None:
    api.fail("POST", r"/issues$", 403, headers=headers, body={"message": "rate limit"})
    started = time.monotonic()
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 0)
    assert time.monotonic() - started >= 1.0
    assert len(api.open_issues()) == 1


def test_429_with_retry_after_is_waited_out(api: FakeGitHub, tmp_path: Path) -> None:
    api.fail("GET", r"/issues$", 429, headers={"Retry-After": "1"})
    started = time.monotonic()
    assert_exit(sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A)))), 0)
    assert time.monotonic() - started >= 1.0


def test_a_rate_limit_longer_than_60_s_fails_at_once_and_stops_further_requests(
    api: FakeGitHub, tmp_path: Path
) -> None:
    reset = str(int(time.time()) + 3600)
    api.fail(
        "POST", r"/issues$", 403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}
    )
    built = report(
        campaign("alpha", fail("dns.resolve", A)), campaign("beta", fail("dns.resolve", A))
    )
    started = time.monotonic()
    result = sync(api, tmp_path, built)
    assert_exit(result, 1)
    assert time.monotonic() - started < 1.0
    assert (
        "alpha: POST /repos/acme/campaigns/issues: GitHub's rate limit (403) asks to wait"
        in result.stderr
    )
    assert "more than the 60 s left of the 60 s this run may wait" in result.stderr
    assert "beta: POST /repos/acme/campaigns/issues: not sent" in result.stderr
    assert len(api.writes()) == 1


def test_a_label_dropped_by_github_is_a_failure_since_the_issue_cannot_be_found_again(
    api: FakeGitHub, tmp_path: Path
) -> None:
    api.drop_labels = True
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))))
    assert_exit(result, 1)
    assert "opened #1 but GitHub dropped its label 'campaign-check'" in result.stderr


def test_a_failed_assignment_is_a_warning_only(api: FakeGitHub, tmp_path: Path) -> None:
    built = report(
        campaign("summer", fail("dns.resolve", A), owner="@bob"),
        campaign("winter", fail("dns.resolve", A), owner="@alice"),
    )
    api.fail("POST", r"/issues/2/assignees$", 422, body={"message": "Validation Failed"})
    result = sync(api, tmp_path, built)
    assert_exit(result, 0)
    assert "warning: #1: GitHub did not assign @bob (not a collaborator?)" in result.stderr
    assert (
        "warning: #2: @alice not assigned: POST /repos/acme/campaigns/issues/2/assignees"
        in result.stderr
    )
    assert len(api.open_issues()) == 2


# --- the token ---------------------------------------------------------------------------------


def test_the_token_never_appears_in_output_or_in_what_the_server_received(
    api: FakeGitHub, tmp_path: Path
) -> None:
    leaky = campaign("summer", fail("content.text", A, f"page says {TOKEN}"), name=f"Sale {TOKEN}")
    results = [sync(api, tmp_path, report(leaky))]
    later = campaign("summer", fail("content.text", B, f"now {TOKEN}"))
    results.append(sync(api, tmp_path, report(later)))
    api.fail("POST", r"/comments$", 422, body={"message": f"token {TOKEN} rejected"})
    results.append(sync(api, tmp_path, report(campaign("summer"))))
    api.read_only = True
    results.append(sync(api, tmp_path, report(leaky)))
    assert [r.exit_code for r in results] == [0, 0, 1, 1]
    for result in results:
        assert TOKEN not in result.output
        assert TOKEN not in result.stderr
    assert "token *** rejected" in results[2].stderr
    for recorded in api.requests:
        assert TOKEN.encode() not in recorded.body
        assert TOKEN not in recorded.path + json.dumps(recorded.query)
    assert "`now ***`" in str(api.issues[1]["body"])


# --- usage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"GITHUB_TOKEN": None}, "GITHUB_TOKEN is not set"),
        ({"GITHUB_TOKEN": "two words"}, "GITHUB_TOKEN is malformed"),
        ({"GITHUB_REPOSITORY": None}, "GITHUB_REPOSITORY is not set"),
        ({"GITHUB_REPOSITORY": "no-slash"}, "GITHUB_REPOSITORY 'no-slash': give it as owner/repo"),
        ({"GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL 'ftp://x': give an http:// or https://"),
        ({"GITHUB_RUN_ID": "abc"}, "GITHUB_RUN_ID 'abc': not a run number"),
        ({"https_proxy": "socks5://p:1"}, "https_proxy 'socks5://p:1'"),
    ],
)
def test_usage_errors_exit_2_before_any_request(
    api: FakeGitHub, tmp_path: Path, env: dict[str, str | None], said: str
) -> None:
    result = sync(api, tmp_path, report(campaign("summer", fail("dns.resolve", A))), **env)
    assert_exit(result, 2)
    assert said in result.stderr
    assert api.requests == []


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"schema": 99}', None], ids=["text", "list", "schema", "missing"]
)
def test_an_unreadable_report_exits_2_before_any_request(
    api: FakeGitHub, tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["github-issues", str(path)], env=environment(api))
    assert_exit(result, 2)
    assert f"{path}: not a campaign-check JSON report" in result.stderr
    assert api.requests == []


def test_a_bad_label_is_a_usage_error(api: FakeGitHub, tmp_path: Path) -> None:
    result = sync(api, tmp_path, report(campaign("summer")), "--label", "a,b")
    assert_exit(result, 2)
    assert api.requests == []


def test_a_custom_label_and_an_enterprise_api_path(tmp_path: Path) -> None:
    with FakeGitHub(prefix="/api/v3") as ghes:
        built = report(campaign("summer", fail("dns.resolve", A)))
        result = sync(
            ghes, tmp_path, built, "--label", "launch", "--site-url", "https://s.example/"
        )
        assert_exit(result, 0)
        (issue,) = ghes.open_issues("launch")
        assert "[status page](https://s.example)" in str(issue["body"])
        assert ghes.requests[0].path == f"/api/v3/repos/{REPOSITORY}/issues"


def test_requests_go_through_the_proxy_the_environment_names(
    api: FakeGitHub, tmp_path: Path
) -> None:
    port = int(api.origin.rsplit(":", 1)[1])
    with TunnelProxy({port: port}) as proxy:
        unresolvable = f"http://api.github.test:{port}"
        built = report(campaign("summer", fail("dns.resolve", A)))
        result = sync(api, tmp_path, built, http_proxy=proxy.url, GITHUB_API_URL=unresolvable)
    assert_exit(result, 0)
    assert proxy.log[0] == f"GET {unresolvable}/repos/{REPOSITORY}/issues?" + (
        "labels=campaign-check&state=all&per_page=100"
    )
    assert len(api.open_issues()) == 1


def test_the_command_module_imports_nothing_heavy_until_it_runs() -> None:
    code = "import sys, checker.github.command; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.strip().strip("[]").replace("'", "").split(", "))
    heavy = {"httpx", "asyncio", "checker.github.issues", "checker.report.model"}
    assert loaded & heavy == set()
