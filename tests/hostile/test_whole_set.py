"""The whole hostile set in one `check`: every bomb (gzip, deflate, br, zstd) on landing
pages with robots.txt, probes and http:// forms, bombs on crawled pages and sitemaps, an
endless body, a 100,000-deep page, a formatting bomb, 100,000 links, garbage TLS and DNS
that never answers (UDP, TCP). The run ends complete within its bounds, its peak RSS
stays within 200 MiB, and no check ends as an "internal error"."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.demo.routes import html_page, page
from checker.demo.world import World
from tests.checks.helpers import campaign, write_manifest
from tests.hostile.conftest import PATIENT, Hostile
from tests.hostile.process import ChildRun, run_check_process
from tests.hostile.servers import (
    BOMB_CODINGS,
    SILENT_TCP,
    SILENT_UDP,
    SilentDns,
    bomb,
    deep_page,
    endless,
    formatting_bomb,
    many_links_page,
)

RSS_LIMIT_MIB = 200
BOMBED_PAGES = 8


def _hostile_set(hostile: Hostile, folder: Path) -> Path:
    urls = [hostile.add(f"set-{c}.hostile.test", catch_all=bomb(c)) for c in BOMB_CODINGS]
    urls.append(hostile.add("set-endless.hostile.test", catch_all=endless()))
    urls.append(hostile.add("set-deep.hostile.test", {"/": page(deep_page())}))
    urls.append(hostile.add("set-formatting.hostile.test", {"/": page(formatting_bomb())}))
    urls.append(hostile.add("set-garbage.hostile.test", listener="garbage-tls"))
    urls += [f"https://{SILENT_UDP}/", f"https://{SILENT_TCP}/"]
    links = "".join(f'<a href="/b/{i}">{i}</a>' for i in range(BOMBED_PAGES))
    bombed_site = {"/": page(html_page("Bombed", links))}
    sites = [
        hostile.add("set-bombed-site.hostile.test", bombed_site, catch_all=bomb("gzip")),
        hostile.add("set-links.hostile.test", {"/": page(many_links_page(prefix="/"))}),
    ]
    microsites = [{"url": url, "max_pages": BOMBED_PAGES + 1} for url in sites]
    return write_manifest(folder, campaign("hostile-set", urls, microsites=microsites))


@pytest.fixture(scope="module")
def whole_set(
    world: World, hostile_dns: SilentDns, tmp_path_factory: pytest.TempPathFactory
) -> ChildRun:
    folder = tmp_path_factory.mktemp("hostile-set")
    hostile = Hostile(world, hostile_dns)
    manifest = _hostile_set(hostile, folder)
    return run_check_process([manifest], *PATIENT, *hostile.args(), folder=folder)


@pytest.mark.slow
def test_the_hostile_set_stays_within_200_mib(whole_set: ChildRun) -> None:
    assert whole_set.max_rss_mib <= RSS_LIMIT_MIB, whole_set.max_rss_mib


@pytest.mark.slow
def test_the_hostile_set_ends_complete_and_in_time(whole_set: ChildRun) -> None:
    assert whole_set.run.exit_code == 1
    assert whole_set.run.json["complete"] is True
    assert whole_set.run.seconds < 60, whole_set.run.seconds


@pytest.mark.slow
def test_no_check_of_the_hostile_set_is_an_internal_error(whole_set: ChildRun) -> None:
    checks = [c for t in whole_set.run.targets() for c in t["checks"]]
    assert len(checks) > 100
    assert [c for c in checks if "internal error" in c["message"]] == []
