"""A small GitHub REST client: token auth, `Link` pagination, rate limits, retries, redaction.

Requests go out one at a time (GitHub asks integrations not to send concurrent
requests) through the tool's own transport, so a proxy is found as for every other
request (https_proxy / http_proxy / all_proxy with no_proxy). Timeouts, broken
connections, 5xx and a 429 without rate-limit headers are retried `retries` times
with the tool's backoff. A rate limit (403 or 429 carrying `Retry-After` or
`x-ratelimit-remaining: 0`) is waited out until `Retry-After` or
`x-ratelimit-reset`, at most 60 s per client in all; past that every request fails
at once. The token goes to the API's own origin only and never into a message or
a request body.

The run's `Fetcher` is not used: it makes GET/HEAD only and shares one answer per URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from checker.net.client import RETRIED_ERRORS, USER_AGENT, classify_error, origin_of, read_prefix
from checker.net.pools import RoutingTransport
from checker.net.proxy import ProxySettings
from checker.net.resolver import Resolver
from checker.net.retry import backoff_delay, retry_after_seconds
from checker.net.transport import NO_CHECK_TIME, Router, ssl_context
from checker.plan import settings as defaults
from checker.report.advice import one_line

API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 100
"""Pages listed at most (10,000 issues), so a server that always sends `next` ends."""
RATE_LIMIT_BUDGET = 60.0
MIN_RATE_LIMIT_WAIT = 1.0
"""Shortest wait for a rate limit, so `Retry-After: 0` is not a busy loop."""
ANSWER_LIMIT = 32 * 1024 * 1024
MESSAGE_LIMIT = 300


class GitHubError(Exception):
    """A request that did not succeed; `status` is GitHub's (None: no HTTP answer)."""

    def __init__(self, message: str, status: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail  # GitHub's own `message`, if any


class MissingPermission(GitHubError):
    """A 403 that is not a rate limit: the token may not do this."""


class RateLimited(GitHubError):
    """A rate limit longer than this run may still wait."""


class Gone(GitHubError):
    """404, 410 or a redirect: the issue (or repository) is not at this address."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful answer: its parsed JSON (None for an empty body) and its next page."""

    data: Any
    next_url: str | None = None  # the `Link: <…>; rel="next"` target, made absolute


class GitHubClient:
    """Talks to one GitHub REST API (`api_url`) with one token."""

    def __init__(
        self,
        api_url: str,
        token: str,
        *,
        timeout: float = defaults.TIMEOUT_S,
        retries: int = defaults.RETRIES,
        environ: Mapping[str, str],
    ) -> None:
        """Raises ValueError naming the variable when a proxy variable does not parse."""
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self._token = token
        self._origin = origin_of(self.api_url)
        self._waited = 0.0
        self._blocked_until = 0.0  # monotonic time before which the rate limit still holds
        router = Router(
            Resolver(None, timeout=min(timeout, defaults.DNS_TIMEOUT_CAP_S)),
            proxies=ProxySettings.from_environment(environ, None),
        )
        context = ssl_context()
        context.verify_flags &= ~NO_CHECK_TIME  # an API's certificate is judged by the clock
        self._client = httpx.AsyncClient(
            transport=RoutingTransport(router, context, 1),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
            },
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"GitHubClient({self.api_url!r}, <token redacted>)"

    async def close(self) -> None:
        await self._client.aclose()

    def redact(self, text: str) -> str:
        """`text` with the token replaced by `***`."""
        return text.replace(self._token, "***") if self._token else text

    async def request(
        self,
        method: str,
        url: str,
        *,
        payload: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> Answer:
        """Send one request (`url` relative to the API URL, or absolute on its origin).

        Raises :class:`GitHubError` (or a subclass) once retries and rate-limit
        waiting are spent; its message names `method` and the path, never the token.
        """
        target = httpx.URL(url)
        if not target.is_absolute_url:
            target = httpx.URL(self.api_url + "/").join(url.lstrip("/"))
        what = f"{method} {target.path}"
        if origin_of(str(target)) != self._origin:
            raise GitHubError(f"{what}: not on {self._origin}; the token is sent there only")
        content = json.dumps(self._scrub(payload)).encode() if payload is not None else None
        attempt = 0
        while True:
            attempt += 1
            self._check_blocked(what)
            try:
                response, body = await self._send(method, target, params, content)
            except (httpx.HTTPError, TimeoutError, ssl.SSLError, OSError) as exc:
                error = classify_error(exc)
                if error.kind in RETRIED_ERRORS and attempt <= self.retries:
                    await asyncio.sleep(backoff_delay(attempt))
                    continue
                tries = f" ({attempt} attempts)" if attempt > 1 else ""
                raise GitHubError(self.redact(f"{what}: {error.message}{tries}")) from None
            if body is None:
                raise GitHubError(f"{what}: answer larger than {ANSWER_LIMIT // 2**20} MiB")
            status, headers, data = response.status_code, response.headers, _json(body)
            if (wait := _rate_limit_wait(status, headers)) is not None:
                await self._wait_out(wait, what, status)
                attempt -= 1  # waiting out a rate limit is not a retry
                continue
            if status >= 500 or status == 429:
                if attempt <= self.retries:
                    delay = retry_after_seconds(headers.get("retry-after"))
                    await asyncio.sleep(backoff_delay(attempt, delay))
                    continue
                raise self._refusal(what, status, data, f" ({attempt} attempts)")
            if status >= 300:
                raise self._refusal(what, status, data)
            following = response.links.get("next", {}).get("url")
            return Answer(data, str(target.join(following)) if following else None)

    async def list_all(self, path: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Every item of a paginated list: `per_page=100`, then each `Link` rel="next"."""
        url = path
        query: Mapping[str, str] | None = {**params, "per_page": str(PER_PAGE)}
        items: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            answer = await self.request("GET", url, params=query)
            if not isinstance(answer.data, list):
                raise GitHubError(f"GET /{path}: the answer is not a list")
            items += [item for item in answer.data if isinstance(item, dict)]
            if answer.next_url is None:
                return items
            url, query = answer.next_url, None
        raise GitHubError(f"GET /{path}: more than {MAX_PAGES} pages of {PER_PAGE}")

    async def _send(
        self,
        method: str,
        url: httpx.URL,
        params: Mapping[str, str] | None,
        content: bytes | None,
    ) -> tuple[httpx.Response, bytes | None]:
        """The (closed) response and its body (None: larger than :data:`ANSWER_LIMIT`)."""
        headers = {"Authorization": f"Bearer {self._token}"}
        if content is not None:
            headers["Content-Type"] = "application/json"
        request = self._client.build_request(
            method, url, params=params, content=content, headers=headers
        )
        async with asyncio.timeout(self.timeout):
            response = await self._client.send(request, stream=True)
            try:
                body, cut = await read_prefix(
                    response, method, ANSWER_LIMIT, contextlib.nullcontext()
                )
            finally:
                await response.aclose()
        return response, None if cut else body

    def _check_blocked(self, what: str) -> None:
        if time.monotonic() < self._blocked_until:
            raise RateLimited(f"{what}: not sent: GitHub's rate limit holds past this run's wait")

    async def _wait_out(self, wait: float, what: str, status: int) -> None:
        wait = max(wait, MIN_RATE_LIMIT_WAIT)
        left = RATE_LIMIT_BUDGET - self._waited
        if wait > left:
            self._blocked_until = time.monotonic() + wait
            asked = f"{wait:.0f} s" if math.isfinite(wait) else "until a reset it does not give"
            raise RateLimited(
                f"{what}: GitHub's rate limit ({status}) asks to wait {asked}, more than the "
                f"{left:.0f} s left of the {RATE_LIMIT_BUDGET:.0f} s this run may wait",
                status,
            )
        self._waited += wait
        await asyncio.sleep(wait)

    def _refusal(self, what: str, status: int, data: Any, tries: str = "") -> GitHubError:
        said = data.get("message") if isinstance(data, dict) else None
        detail = self.redact(one_line(str(said))[:MESSAGE_LIMIT]) if said else ""
        answered = f"{status}{': ' + detail if detail else ''}"
        if status == 401:
            return GitHubError(f"{what}: GitHub did not accept GITHUB_TOKEN ({answered})", status)
        if status == 403:
            message = (
                f"{what}: GitHub refused ({answered}); the token lacks permission: "
                "give the workflow `permissions: issues: write`"
            )
            return MissingPermission(message, status, detail)
        if status in (404, 410) or 300 <= status < 400:
            return Gone(f"{what}: gone ({answered})", status, detail)
        return GitHubError(f"{what}: GitHub answered {answered}{tries}", status, detail)

    def _scrub(self, value: Any) -> Any:
        """`value` (JSON data) with the token redacted from every string in it."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {key: self._scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._scrub(item) for item in value]
        return value


def _json(body: bytes) -> Any:
    """The parsed body; None when empty or not JSON (an error page, say)."""
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _rate_limit_wait(status: int, headers: httpx.Headers) -> float | None:
    """Seconds a 403/429 rate limit asks to wait; None when the answer is not one.

    `Retry-After` wins; else `x-ratelimit-remaining: 0` waits until `x-ratelimit-reset`
    (epoch seconds; without it the wait is unknown, hence longer than any budget).
    """
    if status not in (403, 429):
        return None
    retry_after = (headers.get("retry-after") or "").strip()
    if retry_after.isdigit():
        return float(retry_after)
    if retry_after and (seconds := retry_after_seconds(retry_after)) is not None:
        return seconds
    if (headers.get("x-ratelimit-remaining") or "").strip() != "0":
        return None
    reset = (headers.get("x-ratelimit-reset") or "").strip()
    return max(float(reset) - time.time(), 0.0) if reset.isdigit() else float("inf")
