"""One shared HTTP client per run: bounded concurrency, retries, bounded bodies, no repeats.

:meth:`Fetcher.fetch` makes a single request (redirects are followed hop by hop
by :mod:`checker.net.redirects`) and never raises for network trouble: every
failure comes back as a :class:`FetchError` inside the result. Each distinct
(method, URL, credentials) is requested once per run and the result shared.

Requests are built by the run's shared ``httpx.AsyncClient`` (headers, User-Agent,
timeouts) and sent straight to its transport: ``AsyncClient.send`` adds an auth
flow, a redirect loop, a cookie jar and event hooks, none of which a check wants
(redirects are recorded hop by hop here, and a visitor's first request carries no
cookie), and they cost a tenth of a crawl's CPU (bench/crawl.py).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import io
import itertools
import ssl
import time
from collections import Counter
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field, replace
from typing import TypeGuard

import httpx

from checker import __version__
from checker.net.decode import ACCEPT_ENCODING, BodyDecoder
from checker.net.pools import RoutingTransport
from checker.net.resolver import DnsAnswer
from checker.net.retry import RETRY_STATUSES, backoff_delay, retry_after_seconds
from checker.net.slots import Slots
from checker.net.transport import DnsFailure, Router, ssl_context

USER_AGENT = (
    f"campaign-checker/{__version__} (+https://github.com/campaign-checker/campaign-checker)"
)
BODY_LIMIT = 2 * 1024 * 1024
LARGE_BODY = 256 * 1024
"""Past this, bodies take turns run-wide, being read or parsed (see :class:`_LargeBodies`)."""
BODY_KEPT = 64 * 1024
"""What is left of a body once its page is parsed (dns.dangling reads no further)."""
RETRIED_ERRORS = frozenset({"connect", "timeout", "read"})
FIRST, LEAF = 0, 1  # slot priorities: a leaf request leads to no further request


@dataclass(frozen=True, slots=True)
class Credentials:
    """Headers and basic auth for one origin; never sent anywhere else, never printed."""

    origin: str  # scheme://host[:port] they belong to
    headers: tuple[tuple[str, str], ...] = ()
    auth: tuple[str, str] | None = None

    def __repr__(self) -> str:
        return f"Credentials(origin={self.origin!r}, <redacted>)"


@dataclass(frozen=True, slots=True)
class FetchError:
    """Why a request produced no HTTP response."""

    kind: str  # dns, connect, timeout, tls, tls_verify, read, protocol, url
    message: str
    dns: DnsAnswer | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of one request: a response (with a bounded body prefix) or an error."""

    url: str
    method: str
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    truncated: bool = False
    ttfb_ms: float = 0.0
    attempts: int = 1
    http_version: str = ""
    error: FetchError | None = None
    serial: int = 0  # which exchange this is (0: not from a Fetcher); copies keep it
    shrunk: bool = False  # the body was cut to BODY_KEPT after its page was parsed

    @property
    def location(self) -> str | None:
        """Absolute redirect target, if this is a redirect with a usable Location."""
        if self.status is None or not 300 <= self.status < 400:
            return None
        raw = self.headers.get("location")
        return _absolute(self.url, raw.strip()) if raw else None


@functools.lru_cache(maxsize=4096)
def _absolute(base: str, location: str) -> str | None:
    """`location` resolved against `base` (cached: every redirect is read several times)."""
    try:
        return str(httpx.URL(base).join(location))
    except (httpx.InvalidURL, ValueError):
        return None


def basic_authorization(user: str, password: str) -> str:
    """The ``Authorization`` header value of HTTP Basic auth (RFC 7617, UTF-8 as httpx)."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def origin_of(url: str) -> str:
    """`https://Host:443/x` → `https://host` (scheme, host and non-default port)."""
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def classify_error(exc: BaseException) -> FetchError:
    """What went wrong with a request, named for a check (dns, tls, timeout, connect, ...)."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for item in chain:
        if isinstance(item, ssl.SSLWantReadError | ssl.SSLWantWriteError):
            continue  # "would block" while waiting for data (e.g. cut by a timeout): no cause
        if isinstance(item, DnsFailure):
            return FetchError("dns", str(item), item.answer)
        if isinstance(item, ssl.SSLCertVerificationError):
            return FetchError("tls_verify", f"certificate not accepted: {item.verify_message}")
        if isinstance(item, ssl.SSLError):
            return FetchError(
                "tls", f"TLS handshake failed: {getattr(item, 'reason', None) or item}"
            )
    if isinstance(exc, httpx.ProxyError):
        return FetchError("proxy", f"the proxy refused the request: {exc}")
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return FetchError("timeout", "no complete answer within the timeout")
    if isinstance(exc, httpx.ConnectError):
        return FetchError("connect", f"cannot connect: {exc or 'connection refused'}")
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return FetchError("read", f"connection broken: {exc or 'reset by peer'}")
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return FetchError("url", f"invalid URL: {exc}")
    return FetchError("protocol", f"not a valid HTTP answer: {exc or type(exc).__name__}")


