"""Bring every campaign's issue in step with a report: list, plan, then write one at a time.

A write that fails is reported and the others are still made; an issue that is gone
(404/410) or became locked meanwhile is replaced by a new one. A create retried after
its answer was lost may have opened an issue twice: the next run closes the newer one
as a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.github.issues import Close, Create, Issue, Links, Plan, Update, Wanted, plan
from checker.github.rest import GitHubClient, GitHubError, Gone, MissingPermission
from checker.report.advice import STATUS_WORD
from checker.report.model import CampaignStatus, Report

Say = Callable[[str], None]


@dataclass
class Outcome:
    """How a sync went: writes made, writes failed, issues already in step."""

    written: int = 0
    failed: int = 0
    in_step: int = 0


class Repository:
    """The issue endpoints of one repository, under one label."""

    def __init__(self, client: GitHubClient, repository: str, label: str, warn: Say) -> None:
        self.client = client
        self.path = f"repos/{repository}/issues"
        self.label = label
        self.warn = warn

    async def issues(self) -> list[Issue]:
        """Every issue with the label, open or closed (pull requests left out)."""
        listed = await self.client.list_all(self.path, {"labels": self.label, "state": "all"})
        return [issue for data in listed if (issue := Issue.from_api(data)) is not None]

    async def create(self, wanted: Wanted) -> int:
        """Open the issue, then assign the owner's handle (a failed assignment is a warning)."""
        payload = {"title": wanted.title, "body": wanted.body, "labels": [self.label]}
        answer = await self.client.request("POST", self.path, payload=payload)
        number = answer.data.get("number") if isinstance(answer.data, dict) else None
        if not isinstance(number, int):
            raise GitHubError(f"POST /{self.path}: the answer names no issue number")
        if wanted.assignee is not None:
            await self._assign(number, wanted.assignee)
        if self.label not in _names(answer.data, "labels", "name"):
            raise GitHubError(
                f"opened #{number} but GitHub dropped its label {self.label!r}, so the next run "
                "cannot find it: give the workflow `permissions: issues: write`"
            )
        return number

    async def _assign(self, number: int, login: str) -> None:
        path = f"{self.path}/{number}/assignees"
        try:
            answer = await self.client.request("POST", path, payload={"assignees": [login]})
        except GitHubError as exc:
            self.warn(f"warning: #{number}: @{login} not assigned: {exc}")
            return
        assigned = {name.lower() for name in _names(answer.data, "assignees", "login")}
        if login.lower() not in assigned:
            self.warn(f"warning: #{number}: GitHub did not assign @{login} (not a collaborator?)")

    async def edit(self, number: int, fields: dict[str, str]) -> None:
        await self.client.request("PATCH", f"{self.path}/{number}", payload=fields)

    async def comment(self, number: int, body: str) -> None:
        await self.client.request("POST", f"{self.path}/{number}/comments", payload={"body": body})


def _names(data: Any, key: str, field: str) -> set[str]:
    """`field` of each object in the list `data[key]` (labels' names, assignees' logins)."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {str(item.get(field, "")) for item in items if isinstance(item, dict)}


def _locked(exc: MissingPermission) -> bool:
    """Whether a 403 refused a comment because the issue is locked."""
    return "locked" in exc.detail.lower()


async def sync_issues(
    report: Report,
    repository: Repository,
    on: CampaignStatus,
    links: Links,
    say: Say,
    warn: Say,
) -> Outcome:
    """List the label's issues, plan, and make every write; `say`/`warn` print as it goes."""
    outcome = Outcome()
    try:
        issues = await repository.issues()
    except GitHubError as exc:
        warn(f"error: cannot list the issues: {exc}")
        outcome.failed += 1
        return outcome
    steps: Plan = plan(report, issues, on, links)
    for slug, number in steps.in_step:
        say(f"{slug}: #{number} in step")
    outcome.in_step = len(steps.in_step)
    for slug, number in steps.left_open:
        warn(
            f"note: {slug}: #{number} left open: the campaign is not in this report, which "
            "is incomplete or covers only part of the portfolio (--campaign, --shard)"
        )
    for action in steps.actions:
        slug = action.slug if isinstance(action, Close) else action.wanted.slug
        try:
            say(f"{slug}: {await _apply(repository, action)}")
        except GitHubError as exc:
            warn(f"error: {slug}: {exc}")
            outcome.failed += 1
        else:
            outcome.written += 1
    return outcome


async def _apply(repository: Repository, action: Create | Update | Close) -> str:
    """Make one planned change; returns what was done, in a few words."""
    if isinstance(action, Close):
        return await _close(repository, action)
    word = STATUS_WORD[action.wanted.tracked.status]
    if isinstance(action, Create):
        return f"opened #{await repository.create(action.wanted)} ({word})"
    fields = {"body": action.wanted.body}
    if action.retitle:
        fields["title"] = action.wanted.title
    if action.reopen:
        fields |= {"state": "open", "state_reason": "reopened"}
    try:
        await repository.edit(action.number, fields)
    except Gone:
        return f"#{action.number} is gone: opened #{await repository.create(action.wanted)}"
    if action.comment is not None:
        try:
            await repository.comment(action.number, action.comment)
        except MissingPermission as exc:
            if not _locked(exc):
                raise
            number = await repository.create(action.wanted)
            return f"#{action.number} is locked: opened #{number} ({word})"
    return f"{'reopened' if action.reopen else 'updated'} #{action.number} ({word})"


async def _close(repository: Repository, action: Close) -> str:
    """Comment, then close; the issue is closed even when the comment could not be made."""
    refused: GitHubError | None = None
    try:
        await repository.comment(action.number, action.comment)
    except Gone:
        return f"#{action.number} is gone already"
    except MissingPermission as exc:
        refused = None if _locked(exc) else exc
    except GitHubError as exc:
        refused = exc
    fields = {"state": "closed", "state_reason": action.reason}
    try:
        await repository.edit(action.number, fields)
    except Gone:
        return f"#{action.number} is gone already"
    if refused is not None:
        raise refused
    return f"closed #{action.number} ({action.why})"
