"""Serve the demo world until stopped, for checking it from another process (CI, the action).

    python -m checker.demo.serve --out DIR

writes the demo manifests into DIR/campaigns, the world's root certificate into
DIR/ca-bundle.pem and, once every server listens, DIR/args: the `campaign-check check`
options that reach the world (`--connect-to`, `--nameserver`, `--ca-bundle`, ...) as one
shell-quoted line. It then serves until SIGTERM or SIGINT and exits 0.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import signal
import threading
from pathlib import Path

from checker.demo.catalogue import standard_world
from checker.demo.dnsserver import LOOPBACK
from checker.demo.scenario import demo_hosts, write_manifests
from checker.demo.world import World

ARGS_FILE = "args"
CA_FILE = "ca-bundle.pem"


def check_args(world: World, ca_bundle: Path) -> list[str]:
    """The `check` options that send every request into the running `world`, trusting
    `ca_bundle`, with the demo's short timeout (nothing there is slow on purpose)."""
    return [
        *world.connect_to_args(),
        *("--nameserver", f"{LOOPBACK}:{world.dns_port}"),
        *("--ca-bundle", str(ca_bundle)),
        *("--timeout", "5", "--retries", "1"),
    ]


def serve(out: Path, stop: threading.Event) -> None:
    """Write the demo into `out`, serve the world until `stop` is set."""
    write_manifests(out)
    world = standard_world()
    world.add(*demo_hosts())
    with world:
        ca_bundle = (out / CA_FILE).resolve()
        shutil.copyfile(world.ca_bundle_path, ca_bundle)
        args = out / ARGS_FILE
        pending = args.with_name(f".{ARGS_FILE}.tmp")
        pending.write_text(shlex.join(check_args(world, ca_bundle)) + "\n", encoding="utf-8")
        pending.replace(args)  # appears whole, and only once the world answers
        print(f"demo world ready: campaigns in {out / 'campaigns'}, options in {args}", flush=True)
        stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m checker.demo.serve", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for manifests and args")
    out: Path = parser.parse_args(argv).out
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    serve(out, stop)


if __name__ == "__main__":
    main()
