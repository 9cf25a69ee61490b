"""Run `campaign-check check` in a child process and read its peak RSS (its own rusage).

The child is started by a small launcher process, which waits for it and reports its
`ru_maxrss`: on Linux a child's peak RSS also counts the memory of the process that
forked it, up to its exec, and the test process serves the hostile world from its own
memory (hundreds of MiB of pages); the launcher weighs a fresh interpreter only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.checks.helpers import CliRun

_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], 'wb'), stderr=-2)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
)


@dataclass
class ChildRun:
    """A CLI run in its own process: the report and what the process cost."""

    run: CliRun
    max_rss_mib: float


def run_check_process(paths: Sequence[Path], *args: str, folder: Path) -> ChildRun:
    """`python -m checker check PATHS --json FILE --quiet ARGS` in a child process."""
    report = folder / "report.json"
    output = folder / "output.txt"
    argv = [sys.executable, "-m", "checker", "check", *map(str, paths)]
    argv += ["--json", str(report), "--quiet", *args]
    started = time.monotonic()
    launcher = [sys.executable, "-c", _LAUNCHER, str(output), *argv]
    done = subprocess.run(launcher, capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    code, max_rss_kib = map(int, done.stdout.split())
    text = output.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return ChildRun(CliRun(code, text, data, seconds), max_rss_kib / 1024)
