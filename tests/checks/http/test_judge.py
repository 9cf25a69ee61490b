"""The `http.*` judges on hand-made redirect chains: redirects, final status, https, final
URL and latency (`http.query` on chains: tests/net/test_redirects.py)."""

from __future__ import annotations

from typing import Any

import pytest

from checker.checks.facts import Facts
from checker.checks.http.judge import final_url, https, latency, query, redirects, status
from checker.checks.http.probe import LANDING, PLAIN_FORM
from checker.checks.suite import planned
from checker.net.client import Fetched
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status
from tests.checks.judging import (
    AT,
    answer,
    chain,
    failed,
    landing,
    printed_target,
    redirected,
    url_target,
)

A = "https://go.acme.test/s"
B = "https://www.acme.test/summer"
C = "https://www.acme.test/en/summer"
TARGET = url_target(A)


def judged(judge: Any, *hops: Fetched, target: Target = TARGET, **kw: Any) -> CheckResult:
    return judge(target, Facts({LANDING: landing(*hops, **kw)}), AT)  # type: ignore[no-any-return]


def judged_https(*hops: Fetched, target: Target = TARGET) -> CheckResult:
    return https(target, Facts({PLAIN_FORM: chain(*hops)}), AT)


# --- which http checks a target gets --------------------------------------------------------


def ids(target: Target) -> list[str]:
    return [c.id for c in planned(target) if c.id.startswith("http.")]


def test_an_https_url_gets_the_https_check_and_an_http_url_does_not() -> None:
    assert ids(url_target(A)) == ["http.redirects", "http.status", "http.https", "http.latency"]
    assert "http.https" not in ids(url_target("http://go.acme.test/s"))


def test_final_url_and_query_are_checked_only_when_the_manifest_asks() -> None:
    asked = url_target(f"{A}?utm_source=bus", expect={"final_url": B})
    assert {"http.final_url", "http.query"} <= set(ids(asked))
    kept_off = url_target(f"{A}?utm_source=bus", expect={"keep_query": False})
    assert not {"http.final_url", "http.query"} & set(ids(kept_off))


def test_a_printed_form_gets_only_the_https_check() -> None:
    assert ids(printed_target(A, "go.acme.test/s")) == ["http.https"]


# --- skipped when the first request got no answer (the cause is judged elsewhere) ---------


@pytest.mark.parametrize(
    ("kind", "message", "cause"),
    [
        ("dns", "go.acme.test does not resolve", "dns.resolve"),
        ("tls", "handshake failed", "tls.handshake"),
        ("tls_verify", "certificate verify failed: unable to get issuer", "tls.trusted"),
        ("tls_verify", "certificate verify failed: Hostname mismatch", "tls.hostname"),
    ],
)
@pytest.mark.parametrize("judge", [redirects, status, final_url, query])
def test_no_first_answer_is_left_to_the_check_that_names_the_cause(
    judge: Any, kind: str, message: str, cause: str
) -> None:
    target = url_target(f"{A}?utm_source=bus", expect={"final_url": B})
    outcome = judged(judge, failed(target.check_url, kind, message), target=target)
    assert outcome.status is Status.SKIP
    assert outcome.message == f"not checked: {message} (see {cause})"
    assert outcome.detail["reason"] == "prerequisite"


def test_https_on_a_form_whose_host_does_not_resolve_is_left_to_dns() -> None:
    outcome = judged_https(failed("http://go.acme.test/s", "dns", "no such host"))
    assert outcome.status is Status.SKIP
    assert "(see dns.resolve)" in outcome.message


# --- http.redirects -----------------------------------------------------------------------


def test_no_redirect_passes_with_the_hop_in_detail() -> None:
    outcome = judged(redirects, answer(A, ttfb_ms=12.4))
    assert (outcome.status, outcome.message) == (Status.PASS, "0 redirects")
    assert outcome.detail["hops"] == [{"url": A, "status": 200, "location": None, "ms": 12}]


def test_redirects_to_a_page_pass_and_are_described() -> None:
    outcome = judged(redirects, *redirected(A, B, C), answer(C))
    assert outcome.status is Status.PASS
    assert outcome.message == f"2 redirects: {A} 301 → {B} 301 → {C} 200"


def test_a_loop_fails() -> None:
    outcome = judged(redirects, *redirected(A, B, A), problem="loop")
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith("redirect loop: ")


def test_more_redirects_than_allowed_fail_naming_the_limit() -> None:
    target = url_target(A, max_redirects=1)
    outcome = judged(redirects, *redirected(A, B, C, A), problem="too_many", target=target)
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith("more than 1 redirects: ")


def test_no_answer_at_all_leaves_redirects_nothing_to_judge() -> None:
    outcome = judged(redirects, failed(A, "connect", "connection refused"))
    assert outcome.status is Status.SKIP
    assert outcome.message == "nothing to judge: connection refused (see http.status)"
    assert outcome.detail["reason"] == "prerequisite"


def test_a_redirect_to_an_error_fails() -> None:
    outcome = judged(redirects, *redirected(A, B), failed(B, "connect", "connection refused"))
    assert outcome.status is Status.FAIL
    assert outcome.message == f"a redirect leads to an error: {A} 301 → {B} ✗ connection refused"


