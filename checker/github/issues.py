"""What each campaign's GitHub issue should be, from a report and the issues found (no I/O).

An issue belongs to a campaign by its label and the marker `<!-- campaign-check:SLUG -->`
in its body (never by its title, which people edit). The body also keeps, in a hidden
`<!-- campaign-check-state {…} -->` line, the campaign's status and its failing set:
the (check id, target URL) pairs that fail (and warn, under `--on at_risk`), plus the
checks not run for a reason of the run itself (deadline, secret, error, interrupted).
Only a change of that status or set is a change: new messages or a new run write nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checker.report.advice import STATUS_WORD, countdown, display_name, findings, when
from checker.report.fixes import fix_for
from checker.report.formats.markdown import CHECK_EMOJI, EMOJI, code, text
from checker.report.model import CampaignResult, CampaignStatus, Phase, Report, Status

BODY_LIMIT = 65_000
STATE_LIMIT = 20_000
"""Longest state line; a larger failing set is kept as its digest and count only."""
MESSAGE_LIMIT = 500
LISTED_CHANGES = 50
MARKER = "<!-- campaign-check:{slug} -->"
_MARKER = re.compile(r"<!-- campaign-check:([a-z0-9][a-z0-9-]*) -->")
_STATE = re.compile(r"<!-- campaign-check-state (\{[^>]*\}) -->")
_HANDLE = re.compile(r"@([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})")

Failure = tuple[str, str]
"""(check id, target URL)."""


def failing_set(campaign: CampaignResult, on: CampaignStatus) -> frozenset[Failure]:
    """What an issue tracks for `campaign` under threshold `on`."""
    bad = {Status.FAIL, Status.WARN} if on is CampaignStatus.AT_RISK else {Status.FAIL}
    return frozenset(
        (check.id, target.url)
        for target in campaign.targets
        for check in target.checks
        if check.status in bad or check.unchecked is not None
    )


def effective_status(campaign: CampaignResult) -> CampaignStatus:
    """The campaign's status; `ended` once its flight is over, even if it was checked."""
    return CampaignStatus.ENDED if campaign.phase is Phase.ENDED else campaign.status


def owner_handle(owner: str | None) -> str | None:
    """The GitHub login in an owner written as `@login`, else None (teams are not assignable)."""
    match = _HANDLE.fullmatch((owner or "").strip())
    return match.group(1) if match else None


