"""Decompression bombs (gzip, deflate, br, zstd: a few MB on the wire, 4 GiB decoded) and an
endless body, on every path of their host (landing page, robots.txt, the catch-all probe,
the http:// form): each is read up to the 2 MiB cap after decoding and said to be cut,
and the whole run stays within 200 MiB of memory."""

from __future__ import annotations

import pytest

from checker.demo.world import World
from tests.checks.helpers import assert_check, campaign, write_manifest
from tests.hostile.conftest import PATIENT, Hostile
from tests.hostile.process import ChildRun, run_check_process
from tests.hostile.servers import BOMB_CODINGS, SilentDns, bomb, endless

CUT = "page larger than 2 MiB: only its start was checked"
RSS_LIMIT_MIB = 200


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


@pytest.mark.slow
def test_every_bomb_is_read_up_to_the_cap_and_said_to_be_cut(
    bombed: tuple[ChildRun, list[str]],
) -> None:
    child, urls = bombed
    for url in urls:
        assert_check(child.run, url, "http.status", "warn", CUT)


@pytest.mark.slow
def test_bombs_keep_memory_and_time_bounded(bombed: tuple[ChildRun, list[str]]) -> None:
    child, _ = bombed
    assert child.max_rss_mib <= RSS_LIMIT_MIB, child.max_rss_mib
    assert child.run.seconds < 20, child.run.seconds
    assert child.run.json["complete"] is True
    messages = [c["message"] for t in child.run.targets() for c in t["checks"]]
    assert not [m for m in messages if "internal error" in m]
