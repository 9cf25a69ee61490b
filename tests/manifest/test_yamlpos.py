"""The libyaml fast path gives the same data, positions and duplicate-key problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.manifest import yamlpos

EXAMPLES = sorted((Path(__file__).parents[2] / "campaigns").glob("*.yaml"))
DUPLICATE = (
    "campaign: a\nlaunch: 2027-06-01\nlaunch: 2027-06-02\n"
    "urls:\n  - &u https://a.example/\n  - *u\n"
)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [*(p.read_text() for p in EXAMPLES), DUPLICATE])
def test_libyaml_and_python_loaders_agree(text: str) -> None:
    fast = yamlpos._load(text, yamlpos._FastLoader)
    slow = yamlpos._load(text, yamlpos._Loader)
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]
    assert [(p.message, p.line, p.column) for p in fast[2]] == [
        (p.message, p.line, p.column) for p in slow[2]
    ]


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 3
