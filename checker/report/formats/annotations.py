"""GitHub Actions workflow commands: one `::error` / `::warning` per failing / warning check,
at the file and line of its manifest entry; with --previous a `::notice` per recovered check.

Escaping follows the runner's rules: in the message `%`, CR and LF; in properties also `:`
and `,`.
"""

from __future__ import annotations

from checker.report.advice import Finding, changed, clean, display_name, findings, report_order
from checker.report.model import CampaignResult, Report, Status

PER_KIND = 10  # annotations of each kind (error, warning, notice) GitHub shows per step


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
    """Workflow commands for every failing or warning check (empty when there are none).

    GitHub shows at most `PER_KIND` errors, warnings and notices per step and drops the
    rest silently, so newly failing checks (with --previous) come first, and one notice
    says how many were left out. Recovered checks are notices.
    """
    errors: list[tuple[bool, str]] = []
    warnings: list[tuple[bool, str]] = []
    if not report.complete:
        reason = report.incomplete_reason or "the run was interrupted"
        message = f"report incomplete: {clean(reason)}"
        warnings.append((True, command("warning", message, title="campaign-check")))
    recovered: list[str] = []
    for campaign in report_order(report.campaigns):
        for f in findings(campaign, include_skip=False):
            new = f.check.change == "new"
            line = _command("error" if f.check.status is Status.FAIL else "warning", campaign, f)
            (errors if f.check.status is Status.FAIL else warnings).append((new, line))
        recovered += [_command("notice", campaign, f) for f in changed(campaign, "recovered")]
    shown_errors = _first(errors)
    shown_warnings = _first(warnings)
    hidden = {
        "error": len(errors) - len(shown_errors),
        "warning": len(warnings) - len(shown_warnings),
        "recovered check": max(0, len(recovered) - (PER_KIND - 1)),
    }
    lines = [*shown_errors, *shown_warnings, *recovered[: PER_KIND - 1]]
    if any(hidden.values()):
        lines.append(_overflow(hidden))
    return "".join(line + "\n" for line in lines)


def _command(kind: str, campaign: CampaignResult, f: Finding) -> str:
    """One annotation for a check, at its manifest entry."""
    prefix = {"new": "New: ", "recovered": "Recovered: "}.get(f.check.change or "", "")
    title = f"{prefix}{display_name(campaign)}: {f.check.id} {clean(f.target.url)}"
    props = {}
    if campaign.file:
        props["file"] = campaign.file
        if f.target.line:
            props["line"] = str(f.target.line)
    return command(kind, clean(f.check.message), **props, title=title)


def _first(items: list[tuple[bool, str]]) -> list[str]:
    """The first `PER_KIND` annotations, those flagged first."""
    return [line for _, line in sorted(items, key=lambda item: not item[0])[:PER_KIND]]


def _overflow(hidden: dict[str, int]) -> str:
    """The notice saying how many annotations of each kind were left out."""
    parts = [f"{n} more {kind}{'' if n == 1 else 's'}" for kind, n in hidden.items() if n]
    message = (
        f"{', '.join(parts)} not shown as annotations (GitHub shows {PER_KIND} of each kind "
        "per step): every problem is in the job summary and the reports"
    )
    return command("notice", message, title="campaign-check: more problems")
