"""``World``: the whole offline internet (DNS + HTTP + HTTPS + hostile listeners) on loopback.

The servers run on their own event loop in a background thread, so the caller's thread is free
to run ``asyncio.run(...)`` or a click CLI against them::

    with World() as world:
        world.add_host("go.acme.test", {"/": page("<title>Hi</title>")})
        run_cli(["https://go.acme.test/", *world.cli_args()])
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from checker.demo.dnsserver import LOOPBACK, DnsServer, QueryRecord, Zone, ZoneEntry
from checker.demo.httpserver import Handler, HttpServer, RequestLog, VirtualHost
from checker.demo.pki import CertKind, IssuedCert, Issuer, default_ca, issue_kind

Listener = Literal["https", "plain-on-tls", "garbage-tls", "silent", "refused"]


@dataclass(frozen=True)
class HostSpec:
    """A web host of the catalogue: routes, certificate situation, where port 443 leads."""

    name: str
    doc: str
    routes: Mapping[str, Handler] = field(default_factory=dict)
    cert: CertKind | IssuedCert | None = CertKind.GOOD
    catch_all: Handler | None = None
    http_to_https: bool = False
    listener: Listener = "https"  # which listener "<name>:443" is connected to
    dns: ZoneEntry | None = None  # default: A 127.0.0.1


@dataclass(frozen=True)
class DnsSpec:
    """A DNS-only name of the catalogue."""

    name: str
    doc: str
    entry: ZoneEntry


class World:
    """Loopback DNS + HTTP(S) servers with a virtual-host table; start/stop or use ``with``."""

    def __init__(self, issuer: Issuer | None = None) -> None:
        self.issuer: Issuer = issuer if issuer is not None else default_ca()
        self.zone = Zone()
        self.http = HttpServer(self.issuer.issue("localhost", LOOPBACK))
        self.dns = DnsServer(self.zone)
        self.listeners: dict[str, Listener] = {}  # host -> non-default listener for :443
        self.docs: dict[str, str] = {}  # name -> one-line description
        self.loop_errors: list[str] = []
        self._tmp = Path(tempfile.mkdtemp(prefix="cc-world-"))
        self.ca_bundle_path = self._tmp / "ca-bundle.pem"
        self.ca_bundle_path.write_bytes(self.issuer.root_pem)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    # -- building the world --------------------------------------------------------------

    def add_host(
        self,
        name: str,
        routes: Mapping[str, Handler] | None = None,
        *,
        cert: CertKind | IssuedCert | None = CertKind.GOOD,
        catch_all: Handler | None = None,
        http_to_https: bool = False,
        listener: Listener = "https",
        dns: ZoneEntry | None = None,
        doc: str = "",
    ) -> VirtualHost:
        """Serve *name* (before or after start). Unless *dns* is given and unless the zone
        already knows *name*, it also gets an A record for 127.0.0.1."""
        name = name.lower()
        issued = issue_kind(self.issuer, name, cert) if isinstance(cert, CertKind) else cert
        vhost = VirtualHost(name, dict(routes or {}), catch_all, issued, http_to_https)
        self.http.add_host(vhost)
        if dns is not None:
            self.zone.set(name, dns)
        elif self.zone.lookup(name) is None:
            self.zone.a(name)
        if listener == "https":
            self.listeners.pop(name, None)
        else:
            self.listeners[name] = listener
        if doc:
            self.docs[name] = doc
        return vhost

    def add(self, *specs: HostSpec | DnsSpec) -> None:
        """Add catalogue entries."""
        for spec in specs:
            if isinstance(spec, DnsSpec):
                self.zone.set(spec.name, spec.entry)
                self.docs[spec.name] = spec.doc
            else:
                self.add_host(
                    spec.name,
                    spec.routes,
                    cert=spec.cert,
                    catch_all=spec.catch_all,
                    http_to_https=spec.http_to_https,
                    listener=spec.listener,
                    dns=spec.dns,
                    doc=spec.doc,
                )

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Self:
        """Start every server in a background thread; returns once all ports are bound."""
        if self._thread is not None:
            return self
        self._tmp.mkdir(exist_ok=True)  # stop() deletes it; a world may be restarted
        self.ca_bundle_path.write_bytes(self.issuer.root_pem)
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._main(ready, failure)),
            name="campaign-checker-world",
            daemon=True,
        )
        self._thread.start()
        if not ready.wait(10) or failure:
            self.stop()
            raise RuntimeError("offline world failed to start") from (
                failure[0] if failure else None
            )
        return self

    async def _main(self, ready: threading.Event, failure: list[BaseException]) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(self._on_loop_error)
        self._stopping = asyncio.Event()
        try:
            await self.http.start()
            await self.dns.start()
        except BaseException as exc:
            failure.append(exc)
            ready.set()
            raise
        ready.set()
        await self._stopping.wait()
        await self.http.stop()
        await self.dns.stop()

    def _on_loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError | asyncio.CancelledError):
            return  # connection noise from hostile clients
        self.loop_errors.append(f"{context.get('message')}: {exc!r}")

    def stop(self) -> None:
        """Stop the servers, join the thread, delete the temp directory."""
        loop, stopping, thread = self._loop, self._stopping, self._thread
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop may be gone already
                loop.call_soon_threadsafe(stopping.set)
        if thread is not None:
            thread.join(10)
        self._thread = self._loop = self._stopping = None
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- ports and CLI arguments ---------------------------------------------------------

    def _port(self, kind: str) -> int:
        if kind not in self.http.ports:
            raise RuntimeError("World is not started")
        return self.http.ports[kind]

    @property
    def http_port(self) -> int:
        """Plain HTTP listener."""
        return self._port("http")

    @property
    def https_port(self) -> int:
        """TLS listener (certificate by SNI)."""
        return self._port("https")

    @property
    def plain_on_tls_port(self) -> int:
        """Plain HTTP listener meant to be reached with an https:// URL."""
        return self._port("plain-on-tls")

    @property
    def garbage_tls_port(self) -> int:
        """Listener answering a ClientHello with non-TLS junk."""
        return self._port("garbage-tls")

    @property
    def silent_port(self) -> int:
        """Listener that accepts TCP and never sends a byte."""
        return self._port("silent")

    @property
    def refused_port(self) -> int:
        """A port where connections are refused."""
        return self._port("refused")

    @property
    def dns_port(self) -> int:
        """DNS server (UDP and TCP)."""
        if not self.dns.port:
            raise RuntimeError("World is not started")
        return self.dns.port

    def port_for(self, host: str, scheme: str = "https") -> int:
        """The local port that ``<scheme>://<host>/`` is connected to."""
        if scheme == "http":
            return self.http_port
        return self._port(self.listeners.get(host.lower(), "https"))

    def connect_to_args(self) -> list[str]:
        """curl-style ``--connect-to`` options: host-specific ones first, then :443 and :80."""
        args: list[str] = []
        for host, kind in sorted(self.listeners.items()):
            args += ["--connect-to", f"{host}:443:{LOOPBACK}:{self._port(kind)}"]
        args += ["--connect-to", f":443:{LOOPBACK}:{self.https_port}"]
        args += ["--connect-to", f":80:{LOOPBACK}:{self.http_port}"]
        return args

    def cli_args(self) -> list[str]:
        """Everything the CLI needs to live in this world: connect-to, nameserver, CA bundle."""
        return [
            *self.connect_to_args(),
            "--nameserver",
            f"{LOOPBACK}:{self.dns_port}",
            "--ca-bundle",
            str(self.ca_bundle_path),
        ]

    # -- observation ---------------------------------------------------------------------

    @property
    def requests(self) -> RequestLog:
        """Every HTTP request received so far."""
        return self.http.log

    @property
    def dns_queries(self) -> list[QueryRecord]:
        """Every DNS query received so far."""
        return self.dns.log

    @property
    def errors(self) -> list[str]:
        """Unexpected server-side failures (handler crashes, loop errors); should be empty."""
        return [*self.http.errors, *self.loop_errors]
