"""The JSON Schema editors see and the model the tool validates with agree: a manifest the
one accepts, the other accepts too, and the same for what they refuse."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pydantic
import pytest

from checker.manifest.model import Campaign
from checker.manifest.schema import SCHEMA_ID, manifest_schema, manifest_schema_text

BASE: dict[str, Any] = {
    "campaign": "summer-2027",
    "launch": "2027-06-01",
    "urls": ["https://a.test/"],
}
SCHEMA = manifest_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def with_(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def url_entry(**fields: Any) -> dict[str, Any]:
    return with_(urls=[{"url": "https://a.test/s", **fields}])


ACCEPTED = [
    BASE,
    with_(launch="2027-06-01T09:00:00-04:00", ends="2027-08-31", timezone="America/New_York"),
    with_(defaults={"timeout": 2.5, "max_redirects": 0, "cert_cover_flight": True}),
    with_(defaults={"exclude": "^https://x\\."}),
    url_entry(expect={"status": [200, 301], "contains": "Sale", "keep_query": False}),
    url_entry(printed="go.a.test/s27", expect={"final_url": "https://www.a.test/"}),
    with_(urls=[], microsites=["https://m.test/", {"url": "https://n.test/", "max_pages": 3}]),
]

REFUSED = [
    with_(campaign="Summer 2027"),
    with_(extra=1),
    with_(urls=["ftp://a.test/"]),
    with_(defaults={"timeout": 0}),
    with_(defaults={"max_redirects": -1}),
    url_entry(expect={"status": 700}),
    url_entry(expect={"status": []}),
    url_entry(expect={"status": "200"}),
    url_entry(expect={"contains": 3}),
    url_entry(printed="https://go.a.test/s27"),
    url_entry(printed="go.a.test/s 27"),
    url_entry(expect={"titel": "typo"}),
    with_(microsites=[{"url": "https://m.test/", "max_pages": 0}]),
]


def schema_accepts(manifest: dict[str, Any]) -> bool:
    return bool(VALIDATOR.is_valid(manifest))


def model_accepts(manifest: dict[str, Any]) -> bool:
    try:
        Campaign.model_validate(manifest)
    except pydantic.ValidationError:
        return False
    return True


@pytest.mark.parametrize("manifest", ACCEPTED, ids=lambda m: json.dumps(m)[:60])
def test_both_accept(manifest: dict[str, Any]) -> None:
    assert (schema_accepts(manifest), model_accepts(manifest)) == (True, True)


@pytest.mark.parametrize("manifest", REFUSED, ids=lambda m: json.dumps(m)[:60])
def test_both_refuse(manifest: dict[str, Any]) -> None:
    assert (schema_accepts(manifest), model_accepts(manifest)) == (False, False)


def test_the_text_is_the_schema_as_json_with_its_draft_and_id() -> None:
    text = manifest_schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == SCHEMA
    assert SCHEMA["$id"] == SCHEMA_ID
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
