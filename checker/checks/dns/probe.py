"""The DNS answer for a target's host."""

from __future__ import annotations

from checker.checks.facts import Fact, Gathering
from checker.net.parsed import parsed_url
from checker.net.resolver import DnsAnswer


async def _lookup(gathering: Gathering) -> DnsAnswer:
    return await gathering.network.resolver.lookup(parsed_url(gathering.target.check_url).host)


DNS: Fact[DnsAnswer] = Fact("dns", _lookup)
