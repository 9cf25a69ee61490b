"""The JSON report of a real `campaign-check check` run has the shape CONTRACT.md promises.

The contract may be extended (extra keys are allowed) but nothing it names may be renamed,
dropped or change type; the schema below is CONTRACT.md's "The JSON report" section.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import qrcode
from click.testing import CliRunner

from checker.cli import main
from checker.demo.world import World
from tests.checks.helpers import CliRun, campaign, iso, run_check, write_manifest

STATUSES = ["pass", "warn", "fail", "skip"]
CHECK_IDS = {
    "dns.resolve",
    "dns.dangling",
    "tls.handshake",
    "tls.trusted",
    "tls.hostname",
    "tls.expiry",
    "http.status",
    "http.redirects",
    "http.https",
    "http.final_url",
    "http.query",
    "http.latency",
    "content.text",
    "content.title",
    "content.placeholder",
    "content.indexable",
    "printed.typed",
    "qr.decode",
    "crawl.links",
    "crawl.assets",
    "crawl.fragments",
    "domain.expiry",
    "content.mixed",
    "crawl.mixed",
    "content.share",
}
ISO = {"type": "string", "minLength": 10}

CONTRACT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schema", "generated_at", "now", "complete", "summary", "campaigns"],
    "properties": {
        "schema": {"const": 1},
        "generated_at": ISO,
        "now": ISO,
        "complete": {"type": "boolean"},
        "summary": {
            "type": "object",
            "required": ["campaigns", "ready", "at_risk", "not_ready", "ended"],
            "properties": {
                key: {"type": "integer", "minimum": 0}
                for key in ["campaigns", "ready", "at_risk", "not_ready", "ended"]
            },
        },
        "campaigns": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "campaign",
                    "file",
                    "launch",
                    "ends",
                    "phase",
                    "hours_to_launch",
                    "status",
                    "targets",
                ],
                "properties": {
                    "campaign": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "file": {"type": "string"},
                    "launch": ISO,
                    "ends": ISO,
                    "phase": {"enum": ["upcoming", "live", "ended"]},
                    "hours_to_launch": {"type": "number"},
                    "status": {"enum": ["ready", "at_risk", "not_ready", "ended"]},
                    "targets": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "kind", "status", "checks"],
                            "properties": {
                                "url": {"type": "string"},
                                "kind": {
                                    "enum": ["url", "printed", "microsite", "page", "link", "asset"]
                                },
                                "status": {"enum": STATUSES},
                                "checks": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "status", "message", "detail"],
                                        "properties": {
                                            "id": {"enum": sorted(CHECK_IDS)},
                                            "status": {"enum": STATUSES},
                                            "message": {"type": "string", "minLength": 1},
                                            "detail": {"type": "object"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}

READY = "json-ready"  # every check passes
MIXED = "json-mixed"  # url + printed form + QR; fails somewhere
LIVE = "json-live"  # launched yesterday
ENDED = "json-ended"  # ended: counted, not checked
SEVERITY = {"pass": 0, "skip": 1, "warn": 2, "fail": 3}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract")
    campaigns = root / "campaigns"
    write_manifest(campaigns, campaign(READY, ["https://www.good.test/summer"]))
    assets = campaigns / "nested" / "assets"  # qr: paths are relative to the manifest
    assets.mkdir(parents=True)
    qrcode.make("https://go.test/s27?utm_source=flyer").save(str(assets / "qr.png"))
    mixed_urls = [
        {
            "url": "https://go.test/s27?utm_source=flyer",
            "printed": "go.test/s27",
            "qr": "assets/qr.png",
            "expect": {"final_url": "https://www.good.test/summer", "title": "Summer"},
        },
        "https://good.test/missing",
    ]
    write_manifest(campaigns / "nested", campaign(MIXED, mixed_urls, owner="web@acme.example"))
    write_manifest(
        campaigns, campaign(LIVE, ["https://www.good.test/"], launch=iso(-1), ends=iso(5))
    )
    write_manifest(
        campaigns, campaign(ENDED, ["https://www.good.test/"], launch=iso(-30), ends=iso(-20))
    )
    return root


@pytest.fixture(scope="module")
def run(world: World, folder: Path) -> CliRun:
    """Run from inside `folder` with a relative PATH, as a user in their repository would."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        return run_check(
            ["campaigns"],
            "--timeout",
            "3",
            "--retries",
            "0",
            *world.cli_args(),
            json_path=folder / "report.json",
        )
    finally:
        os.chdir(before)