class Fetcher:
    """Makes (and remembers) requests for a whole run."""

    def __init__(
        self,
        router: Router,
        *,
        ca_bundle: str | None = None,
        concurrency: int = 50,
        per_host: int = 8,
        timeout: float = 10.0,
        retries: int = 2,
        user_agent: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`transport` replaces the routed per-origin pools (e.g. a mock in unit tests)."""
        self.timeout = timeout
        self.retries = retries
        self.concurrency = concurrency
        if transport is None:
            transport = RoutingTransport(router, ssl_context(ca_bundle), per_host)
        self._transport = transport
        self.client = httpx.AsyncClient(
            transport=transport,
            headers={
                "User-Agent": user_agent or USER_AGENT,
                "Accept": "*/*",
                "Accept-Encoding": ACCEPT_ENCODING,  # only what read_prefix can decode bounded
            },
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )
        self._slots = Slots(concurrency, per_host)
        self._cache: dict[tuple[str, str, Credentials | None], asyncio.Task[Fetched]] = {}
        self._keep: set[tuple[str, str, Credentials | None]] = set()  # some caller needs the body
        self._dropped: set[tuple[str, str, Credentials | None]] = set()  # body forgotten
        self._shrunk: set[tuple[str, str, Credentials | None]] = set()  # body cut by shrink()
        self._limits: dict[tuple[str, str, Credentials | None], int] = {}  # body_limit used
        self.requests: Counter[tuple[str, str]] = Counter()
        self._serials = itertools.count(1)
        self._keys: dict[int, tuple[str, str, Credentials | None]] = {}  # serial → cache key
        self._large = _LargeBodies()

    def large_turn(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold while parsing a body longer than LARGE_BODY (see :class:`_LargeBodies`)."""
        return self._large.turn()

    async def close(self) -> None:
        """Stop the requests no caller waits for any more (a run cut short), then the client."""
        unfinished = [task for task in self._cache.values() if not task.done()]
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        await self.client.aclose()

    def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        credentials: Credentials | None = None,
        timeout: float | None = None,
        body_limit: int = BODY_LIMIT,
        keep_body: bool = True,
        leaf: bool = False,
        full_body: bool = False,
    ) -> asyncio.Task[Fetched]:
        """The shared task fetching `url` once; a HEAD reuses a GET already made.

        With `keep_body=False` the caller allows :meth:`forget_body` to drop the
        cached body once it is done with it; a later caller that needs the body
        (`keep_body=True`) then gets a fresh request. A `leaf` request (one whose
        answer leads to no further request) waits behind the others for a slot.
        A caller asking for more of the body than a cached request reads gets a request of
        its own, unless that one's body turns out whole. `full_body` asks for the body up
        to `body_limit` even if :meth:`shrink` cut the cached one.
        """
        if credentials is not None and origin_of(url) != credentials.origin:
            credentials = None
        if method == "HEAD" and (task := self._cache.get(("GET", url, credentials))):
            return task
        key = (method, url, credentials)
        task = self._cache.get(key)
        short = body_limit > self._limits.get(key, body_limit) and not _whole(task)
        stale = (keep_body and key in self._dropped) or (full_body and key in self._shrunk)
        if task is None or stale or short:
            priority = LEAF if leaf else FIRST
            coro = self._fetch(
                url, method, credentials, timeout or self.timeout, body_limit, priority
            )
            if short and not stale and task is not None and not task.done():  # may be whole
                coro = self._read_more(task, coro)
            task = asyncio.ensure_future(coro)
            self._cache[key] = task
            self._limits[key] = body_limit
            self._dropped.discard(key)
            self._shrunk.discard(key)
        if keep_body:
            self._keep.add(key)
        return task

    @staticmethod
    async def _read_more(
        earlier: asyncio.Task[Fetched], request: Coroutine[object, object, Fetched]
    ) -> Fetched:
        """`earlier` (read with a smaller limit) if its body was whole, else `request`."""
        fetched = await asyncio.shield(earlier)
        if not fetched.truncated:
            request.close()  # never started: no request made
            return fetched
        return await request

    def forget_body(self, url: str, *, credentials: Credentials | None = None) -> None:
        """Drop the cached body of a finished GET of `url` that no caller asked to keep."""
        if credentials is not None and origin_of(url) != credentials.origin:
            credentials = None
        key = ("GET", url, credentials)
        task = self._cache.get(key)
        if task is None or key in self._keep or not task.done() or task.cancelled():
            return
        fetched = task.result()
        if fetched.body:
            self._cache[key] = asyncio.ensure_future(_ready(replace(fetched, body=b"")))
            self._dropped.add(key)

    def shrink(self, response: Fetched) -> Fetched:
        """`response` with its body cut to :data:`BODY_KEPT`, here and in the cache.

        For a response whose page is parsed (and kept) elsewhere: later callers get the
        small copy, with the same `serial`, and no new request is made.
        """
        if response.shrunk or len(response.body) <= BODY_KEPT:
            return response
        small = replace(response, body=response.body[:BODY_KEPT], shrunk=True)
        key = self._keys.get(response.serial)
        task = self._cache.get(key) if key is not None else None
        if key is not None and _is_done(task) and task.result().serial == response.serial:
            self._cache[key] = asyncio.ensure_future(_ready(small))
            self._shrunk.add(key)
        return small

    async def _fetch(
        self,
        url: str,
        method: str,
        credentials: Credentials | None,
        timeout: float,
        body_limit: int,
        priority: int,
    ) -> Fetched:
        attempt = 0
        while True:
            attempt += 1
            result = await self._attempt(
                url, method, credentials, timeout, body_limit, attempt, priority
            )
            retry_status = result.status in RETRY_STATUSES
            retryable = retry_status or (result.error and result.error.kind in RETRIED_ERRORS)
            if not retryable or attempt > self.retries:
                if result.serial:
                    self._keys[result.serial] = (method, url, credentials)
                return result
            wait = retry_after_seconds(result.headers.get("retry-after")) if retry_status else None
            await asyncio.sleep(backoff_delay(attempt, wait))

    async def _attempt(
        self,
        url: str,
        method: str,
        credentials: Credentials | None,
        timeout: float,
        body_limit: int,
        attempt: int,
        priority: int,
    ) -> Fetched:
        headers = dict(credentials.headers) if credentials else {}
        if credentials is not None and credentials.auth is not None:
            headers["Authorization"] = basic_authorization(*credentials.auth)
        try:
            request = self.client.build_request(method, url, headers=headers)
        except (httpx.InvalidURL, ValueError) as exc:
            return Fetched(url, method, attempts=attempt, error=FetchError("url", str(exc)))
        host = request.url.host
        await self._slots.acquire(host, priority)
        try:
            self.requests[(method, url)] += 1
            started = time.perf_counter()
            try:
                async with asyncio.timeout(timeout) as deadline:
                    response = await self._transport.handle_async_request(request)
                    response.request = request
                    ttfb = (time.perf_counter() - started) * 1000
                    try:
                        large = self._large.turn(deadline)
                        body, truncated = await read_prefix(response, method, body_limit, large)
                    finally:
                        await response.aclose()
            except (httpx.HTTPError, TimeoutError, ssl.SSLError, OSError) as exc:
                return Fetched(url, method, attempts=attempt, error=classify_error(exc))
        finally:
            self._slots.release(host)
        if response.status_code == 407:  # only proxies send it
            wanted = "the proxy wants credentials (407): user:password@ in its URL"
            error = FetchError("proxy", wanted)
            return Fetched(url, method, attempts=attempt, error=error)
        return Fetched(
            url,
            method,
            status=response.status_code,
            headers=response.headers,
            body=body,
            truncated=truncated,
            ttfb_ms=ttfb,
            attempts=attempt,
            http_version=response.http_version,
            serial=next(self._serials),
        )


