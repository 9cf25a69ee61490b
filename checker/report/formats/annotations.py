"""GitHub Actions workflow commands: one `::error` / `::warning` per failing / warning check.

Escaping follows the runner's rules: in the message `%`, CR and LF; in properties also `:`
and `,`.
"""

from __future__ import annotations

from checker.report.advice import clean, display_name, findings, launch_order
from checker.report.model import Report, Status


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str) -> str:
    """One workflow command line, e.g. `::error file=a.yaml,title=x::message`."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def render(report: Report) -> str:
    """Workflow commands for every failing or warning check (empty when there are none)."""
    lines = []
    for campaign in launch_order(report.campaigns):
        for f in findings(campaign, include_skip=False):
            kind = "error" if f.check.status is Status.FAIL else "warning"
            title = f"{display_name(campaign)}: {f.check.id} {clean(f.target.url)}"
            props = {"title": title}
            if campaign.file:
                props = {"file": campaign.file, **props}
            lines.append(command(kind, clean(f.check.message), **props))
    if not report.complete:
        reason = report.incomplete_reason or "the run was interrupted"
        lines.append(
            command("warning", f"report incomplete: {clean(reason)}", title="campaign-check")
        )
    return "".join(line + "\n" for line in lines)
