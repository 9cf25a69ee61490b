"""`check --site DIR --history FILE` end to end against the offline world, run twice as a
schedule would; `merge` with the same outputs; a bad history file stops the run early."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.demo.world import World
from checker.report.formats import json as json_report
from checker.report.model import Report
from tests.checks.helpers import FAST, CliRun, iso, run_check
from tests.report.sample import sample_report
from tests.world import WorldLog

MANIFEST = """\
campaign: site-demo
name: Site demo
launch: {launch}
timezone: Europe/Paris
urls:
  - https://www.good.test/summer
  - url: https://good.test/missing
    printed: good.test/missing
"""
LINES = {"https://www.good.test/summer": 6, "https://good.test/missing": 7}
LINES["good.test/missing"] = 8


@pytest.fixture(scope="module")
def runs(world: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[CliRun]]:
    root = tmp_path_factory.mktemp("site-cli")
    (root / "campaigns").mkdir()
    (root / "campaigns" / "site-demo.yaml").write_text(MANIFEST.format(launch=iso(2)), "utf-8")
    outputs = ["--site", str(root / "site"), "--history", str(root / "history.json")]
    outputs += ["--annotations", str(root / "annotations.txt"), "--junit", str(root / "j.xml")]
    done = [run_check([root / "campaigns"], *FAST, *world.cli_args(), *outputs) for _ in range(2)]
    return root, done


def test_each_run_writes_the_site(runs: tuple[Path, list[CliRun]]) -> None:
    root, done = runs
    assert [r.exit_code for r in done] == [1, 1], done[-1].output
    files = {str(p.relative_to(root / "site")) for p in (root / "site").rglob("*") if p.is_file()}
    assert files == {
        "index.html",
        "report.json",
        "history.json",
        ".nojekyll",
        "badges/site-demo.svg",
        "badges/site-demo.json",
        "badges/all.svg",
        "badges/all.json",
    }
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="h-site-demo">' in page
    assert "(Europe/Paris)" in page
    site_report = json.loads((root / "site" / "report.json").read_text(encoding="utf-8"))
    assert site_report["generated_at"] == done[-1].json["generated_at"]


def test_the_history_keeps_both_runs_and_since_is_the_first(
    runs: tuple[Path, list[CliRun]],
) -> None:
    root, done = runs
    history = json.loads((root / "history.json").read_text(encoding="utf-8"))
    assert [r["time"] for r in history["runs"]] == [r.json["generated_at"] for r in done]
    assert history["runs"][-1]["campaigns"]["site-demo"]["status"] == "not_ready"
    assert "http.status" in history["runs"][-1]["campaigns"]["site-demo"]["failing"]
    assert done[0].campaign("site-demo")["since"] == done[0].json["generated_at"]
    assert done[1].campaign("site-demo")["since"] == done[0].json["generated_at"]
    assert (root / "site" / "history.json").read_text("utf-8") == (root / "history.json").read_text(
        "utf-8"
    )


def test_targets_carry_their_manifest_line_and_time(runs: tuple[Path, list[CliRun]]) -> None:
    _, done = runs
    targets = done[-1].targets("site-demo")
    assert {t["url"]: t["line"] for t in targets} == LINES
    assert all(t["duration"] > 0 for t in targets)
    assert done[-1].campaign("site-demo")["timezone"] == "Europe/Paris"
    assert done[-1].json["duration"] > 0


def test_annotations_point_at_the_failing_entries(runs: tuple[Path, list[CliRun]]) -> None:
    root, _ = runs
    errors = [
        line
        for line in (root / "annotations.txt").read_text("utf-8").splitlines()
        if line.startswith("::error ")
    ]
    assert errors
    for line in errors:
        props = line[len("::error ") : line.index("::", 2)]
        assert props.startswith("file=")
        assert "campaigns/site-demo.yaml" in props
        assert (",line=7," in props) or (",line=8," in props), line


def test_junit_cases_have_file_line_and_real_time(runs: tuple[Path, list[CliRun]]) -> None:
    root, _ = runs
    cases = ET.parse(root / "j.xml").getroot().findall("testsuite/testcase")
    assert {c.get("line") for c in cases} == {"6", "7", "8"}
    assert all(c.get("file", "").endswith("site-demo.yaml") for c in cases)
    assert sum(float(c.get("time", "0")) for c in cases) > 0


def test_a_corrupt_history_is_a_usage_error_before_any_request(
    world: World, world_log: WorldLog, tmp_path: Path
) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.yaml").write_text(MANIFEST.format(launch=iso(2)), "utf-8")
    history = tmp_path / "history.json"
    history.write_text('{"schema": 1, "campaigns": []}', "utf-8")  # a report, not a history
    run = run_check([tmp_path / "c"], *world.cli_args(), "--history", str(history))
    assert run.exit_code == 2
    assert f"{history}: not a campaign-check history file" in run.output
    assert run.report is None
    assert world_log.requests() == []
    assert history.read_text("utf-8") == '{"schema": 1, "campaigns": []}'


def _shard(path: Path, slugs: set[str]) -> Path:
    report = sample_report()
    report.campaigns = [c for c in report.campaigns if c.campaign in slugs]
    path.write_text(json_report.render(report), encoding="utf-8")
    return path


def test_merge_writes_the_site_and_the_history(tmp_path: Path) -> None:
    first = _shard(tmp_path / "a.json", {"holiday-2027", "winter-2026"})
    second = _shard(tmp_path / "b.json", {"summer-2027", "spring-teaser"})
    argv = ["merge", str(first), str(second), "--site", str(tmp_path / "site")]
    argv += ["--history", str(tmp_path / "history.json")]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 1, result.output
    merged: dict[str, Any] = json.loads((tmp_path / "site" / "report.json").read_text("utf-8"))
    assert [c["status"] for c in merged["campaigns"]] == ["not_ready", "at_risk", "ready", "ended"]
    since = {c["campaign"]: c["since"] for c in merged["campaigns"]}
    assert set(since.values()) == {merged["generated_at"]}
    history = json.loads((tmp_path / "history.json").read_text("utf-8"))
    assert len(history["runs"]) == 1
    assert set(history["runs"][0]["campaigns"]) == set(since)
    report = Report.from_json(merged)
    assert report.campaigns[0].since == datetime.fromisoformat(merged["generated_at"])
