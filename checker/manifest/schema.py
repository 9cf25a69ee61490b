"""The manifest's JSON Schema, for editors running the YAML language server."""

from __future__ import annotations

import json
from typing import Any

from checker.manifest.model import Campaign

SCHEMA_ID = "https://campaign-checker.dev/schema/manifest-1.json"

_URL = {"type": "string", "format": "uri", "pattern": "^[hH][tT][tT][pP][sS]?://"}
_MOMENT = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "description": "A date (midnight in `timezone`) or an ISO 8601 datetime with offset.",
}
_STATUS = {"type": "integer", "minimum": 100, "maximum": 599}
_TEXTS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def manifest_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one campaign manifest, including the short forms."""
    schema = Campaign.model_json_schema(mode="validation")
    defs = schema["$defs"]
    props = schema["properties"]
    props["launch"] = _MOMENT
    props["ends"] = _MOMENT
    props["urls"] = {"type": "array", "items": {"anyOf": [_URL, {"$ref": "#/$defs/UrlTarget"}]}}
    props["microsites"] = {
        "type": "array",
        "items": {"anyOf": [_URL, {"$ref": "#/$defs/Microsite"}]},
    }
    props["campaign"]["pattern"] = "^[a-z0-9][a-z0-9-]*$"
    defs["Expect"]["properties"]["status"] = {
        "anyOf": [_STATUS, {"type": "array", "items": _STATUS, "minItems": 1}],
        "default": 200,
    }
    defs["Expect"]["properties"]["contains"] = _TEXTS
    defs["Expect"]["properties"]["final_url"] = _URL
    for name in ("Settings", "UrlTarget", "Microsite"):
        defs[name]["properties"]["exclude"] = _TEXTS
    for name in ("UrlTarget", "Microsite"):
        defs[name]["properties"]["url"] = _URL
    defs["UrlTarget"]["properties"]["printed"] = {
        "type": "string",
        "pattern": "^(?![A-Za-z][A-Za-z0-9+.-]*://)\\S+$",
        "description": "The URL exactly as printed, without a scheme.",
    }
    defs["UrlTarget"]["properties"]["qr"] = {"type": "string", "description": "Image path."}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID} | schema


def manifest_schema_text() -> str:
    """The schema as pretty JSON text."""
    return json.dumps(manifest_schema(), indent=2) + "\n"