def test_a_redirect_to_an_error_page_fails_but_an_error_page_alone_is_no_redirect_problem() -> None:
    via = judged(redirects, *redirected(A, B), answer(B, 404))
    assert via.status is Status.FAIL
    assert via.message.startswith("redirects end on an error page (404): ")
    assert judged(redirects, answer(A, 404)).status is Status.PASS


# --- http.status --------------------------------------------------------------------------


def test_the_expected_status_passes() -> None:
    outcome = judged(status, *redirected(A, B), answer(B))
    assert (outcome.status, outcome.message) == (Status.PASS, "200")
    assert outcome.detail == {"final_url": B, "status": 200, "expected": [200]}


def test_another_status_fails_naming_both() -> None:
    outcome = judged(status, answer(A, 404))
    assert outcome.status is Status.FAIL
    assert outcome.message == f"{A} answers 404, expected 200"


def test_any_of_several_expected_statuses_passes() -> None:
    target = url_target(A, expect={"status": [200, 410]})
    assert judged(status, answer(A, 410), target=target).status is Status.PASS
    wrong = judged(status, answer(A, 500), target=target)
    assert wrong.message.endswith("expected 200 or 410")


def test_retries_are_mentioned() -> None:
    assert judged(status, answer(A, attempts=3)).message == "200 (after 3 attempts)"
    late = judged(status, answer(A, 503, attempts=3))
    assert late.message == f"{A} answers 503, expected 200 (after 3 attempts)"


def test_no_final_answer_fails() -> None:
    outcome = judged(status, *redirected(A, B), failed(B, "timeout", "no answer in 10 s"))
    assert outcome.status is Status.FAIL
    assert outcome.message == f"{B} gave no answer: no answer in 10 s"


def test_a_chain_still_redirecting_fails() -> None:
    outcome = judged(status, *redirected(A, B, C, A), problem="too_many")
    assert outcome.status is Status.FAIL
    assert outcome.message == "still redirecting after 3 requests (see http.redirects)"


# --- http.https ---------------------------------------------------------------------------

PLAIN = "http://go.acme.test/s"


def test_the_http_form_redirecting_to_https_passes() -> None:
    outcome = judged_https(*redirected(PLAIN, A), answer(A))
    assert outcome.status is Status.PASS


def test_the_http_form_served_over_plain_http_fails() -> None:
    outcome = judged_https(answer(PLAIN))
    assert outcome.status is Status.FAIL
    assert "ends on plain HTTP" in outcome.message
    assert outcome.message.endswith("redirect http:// to https:// (301)")


def test_the_http_form_ending_on_a_broken_https_page_fails() -> None:
    outcome = judged_https(*redirected(PLAIN, A), answer(A, 404))
    assert outcome.status is Status.FAIL
    assert "does not end on a working https page" in outcome.message


def test_the_http_form_giving_no_answer_fails() -> None:
    outcome = judged_https(failed(PLAIN, "connect", "connection refused"))
    assert outcome.status is Status.FAIL
    assert outcome.message == (
        f"{PLAIN} gives no answer (connection refused): redirect it to https"
    )


# --- http.final_url -----------------------------------------------------------------------


def test_the_final_url_is_compared_normalised_and_without_query_or_fragment() -> None:
    target = url_target(A, expect={"final_url": "https://WWW.acme.test:443/summer#top"})
    ended = f"{B}?utm_source=bus"
    outcome = judged(final_url, *redirected(A, ended), answer(ended), target=target)
    assert outcome.status is Status.PASS
    assert outcome.detail == {"expected": B, "final_url": ended}


def test_another_final_url_fails() -> None:
    target = url_target(A, expect={"final_url": B})
    outcome = judged(final_url, *redirected(A, C), answer(C), target=target)
    assert outcome.status is Status.FAIL
    assert outcome.message == f"redirects end at {C}, not {B}: fix the redirect target"


# --- http.latency -------------------------------------------------------------------------


def test_first_byte_at_the_limit_passes_and_past_it_warns() -> None:
    target = url_target(A, response_time_ms=800)
    at_limit = judged(latency, answer(A, ttfb_ms=800.0), target=target)
    past = judged(latency, answer(A, ttfb_ms=801.0), target=target)
    assert (at_limit.status, past.status) == (Status.PASS, Status.WARN)
    assert past.message.startswith("first byte after 801 ms (limit 800 ms)")
    assert past.detail == {"ms": 801, "limit_ms": 800}


def test_latency_is_that_of_the_final_page() -> None:
    hops = (answer(A, 301, headers={"location": B}, ttfb_ms=5000.0), answer(B, ttfb_ms=20.0))
    assert judged(latency, *hops).detail["ms"] == 20


def test_latency_without_a_final_answer_is_not_measured() -> None:
    outcome = judged(latency, failed(A, "timeout", "no answer"))
    assert outcome.status is Status.SKIP
    assert outcome.message == "not measured: no final answer (see http.status)"
    assert outcome.detail["reason"] == "prerequisite"
