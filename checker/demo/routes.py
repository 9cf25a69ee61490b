"""Requests, responses, virtual hosts, the request log and route helpers of the demo HTTP server.

A handler is a plain function ``(Request) -> Response``; the helpers below build the usual
ones. Route-set helpers (``endless_redirects``, ``redirect_loop``) return a dict of routes
to splat into a host's route table.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from checker.demo.pki import IssuedCert

HeaderArg = Mapping[str, str] | Sequence[tuple[str, str]] | None
BodyStream = Callable[[], AsyncGenerator[bytes, None]]


@dataclass(frozen=True)
class Request:
    """One HTTP request as received (and recorded) by the server."""

    method: str
    target: str  # path + "?" + query, as sent
    host: str  # Host header, lowercased, without port
    headers: tuple[tuple[str, str], ...]
    body: bytes
    listener: str  # "http", "https" or "plain-on-tls"
    sni: str | None
    time: float

    @property
    def path(self) -> str:
        """The path part of the target."""
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> str:
        """The query string (without "?")."""
        return urlsplit(self.target).query

    def header(self, name: str) -> str | None:
        """First value of header *name* (case-insensitive), or None."""
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)


@dataclass(frozen=True)
class Response:
    """What to send back. ``stream`` replaces ``body`` for generated bodies."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    stream: BodyStream | None = None
    stream_length: int | None = None  # with a stream: Content-Length framing, else chunked
    delay: float = 0.0  # seconds before the first byte
    reset: bool = False  # drop the connection (TCP RST) instead of answering
    close: bool = False  # close the connection after this response


Handler = Callable[[Request], Response]


@dataclass
class VirtualHost:
    """A named host: exact routes, ``/prefix/*`` routes, an optional catch-all, a cert."""

    name: str
    routes: dict[str, Handler] = field(default_factory=dict)
    catch_all: Handler | None = None
    cert: IssuedCert | None = None
    http_to_https: bool = False  # on the plain-HTTP listener, 301 to the https:// URL

    def resolve(self, path: str) -> Handler | None:
        """The handler for *path*: exact, then longest ``*`` prefix, then catch-all."""
        if path in self.routes:
            return self.routes[path]
        prefixes = [p for p in self.routes if p.endswith("*") and path.startswith(p[:-1])]
        if prefixes:
            return self.routes[max(prefixes, key=len)]
        return self.catch_all


class RequestLog:
    """Every request the server received, in arrival order (thread-safe enough: append-only)."""

    def __init__(self) -> None:
        self._items: list[Request] = []

    def append(self, req: Request) -> None:
        """Record *req*."""
        self._items.append(req)

    def mark(self) -> int:
        """A position to pass to :meth:`since` later."""
        return len(self._items)

    def since(self, mark: int = 0, host: str | None = None) -> list[Request]:
        """Requests recorded after *mark*, optionally only for *host*."""
        items = self._items[mark:]
        return [r for r in items if host is None or r.host == host.lower()]

    def count(self, host: str, path: str, mark: int = 0) -> int:
        """How many requests hit (*host*, *path*) (path without query) since *mark*."""
        return sum(1 for r in self.since(mark, host) if r.path == path)

    def __len__(self) -> int:
        return len(self._items)


def _headers(headers: HeaderArg) -> tuple[tuple[str, str], ...]:
    if headers is None:
        return ()
    if isinstance(headers, Mapping):
        return tuple(headers.items())
    return tuple(headers)


def _with_content_type(headers: HeaderArg, content_type: str) -> tuple[tuple[str, str], ...]:
    hs = _headers(headers)
    if any(k.lower() == "content-type" for k, _ in hs):
        return hs
    return (("Content-Type", content_type), *hs)


