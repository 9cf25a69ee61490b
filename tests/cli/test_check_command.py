"""What `check` does around the run: refuse bad options and a bad `--previous` before any
request, and turn a report that cannot be written into a usage error."""

from __future__ import annotations

import io
from pathlib import Path

import click
import pytest
from rich.console import Console

from checker.cli.check import Display, finish, run_check_command
from checker.run import RunOptions
from tests.checks.helpers import campaign, run_check, write_manifest
from tests.report.sample import sample_report
from tests.world import WorldLog

GOOD = "https://www.good.test/summer"


def test_notify_without_previous_is_refused_before_reading_manifests(tmp_path: Path) -> None:
    with pytest.raises(click.UsageError, match="--notify needs --previous"):
        run_check_command(
            [str(tmp_path / "nowhere")], {}, RunOptions(), Display(), notify_urls=("http://x/",)
        )


def test_a_nameserver_port_out_of_range_is_a_usage_error_with_nothing_fetched(
    tmp_path: Path, world_args: list[str], world_log: WorldLog
) -> None:
    manifest = write_manifest(tmp_path, campaign("ns", [GOOD]))
    run = run_check([manifest], *world_args, "--nameserver", "127.0.0.1:99999")
    assert run.exit_code == 2
    assert "--nameserver '127.0.0.1:99999': port 99999 out of range" in run.output
    assert run.report is None
    assert run.seconds < 2
    assert world_log.requests() == []
    assert world_log.dns_queries() == []


def test_a_previous_file_that_is_no_report_is_a_usage_error_with_nothing_fetched(
    tmp_path: Path, world_args: list[str], world_log: WorldLog
) -> None:
    manifest = write_manifest(tmp_path, campaign("prev", [GOOD]))
    previous = tmp_path / "old.json"
    previous.write_text('{"schema": 99}', encoding="utf-8")
    run = run_check([manifest], *world_args, "--previous", str(previous))
    assert run.exit_code == 2
    assert "not a campaign-check JSON report (unsupported report schema 99)" in run.output
    assert world_log.requests() == []


def test_reports_that_cannot_be_written_are_a_usage_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    console = Console(file=io.StringIO())
    with pytest.raises(click.UsageError, match=r"^cannot write reports: "):
        finish(sample_report(), {"json": str(blocked / "report.json")}, False, console)


def test_the_terminal_report_is_left_out_when_a_report_goes_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    screen = io.StringIO()
    finish(sample_report(), {"json": str(tmp_path / "r.json")}, False, Console(file=screen))
    assert "summer-2027" in screen.getvalue()
    quiet = io.StringIO()
    finish(sample_report(), {"markdown": "-"}, False, Console(file=quiet))
    assert quiet.getvalue() == ""
    assert "summer-2027" in capsys.readouterr().out
