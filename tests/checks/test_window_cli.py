"""A portfolio larger than the window of targets in progress: the targets never started
before a deadline are reported like the ones cut short, every check skipped with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.demo.world import World
from tests.checks.helpers import campaign, run_check, write_manifest


@pytest.mark.slow
def test_targets_never_started_before_the_deadline_are_skipped_with_the_reason(
    world: World, tmp_path: Path
) -> None:
    # --concurrency 1 --per-host 1: a window of 4 targets, 2 of one host.
    urls = [f"https://silent.test/{n}" for n in range(8)]
    manifest = write_manifest(tmp_path, campaign("wide", urls))
    run = run_check(
        [manifest],
        "--deadline", "2", "--timeout", "60", "--concurrency", "1", "--per-host", "1",
        *world.cli_args(),
    )  # fmt: skip
    assert run.exit_code == 1
    assert run.json["complete"] is False
    for url in urls:
        checks = run.target(url)["checks"]
        assert checks, url
        assert {c["status"] for c in checks} == {"skip"}
        assert {c["detail"]["reason"] for c in checks} == {"deadline"}
    assert run.json["summary"]["unchecked"] == sum(len(run.target(url)["checks"]) for url in urls)
