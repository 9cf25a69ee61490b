"""The `dns.*` judges on hand-made DNS answers: what resolves, what does not and why, and
CNAMEs to hosting services that answer "no such site" (takeover risk) on any answer the host
gave: the https chain, the http:// form, the catch-all probe."""

from __future__ import annotations

from typing import Any

import pytest

from checker.checks.content.probe import CATCH_ALL, CatchAll
from checker.checks.dns.judge import dangling, resolve
from checker.checks.dns.probe import DNS
from checker.checks.facts import Fact, Facts
from checker.checks.http.probe import LANDING, PLAIN_FORM
from checker.net.client import Fetched
from checker.net.resolver import DnsAnswer
from checker.report.model import Status
from tests.checks.judging import AT, answer, chain, failed, landing, redirected, url_target

HOST = "go.acme.test"
URL = f"https://{HOST}/s"
TARGET = url_target(URL)


PLAIN = f"http://{HOST}/s"


def dns_facts(
    found: DnsAnswer,
    *hops: Fetched,
    plain: tuple[Fetched, ...] = (),
    catch_all: CatchAll | None = None,
) -> Facts:
    """The DNS answer, the landing chain through `hops` (default: no answer) and the chain
    of the http:// form through `plain` (default: no answer)."""
    values: dict[Fact[Any], Any] = {
        DNS: found,
        LANDING: landing(*(hops or (failed(URL, "tls", "wrong certificate"),))),
        PLAIN_FORM: chain(*(plain or (failed(PLAIN, "connect", "refused"),))),
        CATCH_ALL: catch_all,
    }
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
ON_PAGES = DnsAnswer(HOST, ("192.0.2.7",), cnames=("acme.github.io",))


def gone(url: str) -> Fetched:
    return answer(url, 404, body=f"<html><h1>404</h1><p>{GONE_PAGES}</p></html>".encode())


def test_a_name_without_records_leaves_nothing_to_judge() -> None:
    outcome = dangling(TARGET, dns_facts(DnsAnswer(HOST, error="nxdomain")), AT)
    assert outcome.status is Status.SKIP
    assert outcome.detail["reason"] == "prerequisite"
    assert "(see dns.resolve)" in outcome.message


def test_a_host_without_cname_is_not_dangling() -> None:
    outcome = dangling(TARGET, dns_facts(DnsAnswer(HOST, ("192.0.2.7",)), answer(URL)), AT)
    assert outcome.status is Status.PASS
    assert outcome.message == f"{HOST}: no CNAME"


def test_a_cname_to_no_known_hosting_service_passes() -> None:
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("lb.acme-internal.test",))
    outcome = dangling(TARGET, dns_facts(found, answer(URL)), AT)
    assert outcome.status is Status.PASS
    assert "not a known hosting service" in outcome.message


def test_a_cname_to_a_missing_service_name_fails_as_takeover_risk() -> None:
    missing = DnsAnswer(HOST, cnames=("acme.github.io",), error="nxdomain", detail="NXDOMAIN")
    outcome = dangling(TARGET, dns_facts(missing), AT)
    assert outcome.status is Status.FAIL
    assert "is a CNAME to acme.github.io, which does not exist" in outcome.message
    assert "anyone could claim it on GitHub Pages" in outcome.message
    assert outcome.detail == {"service": "GitHub Pages", "cname": "acme.github.io"}


def test_the_service_answering_no_such_site_on_https_fails() -> None:
    outcome = dangling(TARGET, dns_facts(ON_PAGES, gone(URL)), AT)
    assert outcome.status is Status.FAIL
    assert f"which answers at {URL} that no such site exists" in outcome.message
    assert outcome.detail["answered_at"] == URL


def test_no_such_site_only_on_the_http_form_fails_whatever_tls_says() -> None:
    """The service's own certificate fails TLS; its "no such site" page shows on http://."""
    outcome = dangling(TARGET, dns_facts(ON_PAGES, plain=(gone(PLAIN),)), AT)
    assert outcome.status is Status.FAIL
    assert outcome.detail["answered_at"] == PLAIN


def test_no_such_site_on_the_catch_all_probe_fails() -> None:
    probe = f"https://{HOST}/0123-campaign-checker-probe"
    catch_all = CatchAll(chain(gone(probe)), None)
    outcome = dangling(TARGET, dns_facts(ON_PAGES, answer(URL), catch_all=catch_all), AT)
    assert outcome.status is Status.FAIL
    assert outcome.detail["answered_at"] == probe


def test_answers_from_other_hosts_are_not_judged() -> None:
    """A redirect away from the host ends on a page the host did not serve."""
    elsewhere = "https://other.test/gone"
    hops = (*redirected(URL, elsewhere), gone(elsewhere))
    outcome = dangling(TARGET, dns_facts(ON_PAGES, *hops), AT)
    assert outcome.status is Status.PASS
    assert outcome.detail["answers"] == 1


def test_the_service_serving_a_site_passes_as_claimed() -> None:
    outcome = dangling(TARGET, dns_facts(ON_PAGES, answer(URL, body=b"<h1>Summer</h1>")), AT)
    assert outcome.status is Status.PASS
    assert (
        outcome.message == f"{HOST} points at GitHub Pages (acme.github.io) and the site is claimed"
    )


def test_a_service_that_gave_no_http_answer_leaves_nothing_to_judge() -> None:
    outcome = dangling(TARGET, dns_facts(ON_PAGES), AT)
    assert outcome.status is Status.SKIP
    assert outcome.detail["reason"] == "prerequisite"
    assert "gave no HTTP answer" in outcome.message


def test_a_service_status_outside_its_fingerprint_is_no_match() -> None:
    """S3's "no such bucket" page counts only with its 404 status."""
    found = DnsAnswer(HOST, ("192.0.2.7",), cnames=("acme.s3.amazonaws.com",))
    body = b"<Error><Code>NoSuchBucket</Code></Error>"
    as_404 = dangling(TARGET, dns_facts(found, answer(URL, 404, body=body)), AT)
    as_200 = dangling(TARGET, dns_facts(found, answer(URL, 200, body=body)), AT)
    assert (as_404.status, as_200.status) == (Status.FAIL, Status.PASS)
