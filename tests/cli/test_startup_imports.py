"""Commands that fetch nothing import no network stack (issue 15: start-up)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NETWORK = ("httpx", "httpcore", "h2", "h11", "dns", "cryptography", "selectolax", "anyio")
PROBE = """
import runpy, sys
sys.argv = ["campaign-check", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("exit", code, *sorted(m for m in sys.modules if m.split(".")[0] in {names!r}))
"""


def imported(args: list[str], cwd: Path) -> tuple[str, list[str]]:
    """The exit code and the network packages loaded by `campaign-check ARGS`."""
    code = PROBE.format(names=set(NETWORK))
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    _, exit_code, *loaded = done.stdout.strip().splitlines()[-1].split()
    return exit_code, loaded


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "campaigns", tmp_path / "campaigns")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "campaigns/"],
        ["check", "campaigns/", "--now", "2099-01-01T00:00:00Z", "-q", "--json", "r.json"],
    ],
    ids=["validate", "check-all-ended"],
)
def test_commands_that_fetch_nothing_load_no_network_stack(
    args: list[str], portfolio: Path
) -> None:
    code, loaded = imported(args, portfolio)
    assert code == "0"
    assert loaded == []


def test_a_check_that_fetches_loads_the_network_stack(portfolio: Path) -> None:
    """The probe can see the stack when it is there: a run with a live campaign loads it
    (a bad --connect-to stops it before any request)."""
    code, loaded = imported(["check", "campaigns/", "--connect-to", "x"], portfolio)
    assert code == "2"
    assert "httpcore" in loaded
