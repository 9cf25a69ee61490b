"""The DNS answer for a target's host."""

from __future__ import annotations

import asyncio

from checker.checks.facts import Fact, Gathering
from checker.net.parsed import parsed_url
from checker.net.resolver import DnsAnswer


async def _lookup(gathering: Gathering) -> DnsAnswer:
    # The lookup is shared by every target on the host: cancelling this one must not end it.
    host = parsed_url(gathering.target.check_url).host
    return await asyncio.shield(gathering.network.resolver.lookup(host))


DNS: Fact[DnsAnswer] = Fact("dns", _lookup)
