"""The `dns.*` judges on hand-made DNS answers: what resolves, what does not and why, and
CNAMEs to hosting services that answer "no such site" (takeover risk)."""

from __future__ import annotations

from typing import Any

import pytest

from checker.checks.dns.judge import dangling, resolve
from checker.checks.dns.probe import DNS
from checker.checks.facts import Fact, Facts
from checker.checks.http.probe import LANDING
from checker.net.client import Fetched
from checker.net.resolver import DnsAnswer
from checker.report.model import Status
from tests.checks.judging import AT, answer, landing, url_target

HOST = "go.acme.test"
URL = f"https://{HOST}/s"
TARGET = url_target(URL)


def dns_facts(found: DnsAnswer, *hops: Fetched) -> Facts:
    """The DNS answer, and the landing chain when `hops` are given."""
    values: dict[Fact[Any], Any] = {DNS: found}
    if hops:
        values[LANDING] = landing(*hops)
    return Facts(values)


# --- dns.resolve --------------------------------------------------------------------------


def test_addresses_pass_and_are_listed() -> None:
    outcome = resolve(TARGET, dns_facts(DnsAnswer(HOST, ("192.0.2.7", "2001:db8::7"))), AT)
    assert outcome.status is Status.PASS
    assert outcome.message == f"{HOST} resolves to 192.0.2.7, 2001:db8::7"
    assert outcome.detail == {
        "source": "dns",
        "addresses": ["192.0.2.7", "2001:db8::7"],
        "cnames": [],
    }


def test_a_cname_chain_is_named_on_the_way() -> None:
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("edge.cdn.test", "pop1.cdn.test"))
    outcome = resolve(TARGET, dns_facts(found), AT)
    assert outcome.status is Status.PASS
    assert outcome.message.endswith("via CNAME edge.cdn.test → pop1.cdn.test")


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        ("nxdomain", "create the DNS record before launch"),
        ("noanswer", "has no A/AAAA record: add one"),
        ("servfail", "check delegation and DNSSEC"),
        ("timeout", "no DNS server answered in time"),
        ("error", "check the zone"),
    ],
)
def test_no_address_fails_saying_which_failure_and_what_to_do(error: str, advice: str) -> None:
    missing = DnsAnswer(HOST, error=error, detail=f"the {error} detail")
    outcome = resolve(TARGET, dns_facts(missing), AT)
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith(f"{HOST} does not resolve: the {error} detail; ")
    assert advice in outcome.message
    assert outcome.detail["error"] == error


def test_no_address_and_no_error_kind_is_still_a_failure() -> None:
    outcome = resolve(TARGET, dns_facts(DnsAnswer(HOST, detail="empty")), AT)
    assert outcome.status is Status.FAIL
    assert outcome.detail["error"] == "error"


# --- dns.dangling -------------------------------------------------------------------------

GONE_PAGES = "There isn't a GitHub Pages site here."


def test_a_host_without_cname_is_not_dangling() -> None:
    found = DnsAnswer(HOST, ("192.0.2.7",))
    outcome = dangling(TARGET, dns_facts(found, answer(URL)), AT)
    assert outcome.status is Status.PASS
    assert outcome.message == f"{HOST}: no CNAME"


def test_a_cname_to_no_known_hosting_service_passes() -> None:
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("lb.acme-internal.test",))
    outcome = dangling(TARGET, dns_facts(found, answer(URL)), AT)
    assert outcome.status is Status.PASS
    assert "not a known hosting service" in outcome.message


def test_a_cname_to_a_missing_service_name_fails_as_takeover_risk() -> None:
    gone = DnsAnswer(HOST, cnames=("acme.github.io",), error="nxdomain", detail="NXDOMAIN")
    outcome = dangling(TARGET, dns_facts(gone), AT)
    assert outcome.status is Status.FAIL
    assert "is a CNAME to acme.github.io, which does not exist" in outcome.message
    assert "anyone could claim it on GitHub Pages" in outcome.message
    assert outcome.detail == {"service": "GitHub Pages", "cname": "acme.github.io"}


def test_the_service_answering_no_such_site_fails() -> None:
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("acme.github.io",))
    page = answer(URL, 404, body=f"<html><h1>404</h1><p>{GONE_PAGES}</p></html>".encode())
    outcome = dangling(TARGET, dns_facts(found, page), AT)
    assert outcome.status is Status.FAIL
    assert "which answers that no such site exists" in outcome.message


def test_the_service_serving_a_site_passes_as_claimed() -> None:
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("acme.github.io",))
    outcome = dangling(TARGET, dns_facts(found, answer(URL, body=b"<h1>Summer</h1>")), AT)
    assert outcome.status is Status.PASS
    assert (
        outcome.message == f"{HOST} points at GitHub Pages (acme.github.io) and the site is claimed"
    )


def test_a_service_status_outside_its_fingerprint_is_no_match() -> None:
    """S3's "no such bucket" page counts only with its 404 status."""
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("acme.s3.amazonaws.com",))
    body = b"<Error><Code>NoSuchBucket</Code></Error>"
    as_404 = dangling(TARGET, dns_facts(found, answer(URL, 404, body=body)), AT)
    as_200 = dangling(TARGET, dns_facts(found, answer(URL, 200, body=body)), AT)
    assert (as_404.status, as_200.status) == (Status.FAIL, Status.PASS)
