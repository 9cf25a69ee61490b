"""The JSON report: contract shape and a lossless round trip."""

from __future__ import annotations

import json

from checker.report.formats import json as json_report
from checker.report.model import Report

from .sample import sample_report

TOP_KEYS = {"schema", "generated_at", "now", "complete", "scope", "summary", "campaigns"}
CAMPAIGN_KEYS = {"campaign", "name", "owner", "file", "launch", "ends", "phase"}
CAMPAIGN_KEYS |= {"hours_to_launch", "status", "targets"}


def test_json_round_trips_through_report_from_json() -> None:
    report = sample_report()
    assert Report.from_json(json.loads(json_report.render(report))) == report


def test_json_has_exactly_the_contract_keys() -> None:
    data = json.loads(json_report.render(sample_report()))
    assert set(data) == TOP_KEYS
    assert data["summary"] == {
        "campaigns": 4,
        "ready": 1,
        "at_risk": 1,
        "not_ready": 1,
        "ended": 1,
        "unchecked": 0,
    }
    for campaign in data["campaigns"]:
        assert set(campaign) == CAMPAIGN_KEYS
        for target in campaign["targets"]:
            assert set(target) == {"url", "kind", "status", "checks"}
            for check in target["checks"]:
                assert set(check) == {"id", "status", "message", "detail"}


def test_json_keeps_unicode_unescaped_and_ends_with_newline() -> None:
    text = json_report.render(sample_report())
    assert "Noël 2027 🎄" in text
    assert text.endswith("}\n")


def test_json_of_incomplete_report_carries_the_reason() -> None:
    data = json.loads(json_report.render(sample_report(complete=False)))
    assert data["complete"] is False
    assert data["incomplete_reason"].startswith("deadline")
