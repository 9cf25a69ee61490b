"""Bringing issues in step, below the command: the label's issues without pull requests,
and a listing that fails is one failure with no write made."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from checker.github.issues import Links
from checker.github.rest import GitHubClient
from checker.github.sync import Outcome, Repository, sync_issues
from checker.report.model import CampaignStatus
from tests.github.fake_api import REPOSITORY, TOKEN, FakeGitHub
from tests.github.reports import campaign, fail, report


@pytest.fixture
def api() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


def test_the_repository_lists_the_labels_issues_but_not_pull_requests(api: FakeGitHub) -> None:
    issue = api.add_issue("<!-- campaign-check:summer -->")
    api.add_issue("a pull request", pull_request=True)
    api.add_issue("another label", labels=("bug",))

    async def main() -> list[int]:
        client = GitHubClient(api.url, TOKEN, timeout=2, retries=0, environ={})
        try:
            found = await Repository(client, REPOSITORY, "campaign-check", print).issues()
        finally:
            await client.close()
        return [i.number for i in found]

    assert asyncio.run(main()) == [issue]


def test_a_listing_that_fails_is_one_failure_and_nothing_is_written(api: FakeGitHub) -> None:
    api.fail("GET", r"/issues$", 500)
    warnings: list[str] = []
    built = report(campaign("summer", fail("dns.resolve", "https://summer.example/")))

    async def main() -> Outcome:
        client = GitHubClient(api.url, TOKEN, timeout=2, retries=0, environ={})
        repository = Repository(client, REPOSITORY, "campaign-check", warnings.append)
        try:
            return await sync_issues(
                built, repository, CampaignStatus.NOT_READY, Links(), print, warnings.append
            )
        finally:
            await client.close()

    assert asyncio.run(main()) == Outcome(written=0, failed=1, in_step=0)
    assert api.writes() == []
    (warning,) = warnings
    assert warning.startswith("error: cannot list the issues: GET /")
