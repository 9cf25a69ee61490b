"""GitHub-flavoured Markdown (`--markdown`) for `$GITHUB_STEP_SUMMARY` and PR comments."""

from __future__ import annotations

import re

from checker.report.advice import (
    STATUS_WORD,
    count,
    countdown,
    display_name,
    findings,
    launch_order,
    one_line,
    run_status,
    summary_line,
    when,
)
from checker.report.model import CampaignResult, CampaignStatus, Report, Status

EMOJI = {
    CampaignStatus.READY: "✅",
    CampaignStatus.AT_RISK: "⚠️",
    CampaignStatus.NOT_READY: "❌",
    CampaignStatus.ENDED: "⏹️",
}
CHECK_EMOJI = {Status.FAIL: "❌", Status.WARN: "⚠️", Status.SKIP: "⏭️", Status.PASS: "✅"}

_SPECIAL = re.compile(r"([\\`*\[\]|])")


def text(value: str) -> str:
    """`value` as literal Markdown text that is safe inside a table cell."""
    value = one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def code(value: str) -> str:
    """`value` as an inline code span that is safe inside a table cell."""
    value = one_line(value).replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def render(report: Report) -> str:
    """The report as a Markdown summary: heading, counts, a campaign table, the problems."""
    worst = run_status(report)
    verdict = f" {EMOJI[worst]} {STATUS_WORD[worst]}" if worst else ": no campaigns"
    lines = [
        f"## Campaign readiness{verdict}",
        "",
        f"**{summary_line(report)}** — checked {when(report.generated_at)}"
        + (f", as of {when(report.now)}" if when(report.now) != when(report.generated_at) else ""),
        "",
    ]
    if not report.complete:
        reason = text(report.incomplete_reason or "the run was interrupted")
        lines += [f"> [!WARNING]\n> **Incomplete report:** {reason}", ""]
    campaigns = launch_order(report.campaigns)
    if campaigns:
        lines += [
            "| Status | Campaign | Launch | Countdown | Failing | Warnings |",
            "| --- | --- | --- | --- | ---: | ---: |",
        ]
        lines += [_row(c) for c in campaigns]
    for campaign in campaigns:
        if campaign.status in (CampaignStatus.NOT_READY, CampaignStatus.AT_RISK):
            lines += ["", *_details(campaign)]
    return "\n".join(lines) + "\n"


def _row(campaign: CampaignResult) -> str:
    cells = [
        f"{EMOJI[campaign.status]} {STATUS_WORD[campaign.status]}",
        f"{text(display_name(campaign))} ({code(campaign.campaign)})",
        text(when(campaign.launch)),
        countdown(campaign),
        str(count(campaign, Status.FAIL)),
        str(count(campaign, Status.WARN)),
    ]
    return "| " + " | ".join(cells) + " |"


def _details(campaign: CampaignResult) -> list[str]:
    status = campaign.status
    head = f"### {EMOJI[status]} {text(display_name(campaign))} — {STATUS_WORD[status]}"
    facts = [f"{code(campaign.campaign)}", f"launch {text(when(campaign.launch))}"]
    facts.append(countdown(campaign))
    if campaign.owner:
        facts.append(f"owner {text(campaign.owner)}")
    lines = [
        head,
        "",
        " · ".join(facts),
        "",
        "| | Check | Target | Message |",
        "| --- | --- | --- | --- |",
    ]
    for f in findings(campaign):
        lines.append(
            f"| {CHECK_EMOJI[f.check.status]} | {code(f.check.id)} | {code(f.target.url)} "
            f"| {text(f.check.message)} |"
        )
    passed = count(campaign, Status.PASS)
    lines += ["", f"{passed} check{'' if passed == 1 else 's'} passed."]
    return lines
