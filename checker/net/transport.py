"""Where connections go: `--connect-to`, `--resolve`, then our own resolver.

The httpx client talks to an httpcore pool whose network backend asks a
:class:`Router` for addresses; httpcore still sends SNI and the Host header
for the URL's own host, so certificate checks stay on that host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import ssl
import typing
from dataclasses import dataclass, field

import certifi
import httpcore

from checker.net.proxy import Proxy, ProxySettings
from checker.net.resolver import DnsAnswer, Resolver
from checker.net.streams import connect_tcp

# OpenSSL's X509_V_FLAG_NO_CHECK_TIME: dates are judged by `tls.expiry` against --now,
# never by the machine's clock; chains and names are still verified.
NO_CHECK_TIME = 0x200000


class DnsFailure(httpcore.ConnectError):
    """The host does not resolve; carries the DNS answer that says why."""

    def __init__(self, answer: DnsAnswer) -> None:
        super().__init__(f"{answer.host}: {answer.detail}")
        self.answer = answer


def _split_fields(text: str, count: int) -> list[str]:
    """Split on ':' while keeping `[v6]` literals whole (curl syntax)."""
    parts: list[str] = []
    current, depth = "", 0
    for ch in text:
        depth += ch == "["
        depth -= ch == "]"
        if ch == ":" and depth == 0 and len(parts) < count - 1:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if len(parts) != count:
        raise ValueError(f"expected {count} fields separated by ':'")
    return [p.strip().strip("[]") for p in parts]


def _port(text: str) -> int | None:
    if not text or text == "*":
        return None
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(f"port {port} out of range")
    return port


@dataclass(frozen=True, slots=True)
class ConnectTo:
    """`--connect-to HOST1:PORT1:HOST2:PORT2`; empty fields are wildcards / unchanged."""

    host: str
    port: int | None
    to_host: str
    to_port: int | None

    @classmethod
    def parse(cls, text: str) -> ConnectTo:
        host, port, to_host, to_port = _split_fields(text, 4)
        return cls(host.lower().lstrip("*"), _port(port), to_host.lower(), _port(to_port))


@dataclass(frozen=True, slots=True)
class ResolveTo:
    """`--resolve HOST:PORT:ADDR[,ADDR...]`; `*` or empty host matches any host."""

    host: str
    port: int | None
    addresses: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> ResolveTo:
        host, port, addrs = _split_fields(text, 3)
        addresses = tuple(a.strip().strip("[]") for a in addrs.split(",") if a.strip())
        if not addresses:
            raise ValueError("no address given")
        return cls(host.lower().lstrip("*"), _port(port), addresses)


def _matches(host: str, port: int | None, want_host: str, want_port: int) -> bool:
    return (not host or host == want_host) and (port is None or port == want_port)


@dataclass
class Router:
    """Maps a URL's (host, port) to the addresses and port a connection must use."""

    resolver: Resolver
    connect_to: list[ConnectTo] = field(default_factory=list)
    resolve: list[ResolveTo] = field(default_factory=list)
    proxies: ProxySettings = field(default_factory=ProxySettings)
    _system: Resolver | None = field(default=None, init=False, repr=False)

    def proxy_for(self, scheme: str, host: str, port: int) -> Proxy | None:
        """The proxy to go through; hosts named by --connect-to or --resolve never use one."""
        return None if self.overridden(host, port) else self.proxies.for_url(scheme, host)

    async def proxy_addresses(self, proxy: Proxy) -> list[str]:
        """Where the proxy is, by the system's DNS (--nameserver is for the checked hosts)."""
        if self._system is None:
            self._system = Resolver(None)
        return await self._addresses(proxy.host, self._system)

    def overridden(self, host: str, port: int) -> bool:
        """Whether a --connect-to or --resolve rule applies to `host:port`."""
        host = host.lower()
        rules: list[ConnectTo | ResolveTo] = [*self.connect_to, *self.resolve]
        return any(_matches(rule.host, rule.port, host, port) for rule in rules)

    async def route(self, host: str, port: int) -> tuple[list[str], int]:
        """Addresses to try and the port to connect to; raises :class:`DnsFailure`."""
        host = host.lower()
        for rule in self.connect_to:
            if _matches(rule.host, rule.port, host, port):
                host, port = rule.to_host or host, rule.to_port or port
                break
        names = [host]
        for override in self.resolve:
            if _matches(override.host, override.port, host, port):
                names = list(override.addresses)  # addresses, or names as curl allows
                break
        addresses: list[str] = []
        for name in names:
            addresses += await self._addresses(name, self.resolver)
        return addresses, port

    async def _addresses(self, name: str, resolver: Resolver) -> list[str]:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            # shared with other requests: this one's timeout must not cancel their lookup
            answer = await asyncio.shield(resolver.lookup(name))
            if not answer.ok:
                raise DnsFailure(answer) from None
            return list(answer.addresses)
        return [name]


class RoutingBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects where the :class:`Router` says."""

    def __init__(self, router: Router) -> None:
        self.router = router

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses, real_port = await self.router.route(host, port)
        return await connect_any(addresses, real_port, timeout, local_address, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def connect_any(
    addresses: list[str],
    port: int,
    timeout: float | None,
    local_address: str | None = None,
    socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
) -> httpcore.AsyncNetworkStream:
    """The first of `addresses` that accepts a connection (the last error otherwise)."""
    error: Exception | None = None
    for address in addresses:
        try:
            return await connect_tcp(address, port, timeout, local_address, socket_options)
        except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
            error = exc
    assert error is not None
    raise error


def ssl_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """Verifying context: --ca-bundle, else SSL_CERT_FILE, else certifi's roots; clock ignored."""
    cafile = ca_bundle or os.environ.get("SSL_CERT_FILE") or certifi.where()
    context = ssl.create_default_context(cafile=cafile)
    context.verify_flags |= NO_CHECK_TIME
    context.set_alpn_protocols(["h2", "http/1.1"])
    return context
