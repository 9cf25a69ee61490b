"""The TLS handshake and certificate of an https target's host."""

from __future__ import annotations

import asyncio

from checker.checks.facts import Fact, Gathering
from checker.net.parsed import parsed_url
from checker.net.tlsprobe import TlsFacts


async def _handshake(gathering: Gathering) -> TlsFacts:
    url = parsed_url(gathering.target.check_url)
    # The probe is shared by every target on the host: cancelling this one must not end it.
    return await asyncio.shield(gathering.network.prober.probe(url.host, url.port or 443))


TLS: Fact[TlsFacts] = Fact("tls", _handshake)
