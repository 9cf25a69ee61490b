"""Command line: options → objects. No logic of its own beyond wiring and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker import __version__
from checker.manifest.errors import ManifestError
from checker.manifest.load import load_campaigns
from checker.manifest.model import SLUG
from checker.manifest.schema import manifest_schema_text
from checker.manifest.starter import SCHEMA_FILE, starter_manifest

EXIT_READY, EXIT_NOT_READY, EXIT_USAGE = 0, 1, 2
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
def validate(paths: tuple[str, ...]) -> None:
    """Validate manifests only (no network). PATHS are files or folders (default campaigns/).

    Every problem in every file is listed as FILE:LINE:COLUMN: KEY: MESSAGE;
    exit 0 when all are valid, 2 otherwise.

    \b
    Examples:
      campaign-check validate
      campaign-check validate campaigns/summer-2027.yaml
    """
    campaigns = load_campaigns(paths or DEFAULT_PATHS)
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
    help="Folder to write the manifest into.",
)
def init(slug: str, directory: Path) -> None:
    """Write a commented starter manifest campaigns/SLUG.yaml (never overwrites).

    Also writes the manifest JSON Schema next to it, so editors with the YAML
    language server complete and lint the file.

    \b
    Example:
      campaign-check init summer-2027
    """
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
    click.echo(manifest_schema_text(), nl=False)