async def _ready(fetched: Fetched) -> Fetched:
    return fetched


def _is_done(task: asyncio.Task[Fetched] | None) -> TypeGuard[asyncio.Task[Fetched]]:
    return task is not None and task.done() and not task.cancelled()


def _whole(task: asyncio.Task[Fetched] | None) -> bool:
    """Whether `task` ended with a body read to its end (nothing was cut)."""
    return _is_done(task) and not task.result().truncated


class _LargeBodies:
    """Bodies past :data:`LARGE_BODY` take turns, one at a time per run: being read past
    it, or being parsed (parsers go first, so that read bodies do not pile up behind other
    reads). Memory then holds at most that much of each body in flight and one large body,
    whatever the pages weigh (bombs included); the wait for a turn does not count against
    a request's own timeout."""

    _PARSE, _READ = 0, 1

    def __init__(self) -> None:
        self._turns = Slots(1, 1)

    @contextlib.asynccontextmanager
    async def turn(self, deadline: asyncio.Timeout | None = None) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        asked = loop.time()
        await self._turns.acquire("", self._PARSE if deadline is None else self._READ)
        try:
            when = deadline.when() if deadline is not None else None
            if deadline is not None and when is not None:
                deadline.reschedule(when + loop.time() - asked)
            yield
        finally:
            self._turns.release("")


