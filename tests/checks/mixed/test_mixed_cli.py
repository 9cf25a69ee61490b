"""`content.mixed` and `crawl.mixed` end to end: https pages of the offline world loading each
kind of content over http:// (from a CDN host that answers over plain HTTP, so nothing is
broken, only insecure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.demo.routes import html_page, page
from checker.demo.world import World
from tests.checks.helpers import FAST, CliRun, assert_check, campaign, run_check, write_manifest

HOST, CDN, SITE = "pages.mixedcli.test", "cdn.mixedcli.test", "site.mixedcli.test"
C = f"http://{CDN}"
BODIES = {
    "/script": f'<script src="{C}/app.js"></script>',
    "/stylesheet": f'<link rel="stylesheet" href="{C}/site.css">',
    "/iframe": f'<iframe src="{C}/player"></iframe>',
    "/font": f"<style>@font-face {{ font-family: B; src: url({C}/brand.woff2) }}</style>",
    "/form": f'<form action="{C}/subscribe" method="post"><button>Go</button></form>',
    "/preload": f'<link rel="preload" as="script" href="{C}/app.js">',
    "/image": f'<img src="{C}/hero.jpg" alt="">',
    "/audio": f'<audio src="{C}/jingle.mp3"></audio>',
    "/video": f'<video src="{C}/ad.mp4"></video>',
    "/clean": '<img src="/hero.jpg" alt=""><a href="http://elsewhere.mixedcli.test/">a link</a>',
}
BLOCKED = ("/script", "/stylesheet", "/iframe", "/font", "/form", "/preload")
PASSIVE = ("/image", "/audio", "/video")


def _html(body: str) -> str:
    return html_page("Summer", f"<h1>Summer</h1>{body}")


@pytest.fixture(scope="module")
def run(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    files = {p: page(b"x", content_type="application/octet-stream") for p in (
        "/app.js", "/site.css", "/player", "/brand.woff2", "/subscribe", "/hero.jpg",
        "/jingle.mp3", "/ad.mp4", "/tracker.js", "/texture.png", "/face.woff",
    )}  # fmt: skip
    world.add_host(CDN, files)
    routes = {path: page(_html(body)) for path, body in BODIES.items()}
    routes["/hero.jpg"] = page(b"x", content_type="image/jpeg")
    world.add_host(HOST, routes)
    css = f"@font-face {{ src: url({C}/face.woff) }} body {{ background: url({C}/texture.png) }}"
    world.add_host(
        SITE,
        {
            "/": page(
                _html('<a href="/a">a</a> <a href="/b">b</a> <link rel="stylesheet" href="/s.css">')
            ),
            "/a": page(_html(f'<script src="{C}/tracker.js"></script>')),
            "/b": page(_html(f'<img src="{C}/hero.jpg"><a href="/a">a</a>')),
            "/s.css": page(css, content_type="text/css"),
        },
    )
    urls = [f"https://{HOST}{path}" for path in BODIES] + [f"http://{HOST}/clean"]
    manifest = campaign("mixed", urls, microsites=[f"https://{SITE}/"])
    folder = tmp_path_factory.mktemp("mixed")
    write_manifest(folder, manifest)
    return run_check([folder], *FAST, *world.cli_args())


@pytest.mark.parametrize("path", BLOCKED)
def test_blocked_content_over_http_fails(run: CliRun, path: str) -> None:
    result = assert_check(run, f"https://{HOST}{path}", "content.mixed", "fail", "browsers block")
    (item,) = result["detail"]["mixed"]
    assert item["url"].startswith(C)


@pytest.mark.parametrize("path", PASSIVE)
def test_images_audio_and_video_over_http_warn(run: CliRun, path: str) -> None:
    result = assert_check(run, f"https://{HOST}{path}", "content.mixed", "warn", "not secure")
    assert result["detail"]["mixed"][0]["kind"] == path.strip("/")


def test_a_page_loading_everything_over_https_passes(run: CliRun) -> None:
    assert_check(run, f"https://{HOST}/clean", "content.mixed", "pass")


def test_a_plain_http_page_is_not_applicable(run: CliRun) -> None:
    result = assert_check(run, f"http://{HOST}/clean", "content.mixed", "skip")
    assert result["detail"]["reason"] == "not_applicable"


def test_crawl_mixed_lists_offenders_with_the_pages_that_load_them(run: CliRun) -> None:
    result = assert_check(run, f"https://{SITE}/", "crawl.mixed", "fail", "tracker.js")
    broken = {item["url"]: item for item in result["detail"]["broken"]}
    assert broken[f"{C}/tracker.js"]["found_on"] == [f"https://{SITE}/a"]
    assert broken[f"{C}/tracker.js"]["kind"] == "script"
    assert broken[f"{C}/hero.jpg"]["severity"] == "warn"
    assert broken[f"{C}/face.woff"]["kind"] == "font"
    assert broken[f"{C}/face.woff"]["found_on"] == [f"https://{SITE}/s.css"]
    assert broken[f"{C}/texture.png"]["severity"] == "warn"
    assert result["detail"]["checked"] == 3


def test_offenders_are_not_targets_of_their_own(run: CliRun) -> None:
    urls = {t["url"] for t in run.targets()}
    assert not {u for u in urls if u.startswith(C)}


def test_the_start_page_is_judged_by_content_mixed_too(run: CliRun) -> None:
    assert_check(run, f"https://{SITE}/", "content.mixed", "pass")


def test_exclude_leaves_an_offender_out(world: World, run: CliRun, tmp_path: Path) -> None:
    site = {"url": f"https://{SITE}/", "exclude": ["tracker", "face"]}
    manifest = write_manifest(tmp_path, campaign("mixed-exclude", [], microsites=[site]))
    again = run_check([manifest], *FAST, *world.cli_args())
    result = assert_check(again, f"https://{SITE}/", "crawl.mixed", "warn")
    assert f"{C}/tracker.js" not in {i["url"] for i in result["detail"]["broken"]}
