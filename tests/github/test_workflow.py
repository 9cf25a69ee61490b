"""`campaign-check init --github`: the workflow it writes (parsed as YAML and judged job by
job), what it learns from git, what it prints, and that it never overwrites."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker import __version__
from checker.cli import main
from checker.github.init_workflow import ACTION_REPOSITORY
from checker.github.repo import GitHubRepository
from checker.github.workflow import (
    PINS,
    WORKFLOW_PATH,
    Pin,
    WorkflowSettings,
    badge_markdown,
    workflow_yaml,
)

from .yamlwalk import SHA, expressions_in_run, load, steps, unpinned, uses_lines

ACTION_URL = f"https://github.com/{ACTION_REPOSITORY}.git"
PINNED = Pin(ACTION_REPOSITORY, "0123456789abcdef0123456789abcdef01234567", "v9.9.9")
SECRET_MANIFEST = """\
campaign: {slug}
launch: 2027-06-01
urls:
  - url: https://{slug}.example/
    headers: {{Authorization: "Bearer ${{API_TOKEN}}"}}
    auth: {{user: "${{STAGING_USER}}", password: "${{STAGING_PASS}}"}}
microsites:
  - url: https://site.{slug}.example/
    auth: {{user: preview, password: "${{STAGING_PASS}}"}}
"""
PLAIN_MANIFEST = "campaign: {slug}\nlaunch: 2027-06-01\nurls: [https://{slug}.example/]\n"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def action_remote_is(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Make git read the action's GitHub URL as `url` (git's own url.<base>.insteadOf)."""
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.{url}.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", ACTION_URL)


@pytest.fixture(autouse=True)
def _no_network_for_the_action_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the action's repository is a folder that does not exist: no test asks
    GitHub, and the tag cannot be resolved unless a test serves it."""
    action_remote_is(monkeypatch, (tmp_path / "no-such-remote.git").as_uri())


def action_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A local stand-in for the action's repository, with this version's annotated tag;
    returns the tagged commit."""
    source = tmp_path / "action-source"
    source.mkdir()
    git(source, "init", "-q")
    git(
        source,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "r",
    )
    git(
        source,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "tag",
        "-a",
        f"v{__version__}",
        "-m",
        "r",
    )
    action_remote_is(monkeypatch, source.as_uri())
    return git(source, "rev-parse", "HEAD")


def user_repository(tmp_path: Path, manifests: dict[str, str] | None = None) -> Path:
    """A user's repository on branch `trunk`, origin on GitHub, with `manifests`."""
    repo = tmp_path / "user-repo"
    (repo / "campaigns").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "trunk")
    git(repo, "remote", "add", "origin", "git@github.com:Acme-Web/launch-checks.git")
    for slug, text in (manifests or {}).items():
        (repo / "campaigns" / f"{slug}.yaml").write_text(text.format(slug=slug), "utf-8")
    return repo


def init_github(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["init", "--github", *args])
    assert "Traceback" not in result.output
    return result


def written(repo: Path) -> dict[str, Any]:
    return load((repo / WORKFLOW_PATH).read_text(encoding="utf-8"))


# --- the workflow text ------------------------------------------------------------------


