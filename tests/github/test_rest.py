"""The GitHub REST client on its own, against the local fake API: pagination, the token's
one origin, redaction, how each refusal is named, retries and the rate-limit budget."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest

from checker.github.rest import (
    GitHubClient,
    GitHubError,
    Gone,
    MissingPermission,
    RateLimited,
)
from tests.github.fake_api import REPOSITORY, TOKEN, FakeGitHub

T = TypeVar("T")
ISSUES = f"repos/{REPOSITORY}/issues"


@pytest.fixture
def api() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        yield server


def with_client(
    api: FakeGitHub, use: Callable[[GitHubClient], Awaitable[T]], *, retries: int = 0
) -> T:
    async def main() -> T:
        client = GitHubClient(api.url, TOKEN, timeout=2, retries=retries, environ={})
        try:
            return await use(client)
        finally:
            await client.close()

    return asyncio.run(main())


def test_a_list_is_read_page_after_page(api: FakeGitHub) -> None:
    for n in range(250):
        api.add_issue(f"body {n}")

    async def use(client: GitHubClient) -> list[dict[str, Any]]:
        return await client.list_all(ISSUES, {"labels": "campaign-check", "state": "all"})

    items = with_client(api, use)
    assert len(items) == 250
    assert len({item["number"] for item in items}) == 250
    pages = [r for r in api.requests if r.method == "GET"]
    assert len(pages) == 3
    assert pages[0].query["per_page"] == "100"


def test_the_token_goes_to_the_api_origin_only(api: FakeGitHub) -> None:
    async def use(client: GitHubClient) -> object:
        return await client.request("GET", "https://elsewhere.test/repos/x")

    with pytest.raises(GitHubError, match="the token is sent there only"):
        with_client(api, use)
    assert api.requests == []


def test_the_token_is_sent_as_a_bearer_and_redacted_from_what_is_written(api: FakeGitHub) -> None:
    async def use(client: GitHubClient) -> object:
        payload = {"title": f"leak {TOKEN}", "body": "x", "labels": [TOKEN]}
        return await client.request("POST", ISSUES, payload=payload)

    with_client(api, use)
    (sent,) = api.requests
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in sent.body.decode()
    assert sent.json == {"title": "leak ***", "body": "x", "labels": ["***"]}


def test_the_client_never_shows_its_token(api: FakeGitHub) -> None:
    async def use(client: GitHubClient) -> tuple[str, str]:
        return repr(client), client.redact(f"Authorization: Bearer {TOKEN}")

    shown, redacted = with_client(api, use)
    assert TOKEN not in shown
    assert redacted == "Authorization: Bearer ***"


@pytest.mark.parametrize(
    ("status", "error", "said"),
    [
        (401, GitHubError, "GitHub did not accept GITHUB_TOKEN (401: nope)"),
        (403, MissingPermission, "give the workflow `permissions: issues: write`"),
        (404, Gone, "gone (404: nope)"),
        (410, Gone, "gone (410: nope)"),
        (422, GitHubError, "GitHub answered 422: nope"),
    ],
)
def test_each_refusal_is_named_for_what_it_means(
    api: FakeGitHub, status: int, error: type[GitHubError], said: str
) -> None:
    api.fail("PATCH", r"/issues/1$", status, body={"message": "nope"})

    async def use(client: GitHubClient) -> object:
        return await client.request("PATCH", f"{ISSUES}/1", payload={"state": "closed"})

    with pytest.raises(error) as caught:
        with_client(api, use)
    assert type(caught.value) is error
    assert said in str(caught.value)
    assert str(caught.value).startswith(f"PATCH /{ISSUES}/1: ")
    assert caught.value.status == status


def test_server_errors_are_retried_then_reported_with_the_attempts(api: FakeGitHub) -> None:
    api.fail("GET", r"/issues$", 502, times=5)

    async def use(client: GitHubClient) -> object:
        return await client.request("GET", ISSUES)

    with pytest.raises(GitHubError, match=r"GitHub answered 502 \(2 attempts\)$"):
        with_client(api, use, retries=1)
    assert len(api.requests) == 2


def test_a_rate_limit_past_the_budget_fails_at_once_and_blocks_later_requests(
    api: FakeGitHub,
) -> None:
    api.fail("GET", r"/issues$", 429, headers={"Retry-After": "3600"})

    async def use(client: GitHubClient) -> list[str]:
        errors = []
        for _ in range(2):
            try:
                await client.request("GET", ISSUES)
            except RateLimited as exc:
                errors.append(str(exc))
        return errors

    first, second = with_client(api, use)
    assert "asks to wait 3600 s, more than the 60 s left" in first
    assert "not sent" in second
    assert len(api.requests) == 1
