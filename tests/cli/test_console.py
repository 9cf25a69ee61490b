"""The console script: `--version` answered without click, everything else through it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from checker import __version__
from checker.cli import main


def run_console(*args: str, probe: str = "") -> subprocess.CompletedProcess[str]:
    """`checker.__main__.run()` with `args` in a fresh interpreter; then `probe` runs."""
    code = (
        "import sys\n"
        f"sys.argv = ['campaign-check', *{list(args)!r}]\n"
        "from checker.__main__ import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        f"{probe}\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_answered_without_importing_click(flag: str) -> None:
    done = run_console(flag, probe="print('click' in sys.modules)")
    assert done.stdout.splitlines() == [f"campaign-check, version {__version__}", "False"]


def test_version_line_is_the_one_click_prints() -> None:
    fast = run_console("--version").stdout
    assert fast == CliRunner().invoke(main, ["--version"]).stdout


def test_other_arguments_reach_the_click_group() -> None:
    done = run_console("schema", probe="print('click' in sys.modules)")
    assert '"type": "object"' in done.stdout
    assert done.stdout.splitlines()[-1] == "True"


def test_python_dash_m_checker_answers_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout == f"campaign-check, version {__version__}\n"
