"""The TLS handshake and certificate of an https target's host."""

from __future__ import annotations

from checker.checks.facts import Fact, Gathering
from checker.net.parsed import parsed_url
from checker.net.tlsprobe import TlsFacts


async def _handshake(gathering: Gathering) -> TlsFacts:
    url = parsed_url(gathering.target.check_url)
    return await gathering.network.prober.probe(url.host, url.port or 443)


TLS: Fact[TlsFacts] = Fact("tls", _handshake)
