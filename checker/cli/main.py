"""Command line: options → objects. No logic of its own beyond wiring and exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from checker import __version__
from checker.cli.exits import EXIT_USAGE
from checker.github.command import github_issues
from checker.manifest.errors import ManifestError
from checker.plan import settings as defaults

DEFAULT_PATHS = ("campaigns/",)


def _print_manifest_error(exc: ManifestError) -> None:
    for issue in exc.issues:
        click.echo(str(issue), err=True)
    count = len(exc.issues)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was checked.", err=True)


class _Group(click.Group):
    """Turns manifest errors into exit 2 with a readable list, whichever command hit them."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ManifestError as exc:
            _print_manifest_error(exc)
            ctx.exit(EXIT_USAGE)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="campaign-check")
def main() -> None:
    """Is the campaign ready to go live? Checks every printed URL, QR code and microsite
    of your campaign manifests: DNS, TLS through the flight, and the page it serves.

    \b
    Examples:
      campaign-check validate                 # manifests in campaigns/, no network
      campaign-check check --json report.json
      campaign-check init summer-2027
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--env",
    "need_env",
    is_flag=True,
    help="Also fail (exit 2) when a ${VAR} the manifests use is not set.",
)
def validate(paths: tuple[str, ...], need_env: bool) -> None:
    """Validate manifests only (no network). PATHS are files or folders (default campaigns/).

    Every problem in every file is listed as FILE:LINE:COLUMN: KEY: MESSAGE;
    exit 0 when all are valid, 2 otherwise. An unset ${VAR} is a warning on
    stderr (`check` skips the targets that need it, and their campaign is not
    ready); with --env it is an error.

    \b
    Examples:
      campaign-check validate
      campaign-check validate --env campaigns/summer-2027.yaml
    """
    from checker.manifest.load import load_campaigns
    from checker.manifest.secrets import unset_variables

    campaigns = load_campaigns(paths or DEFAULT_PATHS)
    unset = [u for campaign in campaigns for u in unset_variables(campaign, os.environ)]
    for item in unset:
        click.echo(f"{'error' if need_env else 'warning'}: {item}", err=True)
    if unset and need_env:
        click.echo(f"{len(unset)} unset variable{'s' if len(unset) != 1 else ''}.", err=True)
        sys.exit(EXIT_USAGE)
    for campaign in campaigns:
        targets = len(campaign.urls) + len(campaign.microsites)
        click.echo(f"ok  {campaign.file}  {campaign.campaign}  ({targets} targets)")
    click.echo(f"{len(campaigns)} manifest{'s' if len(campaigns) != 1 else ''} valid.")


@main.command()
@click.argument("slug", default="my-campaign")
@click.option(
    "--dir",
    "directory",
    default="campaigns",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the manifest into (with --github: the manifests to check).",
)
@click.option(
    "--github",
    is_flag=True,
    help="Write .github/workflows/campaign-check.yml instead: a scheduled check that "
    "publishes the status site to GitHub Pages (never overwrites).",
)
@click.option(
    "--shards",
    type=click.IntRange(1, 256),
    default=1,
    help="With --github: check in N parallel jobs, then merge their reports.",
)
def init(slug: str, directory: Path, github: bool, shards: int) -> None:
    """Write a commented starter manifest campaigns/SLUG.yaml (never overwrites).

    Also writes the manifest JSON Schema next to it, so editors with the YAML
    language server complete and lint the file. With --github, writes the GitHub
    Actions workflow instead and prints the badges' Markdown.

    \b
    Examples:
      campaign-check init summer-2027
      campaign-check init --github
    """
    source = click.get_current_context().get_parameter_source
    if github and source("slug") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--github writes the workflow, not a manifest: drop SLUG")
    if shards != 1 and not github:
        raise click.UsageError("--shards needs --github")
    if github:
        from checker.github.init_workflow import init_github

        sys.exit(init_github(directory, shards))
    from checker.manifest.model import SLUG
    from checker.manifest.schema import manifest_schema_text
    from checker.manifest.starter import SCHEMA_FILE, starter_manifest

    if not SLUG.match(slug):
        raise click.BadParameter("use lowercase letters, digits and '-', e.g. summer-2027")
    target = directory / f"{slug}.yaml"
    if target.exists():
        click.echo(f"{target} already exists; not overwritten.", err=True)
        sys.exit(EXIT_USAGE)
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(starter_manifest(slug), encoding="utf-8")
    schema = directory / SCHEMA_FILE
    if not schema.exists():
        schema.write_text(manifest_schema_text(), encoding="utf-8")
    click.echo(f"wrote {target}; edit it, then run: campaign-check validate {target}")


@main.command()
def schema() -> None:
    """Print the manifest's JSON Schema (for editors and other tools).

    \b
    Example:
      campaign-check schema > campaigns/manifest.schema.json
    """
    from checker.manifest.schema import manifest_schema_text

    click.echo(manifest_schema_text(), nl=False)


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use an ISO datetime such as 2027-06-01T09:00:00-04:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter("use K/N with 1 <= K <= N, e.g. 2/4")
    return int(index), int(count)


_OUTPUTS = (
    ("json", "--json", "Write the JSON report to FILE ('-' = stdout)."),
    ("junit", "--junit", "Write a JUnit XML report to FILE."),
    ("markdown", "--markdown", "Write a Markdown summary to FILE ('-' = stdout)."),
    ("html", "--html", "Write a self-contained HTML status page to FILE."),
    ("badges", "--badges", "Write SVG + shields.io endpoint badges into DIR."),
    ("site", "--site", "Write a static status site (GitHub Pages) into DIR."),
    ("annotations", "--annotations", "Write GitHub Actions annotations to FILE ('-' = stdout)."),
)


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The report outputs shared by `check`, `merge` and `demo`."""
    for name, flag, text in reversed(_OUTPUTS):
        meta = "DIR" if name in ("badges", "site") else "FILE"
        command = click.option(flag, name, metavar=meta, help=text)(command)
    return command


