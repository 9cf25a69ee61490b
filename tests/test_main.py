"""`python -m checker` is the `campaign-check` command."""

from __future__ import annotations

import runpy
import sys

import pytest

from checker import __version__


def test_python_m_checker_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["python -m checker", "--version"])
    monkeypatch.delitem(sys.modules, "checker.__main__", raising=False)  # run, not reused
    runpy.run_module("checker.__main__", run_name="__main__")  # answers without click
    assert capsys.readouterr().out == f"campaign-check, version {__version__}\n"
