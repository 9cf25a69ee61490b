"""How long do the commands take that fetch nothing: `--version`, `validate`, `check` of ended
campaigns?

Run: ``.venv/bin/python bench/startup.py [--runs 21] [--imports] [--against REF]``.

Installs this working tree as a user would (a wheel in a fresh venv, byte-compiled:
``bench/installed.py``), copies ``campaigns/`` into a scratch folder and runs there, round
robin so that a busy minute costs every command alike:

* ``campaign-check --version``
* ``campaign-check validate campaigns/``
* ``campaign-check check campaigns/ --now 2099-01-01T00:00:00Z --json report.json``: every
  flight has ended, so nothing is fetched, and the report is still written.

It prints, per command, the median wall time (start to exit) with its range, and the
median CPU time (user + sys: steadier than the wall time when other jobs share the cores).
The wall medians are judged against the targets of issue 15: 0.06 s, 0.25 s and 0.3 s;
exit status 1 when one misses. ``--against REF`` also installs git commit REF and runs it
in the same rounds (an A/B of a change on a busy machine); only this tree is judged.
``--imports`` adds what each command imports, from ``python -X importtime``: the own import
time summed per top-level package, largest first.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from installed import installed_copy, installed_env

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Command:
    label: str
    args: tuple[str, ...]
    target_s: float


COMMANDS = (
    Command("--version", ("--version",), 0.06),
    Command("validate", ("validate", "campaigns/"), 0.25),
    Command(
        "check, nothing to fetch",
        ("check", "campaigns/", "--now", "2099-01-01T00:00:00Z", "--json", "report.json", "-q"),
        0.3,
    ),
)


def run_once(
    script: Path, args: Sequence[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float]:
    """Wall time and CPU time (user + sys) of one run; a failing command is fatal."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([str(script), *args], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{script.name} {' '.join(args)}: exit {proc.returncode}\n{proc.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def import_costs(python: Path, script: Path, args: Sequence[str], cwd: Path) -> Counter[str]:
    """Own import time (µs) per top-level package, from one run under ``-X importtime``."""
    env = installed_env()
    command = [str(python), "-X", "importtime", str(script), *args]
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    costs: Counter[str] = Counter()
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        costs[name.strip().split(".")[0]] += int(own)
    return costs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command")
    parser.add_argument("--imports", action="store_true", help="also list import costs")
    parser.add_argument("--top", type=int, default=15, help="packages listed per command")
    parser.add_argument("--against", metavar="REF", help="also run this git commit, interleaved")
    args = parser.parse_args(argv)
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cc-startup-") as tmp:
        copies = {"this tree": installed_copy(Path(tmp) / "install")}
        if args.against:
            copies[args.against] = installed_copy(Path(tmp) / "against", args.against)
        work = Path(tmp) / "work"
        shutil.copytree(ROOT / "campaigns", work / "campaigns")
        env = installed_env()
        walls: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for bin_dir in copies.values():  # one unmeasured run each: a warm file cache for all
            for command in COMMANDS:
                run_once(bin_dir / "campaign-check", command.args, work, env)
        for _ in range(args.runs):
            for name, bin_dir in copies.items():
                for command in COMMANDS:
                    wall = run_once(bin_dir / "campaign-check", command.args, work, env)
                    walls.setdefault((name, command.label), []).append(wall)
        print(f"installed copies   {', '.join(f'{n}: {b.parent}' for n, b in copies.items())}")
        print(f"runs               {args.runs} of each command and copy, round robin, in {work}")
        for command in COMMANDS:
            for name in copies:
                times = [wall for wall, _ in walls[(name, command.label)]]
                cpu = statistics.median(cpu for _, cpu in walls[(name, command.label)])
                median = statistics.median(times)
                judged = name == "this tree"
                verdict = ("OK" if median <= command.target_s else "MISSED") if judged else ""
                print(
                    f"{command.label:<24} {name:<10} median {median:.3f} s (range "
                    f"{min(times):.3f}-{max(times):.3f}; target <= {command.target_s:g}), "
                    f"CPU {cpu:.3f} s {verdict}"
                )
                if judged and median > command.target_s:
                    missed.append(command.label)
        if args.imports:
            bin_dir = copies["this tree"]
            for command in COMMANDS:
                costs = import_costs(
                    bin_dir / "python", bin_dir / "campaign-check", command.args, work
                )
                total = sum(costs.values())
                print(f"imports of {command.label}: {total / 1000:.1f} ms in all (own time)")
                for package, micros in costs.most_common(args.top):
                    print(f"  {micros / 1000:7.1f} ms  {package}")
    print("result             " + ("OK" if not missed else "MISSED: " + ", ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
