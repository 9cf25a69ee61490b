"""Shard reports combined into one: every campaign once, complete only if every shard was,
and `campaign-check merge` writing the combined reports with the combined verdict."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.report.merge import merge_reports
from checker.report.model import Report, Status
from tests.report.results import NOW, campaign_result, report_of, target

URL = "https://www.acme.test/summer"


def shard(
    *slugs_and_status: tuple[str, Status],
    complete: bool = True,
    reason: str | None = None,
    generated_at: datetime = NOW,
) -> Report:
    campaigns = [
        campaign_result(slug, target(URL, ("http.status", s))) for slug, s in slugs_and_status
    ]
    return report_of(*campaigns, complete=complete, reason=reason, generated_at=generated_at)


def test_every_campaign_of_every_shard_is_kept_once() -> None:
    merged = merge_reports(
        [shard(("summer", Status.PASS)), shard(("autumn", Status.FAIL), ("spring", Status.PASS))]
    )
    assert sorted(c.campaign for c in merged.campaigns) == ["autumn", "spring", "summer"]
    assert merged.summary() == {
        "campaigns": 3,
        "ready": 2,
        "at_risk": 0,
        "not_ready": 1,
        "ended": 0,
        "unchecked": 0,
    }


def test_a_campaign_in_two_shards_keeps_the_last_copy() -> None:
    merged = merge_reports([shard(("summer", Status.FAIL)), shard(("summer", Status.PASS))])
    (summer,) = merged.campaigns
    assert summer.targets[0].checks[0].status is Status.PASS


def test_complete_only_when_every_shard_is_and_the_reasons_are_joined() -> None:
    whole = merge_reports([shard(("a", Status.PASS)), shard(("b", Status.PASS))])
    assert (whole.complete, whole.incomplete_reason) == (True, None)
    cut = merge_reports(
        [
            shard(("a", Status.PASS), complete=False, reason="deadline of 60 s reached"),
            shard(("b", Status.PASS)),
            shard(("c", Status.PASS), complete=False, reason="interrupted"),
        ]
    )
    assert (cut.complete, cut.incomplete_reason) == (False, "deadline of 60 s reached; interrupted")


def test_generated_at_is_the_latest_shard_and_now_the_first() -> None:
    later = NOW + timedelta(minutes=5)
    merged = merge_reports(
        [shard(("a", Status.PASS)), shard(("b", Status.PASS), generated_at=later)]
    )
    assert (merged.generated_at, merged.now) == (later, NOW)


def write(path: Path, report: Report) -> str:
    path.write_text(json.dumps(report.to_json()), encoding="utf-8")
    return str(path)


def test_the_merge_command_writes_the_combined_report_and_exits_with_its_verdict(
    tmp_path: Path,
) -> None:
    first = write(tmp_path / "shard-1.json", shard(("summer", Status.PASS)))
    second = write(tmp_path / "shard-2.json", shard(("autumn", Status.WARN)))
    out = tmp_path / "report.json"
    args = ["merge", first, second, "--json", str(out), "--markdown", str(tmp_path / "s.md")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    merged = json.loads(out.read_text(encoding="utf-8"))
    assert {c["campaign"]: c["status"] for c in merged["campaigns"]} == {
        "summer": "ready",
        "autumn": "at_risk",
    }
    assert (tmp_path / "s.md").read_text(encoding="utf-8")
    strict = CliRunner().invoke(main, [*args, "--fail-on", "warn"])
    assert strict.exit_code == 1


def test_the_merge_command_rejects_a_file_that_is_no_report(tmp_path: Path) -> None:
    good = write(tmp_path / "shard-1.json", shard(("summer", Status.PASS)))
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["merge", good, str(bad), "--json", str(tmp_path / "o.json")])
    assert result.exit_code == 2
    assert "not a campaign-check JSON report" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.json").exists()
