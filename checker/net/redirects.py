"""Follow redirects hop by hop, recording each one (status, location, time).

Cookies set along a chain are sent on its later hops, as a browser does for a
first-time visitor (a "set a cookie, then redirect" page must not look like a
loop); a chain starts with no cookie and never shares its cookies with another.
"""

from __future__ import annotations

import asyncio
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar

import httpx

from checker.net.client import BODY_LIMIT, Credentials, Fetched, Fetcher, origin_of


@dataclass(frozen=True, slots=True)
class Chain:
    """Every hop from the first URL to the final answer (or to where it broke)."""

    start: str
    hops: tuple[Fetched, ...]
    problem: str | None = None  # "loop", "too_many" or None

    @property
    def final(self) -> Fetched:
        return self.hops[-1]

    @property
    def final_url(self) -> str:
        return self.final.url

    @property
    def ok(self) -> bool:
        """Ended on an HTTP answer that is not a redirect."""
        return self.problem is None and self.final.error is None

    def describe(self) -> str:
        """`http://a/ 301 → https://a/ 200` style summary of the chain."""
        text = self.start
        for hop in self.hops:
            if hop.error:
                text += f" ✗ {hop.error.message}"
            else:
                text += f" {hop.status}" + (f" → {hop.location}" if hop.location else "")
        return text


async def follow(
    fetcher: Fetcher,
    url: str,
    *,
    max_redirects: int,
    method: str = "GET",
    credentials: Credentials | None = None,
    timeout: float | None = None,
    body_limit: int = BODY_LIMIT,
    keep_body: bool = True,
    leaf: bool = False,
) -> Chain:
    """Request `url` and each Location after it; stop at a loop or after `max_redirects` hops.

    `body_limit`, `keep_body` and `leaf` are passed to :meth:`Fetcher.fetch` for every hop.
    """
    hops: list[Fetched] = []
    jar: CookieJar | None = None
    current, sent = url, credentials
    seen = {(current, sent)}  # a URL visited again with new cookies is no loop
    while True:
        shared = fetcher.fetch(
            current,
            method=method,
            credentials=sent,
            timeout=timeout,
            body_limit=body_limit,
            keep_body=keep_body,
            leaf=leaf,
        )
        hop = await asyncio.shield(shared)  # cancelling this chain must not cancel other waiters
        hops.append(hop)
        if "set-cookie" in hop.headers:
            jar = jar or CookieJar()
            jar.extract_cookies(_SetCookies(hop.headers), urllib.request.Request(hop.url))  # type: ignore[arg-type]
        target = hop.location
        if target is None:
            return Chain(url, tuple(hops))
        current, sent = target, _with_cookies(credentials, target, jar)
        if (current, sent) in seen:
            return Chain(url, tuple(hops), "loop")
        if len(hops) > max_redirects:
            return Chain(url, tuple(hops), "too_many")
        seen.add((current, sent))


class _SetCookies:
    """A response as http.cookiejar reads it: only its ``Set-Cookie`` headers."""

    def __init__(self, headers: httpx.Headers) -> None:
        self._headers = headers

    def info(self) -> _SetCookies:
        return self

    def get_all(self, name: str, default: list[str] | None = None) -> list[str] | None:
        return self._headers.get_list(name) or default


def _with_cookies(
    credentials: Credentials | None, url: str, jar: CookieJar | None
) -> Credentials | None:
    """`credentials` for `url`, plus the Cookie header `jar` holds for it (if any)."""
    if jar is None:
        return credentials
    request = urllib.request.Request(url)
    jar.add_cookie_header(request)
    cookie = request.get_header("Cookie")
    if cookie is None or not (cookie.isascii() and cookie.isprintable()):
        return credentials  # a control character or non-ASCII is no valid header: send none
    origin = origin_of(url)
    own = credentials if credentials is not None and credentials.origin == origin else None
    headers = (*(own.headers if own else ()), ("Cookie", cookie))
    return Credentials(origin, headers, own.auth if own else None)
