"""Badges: valid SVG with the status colour, shields.io endpoint JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from checker.report.formats import badges

from .sample import sample_report

SVG = "{http://www.w3.org/2000/svg}"


def test_badges_writes_svg_and_json_per_campaign_and_for_all(tmp_path: Path) -> None:
    badges.write(sample_report(), tmp_path / "badges")
    names = sorted(p.name for p in (tmp_path / "badges").iterdir())
    slugs = ["all", "holiday-2027", "spring-teaser", "summer-2027", "winter-2026"]
    assert names == sorted([f"{s}.json" for s in slugs] + [f"{s}.svg" for s in slugs])


def test_badges_svg_is_valid_xml_with_status_colour_and_words() -> None:
    files = badges.badges(sample_report())
    expected = {
        "spring-teaser": ("#4c1", "ready"),
        "summer-2027": ("#fe7d37", "at risk"),
        "holiday-2027": ("#e05d44", "not ready"),
        "winter-2026": ("#9f9f9f", "ended"),
        "all": ("#e05d44", "not ready"),
    }
    for slug, (colour, word) in expected.items():
        root = ET.fromstring(files[f"{slug}.svg"])
        assert root.tag == f"{SVG}svg"
        fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
        assert colour in fills
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert texts[-1] == word


def test_badges_svg_escapes_names() -> None:
    svg = badges.badges(sample_report())["holiday-2027.svg"]
    assert "Noël 2027 🎄 &lt;Ünïcødé&gt;" in svg
    title = ET.fromstring(svg).find(f"{SVG}title")
    assert title is not None
    assert title.text == "Noël 2027 🎄 <Ünïcødé>: not ready"


def test_badges_endpoint_json_fields() -> None:
    files = badges.badges(sample_report())
    assert json.loads(files["summer-2027.json"]) == {
        "schemaVersion": 1,
        "label": "Summer Sale 2027 — Été",
        "message": "at risk",
        "color": "orange",
        "cacheSeconds": 300,
    }
    assert json.loads(files["all.json"])["color"] == "red"
    assert json.loads(files["winter-2026.json"])["color"] == "lightgrey"


def test_badges_width_grows_with_text() -> None:
    def width(label: str) -> int:
        return int(ET.fromstring(badges.svg(label, "ready", "#4c1")).get("width", "0"))

    assert width("a") < width("spring") < width("spring-teaser-2027-WWW")
    assert 20 < badges.text_width("campaign") < 70


def test_badges_all_of_an_incomplete_run_says_so() -> None:
    data = json.loads(badges.badges(sample_report(complete=False))["all.json"])
    assert data["message"] == "not ready (incomplete)"
