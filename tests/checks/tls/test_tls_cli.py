"""`tls.handshake`, `tls.trusted`, `tls.hostname`, `tls.expiry` end to end.

The world's certificates are relative to the real clock (expired.test ended 30 days ago,
notyet.test starts in 30 days, soon.test ends in 5 days, the others end in 90 days), so
campaign dates here are relative to the real clock as well. Several campaigns (one manifest
each) share one CLI run; `--now` gets a run of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import trustme

from checker.demo.catalogue import landing
from checker.demo.pki import TrustmeIssuer
from checker.demo.world import World
from tests.checks.helpers import CliRun, assert_check, campaign, iso, run_check, write_manifest

GOOD = "https://www.good.test/summer"
PLAIN = "https://plaintls.test/"
GARBAGE = "https://garbagetls.test/"
SELF_SIGNED = "https://selfsigned.test/"
UNKNOWN_CA = "https://unknownca.tlscli.test/"
WRONG_HOST = "https://wronghost.test/"
EXPIRED = "https://expired.test/"
NOT_YET = "https://notyet.test/"
SOON = "https://soon.test/"

MAIN = "tls-main"  # launch tomorrow, ends at launch
FLIGHT_WARN = "tls-flight-warn"  # ends after the 90-day certificate
FLIGHT_COVER = "tls-flight-cover"  # same, with cert_cover_flight: true
LATE_LAUNCH = "tls-late-launch"  # launches after notyet.test's certificate starts
PAST = "tls-past"  # launched 50 days ago, ended 40 days ago


def _manifests(folder: Path) -> Path:
    urls = [GOOD, PLAIN, GARBAGE, SELF_SIGNED, UNKNOWN_CA, WRONG_HOST, EXPIRED, NOT_YET, SOON]
    write_manifest(folder, campaign(MAIN, urls, launch=iso(1)))
    write_manifest(folder, campaign(FLIGHT_WARN, [GOOD], launch=iso(1), ends=iso(120)))
    write_manifest(
        folder,
        campaign(
            FLIGHT_COVER,
            [GOOD],
            launch=iso(1),
            ends=iso(120),
            defaults={"cert_cover_flight": True},
        ),
    )
    write_manifest(folder, campaign(LATE_LAUNCH, [NOT_YET], launch=iso(40), ends=iso(41)))
    write_manifest(folder, campaign(PAST, [EXPIRED], launch=iso(-50), ends=iso(-40)))
    return folder


@pytest.fixture(scope="module")
def folder(world: World, tmp_path_factory: pytest.TempPathFactory) -> Path:
    other_ca = TrustmeIssuer(trustme.CA())  # a CA the checker was not told to trust
    world.add_host(
        "unknownca.tlscli.test",
        {"/": landing()},
        cert=other_ca.issue("unknownca.tlscli.test"),
    )
    return _manifests(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def run(world: World, folder: Path) -> CliRun:
    """Every campaign, judged now (`--include-ended` so the past campaign is checked too)."""
    return run_check(
        [folder], "--include-ended", "--timeout", "3", "--retries", "0", *world.cli_args()
    )


@pytest.fixture(scope="module")
def past_run(world: World, folder: Path) -> CliRun:
    """The past campaign judged as if it were 55 days ago (before its launch)."""
    return run_check(
        [folder / f"{PAST}.yaml"],
        "--now",
        iso(-55),
        "--timeout",
        "3",
        "--retries",
        "0",
        *world.cli_args(),
    )


# --- tls.handshake ----------------------------------------------------------------------


def test_handshake_pass_names_the_protocol(run: CliRun) -> None:
    assert_check(run, GOOD, "tls.handshake", "pass", "TLSv1", "www.good.test:443", campaign=MAIN)


def test_handshake_fail_when_port_443_speaks_plain_http(run: CliRun) -> None:
    result = assert_check(
        run, PLAIN, "tls.handshake", "fail", "plaintls.test:443", "plain HTTP, not TLS"
    )
    assert result["detail"]["plain_http"] is True


def test_handshake_fail_on_garbage_instead_of_tls(run: CliRun) -> None:
    result = assert_check(
        run, GARBAGE, "tls.handshake", "fail", "garbagetls.test:443", "TLS handshake failed"
    )
    assert result["detail"]["plain_http"] is False


def test_no_handshake_skips_the_certificate_checks(run: CliRun) -> None:
    for check_id in ("tls.trusted", "tls.hostname", "tls.expiry"):
        assert_check(run, GARBAGE, check_id, "skip", "see tls.handshake")


# --- tls.trusted ------------------------------------------------------------------------


def test_trusted_pass_names_the_issuer(run: CliRun) -> None:
    assert_check(run, GOOD, "tls.trusted", "pass", "chain verifies", campaign=MAIN)


def test_trusted_fail_self_signed(run: CliRun) -> None:
    assert_check(
        run,
        SELF_SIGNED,
        "tls.trusted",
        "fail",
        "self-signed certificate for selfsigned.test does not verify",
    )


def test_trusted_fail_unknown_ca(run: CliRun) -> None:
    result = assert_check(
        run, UNKNOWN_CA, "tls.trusted", "fail", "certificate for unknownca.tlscli.test does not"
    )
    assert "self-signed certificate for" not in result["message"]
    assert "unable to get local issuer certificate" in result["message"]


def test_trusted_ignores_dates(run: CliRun) -> None:
    """CONTRACT.md: dates are judged only by tls.expiry."""
    assert_check(run, EXPIRED, "tls.trusted", "pass", "chain verifies", campaign=MAIN)
    assert_check(run, NOT_YET, "tls.trusted", "pass", "chain verifies", campaign=MAIN)


# --- tls.hostname -----------------------------------------------------------------------


def test_hostname_pass(run: CliRun) -> None:
    assert_check(run, GOOD, "tls.hostname", "pass", "covers www.good.test", campaign=MAIN)


def test_hostname_fail_names_what_the_certificate_covers(run: CliRun) -> None:
    result = assert_check(
        run, WRONG_HOST, "tls.hostname", "fail", "certificate is for other.test, not wronghost.test"
    )
    assert result["detail"]["sans"] == ["other.test"]
    # the chain itself is fine: only the name is wrong
    assert_check(run, WRONG_HOST, "tls.trusted", "pass", "chain verifies")


# --- tls.expiry -------------------------------------------------------------------------


def test_expiry_pass(run: CliRun) -> None:
    result = assert_check(run, GOOD, "tls.expiry", "pass", "valid until", campaign=MAIN)
    assert 85 < result["detail"]["days_left"] <= 90


def test_expiry_fail_expired(run: CliRun) -> None:
    assert_check(
        run, EXPIRED, "tls.expiry", "fail", "certificate for expired.test expired", campaign=MAIN
    )


def test_expiry_fail_not_yet_valid_at_launch(run: CliRun) -> None:
    assert_check(
        run,
        NOT_YET,
        "tls.expiry",
        "fail",
        "notyet.test is not valid until",
        "after launch",
        campaign=MAIN,
    )


def test_expiry_fail_before_launch_plus_cert_min_days(run: CliRun) -> None:
    # soon.test ends in 5 days: after the launch (tomorrow) but before launch + 14 days
    assert_check(run, SOON, "tls.expiry", "fail", "after launch (needs 14)", "renew it")


def test_expiry_warn_valid_at_launch_but_ends_during_the_flight(run: CliRun) -> None:
    assert_check(
        run,
        GOOD,
        "tls.expiry",
        "warn",
        "before the campaign ends",
        campaign=FLIGHT_WARN,
    )
    assert run.campaign(FLIGHT_WARN)["status"] == "at_risk"


def test_expiry_fail_ending_during_the_flight_with_cert_cover_flight(run: CliRun) -> None:
    assert_check(
        run,
        GOOD,
        "tls.expiry",
        "fail",
        "before the campaign ends",
        campaign=FLIGHT_COVER,
    )
    assert run.campaign(FLIGHT_COVER)["status"] == "not_ready"


def test_expiry_warn_valid_at_launch_but_not_yet_today(run: CliRun) -> None:
    assert_check(
        run,
        NOT_YET,
        "tls.expiry",
        "warn",
        "fine for launch, but not yet valid today",
        campaign=LATE_LAUNCH,
    )


def test_expiry_judged_now_fails_an_expired_certificate(run: CliRun) -> None:
    assert_check(run, EXPIRED, "tls.expiry", "fail", "expired", campaign=PAST)
    assert run.campaign(PAST)["phase"] == "ended"


def test_expiry_now_in_the_past_changes_the_verdict(past_run: CliRun) -> None:
    """55 days ago the certificate (valid 90 to 30 days ago) covered launch + 14 days and
    the whole flight."""
    assert past_run.campaign(PAST)["phase"] == "upcoming"
    assert_check(past_run, EXPIRED, "tls.expiry", "pass", "valid until", campaign=PAST)


def test_http_checks_skipped_by_a_name_mismatch_point_at_tls_hostname(run: CliRun) -> None:
    """The HTTP request fails on the name; the skip must send the reader to the check that
    fails (tls.hostname), not to tls.trusted, which passes."""
    assert_check(run, WRONG_HOST, "http.status", "skip", "Hostname mismatch", "(see tls.hostname)")


def test_http_checks_skipped_by_an_untrusted_chain_point_at_tls_trusted(run: CliRun) -> None:
    assert_check(run, SELF_SIGNED, "http.status", "skip", "(see tls.trusted)")