def _outputs(values: dict[str, str | None]) -> dict[str, str]:
    return {name: value for name, _, _ in _OUTPUTS if (value := values.get(name))}


history_option = click.option(
    "--history",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Keep the last 500 runs in FILE (read, extended, rewritten); "
    "gives each campaign `since` and the status page its recent runs.",
)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@output_options
@click.option("--now", "now", metavar="ISO-DATETIME", help="Judge as if it were this moment.")
@click.option("--resolve", multiple=True, metavar="HOST:PORT:ADDR", help="As in curl.")
@click.option("--connect-to", multiple=True, metavar="H1:P1:H2:P2", help="As in curl.")
@click.option("--nameserver", multiple=True, metavar="ADDR[:PORT]", help="DNS server to use.")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), help="Trusted roots.")
@click.option(
    "--proxy",
    metavar="URL",
    help="HTTP(S) proxy, as curl -x; default: https_proxy/http_proxy/all_proxy "
    "with no_proxy; '' for none.",
)
@click.option(
    "--user-agent",
    metavar="TEXT",
    help="User-Agent header, as curl -A (e.g. to see what a WAF shows browsers).",
)
@click.option(
    "--concurrency", default=defaults.CONCURRENCY, show_default=True, type=click.IntRange(1, 1000)
)
@click.option(
    "--per-host", default=defaults.PER_HOST, show_default=True, type=click.IntRange(1, 100)
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 300),
    help=f"Seconds per request [{defaults.TIMEOUT_S:g}].",
)
@click.option("--retries", default=defaults.RETRIES, show_default=True, type=click.IntRange(0, 10))
@click.option(
    "--deadline",
    type=click.FloatRange(1),
    help="Seconds for the whole run; what is unfinished is skipped (reason: deadline) "
    "and its campaign is not ready.",
)
@click.option("--previous", type=click.Path(exists=True, dir_okay=False), help="Earlier JSON.")
@history_option
@click.option("--notify", multiple=True, metavar="URL", help="Slack-style webhook on change.")
@click.option("--campaign", "slugs", multiple=True, metavar="SLUG", help="Only this campaign.")
@click.option("--shard", metavar="K/N", help="Check only shard K of N (CI matrices).")
@click.option("--fail-on", type=click.Choice(["fail", "warn"]), default="fail", show_default=True)
@click.option("--include-ended", is_flag=True, help="Also check campaigns that have ended.")
@click.option("-v", "--verbose", is_flag=True, help="Show passing checks too.")
@click.option("-q", "--quiet", is_flag=True, help="No progress; only the report.")
def check(paths: tuple[str, ...], **opts: Any) -> None:
    """Check that every campaign is ready to go live: DNS, TLS, HTTP, content, QR codes.

    Exit 0 when ready (warnings allowed unless --fail-on warn), 1 when not ready,
    2 for a bad manifest or usage, 130/143 when interrupted (reports still written).
    A check that was not run (--deadline, an unset ${VAR}, an internal error) makes
    its campaign not ready; every option is checked before the first request.

    \b
    Examples:
      campaign-check check
      campaign-check check campaigns/summer-2027.yaml --json report.json --now 2027-06-01T09:00
      campaign-check check --resolve go.acme.example:443:203.0.113.7   # before DNS cut-over
    """
    from checker.cli.check import Display, run_check_command
    from checker.run import RunOptions

    options = RunOptions(
        now=_parse_now(opts["now"]),
        connect_to=list(opts["connect_to"]),
        resolve=list(opts["resolve"]),
        nameservers=list(opts["nameserver"]),
        ca_bundle=opts["ca_bundle"],
        proxy=opts["proxy"],
        user_agent=opts["user_agent"],
        concurrency=opts["concurrency"],
        per_host=opts["per_host"],
        timeout=opts["timeout"],
        retries=opts["retries"],
        deadline=opts["deadline"],
        include_ended=opts["include_ended"],
        campaigns=list(opts["slugs"]),
        shard=_parse_shard(opts["shard"]),
    )
    display = Display(opts["verbose"], opts["quiet"], opts["fail_on"])
    code = run_check_command(
        list(paths) or list(DEFAULT_PATHS),
        _outputs(opts),
        options,
        display,
        previous_path=opts["previous"],
        notify_urls=opts["notify"],
        history_path=opts["history"],
    )
    sys.exit(code)


