"""The workflow `campaign-check init --github` writes, as a pure function of its settings.

It checks the campaigns every 6 hours and on each push that changes them, keeps one issue
per campaign that is not ready, and publishes the status site (page, badges, history) to
GitHub Pages. The history lives on the published site itself: each run fetches the
site's `history.json` (and `report.json`, to mark what changed), appends to it and
publishes it again, so no branch, cache or artifact has to outlive a run.

Every action is pinned to a commit with its release in a comment, every job has the
least permissions it needs, and one concurrency group keeps two runs from overlapping.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

WORKFLOW_PATH = ".github/workflows/campaign-check.yml"
_SHA = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True, slots=True)
class Pin:
    """An action at a commit, and the release that commit is (for people and Dependabot)."""

    action: str
    ref: str
    version: str

    @property
    def pinned(self) -> bool:
        """Whether `ref` is a full commit SHA."""
        return bool(_SHA.match(self.ref))

    @property
    def uses(self) -> str:
        """The `uses:` value, with the release as a comment when pinned to a commit."""
        if self.pinned:
            return f"{self.action}@{self.ref} # {self.version}"
        return f"{self.action}@{self.ref} # not pinned: replace {self.ref} with its commit SHA"


# The current release of each major that runs on Node 24 (upload-pages-artifact is a
# composite action). Bump them together with .github/workflows and action.yml.
CHECKOUT = Pin("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1")
SETUP_PYTHON = Pin("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")
UPLOAD_PAGES_ARTIFACT = Pin(
    "actions/upload-pages-artifact", "fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"
)
DEPLOY_PAGES = Pin("actions/deploy-pages", "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0")
UPLOAD_ARTIFACT = Pin(
    "actions/upload-artifact", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"
)
DOWNLOAD_ARTIFACT = Pin(
    "actions/download-artifact", "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"
)
PINS = (
    *(CHECKOUT, SETUP_PYTHON, UPLOAD_PAGES_ARTIFACT),
    *(DEPLOY_PAGES, UPLOAD_ARTIFACT, DOWNLOAD_ARTIFACT),
)


@dataclass(frozen=True, slots=True)
class WorkflowSettings:
    """What the workflow is made of."""

    action: Pin  # campaign-checker's own action
    manifests: str = "campaigns"  # folder of the manifests, relative to the repository root
    secrets: tuple[str, ...] = ()  # `${VAR}` names the manifests use
    branch: str = "main"  # the default branch: the only one that publishes
    shards: int = 1  # more than 1: a matrix of `--shard K/N` checks and a merge job


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text)


def _literal(text: str) -> str:
    """`text` as a string literal inside a `${{ }}` expression."""
    return "'" + text.replace("'", "''") + "'"


def _indent(block: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in block.splitlines(True))


_FETCH_PREVIOUS = """\
- name: Fetch the history and the last report from the published site
  env:
    GH_TOKEN: ${{ github.token }}
  run: |
    # The published site is the record: its history.json is continued, its report.json
    # marks what newly fails and what recovered. No site yet: a new history starts.
    mkdir -p previous
    site=$(gh api "repos/$GITHUB_REPOSITORY/pages" --jq .html_url 2>/dev/null) || site=""
    for file in history.json report.json; do
      if [ -n "$site" ] && curl --fail --silent --show-error --location --max-time 60 \\
          --max-filesize 50000000 --output "previous/$file" "${site%/}/$file?run=$GITHUB_RUN_ID" \\
          && python3 -m json.tool "previous/$file" > /dev/null; then
        echo "continuing from ${site%/}/$file"
      else
        rm -f "previous/$file"
      fi
    done
"""

_CHECKOUT = f"""\
- uses: {CHECKOUT.uses}
  with:
    persist-credentials: false
"""


def _header(settings: WorkflowSettings) -> str:
    folder = settings.manifests.strip("/")
    paths = f"[{_quoted(folder + '/**')}, {_quoted(WORKFLOW_PATH)}]"
    return f"""\
# Written by `campaign-check init --github`. Checks the campaigns in {folder}/ every
# 6 hours and on each push that changes them, keeps one issue open per campaign that is
# not ready, and publishes the status page, the badges and the history to GitHub Pages
# (Settings > Pages > Source: GitHub Actions). The history is the published site's own
# history.json, fetched at the start of each run and published again at its end.
name: campaign-check

on:
  schedule:
    - cron: "17 */6 * * *"
  push:
    branches: [{_quoted(settings.branch)}]
    paths: {paths}
  workflow_dispatch:

permissions: {{}}

# One run at a time: a run that starts while another is under way waits for it, so two
# runs never append to the history or deploy the site at the same moment.
concurrency:
  group: campaign-check
  cancel-in-progress: false

jobs:
"""


def _on_default_branch(settings: WorkflowSettings) -> str:
    return f"github.ref == {_literal('refs/heads/' + settings.branch)}"


def _secrets_env(settings: WorkflowSettings) -> str:
    if not settings.secrets:
        return ""
    lines = "".join(f"  {name}: ${{{{ secrets.{name} }}}}\n" for name in settings.secrets)
    return "# the ${VAR}s the manifests use, from the repository's secrets\nenv:\n" + lines


def _action_step(
    settings: WorkflowSettings, name: str, inputs: dict[str, str], env: str = ""
) -> str:
    with_lines = "".join(f"    {key}: {value}\n" for key, value in inputs.items())
    return f"- name: {name}\n  id: check\n  uses: {settings.action.uses}\n" + (
        _indent(env, 2) + "  with:\n" + with_lines
    )


def _upload_site() -> str:
    return f"""\
