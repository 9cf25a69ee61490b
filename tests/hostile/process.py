"""Run `campaign-check check` in a child process and read its peak RSS (its own rusage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.checks.helpers import CliRun


@dataclass
class ChildRun:
    """A CLI run in its own process: the report and what the process cost."""

    run: CliRun
    max_rss_mib: float


def run_check_process(paths: Sequence[Path], *args: str, folder: Path) -> ChildRun:
    """`python -m checker check PATHS --json FILE --quiet ARGS`, waited for with wait4 so
    the peak RSS is this child's, whatever other children the test process had."""
    report = folder / "report.json"
    output = folder / "output.txt"
    argv = [sys.executable, "-m", "checker", "check", *map(str, paths)]
    argv += ["--json", str(report), "--quiet", *args]
    started = time.monotonic()
    with output.open("wb") as sink:
        child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.monotonic() - started
    text = output.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return ChildRun(CliRun(child.returncode, text, data, seconds), usage.ru_maxrss / 1024)
