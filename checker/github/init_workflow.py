"""`campaign-check init --github`: write the GitHub Actions workflow into the repository
and tell the user the rest (secrets to add, Pages to enable, badges to paste)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from checker import __version__
from checker.github.repo import default_branch, origin_repository, repository_root, tag_commit
from checker.github.workflow import (
    WORKFLOW_PATH,
    Pin,
    WorkflowSettings,
    badge_markdown,
    workflow_yaml,
)
from checker.manifest.load import SUFFIXES, load_campaigns
from checker.manifest.model import Campaign
from checker.manifest.secrets import used_variables

ACTION_REPOSITORY = "campaign-checker/campaign-checker"
PAGES_PLACEHOLDER = "https://OWNER.github.io/REPOSITORY/"
EXIT_OK, EXIT_USAGE = 0, 2


def action_pin(version: str = __version__) -> Pin:
    """This release's action, pinned to the commit its tag `vVERSION` names on GitHub
    (asked with `git ls-remote`); the bare tag when that commit cannot be learnt."""
    tag = f"v{version}"
    commit = tag_commit(f"https://github.com/{ACTION_REPOSITORY}.git", tag)
    return Pin(ACTION_REPOSITORY, commit or tag, tag)


def _manifest_folder(directory: Path, root: Path) -> str | None:
    """`directory` as a POSIX path relative to the repository root, if it is a folder
    inside it whose name has no control character (it goes into the workflow's YAML)."""
    try:
        relative = (root / directory).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    folder = PurePosixPath(relative).as_posix()
    printable = all(ch.isprintable() for ch in folder)
    return folder if relative.parts and printable else None


def init_github(directory: Path, shards: int, cwd: Path | None = None) -> int:
    """Write `.github/workflows/campaign-check.yml` for the manifests in `directory`
    (never overwriting one); return the exit code."""
    root = (cwd or Path.cwd()).resolve()
    top = repository_root(root)
    if top is not None and top.resolve() != root:
        click.echo(f"run this at the top of the repository, {top}: it is where the", err=True)
        click.echo("workflow's paths start.", err=True)
        return EXIT_USAGE
    folder = _manifest_folder(directory, root)
    if folder is None:
        where = repr(str(directory))
        click.echo(
            f"--dir {where}: use a folder inside the repository, its name printable", err=True
        )
        return EXIT_USAGE
    target = root / WORKFLOW_PATH
    if target.exists():
        click.echo(f"{WORKFLOW_PATH} already exists; not overwritten.", err=True)
        return EXIT_USAGE
    manifests = root / folder
    found = manifests.is_dir() and any(p.suffix in SUFFIXES for p in manifests.rglob("*"))
    campaigns = load_campaigns([manifests]) if found else []  # a bad manifest: exit 2
    secrets = list(dict.fromkeys(name for c in campaigns for name in used_variables(c)))
    repository = origin_repository(root)
    branch = default_branch(root) or "main"
    settings = WorkflowSettings(action_pin(), folder, tuple(secrets), branch, shards)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # "x": never overwrite, not even in a race
        out.write(workflow_yaml(settings))
    _explain(settings, repository.pages_url if repository else None, campaigns)
    return EXIT_OK


def _explain(settings: WorkflowSettings, pages_url: str | None, campaigns: list[Campaign]) -> None:
    echo = click.echo
    jobs = f" in {settings.shards} parallel shards" if settings.shards > 1 else ""
    echo(f"wrote {WORKFLOW_PATH}: checks {settings.manifests}/{jobs} every 6 hours and on")
    echo(f"each push to {settings.branch} that changes it, and publishes the status site.")
    if not settings.action.pinned:
        echo(f"warning: could not learn the commit of {ACTION_REPOSITORY}@{settings.action.ref}")
        echo("(offline?): replace the tag in the workflow with that commit's SHA.")
    echo("\nNext:")
    echo("  1. Settings > Pages > Build and deployment > Source: GitHub Actions.")
    if settings.secrets:
        echo("  2. The manifests read these variables; add each as a repository secret")
        echo("     (Settings > Secrets and variables > Actions), e.g. with the gh CLI:")
        for name in settings.secrets:
            echo(f"       gh secret set {name}")
    else:
        echo("  2. The manifests use no ${VAR}: no secret to add.")
    echo(f"  3. Commit and push {WORKFLOW_PATH}; the first run publishes the site.")
    site = pages_url or PAGES_PLACEHOLDER
    echo("\nBadges for your README (shields.io endpoint, then the site's own SVG):")
    if pages_url is None:
        echo(f"(no GitHub remote named origin: replace {PAGES_PLACEHOLDER} with your Pages URL)")
    if not campaigns:
        echo(f"(no manifest in {settings.manifests}/ yet: add one with campaign-check init SLUG)")
    for slug in [*(c.campaign for c in campaigns), "all"]:
        for line in badge_markdown(slug, site):
            echo(line)