- name: Upload the status site
  if: ${{{{ !cancelled() && steps.check.outputs.report != '' }}}}
  uses: {UPLOAD_PAGES_ARTIFACT.uses}
  with:
    path: site
"""


def _deploy_job(settings: WorkflowSettings, needs: str) -> str:
    condition = f"!cancelled() && needs.{needs}.outputs.report != '' && "
    condition += _on_default_branch(settings)
    return f"""\
  deploy:
    name: Publish the status site
    needs: {needs}
    if: {_quoted(f"${{{{ {condition} }}}}")}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write  # deploy the site
      id-token: write  # prove to Pages that the deployment comes from this workflow
    environment:
      name: github-pages
      url: ${{{{ steps.deploy.outputs.page_url }}}}
    steps:
      - id: deploy
        uses: {DEPLOY_PAGES.uses}
"""


def _single_job(settings: WorkflowSettings) -> str:
    inputs = {
        "paths": _quoted(settings.manifests.rstrip("/") + "/"),
        "site": "site",
        "history": "previous/history.json",
        "previous": "previous/report.json",
        "issues": _quoted(f"${{{{ {_on_default_branch(settings)} }}}}"),
    }
    steps = _CHECKOUT + _FETCH_PREVIOUS
    steps += (
        _action_step(settings, "Check campaigns", inputs, _secrets_env(settings)) + _upload_site()
    )
    return f"""\
  check:
    name: Check campaigns
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      contents: read  # check out the manifests
      issues: write  # one issue per campaign that is not ready
      pages: read  # find the published site, to continue its history
    outputs:
      report: ${{{{ steps.check.outputs.report }}}}
    steps:
{_indent(steps, 6)}
{_deploy_job(settings, "check")}"""


def _sharded_jobs(settings: WorkflowSettings) -> str:
    count = settings.shards
    shards = ", ".join(str(k) for k in range(1, count + 1))
    check_inputs = {
        "paths": _quoted(settings.manifests.rstrip("/") + "/"),
        "previous": "previous/report.json",
        "args": f"--shard ${{{{ matrix.shard }}}}/{count}",
    }
    upload = f"""\
- name: Upload this shard's report
  if: ${{{{ !cancelled() && steps.check.outputs.report != '' }}}}
  uses: {UPLOAD_ARTIFACT.uses}
  with:
    name: shard-${{{{ matrix.shard }}}}
    path: ${{{{ steps.check.outputs.report }}}}
    retention-days: 1
"""
    check_steps = _CHECKOUT + _FETCH_PREVIOUS
    check_steps += (
        _action_step(settings, "Check this shard", check_inputs, _secrets_env(settings)) + upload
    )
    gather = f"""\
- uses: {DOWNLOAD_ARTIFACT.uses}
  with:
    pattern: shard-*
    path: shards
- name: Every shard's report arrived
  run: |
    # A missing shard would drop its campaigns from the site and close their issues.
    found=$(find shards -name report.json | wc -l)
    if [ "$found" -ne {count} ]; then
      echo "::error::$found of {count} shard reports arrived; nothing is published"
      exit 1
    fi
"""
    merge_inputs = {
        "merge": "shards/*/report.json",
        "site": "site",
        "history": "previous/history.json",
        "issues": _quoted(f"${{{{ {_on_default_branch(settings)} }}}}"),
    }
    merge_steps = (
        _FETCH_PREVIOUS
        + gather
        + _action_step(settings, "Merge the shard reports", merge_inputs)
        + _upload_site()
    )
    return f"""\
  check:
    name: Check shard ${{{{ matrix.shard }}}} of {count}
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      fail-fast: false
      matrix:
        shard: [{shards}]
    permissions:
      contents: read  # check out the manifests
      pages: read  # find the published site, to mark what changed since its report
    steps:
{_indent(check_steps, 6)}
  merge:
    name: Merge the shards
    needs: check
    if: ${{{{ !cancelled() }}}}
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      issues: write  # one issue per campaign that is not ready
      pages: read  # find the published site, to continue its history
    outputs:
      report: ${{{{ steps.check.outputs.report }}}}
    steps:
{_indent(merge_steps, 6)}
{_deploy_job(settings, "merge")}"""


def workflow_yaml(settings: WorkflowSettings) -> str:
    """The text of `.github/workflows/campaign-check.yml` for `settings`."""
    if settings.shards < 1:
        raise ValueError("shards must be at least 1")
    jobs = _single_job(settings) if settings.shards == 1 else _sharded_jobs(settings)
    return _header(settings) + jobs


def badge_markdown(slug: str, pages_url: str) -> tuple[str, str]:
    """Markdown for the badge of `slug` (`all`: the whole portfolio), linking to the status
    page: through shields.io's endpoint, and as the site's own SVG."""
    site = pages_url.rstrip("/") + "/"
    endpoint = quote(f"{site}badges/{slug}.json", safe="")
    shields = f"[![{slug}](https://img.shields.io/endpoint?url={endpoint})]({site})"
    direct = f"[![{slug}]({site}badges/{slug}.svg)]({site})"
    return shields, direct
