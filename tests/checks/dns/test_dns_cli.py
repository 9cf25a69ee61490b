"""`dns.resolve` and `dns.dangling` end to end: one CLI run against the offline world.

Every DNS question goes to the world's DNS server (`--nameserver`), so the hosting-service
names below (`*.github.io`, `*.herokuapp.com`) never reach the internet. The wildcard
`--connect-to` still lets every HTTPS request reach the world, whatever DNS says: the
`dns.*` checks report what DNS says, not where connections went.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.demo.catalogue import landing
from checker.demo.dnsserver import ZoneEntry
from checker.demo.routes import html_page, page
from checker.demo.world import World
from tests.checks.helpers import CliRun, assert_check, campaign, run_check, write_manifest

GOOD = "https://www.good.test/summer"
CNAME = "https://cname.test/"
NX = "https://nx.test/"
SERVFAIL = "https://servfail.test/"
NOANSWER = "https://noanswer.test/"
TIMEOUT = "https://timeout.test/"
DANGLING_UNKNOWN = "https://dangling.test/"  # CNAME to nosuch.github.test: not a known service
GH_NX = "https://promo-gh.dnscli.test/"  # CNAME to campaign-x.github.io, NXDOMAIN
HEROKU_GONE = "https://promo-heroku.dnscli.test/"  # CNAME to a Heroku app saying "No such app"
HEROKU_CLAIMED = "https://promo-claimed.dnscli.test/"  # CNAME to a Heroku app that is live

HEROKU_NO_SUCH_APP = html_page(
    "Heroku | No such app",
    '<iframe src="//www.herokucdn.com/error-pages/no-such-app.html"></iframe>'
    "<p>There is no app configured at that hostname. No such app</p>",
)


def _add_dns_hosts(world: World) -> None:
    # dns.dangling, NXDOMAIN: the CNAME target does not exist (the zone does not know it).
    world.add_host(
        "promo-gh.dnscli.test", {"/": landing()}, dns=ZoneEntry(cname="campaign-x.github.io")
    )
    # dns.dangling, body fingerprint: the target exists and answers Heroku's "no such app".
    world.zone.a("campaign-y.herokuapp.com")
    world.add_host(
        "promo-heroku.dnscli.test",
        catch_all=page(HEROKU_NO_SUCH_APP, 404),
        dns=ZoneEntry(cname="campaign-y.herokuapp.com"),
    )
    # dns.dangling pass: a CNAME to a hosting service whose site is claimed.
    world.zone.a("campaign-z.herokuapp.com")
    world.add_host(
        "promo-claimed.dnscli.test",
        {"/": landing()},
        dns=ZoneEntry(cname="campaign-z.herokuapp.com"),
    )


@pytest.fixture(scope="module")
def run(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    _add_dns_hosts(world)
    folder: Path = tmp_path_factory.mktemp("dns")
    urls = [GOOD, CNAME, NX, SERVFAIL, NOANSWER, TIMEOUT, DANGLING_UNKNOWN]
    urls += [GH_NX, HEROKU_GONE, HEROKU_CLAIMED]
    manifest = write_manifest(folder, campaign("dns-cli", urls))
    return run_check([manifest], "--timeout", "2", "--retries", "0", *world.cli_args())


def test_run_is_not_ready_and_complete(run: CliRun) -> None:
    assert run.exit_code == 1, run.output
    assert run.json["complete"] is True


# --- dns.resolve ------------------------------------------------------------------------


def test_resolve_pass_names_the_address(run: CliRun) -> None:
    result = assert_check(run, GOOD, "dns.resolve", "pass", "www.good.test resolves to 127.0.0.1")
    assert result["detail"]["addresses"] == ["127.0.0.1"]


def test_resolve_pass_through_cname_names_the_chain(run: CliRun) -> None:
    result = assert_check(run, CNAME, "dns.resolve", "pass", "via CNAME good.test")
    assert result["detail"]["cnames"] == ["good.test"]


def test_resolve_nxdomain_says_nxdomain(run: CliRun) -> None:
    result = assert_check(run, NX, "dns.resolve", "fail", "NXDOMAIN", "nx.test does not exist")
    assert result["detail"]["error"] == "nxdomain"


def test_resolve_servfail_says_servfail(run: CliRun) -> None:
    result = assert_check(run, SERVFAIL, "dns.resolve", "fail", "SERVFAIL")
    assert result["detail"]["error"] == "servfail"


def test_resolve_no_answer_says_no_address_record(run: CliRun) -> None:
    result = assert_check(run, NOANSWER, "dns.resolve", "fail", "no A or AAAA record")
    assert result["detail"]["error"] == "noanswer"
    assert "NXDOMAIN" not in result["message"]


@pytest.mark.slow
def test_resolve_timeout_says_timeout(run: CliRun) -> None:
    result = assert_check(run, TIMEOUT, "dns.resolve", "fail", "timeout")
    assert result["detail"]["error"] == "timeout"


def test_resolve_nxdomain_of_a_cname_target_names_the_target(run: CliRun) -> None:
    assert_check(
        run,
        DANGLING_UNKNOWN,
        "dns.resolve",
        "fail",
        "NXDOMAIN",
        "nosuch.github.test (CNAME target of dangling.test)",
    )


# --- dns.dangling -----------------------------------------------------------------------


def test_dangling_pass_without_cname(run: CliRun) -> None:
    assert_check(run, GOOD, "dns.dangling", "pass", "no CNAME")


def test_dangling_pass_for_cname_to_an_unknown_service(run: CliRun) -> None:
    assert_check(run, DANGLING_UNKNOWN, "dns.dangling", "pass", "not a known hosting service")


def test_dangling_fail_when_a_hosting_cname_target_is_nxdomain(run: CliRun) -> None:
    result = assert_check(
        run,
        GH_NX,
        "dns.dangling",
        "fail",
        "CNAME to campaign-x.github.io, which does not exist",
        "GitHub Pages",
    )
    assert result["detail"] == {"service": "GitHub Pages", "cname": "campaign-x.github.io"}
    # CONTRACT.md: a dangling CNAME is a dns.resolve failure as well.
    assert_check(run, GH_NX, "dns.resolve", "fail", "NXDOMAIN", "campaign-x.github.io")


def test_dangling_fail_when_the_service_answers_no_such_site(run: CliRun) -> None:
    result = assert_check(
        run,
        HEROKU_GONE,
        "dns.dangling",
        "fail",
        "Heroku",
        "campaign-y.herokuapp.com",
        "no such site exists",
    )
    assert result["detail"]["service"] == "Heroku"
    # DNS itself is fine here: the takeover risk is only visible in the body.
    assert_check(run, HEROKU_GONE, "dns.resolve", "pass", "via CNAME campaign-y.herokuapp.com")


def test_dangling_pass_when_the_hosted_site_is_claimed(run: CliRun) -> None:
    assert_check(run, HEROKU_CLAIMED, "dns.dangling", "pass", "Heroku", "the site is claimed")
