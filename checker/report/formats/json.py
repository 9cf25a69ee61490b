"""The JSON report of CONTRACT.md (`--json`)."""

from __future__ import annotations

import json

from checker.report.model import Report


def render(report: Report) -> str:
    """The report as indented UTF-8 JSON, ending with a newline."""
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
