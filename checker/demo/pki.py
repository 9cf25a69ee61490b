"""Certificates for the offline world: a tiny CA, leaf certificates, self-signed certificates.

Two interchangeable issuers implement :class:`Issuer`:

* :class:`CertificateAuthority` - pure ``cryptography``, used by ``campaign-check demo``;
* :class:`TrustmeIssuer` - wraps a ``trustme.CA`` (tests only; trustme is not imported here).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import ipaddress
import ssl
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = dt.timedelta(days=1)


def utcnow() -> dt.datetime:
    """Current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


@functools.cache
def _shared_key(purpose: str) -> ec.EllipticCurvePrivateKey:
    """One P-256 key per purpose per process (key generation is the slow part)."""
    del purpose  # only part of the cache key
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _san(names: tuple[str, ...]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _leaf_builder(
    names: tuple[str, ...],
    key: ec.EllipticCurvePrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.CertificateBuilder:
    if not names:
        raise ValueError("a certificate needs at least one name")
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_san(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


@dataclass(frozen=True)
class IssuedCert:
    """A server certificate: PEM chain (leaf first) and PEM private key."""

    chain_pem: bytes
    key_pem: bytes

    @property
    def leaf(self) -> x509.Certificate:
        """The parsed leaf certificate."""
        return x509.load_pem_x509_certificate(self.chain_pem)

    def write(self, directory: Path, stem: str) -> tuple[Path, Path]:
        """Write ``<stem>.crt`` and ``<stem>.key`` into *directory*; return both paths."""
        cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
        cert_path.write_bytes(self.chain_pem)
        key_path.write_bytes(self.key_pem)
        return cert_path, key_path

    def server_context(self) -> ssl.SSLContext:
        """An ``ssl.SSLContext`` serving this certificate (HTTP/1.1 ALPN only)."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.set_alpn_protocols(["http/1.1"])
        with tempfile.TemporaryDirectory(prefix="cc-cert-") as tmp:
            cert_path, key_path = self.write(Path(tmp), "server")
            ctx.load_cert_chain(cert_path, key_path)
        return ctx


class Issuer(Protocol):
    """Anything that can issue leaf certificates under a trusted root."""

    @property
    def root_pem(self) -> bytes:
        """PEM of the root certificate (what goes into a CA bundle)."""
        ...

    def issue(
        self,
        *names: str,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
    ) -> IssuedCert:
        """Issue a leaf certificate for DNS names / IP addresses."""
        ...


class CertificateAuthority:
    """A self-signed root CA built with ``cryptography`` only."""

    def __init__(self, name: str = "campaign-checker demo CA") -> None:
        self._key = _shared_key("ca:" + name)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = utcnow()
        public = self._key.public_key()
        self._cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - 365 * DAY)
            .not_valid_after(now + 10 * 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(self._key, hashes.SHA256())
        )

    @property
    def root_pem(self) -> bytes:
        """PEM of the root certificate."""
        return _cert_pem(self._cert)

    def issue(
        self,
        *names: str,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
    ) -> IssuedCert:
        """Issue a leaf for *names* (default validity: yesterday to +90 days)."""
        now = utcnow()
        key = _shared_key("leaf")
        ski = self._cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        cert = (
            _leaf_builder(names, key, not_before or now - DAY, not_after or now + 90 * DAY)
            .issuer_name(self._cert.subject)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )
        return IssuedCert(chain_pem=_cert_pem(cert), key_pem=_key_pem(key))


class _Blob(Protocol):
    def bytes(self) -> bytes: ...


class _TrustmeLeaf(Protocol):
    @property
    def private_key_pem(self) -> _Blob: ...

    @property
    def cert_chain_pems(self) -> Sequence[_Blob]: ...


class _TrustmeCA(Protocol):
    @property
    def cert_pem(self) -> _Blob: ...

    def issue_cert(
        self,
        *identities: str,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
    ) -> _TrustmeLeaf: ...


class TrustmeIssuer:
    """Adapter making a ``trustme.CA`` an :class:`Issuer` (trustme is a test-only dep)."""

    def __init__(self, ca: _TrustmeCA) -> None:
        self.ca = ca

    @property
    def root_pem(self) -> bytes:
        """PEM of the trustme root."""
        return self.ca.cert_pem.bytes()

    def issue(
        self,
        *names: str,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
    ) -> IssuedCert:
        """Issue a leaf through trustme (default validity: yesterday to +90 days)."""
        now = utcnow()
        leaf = self.ca.issue_cert(
            *names, not_before=not_before or now - DAY, not_after=not_after or now + 90 * DAY
        )
        chain = b"".join(blob.bytes() for blob in leaf.cert_chain_pems)
        return IssuedCert(chain_pem=chain, key_pem=leaf.private_key_pem.bytes())


def self_signed(
    *names: str, not_before: dt.datetime | None = None, not_after: dt.datetime | None = None
) -> IssuedCert:
    """A self-signed leaf for *names* (trusted by nobody)."""
    now = utcnow()
    key = _shared_key("self-signed")
    builder = _leaf_builder(names, key, not_before or now - DAY, not_after or now + 90 * DAY)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    cert = builder.issuer_name(subject).sign(key, hashes.SHA256())
    return IssuedCert(chain_pem=_cert_pem(cert), key_pem=_key_pem(key))


@functools.cache
def default_ca() -> CertificateAuthority:
    """The process-wide demo CA (created once)."""
    return CertificateAuthority()


class CertKind(enum.StrEnum):
    """Canned certificate situations for a virtual host."""

    GOOD = "good"
    EXPIRED = "expired"  # expired 30 days ago
    NOT_YET_VALID = "not-yet-valid"  # valid from 30 days in the future
    EXPIRING_SOON = "expiring-soon"  # expires in 5 days
    WRONG_HOST = "wrong-host"  # valid, but for other.test only
    SELF_SIGNED = "self-signed"  # not signed by the world's CA


WRONG_HOST_NAME = "other.test"


def issue_kind(issuer: Issuer, host: str, kind: CertKind) -> IssuedCert:
    """Issue the certificate of the given *kind* for *host*."""
    now = utcnow()
    match kind:
        case CertKind.GOOD:
            return issuer.issue(host)
        case CertKind.EXPIRED:
            return issuer.issue(host, not_before=now - 90 * DAY, not_after=now - 30 * DAY)
        case CertKind.NOT_YET_VALID:
            return issuer.issue(host, not_before=now + 30 * DAY, not_after=now + 120 * DAY)
        case CertKind.EXPIRING_SOON:
            return issuer.issue(host, not_before=now - 60 * DAY, not_after=now + 5 * DAY)
        case CertKind.WRONG_HOST:
            return issuer.issue(WRONG_HOST_NAME)
        case CertKind.SELF_SIGNED:
            return self_signed(host)
