"""The manifest JSON Schema printed by `campaign-check schema` (for YAML language servers)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.manifest import yamlpos
from checker.manifest.model import Campaign
from checker.manifest.starter import starter_manifest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "campaigns").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def as_editor_data(text: str) -> Any:
    """The manifest as plain data, dates left as text (YAML 1.2, as an editor reads it)."""
    data, _, _ = yamlpos.load(text)
    return data


def objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every sub-schema that describes an object with named properties."""
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from objects(value)


def test_schema_command_prints_valid_json_with_draft_and_id(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://")
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"campaign", "launch"}


def test_schema_has_every_manifest_key(schema: dict[str, Any]) -> None:
    assert set(schema["properties"]) == set(Campaign.model_fields)


def test_schema_forbids_unknown_keys_at_every_level(schema: dict[str, Any]) -> None:
    found = list(objects(schema))
    names = {name for obj in found for name in obj["properties"]}
    assert {"campaign", "url", "status", "max_pages", "user", "timeout"} <= names
    assert all(obj.get("additionalProperties") is False for obj in found), [
        sorted(obj["properties"]) for obj in found if obj.get("additionalProperties") is not False
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_the_repo_examples(schema: dict[str, Any], path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = as_editor_data(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_accepts_the_starter_manifest(schema: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = as_editor_data(starter_manifest("summer-2027"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "where", ["top", "expect"], ids=["unknown-top-level-key", "unknown-expect-key"]
)
def test_schema_rejects_an_unknown_key(schema: dict[str, Any], where: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = copy.deepcopy(as_editor_data((REPO / "campaigns" / "summer-2027.yaml").read_text()))
    if where == "top":
        data["lanch"] = "2027-06-01"
    else:
        data["urls"][1]["expect"]["stauts"] = 200
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