def html_page(title: str, body_html: str, head_extra: str = "") -> str:
    """A minimal HTML document."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>{head_extra}</head>\n<body>{body_html}</body></html>\n"
    )


def page(
    html: str | bytes,
    status: int = 200,
    headers: HeaderArg = None,
    content_type: str = "text/html; charset=utf-8",
) -> Handler:
    """Always answer *html* with *status*."""
    body = html.encode() if isinstance(html, str) else html
    response = Response(status, _with_content_type(headers, content_type), body)
    return lambda _req: response


def redirect(location: str, status: int = 301, *, keep_query: bool = False) -> Handler:
    """Redirect to *location*; with ``keep_query`` the request's query string is carried over."""

    def handler(req: Request) -> Response:
        target = location
        if keep_query and req.query:
            target += ("&" if "?" in target else "?") + req.query
        return Response(status, (("Location", target),))

    return handler


def slow(seconds: float, then: Handler | None = None) -> Handler:
    """Wait *seconds* before the first byte of *then*'s response."""
    inner = then or page(html_page("Slow", "<p>Eventually.</p>"))
    return lambda req: replace(inner(req), delay=seconds)


def drip(
    total_bytes: int,
    bytes_per_chunk: int,
    interval: float,
    *,
    declare_length: bool = False,
    content_type: str = "text/html; charset=utf-8",
) -> Handler:
    """Send *total_bytes* of body, *bytes_per_chunk* every *interval* seconds."""

    async def body() -> AsyncGenerator[bytes, None]:
        sent = 0
        while sent < total_bytes:
            n = min(bytes_per_chunk, total_bytes - sent)
            yield b"." * n
            sent += n
            if sent < total_bytes:
                await asyncio.sleep(interval)

    response = Response(
        headers=(("Content-Type", content_type),),
        stream=body,
        stream_length=total_bytes if declare_length else None,
    )
    return lambda _req: response


_BLOCK = (b"<!-- campaign-checker huge body filler -->\n" * 1600)[:65536]


def huge(n_bytes: int, *, declare_length: bool = False) -> Handler:
    """Stream *n_bytes* of generated HTML-ish body (chunked unless ``declare_length``)."""

    async def body() -> AsyncGenerator[bytes, None]:
        remaining = n_bytes
        while remaining > 0:
            n = min(remaining, len(_BLOCK))
            yield _BLOCK if n == len(_BLOCK) else _BLOCK[:n]
            remaining -= n

    response = Response(
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        stream=body,
        stream_length=n_bytes if declare_length else None,
    )
    return lambda _req: response


@dataclass
class _Sequence:
    handlers: tuple[Handler, ...]
    per_target: bool
    counts: dict[str, itertools.count[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, req: Request) -> Response:
        key = f"{req.host}{req.target}" if self.per_target else ""
        with self.lock:
            n = next(self.counts.setdefault(key, itertools.count()))
        return self.handlers[min(n, len(self.handlers) - 1)](req)


def sequence(handlers: Sequence[Handler], *, per_target: bool = True) -> Handler:
    """The nth request gets the nth handler's response; the last one repeats.

    With ``per_target`` (default) each distinct host+path+query has its own counter, so a
    test that wants a fresh sequence just uses a path or query nobody else uses.
    """
    if not handlers:
        raise ValueError("sequence() needs at least one handler")
    return _Sequence(tuple(handlers), per_target)


def invalid_utf8() -> Handler:
    """A 200 page declared UTF-8 whose body is not valid UTF-8."""
    body = (
        b"<!DOCTYPE html><html><head><title>Caf\xe9 \xff\xfe</title></head>"
        b"<body>\xc3\x28 broken bytes</body></html>"
    )
    return page(body)


def endless_redirects(prefix: str = "/loop/") -> dict[str, Handler]:
    """Routes where ``<prefix>N`` redirects to ``<prefix>N+1`` forever."""

    def handler(req: Request) -> Response:
        tail = req.path[len(prefix) :]
        n = int(tail) if tail.isdigit() else 0
        return Response(302, (("Location", f"{prefix}{n + 1}"),))

    return {prefix + "*": handler}


def redirect_loop(a: str = "/a", b: str = "/b", status: int = 302) -> dict[str, Handler]:
    """Routes where *a* redirects to *b* and *b* back to *a*."""
    return {a: redirect(b, status), b: redirect(a, status)}


def reset() -> Handler:
    """Drop the connection (TCP RST) without any response."""
    response = Response(reset=True)
    return lambda _req: response