async def read_prefix(
    response: httpx.Response,
    method: str,
    limit: int,
    large: contextlib.AbstractAsyncContextManager[None],
) -> tuple[bytes, bool]:
    """At most `limit` decoded bytes of the body, and whether there was more.

    The body is read raw and decoded step by step (:mod:`checker.net.decode`), so no
    compression ratio takes more than about `limit` of memory; the rest is never
    downloaded, nor more than twice `limit` of raw bytes (a stream that decodes to
    almost nothing is cut there too). Past :data:`LARGE_BODY` it waits for `large`.
    """
    if method == "HEAD":
        async for _ in response.aiter_raw():  # drain (empty) so the connection is reused
            pass
        return b"", False
    if limit <= 0:
        return b"", False
    body = _Body(BodyDecoder(response.headers), limit)
    raw = response.aiter_raw()
    if await body.read_from(raw, min(limit, LARGE_BODY)) and limit > LARGE_BODY:
        async with large:
            await body.read_from(raw, limit)
    return body.result()


_PIECE = 256 * 1024  # decoded per step: cutting the last piece copies no more than that


class _Body:
    """A body being read: decoded chunks so far, and whether it was cut.

    Past LARGE_BODY the chunks go into one growing buffer, whose bytes become the body
    without a copy (a 10 MiB body costs 10 MiB, not 20 for its chunks and their join).
    """

    def __init__(self, decoder: BodyDecoder, limit: int) -> None:
        self.decoder = decoder
        self.limit = limit
        self.chunks: list[bytes] = []
        self.large: io.BytesIO | None = None
        self.size = self.raw_size = 0
        self.truncated = False

    def _keep(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.large is None and self.size > LARGE_BODY:
            self.large = io.BytesIO()
            self.large.writelines(self.chunks)
            self.chunks.clear()
        if self.large is None:
            self.chunks.append(chunk)
        else:
            self.large.write(chunk)

    async def read_from(self, raw: AsyncIterator[bytes], upto: int) -> bool:
        """Read until `upto` decoded bytes are reached (True) or the body ends (False)."""
        while self.size <= upto:
            chunk = self.decoder.read(min(upto + 1 - self.size, _PIECE))
            if chunk:
                self._keep(chunk)
                continue
            if self.raw_size > 2 * self.limit + 65536:
                self.truncated = True
                return False
            try:
                data = await anext(raw)
            except StopAsyncIteration:
                return False
            self.raw_size += len(data)
            self.decoder.feed(data)
        self.truncated = self.size > self.limit
        return not self.truncated

    def result(self) -> tuple[bytes, bool]:
        """The body, cut at the limit."""
        if self.large is not None:
            self.large.truncate(self.limit)
            return self.large.getvalue(), self.truncated
        over = self.size - self.limit
        if over > 0:
            self.chunks[-1] = self.chunks[-1][:-over]
        return b"".join(self.chunks), self.truncated
