"""The JSON report of CONTRACT.md (`--json`).

Indented as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it, but encoded by
orjson one campaign at a time: the standard library indents in pure Python (0.5 s at
2,000 targets, 5 s at 20,000), and a whole report's dicts and text at once were the peak
of a large run's memory.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import orjson

from checker.report.advice import report_order
from checker.report.model import Report

_CAMPAIGN_INDENT = b"    "  # a campaign sits in the top object's "campaigns" list


def _dumps(value: Any) -> bytes:
    """`value` indented by two spaces from column 0, as UTF-8.

    orjson refuses what the standard library writes anyway (a lone surrogate, an integer
    beyond 64 bits): such a value is encoded by the standard library, with the surrogate
    replaced, as the report file always was.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8", "replace")


def encode(report: Report) -> Iterator[bytes]:
    """The report as UTF-8 pieces that join into the JSON text, campaigns in report order,
    each campaign encoded only when its turn comes."""
    head = dataclasses.replace(report, campaigns=[]).to_json()
    head.pop("campaigns")  # the last key: written after the others, piece by piece
    head["summary"] = report.summary()
    opening = _dumps(head).removesuffix(b"\n}") + b',\n  "campaigns": ['
    campaigns = report_order(report.campaigns)
    if not campaigns:
        yield opening + b"]\n}\n"
        return
    yield opening + b"\n"
    for index, campaign in enumerate(campaigns):
        piece = _dumps(campaign.to_json()).replace(b"\n", b"\n" + _CAMPAIGN_INDENT)
        yield (b",\n" if index else b"") + _CAMPAIGN_INDENT + piece
    yield b"\n  ]\n}\n"


def render(report: Report) -> str:
    """The report as indented JSON text, ending with a newline."""
    return b"".join(encode(report)).decode("utf-8")
