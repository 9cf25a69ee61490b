"""The registrations of a target's manifest hosts: its own host and, for url and
microsite targets, that of `expect.final_url` (one RDAP lookup per domain per run)."""

from __future__ import annotations

import httpx

from checker.checks.domain.rdap import Registration, lookup_hosts
from checker.checks.facts import Fact, Gathering
from checker.plan.targets import Target


def manifest_hosts(target: Target) -> list[str]:
    """Hosts whose domain registration `domain.expiry` judges, IDNs in their A-label form;
    a printed form that is no URL has none (`printed.typed` says why)."""
    urls = [f"https://{target.url}" if target.kind == "printed" else target.spec.url]
    if target.kind != "printed" and target.expect.final_url:
        urls.append(target.expect.final_url)
    hosts = []
    for url in urls:
        try:
            hosts.append(httpx.URL(url).raw_host.decode("ascii"))
        except (httpx.InvalidURL, ValueError):
            continue
    return hosts


async def _registrations(gathering: Gathering) -> tuple[tuple[str, Registration], ...]:
    return await lookup_hosts(gathering.network.rdap, manifest_hosts(gathering.target))


REGISTRATIONS: Fact[tuple[tuple[str, Registration], ...]] = Fact("registrations", _registrations)
