"""`campaign-check demo`: the full check against the built-in offline world."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.check import Display, run_check_command
from checker.cli.exits import EXIT_READY, EXIT_SIGNAL
from checker.run import RunOptions

DEMO_OUTPUTS = {
    "json": "report.json",
    "junit": "junit.xml",
    "markdown": "summary.md",
    "html": "status.html",
    "badges": "badges",
    "site": "site",
}
DEMO_HISTORY = "history.json"


def run_demo_command(out: Path, display: Display) -> int:
    """`campaign-check demo`: start the offline world, check the demo campaigns, write every
    report into `out`. Exit 0 when the demo ran (its campaigns are meant to include failures)."""
    from checker.demo.catalogue import standard_world
    from checker.demo.scenario import demo_hosts, write_manifests

    folder = write_manifests(out)
    world = standard_world()
    world.add(*demo_hosts())
    with world:
        options = RunOptions(
            connect_to=[f":443::{world.https_port}", f":80::{world.http_port}"],
            nameservers=[f"127.0.0.1:{world.dns_port}"],
            ca_bundle=str(world.ca_bundle_path),
            timeout=5.0,
            retries=1,
        )
        outputs = {name: str(out / path) for name, path in DEMO_OUTPUTS.items()}
        history = str(out / DEMO_HISTORY)
        code = run_check_command([str(folder)], outputs, options, display, history_path=history)
    if code in EXIT_SIGNAL.values():
        return code
    written = [*DEMO_OUTPUTS.values(), DEMO_HISTORY]
    click.echo(f"\nDemo reports written to {out}/: " + ", ".join(written))
    return EXIT_READY
