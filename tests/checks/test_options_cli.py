"""`campaign-check check` options end to end: --now, --campaign, --shard, --fail-on,
--include-ended, --deadline, --resolve, --connect-to, --previous, exit codes, `${VAR}`, and
hostile servers that must each end as a check result in bounded time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.demo.catalogue import LANDING_TEXT, LANDING_TITLE
from checker.demo.dnsserver import LOOPBACK, ZoneEntry
from checker.demo.routes import html_page, page
from checker.demo.world import World
from checker.net.client import USER_AGENT
from tests.checks.helpers import (
    FAST,
    CliRun,
    assert_check,
    campaign,
    iso,
    run_check,
    write_manifest,
)
from tests.world import WorldLog

GOOD = "https://www.good.test/summer"
_PAGE = html_page(LANDING_TITLE, f"<h1>{LANDING_TITLE}</h1><p>{LANDING_TEXT}</p>")


def _dns_and_ca(world: World) -> list[str]:
    """The world's DNS server and CA, without any --connect-to."""
    return [
        "--nameserver",
        f"{LOOPBACK}:{world.dns_port}",
        "--ca-bundle",
        str(world.ca_bundle_path),
    ]


def _ended(slug: str) -> dict[str, object]:
    return campaign(slug, [f"https://{slug}.example/"], launch=iso(-30), ends=iso(-20))


# --- exit codes -------------------------------------------------------------------------


def test_exit_0_when_ready(world: World, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, campaign("ready", [GOOD]))
    run = run_check([manifest], *FAST, *world.cli_args())
    assert run.exit_code == 0, run.output
    assert run.campaign("ready")["status"] == "ready"
    checks = run.target(GOOD)["checks"]
    assert {c["status"] for c in checks if c["detail"].get("reason") != "not_applicable"} == {
        "pass"
    }


def test_exit_1_when_not_ready(world: World, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, campaign("broken", ["https://good.test/missing"]))
    run = run_check([manifest], *FAST, *world.cli_args())
    assert run.exit_code == 1, run.output
    assert run.campaign("broken")["status"] == "not_ready"


def test_exit_2_for_a_bad_manifest_and_nothing_is_checked(
    world: World, world_log: WorldLog, tmp_path: Path
) -> None:
    text = f"campaign: bad\nlaunch: {iso(1)}\nurls: [https://www.good.test/]\ncolour: red\n"
    manifest = write_manifest(tmp_path, text, name="bad")
    run = run_check([manifest], *FAST, *world.cli_args())
    assert run.exit_code == 2, run.output
    assert "bad.yaml" in run.output
    assert "colour" in run.output
    assert run.report is None
    assert world_log.requests() == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--shard", "3/2"], "K/N"),
        (["--connect-to", "only:two"], "--connect-to"),
        (["--resolve", "www.good.test:443:"], "--resolve"),
        (["--now", "next tuesday"], "ISO"),
        (
            ["--user-agent", "bad\nvalue"],
            "--user-agent 'bad\\nvalue': give one line of printable text",
        ),
        (["--proxy", "socks5://proxy.example"], "--proxy 'socks5://proxy.example': socks5://"),
    ],
)
def test_exit_2_for_bad_options(tmp_path: Path, args: list[str], says: str) -> None:
    manifest = write_manifest(tmp_path, campaign("opts", [GOOD]))
    run = run_check([manifest], *FAST, *args)
    assert run.exit_code == 2, run.output
    assert says in run.output
    assert run.report is None


# --- --fail-on --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warn_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ready but for one warning: the 90-day certificate ends during a 120-day flight."""
    folder = tmp_path_factory.mktemp("warn")
    return write_manifest(folder, campaign("at-risk", [GOOD], ends=iso(120)))


def test_warnings_alone_exit_0(world: World, warn_only: Path) -> None:
    run = run_check([warn_only], *FAST, *world.cli_args())
    assert run.exit_code == 0, run.output
    assert run.campaign("at-risk")["status"] == "at_risk"
    assert_check(run, GOOD, "tls.expiry", "warn", "before the campaign ends")


def test_fail_on_warn_makes_warnings_exit_1(world: World, warn_only: Path) -> None:
    run = run_check([warn_only], "--fail-on", "warn", *FAST, *world.cli_args())
    assert run.exit_code == 1, run.output
    assert run.campaign("at-risk")["status"] == "at_risk"  # only the exit code changes


# --- --campaign, --shard, --include-ended -----------------------------------------------

SLUGS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]


