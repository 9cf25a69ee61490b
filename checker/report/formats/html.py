"""A self-contained HTML status page (`--html`, `index.html` of `--site`): inline CSS, no
scripts, no external requests.

Campaigns come most urgent first, after an overview table linking to each. Every time is
absolute (in the campaign's zone and in UTC) and relative to when the report was generated,
so an old page never claims a countdown it cannot know. Light and dark colours both meet
WCAG AA (4.5:1) for every text on every surface it can appear on.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checker.report.advice import (
    STATUS_WORD,
    Finding,
    Problem,
    changed,
    clean,
    count,
    display_name,
    duration,
    findings,
    passing,
    problems,
    report_order,
    run_status,
    summary_line,
    when,
)
from checker.report.history import History
from checker.report.model import CampaignResult, CampaignStatus, Report, Status

SYMBOL = {
    CampaignStatus.READY: "✓",
    CampaignStatus.AT_RISK: "!",
    CampaignStatus.NOT_READY: "✗",
    CampaignStatus.ENDED: "–",
}
CHECK_SYMBOL = {Status.PASS: "✓", Status.WARN: "!", Status.FAIL: "✗", Status.SKIP: "–"}
RUNS_SHOWN = 30  # recent runs drawn per campaign
_UNIT_SPACE = re.compile(r"(\d) (d|h|min)\b")
SEVERITY_ORDER = (
    CampaignStatus.NOT_READY,
    CampaignStatus.AT_RISK,
    CampaignStatus.READY,
    CampaignStatus.ENDED,
)

LIGHT = {
    "fg": "#1f2328",
    "bg": "#ffffff",
    "card": "#f6f8fa",
    "muted": "#59636e",
    "link": "#0757ba",
    "line": "#d1d9e0",
    "on-status": "#ffffff",
    "ready": "#1a7f37",
    "at_risk": "#8a5c00",
    "not_ready": "#cf222e",
    "ended": "#59636e",
}
DARK = {
    "fg": "#e6edf3",
    "bg": "#0d1117",
    "card": "#161b22",
    "muted": "#9198a1",
    "link": "#58a6ff",
    "line": "#3d444d",
    "on-status": "#0d1117",
    "ready": "#3fb950",
    "at_risk": "#d29922",
    "not_ready": "#ff6a69",
    "ended": "#9198a1",
}


def _variables(palette: dict[str, str]) -> str:
    return ":root{" + ";".join(f"--{name}:{value}" for name, value in palette.items()) + "}"


CSS = (
    ":root{color-scheme:light dark}"
    + _variables(LIGHT)
    + "@media (prefers-color-scheme:dark){"
    + _variables(DARK)
    + "}"
    + """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);
