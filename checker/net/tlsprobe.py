"""Look at a server's certificate: does TLS work at all, is the chain trusted, which
names and dates does the certificate carry. One probe per (host, port) per run.

A failed verification does not stop at "handshake failed": the certificate is
fetched again without verification, so the checks can say exactly what is wrong.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from dataclasses import dataclass
from datetime import datetime

import certifi
from cryptography import x509

from checker.net.proxy import ProxyRefused, open_tunnel
from checker.net.transport import NO_CHECK_TIME, DnsFailure, Router


@dataclass(frozen=True, slots=True)
class CertInfo:
    """The leaf certificate's facts that matter for a launch."""

    subject: str
    issuer: str
    sans: tuple[str, ...]
    not_before: datetime
    not_after: datetime
    self_signed: bool

    def covers(self, host: str) -> bool:
        """Whether the SANs cover `host` (RFC 6125: one left-most wildcard label)."""
        host = host.lower().rstrip(".")
        for name in self.sans:
            if name == host:
                return True
            if name.startswith("*.") and "." in host:
                label, rest = host.split(".", 1)
                if label and rest == name[2:]:
                    return True
        return False


@dataclass(frozen=True, slots=True)
class TlsFacts:
    """What a TLS probe of host:port found."""

    host: str
    port: int
    cert: CertInfo | None = None
    handshake_error: str | None = None  # no TLS session at all
    unresolved: bool = False  # the host does not resolve (dns.resolve says why)
    plain_http: bool = False  # the port answered in plain HTTP
    trust_error: str | None = None  # chain does not verify (dates ignored)
    protocol: str | None = None
    via_proxy: bool = False  # the handshake error is the proxy's, not the host's


def parse_cert(der: bytes) -> CertInfo:
    """Subject, issuer, SANs and validity dates of a DER certificate."""
    cert = x509.load_der_x509_certificate(der)
    sans: list[str] = []
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        sans += [n.lower() for n in ext.value.get_values_for_type(x509.DNSName)]
        sans += [str(ip) for ip in ext.value.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        pass
    return CertInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        sans=tuple(sans),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=cert.issuer == cert.subject,
    )


def _contexts(ca_bundle: str | None) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cafile = ca_bundle or os.environ.get("SSL_CERT_FILE") or certifi.where()
    verifying = ssl.create_default_context(cafile=cafile)
    verifying.check_hostname = False  # names are judged by tls.hostname
    verifying.verify_flags |= NO_CHECK_TIME  # dates are judged by tls.expiry
    lenient = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # loads no CA: it trusts nothing anyway
    lenient.check_hostname = False
    lenient.verify_mode = ssl.CERT_NONE
    return verifying, lenient


class TlsProber:
    """Probes each (host, port) once per run."""

    def __init__(
        self,
        router: Router,
        ca_bundle: str | None,
        timeout: float,
    ) -> None:
        self.router = router
        self.timeout = timeout
        self._verifying, self._lenient = _contexts(ca_bundle)
        self._cache: dict[tuple[str, int], asyncio.Task[TlsFacts]] = {}

    def probe(self, host: str, port: int) -> asyncio.Task[TlsFacts]:
        key = (host.lower(), port)
        if key not in self._cache:
            self._cache[key] = asyncio.ensure_future(self._probe(*key))
        return self._cache[key]

    async def _connect(
        self, host: str, port: int, timeout: float
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A TCP stream to `host:port`: direct, or tunnelled through the proxy for https."""
        proxy = self.router.proxy_for("https", host, port)
        if proxy is None:
            addresses, real_port = await self.router.route(host, port)
            async with asyncio.timeout(timeout):
                return await asyncio.open_connection(addresses[0], real_port)
        addresses = await self.router.proxy_addresses(proxy)
        context = ssl.create_default_context() if proxy.tls else None
        return await open_tunnel(proxy, addresses, host, port, timeout, context)

    async def _handshake(self, host: str, port: int, context: ssl.SSLContext) -> tuple[bytes, str]:
        _reader, writer = await self._connect(host, port, self.timeout)
        try:
            async with asyncio.timeout(self.timeout):
                await writer.start_tls(context, server_hostname=host)
        except BaseException:
            writer.close()
            raise
        try:
            ssl_object = writer.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
            return der or b"", (ssl_object.version() if ssl_object else "") or ""
        finally:
            writer.close()

    async def _speaks_http(self, host: str, port: int) -> bool:
        try:
            async with asyncio.timeout(min(self.timeout, 3.0)):
                reader, writer = await self._connect(host, port, min(self.timeout, 3.0))
                writer.write(f"HEAD / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
                first = await reader.read(5)
                writer.close()
        except (OSError, TimeoutError, DnsFailure):
            return False
        return first == b"HTTP/"

    async def _probe(self, host: str, port: int) -> TlsFacts:
        trust_error = None
        try:
            der, protocol = await self._handshake(host, port, self._verifying)
        except ssl.SSLCertVerificationError as exc:
            trust_error = exc.verify_message or str(exc)
        except DnsFailure as exc:
            message = f"DNS: {exc.answer.detail}"
            return TlsFacts(host, port, handshake_error=message, unresolved=True)
        except ProxyRefused as exc:
            return TlsFacts(host, port, handshake_error=str(exc), via_proxy=True)
        except (ssl.SSLError, OSError, TimeoutError) as exc:
            if await self._speaks_http(host, port):
                message = f"port {port} answers in plain HTTP, not TLS"
                return TlsFacts(host, port, handshake_error=message, plain_http=True)
            return TlsFacts(host, port, handshake_error=_describe(exc))
        if trust_error is not None:
            try:
                der, protocol = await self._handshake(host, port, self._lenient)
            except (ssl.SSLError, OSError, TimeoutError, DnsFailure) as exc:
                return TlsFacts(host, port, handshake_error=_describe(exc))
        try:
            cert = parse_cert(der)
        except ValueError as exc:
            return TlsFacts(host, port, handshake_error=f"unreadable certificate: {exc}")
        return TlsFacts(host, port, cert, trust_error=trust_error, protocol=protocol)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no TLS handshake within the timeout"
    if isinstance(exc, ssl.SSLError):
        return f"TLS handshake failed: {getattr(exc, 'reason', None) or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return f"cannot connect: {exc}"
