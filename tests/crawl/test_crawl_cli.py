"""`crawl.*` end to end through `campaign-check check --json` against the fixture sites of
tests/crawl/site.py (each run is a fresh process-level Fetcher, so request counts are exact)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.demo.routes import Request
from checker.demo.world import World
from tests.checks.helpers import FAST, CliRun, assert_check, campaign, run_check, write_manifest
from tests.crawl.site import (
    BIG_LINKS,
    CDN,
    EXPECTED_ASSETS,
    EXPECTED_FRAGMENTS,
    EXPECTED_LINK_WARNINGS,
    EXPECTED_LINKS,
    EXT,
    MAIN,
    add_sites,
    site_args,
)
from tests.world import WorldLog

START = f"{MAIN}/"
CLEAN = "https://site-clean.test/"
EXCLUDE = [r"^https://site-ext\.test/excluded", "/private/"]


@dataclass
class Crawled:
    """One CLI run and the requests that reached the world during it."""

    run: CliRun
    requests: list[Request]

    def microsite(self, url: str, check_id: str) -> dict[str, Any]:
        return self.run.check(url, check_id, kind="microsite")

    def counts(self, *hosts: str) -> Counter[tuple[str, str, str, str]]:
        return Counter(
            (r.listener, r.method, r.host, r.target)
            for r in self.requests
            if not hosts or r.host in hosts
        )


def _crawl(
    world: World, folder: Path, microsites: list[dict[str, Any]], *extra: str, slug: str = "c"
) -> Crawled:
    add_sites(world)
    manifest = campaign(slug, [], microsites=microsites)
    del manifest["urls"]
    path = write_manifest(folder, manifest)
    log = WorldLog(world)
    run = run_check([path], *site_args(world), *FAST, *extra)
    return Crawled(run, log.requests())


@pytest.fixture(scope="module")
def main(world: World, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    folder = tmp_path_factory.mktemp("crawl-main")
    return _crawl(world, folder, [{"url": START, "exclude": EXCLUDE}])


def _broken(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["url"]: item for item in result["detail"]["broken"]}


def test_links_fail_with_every_broken_link(main: Crawled) -> None:
    result = main.microsite(START, "crawl.links")
    assert result["status"] == "fail", result
    broken = _broken(result)
    assert set(broken) == set(EXPECTED_LINKS) | set(EXPECTED_LINK_WARNINGS)
    for url, (_kind, problem, _check) in {**EXPECTED_LINKS, **EXPECTED_LINK_WARNINGS}.items():
        item = broken[url]
        assert {"url", "found_on", "element"} <= set(item), item
        assert ("status" in item) != ("error" in item), item
        assert item["status"] == problem if isinstance(problem, int) else problem in item["error"]
    assert broken[f"{EXT}/forbidden"]["severity"] == "warn"
    assert broken[f"{MAIN}/missing"]["found_on"] == [START, f"{MAIN}/about"]
    assert broken[f"{MAIN}/missing"]["element"] == "a"
    assert broken[f"{MAIN}/sitemap-missing"]["found_on"] == [f"{MAIN}/sitemap-pages.xml"]
    assert result["detail"]["checked"] >= 15
    assert "5 of" in result["message"]


def test_sitemap_only_pages_are_crawled_and_reported(main: Crawled) -> None:
    detail = main.microsite(START, "crawl.links")["detail"]
    assert f"{MAIN}/orphan" in detail["sitemap_only"]
    assert f"{MAIN}/about" not in detail["sitemap_only"]
    # the orphan page was crawled: its own link was followed
    assert main.counts()[("https", "GET", "site-main.test", "/orphan-child")] == 1


def test_assets_fail_with_every_broken_asset(main: Crawled) -> None:
    result = main.microsite(START, "crawl.assets")
    assert result["status"] == "fail", result
    broken = _broken(result)
    assert set(broken) == set(EXPECTED_ASSETS)
    assert broken[f"{MAIN}/fonts/missing.woff2"]["found_on"] == [f"{MAIN}/css/site.css"]
    assert broken[f"{MAIN}/fonts/missing.woff2"]["element"] == "css"
    assert broken[f"{MAIN}/img/a-2x.png"]["element"] == "img"
    assert broken[f"{CDN}/missing.js"] == {
        "url": f"{CDN}/missing.js",
        "status": 404,
        "found_on": [START],
        "element": "script",
    }


def test_missing_fragments_warn(main: Crawled) -> None:
    result = main.microsite(START, "crawl.fragments")
    assert result["status"] == "warn", result
    assert set(_broken(result)) == EXPECTED_FRAGMENTS
    # checked: #local, #gone-local, #(top), /about#team, /about#nope
    assert result["detail"]["checked"] == 5
    assert all(item["found_on"] == [START] for item in result["detail"]["broken"])


def test_each_broken_url_is_a_target_with_its_failing_check(main: Crawled) -> None:
    expected = {**EXPECTED_LINKS, **EXPECTED_LINK_WARNINGS, **EXPECTED_ASSETS}
    crawl_targets = [t for t in main.run.targets() if t["kind"] in ("page", "link", "asset")]
    assert {t["url"] for t in crawl_targets} == set(expected)
    for url, (kind, _problem, check_id) in expected.items():
        target = main.run.target(url, kind=kind)
        result = main.run.check(url, check_id, kind=kind)
        warn = url in EXPECTED_LINK_WARNINGS
        assert result["status"] == ("warn" if warn else "fail"), result
        assert target["status"] == result["status"]
        assert result["detail"]["found_on"], result
    assert main.run.json["campaigns"][0]["status"] == "not_ready"


def test_no_url_is_requested_twice(main: Crawled) -> None:
    counts = main.counts()
    assert max(counts.values()) == 1, [k for k, n in counts.items() if n > 1]
    # GET after HEAD only where HEAD failed (405 or a broken URL confirmed with a GET)
    heads = {(h, t) for (_, m, h, t) in counts if m == "HEAD"}
    gets = {(h, t) for (_, m, h, t) in counts if m == "GET"}
    both = {f"https://{h}{t}" for h, t in heads & gets}
    expected = {**EXPECTED_LINKS, **EXPECTED_ASSETS}
    confirmed = {
        u for u, (kind, problem, _) in expected.items() if problem == 404 and kind != "page"
    }
    assert both == confirmed | {f"{EXT}/forbidden", f"{EXT}/head-405", f"{MAIN}/img/og.png"}


def test_head_refused_then_get_passes(main: Crawled) -> None:
    assert f"{EXT}/head-405" not in _broken(main.microsite(START, "crawl.links"))
    assert f"{MAIN}/img/og.png" not in _broken(main.microsite(START, "crawl.assets"))


def test_excluded_urls_are_neither_requested_nor_reported(main: Crawled) -> None:
    paths = {(r.host, r.path) for r in main.requests}
    assert ("site-ext.test", "/excluded/x") not in paths
    assert ("site-main.test", "/private/x") not in paths
    reported = [t["url"] for t in main.run.targets()] + [
        item["url"]
        for c in ("crawl.links", "crawl.assets")
        for item in main.microsite(START, c)["detail"]["broken"]
    ]
    assert not [url for url in reported if "/excluded/" in url or "/private/" in url]
    assert main.microsite(START, "crawl.links")["detail"]["excluded"] == 2


def test_clean_site_passes(world: World, tmp_path: Path) -> None:
    crawled = _crawl(world, tmp_path, [{"url": CLEAN}])
    links = assert_check(crawled.run, CLEAN, "crawl.links", "pass", "none broken")
    assets = assert_check(crawled.run, CLEAN, "crawl.assets", "pass", "none broken")
    fragments = assert_check(crawled.run, CLEAN, "crawl.fragments", "pass", "none missing")
    assert links["detail"] == {
        "checked": 4,  # /a, /b, / (linked from /a) and site-ext.test/ok
        "broken": [],
        "pages": 3,
        "sitemap_only": [],
        "not_crawled": 0,
        "excluded": 0,
        "external_skipped": 0,
    }
    assert assets["detail"]["checked"] == 2  # /s.css and /logo.png
    assert fragments["detail"] == {"checked": 2, "broken": []}
    assert [t["kind"] for t in crawled.run.targets()] == ["microsite"]
    assert crawled.run.exit_code == 0


def test_off_site_refusal_only_warns(world: World, tmp_path: Path) -> None:
    url = "https://site-warn.test/"
    crawled = _crawl(world, tmp_path, [{"url": url}])
    assert_check(crawled.run, url, "crawl.links", "warn", "refuse automated checks")
    assert_check(crawled.run, f"{EXT}/forbidden", "http.status", "warn", "403", kind="link")
    assert crawled.run.json["campaigns"][0]["status"] == "at_risk"
    assert crawled.run.exit_code == 0


def test_external_false_checks_no_off_site_url(world: World, tmp_path: Path) -> None:
    crawled = _crawl(world, tmp_path, [{"url": CLEAN, "external": False}])
    assert not crawled.counts("site-ext.test")
    detail = assert_check(crawled.run, CLEAN, "crawl.links", "pass")["detail"]
    assert detail["external_skipped"] == 1


def test_max_depth(world: World, tmp_path: Path) -> None:
    url = "https://site-deep.test/"
    crawled = _crawl(world, tmp_path, [{"url": url, "max_depth": 3}])
    requested = {(m, t) for (_, m, h, t) in crawled.counts("site-deep.test")}
    pages = {t for m, t in requested if t.startswith("/d/")}
    assert pages == {"/d/0", "/d/1", "/d/2", "/d/3", "/d/4"}
    assert ("HEAD", "/d/4") in requested  # one level deeper: checked, not crawled
    assert ("GET", "/d/4") not in requested
    assert assert_check(crawled.run, url, "crawl.links", "pass")["detail"]["pages"] == 4


def test_max_pages_on_a_page_of_100000_links(world: World, tmp_path: Path) -> None:
    url = "https://site-big.test/"
    crawled = _crawl(world, tmp_path, [{"url": url, "max_pages": 20}])
    pages = [t for (_, _, _, t) in crawled.counts("site-big.test") if t.startswith("/p/")]
    assert len(pages) == 19  # the start page is the 20th
    detail = assert_check(crawled.run, url, "crawl.links", "pass")["detail"]
    assert detail["not_crawled"] == BIG_LINKS - 19
    assert detail["pages"] == 20
    assert crawled.run.seconds < 15


def test_pages_shared_by_two_campaigns_are_fetched_once(world: World, tmp_path: Path) -> None:
    add_sites(world)
    paths = []
    for slug in ("shared-a", "shared-b"):
        manifest = campaign(slug, [], microsites=[{"url": CLEAN}, {"url": f"{CLEAN}a"}])
        del manifest["urls"]
        paths.append(write_manifest(tmp_path, manifest))
    log = WorldLog(world)
    run = run_check(paths, *site_args(world), *FAST)
    counts = Counter((r.listener, r.method, r.host, r.target) for r in log.requests())
    assert max(counts.values()) == 1, [k for k, n in counts.items() if n > 1]
    for slug in ("shared-a", "shared-b"):
        for url in (CLEAN, f"{CLEAN}a"):
            result = run.check(url, "crawl.links", kind="microsite", campaign=slug)
            assert result["status"] == "pass", result
            assert result["detail"]["pages"] == 3


def test_credentials_go_to_the_site_only(world: World, tmp_path: Path) -> None:
    add_sites(world)
    site = {"url": CLEAN, "headers": {"X-Preview": "${CRAWL_TOKEN}"}}
    manifest = campaign("creds", [], microsites=[site])
    del manifest["urls"]
    log = WorldLog(world)
    run_check([write_manifest(tmp_path, manifest)], *site_args(world), *FAST,
              env={"CRAWL_TOKEN": "s3cret"})  # fmt: skip
    own = [r for r in log.requests("site-clean.test") if r.listener == "https"]
    assert own
    assert all(r.header("X-Preview") == "s3cret" for r in own if r.path != "/robots.txt")
    assert all(r.header("X-Preview") is None for r in log.requests("site-ext.test"))


def test_the_crawl_does_not_wait_for_the_landing_page_facts(world: World, tmp_path: Path) -> None:
    """robots.txt (a fact of the content checks) takes 1 s; the crawl starts without it."""
    start = "https://site-slowfacts.test/"
    crawled = _crawl(world, tmp_path, [{"url": start}], slug="early")
    assert_check(crawled.run, start, "crawl.links", "pass", "none broken")
    arrived = {
        r.target: r.time
        for r in crawled.requests
        if r.host == "site-slowfacts.test" and r.listener == "https"
    }
    assert arrived["/next"] - arrived["/robots.txt"] < 0.5  # robots.txt answers after 1.0 s
