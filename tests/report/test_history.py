"""`--history FILE`: append a run, keep the last 500, `since`, atomic writes, bad files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from checker.report.history import (
    MAX_RUNS,
    CampaignRun,
    History,
    HistoryError,
    Run,
    load,
    record,
    save,
)
from checker.report.model import CampaignStatus
from tests.report.sample import NOW, sample_report

READY, AT_RISK, NOT_READY = CampaignStatus.READY, CampaignStatus.AT_RISK, CampaignStatus.NOT_READY


def _run(hours_ago: float, **statuses: CampaignStatus) -> Run:
    campaigns = {slug.replace("_", "-"): CampaignRun(s) for slug, s in statuses.items()}
    return Run(NOW - timedelta(hours=hours_ago), True, campaigns)


def test_a_missing_or_blank_file_is_an_empty_history(tmp_path: Path) -> None:
    assert load(tmp_path / "history.json").runs == []
    (tmp_path / "blank.json").write_text("\n", encoding="utf-8")
    assert load(tmp_path / "blank.json").runs == []


def test_record_appends_the_run_with_each_status_and_failing_check_ids() -> None:
    report = sample_report()
    history = record(History([_run(6, spring_teaser=READY)]), report)
    assert len(history.runs) == 2
    run = history.runs[-1]
    assert run.time == report.generated_at
    assert run.complete is True
    assert run.campaigns["holiday-2027"] == CampaignRun(
        NOT_READY,
        failing=(
            "content.placeholder",
            "content.text",
            "crawl.assets",
            "crawl.links",
            "dns.resolve",
            "http.status",
        ),
        warning=("crawl.fragments",),
    )
    assert run.campaigns["summer-2027"] == CampaignRun(AT_RISK, (), ("tls.expiry",))
    assert run.campaigns["winter-2026"].status is CampaignStatus.ENDED


def test_save_then_load_gives_the_same_history(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    history = record(History([_run(12, spring_teaser=READY)]), sample_report(complete=False))
    save(path, history)
    assert load(path) == history
    assert load(path).runs[-1].complete is False
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["format"] == "campaign-check-history"
    assert len(text.splitlines()) == 2 + len(history.runs)  # one run per line


def test_only_the_last_500_runs_are_kept() -> None:
    old = History([_run(6 * (MAX_RUNS - i), spring_teaser=READY) for i in range(MAX_RUNS)])
    history = record(old, sample_report())
    assert len(history.runs) == MAX_RUNS
    assert history.runs[0] == old.runs[1]
    assert history.runs[-1].time == sample_report().generated_at


def test_since_is_the_start_of_the_current_streak() -> None:
    runs = [
        _run(30, summer_2027=READY, holiday_2027=AT_RISK),
        _run(24, summer_2027=AT_RISK, holiday_2027=AT_RISK),
        _run(18, holiday_2027=NOT_READY),  # summer not in this run (e.g. --campaign)
        _run(12, summer_2027=AT_RISK, holiday_2027=AT_RISK),
        _run(6, summer_2027=AT_RISK, holiday_2027=NOT_READY),
    ]
    report = sample_report()
    record(History(runs), report)
    since = {c.campaign: c.since for c in report.campaigns}
    assert since["summer-2027"] == NOW - timedelta(hours=24)  # at risk since, gap ignored
    assert since["holiday-2027"] == NOW - timedelta(hours=6)  # not ready again since
    assert since["spring-teaser"] == report.generated_at  # the history knew it only now


def test_since_is_none_for_a_campaign_the_history_never_saw() -> None:
    assert History([_run(6, spring_teaser=READY)]).since("summer-2027") is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("{not json", "not a campaign-check history file", id="corrupt"),
        pytest.param('{"schema": 1, "campaigns": []}', 'no "format"', id="a-report"),
        pytest.param("[1, 2]", 'no "format"', id="a-list"),
        pytest.param(
            '{"format": "campaign-check-history", "version": 2, "runs": []}',
            "version 2, this campaign-check reads 1",
            id="newer-version",
        ),
        pytest.param(
            '{"format": "campaign-check-history", "version": 1, "runs": {}}',
            '"runs" must be a list',
            id="runs-not-a-list",
        ),
        pytest.param(
            '{"format": "campaign-check-history", "version": 1, "runs": '
            '[{"time": "2027-05-23T12:00:00", "campaigns": {}}]}',
            "has no UTC offset",
            id="naive-time",
        ),
        pytest.param(
            '{"format": "campaign-check-history", "version": 1, "runs": [{"time": '
            '"2027-05-23T12:00:00+00:00", "campaigns": {"x": {"status": "green"}}}]}',
            "unknown status 'green' for x",
            id="unknown-status",
        ),
        pytest.param(
            '{"format": "campaign-check-history", "version": 1, "runs": [{"time": '
            '"2027-05-23T12:00:00+00:00", "campaigns": {"x": {"status": "ready", '
            '"failing": "dns.resolve"}}}]}',
            '"failing" must be a list of check ids',
            id="failing-not-a-list",
        ),
        pytest.param('{"format": "campaign-check-history", "version": 1}', "runs", id="no-runs"),
    ],
)
def test_a_corrupt_or_foreign_file_is_a_clear_error(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "history.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HistoryError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert reason in str(caught.value)


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(HistoryError, match="cannot read the history file"):
        load(path)


def test_a_crash_while_writing_leaves_the_previous_file(tmp_path: Path) -> None:
    """The writer is killed (SIGKILL) after writing the new content but before the rename:
    the history file still holds the previous runs, complete and readable."""
    path = tmp_path / "history.json"
    before = record(History(), sample_report())
    save(path, before)
    old_text = path.read_text(encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from checker.report.history import load, record, save
        from tests.report.sample import sample_report

        def die(fd):  # the data is written; die before os.replace
            os.kill(os.getpid(), signal.SIGKILL)

        os.fsync = die
        path = Path({str(path)!r})
        save(path, record(load(path), sample_report()))
        """
    )
    root = Path(__file__).resolve().parents[2]
    child = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=60, check=False)
    assert child.returncode == -signal.SIGKILL
    assert path.read_text(encoding="utf-8") == old_text
    assert load(path) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "history.json"]
    assert all(name.startswith(".history.json.") for name in leftovers)  # a killed writer's temp


def test_save_failing_midway_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.json"
    save(path, record(History(), sample_report()))
    old_text = path.read_text(encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        save(path, record(load(path), sample_report()))
    assert path.read_text(encoding="utf-8") == old_text
    assert os.listdir(tmp_path) == ["history.json"]
