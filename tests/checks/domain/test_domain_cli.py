"""`domain.expiry` end to end: `campaign-check check --rdap URL` against an RDAP server of the
offline world answering as registries do (JSON domain objects, 404, 429, slow, junk, other
time zones, held domains), and the IANA bootstrap without `--rdap`.

Registration dates are relative to the real clock, as the campaigns' dates are. The web hosts
need not exist: `domain.expiry` asks RDAP only, whatever the other checks find.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest

from checker.demo.rdap import RdapRegistry, domain_object, rdap_host, rdap_json
from checker.demo.routes import page, sequence, slow
from checker.demo.world import World
from tests.checks.helpers import (
    CliRun,
    assert_check,
    campaign,
    iso,
    moment,
    run_check,
    write_manifest,
)

RDAP = "rdap.domaincli.test"
ARGS = ("--rdap", f"https://{RDAP}/", "--timeout", "1", "--retries", "0")
SLUG = "domains"
LAUNCH_DAYS, ENDS_DAYS = 1, 60


@pytest.fixture(scope="module")
def registry(world: World) -> RdapRegistry:
    registry = RdapRegistry(RDAP)
    world.add(rdap_host(RDAP, registry, "RDAP server of the domain.expiry tests"))
    launch = moment(LAUNCH_DAYS)
    registry.register("fine.test", moment(400))
    registry.register("midflight.test", moment(45))  # after launch + 30, before ends + 30
    registry.register("lapsing.test", moment(10))
    registry.register("lapsed.test", moment(-5))
    registry.register("held.test", moment(400), ["server hold", "client transfer prohibited"])
    # An hour short of launch + 30 days in UTC; read without its +09:00 offset it would look
    # eight hours past it.
    tokyo = (launch + timedelta(days=30, hours=-1)).astimezone(timezone(timedelta(hours=9)))
    registry.answer("tokyo.test", rdap_json(domain_object("tokyo.test", tokyo)))
    busy = page('{"errorCode": 429}', 429, {"Retry-After": "0"}, "application/rdap+json")
    registry.answer("busy.test", busy)
    registry.answer(
        "flaky.test", sequence([busy, rdap_json(domain_object("flaky.test", moment(400)))])
    )
    registry.answer(
        "sluggish.test", slow(3.0, rdap_json(domain_object("sluggish.test", moment(400))))
    )
    registry.answer("junk.test", page("<html>maintenance</html>", content_type="text/html"))
    registry.answer("down.test", page("oops", 503, content_type="text/plain"))
    no_date = domain_object("undated.test", moment(400))
    no_date["events"] = [e for e in no_date["events"] if e["eventAction"] != "expiration"]
    registry.answer("undated.test", rdap_json(no_date))
    return registry


URLS = [
    "https://www.fine.test/",
    {"url": "https://go.fine.test/s27", "printed": "go.fine.test/s27"},
    "https://www.midflight.test/",
    "https://www.lapsing.test/",
    "https://lapsed.test/",
    "https://www.held.test/",
    "https://www.tokyo.test/",
    "https://www.missing.test/",
    "https://www.busy.test/",
    "https://www.sluggish.test/",
    "https://www.junk.test/",
    "https://www.down.test/",
    "https://www.undated.test/",
    "https://127.0.0.1:9/",
    {"url": "https://shop.fine.test/", "expect": {"final_url": "https://www.held.test/"}},
]


@pytest.fixture(scope="module")
def run(world: World, registry: RdapRegistry, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    folder = tmp_path_factory.mktemp("domains")
    manifest = campaign(SLUG, URLS, launch=iso(LAUNCH_DAYS), ends=iso(ENDS_DAYS))
    write_manifest(folder, manifest)
    mark = world.requests.mark()
    result = run_check([folder], *ARGS, *world.cli_args())
    result.rdap_requests = world.requests.since(mark, RDAP)  # type: ignore[attr-defined]
    return result


def _paths(run: CliRun) -> list[str]:
    return sorted(r.path for r in run.rdap_requests)  # type: ignore[attr-defined]


def test_registered_through_the_flight_passes(run: CliRun) -> None:
    result = assert_check(run, "https://www.fine.test/", "domain.expiry", "pass", "fine.test")
    (domain,) = result["detail"]["domains"]
    assert domain["domain"] == "fine.test"
    assert domain["rdap"] == f"https://{RDAP}/domain/fine.test"
    assert 399 < domain["days_left"] <= 400


def test_one_lookup_per_registrable_domain_for_all_its_hosts(run: CliRun) -> None:
    for url in ("https://go.fine.test/s27", "https://shop.fine.test/"):
        assert_check(run, url, "domain.expiry", "pass" if "go." in url else "fail")
    assert_check(run, "go.fine.test/s27", "domain.expiry", "pass", kind="printed")
    assert _paths(run).count("/domain/fine.test") == 1
    assert _paths(run).count("/domain/held.test") == 1  # a host and a final_url share it


def test_ending_mid_flight_warns(run: CliRun) -> None:
    assert_check(
        run, "https://www.midflight.test/", "domain.expiry", "warn", "midflight.test", "renew it"
    )


def test_ending_before_launch_plus_min_days_fails(run: CliRun) -> None:
    assert_check(run, "https://www.lapsing.test/", "domain.expiry", "fail", "(needs 30)")
    assert_check(run, "https://lapsed.test/", "domain.expiry", "fail", "lapsed.test expired")


def test_an_expiration_in_another_time_zone_is_read_with_its_offset(run: CliRun) -> None:
    result = assert_check(run, "https://www.tokyo.test/", "domain.expiry", "fail", "(needs 30)")
    assert result["detail"]["domains"][0]["registered_until"].endswith("+09:00")


def test_a_held_domain_fails(run: CliRun) -> None:
    assert_check(run, "https://www.held.test/", "domain.expiry", "fail", "server hold")


def test_the_final_url_domain_is_judged_with_the_target(run: CliRun) -> None:
    result = assert_check(run, "https://shop.fine.test/", "domain.expiry", "fail", "held.test")
    assert [d["domain"] for d in result["detail"]["domains"]] == ["fine.test", "held.test"]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("https://www.missing.test/", "no registration found for missing.test"),
        ("https://www.busy.test/", "RDAP answered 429"),
        ("https://www.sluggish.test/", "within the timeout"),
        ("https://www.junk.test/", "not JSON"),
        ("https://www.down.test/", "RDAP answered 503"),
        ("https://www.undated.test/", "no expiration date"),
    ],
)
def test_rdap_trouble_warns(run: CliRun, url: str, fragment: str) -> None:
    assert_check(run, url, "domain.expiry", "warn", fragment)


def test_an_ip_literal_is_not_applicable_and_not_looked_up(run: CliRun) -> None:
    result = assert_check(run, "https://127.0.0.1:9/", "domain.expiry", "skip", "IP address")
    assert result["detail"]["reason"] == "not_applicable"
    assert not [p for p in _paths(run) if "127.0.0.1" in p]


def test_warnings_and_failures_set_the_campaign_status(run: CliRun) -> None:
    assert run.campaign(SLUG)["status"] == "not_ready"
    assert run.exit_code == 1


def test_retries_of_one_lookup_count_as_one(
    world: World, registry: RdapRegistry, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path, campaign("flaky", ["https://www.flaky.test/"]))
    mark = world.requests.mark()
    run = run_check([manifest], "--rdap", f"https://{RDAP}", "--retries", "1", *world.cli_args())
    assert_check(run, "https://www.flaky.test/", "domain.expiry", "pass", "flaky.test")
    assert world.requests.count(RDAP, "/domain/flaky.test", mark) == 2  # 429, then the answer


def test_without_rdap_a_tld_missing_from_the_bootstrap_is_not_applicable(
    world: World, registry: RdapRegistry, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path, campaign("no-rdap", ["https://www.fine.test/"]))
    mark = world.requests.mark()
    run = run_check([manifest], "--timeout", "1", "--retries", "0", *world.cli_args())
    result = assert_check(
        run, "https://www.fine.test/", "domain.expiry", "skip", "no RDAP service for .test"
    )
    assert result["detail"]["reason"] == "not_applicable"
    assert not world.requests.since(mark, RDAP)


def test_without_rdap_the_bootstrap_names_the_registry(world: World, tmp_path: Path) -> None:
    """`.com` is served, per the shipped IANA bootstrap, by Verisign's RDAP base URL: here a
    world host of that name (the world's DNS and CA stand in for the internet's)."""
    verisign = RdapRegistry("rdap.verisign.com")
    verisign.register("acme-campaigns.com", moment(400))
    world.add(rdap_host("rdap.verisign.com", verisign, "stands in for the .com registry"))
    manifest = write_manifest(tmp_path, campaign("bootstrap", ["https://www.acme-campaigns.com/"]))
    mark = world.requests.mark()
    run = run_check([manifest], "--timeout", "1", "--retries", "0", *world.cli_args())
    assert_check(run, "https://www.acme-campaigns.com/", "domain.expiry", "pass")
    (lookup,) = world.requests.since(mark, "rdap.verisign.com")
    assert lookup.path == "/com/v1/domain/acme-campaigns.com"
    assert "application/rdap+json" in (lookup.header("accept") or "")


@pytest.mark.parametrize("value", ["ftp://rdap.example/", "not a url", "https://r.example/?a=1"])
def test_a_bad_rdap_url_is_a_usage_error_before_any_request(
    world: World, tmp_path: Path, value: str
) -> None:
    manifest = write_manifest(tmp_path, campaign("bad-rdap", ["https://www.fine.test/"]))
    mark = world.requests.mark()
    run = run_check([manifest], "--rdap", value, *world.cli_args())
    assert run.exit_code == 2
    assert "--rdap" in run.output
    assert not world.requests.since(mark)
    assert run.seconds < 1.5
