"""Retry logic: which answers and errors are retried, Retry-After, backoff, the shared cache.

The `Fetcher` sends through its own `RoutingTransport` (net/pools.py), which hands each
request to a per-origin `httpx.AsyncHTTPTransport` that does not override
`handle_async_request`, so pytest-httpx (which patches that method) answers before any
routing or DNS happens.
Sleeping is replaced by a recorder of the delays the fetcher asked for.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, TypeVar

import httpx
import pytest
from pytest_httpx import HTTPXMock

from checker.net import client as client_module
from checker.net import retry
from checker.net.client import Fetched, Fetcher
from checker.net.resolver import DnsAnswer, Resolver
from checker.net.retry import MAX_RETRY_AFTER, backoff_delay, retry_after_seconds
from checker.net.transport import DnsFailure, Router
from tests.services import MOCKABLE

URL = "https://shop.example/summer"
T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, float | None]]:
    """(attempt, Retry-After seconds) of every wait the fetcher makes; the wait is 0 s."""
    calls: list[tuple[int, float | None]] = []

    def record(attempt: int, retry_after: float | None = None) -> float:
        calls.append((attempt, retry_after))
        return 0.0

    monkeypatch.setattr(client_module, "backoff_delay", record)
    return calls


async def fetch(url: str = URL, *, retries: int = 2, method: str = "GET") -> Fetched:
    fetcher = Fetcher(
        Router(Resolver([("127.0.0.1", 9)])), retries=retries, timeout=5.0, transport=MOCKABLE()
    )
    try:
        return await fetcher.fetch(url, method=method)
    finally:
        await fetcher.close()


# --- Retry-After ------------------------------------------------------------------------

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("0", 0.0),
        ("5", 5.0),
        (" 7 ", 7.0),
        ("30", 30.0),
        ("120", MAX_RETRY_AFTER),  # honoured up to 30 s
        (format_datetime(NOW + timedelta(seconds=12), usegmt=True), 12.0),
        (format_datetime(NOW + timedelta(hours=2), usegmt=True), MAX_RETRY_AFTER),
        (format_datetime(NOW - timedelta(minutes=5), usegmt=True), 0.0),  # already past
    ],
)
def test_retry_after_seconds_and_dates(header: str, seconds: float) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-1", "1.5", "Tuesday"])
def test_retry_after_unusable_values_are_ignored(header: str | None) -> None:
    assert retry_after_seconds(header, now=NOW) is None


# --- backoff ----------------------------------------------------------------------------


def test_backoff_uses_retry_after_when_given() -> None:
    assert backoff_delay(1, 2.5) == 2.5
    assert backoff_delay(4, 0.0) == 0.0


@pytest.mark.parametrize(
    ("attempt", "ceiling"), [(1, 0.25), (2, 0.5), (3, 1.0), (5, 4.0), (6, 8.0), (12, 8.0)]
)
def test_backoff_is_exponential_with_equal_jitter_capped_at_8_s(
    monkeypatch: pytest.MonkeyPatch, attempt: int, ceiling: float
) -> None:
    monkeypatch.setattr(retry.random, "uniform", lambda low, high: high)
    assert backoff_delay(attempt) == ceiling
    monkeypatch.setattr(retry.random, "uniform", lambda low, high: low)
    assert backoff_delay(attempt) == ceiling / 2


# --- which statuses are retried ---------------------------------------------------------


def test_429_then_200_is_retried_honouring_retry_after(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]]
) -> None:
    httpx_mock.add_response(url=URL, status_code=429, headers={"Retry-After": "3"})
    httpx_mock.add_response(url=URL, status_code=200, text="ok")
    result = run(fetch())
    assert result.status == 200
    assert result.attempts == 2
    assert result.body == b"ok"
    assert delays == [(1, 3.0)]
    assert len(httpx_mock.get_requests()) == 2


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_transient_statuses_are_retried(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]], status: int
) -> None:
    httpx_mock.add_response(url=URL, status_code=status)
    httpx_mock.add_response(url=URL, status_code=200)
    result = run(fetch())
    assert (result.status, result.attempts) == (200, 2)
    assert delays == [(1, None)]  # no Retry-After: plain backoff


@pytest.mark.parametrize("status", [200, 301, 400, 403, 404, 410, 500, 501])
def test_other_statuses_are_not_retried(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]], status: int
) -> None:
    httpx_mock.add_response(url=URL, status_code=status)
    result = run(fetch())
    assert (result.status, result.attempts) == (status, 1)
    assert delays == []
    assert len(httpx_mock.get_requests()) == 1


def test_retries_stop_after_the_configured_number(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]]
) -> None:
    for _ in range(3):
        httpx_mock.add_response(url=URL, status_code=503, headers={"Retry-After": "1"})
    result = run(fetch(retries=2))
    assert (result.status, result.attempts) == (503, 3)
    assert delays == [(1, 1.0), (2, 1.0)]
    assert len(httpx_mock.get_requests()) == 3


def test_no_retry_with_retries_0(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]]
) -> None:
    httpx_mock.add_response(url=URL, status_code=429, headers={"Retry-After": "1"})
    result = run(fetch(retries=0))
    assert (result.status, result.attempts) == (429, 1)
    assert delays == []


# --- which errors are retried -----------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (httpx.ConnectError("connection refused"), "connect"),
        (httpx.ConnectTimeout("timed out"), "timeout"),
        (httpx.ReadTimeout("timed out"), "timeout"),
        (httpx.ReadError("connection reset by peer"), "read"),
    ],
)
def test_network_errors_are_retried(
    httpx_mock: HTTPXMock,
    delays: list[tuple[int, float | None]],
    error: Exception,
    kind: str,
) -> None:
    httpx_mock.add_exception(error, url=URL)
    httpx_mock.add_response(url=URL, status_code=200)
    result = run(fetch())
    assert (result.status, result.attempts, result.error) == (200, 2, None)
    assert delays == [(1, None)]


def test_a_network_error_that_persists_is_reported_with_its_attempts(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]]
) -> None:
    for _ in range(3):
        httpx_mock.add_exception(httpx.ConnectError("connection refused"), url=URL)
    result = run(fetch(retries=2))
    assert result.status is None
    assert result.attempts == 3
    assert result.error is not None
    assert result.error.kind == "connect"
    assert "cannot connect" in result.error.message


def _caused_by(error: Exception, cause: BaseException) -> Exception:
    error.__cause__ = cause
    return error


def _ssl_error(reason: str) -> ssl.SSLError:
    error = ssl.SSLError(1, f"[SSL: {reason}] {reason.lower()}")
    error.reason = reason  # as OpenSSL's errors carry it
    return error


def _verify_error() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_message = "self-signed certificate"
    return error


@pytest.mark.parametrize(
    ("error", "kind", "says"),
    [
        (
            _caused_by(httpx.ConnectError("tls"), _verify_error()),
            "tls_verify",
            "certificate not accepted: self-signed certificate",
        ),
        (
            _caused_by(httpx.ConnectError("tls"), _ssl_error("WRONG_VERSION_NUMBER")),
            "tls",
            "TLS handshake failed: WRONG_VERSION_NUMBER",
        ),
        (
            _caused_by(
                httpx.ConnectError("dns"),
                DnsFailure(DnsAnswer("shop.example", error="nxdomain", detail="NXDOMAIN")),
            ),
            "dns",
            "NXDOMAIN",
        ),
        (httpx.RemoteProtocolError("illegal status line"), "protocol", "not a valid HTTP answer"),
    ],
)
def test_permanent_errors_are_not_retried(
    httpx_mock: HTTPXMock,
    delays: list[tuple[int, float | None]],
    error: Exception,
    kind: str,
    says: str,
) -> None:
    httpx_mock.add_exception(error, url=URL)
    result = run(fetch())
    assert result.error is not None
    assert (result.error.kind, result.attempts) == (kind, 1)
    assert says in result.error.message
    assert delays == []


def test_a_timeout_while_tls_waits_for_data_is_a_timeout_not_a_tls_failure(
    httpx_mock: HTTPXMock, delays: list[tuple[int, float | None]]
) -> None:
    """A slow body over TLS times out with ssl.SSLWantReadError in the exception context;
    that is no TLS failure (the handshake had worked)."""
    timeout = httpx.ReadTimeout("timed out")
    timeout.__context__ = ssl.SSLWantReadError(2, "The operation did not complete (read)")
    httpx_mock.add_exception(timeout, url=URL)
    httpx_mock.add_exception(httpx.ReadTimeout("timed out"), url=URL)
    result = run(fetch(retries=1))
    assert result.error is not None
    assert result.error.kind == "timeout"
    assert result.attempts == 2  # and timeouts are retried


# --- one request per URL per run --------------------------------------------------------


def test_the_same_url_is_requested_once_and_head_reuses_get(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, status_code=200, text="page")

    async def scenario() -> tuple[Fetched, Fetched, Fetched]:
        fetcher = Fetcher(Router(Resolver([("127.0.0.1", 9)])), retries=0, transport=MOCKABLE())
        try:
            first = fetcher.fetch(URL)
            second = fetcher.fetch(URL)
            head = fetcher.fetch(URL, method="HEAD")
            return await first, await second, await head
        finally:
            await fetcher.close()

    first, second, head = run(scenario())
    assert first is second is head
    assert len(httpx_mock.get_requests()) == 1
