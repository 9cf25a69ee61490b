"""`campaign-check demo` writes its manifests and every report format into --out, and says
where; the verdicts themselves are tested in tests/test_demo.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli.check import Display
from checker.cli.demo import DEMO_OUTPUTS, run_demo_command


def test_the_demo_writes_every_report_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert run_demo_command(out, Display(quiet=True)) == 0
    for name, path in DEMO_OUTPUTS.items():
        written = out / path
        assert written.exists(), name
    assert sorted(p.name for p in (out / "campaigns").glob("*.yaml")) == [
        "autumn-preview.yaml",
        "summer-sale.yaml",
        "winter-teaser.yaml",
    ]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["complete"] is True
    assert {p.suffix for p in (out / "badges").iterdir()} == {".svg", ".json"}
    assert f"Demo reports written to {out}/: report.json, junit.xml" in capsys.readouterr().out
