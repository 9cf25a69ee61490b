"""The tool's own asynchronous DNS resolver (dnspython).

It tells NXDOMAIN, no answer, SERVFAIL and timeout apart and keeps the CNAME
chain, which the `dns.*` checks report and `dns.dangling` needs. Without
`--nameserver` it reads /etc/hosts first, as a browser on this machine would.
Each name is looked up once per run.
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass
from pathlib import Path

import dns.asyncresolver
import dns.exception
import dns.message
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver

HOSTS_FILE = Path("/etc/hosts")


@dataclass(frozen=True, slots=True)
class DnsAnswer:
    """What DNS says about one host name."""

    host: str
    addresses: tuple[str, ...] = ()
    cnames: tuple[str, ...] = ()  # the chain of CNAME targets, in order
    error: str | None = None  # "nxdomain", "noanswer", "servfail", "timeout", "error"
    detail: str = ""
    source: str = "dns"  # "dns", "hosts" or "literal"

    @property
    def ok(self) -> bool:
        return bool(self.addresses)


def _read_hosts(path: Path = HOSTS_FILE) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    for line in lines:
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        for name in fields[1:]:
            table.setdefault(name.lower().rstrip("."), []).append(fields[0])
    return {name: tuple(addrs) for name, addrs in table.items()}


def parse_nameserver(text: str) -> tuple[str, int]:
    """`ADDR`, `ADDR:PORT` or `[V6]:PORT` → (address, port)."""
    text = text.strip()
    if text.startswith("["):
        addr, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        addr, port = text.split(":")
    else:
        addr, port = text, ""
    ipaddress.ip_address(addr)  # raises ValueError for a name
    number = int(port) if port else 53
    if not 0 < number < 65536:
        raise ValueError(f"port {number} out of range")
    return addr, number


def _cname_chain(response: dns.message.Message | None) -> tuple[str, ...]:
    if response is None:
        return ()
    return tuple(
        rdata.target.to_text().rstrip(".").lower()
        for rrset in response.answer
        if rrset.rdtype == dns.rdatatype.CNAME
        for rdata in rrset
    )


class Resolver:
    """Memoising A/AAAA resolver; `nameservers` replaces the system configuration."""

    def __init__(self, nameservers: list[tuple[str, int]] | None = None, timeout: float = 5.0):
        if nameservers:
            self._dns = dns.asyncresolver.Resolver(configure=False)
            self._dns.nameservers = [
                dns.nameserver.Do53Nameserver(addr, port) for addr, port in nameservers
            ]
            self._hosts: dict[str, tuple[str, ...]] = {}
        else:
            self._dns = dns.asyncresolver.Resolver()
            self._hosts = _read_hosts()
        self._dns.lifetime = timeout
        self._dns.timeout = min(timeout, 2.0)
        self._cache: dict[str, asyncio.Task[DnsAnswer]] = {}

    def lookup(self, host: str) -> asyncio.Task[DnsAnswer]:
        """The (shared) lookup task for `host`."""
        key = host.lower().rstrip(".")
        task = self._cache.get(key)
        if task is None:
            task = asyncio.ensure_future(self._lookup(key))
            self._cache[key] = task
        return task

    async def _lookup(self, host: str) -> DnsAnswer:
        bare = host.strip("[]")
        try:
            ipaddress.ip_address(bare)
        except ValueError:
            pass
        else:
            return DnsAnswer(host, (bare,), source="literal", detail="an IP address literal")
        if host in self._hosts:
            return DnsAnswer(host, self._hosts[host], source="hosts", detail="from /etc/hosts")
        v4, v6 = await asyncio.gather(self._query(host, "A"), self._query(host, "AAAA"))
        addresses = v4.addresses + v6.addresses
        cnames = v4.cnames or v6.cnames
        if addresses:
            return DnsAnswer(host, addresses, cnames, detail=", ".join(addresses))
        if v4.error == v6.error == "noanswer":
            return DnsAnswer(host, (), cnames, "noanswer", "no A or AAAA record (NOERROR, empty)")
        failed = v4 if v4.error != "noanswer" else v6
        return DnsAnswer(host, (), cnames, failed.error, failed.detail)

    async def _query(self, host: str, rdtype: str) -> DnsAnswer:
        try:
            answer = await self._dns.resolve(host, rdtype, search=False, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN as exc:
            responses = exc.kwargs.get("responses") or {}
            chain = next((_cname_chain(r) for r in responses.values() if _cname_chain(r)), ())
            where = f"{chain[-1]} (CNAME target of {host})" if chain else host
            return DnsAnswer(host, (), chain, "nxdomain", f"NXDOMAIN: {where} does not exist")
        except dns.resolver.NoNameservers as exc:
            return DnsAnswer(host, (), (), "servfail", f"SERVFAIL: no server could answer ({exc})")
        except dns.exception.Timeout:
            return DnsAnswer(host, (), (), "timeout", "timeout: no DNS answer in time")
        except dns.exception.DNSException as exc:
            return DnsAnswer(host, (), (), "error", f"DNS error: {exc}")
        chain = _cname_chain(answer.response)
        if answer.rrset is None:
            return DnsAnswer(host, (), chain, "noanswer", f"no {rdtype} record (NOERROR, empty)")
        addresses = tuple(rdata.to_text() for rdata in answer.rrset)
        return DnsAnswer(host, addresses, chain)
