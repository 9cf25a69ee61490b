"""JUnit XML (`--junit`), the dialect GitHub, GitLab and Jenkins test reporters read.

One `<testsuite>` per campaign, one `<testcase>` per (target, check) carrying the manifest's
`file` and `line`: `fail` is a `<failure>`, `skip` a `<skipped>`. A `warn` is a `<skipped>`
whose message starts with `warning:`, plus a `<system-out>` note and a `warning` property:
dorny/test-reporter and mikepenz/action-junit-report know only passed, failed and skipped
(and read no system-out), so a skipped case is the one way a warning shows there without
failing the job. `time` is the seconds spent on the target, shared evenly by its checks;
the root's is the run's.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC

from checker.report.advice import STATUS_WORD, clean, display_name, report_order, when
from checker.report.model import CampaignResult, Report, Status


def render(report: Report) -> str:
    """The report as a JUnit XML document."""
    stamp = report.generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    root = ET.Element("testsuites", name="campaign-checker", timestamp=stamp)
    for campaign in report_order(report.campaigns):
        root.append(_suite(campaign, report, stamp))
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    total = sum(float(s.get("time", "0")) for s in root)
    root.set("time", _seconds(report.duration if report.duration is not None else total))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(campaign: CampaignResult, report: Report, stamp: str) -> ET.Element:
    suite = ET.Element("testsuite", name=campaign.campaign, timestamp=stamp)
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("campaign.name", display_name(campaign)),
        ("campaign.status", str(campaign.status)),
        ("campaign.file", campaign.file),
        ("campaign.launch", when(campaign.launch)),
        ("campaign.owner", campaign.owner or ""),
        ("report.complete", str(report.complete).lower()),
    ):
        ET.SubElement(props, "property", name=name, value=clean(value))
    failures = skipped = tests = 0
    if campaign.ended:
        case = ET.SubElement(suite, "testcase", classname=f"{campaign.campaign}.campaign")
        case.set("name", "campaign ended")
        case.set("time", _seconds(0))
        if campaign.file:
            case.set("file", campaign.file)
        message = f"campaign ended {when(campaign.ends)}; nothing checked"
        ET.SubElement(case, "skipped", message=message)
        tests = skipped = 1
    elapsed = 0.0
    for target in campaign.targets:
        share = (target.duration or 0.0) / max(1, len(target.checks))
        elapsed += share * len(target.checks)
        for check in target.checks:
            tests += 1
            case = ET.SubElement(suite, "testcase", classname=f"{campaign.campaign}.{target.kind}")
            case.set("name", clean(f"{check.id} {target.url}"))
            case.set("time", _seconds(share))
            if campaign.file:
                case.set("file", campaign.file)
                if target.line:
                    case.set("line", str(target.line))
            message = clean(check.message)
            if check.status is Status.FAIL:
                failures += 1
                failure = ET.SubElement(case, "failure", message=message, type=check.id)
                failure.text = _body(message, check.detail)
            elif check.status is Status.SKIP:
                skipped += 1
                ET.SubElement(case, "skipped", message=message)
            elif check.status is Status.WARN:
                skipped += 1
                ET.SubElement(case, "skipped", message=f"warning: {message}")
                case_props = ET.SubElement(case, "properties")
                ET.SubElement(case_props, "property", name="warning", value=message)
                out = ET.SubElement(case, "system-out")
                out.text = "WARNING: " + _body(message, check.detail)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", _seconds(elapsed))
    if not campaign.ended:
        summary = ET.SubElement(suite, "system-out")
        summary.text = f"{display_name(campaign)}: {STATUS_WORD[campaign.status]}"
    return suite


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _body(message: str, detail: dict[str, object]) -> str:
    if not detail:
        return message
    text = json.dumps(detail, indent=2, ensure_ascii=False, default=str)
    return f"{message}\n\n{clean(text)}"
