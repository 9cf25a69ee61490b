"""The readable report printed by `campaign-check check` (rich).

Text from the report is always wrapped in `rich.text.Text`, never parsed as console markup,
and control characters are removed, so a hostile page title cannot restyle the terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from checker.report.advice import (
    Finding,
    broken,
    clean,
    count,
    countdown,
    crawl_listed,
    display_name,
    findings,
    found_on_text,
    one_line,
    passing,
    report_order,
    summary_line,
    when,
)
from checker.report.model import CampaignResult, CampaignStatus, Report, Status

BROKEN_SHOWN = 10
CRAWL_FOUND = {"page", "link", "asset"}  # target kinds the crawl creates for broken URLs

HEADER = {
    CampaignStatus.READY: ("✓ READY", "bold green"),
    CampaignStatus.AT_RISK: ("! AT RISK", "bold yellow"),
    CampaignStatus.NOT_READY: ("✗ NOT READY", "bold red"),
    CampaignStatus.ENDED: ("- ENDED", "bold dim"),
}
CHECK = {
    Status.FAIL: ("✗", "red"),
    Status.WARN: ("!", "yellow"),
    Status.SKIP: ("-", "dim"),
    Status.PASS: ("✓", "green"),
}


def render(report: Report, console: Console, verbose: bool = False) -> None:
    """Print every campaign in launch order, the problems first, then a summary line."""
    for campaign in report_order(report.campaigns):
        _campaign(console, campaign, verbose)
        console.print()
    console.print(Text(summary_line(report), style="bold"))
    if not report.complete:
        reason = one_line(report.incomplete_reason or "the run was interrupted")
        console.print(Text(f"Report incomplete: {reason}", style="bold red"))


def _campaign(console: Console, campaign: CampaignResult, verbose: bool) -> None:
    word, style = HEADER[campaign.status]
    header = Text.assemble((word, style), "  ", (display_name(campaign), "bold"))
    if campaign.name:
        header.append(f" ({campaign.campaign})", style="dim")
    header.append(f"  {when(campaign.launch)}, {countdown(campaign, long=True)}")
    if campaign.owner:
        header.append(f"  owner: {one_line(campaign.owner)}", style="dim")
    _print(console, header, 0, 4)
    if campaign.ended:
        _print(console, Text(f"ended {when(campaign.ends)}; not checked", style="dim"), 2)
        return
    if unchecked := campaign.unchecked_message():
        _print(console, Text(unchecked, style="bold red"), 2)
    # Broken URLs a crawl check already lists are not repeated one by one (unless verbose).
    listed = set() if verbose else crawl_listed(campaign)
    for f in findings(campaign, include_skip=verbose):
        if not (f.target.kind in CRAWL_FOUND and one_line(f.target.url) in listed):
            _check(console, f)
    if verbose:
        for f in passing(campaign):
            _check(console, f)
    else:
        n, skipped = count(campaign, Status.PASS), count(campaign, Status.SKIP)
        line = f"{n} check{'' if n == 1 else 's'} passed"
        # Checks not run for a reason of the run are announced above, in bold.
        line += f", {skipped} skipped (-v says why)" if skipped else ""
        _print(console, Text(line, style="dim"), 2)


def _print(console: Console, text: Text, indent: int, hang: int | None = None) -> None:
    """Print `text` wrapped to the console, indented, with continuation lines at `hang`."""
    hang = indent + 4 if hang is None else hang
    width = max(console.width - hang, 20)
    for i, line in enumerate(text.wrap(console, width, overflow="fold")):
        line.rstrip()
        console.print(Text(" " * (hang if i else indent)) + line, overflow="fold", crop=False)


def _check(console: Console, f: Finding) -> None:
    symbol, style = CHECK[f.check.status]
    line = Text.assemble(
        (symbol, style),
        " ",
        (f.check.id, f"bold {style}"),
        "  ",
        (one_line(f.target.url), "cyan"),
        "  ",
        clean(f.check.message),
    )
    _print(console, line, 2, 6)
    items = broken(f.check)
    for b in items[:BROKEN_SHOWN]:
        where = found_on_text(b.found_on, f.target.url)
        text = Text.assemble((b.url, "cyan"), "  ", (b.problem, style))
        if where:
            text.append(f"  {b.element + ' ' if b.element else ''}on {where}", style="dim")
        _print(console, text, 6, 10)
    if len(items) > BROKEN_SHOWN:
        _print(console, Text(f"… and {len(items) - BROKEN_SHOWN} more", style="dim"), 6)
    found = f.check.detail.get("found_on")
    if not items and isinstance(found, list) and found:
        where = found_on_text([one_line(str(p)) for p in found], f.target.url)
        _print(console, Text(f"found on {where}", style="dim"), 6, 10)
