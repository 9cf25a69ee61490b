"""`campaign-check demo` end to end: the three verdicts, and the microsites it crawls (a clean
one in the ready campaign, a broken one in the not-ready campaign), read from its JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main

SUMMER = "https://summer.microsite.test"
WINTER = "https://winter.microsite.test"
WINTER_PAGES = [f"{WINTER}/{p}" for p in ("", "collection", "lookbook", "stores", "terms")]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--out", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return folder


@pytest.fixture(scope="module")
def report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def test_demo_writes_its_status_site_and_history(out: Path, report: dict[str, Any]) -> None:
    site = out / "site"
    for name in ("index.html", "report.json", "history.json", "badges/all.json"):
        assert (site / name).is_file(), name
    for slug in ("summer-sale", "autumn-preview", "winter-teaser"):
        assert (site / "badges" / f"{slug}.svg").is_file()
    history = json.loads((out / "history.json").read_text(encoding="utf-8"))
    assert history["runs"][-1]["time"] == report["generated_at"]


def _targets(report: dict[str, Any], slug: str) -> dict[tuple[str, str], dict[str, Any]]:
    (found,) = [c for c in report["campaigns"] if c["campaign"] == slug]
    return {(t["url"], t["kind"]): t for t in found["targets"]}


def _check(target: dict[str, Any], check_id: str) -> dict[str, Any]:
    (found,) = [c for c in target["checks"] if c["id"] == check_id]
    assert isinstance(found, dict)
    return found


def test_demo_verdicts_are_one_ready_one_at_risk_one_not_ready(report: dict[str, Any]) -> None:
    assert report["complete"] is True
    assert report["summary"] == {
        "campaigns": 3,
        "ready": 1,
        "at_risk": 1,
        "not_ready": 1,
        "ended": 0,
        "unchecked": 0,
    }
    statuses = {c["campaign"]: c["status"] for c in report["campaigns"]}
    assert statuses == {
        "summer-sale": "ready",
        "autumn-preview": "at_risk",
        "winter-teaser": "not_ready",
    }


def test_ready_campaign_crawls_a_clean_microsite(report: dict[str, Any]) -> None:
    targets = _targets(report, "summer-sale")
    site = targets[(f"{SUMMER}/", "microsite")]
    assert site["status"] == "pass"
    assert all(c["status"] == "pass" for c in site["checks"]), site["checks"]
    assert _check(site, "crawl.links")["detail"] == {
        "checked": 7,  # 6 pages (the sitemap-only one included) + www.good.test/
        "broken": [],
        "pages": 6,
        "sitemap_only": [f"{SUMMER}/lookbook"],
        "not_crawled": 0,
        "excluded": 0,
        "external_skipped": 0,
    }
    # stylesheet, script, og:image, srcset 1x + 2x, one more image, and the css font + background
    assert _check(site, "crawl.assets")["detail"] == {"checked": 8, "broken": [], "pages": 6}
    assert _check(site, "crawl.fragments")["detail"] == {"checked": 2, "broken": []}
    assert not [key for key in targets if key[1] in ("page", "link", "asset")]


def test_not_ready_microsite_reports_what_is_broken(report: dict[str, Any]) -> None:
    site = _targets(report, "winter-teaser")[(f"{WINTER}/", "microsite")]
    assert site["status"] == "fail"
    links = _check(site, "crawl.links")
    assert links["status"] == "fail"
    assert links["detail"]["checked"] == 7
    assert links["detail"]["sitemap_only"] == [f"{WINTER}/lookbook"]
    assert links["detail"]["broken"] == [
        {
            "url": f"{WINTER}/rules",
            "status": 404,
            "found_on": [f"{WINTER}/", f"{WINTER}/sitemap.xml"],
            "element": "a",
        }
    ]
    assets = _check(site, "crawl.assets")
    assert (assets["status"], assets["detail"]["checked"]) == ("fail", 8)
    assert assets["detail"]["broken"] == [
        {
            "url": f"{WINTER}/img/hero.jpg",
            "status": 404,
            "found_on": [f"{WINTER}/"],
            "element": "img",
        }
    ]
    fragments = _check(site, "crawl.fragments")
    assert (fragments["status"], fragments["detail"]["checked"]) == ("warn", 2)
    (missing,) = fragments["detail"]["broken"]
    assert missing["url"] == f"{WINTER}/terms#prize-draw"
    assert missing["error"] == "no element with this id or name"
    assert missing["found_on"] == WINTER_PAGES


def test_each_broken_microsite_url_is_its_own_target(report: dict[str, Any]) -> None:
    targets = _targets(report, "winter-teaser")
    crawled = {key: t for key, t in targets.items() if key[1] in ("page", "link", "asset")}
    assert set(crawled) == {(f"{WINTER}/img/hero.jpg", "asset"), (f"{WINTER}/rules", "page")}
    hero = _check(crawled[(f"{WINTER}/img/hero.jpg", "asset")], "http.status")
    assert hero["status"] == "fail"
    assert hero["detail"]["status"] == 404
    assert hero["detail"]["found_on"] == [f"{WINTER}/"]
    rules = _check(crawled[(f"{WINTER}/rules", "page")], "http.status")
    assert rules["status"] == "fail"
    assert rules["detail"]["found_on"] == [f"{WINTER}/", f"{WINTER}/sitemap.xml"]