def test_single_job_workflow_checks_publishes_and_keeps_history() -> None:
    workflow = load(workflow_yaml(WorkflowSettings(PINNED, secrets=("STAGING_PASS",))))
    assert workflow["on"]["schedule"] == [{"cron": "17 */6 * * *"}]
    assert workflow["on"]["push"] == {
        "branches": ["main"],
        "paths": ["campaigns/**", WORKFLOW_PATH],
    }
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "campaign-check", "cancel-in-progress": False}
    assert set(workflow["jobs"]) == {"check", "deploy"}
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    assert check["permissions"] == {"contents": "read", "issues": "write", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "check"
    assert deploy["environment"]["name"] == "github-pages"
    assert "github.ref == 'refs/heads/main'" in deploy["if"]
    (action,) = [s for s in check["steps"] if s.get("id") == "check"]
    assert action["uses"] == f"{ACTION_REPOSITORY}@{PINNED.ref}"
    assert action["with"] == {
        "paths": "campaigns/",
        "site": "site",
        "history": "previous/history.json",
        "previous": "previous/report.json",
        "issues": "${{ github.ref == 'refs/heads/main' }}",
    }
    assert action["env"] == {"STAGING_PASS": "${{ secrets.STAGING_PASS }}"}
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert uses == [
        "actions/checkout",
        ACTION_REPOSITORY,
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    (upload,) = [s for s in check["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload["with"] == {"path": "site"}
    assert "!cancelled()" in upload["if"]  # a not-ready run is published too


def test_every_action_is_pinned_to_a_commit_with_its_release() -> None:
    for shards in (1, 3):
        text = workflow_yaml(WorkflowSettings(PINNED, shards=shards))
        assert uses_lines(text)
        assert unpinned(text) == []
    for pin in PINS:
        assert SHA.match(pin.ref), pin
        assert pin.uses == f"{pin.action}@{pin.ref} # {pin.version}"


def test_an_unresolved_action_tag_is_marked_as_not_pinned() -> None:
    text = workflow_yaml(WorkflowSettings(Pin(ACTION_REPOSITORY, "v9.9.9", "v9.9.9")))
    assert f"uses: {ACTION_REPOSITORY}@v9.9.9 # not pinned: replace v9.9.9" in text
    assert unpinned(text) == [
        f"{ACTION_REPOSITORY}@v9.9.9 # not pinned: replace v9.9.9 with its commit SHA"
    ]


def test_no_run_script_holds_an_expression_and_checkouts_keep_no_credentials() -> None:
    for shards in (1, 4):
        workflow = load(workflow_yaml(WorkflowSettings(PINNED, secrets=("A",), shards=shards)))
        assert expressions_in_run(workflow) == []
        checkouts = [s for s in steps(workflow) if "actions/checkout" in s.get("uses", "")]
        assert checkouts
        assert all(s["with"]["persist-credentials"] is False for s in checkouts)
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, name
            assert "write-all" not in str(job["permissions"])


def test_shards_turn_the_check_into_a_matrix_and_a_merge_that_publishes() -> None:
    workflow = load(workflow_yaml(WorkflowSettings(PINNED, secrets=("TOKEN",), shards=3)))
    assert set(workflow["jobs"]) == {"check", "merge", "deploy"}
    check, merge, deploy = (workflow["jobs"][k] for k in ("check", "merge", "deploy"))
    assert check["strategy"] == {"fail-fast": False, "matrix": {"shard": [1, 2, 3]}}
    assert check["permissions"] == {"contents": "read", "pages": "read"}
    (shard_step,) = [s for s in check["steps"] if s.get("id") == "check"]
    assert shard_step["with"]["args"] == "--shard ${{ matrix.shard }}/3"
    assert shard_step["env"] == {"TOKEN": "${{ secrets.TOKEN }}"}
    assert "site" not in shard_step["with"]
    assert merge["needs"] == "check"
    assert merge["if"] == "${{ !cancelled() }}"  # a not-ready shard is still merged
    assert merge["permissions"] == {"issues": "write", "pages": "read"}
    (merge_step,) = [s for s in merge["steps"] if s.get("id") == "check"]
    assert merge_step["with"]["merge"] == "shards/*/report.json"
    assert merge_step["with"]["site"] == "site"
    assert "env" not in merge_step  # merging reads no secret
    (guard,) = [s for s in merge["steps"] if s.get("name") == "Every shard's report arrived"]
    assert '"$found" -ne 3' in guard["run"]
    assert deploy["needs"] == "merge"


def test_the_history_is_fetched_from_the_published_site_before_the_check() -> None:
    workflow = load(workflow_yaml(WorkflowSettings(PINNED)))
    names = [s.get("name", s.get("uses", "")) for s in workflow["jobs"]["check"]["steps"]]
    fetch = names.index("Fetch the history and the last report from the published site")
    assert fetch < names.index("Check campaigns")
    script = workflow["jobs"]["check"]["steps"][fetch]["run"]
    assert 'gh api "repos/$GITHUB_REPOSITORY/pages" --jq .html_url' in script
    assert "--max-filesize" in script
    assert "--max-time" in script
    assert "python3 -m json.tool" in script  # a page that is not JSON is not kept


def test_quoted_values_survive_odd_branch_and_folder_names() -> None:
    settings = WorkflowSettings(PINNED, manifests="my campaigns", branch="it's: odd")
    workflow = load(workflow_yaml(settings))
    assert workflow["on"]["push"]["branches"] == ["it's: odd"]
    assert workflow["on"]["push"]["paths"][0] == "my campaigns/**"
    assert "github.ref == 'refs/heads/it''s: odd'" in workflow["jobs"]["deploy"]["if"]


def test_badges_use_the_shields_endpoint_and_the_sites_own_svg() -> None:
    shields, direct = badge_markdown("summer-2027", "https://acme.github.io/checks")
    endpoint = "https%3A%2F%2Facme.github.io%2Fchecks%2Fbadges%2Fsummer-2027.json"
    assert shields == (
        f"[![summer-2027](https://img.shields.io/endpoint?url={endpoint})]"
        "(https://acme.github.io/checks/)"
    )
    assert direct == (
        "[![summer-2027](https://acme.github.io/checks/badges/summer-2027.svg)]"
        "(https://acme.github.io/checks/)"
    )


@pytest.mark.parametrize(
    ("remote", "pages"),
    [
        ("git@github.com:Acme-Web/launch-checks.git", "https://acme-web.github.io/launch-checks/"),
        ("https://github.com/acme/checks", "https://acme.github.io/checks/"),
        ("https://token@github.com/acme/checks.git/", "https://acme.github.io/checks/"),
        ("ssh://git@github.com/acme/acme.github.io.git", "https://acme.github.io/"),
        ("git@gitlab.com:acme/checks.git", None),
    ],
)
def test_pages_url_from_the_origin_remote(remote: str, pages: str | None) -> None:
    repository = GitHubRepository.from_remote(remote)
    assert (repository.pages_url if repository else None) == pages


# --- init --github ----------------------------------------------------------------------


def test_init_github_writes_the_workflow_with_the_secrets_the_manifests_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit = action_release(tmp_path, monkeypatch)
    repo = user_repository(tmp_path, {"summer": SECRET_MANIFEST, "autumn": PLAIN_MANIFEST})
    result = init_github(repo, monkeypatch)
    assert result.exit_code == 0, result.output
    text = (repo / WORKFLOW_PATH).read_text(encoding="utf-8")
    assert f"uses: {ACTION_REPOSITORY}@{commit} # v{__version__}" in text
    assert unpinned(text) == []
    workflow = written(repo)
    assert workflow["on"]["push"]["branches"] == ["trunk"]  # the branch checked out
    (action,) = [s for s in workflow["jobs"]["check"]["steps"] if s.get("id") == "check"]
    assert action["env"] == {
        name: f"${{{{ secrets.{name} }}}}" for name in ("API_TOKEN", "STAGING_USER", "STAGING_PASS")
    }
    for name in ("API_TOKEN", "STAGING_USER", "STAGING_PASS"):
        assert f"gh secret set {name}" in result.output
    site = "https://acme-web.github.io/launch-checks/"
    for slug in ("all", "autumn", "summer"):
        assert f"[![{slug}]({site}badges/{slug}.svg)]({site})" in result.output
        assert f"%2Fbadges%2F{slug}.json)]({site})" in result.output
    assert "Source: GitHub Actions" in result.output


def test_init_github_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = user_repository(tmp_path, {"summer": PLAIN_MANIFEST})
    target = repo / WORKFLOW_PATH
    target.parent.mkdir(parents=True)
    target.write_text("# mine\n", encoding="utf-8")
    result = init_github(repo, monkeypatch)
    assert result.exit_code == 2
    assert "already exists; not overwritten" in result.output
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_init_github_without_resolvable_tag_says_the_action_is_not_pinned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = user_repository(tmp_path, {"summer": PLAIN_MANIFEST})
    result = init_github(repo, monkeypatch)
    assert result.exit_code == 0, result.output
    assert f"could not learn the commit of {ACTION_REPOSITORY}@v{__version__}" in result.output
    assert f"@v{__version__} # not pinned" in (repo / WORKFLOW_PATH).read_text("utf-8")
    assert "no secret to add" in result.output
    assert "env" not in next(s for s in written(repo)["jobs"]["check"]["steps"] if s.get("id"))


def test_init_github_shards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = user_repository(tmp_path, {"summer": PLAIN_MANIFEST})
    result = init_github(repo, monkeypatch, "--shards", "4")
    assert result.exit_code == 0, result.output
    assert written(repo)["jobs"]["check"]["strategy"]["matrix"] == {"shard": [1, 2, 3, 4]}
    assert "in 4 parallel shards" in result.output


def test_init_github_with_a_bad_manifest_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = user_repository(tmp_path, {"broken": "campaign: broken\nlaunch: someday\n"})
    result = init_github(repo, monkeypatch)
    assert result.exit_code == 2
    assert "broken.yaml" in result.output
    assert not (repo / WORKFLOW_PATH).exists()


def test_init_github_without_manifests_or_remote_uses_placeholders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "not-a-repo"
    folder.mkdir()
    result = init_github(folder, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "replace https://OWNER.github.io/REPOSITORY/ with your Pages URL" in result.output
    assert "no manifest in campaigns/ yet" in result.output
    assert "(https://OWNER.github.io/REPOSITORY/badges/all.svg)" in result.output
    assert written(folder)["on"]["push"]["branches"] == ["main"]


def test_init_github_below_the_repository_root_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = user_repository(tmp_path)
    result = init_github(repo / "campaigns", monkeypatch)
    assert result.exit_code == 2
    assert "run this at the top of the repository" in result.output
    assert not list(repo.rglob("campaign-check.yml"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "summer", "--github"], "drop SLUG"),
        (["init", "--shards", "2"], "--shards needs --github"),
        (["init", "--github", "--shards", "0"], "0 is not in the range"),
    ],
)
def test_init_github_usage_errors(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.rglob("*.y*ml"))


@pytest.mark.parametrize("directory", ["..", ".", "new\nline"])
def test_init_github_needs_a_printable_manifest_folder_inside_the_repository(
    directory: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = user_repository(tmp_path)
    result = init_github(repo, monkeypatch, "--dir", directory)
    assert result.exit_code == 2
    assert "use a folder inside the repository, its name printable" in result.output
    assert not (repo / WORKFLOW_PATH).exists()
