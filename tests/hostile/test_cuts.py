"""Nothing is cut silently: a landing page over 2 MiB is a warn on `http.status`; a crawled
page (the start page included) is parsed for links up to 10 MiB, and one cut there is a
`crawl.links` warn naming it (its links past the cut are not checked)."""

from __future__ import annotations

from pathlib import Path

from checker.demo.routes import Handler, html_page, page
from tests.checks.helpers import assert_check, campaign, run_check, write_manifest
from tests.hostile.conftest import PATIENT, Hostile
from tests.world import WorldLog

MIB = 1 << 20
FILLER = "<p>" + "Summer sale, every day, in every store. " * 100 + "</p>\n"


def _long_page(size: int, *, early: str, late: str) -> bytes:
    """An HTML page of about `size` bytes: a link at its start, another at its very end."""
    body = (
        f'<a href="{early}">early</a>' + FILLER * (size // len(FILLER)) + f'<a href="{late}">x</a>'
    )
    return html_page("Long page", body).encode()


def _small(name: str) -> dict[str, Handler]:
    return {"/robots.txt": page("", 404), f"/{name}": page(html_page(name, f"<p>{name}</p>"))}


def test_a_landing_page_over_2_mib_warns_and_one_under_passes(
    hostile: Hostile, tmp_path: Path
) -> None:
    big = hostile.add(
        "cut-landing.hostile.test", {"/": page(_long_page(3 * MIB, early="/a", late="/b"))}
    )
    small_page = page(_long_page(MIB, early="/a", late="/b"))
    small = hostile.add("uncut-landing.hostile.test", {"/": small_page})
    manifest = write_manifest(tmp_path, campaign("cut-landing", [big, small]))
    run = run_check([manifest], *PATIENT, *hostile.args())
    cut = "200, but page larger than 2 MiB: only its start was checked"
    result = assert_check(run, big, "http.status", "warn", cut)
    assert result["detail"]["truncated"] is True
    assert_check(run, small, "http.status", "pass", "200")


def test_a_start_page_over_10_mib_is_a_crawl_links_warn_naming_it(
    hostile: Hostile, tmp_path: Path, world_log: WorldLog
) -> None:
    host = "cut-start.hostile.test"
    start = _long_page(11 * MIB, early="/early", late="/late")
    url = hostile.add(host, {"/": page(start), **_small("early"), **_small("late")})
    manifest = write_manifest(tmp_path, campaign("cut-start", [], microsites=[{"url": url}]))
    run = run_check([manifest], *PATIENT, *hostile.args())
    message = f"{url} is larger than 10 MiB: links past the cut were not checked"
    result = assert_check(run, url, "crawl.links", "warn", message)
    assert result["detail"]["cut"] == [{"url": url, "reason": "is larger than 10 MiB"}]
    assert_check(run, url, "http.status", "warn", "page larger than 2 MiB")
    assert world_log.count(host, "/early") == 1
    assert world_log.count(host, "/late") == 0


def test_a_crawled_page_over_10_mib_is_a_crawl_links_warn_naming_it(
    hostile: Hostile, tmp_path: Path, world_log: WorldLog
) -> None:
    host = "cut-page.hostile.test"
    start = page(html_page("Start", '<a href="/big">big</a>'))
    big = page(_long_page(11 * MIB, early="/early", late="/late"))
    routes = {"/": start, "/big": big, **_small("early"), **_small("late")}
    url = hostile.add(host, routes)
    manifest = write_manifest(tmp_path, campaign("cut-page", [], microsites=[{"url": url}]))
    run = run_check([manifest], *PATIENT, *hostile.args())
    message = f"https://{host}/big is larger than 10 MiB: links past the cut were not checked"
    assert_check(run, url, "crawl.links", "warn", message)
    assert_check(run, url, "http.status", "pass", "200")
    assert world_log.count(host, "/early") == 1
    assert world_log.count(host, "/late") == 0