def test_report_validates_against_the_contract_schema(run: CliRun) -> None:
    jsonschema.validate(run.json, CONTRACT_SCHEMA)


def test_top_level(run: CliRun) -> None:
    report = run.json
    assert report["schema"] == 1
    assert report["complete"] is True
    assert "incomplete_reason" not in report
    for key in ("generated_at", "now"):
        assert datetime.fromisoformat(report[key]).tzinfo is not None


def test_summary_counts_every_campaign_by_status(run: CliRun) -> None:
    summary = run.json["summary"]
    statuses = [c["status"] for c in run.json["campaigns"]]
    assert summary["campaigns"] == len(statuses) == 4
    for key in ("ready", "at_risk", "not_ready", "ended"):
        assert summary[key] == statuses.count(key), key
    assert summary["ended"] == 1


def test_file_is_the_manifest_path_as_found_from_the_command_line(run: CliRun) -> None:
    files = {c["campaign"]: c["file"] for c in run.json["campaigns"]}
    assert files[READY] == f"campaigns/{READY}.yaml"
    assert files[MIXED] == f"campaigns/nested/{MIXED}.yaml"


def test_campaign_dates_phase_and_hours(run: CliRun) -> None:
    ready = run.campaign(READY)
    assert ready["phase"] == "upcoming"
    assert ready["ends"] == ready["launch"]  # `ends` defaults to launch
    assert 23.5 <= ready["hours_to_launch"] <= 24.0
    live = run.campaign(LIVE)
    assert live["phase"] == "live"
    assert -24.5 <= live["hours_to_launch"] <= -23.9  # negative once live
    for entry in run.json["campaigns"]:
        datetime.fromisoformat(entry["launch"])
        datetime.fromisoformat(entry["ends"])
        assert round(entry["hours_to_launch"], 1) == entry["hours_to_launch"]


def test_ended_campaign_has_no_targets(run: CliRun) -> None:
    ended = run.campaign(ENDED)
    assert ended["status"] == "ended"
    assert ended["phase"] == "ended"
    assert ended["targets"] == []


def test_campaign_status_follows_its_checks(run: CliRun) -> None:
    expected = {"fail": "not_ready", "warn": "at_risk", "skip": "ready", "pass": "ready"}
    for entry in run.json["campaigns"]:
        if entry["status"] == "ended":
            continue
        worst = max((t["status"] for t in entry["targets"]), key=SEVERITY.__getitem__)
        assert entry["status"] == expected[worst], entry["campaign"]
    assert run.campaign(READY)["status"] == "ready"
    assert run.campaign(MIXED)["status"] == "not_ready"


def test_target_status_is_its_worst_check(run: CliRun) -> None:
    """Skips of checks that do not apply (or wait on a failed one) change no status."""
    for target in run.targets():
        judged = [
            c["status"]
            for c in target["checks"]
            if c["detail"].get("reason") not in ("not_applicable", "prerequisite")
        ]
        worst = max(judged, key=SEVERITY.__getitem__)
        assert target["status"] == worst, target["url"]


def test_passing_checks_are_listed_too(run: CliRun) -> None:
    (target,) = run.campaign(READY)["targets"]
    assert target["kind"] == "url"
    assert target["url"] == "https://www.good.test/summer"
    applicable = [c for c in target["checks"] if c["detail"].get("reason") != "not_applicable"]
    assert {c["status"] for c in applicable} == {"pass"}
    ids = {c["id"] for c in target["checks"]}
    assert {"dns.resolve", "tls.expiry", "http.status", "content.placeholder"} <= ids


def test_printed_target_has_the_printed_text_as_url(run: CliRun) -> None:
    printed = run.target("go.test/s27", kind="printed", campaign=MIXED)
    assert "printed.typed" in {c["id"] for c in printed["checks"]}
    url = run.target("https://go.test/s27?utm_source=flyer", kind="url", campaign=MIXED)
    assert "qr.decode" in {c["id"] for c in url["checks"]}


def test_json_to_stdout_is_the_same_report(world: World, folder: Path) -> None:
    path = folder / "campaigns" / f"{READY}.yaml"
    argv = ["check", str(path), "--json", "-", "--quiet", "--timeout", "3", *world.cli_args()]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, CONTRACT_SCHEMA)
    assert [c["campaign"] for c in report["campaigns"]] == [READY]
