"""`--site DIR`: the static site's layout, its relative links, the shields endpoint JSON."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from checker.report.formats import site, write_reports
from checker.report.history import load
from checker.report.model import Report

from .sample import sample_history, sample_report

SLUGS = ["holiday-2027", "spring-teaser", "summer-2027", "winter-2026"]
# https://shields.io/badges/endpoint-badge
ENDPOINT_SCHEMA = {
    "type": "object",
    "required": ["schemaVersion", "label", "message", "color", "cacheSeconds"],
    "additionalProperties": False,
    "properties": {
        "schemaVersion": {"const": 1},
        "label": {"type": "string", "minLength": 1},
        "message": {"type": "string", "minLength": 1},
        "color": {"enum": ["brightgreen", "orange", "red", "lightgrey"]},
        "cacheSeconds": {"type": "integer", "minimum": 300},
    },
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_site_layout_with_history(tmp_path: Path) -> None:
    report, history = sample_history()
    written = site.write(report, tmp_path / "site", history)
    expected = {"index.html", "report.json", "history.json", ".nojekyll"}
    expected |= {f"badges/{s}.{ext}" for s in [*SLUGS, "all"] for ext in ("svg", "json")}
    assert _files(tmp_path / "site") == expected
    assert {str(p.relative_to(tmp_path / "site")) for p in written} == expected
    assert load(tmp_path / "site" / "history.json") == history
    data = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))
    assert Report.from_json(data).campaigns[0].since == report.campaigns[1].since


def test_site_without_history_has_no_history_file_and_no_link_to_one(tmp_path: Path) -> None:
    site.write(sample_report(), tmp_path)
    assert "history.json" not in _files(tmp_path)
    assert "history.json" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_site_links_are_relative_and_each_reaches_a_file_of_the_site(tmp_path: Path) -> None:
    report, history = sample_history()
    site.write(report, tmp_path, history)
    parser = _Links()
    parser.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    local = [h for h in parser.hrefs if not h.startswith(("#", "https://"))]
    assert local, "the site links its own files"
    for href in local:
        assert not href.startswith("/"), href
        assert "://" not in href, href
        assert ".." not in href, href
        assert (tmp_path / href).is_file(), href


def test_site_badges_are_valid_shields_endpoints(tmp_path: Path) -> None:
    site.write(sample_report(), tmp_path)
    for slug in [*SLUGS, "all"]:
        data = json.loads((tmp_path / "badges" / f"{slug}.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, ENDPOINT_SCHEMA)
    overall = json.loads((tmp_path / "badges" / "all.json").read_text(encoding="utf-8"))
    assert (overall["label"], overall["message"], overall["color"]) == (
        "campaigns",
        "not ready",
        "red",
    )


def test_write_reports_writes_the_site_and_refuses_stdout(tmp_path: Path) -> None:
    report, history = sample_history()
    written = write_reports(
        report, {"site": tmp_path / "s", "json": tmp_path / "r.json"}, history=history
    )
    assert tmp_path / "s" / "index.html" in written
    assert tmp_path / "s" / "history.json" in written
    with pytest.raises(ValueError, match="site needs a directory, not stdout"):
        write_reports(report, {"site": "-"}, stdout=io.StringIO())
