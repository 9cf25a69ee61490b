"""The JSON report of CONTRACT.md (`--json`)."""

from __future__ import annotations

import dataclasses
import json

from checker.report.advice import report_order
from checker.report.model import Report


def render(report: Report) -> str:
    """The report as indented UTF-8 JSON, ending with a newline, campaigns in report order."""
    ordered = dataclasses.replace(report, campaigns=report_order(report.campaigns))
    return json.dumps(ordered.to_json(), indent=2, ensure_ascii=False) + "\n"
