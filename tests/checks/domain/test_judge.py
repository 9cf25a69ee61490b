"""`domain.expiry` judged from plain values, and the pieces of its RDAP probe that need no
network: registrable domains, the bootstrap, reading an RDAP answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from checker.checks.domain.judge import combine, judge_domain_expiry
from checker.checks.domain.options import check_rdap_base
from checker.checks.domain.rdap import (
    Registration,
    parse_bootstrap,
    read_domain_answer,
    registrable_domain,
    shipped_bootstrap,
)
from checker.report.model import Status

NOW = datetime(2027, 5, 1, 12, 0, tzinfo=UTC)
LAUNCH = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
ENDS = datetime(2027, 8, 31, tzinfo=UTC)
SOURCE = "https://rdap.example/domain/acme.example"


def _found(expires: datetime | None, *statuses: str) -> Registration:
    return Registration("acme.example", "found", "", SOURCE, expires, statuses)


def _judge(registration: Registration, *, now: datetime = NOW, min_days: int = 30) -> Status:
    result = judge_domain_expiry(registration, "www.acme.example", now, LAUNCH, ENDS, min_days)
    assert result.id == "domain.expiry"
    return result.status


def test_registered_well_past_the_flight_passes() -> None:
    result = judge_domain_expiry(
        _found(ENDS + timedelta(days=31)), "www.acme.example", NOW, LAUNCH, ENDS, 30
    )
    assert result.status is Status.PASS
    assert "registered until 2027-10-01" in result.message
    (detail,) = result.detail["domains"]
    assert detail["domain"] == "acme.example"
    assert detail["host"] == "www.acme.example"
    assert detail["registered_until"] == (ENDS + timedelta(days=31)).isoformat()


def test_ending_within_min_days_after_the_flight_warns() -> None:
    assert _judge(_found(ENDS + timedelta(days=29))) is Status.WARN


def test_ending_before_launch_plus_min_days_fails() -> None:
    assert _judge(_found(LAUNCH + timedelta(days=29))) is Status.FAIL
    assert _judge(_found(LAUNCH + timedelta(days=31))) is Status.WARN  # lasts 30 days past launch


def test_min_days_counts_from_now_once_live() -> None:
    live = LAUNCH + timedelta(days=20)
    assert _judge(_found(live + timedelta(days=10)), now=live) is Status.FAIL
    assert _judge(_found(live + timedelta(days=10)), now=live, min_days=5) is Status.WARN


def test_expired_and_expiring_before_launch_fail_saying_which() -> None:
    expired = judge_domain_expiry(
        _found(NOW - timedelta(days=1)), "acme.example", NOW, LAUNCH, ENDS, 30
    )
    before = judge_domain_expiry(
        _found(LAUNCH - timedelta(days=1)), "acme.example", NOW, LAUNCH, ENDS, 30
    )
    assert expired.status is before.status is Status.FAIL
    assert "expired 2027-04-30" in expired.message
    assert "before launch" in before.message


@pytest.mark.parametrize(
    "status", ["client hold", "server hold", "redemption period", "pending delete", "serverHold"]
)
def test_held_redeeming_or_pending_delete_fails_whatever_the_date(status: str) -> None:
    far = ENDS + timedelta(days=900)
    result = judge_domain_expiry(
        _found(far, "active", status.lower()), "acme.example", NOW, LAUNCH, ENDS, 30
    )
    assert result.status is Status.FAIL
    assert status.lower() in result.message


def test_other_statuses_do_not_fail() -> None:
    far = ENDS + timedelta(days=900)
    statuses = ("client transfer prohibited", "server delete prohibited", "active")
    assert _judge(_found(far, *statuses)) is Status.PASS


def test_rdap_trouble_is_a_warn_never_a_fail() -> None:
    not_found = Registration("acme.example", "not_found", "RDAP answered 404", SOURCE)
    no_answer = Registration("acme.example", "no_answer", "RDAP answered 429", SOURCE)
    no_date = _found(None)
    results = [
        judge_domain_expiry(r, "acme.example", NOW, LAUNCH, ENDS, 30)
        for r in (not_found, no_answer, no_date)
    ]
    assert [r.status for r in results] == [Status.WARN] * 3
    assert "no registration found for acme.example" in results[0].message
    assert "could not confirm the registration of acme.example: RDAP answered 429" in (
        results[1].message
    )
    assert "no expiration date" in results[2].message


def test_not_applicable_is_a_skip_with_its_reason() -> None:
    none = Registration(None, "not_applicable", "127.0.0.1 is an IP address: ...")
    result = judge_domain_expiry(none, "127.0.0.1", NOW, LAUNCH, ENDS, 30)
    assert result.status is Status.SKIP
    assert result.detail["reason"] == "not_applicable"
    assert "IP address" in result.message


def test_combined_result_is_the_worst_judged_domain() -> None:
    ok = judge_domain_expiry(
        _found(ENDS + timedelta(days=400)), "www.acme.example", NOW, LAUNCH, ENDS, 30
    )
    lapsing = Registration("shop.example", "found", "", SOURCE, LAUNCH + timedelta(days=2))
    bad = judge_domain_expiry(lapsing, "www.shop.example", NOW, LAUNCH, ENDS, 30)
    skipped = judge_domain_expiry(
        Registration(None, "not_applicable", "x"), "127.0.0.1", NOW, LAUNCH, ENDS, 30
    )
    both = combine([ok, bad])
    assert both.status is Status.FAIL
    assert "shop.example" in both.message
    assert [d["domain"] for d in both.detail["domains"]] == ["acme.example", "shop.example"]
    assert combine([skipped, ok]).status is Status.PASS  # a skip is not worse than a pass
    assert combine([skipped, skipped]).detail["reason"] == "not_applicable"
    assert combine([]).status is Status.SKIP


# -- the probe's pure parts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.acme.example", "acme.example"),
        ("shop.acme.co.uk", "acme.co.uk"),
        ("acme.co.uk", "acme.co.uk"),
        ("summer.acme.github.io", "github.io"),  # ICANN section only: github.io is registered
        ("go.test", "go.test"),  # a TLD the list does not know is one label
        ("WWW.Acme.Example.", "acme.example"),
        ("co.uk", None),  # a public suffix: nothing to register
        ("127.0.0.1", None),
        ("::1", None),
        ("localhost", None),
    ],
)
def test_registrable_domain(host: str, domain: str | None) -> None:
    assert registrable_domain(host) == domain


def test_bootstrap_prefers_https_and_the_longest_suffix() -> None:
    bootstrap = parse_bootstrap(
        {
            "publication": "2027-01-01T00:00:00Z",
            "services": [
                [["example", "test"], ["http://plain.example/", "https://rdap.example/"]],
                [["co.example"], ["https://co.rdap.example/"]],
            ],
        }
    )
    assert bootstrap.base_for("acme.example") == "https://rdap.example/"
    assert bootstrap.base_for("acme.co.example") == "https://co.rdap.example/"
    assert bootstrap.base_for("acme.invalid") is None


def test_shipped_bootstrap_has_its_date_and_the_big_registries() -> None:
    shipped = shipped_bootstrap()
    assert shipped.publication.startswith("2026-")
    assert shipped.base_for("acme.com") == "https://rdap.verisign.com/com/v1/"
    assert shipped.base_for("acme.co.uk") is not None
    for special in ("test", "invalid", "local", "localhost", "example"):
        assert shipped.base_for(f"acme.{special}") is None


def test_reading_an_answer_with_an_offset_and_statuses() -> None:
    body = json.dumps(
        {
            "objectClassName": "domain",
            "ldhName": "ACME.EXAMPLE",
            "status": ["Client Transfer Prohibited", "server hold"],
            "events": [
                {"eventAction": "registration", "eventDate": "2020-01-01T00:00:00Z"},
                {"eventAction": "expiration", "eventDate": "2027-06-01T08:30:00.000+09:00"},
            ],
        }
    ).encode()
    found = read_domain_answer("acme.example", SOURCE, body)
    assert found.answer == "found"
    assert found.expires == datetime(2027, 5, 31, 23, 30, tzinfo=UTC)
    assert found.expires.utcoffset() == timezone(timedelta(hours=9)).utcoffset(None)
    assert found.statuses == ("client transfer prohibited", "server hold")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>maintenance</html>", "not JSON"),
        (b"[1, 2]", "not an RDAP object"),
        (b"[" * 100_000, "not JSON"),
        (
            b'{"events": [{"eventAction": "expiration", "eventDate": "next year"}]}',
            "is not a date",
        ),
    ],
)
def test_a_malformed_answer_is_no_answer(body: bytes, reason: str) -> None:
    found = read_domain_answer("acme.example", SOURCE, body)
    assert found.answer == "no_answer"
    assert reason in found.reason


def test_an_error_object_sent_with_200_is_read_as_the_error() -> None:
    missing = read_domain_answer("acme.example", SOURCE, b'{"errorCode": 404, "title": "NF"}')
    busy = read_domain_answer("acme.example", SOURCE, b'{"errorCode": 503}')
    assert (missing.answer, busy.answer) == ("not_found", "no_answer")
    assert "503" in busy.reason


def test_an_answer_without_expiration_has_no_date() -> None:
    found = read_domain_answer("acme.example", SOURCE, b'{"objectClassName": "domain"}')
    assert found.answer == "found"
    assert found.expires is None


@pytest.mark.parametrize(
    "value",
    ["ftp://rdap.example/", "rdap.example", "https://", "https://rdap.example/?x=1", " https://a/"],
)
def test_rdap_option_must_be_an_http_base_url(value: str) -> None:
    with pytest.raises(ValueError, match="--rdap"):
        check_rdap_base(value)


def test_rdap_option_accepts_a_base_path() -> None:
    check_rdap_base("https://rdap.example/registry/v1/")
    check_rdap_base("http://127.0.0.1:8080")
