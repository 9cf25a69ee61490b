"""Reading GitHub workflow and action files the way the tests judge them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SHA = re.compile(r"^[0-9a-f]{40}$")


def load(text: str) -> dict[str, Any]:
    """A workflow or action file; YAML 1.1 reads the key `on` as True, put it back."""
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    if True in data:
        data["on"] = data.pop(True)
    return data


def load_file(path: Path) -> dict[str, Any]:
    return load(path.read_text(encoding="utf-8"))


def steps(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every step of a workflow's jobs, or of a composite action."""
    if "runs" in document:
        yield from document["runs"].get("steps", [])
    for job in document.get("jobs", {}).values():
        yield from job.get("steps", [])


def uses_lines(text: str) -> list[str]:
    """Every `uses:` line as written (with its comment), minus the key."""
    return [m.group(1).strip() for m in re.finditer(r"^\s*-?\s*uses:\s*(.+)$", text, re.M)]


def unpinned(text: str) -> list[str]:
    """`uses:` lines of a remote action not pinned to a full commit SHA with a comment
    naming its release (`owner/repo@<40 hex> # vX.Y.Z`)."""
    bad = []
    for line in uses_lines(text):
        if line.startswith("./"):
            continue
        ref, _, comment = line.partition(" # ")
        _, _, sha = ref.partition("@")
        if not (SHA.match(sha) and re.match(r"^v\d+(\.\d+)*\b", comment)):
            bad.append(line)
    return bad


def expressions_in_run(document: dict[str, Any]) -> list[str]:
    """`run:` scripts with a `${{ }}` expression in them (inputs belong in `env:`)."""
    return [step["run"] for step in steps(document) if "${{" in step.get("run", "")]
