"""GitHub-flavoured Markdown (`--markdown`) for `$GITHUB_STEP_SUMMARY` and PR comments."""

from __future__ import annotations

import re
from datetime import datetime

from checker.report.advice import (
    STATUS_WORD,
    changed,
    count,
    countdown,
    display_name,
    findings,
    one_line,
    problems,
    report_order,
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
    """The report as a Markdown summary: heading, counts, a campaign table, what changed since
    the previous report, and each campaign's problems (a broken URL counted once)."""
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
    campaigns = report_order(report.campaigns)
    if campaigns:
        since = any(c.since for c in campaigns)
        lines += [
            "| Status | Campaign | Launch | Countdown | Problems | Warnings |"
            + (" In this state since |" if since else ""),
            "| --- | --- | --- | --- | ---: | ---: |" + (" --- |" if since else ""),
        ]
        lines += [_row(c, since) for c in campaigns]
    if report.compared_with is not None:
        lines += ["", *_changes(report, report.compared_with)]
    for campaign in campaigns:
        if campaign.status in (CampaignStatus.NOT_READY, CampaignStatus.AT_RISK):
            lines += ["", *_details(campaign)]
    return "\n".join(lines) + "\n"


def _row(campaign: CampaignResult, since: bool) -> str:
    found = problems(campaign)
    cells = [
        f"{EMOJI[campaign.status]} {STATUS_WORD[campaign.status]}",
        f"{text(display_name(campaign))} ({code(campaign.campaign)})",
        text(when(campaign.launch)),
        countdown(campaign),
        str(sum(p.status is Status.FAIL for p in found)),
        str(sum(p.status is Status.WARN for p in found)),
    ]
    if since:
        moment = None if campaign.ended else campaign.since  # an ended one: its end says it
        cells.append(text(when(moment)) if moment else "")
    return "| " + " | ".join(cells) + " |"


def _changes(report: Report, previous: datetime) -> list[str]:
    """What newly fails or warns and what recovered since the `--previous` report."""
    new = [(c, f) for c in report_order(report.campaigns) for f in changed(c, "new")]
    back = [(c, f) for c in report_order(report.campaigns) for f in changed(c, "recovered")]
    lines = [f"### Since the previous report ({text(when(previous))})", ""]
    if not new and not back:
        return [*lines, "Nothing newly fails and nothing recovered."]
    for title, items in (("Newly failing or warning", new), ("Recovered", back)):
        if items:
            lines += [f"**{title}: {len(items)}**", ""]
            lines += [
                f"- {CHECK_EMOJI[f.check.status]} {text(display_name(c))}: {code(f.check.id)} "
                f"{code(f.target.url)} — {text(f.check.message)}"
                for c, f in items
            ]
            lines.append("")
    return lines[:-1]


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
        *([f"**{text(unchecked)}**", ""] if (unchecked := campaign.unchecked_message()) else []),
        "| | URL | Checks | What is wrong |",
        "| --- | --- | --- | --- |",
    ]
    for p in problems(campaign):
        checks = ", ".join(code(c) for c in p.checks)
        lines.append(
            f"| {CHECK_EMOJI[p.status]}{' **new**' if p.new else ''} | {code(p.url)} | {checks} "
            f"| {text(p.message)}{f' (found on {text(p.found_on)})' if p.found_on else ''} |"
        )
    skipped = [f for f in findings(campaign) if f.check.status is Status.SKIP]
    if skipped:
        n = len(skipped)
        lines += ["", f"<details><summary>{n} check{'' if n == 1 else 's'} not run</summary>", ""]
        lines += [
            f"- {code(f.check.id)} {code(f.target.url)}: {text(f.check.message)}" for f in skipped
        ]
        lines += ["", "</details>"]
    passed = count(campaign, Status.PASS)
    lines += ["", f"{passed} check{'' if passed == 1 else 's'} passed."]
    return lines
