"""HTTP(S) proxies as curl finds them: `--proxy`, else https_proxy / http_proxy / all_proxy.

`no_proxy` (or NO_PROXY) lists hosts reached directly: `*`, a name (which also covers
its subdomains, with or without a leading dot), an IP address or a CIDR range. As in
curl, the upper-case HTTP_PROXY is ignored (a CGI-set header could forge it); `--proxy ""`
turns every proxy off. A proxy is an http:// or https:// URL, optionally with user:password.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Proxy:
    """One proxy server: where it is and how to log in."""

    url: str  # scheme://host:port, without credentials
    host: str
    port: int
    tls: bool  # an https:// proxy: TLS to the proxy itself
    auth: tuple[str, str] | None = None

    @classmethod
    def parse(cls, text: str) -> Proxy:
        """`[http[s]://][user:password@]host[:port]`; raises ValueError otherwise."""
        raw = text.strip()
        if "://" not in raw:
            raw = "http://" + raw  # curl's default
        parts = urlsplit(raw)
        if parts.scheme not in SCHEMES:
            raise ValueError(f"{parts.scheme}:// proxies are not supported (use http or https)")
        if not parts.hostname:
            raise ValueError("no proxy host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 1080)
        except ValueError as exc:
            raise ValueError(f"bad proxy port: {exc}") from None
        auth = None
        if parts.username is not None:
            auth = (unquote(parts.username), unquote(parts.password or ""))
        host = parts.hostname
        shown = f"[{host}]" if ":" in host else host
        return cls(f"{parts.scheme}://{shown}:{port}", host, port, parts.scheme == "https", auth)

    def authorization(self) -> str | None:
        """The Proxy-Authorization header value, if the proxy URL has credentials."""
        if self.auth is None:
            return None
        token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
        return f"Basic {token}"


@dataclass(frozen=True, slots=True)
class ProxySettings:
    """Which proxy, if any, a URL goes through."""

    http: Proxy | None = None
    https: Proxy | None = None
    no_proxy: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], option: str | None) -> ProxySettings:
        """`option` (--proxy) wins over the environment; raises ValueError naming the source."""
        no_proxy = environ.get("no_proxy", environ.get("NO_PROXY", ""))
        entries = tuple(e.strip().lower() for e in no_proxy.split(",") if e.strip())
        if option is not None:
            if not option.strip():
                return cls()
            proxy = _parse(option, "--proxy")
            return cls(proxy, proxy, entries)
        fallback = environ.get("all_proxy") or environ.get("ALL_PROXY")
        http = environ.get("http_proxy") or fallback
        https = environ.get("https_proxy") or environ.get("HTTPS_PROXY") or fallback
        return cls(
            _parse(http, "http_proxy") if http else None,
            _parse(https, "https_proxy") if https else None,
            entries,
        )

    def for_url(self, scheme: str, host: str) -> Proxy | None:
        """The proxy for a request to `scheme://host`, or None to connect directly."""
        proxy = self.https if scheme == "https" else self.http
        if proxy is None or _bypassed(host.lower().strip("[]"), self.no_proxy):
            return None
        return proxy


def _parse(text: str, source: str) -> Proxy:
    try:
        return Proxy.parse(text)
    except ValueError as exc:
        raise ValueError(f"{source} {text!r}: {exc}") from None


def _bypassed(host: str, entries: tuple[str, ...]) -> bool:
    for entry in entries:
        if entry == "*":
            return True
        name = entry.lstrip(".")
        if ":" in name and not name.startswith("[") and name.count(":") == 1:
            name = name.split(":", 1)[0]  # a port is ignored, as curl does
        name = name.strip("[]")
        if host == name or host.endswith("." + name):
            return True
        if "/" in name:
            try:
                if ipaddress.ip_address(host) in ipaddress.ip_network(name, strict=False):
                    return True
            except ValueError:
                continue
    return False


class ProxyRefused(OSError):
    """The proxy cannot be reached or answered CONNECT with something other than 2xx."""


async def open_tunnel(
    proxy: Proxy,
    addresses: list[str],
    host: str,
    port: int,
    timeout: float,
    proxy_context: ssl.SSLContext | None = None,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A TCP stream to `host:port` through `proxy` (at `addresses`), by HTTP CONNECT."""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(
                addresses[0],
                proxy.port,
                ssl=proxy_context if proxy.tls else None,
                server_hostname=proxy.host if proxy.tls else None,
            )
    except (OSError, TimeoutError) as exc:
        raise ProxyRefused(f"proxy {proxy.url}: cannot connect: {exc or 'timeout'}") from exc
    async with asyncio.timeout(timeout):
        try:
            target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
            if (authorization := proxy.authorization()) is not None:
                lines.append(f"Proxy-Authorization: {authorization}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            writer.close()
            raise ProxyRefused(f"proxy {proxy.url} gave no usable answer to CONNECT") from exc
        except BaseException:
            writer.close()
            raise
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    fields = status_line.split(" ", 2)
    if len(fields) < 2 or not fields[1].startswith("2"):
        writer.close()
        raise ProxyRefused(f"proxy {proxy.url} refused CONNECT {host}:{port}: {status_line}")
    return reader, writer