background:var(--bg);max-width:70rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:0 0 .25rem}
h3{font-size:1rem;margin:.75rem 0 .25rem}
a{color:var(--link)}time{white-space:nowrap}
.muted{color:var(--muted)}
.banner{border:2px solid var(--at_risk);padding:.5rem 1rem;border-radius:6px;font-weight:600}
.card{background:var(--card);border-left:.5rem solid var(--ended);border-radius:6px;
padding:.75rem 1rem;margin:1rem 0}
.card.ready{border-left-color:var(--ready)}.card.at_risk{border-left-color:var(--at_risk)}
.card.not_ready{border-left-color:var(--not_ready)}
.badge{display:inline-block;font-weight:700;text-transform:uppercase;font-size:.8rem;
padding:0 .45rem;border-radius:4px;white-space:nowrap;color:var(--on-status);
background:var(--ended)}
.badge.ready{background:var(--ready)}.badge.at_risk{background:var(--at_risk)}
.badge.not_ready{background:var(--not_ready)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line);
overflow-wrap:break-word}
th{font-size:.85rem}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 .75rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
ul.checks{list-style:none;padding-left:0;margin:.25rem 0}ul.checks li{margin:.4rem 0}
.fail{color:var(--not_ready)}.warn{color:var(--at_risk)}.recovered{color:var(--ready)}
.skip,.pass{color:var(--muted)}
.new{font-weight:700;color:var(--not_ready)}
code,.url{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;
overflow-wrap:anywhere}
.message{color:var(--fg)}
details{margin:.4rem 0}summary{cursor:pointer;color:var(--muted)}
ol.runs{display:flex;gap:2px;height:1.4rem;margin:.5rem 0 .1rem;padding:0;list-style:none}
ol.runs li{flex:0 1 .6rem;min-width:2px;border-radius:2px;background:var(--ended)}
ol.runs li.ready{background:var(--ready)}ol.runs li.at_risk{background:var(--at_risk)}
ol.runs li.not_ready{background:var(--not_ready)}
footer{margin:2rem 0 1rem;font-size:.9rem}
main>section>h2{margin-top:1.25rem}.card>h2{margin-top:0}
@media (max-width:36rem){dl.facts{grid-template-columns:minmax(0,1fr)}
dl.facts dd{margin-bottom:.3rem}}
"""
)


def render(report: Report, history: History | None = None, *, site: bool = False) -> str:
    """The report as one HTML document; with `history`, each campaign's recent runs.

    `site=True` (the `index.html` of `--site`) adds relative links to the site's files.
    """
    worst = run_status(report)
    word = STATUS_WORD[worst] if worst else "no campaigns"
    took = f" in {report.duration:.1f} s" if report.duration is not None else ""
    judged = ""
    if when(report.now) != when(report.generated_at):
        judged = f", judged as of {_time(report.now)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>Campaign readiness: {escape(word)}</title><style>{CSS}</style></head><body>",
        "<header><h1>Campaign readiness: " + (_badge(worst) if worst else "no campaigns") + "</h1>",
        f"<p><strong>{escape(summary_line(report))}</strong></p>",
        f'<p class="muted">Generated {_time(report.generated_at)}{took}{judged}. Times '
        "below are relative to this report, not to when you "
        "read it.</p></header><main>",
    ]
    if not report.complete:
        reason = report.incomplete_reason or "the run was interrupted"
        parts.append(
            f'<p class="banner" role="alert">Incomplete report: {escape(clean(reason))}. '
            "Checks that did not finish are listed as not run.</p>"
        )
    campaigns = report_order(report.campaigns)
    if report.compared_with is not None:
        parts.append(_changes(campaigns, report.compared_with))
    if campaigns:
        parts.append(_overview(campaigns, report))
    parts += [_card(c, report, history, site) for c in campaigns]
    parts.append("</main>")
    if site:
        files = ['<a href="report.json">report.json</a>']
        if history is not None:
            files.append('<a href="history.json">history.json</a>')
        files.append('<a href="badges/all.svg">overall badge</a>')
        parts.append(f'<footer class="muted">Data: {" · ".join(files)}</footer>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _badge(status: CampaignStatus) -> str:
    return f'<span class="badge {status}">{SYMBOL[status]} {STATUS_WORD[status]}</span>'


def _time(moment: datetime) -> str:
    return f'<time datetime="{escape(moment.isoformat())}">{escape(when(moment))}</time>'


def _zoned(moment: datetime, zone: str | None) -> str:
    """`2027-06-01 09:00 EDT (America/New_York)`, then `2027-06-01 13:00 UTC`; only the UTC part
    for a campaign in UTC. Without a zone (an older report), the moment's own offset."""
    utc = moment.astimezone(UTC)
    utc_text = f'<time datetime="{escape(utc.isoformat())}">{utc:%Y-%m-%d %H:%M} UTC</time>'
    try:
        local = moment.astimezone(ZoneInfo(zone)) if zone else moment
    except (ZoneInfoNotFoundError, ValueError):
        local = moment
    if zone in (None, "UTC") and local.utcoffset() == timedelta(0):
        return utc_text
    name = f" ({escape(zone)})" if zone and zone != "UTC" else ""
    shown = f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
    return (
        f'<time datetime="{escape(local.isoformat())}">{escape(shown)}</time>{name}<br>{utc_text}'
    )


def _link(url: str) -> str:
    """`url` as a link when it is a web address, else as text."""
    text = escape(clean(url))
    if url.lower().startswith(("https://", "http://")):
        return f'<a class="url" href="{text}" rel="nofollow noreferrer">{text}</a>'
    return f'<span class="url">{text}</span>'


def _problem_counts(found: list[Problem]) -> str:
    failing = sum(p.status is Status.FAIL for p in found)
    warning = len(found) - failing
    if not found:
        return "none"
    parts = [f"{failing} failing"] if failing else []
    if warning:
        parts.append(f"{warning} warning{'' if warning == 1 else 's'}")
    return ", ".join(parts)