@pytest.fixture(scope="module")
def ended_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Campaigns that ended 20 days ago: selected and reported, never checked (no network)."""
    folder = tmp_path_factory.mktemp("ended")
    for slug in SLUGS:
        write_manifest(folder, _ended(slug))
    return folder


def test_ended_campaigns_are_counted_but_not_checked(ended_folder: Path) -> None:
    run = run_check([ended_folder])
    assert run.exit_code == 0, run.output
    assert run.json["summary"]["campaigns"] == len(SLUGS)
    assert run.json["summary"]["ended"] == len(SLUGS)
    for entry in run.json["campaigns"]:
        assert entry["status"] == "ended"
        assert entry["phase"] == "ended"
        assert entry["targets"] == []


def test_campaign_filter_keeps_only_the_named_campaigns(ended_folder: Path) -> None:
    run = run_check([ended_folder], "--campaign", "bravo", "--campaign", "echo")
    assert [c["campaign"] for c in run.json["campaigns"]] == ["bravo", "echo"]
    assert run.json["summary"]["campaigns"] == 2


def test_shards_split_the_campaigns_deterministically(ended_folder: Path) -> None:
    shards = [
        {c["campaign"] for c in run_check([ended_folder], "--shard", f"{k}/3").json["campaigns"]}
        for k in (1, 2, 3)
    ]
    assert sorted(s for shard in shards for s in shard) == sorted(SLUGS)  # each exactly once
    again = {c["campaign"] for c in run_check([ended_folder], "--shard", "2/3").json["campaigns"]}
    assert again == shards[1]


def test_include_ended_checks_an_ended_campaign(world: World, tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path, campaign("over", ["https://good.test/missing"], launch=iso(-30), ends=iso(-20))
    )
    skipped = run_check([manifest], *FAST, *world.cli_args())
    assert skipped.campaign("over")["status"] == "ended"
    assert skipped.exit_code == 0
    checked = run_check([manifest], "--include-ended", *FAST, *world.cli_args())
    assert checked.campaign("over")["phase"] == "ended"
    assert checked.campaign("over")["status"] == "not_ready"
    assert_check(checked, "https://good.test/missing", "http.status", "fail", "answers 404")
    assert checked.exit_code == 1


# --- --now ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def past_campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("now")
    spec = campaign("jan-2020", [GOOD], launch="2020-01-01T00:00:00+00:00", ends="2020-01-31")
    return write_manifest(folder, spec)


def test_now_before_launch_is_upcoming_with_hours_to_launch(
    world: World, past_campaign: Path
) -> None:
    run = run_check([past_campaign], "--now", "2019-12-30T12:00:00Z", *FAST, *world.cli_args())
    entry = run.campaign("jan-2020")
    assert run.json["now"].startswith("2019-12-30T12:00:00")
    assert entry["phase"] == "upcoming"
    assert entry["hours_to_launch"] == 36.0
    # today's certificate did not exist in 2020: judged against --now, not the clock
    assert_check(run, GOOD, "tls.expiry", "fail", "is not valid until", "after launch")


def test_now_after_launch_is_live_with_negative_hours(world: World, past_campaign: Path) -> None:
    run = run_check([past_campaign], "--now", "2020-01-01T12:00:00+00:00", *FAST, *world.cli_args())
    entry = run.campaign("jan-2020")
    assert entry["phase"] == "live"
    assert entry["hours_to_launch"] == -12.0
    assert entry["targets"]


def test_without_now_the_past_campaign_has_ended(past_campaign: Path) -> None:
    run = run_check([past_campaign])
    assert run.campaign("jan-2020")["status"] == "ended"


# --- --deadline -------------------------------------------------------------------------


@pytest.mark.slow
def test_deadline_skips_unfinished_checks_and_still_writes_reports(
    world: World, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path, campaign("deadline", [GOOD, "https://silent.test/"]))
    markdown = tmp_path / "summary.md"
    run = run_check(
        [manifest],
        "--deadline",
        "3",
        "--timeout",
        "60",
        "--retries",
        "0",
        "--markdown",
        str(markdown),
        *world.cli_args(),
    )
    assert run.json["complete"] is False
    assert run.exit_code == 1  # what was not checked is not known good
    assert "--deadline of 3 s reached" in run.json["incomplete_reason"]
    silent = run.target("https://silent.test/")
    assert silent["checks"]
    for result in silent["checks"]:
        assert result["status"] == "skip", result
        assert "--deadline of 3 s reached" in result["message"]
    assert_check(run, GOOD, "http.status", "pass", "200")  # finished work is kept
    assert markdown.read_text(encoding="utf-8").strip()
    assert run.seconds < 30  # the 60 s timeout was cut short


# --- --resolve and --connect-to ---------------------------------------------------------


@pytest.fixture(scope="module")
def routing_hosts(world: World) -> None:
    # not in DNS at all: reachable only through --resolve
    world.add_host("rs.optcli.test", {"/": page(_PAGE)}, dns=ZoneEntry(mode="nxdomain"))
    # in DNS (127.0.0.1), but nothing listens on 127.0.0.1:443
    world.add_host("ct.optcli.test", {"/": page(_PAGE)}, http_to_https=True)


@pytest.mark.usefixtures("routing_hosts")
def test_resolve_connects_without_dns_and_keeps_the_host_name(world: World, tmp_path: Path) -> None:
    url = f"https://rs.optcli.test:{world.https_port}/"
    manifest = write_manifest(tmp_path, campaign("resolve", [url]))
    pinned = run_check(
        [manifest],
        "--resolve",
        f"rs.optcli.test:{world.https_port}:127.0.0.1",
        *FAST,
        *_dns_and_ca(world),
    )
    assert_check(pinned, url, "http.status", "pass", "200")
    assert_check(pinned, url, "tls.hostname", "pass", "covers rs.optcli.test")  # SNI kept
    assert_check(pinned, url, "dns.resolve", "fail", "NXDOMAIN")  # DNS is still reported

    unpinned = run_check([manifest], *FAST, *_dns_and_ca(world))
    assert_check(unpinned, url, "http.status", "skip", "see dns.resolve")
    assert_check(unpinned, url, "dns.resolve", "fail", "NXDOMAIN")
    assert unpinned.check(url, "tls.handshake")["status"] != "pass"


@pytest.mark.usefixtures("routing_hosts")
def test_connect_to_sends_one_host_elsewhere(world: World, tmp_path: Path) -> None:
    url = "https://ct.optcli.test/"
    manifest = write_manifest(tmp_path, campaign("connect", [url]))
    plain = ["--connect-to", f"ct.optcli.test:80:{LOOPBACK}:{world.http_port}"]
    by_address = run_check(
        [manifest],
        "--connect-to",
        f"ct.optcli.test:443:{LOOPBACK}:{world.https_port}",
        *plain,
        *FAST,
        *_dns_and_ca(world),
    )
    assert_check(by_address, url, "http.status", "pass", "200")
    assert_check(by_address, url, "tls.hostname", "pass", "covers ct.optcli.test")
    assert_check(by_address, url, "http.https", "pass", "redirects to https")

    # HOST2 may be a name (resolved by the checker's own resolver); SNI stays on HOST1
    by_name = run_check(
        [manifest],
        "--connect-to",
        f"ct.optcli.test:443:good.test:{world.https_port}",
        *plain,
        *FAST,
        *_dns_and_ca(world),
    )
    assert_check(by_name, url, "http.status", "pass", "200")
    assert_check(by_name, url, "tls.hostname", "pass", "covers ct.optcli.test")


@pytest.mark.usefixtures("routing_hosts")
def test_connect_to_first_matching_rule_wins(world: World, tmp_path: Path) -> None:
    url = "https://ct.optcli.test/"
    manifest = write_manifest(tmp_path, campaign("first-rule", [url]))
    run = run_check(
        [manifest],
        "--connect-to",
        f"ct.optcli.test:443:{LOOPBACK}:{world.refused_port}",
        "--connect-to",
        f":443:{LOOPBACK}:{world.https_port}",
        *FAST,
        *_dns_and_ca(world),
    )
    assert_check(run, url, "tls.handshake", "fail", "connection refused")
    assert_check(run, url, "http.status", "fail", "cannot connect")


# --- --previous -------------------------------------------------------------------------


def test_previous_marks_new_failures_and_recoveries(world: World, tmp_path: Path) -> None:
    root = "https://www.good.test/"

    def manifest(summer_title: str, root_title: str) -> Path:
        urls = [
            {"url": GOOD, "expect": {"title": summer_title}},
            {"url": root, "expect": {"title": root_title}},
        ]
        return write_manifest(tmp_path / "campaigns", campaign("prev", urls, launch=iso(1)))

    before = run_check(
        [manifest("Summer", "Winter")],
        *FAST,
        *world.cli_args(),
        json_path=tmp_path / "before.json",
    )
    assert_check(before, GOOD, "content.title", "pass")
    assert_check(before, root, "content.title", "fail")

    after = run_check(
        [manifest("Winter", "Summer")],
        "--previous",
        str(tmp_path / "before.json"),
        *FAST,
        *world.cli_args(),
        json_path=tmp_path / "after.json",
    )
    newly = assert_check(after, GOOD, "content.title", "fail")
    recovered = assert_check(after, root, "content.title", "pass")
    assert newly["change"] == "new"
    assert recovered["change"] == "recovered"
    unchanged = after.check(GOOD, "http.status")
    assert "change" not in unchanged
    assert json.loads((tmp_path / "before.json").read_text())["campaigns"][0]["campaign"] == "prev"


# --- hostile servers --------------------------------------------------------------------

HUGE = "https://huge.test/"
HUGE_DECLARED = "https://huge.test/declared"
DRIP = "https://slow.test/drip"
BAD_UTF8 = "https://hostile.test/invalid-utf8"
RESET = "https://hostile.test/reset"
GARBAGE = "https://garbagetls.test/"
SILENT = "https://silent.test/"
ENDLESS = "https://go.test/loop/1"


@pytest.fixture(scope="module")
def hostile(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    folder = tmp_path_factory.mktemp("hostile")
    urls = [
        HUGE,
        HUGE_DECLARED,
        DRIP,
        {"url": BAD_UTF8, "expect": {"title": "Caf"}},
        RESET,
        GARBAGE,
        SILENT,
        ENDLESS,
    ]
    manifest = write_manifest(folder, campaign("hostile", urls))
    return run_check([manifest], "--timeout", "2", "--retries", "0", *world.cli_args())


@pytest.mark.slow
def test_hostile_run_ends_in_bounded_time(hostile: CliRun) -> None:
    assert hostile.exit_code == 1, hostile.output
    assert hostile.json["complete"] is True
    assert hostile.seconds < 30  # 1 GiB bodies, a 10 s drip and a silent port: all cut short


@pytest.mark.slow
@pytest.mark.parametrize("url", [HUGE, HUGE_DECLARED])
def test_huge_body_is_read_only_up_to_the_limit(hostile: CliRun, url: str) -> None:
    message = "200, but page larger than 2 MiB: only its start was checked"
    assert_check(hostile, url, "http.status", "warn", message)
    assert_check(hostile, url, "content.placeholder", "pass")


@pytest.mark.slow
def test_slow_drip_times_out(hostile: CliRun) -> None:
    assert_check(hostile, DRIP, "http.status", "fail", "no complete answer within the timeout")


@pytest.mark.slow
def test_invalid_utf8_is_read_without_crashing(hostile: CliRun) -> None:
    assert_check(hostile, BAD_UTF8, "http.status", "pass", "200")
    assert_check(hostile, BAD_UTF8, "content.title", "pass", "Caf")


@pytest.mark.slow
def test_connection_reset_is_a_failed_status(hostile: CliRun) -> None:
    assert_check(hostile, RESET, "http.status", "fail", "gave no answer")


@pytest.mark.slow
def test_garbage_tls_is_a_failed_handshake(hostile: CliRun) -> None:
    assert_check(hostile, GARBAGE, "tls.handshake", "fail", "TLS handshake failed")


@pytest.mark.slow
def test_silent_port_is_a_handshake_timeout(hostile: CliRun) -> None:
    assert_check(hostile, SILENT, "tls.handshake", "fail", "within the timeout")
    assert_check(hostile, SILENT, "http.status", "fail", "no complete answer within the timeout")


@pytest.mark.slow
def test_endless_redirects_stop_at_max_redirects(hostile: CliRun) -> None:
    assert_check(hostile, ENDLESS, "http.redirects", "fail", "more than 5 redirects")


# --- --user-agent -------------------------------------------------------------------------


def test_user_agent_is_ours_by_default_and_can_be_replaced(world: World, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, campaign("ua", [GOOD]))
    sent: list[set[str | None]] = []
    for extra in ([], ["--user-agent", "Mozilla/5.0 (launch-day check)"]):
        log = WorldLog(world)
        run_check([manifest], *FAST, *world.cli_args(), *extra)
        sent.append({r.header("user-agent") for r in log.requests("www.good.test")})
    assert len(sent[0]) == 1
    assert next(iter(sent[0])) == USER_AGENT
    assert USER_AGENT.startswith("campaign-checker/")
    assert sent[1] == {"Mozilla/5.0 (launch-day check)"}
