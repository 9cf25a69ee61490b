"""Fixtures of the hostile set: its hosts in the session's world, and the silent DNS server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from checker.demo.routes import Handler
from checker.demo.world import World
from tests.hostile.servers import SilentDns, silent_dns

PATIENT = ("--timeout", "10", "--retries", "0")
"""For runs moving megabytes: the world serves them from this very process, on a busy
machine too; a hostile server still ends within its bounds, not on a short timeout."""


@dataclass
class Hostile:
    """The hostile hosts of a test and how to reach them."""

    world: World
    dns: SilentDns
    hosts: list[str] = field(default_factory=list)

    def add(self, name: str, routes: Mapping[str, Handler] | None = None, **kw: Any) -> str:
        """Serve `name` in the world (arguments of ``World.add_host``); its https:// URL."""
        self.world.add_host(name, routes, **kw)
        self.hosts.append(name)
        return f"https://{name}/"

    def args(self) -> list[str]:
        """--connect-to for each added host (no wildcard: other names go through DNS), the
        silent DNS server as --nameserver, the world's CA."""
        args: list[str] = []
        for host in self.hosts:
            args += ["--connect-to", f"{host}:443:127.0.0.1:{self.world.port_for(host)}"]
            args += ["--connect-to", f"{host}:80:127.0.0.1:{self.world.http_port}"]
        ns = f"127.0.0.1:{self.dns.port}"
        return [*args, "--nameserver", ns, "--ca-bundle", str(self.world.ca_bundle_path)]


@pytest.fixture(scope="session")
def hostile_dns(world: World) -> Iterator[SilentDns]:
    """The DNS server that never answers SILENT_UDP / SILENT_TCP (the world's zone else)."""
    with silent_dns(world.zone) as server:
        yield server


@pytest.fixture
def hostile(world: World, hostile_dns: SilentDns) -> Hostile:
    """An empty hostile set: ``hostile.add(...)`` hosts, then ``hostile.args()``."""
    return Hostile(world, hostile_dns)
