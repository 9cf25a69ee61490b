"""This repository's own workflows and action.yml: pinned, least privilege, no expression
in a script, one concurrency group; and zizmor (when installed) finds nothing in them or
in the workflow `init --github` writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.github.workflow import PINS, Pin, WorkflowSettings, workflow_yaml

from .yamlwalk import expressions_in_run, load_file, steps, unpinned, uses_lines

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
FILES = [*WORKFLOWS, REPO / "action.yml"]


def test_the_old_action_folder_is_gone() -> None:
    assert not (REPO / ".github" / "actions").exists()
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "campaign-check.yml"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pinned_and_no_expression_in_a_script(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unpinned(text) == []
    assert expressions_in_run(load_file(path)) == []


def test_pins_match_the_ones_init_github_writes() -> None:
    known = {pin.action: pin for pin in PINS}
    seen = set()
    for path in FILES:
        for line in uses_lines(path.read_text(encoding="utf-8")):
            if line.startswith("./"):
                continue
            action, _, rest = line.partition("@")
            ref, _, version = rest.partition(" # ")
            assert Pin(action, ref, version) == known[action], (path.name, line)
            seen.add(action)
    assert seen >= {"actions/checkout", "actions/setup-python", "actions/deploy-pages"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_permissions_concurrency_and_no_kept_credentials(path: Path) -> None:
    workflow = load_file(path)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["group"]
    for name, job in workflow["jobs"].items():
        assert job["permissions"], name
        assert "write-all" not in str(job["permissions"])
    checkouts = [s for s in steps(workflow) if "actions/checkout" in s.get("uses", "")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_the_demo_workflow_runs_this_action_and_judges_its_verdict() -> None:
    workflow = load_file(REPO / ".github" / "workflows" / "campaign-check.yml")
    demo = workflow["jobs"]["demo"]
    (action,) = [s for s in demo["steps"] if s.get("uses", "").startswith("./")]
    assert action["with"]["fail"] is False
    assert {"site", "history", "previous", "args", "paths"} <= set(action["with"])
    (world,) = [s for s in demo["steps"] if s.get("id") == "world"]
    assert "-m checker.demo.serve --out" in world["run"]
    (verdict,) = [s for s in demo["steps"] if "verdict" in s.get("name", "")]
    assert 'test "$EXIT_CODE" = 1 && test "$STATUS" = not_ready' in verdict["run"]
    assert workflow["jobs"]["deploy"]["needs"] == "demo"


def _zizmor() -> str:
    found = shutil.which("zizmor") or shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("zizmor is not installed (pip install '.[dev]' brings it)")
    return found


def _audit(zizmor: str, *paths: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [zizmor, "--offline", "--no-progress", *paths],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_zizmor_finds_nothing_in_this_repository() -> None:
    done = _audit(_zizmor(), ".github", "action.yml", cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_finds_nothing_in_the_workflow_init_github_writes(tmp_path: Path) -> None:
    zizmor = _zizmor()
    action = Pin("campaign-checker/campaign-checker", "ab" * 20, "v1.0.0")
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for shards in (1, 3):
        settings = WorkflowSettings(action, secrets=("STAGING_PASS",), shards=shards)
        (folder / f"check-{shards}.yml").write_text(workflow_yaml(settings), encoding="utf-8")
    done = _audit(zizmor, ".github", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout
