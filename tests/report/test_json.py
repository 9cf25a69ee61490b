"""The JSON report: contract shape and a lossless round trip."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from checker.report.advice import report_order
from checker.report.compare import mark_changes
from checker.report.formats import json as json_report
from checker.report.model import Report

from .sample import sample_history, sample_report

TOP_KEYS = {"schema", "generated_at", "now", "complete", "duration", "scope", "summary"}
TOP_KEYS |= {"campaigns"}
CAMPAIGN_KEYS = {"campaign", "name", "owner", "file", "launch", "ends", "timezone", "phase"}
CAMPAIGN_KEYS |= {"hours_to_launch", "status", "since", "targets"}


def test_json_round_trips_through_report_from_json() -> None:
    report, _ = sample_history()
    mark_changes(report, sample_report())
    back = Report.from_json(json.loads(json_report.render(report)))
    assert back == dataclasses.replace(report, campaigns=report_order(report.campaigns))
    assert back.compared_with == report.generated_at
    assert back.campaigns[0].since == datetime(2027, 5, 22, 12, 0, 42, tzinfo=UTC)


def test_json_lists_campaigns_most_urgent_first() -> None:
    data = json.loads(json_report.render(sample_report()))
    statuses = [c["status"] for c in data["campaigns"]]
    assert statuses == ["not_ready", "at_risk", "ready", "ended"]


def test_json_targets_carry_manifest_line_and_duration() -> None:
    data = json.loads(json_report.render(sample_report()))
    holiday = data["campaigns"][0]
    site, crawl_found = holiday["targets"][2], holiday["targets"][3]
    assert (site["kind"], site["line"], site["duration"]) == ("microsite", 14, 9.0)
    assert (crawl_found["kind"], crawl_found["line"], crawl_found["duration"]) == ("page", 14, None)
    assert holiday["timezone"] == "UTC"
    assert data["duration"] == 12.5


def test_json_of_an_older_report_without_the_new_keys_still_reads() -> None:
    data = json.loads(json_report.render(sample_report()))
    del data["duration"]
    for campaign in data["campaigns"]:
        del campaign["timezone"], campaign["since"]
        for target in campaign["targets"]:
            del target["line"], target["duration"]
    report = Report.from_json(data)
    assert report.duration is None
    assert report.campaigns[0].since is None
    assert report.campaigns[0].timezone is None
    assert report.campaigns[0].targets[0].line is None


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
            assert set(target) == {"url", "kind", "status", "line", "duration", "checks"}
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


def _stdlib_text(report: Report) -> str:
    ordered = dataclasses.replace(report, campaigns=report_order(report.campaigns))
    return json.dumps(ordered.to_json(), indent=2, ensure_ascii=False) + "\n"


def test_json_text_is_what_the_standard_library_indents() -> None:
    report, _ = sample_history()
    mark_changes(report, sample_report())
    report.campaigns[0].targets[0].checks[0].message = "Été – 夏 ✓"
    assert json_report.render(report) == _stdlib_text(report)
    empty = dataclasses.replace(report, campaigns=[])
    assert json_report.render(empty) == _stdlib_text(empty)


def test_json_text_of_values_orjson_refuses_is_still_written() -> None:
    report = sample_report()
    report.campaigns[0].targets[0].checks[0].message = "half a pair \ud800"
    report.campaigns[0].targets[0].checks[0].detail["bytes"] = 2**70
    expected = _stdlib_text(report).encode("utf-8", "replace").decode("utf-8")
    assert json_report.render(report) == expected
    assert b"".join(json_report.encode(report)) == expected.encode("utf-8")
