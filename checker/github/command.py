"""`campaign-check github-issues REPORT.json`: the CLI entry point.

It imports only click at start-up (every command's `--help` pays for it); the report
model, the issue logic and httpx are imported when the command runs.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from checker.plan import settings as defaults

if TYPE_CHECKING:
    from checker.report.model import CampaignStatus, Report

EXIT_IN_STEP, EXIT_WRITE_FAILED = 0, 1
DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
DEFAULT_LABEL = "campaign-check"
THRESHOLDS = ("not_ready", "at_risk")  # --on: the campaign statuses that open an issue
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_TOKEN = re.compile(r"[\x21-\x7e]+")  # one word of printable ASCII


@dataclass(frozen=True)
class Settings:
    """Where the issues live and how to reach them, from the Actions environment."""

    token: str
    repository: str
    api_url: str
    run_url: str | None  # this Actions run, for the issues' links
    site_url: str | None  # the status page

    def __repr__(self) -> str:
        return f"Settings(repository={self.repository!r}, api_url={self.api_url!r}, <token>)"


def _web_url(value: str, name: str) -> str:
    """`value` without a trailing `/` if it is an http(s) URL with a host; else a usage error."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.UsageError(f"{name} {value!r}: give an http:// or https:// URL")
    return value.strip().rstrip("/")


def settings_from(environ: Mapping[str, str], site_url: str | None) -> Settings:
    """Read GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID.

    Raises click.UsageError (exit 2) for a missing or malformed value; the token is never
    shown.
    """
    token = environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise click.UsageError(
            "GITHUB_TOKEN is not set: in a workflow, pass `env: GITHUB_TOKEN: "
            "${{ github.token }}` and grant `permissions: issues: write`"
        )
    if not _TOKEN.fullmatch(token):
        raise click.UsageError("GITHUB_TOKEN is malformed (spaces or control characters)")
    repository = environ.get("GITHUB_REPOSITORY", "").strip()
    if not repository:
        raise click.UsageError("GITHUB_REPOSITORY is not set: give it as owner/repo")
    if not _REPOSITORY.fullmatch(repository):
        raise click.UsageError(f"GITHUB_REPOSITORY {repository!r}: give it as owner/repo")
    api_url = _web_url(environ.get("GITHUB_API_URL") or DEFAULT_API_URL, "GITHUB_API_URL")
    run_id = environ.get("GITHUB_RUN_ID", "").strip()
    if run_id and not run_id.isdigit():
        raise click.UsageError(f"GITHUB_RUN_ID {run_id!r}: not a run number")
    server = _web_url(environ.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL, "GITHUB_SERVER_URL")
    run = f"{server}/{repository}/actions/runs/{run_id}" if run_id else None
    site = _web_url(site_url, "--site-url") if site_url is not None else None
    return Settings(token, repository, api_url, run, site)


def load_report(path: str) -> Report:
    """The JSON report at `path`; a usage error (exit 2) when it cannot be read."""
    import json

    from checker.report.model import Report

    try:
        return Report.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise click.UsageError(f"{path}: not a campaign-check JSON report ({exc})") from None


def _label(value: str) -> str:
    label = value.strip()
    if not label or "," in label or len(label) > 50:
        raise click.BadParameter("one label name of at most 50 characters, without commas")
    return label


@click.command("github-issues")
@click.argument("report", metavar="REPORT.json", type=click.Path(dir_okay=False))
@click.option(
    "--on",
    type=click.Choice(THRESHOLDS),
    default="not_ready",
    show_default=True,
    help="Open an issue for campaigns at least this bad (at_risk: warnings too).",
)
@click.option(
    "--label",
    default=DEFAULT_LABEL,
    show_default=True,
    callback=lambda _ctx, _param, value: _label(value),
    help="Label that marks (and finds) the tool's issues.",
)
@click.option("--site-url", metavar="URL", help="Status page to link from each issue.")
@click.option(
    "--timeout",
    default=defaults.TIMEOUT_S,
    show_default=True,
    type=click.FloatRange(0.1, 300),
    help="Seconds per request.",
)
@click.option("--retries", default=defaults.RETRIES, show_default=True, type=click.IntRange(0, 10))
def github_issues(
    report: str, on: str, label: str, site_url: str | None, timeout: float, retries: int
) -> None:
    """Keep one GitHub issue per campaign that is not ready (or at least --on) in step
    with REPORT.json: open, update, close and reopen them through the REST API.

    Configured from the environment, as in GitHub Actions: GITHUB_TOKEN,
    GITHUB_REPOSITORY (owner/repo), GITHUB_API_URL (default https://api.github.com),
    and for the run link GITHUB_SERVER_URL and GITHUB_RUN_ID. The workflow needs
    `permissions: issues: write`.

    Exit 0 when every issue is in step, 1 when a write failed (the others are still
    made), 2 for usage (no request is made then).

    \b
    Example:
      campaign-check github-issues report.json --on at_risk
    """
    import asyncio

    from checker.net.proxy import ProxySettings
    from checker.report.model import CampaignStatus

    settings = settings_from(os.environ, site_url)
    try:
        ProxySettings.from_environment(os.environ, None)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    loaded = load_report(report)
    sys.exit(asyncio.run(_sync(loaded, settings, CampaignStatus(on), label, timeout, retries)))


async def _sync(
    report: Report,
    settings: Settings,
    on: CampaignStatus,
    label: str,
    timeout: float,
    retries: int,
) -> int:
    from checker.github.issues import Links
    from checker.github.rest import GitHubClient
    from checker.github.sync import Repository, sync_issues

    client = GitHubClient(
        settings.api_url, settings.token, timeout=timeout, retries=retries, environ=os.environ
    )

    def say(line: str) -> None:
        click.echo(client.redact(line))

    def warn(line: str) -> None:
        click.echo(client.redact(line), err=True)

    try:
        repository = Repository(client, settings.repository, label, warn)
        links = Links(settings.run_url, settings.site_url)
        outcome = await sync_issues(report, repository, on, links, say, warn)
    finally:
        await client.close()
    say(f"{outcome.in_step} in step, {outcome.written} written, {outcome.failed} failed.")
    return EXIT_WRITE_FAILED if outcome.failed else EXIT_IN_STEP
