"""The report's `scope`: what `check` selected, what `merge` of shards covers, old reports."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.report.merge import merged_scope
from checker.report.model import Report, Scope
from tests.github.reports import campaign, report, write

ENDED = "campaign: {slug}\nlaunch: 2020-01-01\nurls: [https://{slug}.example/]\n"


def test_a_report_says_it_covers_everything_by_default_and_round_trips_its_scope() -> None:
    assert report(campaign("a")).to_json()["scope"] == {"campaigns": None, "shard": None}
    scoped = report(campaign("a"), scope=Scope(("a",), "2/3"))
    data = scoped.to_json()
    assert data["scope"] == {"campaigns": ["a"], "shard": "2/3"}
    assert Report.from_json(data).scope == Scope(("a",), "2/3")


def test_an_older_report_without_scope_or_with_a_malformed_one_has_an_unknown_scope() -> None:
    data = report(campaign("a")).to_json()
    del data["scope"]
    assert Report.from_json(data).scope is None
    assert "scope" not in Report.from_json(data).to_json()
    for bad in ([], {"campaigns": "a"}, {"campaigns": [1]}, {"shard": 2}):
        assert Report.from_json(data | {"scope": bad}).scope is None


def test_merged_scope() -> None:
    shards = [Scope(shard=f"{k}/3") for k in (1, 2, 3)]
    assert merged_scope(shards, ["a"]) == Scope()
    assert merged_scope(shards[:2], ["b", "a"]) == Scope(("a", "b"))
    assert merged_scope([Scope(("x",), "1/2"), Scope(("x",), "2/2")], ["x"]) == Scope(("x",))
    assert merged_scope([Scope(("x",)), Scope(("y", "x"))], ["x"]) == Scope(("x", "y"))
    assert merged_scope([Scope(shard="1/2"), Scope()], ["a"]) == Scope()
    assert merged_scope([Scope(shard="1/2"), Scope(shard="2/3")], ["a"]) == Scope(("a",))
    assert merged_scope([Scope(shard="1/2"), None], ["a"]) is None


def test_check_records_its_campaign_filter_and_shard(tmp_path: Path) -> None:
    for slug in ("old-a", "old-b"):
        (tmp_path / f"{slug}.yaml").write_text(ENDED.format(slug=slug), encoding="utf-8")
    out = tmp_path / "report.json"
    args = ["check", str(tmp_path), "--json", str(out), "-q"]
    result = CliRunner().invoke(main, [*args, "--campaign", "old-b", "--campaign", "old-a"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["scope"] == {"campaigns": ["old-a", "old-b"], "shard": None}
    result = CliRunner().invoke(main, [*args, "--shard", "2/2"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["scope"] == {"campaigns": None, "shard": "2/2"}


def test_merge_of_every_shard_covers_the_whole_portfolio(tmp_path: Path) -> None:
    parts = [
        write(tmp_path / "1.json", report(campaign("a"), scope=Scope(shard="1/2"))),
        write(tmp_path / "2.json", report(campaign("b"), scope=Scope(shard="2/2"))),
    ]
    out = tmp_path / "merged.json"
    result = CliRunner().invoke(main, ["merge", *parts, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["scope"] == {"campaigns": None, "shard": None}
    result = CliRunner().invoke(main, ["merge", parts[0], "--json", str(out)])
    assert json.loads(out.read_text())["scope"] == {"campaigns": ["a"], "shard": None}