def _span(moment: datetime, report: Report) -> str:
    """The time between `moment` and the report's generation, as `1 d 12 h`, a number never
    parted from its unit by a line break."""
    hours = (moment - report.generated_at).total_seconds() / 3600
    return _UNIT_SPACE.sub("\\1\u00a0\\2", duration(hours))


def _relative(moment: datetime, report: Report) -> str:
    """`1 d 12 h after this report`, `3 h before this report`."""
    if abs(moment - report.generated_at) < timedelta(minutes=1):
        return "when this report was made"
    side = "after" if moment > report.generated_at else "before"
    return f"{_span(moment, report)} {side} this report"


def _launch_phrase(campaign: CampaignResult, report: Report) -> str:
    """Launch (or end, once ended) relative to when the report was generated."""
    if campaign.ended:
        return f"ended {_relative(campaign.ends, report)}"
    verb = "launches" if campaign.launch > report.generated_at else "launched"
    return f"{verb} {_relative(campaign.launch, report)}"


def _launch_short(campaign: CampaignResult, report: Report) -> str:
    """`in 1 d 12 h`, `3 d ago`, `ended 2 d ago`: the overview's form of `_launch_phrase`."""
    moment = campaign.ends if campaign.ended else campaign.launch
    if moment > report.generated_at:
        return f"in {_span(moment, report)}"
    return f"{'ended ' if campaign.ended else ''}{_span(moment, report)} ago"


def _overview(campaigns: list[CampaignResult], report: Report) -> str:
    rows = [
        '<section aria-labelledby="overview"><h2 id="overview">Overview</h2>',
        '<table><thead><tr><th scope="col">Campaign</th>'
        '<th scope="col">Launch, from this report</th>'
        '<th scope="col">Problems</th></tr></thead><tbody>',
    ]
    for c in campaigns:
        slug = escape(c.campaign)
        found = "–" if c.ended else _problem_counts(problems(c))
        rows.append(
            f'<tr><td>{_badge(c.status)} <a href="#c-{slug}">{escape(display_name(c))}</a></td>'
            f"<td>{escape(_launch_short(c, report))}</td><td>{escape(found)}</td></tr>"
        )
    rows.append("</tbody></table></section>")
    return "\n".join(rows)


def _changes(campaigns: list[CampaignResult], previous: datetime) -> str:
    """What newly fails or warns and what recovered since the --previous report."""
    new = [(c, f) for c in campaigns for f in changed(c, "new")]
    back = [(c, f) for c in campaigns for f in changed(c, "recovered")]
    out = [
        '<section aria-labelledby="changes"><h2 id="changes">Since the previous report</h2>',
        f'<p class="muted">Compared with the report generated {_time(previous)}: '
        f"{len(new)} newly failing or warning, {len(back)} recovered.</p>",
    ]
    for items in (new, back):
        if items:
            out.append('<ul class="checks">')
            out += [_check(f, campaign=c) for c, f in items]
            out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _card(campaign: CampaignResult, report: Report, history: History | None, site: bool) -> str:
    status = str(campaign.status)
    slug = escape(campaign.campaign)
    out = [
        f'<section class="card {status}" id="c-{slug}" aria-labelledby="h-{slug}">',
        f'<h2 id="h-{slug}">{_badge(campaign.status)} {escape(display_name(campaign))} '
        f"<code>{slug}</code></h2>",
        '<dl class="facts">',
    ]
    phrase = f"<br>{escape(_launch_phrase(campaign, report))}"
    launch, ends = ("", phrase) if campaign.ended else (phrase, "")
    out.append(f"<dt>Launch</dt><dd>{_zoned(campaign.launch, campaign.timezone)}{launch}</dd>")
    out.append(f"<dt>Ends</dt><dd>{_zoned(campaign.ends, campaign.timezone)}{ends}</dd>")
    if campaign.since is not None and not campaign.ended:  # an ended one says when it ended
        relative = _relative(campaign.since, report)
        out.append(
            f"<dt>{escape(STATUS_WORD[campaign.status].capitalize())} since</dt>"
            f"<dd>{_time(campaign.since)} ({escape(relative)})</dd>"
        )
    if campaign.owner:
        out.append(f"<dt>Owner</dt><dd>{escape(clean(campaign.owner))}</dd>")
    out.append(f"<dt>Manifest</dt><dd><code>{escape(campaign.file)}</code></dd>")
    if site:
        out.append(
            f'<dt>Badge</dt><dd><a href="badges/{slug}.svg">SVG</a> · '
            f'<a href="badges/{slug}.json">shields.io endpoint</a></dd>'
        )
    out.append("</dl>")
    if history is not None:
        out.append(_runs(history, campaign.campaign))
    if campaign.ended:
        out.append("<p>Campaign ended; nothing was checked.</p></section>")
        return "\n".join(out)
    if unchecked := campaign.unchecked_message():
        out.append(f"<p><strong>{escape(unchecked)}</strong></p>")
    found = problems(campaign)
    if found:
        out.append(f"<h3>Problems: {escape(_problem_counts(found))}</h3>")
        out.append('<ul class="checks">')
        out += [_problem(p) for p in found]
        out.append("</ul>")
    recovered = changed(campaign, "recovered")
    if recovered:
        out.append("<h3>Recovered since the previous report</h3>")
        out.append('<ul class="checks">')
        out += [_check(f) for f in recovered]
        out.append("</ul>")
    skipped = [f for f in findings(campaign) if f.check.status is Status.SKIP]
    out += _folded(skipped, "not run")
    out += _folded(passing(campaign), "passed", total=count(campaign, Status.PASS))
    out.append("</section>")
    return "\n".join(out)


