"""While the worst pages are being read, the event loop keeps running: SIGINT ends the run
within 5 s (exit 130, reports written incomplete) and --deadline still cuts it in time.
The set: one 100,000-deep page and 24 landing pages of 2 MiB of <meta> tags, each read in
full by the landing checks."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.demo.routes import page
from tests.checks.helpers import FAST, campaign, write_manifest
from tests.hostile.conftest import Hostile
from tests.hostile.servers import deep_page, meta_page

HOST = "worst.hostile.test"
PAGES = 24


def _worst_set(hostile: Hostile, folder: Path) -> Path:
    heavy = page(meta_page())  # one body, served under every path
    routes = {"/deep": page(deep_page()), **{f"/w{i}": heavy for i in range(PAGES)}}
    hostile.add(HOST, routes)
    urls = [f"https://{HOST}/deep", *(f"https://{HOST}/w{i}" for i in range(PAGES))]
    return write_manifest(folder, campaign("worst", urls))


def _start(manifest: Path, report: Path, *args: str) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "checker", "check", str(manifest), "--json", str(report)]
    return subprocess.Popen([*argv, "--quiet", *FAST, *args], stdout=subprocess.DEVNULL)


@pytest.mark.slow
def test_sigint_while_the_worst_pages_are_read_ends_the_run_within_5_s(
    hostile: Hostile, tmp_path: Path
) -> None:
    manifest = _worst_set(hostile, tmp_path)
    report = tmp_path / "report.json"
    mark = hostile.world.requests.mark()
    child = _start(manifest, report, *hostile.args())
    waited = 0.0
    while len({r.path for r in hostile.world.requests.since(mark, HOST)}) < 5 and waited < 20:
        time.sleep(0.02)
        waited += 0.02
    time.sleep(0.3)  # the pages are being read now
    assert child.poll() is None, "the run ended before the signal: nothing was measured"
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    code = child.wait(timeout=60)
    assert time.monotonic() - sent < 5
    assert code == 130
    assert json.loads(report.read_text(encoding="utf-8"))["complete"] is False


@pytest.mark.slow
def test_a_deadline_cuts_the_run_while_the_worst_pages_are_read(
    hostile: Hostile, tmp_path: Path
) -> None:
    manifest = _worst_set(hostile, tmp_path)
    report = tmp_path / "report.json"
    started = time.monotonic()
    child = _start(manifest, report, "--deadline", "1.5", *hostile.args())
    code = child.wait(timeout=60)
    assert time.monotonic() - started < 6
    assert code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["complete"] is False
