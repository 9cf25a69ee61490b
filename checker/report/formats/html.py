"""A self-contained HTML status page (`--html`): inline CSS, no scripts, no external requests."""

from __future__ import annotations

from datetime import datetime
from html import escape

from checker.report.advice import (
    STATUS_WORD,
    Finding,
    broken,
    clean,
    count,
    countdown,
    display_name,
    findings,
    found_on_text,
    launch_order,
    passing,
    run_status,
    summary_line,
    when,
)
from checker.report.model import CampaignResult, CampaignStatus, Report, Status

SYMBOL = {
    CampaignStatus.READY: "✓",
    CampaignStatus.AT_RISK: "!",
    CampaignStatus.NOT_READY: "✗",
    CampaignStatus.ENDED: "–",
}
CHECK_SYMBOL = {Status.PASS: "✓", Status.WARN: "!", Status.FAIL: "✗", Status.SKIP: "–"}
BROKEN_SHOWN = 50

CSS = """
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--card:#f6f8fa;
--ready:#1a7f37;--at_risk:#9a6700;--not_ready:#cf222e;--ended:#59636e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;
--card:#161b22;--ready:#3fb950;--at_risk:#d29922;--not_ready:#f85149;--ended:#9198a1}}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);
background:var(--bg);max-width:70rem;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:0}
.muted{color:var(--muted)}.banner{border:2px solid var(--at_risk);padding:.5rem 1rem;
border-radius:6px;font-weight:600}
.card{background:var(--card);border-left:.5rem solid var(--ended);border-radius:6px;
padding:.75rem 1rem;margin:1rem 0}
.card.ready{border-color:var(--ready)}.card.at_risk{border-color:var(--at_risk)}
.card.not_ready{border-color:var(--not_ready)}
.badge{display:inline-block;font-weight:700;text-transform:uppercase;font-size:.85rem;
padding:0 .5rem;border-radius:4px;color:#fff;background:var(--ended)}
.badge.ready{background:var(--ready)}.badge.at_risk{background:var(--at_risk)}
.badge.not_ready{background:var(--not_ready)}
ul.checks{list-style:none;padding-left:0}ul.checks li{margin:.35rem 0}
.fail{color:var(--not_ready)}.warn{color:var(--at_risk)}.skip,.pass{color:var(--muted)}
code,.url{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;
overflow-wrap:anywhere}
ul.broken{margin:.25rem 0 .25rem 1.5rem;padding:0;font-size:.9em}
"""


def render(report: Report) -> str:
    """The report as one HTML document."""
    worst = run_status(report)
    title = f"Campaign readiness: {STATUS_WORD[worst] if worst else 'no campaigns'}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f"<p><strong>{escape(summary_line(report))}</strong></p>",
        f'<p class="muted">Generated {_time(report.generated_at)} · '
        f"evaluated as of {_time(report.now)}</p></header>",
    ]
    if not report.complete:
        reason = report.incomplete_reason or "the run was interrupted"
        parts.append(
            f'<p class="banner" role="alert">Incomplete report: {escape(clean(reason))}. '
            "Checks that did not finish are listed as skipped.</p>"
        )
    parts += [_card(c) for c in launch_order(report.campaigns)]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _time(moment: datetime) -> str:
    return f'<time datetime="{escape(moment.isoformat())}">{escape(when(moment))}</time>'


def _card(campaign: CampaignResult) -> str:
    status = str(campaign.status)
    word = STATUS_WORD[campaign.status]
    slug = escape(campaign.campaign)
    out = [
        f'<section class="card {status}" id="c-{slug}" aria-labelledby="h-{slug}">',
        f'<h2 id="h-{slug}"><span class="badge {status}">{SYMBOL[campaign.status]} {word}</span> '
        f"{escape(display_name(campaign))} <code>{slug}</code></h2>",
    ]
    facts = [f"Launch {_time(campaign.launch)} ({escape(countdown(campaign, long=True))})"]
    facts.append(f"ends {_time(campaign.ends)}")
    if campaign.owner:
        facts.append(f"owner {escape(clean(campaign.owner))}")
    facts.append(f"<code>{escape(campaign.file)}</code>")
    out.append(f'<p class="muted">{" · ".join(facts)}</p>')
    if campaign.ended:
        out.append("<p>Campaign ended; nothing was checked.</p></section>")
        return "\n".join(out)
    problems = findings(campaign)
    if problems:
        out.append('<ul class="checks">')
        out += [_check(f) for f in problems]
        out.append("</ul>")
    ok = passing(campaign)
    n = count(campaign, Status.PASS)
    out.append(f"<details><summary>{n} check{'' if n == 1 else 's'} passed</summary>")
    if ok:
        out.append('<ul class="checks">')
        out += [_check(f) for f in ok]
        out.append("</ul>")
    out.append("</details></section>")
    return "\n".join(out)


def _check(f: Finding) -> str:
    status = str(f.check.status)
    line = (
        f'<li class="{status}"><span aria-hidden="true">{CHECK_SYMBOL[f.check.status]}</span> '
        f"<strong>{status.upper()}</strong> <code>{escape(f.check.id)}</code> "
        f'<span class="url">{escape(clean(f.target.url))}</span><br>'
        f"<span>{escape(clean(f.check.message))}</span>"
    )
    items = broken(f.check)
    if items:
        line += '<ul class="broken">'
        for b in items[:BROKEN_SHOWN]:
            where = found_on_text(b.found_on, f.target.url)
            element = f"{b.element} " if b.element else ""
            line += (
                f'<li><span class="url">{escape(b.url)}</span> {escape(b.problem)}'
                f"{escape(f' ({element}on {where})' if where else '')}</li>"
            )
        if len(items) > BROKEN_SHOWN:
            line += f"<li>… and {len(items) - BROKEN_SHOWN} more</li>"
        line += "</ul>"
    return line + "</li>"
