"""Decompression bombs (gzip, deflate, br, zstd: a few MB on the wire, 4 GiB decoded) and an
endless body: on landing pages, and on every other path of their host (robots.txt, the
catch-all probe, the http:// form); on crawled pages, sitemaps and a microsite's start
page. Each is read up to its cap after decoding (2 MiB, 10 MiB crawled) and said to be cut,
and each run stays within 200 MiB of memory."""

from __future__ import annotations

import pytest

from checker.demo.routes import html_page, page
from checker.demo.world import World
from tests.checks.helpers import assert_check, campaign, write_manifest
from tests.hostile.conftest import PATIENT, Hostile
from tests.hostile.process import ChildRun, run_check_process
from tests.hostile.servers import BOMB_CODINGS, SilentDns, bomb, endless

CUT = "page larger than 2 MiB: only its start was checked"
RSS_LIMIT_MIB = 200
CRAWLED_BOMBS = 8


@pytest.fixture(scope="module")
def bombed(
    world: World, hostile_dns: SilentDns, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ChildRun, list[str]]:
    hostile = Hostile(world, hostile_dns)
    urls = [hostile.add(f"bomb-{c}.hostile.test", catch_all=bomb(c)) for c in BOMB_CODINGS]
    urls.append(hostile.add("endless.hostile.test", catch_all=endless()))
    folder = tmp_path_factory.mktemp("bombs")
    manifest = write_manifest(folder, campaign("bombs", urls))
    return run_check_process([manifest], *PATIENT, *hostile.args(), folder=folder), urls


@pytest.fixture(scope="module")
def crawl_bombed(
    world: World, hostile_dns: SilentDns, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ChildRun, str, str]:
    hostile = Hostile(world, hostile_dns)
    links = "".join(f'<a href="/bomb/{i}">{i}</a>' for i in range(CRAWLED_BOMBS))
    start = {"/": page(html_page("Bombs inside", links))}
    site = hostile.add("bombed-site.hostile.test", start, catch_all=bomb("zstd"))
    bomb_start = hostile.add("bomb-start.hostile.test", catch_all=bomb("br"))
    microsites = [{"url": site}, {"url": bomb_start}]
    folder = tmp_path_factory.mktemp("crawl-bombs")
    manifest = write_manifest(folder, campaign("crawl-bombs", [], microsites=microsites))
    return run_check_process([manifest], *PATIENT, *hostile.args(), folder=folder), site, bomb_start


@pytest.mark.slow
def test_every_landing_bomb_is_read_up_to_the_cap_and_said_to_be_cut(
    bombed: tuple[ChildRun, list[str]],
) -> None:
    child, urls = bombed
    for url in urls:
        assert_check(child.run, url, "http.status", "warn", CUT)


@pytest.mark.slow
def test_crawled_bombs_are_read_up_to_10_mib_and_said_to_be_cut(
    crawl_bombed: tuple[ChildRun, str, str],
) -> None:
    child, site, bomb_start = crawl_bombed
    result = assert_check(child.run, site, "crawl.links", "warn", "links past the cut")
    cut = {c["url"] for c in result["detail"]["cut"]}
    assert cut == {f"{site}bomb/{i}" for i in range(CRAWLED_BOMBS)}
    assert_check(child.run, bomb_start, "http.status", "warn", CUT)
    message = f"{bomb_start} is larger than 10 MiB"
    assert_check(child.run, bomb_start, "crawl.links", "warn", message)


@pytest.mark.slow
@pytest.mark.parametrize("runs", ["bombed", "crawl_bombed"])
def test_bombs_keep_memory_and_time_bounded(runs: str, request: pytest.FixtureRequest) -> None:
    child: ChildRun = request.getfixturevalue(runs)[0]
    assert child.max_rss_mib <= RSS_LIMIT_MIB, child.max_rss_mib
    assert child.run.seconds < 30, child.run.seconds
    assert child.run.json["complete"] is True
    messages = [c["message"] for t in child.run.targets() for c in t["checks"]]
    assert not [m for m in messages if "internal error" in m]
