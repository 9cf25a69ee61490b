"""The TLS handshake and certificate of an https target's host."""

from __future__ import annotations

import httpx

from checker.checks.facts import Fact, Gathering
from checker.net.tlsprobe import TlsFacts


async def _handshake(gathering: Gathering) -> TlsFacts:
    url = httpx.URL(gathering.target.check_url)
    return await gathering.network.prober.probe(url.host, url.port or 443)


TLS: Fact[TlsFacts] = Fact("tls", _handshake)