@main.command()
@click.option(
    "--out",
    default="campaign-demo",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the demo manifests and every report.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show passing checks too.")
@click.option("-q", "--quiet", is_flag=True, help="No progress; only the report.")
def demo(out: Path, verbose: bool, quiet: bool) -> None:
    """Run the full check against a built-in offline world on loopback (no internet).

    Starts local HTTPS, HTTP and DNS servers with their own CA, writes three demo
    campaigns (ready, at risk, not ready) and every report format into --out, with
    the status site in --out/site; each run is added to --out/history.json.

    \b
    Example:
      campaign-check demo --out /tmp/demo && open /tmp/demo/site/index.html
    """
    from checker.cli.check import Display
    from checker.cli.demo import run_demo_command

    sys.exit(run_demo_command(out, Display(verbose, quiet)))


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@output_options
@history_option
@click.option("--fail-on", type=click.Choice(["fail", "warn"]), default="fail", show_default=True)
def merge(reports: tuple[str, ...], fail_on: str, history: str | None, **outs: str | None) -> None:
    """Combine JSON reports of shards (--shard K/N) into one set of reports.

    \b
    Example:
      campaign-check merge shard-*.json --json report.json --site site --history history.json
    """
    from checker.cli.check import run_merge_command

    sys.exit(run_merge_command(list(reports), _outputs(outs), fail_on, history))


main.add_command(github_issues)
