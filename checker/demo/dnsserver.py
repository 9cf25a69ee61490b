"""A tiny authoritative DNS server on loopback (UDP + TCP on the same port), built on dnspython.

Unknown names get NXDOMAIN. Each name in the :class:`Zone` may carry A/AAAA/TXT records, a
CNAME (followed within the zone, so chains and dangling targets behave like the real thing), or
a canned failure: NXDOMAIN, SERVFAIL, REFUSED, or "timeout" (the server never answers).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import time
from dataclasses import dataclass
from typing import Literal, cast

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

LOOPBACK = "127.0.0.1"
Mode = Literal["answer", "nxdomain", "servfail", "refused", "timeout"]
_MAX_CNAME_HOPS = 10


@dataclass(frozen=True)
class ZoneEntry:
    """Records (or a canned failure) for one name."""

    a: tuple[str, ...] = ()
    aaaa: tuple[str, ...] = ()
    cname: str | None = None
    txt: tuple[str, ...] = ()
    mode: Mode = "answer"
    ttl: int = 60


@dataclass(frozen=True)
class QueryRecord:
    """One query as received."""

    time: float
    transport: Literal["udp", "tcp"]
    name: str  # lowercased, no trailing dot
    rdtype: str  # "A", "AAAA", ...


def _norm(name: str) -> str:
    return name.lower().rstrip(".")


class Zone:
    """name -> :class:`ZoneEntry`; ``*.suffix`` entries act as wildcards for unlisted names."""

    def __init__(self) -> None:
        self.entries: dict[str, ZoneEntry] = {}

    def set(self, name: str, entry: ZoneEntry) -> None:
        """Replace everything known about *name*."""
        self.entries[_norm(name)] = entry

    def a(self, name: str, *ips: str) -> None:
        """A records (default 127.0.0.1)."""
        self.set(name, ZoneEntry(a=ips or (LOOPBACK,)))

    def aaaa(self, name: str, *ips: str) -> None:
        """AAAA records only."""
        self.set(name, ZoneEntry(aaaa=ips))

    def cname(self, name: str, target: str) -> None:
        """A CNAME to *target* (which may be another zone name, or unknown = dangling)."""
        self.set(name, ZoneEntry(cname=_norm(target)))

    def no_answer(self, name: str) -> None:
        """The name exists (it has a TXT record) but has no address: NOERROR, empty answer."""
        self.set(name, ZoneEntry(txt=("v=spf1 -all",)))

    def fail(self, name: str, mode: Mode) -> None:
        """Make queries for *name* fail with *mode* (``nxdomain``, ``servfail``, ...)."""
        self.set(name, ZoneEntry(mode=mode))

    def lookup(self, name: str) -> ZoneEntry | None:
        """Exact entry, else the closest ``*.`` wildcard, else None."""
        name = _norm(name)
        if name in self.entries:
            return self.entries[name]
        labels = name.split(".")
        for i in range(1, len(labels)):
            wildcard = "*." + ".".join(labels[i:])
            if wildcard in self.entries:
                return self.entries[wildcard]
        return None


def _soa(qname: dns.name.Name) -> dns.rrset.RRset:
    apex = dns.name.Name(qname.labels[-2:]) if len(qname.labels) >= 2 else dns.name.root
    return dns.rrset.from_text(
        apex, 60, "IN", "SOA", f"ns.{apex} hostmaster.{apex} 1 3600 600 86400 60"
    )


def build_response(zone: Zone, query: dns.message.Message) -> dns.message.Message | None:
    """The answer to *query*, or None when the server should stay silent."""
    resp = dns.message.make_response(query)
    resp.flags |= dns.flags.AA | dns.flags.RA
    if not query.question:
        resp.set_rcode(dns.rcode.FORMERR)
        return resp
    qname, qtype = query.question[0].name, query.question[0].rdtype
    name = qname
    for _ in range(_MAX_CNAME_HOPS):
        entry = zone.lookup(name.to_text(omit_final_dot=True))
        if entry is None or entry.mode == "nxdomain":
            resp.set_rcode(dns.rcode.NXDOMAIN)
            resp.authority.append(_soa(name))
            return resp
        if entry.mode == "timeout":
            return None
        if entry.mode in ("servfail", "refused"):
            rcode = dns.rcode.SERVFAIL if entry.mode == "servfail" else dns.rcode.REFUSED
            resp.set_rcode(rcode)
            return resp
        if entry.cname is not None and qtype != dns.rdatatype.CNAME:
            resp.answer.append(
                dns.rrset.from_text(name, entry.ttl, "IN", "CNAME", entry.cname + ".")
            )
            name = dns.name.from_text(entry.cname)
            continue
        values: tuple[str, ...] = {
            dns.rdatatype.A: entry.a,
            dns.rdatatype.AAAA: entry.aaaa,
            dns.rdatatype.TXT: tuple(f'"{t}"' for t in entry.txt),
            dns.rdatatype.CNAME: (entry.cname + ".",) if entry.cname else (),
        }.get(qtype, ())
        if values:
            rdtype = dns.rdatatype.to_text(qtype)
            resp.answer.append(dns.rrset.from_text_list(name, entry.ttl, "IN", rdtype, values))
        else:
            resp.authority.append(_soa(name))
        return resp
    resp.set_rcode(dns.rcode.SERVFAIL)  # CNAME loop
    return resp


class DnsServer:
    """UDP + TCP DNS server over a :class:`Zone`, with a query log."""

    def __init__(self, zone: Zone | None = None) -> None:
        self.zone = zone if zone is not None else Zone()
        self.log: list[QueryRecord] = []
        self.port = 0
        self._udp: asyncio.DatagramTransport | None = None
        self._tcp: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def handle(self, wire: bytes, transport: Literal["udp", "tcp"]) -> bytes | None:
        """Answer one wire-format query (None: no reply)."""
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        if query.question:
            q = query.question[0]
            name = _norm(q.name.to_text())
            self.log.append(
                QueryRecord(time.time(), transport, name, dns.rdatatype.to_text(q.rdtype))
            )
        resp = build_response(self.zone, query)
        if resp is None:
            return None
        limit = 65535 if transport == "tcp" else max(512, query.payload if query.edns >= 0 else 0)
        try:
            return resp.to_wire(max_size=limit)
        except dns.exception.TooBig:
            resp.answer.clear()
            resp.authority.clear()
            resp.flags |= dns.flags.TC
            return resp.to_wire()

    async def start(self) -> None:
        """Bind UDP and TCP on the same ephemeral 127.0.0.1 port."""
        loop = asyncio.get_running_loop()
        for _attempt in range(20):
            udp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp_sock.bind((LOOPBACK, 0))
            port = udp_sock.getsockname()[1]
            tcp_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                tcp_sock.bind((LOOPBACK, port))
            except OSError:
                udp_sock.close()
                tcp_sock.close()
                continue
            break
        else:
            raise OSError("could not bind UDP and TCP to the same port")
        self._udp, _ = await loop.create_datagram_endpoint(
            lambda: _UdpProtocol(self), sock=udp_sock
        )
        self._tcp = await asyncio.start_server(self._serve_tcp, sock=tcp_sock)
        self.port = port

    async def stop(self) -> None:
        """Close both listeners and any open TCP connection."""
        if self._udp is not None:
            self._udp.close()
        if self._tcp is not None:
            self._tcp.close()
            for writer in list(self._writers):
                writer.transport.abort()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._tcp.wait_closed(), 2.0)

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                (length,) = struct.unpack("!H", await reader.readexactly(2))
                wire = self.handle(await reader.readexactly(length), "tcp")
                if wire is not None:
                    writer.write(struct.pack("!H", len(wire)) + wire)
                    await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()


class _UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, server: DnsServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | int, int]) -> None:
        wire = self.server.handle(data, "udp")
        if wire is not None and self.transport is not None:
            self.transport.sendto(wire, addr)