def _folded(items: list[Finding], what: str, *, total: int | None = None) -> list[str]:
    n = len(items) if total is None else total
    if not n:
        return []
    out = [f"<details><summary>{n} check{'' if n == 1 else 's'} {what}</summary>"]
    out += ['<ul class="checks">', *(_check(f) for f in items), "</ul>"]
    out.append("</details>")
    return out


def _runs(history: History, slug: str) -> str:
    """The campaign's recent runs as a row of bars, oldest first, with a text summary."""
    runs = history.of(slug)[-RUNS_SHOWN:]
    if not runs:
        return ""
    tally = Counter(run.status for _, run in runs)
    summary = ", ".join(f"{tally[s]} {STATUS_WORD[s]}" for s in SEVERITY_ORDER if tally[s])
    label = f"Last {len(runs)} run{'' if len(runs) == 1 else 's'}, oldest first: {summary}"
    bars = []
    for moment, run in runs:
        ids = ", ".join(run.failing or run.warning)
        tip = f"{when(moment)}: {STATUS_WORD[run.status]}" + (f" ({ids})" if ids else "")
        bars.append(f'<li class="{run.status}" title="{escape(tip)}"></li>')
    return (
        f'<ol class="runs" role="img" aria-label="{escape(label)}">{"".join(bars)}</ol>'
        f'<p class="muted">{escape(label)}</p>'
    )


def _problem(p: Problem) -> str:
    status = str(p.status)
    new = ' <span class="new">new</span>' if p.new else ""
    where = f" · found on {escape(p.found_on)}" if p.found_on else ""
    checks = ", ".join(f"<code>{escape(c)}</code>" for c in p.checks)
    return (
        f'<li class="{status}"><span aria-hidden="true">{CHECK_SYMBOL[p.status]}</span> '
        f"<strong>{status.upper()}</strong>{new} {_link(p.url)}<br>"
        f'<span class="message">{escape(p.message)}</span>'
        f'<br><span class="muted">{checks}{where}</span></li>'
    )


def _check(f: Finding, *, campaign: CampaignResult | None = None) -> str:
    status = "recovered" if f.check.change == "recovered" else str(f.check.status)
    symbol = "✓" if status == "recovered" else CHECK_SYMBOL[f.check.status]
    label = f"{'new ' if f.check.change == 'new' else ''}{status}".upper()
    who = f"{escape(display_name(campaign))}: " if campaign else ""
    return (
        f'<li class="{status}"><span aria-hidden="true">{symbol}</span> '
        f"<strong>{label}</strong> {who}<code>{escape(f.check.id)}</code> "
        f'{_link(f.target.url)}<br><span class="message">{escape(clean(f.check.message))}</span>'
        "</li>"
    )