@dataclass(frozen=True)
class Tracked:
    """What an issue body records: the campaign's status and its failing set."""

    status: CampaignStatus
    digest: str
    count: int
    failing: frozenset[Failure] | None  # None: too large to keep, only its digest is known

    @classmethod
    def of(cls, status: CampaignStatus, failing: frozenset[Failure]) -> Tracked:
        listed = sorted(failing)
        digest = hashlib.sha256(json.dumps(listed).encode()).hexdigest()
        return cls(status, digest, len(listed), failing)

    def same_as(self, other: Tracked) -> bool:
        return (self.status, self.digest) == (other.status, other.digest)

    def line(self) -> str:
        """The hidden state line (JSON with `<` and `>` escaped, so the comment cannot end)."""
        data: dict[str, Any] = {"v": 1, "status": str(self.status), "digest": self.digest}
        data["count"] = self.count
        encoded = _hidden(data | {"failing": sorted(self.failing or ())})
        if len(encoded) > STATE_LIMIT:
            encoded = _hidden(data)
        return f"<!-- campaign-check-state {encoded} -->"

    @classmethod
    def parse(cls, body: str) -> Tracked | None:
        """The state kept in `body`, or None when there is none that reads."""
        match = _STATE.search(body)
        if match is None:
            return None
        try:
            data = json.loads(match.group(1))
            failing = data.get("failing")
            pairs = None if failing is None else frozenset((str(i), str(u)) for i, u in failing)
            status = CampaignStatus(data["status"])
            return cls(status, str(data["digest"]), int(data["count"]), pairs)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _hidden(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass(frozen=True)
class Issue:
    """An issue as the API lists it, with the campaign its marker names."""

    number: int
    open: bool
    locked: bool
    closed_at: str
    slug: str | None
    tracked: Tracked | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Issue | None:
        """None for a pull request or an entry without a number."""
        number = data.get("number")
        if "pull_request" in data or not isinstance(number, int):
            return None
        raw = data.get("body")
        body = raw if isinstance(raw, str) else ""
        marker = _MARKER.search(body)
        return cls(
            number=number,
            open=data.get("state") == "open",
            locked=bool(data.get("locked")),
            closed_at=str(data.get("closed_at") or ""),
            slug=marker.group(1) if marker else None,
            tracked=Tracked.parse(body),
        )


@dataclass(frozen=True)
class Links:
    """Where the body points: the Actions run and the status page, when known."""

    run: str | None = None
    site: str | None = None

    def line(self) -> str:
        parts = [f"[this run]({self.run})"] if self.run else []
        parts += [f"[status page]({self.site})"] if self.site else []
        return " · ".join(parts)


@dataclass(frozen=True)
class Wanted:
    """The issue a campaign should have."""

    slug: str
    title: str
    body: str
    tracked: Tracked
    assignee: str | None


@dataclass(frozen=True)
class Create:
    """Open a new issue (none yet, or the last one is locked)."""

    wanted: Wanted


@dataclass(frozen=True)
class Update:
    """Rewrite (and with `reopen`, reopen) an issue, then post `comment` if any."""

    number: int
    wanted: Wanted
    comment: str | None
    retitle: bool
    reopen: bool = False


@dataclass(frozen=True)
class Close:
    """Comment on an issue, then close it (`state_reason` completed, or not_planned)."""

    slug: str
    number: int
    comment: str
    why: str  # a few words for the command's output
    reason: str = "completed"


Action = Create | Update | Close


@dataclass(frozen=True)
class Plan:
    """Every write a run needs, the issues already in step, and those left open on purpose."""

    actions: list[Action]
    in_step: list[tuple[str, int]]
    left_open: list[tuple[str, int]]  # campaigns absent from a report that is not whole


def wanted_issue(
    campaign: CampaignResult, report: Report, on: CampaignStatus, links: Links
) -> Wanted | None:
    """The issue `campaign` should have, or None when it should have none open."""
    status = effective_status(campaign)
    failing = failing_set(campaign, on)
    if status is CampaignStatus.ENDED or not failing:
        return None
    name = display_name(campaign)[:150]
    tracked = Tracked.of(status, failing)
    return Wanted(
        slug=campaign.campaign,
        title=f"{name} is {STATUS_WORD[status]}",
        body=_body(campaign, report, status, failing, tracked, links),
        tracked=tracked,
        assignee=owner_handle(campaign.owner),
    )


def _body(
    campaign: CampaignResult,
    report: Report,
    status: CampaignStatus,
    failing: frozenset[Failure],
    tracked: Tracked,
    links: Links,
) -> str:
    owner = campaign.owner or ""
    shown_owner = f"@{handle}" if (handle := owner_handle(owner)) else code(owner[:200])
    head = [
        MARKER.format(slug=campaign.campaign),
        tracked.line(),
        f"## {EMOJI[status]} {text(display_name(campaign))} is {STATUS_WORD[status]}",
        "",
        f"- Campaign: {code(campaign.campaign)} ({code(campaign.file)})",
        f"- Launch: {text(when(campaign.launch))}, {countdown(campaign)} "
        f"(as of {text(when(report.now))})",
    ]
    if owner:
        head.append(f"- Owner: {shown_owner}")
    if links.line():
        head.append(f"- Details: {links.line()}")
    head += [
        "",
        f"### What is missing ({len(failing)})",
        "",
        "| | Check | URL | Problem | Fix |",
        "| --- | --- | --- | --- | --- |",
    ]
    tail = [
        "",
        "_Kept in step by `campaign-check github-issues`: updated when the failing checks "
        "change, closed when the campaign is ready. Edits to this text are overwritten._",
    ]
    rows = _rows(campaign, failing)
    size = sum(len(line) + 1 for line in head + tail) + 200  # room for the cut line
    kept: list[str] = []
    for row in rows:
        size += len(row) + 1
        if size > BODY_LIMIT:
            break
        kept.append(row)
    if len(kept) < len(rows):
        kept += [
            "",
            f"_{len(rows) - len(kept)} more not shown: this text is cut at "
            f"{BODY_LIMIT:,} characters; the run's report lists them all._",
        ]
    return "\n".join(head + kept + tail) + "\n"


def _rows(campaign: CampaignResult, failing: frozenset[Failure]) -> list[str]:
    """One table row per failing pair, failures first (report order within)."""
    rows: list[str] = []
    seen: set[Failure] = set()
    for finding in findings(campaign):
        check, target = finding.check, finding.target
        pair = (check.id, target.url)
        if pair not in failing or pair in seen:
            continue
        seen.add(pair)
        fix = fix_for(check.id, check.unchecked)
        cells = [
            CHECK_EMOJI[check.status],
            code(check.id),
            code(target.url[:MESSAGE_LIMIT]),
            code(check.message[:MESSAGE_LIMIT]),
            fix,  # the tool's own Markdown
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def change_comment(before: Tracked, after: Tracked, links: Links) -> str:
    """One comment saying what changed since the state the issue kept (`before`)."""
    if before.status != after.status:
        was = STATUS_WORD[before.status]
        lines = [f"Now **{STATUS_WORD[after.status]}** (was {was})."]
    else:
        lines = ["The failing checks changed."]
    if before.failing is not None and after.failing is not None:
        lines += _listed("Newly failing", after.failing - before.failing)
        lines += _listed("Recovered", before.failing - after.failing)
    else:
        lines.append(f"{after.count} fail now, {before.count} before; the issue lists them.")
    return _with_links("\n".join(lines), links)


def reopen_comment(after: Tracked, links: Links) -> str:
    """The comment of a reopened issue: the status, and what fails now."""
    word = STATUS_WORD[after.status]
    lines = [f"Reopened: the campaign is **{word}** again."]
    lines += _listed("Failing now", after.failing or ())
    return _with_links("\n".join(lines), links)


def _listed(heading: str, pairs: Iterable[Failure]) -> list[str]:
    ordered = sorted(pairs)
    if not ordered:
        return []
    lines = ["", f"**{heading} ({len(ordered)}):**", ""]
    shown = ordered[:LISTED_CHANGES]
    lines += [f"- {code(check)} {code(url[:MESSAGE_LIMIT])}" for check, url in shown]
    if len(ordered) > LISTED_CHANGES:
        lines.append(f"- … and {len(ordered) - LISTED_CHANGES} more")
    return lines


def _closing_words(campaign: CampaignResult, on: CampaignStatus) -> tuple[str, str]:
    """(the closing comment's sentence, a few words for the output)."""
    status = effective_status(campaign)
    name = text(display_name(campaign))
    if status is CampaignStatus.ENDED:
        return f"{name} has ended: closing.", "ended"
    if status is CampaignStatus.READY:
        return f"✅ {name} is ready: nothing fails any more. Closing.", "ready"
    threshold = f"`--on {on.value}`"
    sentence = f"{name} is now {STATUS_WORD[status]}, below this issue's threshold ({threshold})"
    return f"{sentence}: closing.", STATUS_WORD[status]


def plan(report: Report, issues: list[Issue], on: CampaignStatus, links: Links) -> Plan:
    """The writes that bring every campaign's issue in step with `report`.

    Open issues of campaigns absent from the report are closed only when the report
    is complete and its scope is the whole portfolio; locked issues are never touched.
    """
    by_slug: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.slug is not None:
            by_slug.setdefault(issue.slug, []).append(issue)
    actions: list[Action] = []
    in_step: list[tuple[str, int]] = []
    for campaign in report.campaigns:
        mine = by_slug.get(campaign.campaign, [])
        wanted = wanted_issue(campaign, report, on, links)
        if wanted is None:
            sentence, why = _closing_words(campaign, on)
            actions += _close_all(campaign.campaign, mine, _with_links(sentence, links), why)
        else:
            actions += _keep_one(mine, wanted, links, in_step)
    whole = report.complete and report.scope is not None and report.scope.whole_portfolio
    present = {c.campaign for c in report.campaigns}
    left_open: list[tuple[str, int]] = []
    for slug in sorted(set(by_slug) - present):
        if whole:
            sentence = f"Campaign {code(slug)} is no longer in the manifests (renamed or removed)"
            comment = _with_links(f"{sentence}: closing.", links)
            actions += _close_all(slug, by_slug[slug], comment, "left the manifests")
        else:
            left_open += [(slug, i.number) for i in by_slug[slug] if i.open and not i.locked]
    return Plan(actions, in_step, left_open)


def _with_links(sentence: str, links: Links) -> str:
    return sentence + (f"\n\nDetails: {links.line()}" if links.line() else "") + "\n"


def _close_all(slug: str, mine: list[Issue], comment: str, why: str) -> list[Action]:
    return [Close(slug, i.number, comment, why) for i in mine if i.open and not i.locked]


def _keep_one(
    mine: list[Issue], wanted: Wanted, links: Links, in_step: list[tuple[str, int]]
) -> list[Action]:
    """Keep exactly one open issue: update it, reopen the last closed one, or open one."""
    opened = sorted((i for i in mine if i.open and not i.locked), key=lambda i: i.number)
    if opened:
        current, *duplicates = opened
        duplicate = f"Duplicate of #{current.number}.\n"
        actions: list[Action] = [
            Close(wanted.slug, d.number, duplicate, "duplicate", "not_planned") for d in duplicates
        ]
        before = current.tracked
        if before is not None and before.same_as(wanted.tracked):
            in_step.append((wanted.slug, current.number))
            return actions
        comment = None if before is None else change_comment(before, wanted.tracked, links)
        retitle = before is None or before.status != wanted.tracked.status
        return [*actions, Update(current.number, wanted, comment, retitle)]
    if any(i.open for i in mine):  # only locked ones are open: left alone
        return [Create(wanted)]
    closed = sorted(mine, key=lambda i: (i.closed_at, i.number), reverse=True)
    if closed and not closed[0].locked:
        comment = reopen_comment(wanted.tracked, links)
        return [Update(closed[0].number, wanted, comment, retitle=True, reopen=True)]
    return [Create(wanted)]
