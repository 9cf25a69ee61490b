"""Connection pools: small httpcore pools per origin, direct or through a proxy.

httpcore checks every connection of a pool on each request, and one pool shared by
all hosts evicts one host's idle connections to open another's (a TLS handshake per
request); so each origin gets its own pools of at most :data:`SLICE` connections.
"""

from __future__ import annotations

import ssl
import typing

import httpcore
import httpx

from checker.net.proxy import Proxy
from checker.net.transport import DnsFailure, Router, RoutingBackend, connect_any


class ProxyBackend(RoutingBackend):
    """Connects to a proxy (found by the system's DNS) and names it when that fails."""

    def __init__(self, router: Router, proxy: Proxy) -> None:
        super().__init__(router)
        self.proxy = proxy

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await self.router.proxy_addresses(self.proxy)
            return await connect_any(addresses, port, timeout, local_address, socket_options)
        except DnsFailure as exc:
            raise httpcore.ConnectError(f"proxy {self.proxy.url}: {exc}") from exc
        except httpcore.ConnectTimeout as exc:
            raise httpcore.ConnectTimeout(f"proxy {self.proxy.url}: no connection") from exc
        except httpcore.ConnectError as exc:
            raise httpcore.ConnectError(f"proxy {self.proxy.url}: {exc}") from exc


# httpcore's exceptions as httpx names them (most specific first), for callers that
# catch httpx's classes; anything else passes through unchanged.
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
)


def _as_httpx(exc: Exception, request: httpx.Request) -> Exception:
    for core, mapped in _EXCEPTIONS:
        if isinstance(exc, core):
            error = mapped(str(exc))
            error.request = request
            return error
    return exc


class _CoreStream(httpx.AsyncByteStream):
    """An httpcore response body read as an httpx stream, with httpx's exception names."""

    def __init__(self, inner: typing.AsyncIterable[bytes], request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except Exception as exc:
            mapped = _as_httpx(exc, self._request)
            if mapped is exc:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        closer = getattr(self._inner, "aclose", None)
        if closer is not None:
            await closer()


class _OriginTransport(httpx.AsyncBaseTransport):
    """httpx requests over one origin's httpcore pool, direct or through a proxy (both
    through httpcore's public pool classes and their `network_backend`)."""

    def __init__(
        self,
        backend: httpcore.AsyncNetworkBackend,
        context: ssl.SSLContext,
        size: int,
        proxy: Proxy | None = None,
    ) -> None:
        limits: dict[str, typing.Any] = {
            "ssl_context": context,
            "max_connections": size,
            "max_keepalive_connections": size,
            "keepalive_expiry": 15.0,
            "http2": True,
            "network_backend": backend,
        }
        self._pool: httpcore.AsyncConnectionPool
        if proxy is None:
            self._pool = httpcore.AsyncConnectionPool(**limits)
        else:
            self._pool = httpcore.AsyncHTTPProxy(
                proxy_url=proxy.url,
                proxy_auth=proxy.auth,
                proxy_ssl_context=ssl.create_default_context() if proxy.tls else None,
                **limits,
            )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            answer = await self._pool.handle_async_request(core_request)
        except Exception as exc:
            mapped = _as_httpx(exc, request)
            if mapped is exc:
                raise
            raise mapped from exc
        assert isinstance(answer.stream, typing.AsyncIterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_CoreStream(answer.stream, request),
            extensions=answer.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


SLICE = 8
"""Connections per httpcore pool: an origin allowed more in flight gets several pools."""


class _Slice:
    """One small pool of an origin and how many of its responses are still open."""

    def __init__(self, transport: _OriginTransport) -> None:
        self.transport = transport
        self.open = 0

    def release(self) -> None:
        self.open -= 1


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that frees its slot in the slice once it is closed."""

    def __init__(self, inner: httpx.AsyncByteStream, release: typing.Callable[[], None]) -> None:
        self._inner = inner
        self._release: typing.Callable[[], None] | None = release

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if self._release is not None:
                self._release()
                self._release = None


class RoutingTransport(httpx.AsyncBaseTransport):
    """Small connection pools per origin (HTTP/1.1 and HTTP/2), all routed by a Router.

    An origin gets `per_origin` connections split into pools of at most
    :data:`SLICE`, and each request goes to the pool with the fewest open
    responses. The number in flight is bounded by the Fetcher's request slots,
    so a pool with room always exists.
    """

    def __init__(
        self,
        router: Router,
        context: ssl.SSLContext,
        per_origin: int,
    ) -> None:
        self._router = router
        self._backend = RoutingBackend(router)
        self._proxy_backends: dict[Proxy, ProxyBackend] = {}
        self._context = context
        count = -(-per_origin // SLICE)
        self._sizes = [per_origin // count + (i < per_origin % count) for i in range(count)]
        self._origins: dict[tuple[bytes, bytes, int | None], list[_Slice]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        slices = self._origins.get(key)
        if slices is None:
            proxy = self._proxy_for(url)
            backend: httpcore.AsyncNetworkBackend = self._backend
            if proxy is not None:
                if proxy not in self._proxy_backends:
                    self._proxy_backends[proxy] = ProxyBackend(self._router, proxy)
                backend = self._proxy_backends[proxy]
            slices = [
                _Slice(_OriginTransport(backend, self._context, size, proxy))
                for size in self._sizes
            ]
            self._origins[key] = slices
        chosen = min(slices, key=lambda s: s.open)
        chosen.open += 1
        try:
            response = await chosen.transport.handle_async_request(request)
        except BaseException:
            chosen.release()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ReleasingStream(response.stream, chosen.release)
        return response

    def _proxy_for(self, url: httpx.URL) -> Proxy | None:
        port = url.port or (443 if url.scheme == "https" else 80)
        return self._router.proxy_for(url.scheme, url.host, port)

    async def aclose(self) -> None:
        for slices in self._origins.values():
            for piece in slices:
                await piece.transport.aclose()
