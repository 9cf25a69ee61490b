"""The `tls.*` judges on hand-made TLS facts: the handshake, the chain, the names, and the
dates judged against the run's `now` and the campaign's launch and end."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from checker.checks.facts import Facts
from checker.checks.registry import Context
from checker.checks.tls.judge import expiry, handshake, hostname, trusted
from checker.checks.tls.probe import TLS
from checker.net.tlsprobe import CertInfo, TlsFacts
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status
from tests.checks.judging import AT, LAUNCH, NOW, url_target

HOST = "shop.acme.test"
URL = f"https://{HOST}/summer"
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def cert(
    *,
    not_before: datetime = NOW - 30 * DAY,
    not_after: datetime = LAUNCH + 90 * DAY,
    sans: tuple[str, ...] = (HOST,),
    self_signed: bool = False,
) -> CertInfo:
    return CertInfo(
        subject=f"CN={sans[0] if sans else 'nobody'}",
        issuer="CN=Test CA",
        sans=sans,
        not_before=not_before,
        not_after=not_after,
        self_signed=self_signed,
    )


def tls_facts(certificate: CertInfo | None = None, **fields: Any) -> Facts:
    return Facts({TLS: TlsFacts(HOST, 443, cert=certificate, protocol="TLSv1.3", **fields)})


def judged_expiry(
    certificate: CertInfo, target: Target | None = None, now: datetime = NOW
) -> CheckResult:
    return expiry(target or url_target(URL), tls_facts(certificate), Context(now))


# --- tls.handshake ------------------------------------------------------------------------


def test_a_session_passes_naming_protocol_and_port() -> None:
    outcome = handshake(url_target(URL), tls_facts(cert()), AT)
    assert outcome.status is Status.PASS
    assert outcome.message == f"TLSv1.3 session with {HOST}:443"


def test_no_tls_fails_and_says_whether_the_port_spoke_plain_http() -> None:
    facts = tls_facts(handshake_error="wrong version number", plain_http=True)
    outcome = handshake(url_target(URL), facts, AT)
    assert outcome.status is Status.FAIL
    assert f"no TLS on {HOST}:443: wrong version number" in outcome.message
    assert outcome.detail == {"plain_http": True}


def test_a_handshake_error_through_a_proxy_points_at_the_proxy() -> None:
    facts = tls_facts(handshake_error="proxy refused CONNECT", via_proxy=True)
    outcome = handshake(url_target(URL), facts, AT)
    assert outcome.status is Status.FAIL
    assert "check --proxy / https_proxy" in outcome.message
    assert outcome.detail == {"via_proxy": True}


def test_an_unresolved_host_is_left_to_dns_resolve() -> None:
    outcome = handshake(url_target(URL), tls_facts(unresolved=True, handshake_error="dns"), AT)
    assert outcome.status is Status.SKIP
    assert "does not resolve (see dns.resolve)" in outcome.message
    assert outcome.detail["reason"] == "prerequisite"


@pytest.mark.parametrize("judge", [trusted, hostname, expiry])
def test_without_a_certificate_the_certificate_checks_are_skipped(judge: Any) -> None:
    outcome = judge(url_target(URL), tls_facts(None, handshake_error="reset"), AT)
    assert outcome.status is Status.SKIP
    assert "see tls.handshake" in outcome.message
    assert outcome.detail["reason"] == "prerequisite"


# --- tls.trusted --------------------------------------------------------------------------


def test_a_verified_chain_passes_naming_the_issuer() -> None:
    outcome = trusted(url_target(URL), tls_facts(cert()), AT)
    assert outcome.status is Status.PASS
    assert outcome.message == "chain verifies (issuer CN=Test CA)"
    assert outcome.detail["sans"] == [HOST]


def test_a_self_signed_certificate_fails_as_such() -> None:
    facts = tls_facts(cert(self_signed=True), trust_error="self-signed certificate")
    outcome = trusted(url_target(URL), facts, AT)
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith(f"self-signed certificate for {HOST} does not verify")


def test_an_unknown_issuer_fails_without_calling_it_self_signed() -> None:
    facts = tls_facts(cert(), trust_error="unable to get local issuer certificate")
    outcome = trusted(url_target(URL), facts, AT)
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith(f"certificate for {HOST} does not verify")
    assert "full chain" in outcome.message


def test_trust_is_judged_whatever_the_dates() -> None:
    expired = cert(not_before=NOW - 400 * DAY, not_after=NOW - DAY)
    assert trusted(url_target(URL), tls_facts(expired), AT).status is Status.PASS


# --- tls.hostname -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sans", "status"),
    [
        ((HOST,), Status.PASS),
        (("*.acme.test",), Status.PASS),
        (("*.test",), Status.FAIL),  # a wildcard covers one label only
        (("acme.test", "www.acme.test"), Status.FAIL),
    ],
)
def test_the_names_must_cover_the_host(sans: tuple[str, ...], status: Status) -> None:
    outcome = hostname(url_target(URL), tls_facts(cert(sans=sans)), AT)
    assert outcome.status is status, outcome.message


def test_a_name_mismatch_lists_the_names_and_asks_for_the_host() -> None:
    outcome = hostname(url_target(URL), tls_facts(cert(sans=("a.test", "b.test"))), AT)
    assert outcome.message == (
        f"certificate is for a.test, b.test, not {HOST}: reissue it including {HOST}"
    )
    assert outcome.detail == {"sans": ["a.test", "b.test"], "host": HOST}


def test_a_certificate_without_names_says_so() -> None:
    outcome = hostname(url_target(URL), tls_facts(cert(sans=())), AT)
    assert outcome.status is Status.FAIL
    assert "no names (no subjectAltName)" in outcome.message


# --- tls.expiry: launch + cert_min_days (14 by default) -------------------------------------


def test_valid_through_launch_plus_the_minimum_and_the_flight_passes() -> None:
    outcome = judged_expiry(cert(not_after=LAUNCH + 90 * DAY))
    assert outcome.status is Status.PASS
    assert outcome.detail["days_left"] == round((LAUNCH + 90 * DAY - NOW) / DAY, 1)


def test_ending_exactly_at_launch_plus_the_minimum_passes() -> None:
    assert judged_expiry(cert(not_after=LAUNCH + 14 * DAY)).status is Status.PASS


def test_ending_one_second_before_launch_plus_the_minimum_fails() -> None:
    outcome = judged_expiry(cert(not_after=LAUNCH + 14 * DAY - SECOND))
    assert outcome.status is Status.FAIL
    assert "days after launch (needs 14): renew it" in outcome.message


def test_the_minimum_comes_from_the_manifest() -> None:
    target = url_target(URL, defaults={"cert_min_days": 30})
    outcome = judged_expiry(cert(not_after=LAUNCH + 20 * DAY), target)
    assert outcome.status is Status.FAIL
    assert "(needs 30)" in outcome.message
    relaxed = url_target(URL, defaults={"cert_min_days": 0})
    assert judged_expiry(cert(not_after=LAUNCH + SECOND), relaxed).status is Status.PASS


def test_expiring_between_now_and_launch_fails_as_before_launch() -> None:
    outcome = judged_expiry(cert(not_after=LAUNCH - DAY))
    assert outcome.status is Status.FAIL
    assert "expires 2027-05-31 09:00 UTC before launch" in outcome.message


def test_ending_exactly_at_launch_fails() -> None:
    assert judged_expiry(cert(not_after=LAUNCH)).status is Status.FAIL


def test_an_expired_certificate_fails_as_expired() -> None:
    outcome = judged_expiry(cert(not_before=NOW - 100 * DAY, not_after=NOW - DAY))
    assert outcome.status is Status.FAIL
    assert f"certificate for {HOST} expired 2027-04-30 12:00 UTC: renew it" == outcome.message


def test_not_yet_valid_at_launch_fails() -> None:
    outcome = judged_expiry(cert(not_before=LAUNCH + SECOND))
    assert outcome.status is Status.FAIL
    assert "after launch: install one valid now" in outcome.message


def test_valid_from_launch_exactly_but_not_today_warns() -> None:
    outcome = judged_expiry(cert(not_before=LAUNCH))
    assert outcome.status is Status.WARN
    assert "fine for launch, but not yet valid today" in outcome.message


def test_ending_during_the_flight_warns() -> None:
    ends = LAUNCH + 60 * DAY
    outcome = judged_expiry(cert(not_after=ends - DAY), url_target(URL, ends=ends))
    assert outcome.status is Status.WARN
    assert "before the campaign ends (2027-07-31 09:00 UTC)" in outcome.message


def test_ending_exactly_when_the_flight_ends_passes() -> None:
    ends = LAUNCH + 60 * DAY
    assert judged_expiry(cert(not_after=ends), url_target(URL, ends=ends)).status is Status.PASS


def test_ending_during_the_flight_fails_with_cert_cover_flight() -> None:
    ends = LAUNCH + 60 * DAY
    target = url_target(URL, ends=ends, defaults={"cert_cover_flight": True})
    assert judged_expiry(cert(not_after=ends - DAY), target).status is Status.FAIL


def test_once_live_the_minimum_counts_from_now() -> None:
    live = LAUNCH + 10 * DAY
    ends = LAUNCH + 11 * DAY
    target = url_target(URL, ends=ends)
    short = judged_expiry(cert(not_after=live + 13 * DAY), target, now=live)
    assert short.status is Status.FAIL
    assert "days after now (needs 14)" in short.message
    assert judged_expiry(cert(not_after=live + 14 * DAY), target, now=live).status is Status.PASS


def test_the_dates_are_judged_against_the_context_now_only() -> None:
    window = cert(not_before=NOW - DAY, not_after=LAUNCH + 30 * DAY)
    assert judged_expiry(window).status is Status.PASS
    later = judged_expiry(window, now=LAUNCH + 31 * DAY)
    assert later.status is Status.FAIL
    assert "expired" in later.message
