"""Where `github-issues` finds its repository, token and links: the Actions environment,
each value checked (a usage error naming the variable, never showing the token)."""

from __future__ import annotations

import click
import pytest

from checker.github.command import DEFAULT_API_URL, Settings, settings_from

TOKEN = "ghs_abc123"
ACTIONS = {
    "GITHUB_TOKEN": TOKEN,
    "GITHUB_REPOSITORY": "acme/campaigns",
    "GITHUB_SERVER_URL": "https://github.example/",
    "GITHUB_RUN_ID": "42",
}


def test_the_actions_environment_gives_the_repository_api_and_run_link() -> None:
    settings = settings_from(ACTIONS, "https://acme.github.io/campaigns/")
    assert settings == Settings(
        TOKEN,
        "acme/campaigns",
        DEFAULT_API_URL,
        "https://github.example/acme/campaigns/actions/runs/42",
        "https://acme.github.io/campaigns",
    )
    assert TOKEN not in repr(settings)


def test_an_enterprise_api_url_is_kept_without_its_trailing_slash() -> None:
    settings = settings_from({**ACTIONS, "GITHUB_API_URL": "https://ghe.test/api/v3/"}, None)
    assert settings.api_url == "https://ghe.test/api/v3"
    assert settings.site_url is None


def test_without_a_run_id_there_is_no_run_link() -> None:
    environ = {k: v for k, v in ACTIONS.items() if k != "GITHUB_RUN_ID"}
    assert settings_from(environ, None).run_url is None


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"GITHUB_TOKEN": ""}, "GITHUB_TOKEN is not set"),
        ({"GITHUB_TOKEN": "two words"}, "GITHUB_TOKEN is malformed"),
        ({"GITHUB_REPOSITORY": ""}, "GITHUB_REPOSITORY is not set"),
        ({"GITHUB_REPOSITORY": "acme"}, "GITHUB_REPOSITORY 'acme': give it as owner/repo"),
        ({"GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL 'ftp://x': give an http:// or https://"),
        ({"GITHUB_RUN_ID": "latest"}, "GITHUB_RUN_ID 'latest': not a run number"),
    ],
)
def test_a_missing_or_malformed_value_is_a_usage_error_naming_it(
    changes: dict[str, str], said: str
) -> None:
    with pytest.raises(click.UsageError) as caught:
        settings_from({**ACTIONS, **changes}, None)
    assert said in caught.value.message
    assert TOKEN not in caught.value.message


def test_a_site_url_must_be_a_web_url() -> None:
    with pytest.raises(click.UsageError, match="--site-url"):
        settings_from(ACTIONS, "acme.github.io")
