"""The README's "As a library" example, run for real against the test world: the names
`checker` exports, and a run that reaches the world through `RunOptions` alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import checker
from checker import RunOptions, load_campaigns, run_check
from checker.demo.world import World
from checker.plan.targets import Target
from checker.report.model import TargetResult
from tests.checks.helpers import campaign, iso, write_manifest

README = Path(__file__).resolve().parent.parent / "README.md"


def world_options(world: World, **more: Any) -> RunOptions:
    """What `world_args` tells the CLI, as the library is told it."""
    args = world.connect_to_args()
    return RunOptions(
        connect_to=args[1::2],
        nameservers=[f"127.0.0.1:{world.dns_port}"],
        ca_bundle=str(world.ca_bundle_path),
        **more,
    )


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """campaigns/ in the current folder: one ready, one at risk, one not ready."""
    folder = tmp_path / "campaigns"
    write_manifest(folder, campaign("ready", ["https://www.good.test/summer"]))
    # A flight of eleven years outlasts the certificate: a warning.
    write_manifest(folder, campaign("at-risk", ["https://www.good.test/summer"], ends=iso(4000)))
    write_manifest(folder, campaign("not-ready", ["https://good.test/missing"]))
    monkeypatch.chdir(tmp_path)
    return folder


def test_the_readme_shows_this_example() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "from checker import RunOptions, load_campaigns, run_check" in readme
    assert 'report = run_check(load_campaigns(["campaigns/"]), RunOptions(timeout=5))' in readme
    assert "print(report.summary())  # {'campaigns': 3, 'ready': 1, ...}" in readme


def test_the_readme_example_checks_the_campaigns(portfolio: Path, world: World) -> None:
    report = run_check(load_campaigns(["campaigns/"]), world_options(world, timeout=5))
    assert report.summary() == {
        "campaigns": 3,
        "ready": 1,
        "at_risk": 1,
        "not_ready": 1,
        "ended": 0,
        "unchecked": 0,
    }
    assert report.complete
    status = {c.campaign: str(c.status) for c in report.campaigns}
    assert status == {"ready": "ready", "at-risk": "at_risk", "not-ready": "not_ready"}


def test_progress_hears_of_each_target_once(portfolio: Path, world: World) -> None:
    heard: list[tuple[str, str]] = []

    def progress(target: Target, result: TargetResult) -> None:
        heard.append((target.url, result.url))

    run_check(load_campaigns([str(portfolio)]), world_options(world, timeout=5, progress=progress))
    assert sorted(heard) == [
        ("https://good.test/missing", "https://good.test/missing"),
        ("https://www.good.test/summer", "https://www.good.test/summer"),
        ("https://www.good.test/summer", "https://www.good.test/summer"),
    ]


def test_every_exported_name_resolves_and_others_do_not() -> None:
    from checker import run as run_module

    assert checker.RunOptions is run_module.RunOptions
    assert checker.run_check is run_module.run_check
    for name in checker.__all__:
        assert getattr(checker, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        checker.nothing  # noqa: B018


def test_importing_the_package_loads_nothing_else() -> None:
    """`validate` and library users who only read manifests pay for what they use."""
    script = (
        "import sys, checker; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('checker', 'httpx', 'httpcore', 'dns', 'rich', 'selectolax', 'click')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "['checker']"
