"""`content.share` end to end: landing pages of the offline world whose og:image is right,
404, HTML, huge (declared, or only found by reading), tiny, or bytes that are no image."""

from __future__ import annotations

import io
from collections.abc import AsyncGenerator

import pytest
from PIL import Image

from checker.demo.routes import Response, html_page, page
from checker.demo.world import World
from tests.checks.helpers import FAST, CliRun, assert_check, campaign, run_check, write_manifest

HOST = "share.sharecli.test"
NINE_MB = 9_000_000


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _huge(*, declare: bool) -> Response:
    async def body() -> AsyncGenerator[bytes, None]:
        block = b"\xff" * 65536
        for _ in range(NINE_MB // len(block) + 1):
            yield block

    length = (NINE_MB // 65536 + 1) * 65536 if declare else None
    return Response(200, (("Content-Type", "image/jpeg"),), stream=body, stream_length=length)


def _landing(image: str | None, title: str | None = "Summer Sale") -> str:
    head = f'<meta property="og:title" content="{title}">' if title else ""
    if image:
        head += f'<meta property="og:image" content="https://{HOST}{image}">'
    return html_page("Summer", "<h1>Summer</h1>", head)


PAGES = {
    "/right": "/img/right.png",
    "/missing": "/img/missing.png",
    "/html": "/img/page.png",
    "/declared-huge": "/img/declared.jpg",
    "/streamed-huge": "/img/streamed.jpg",
    "/tiny": "/img/tiny.png",
    "/garbage": "/img/garbage.png",
}


@pytest.fixture(scope="module")
def run(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    declared, streamed = _huge(declare=True), _huge(declare=False)
    routes = {path: page(_landing(image)) for path, image in PAGES.items()}
    routes |= {
        "/img/right.png": page(_png(1200, 630), content_type="image/png"),
        "/img/page.png": page(html_page("Oops", "<p>not found</p>")),
        "/img/declared.jpg": lambda _req: declared,
        "/img/streamed.jpg": lambda _req: streamed,
        "/img/tiny.png": page(_png(120, 120), content_type="image/png"),
        "/img/garbage.png": page(b"just bytes, no image header " * 10, content_type="image/png"),
        "/no-tags": page(html_page("Summer", "<h1>Summer</h1>")),
        "/title-only": page(_landing(None)),
        "/expected": page(_landing(None, title=None)),
    }
    world.add_host(HOST, routes)
    urls: list[str | dict[str, object]] = [f"https://{HOST}{path}" for path in PAGES]
    urls += [f"https://{HOST}/no-tags", f"https://{HOST}/title-only"]
    urls += [{"url": f"https://{HOST}/expected", "expect": {"share": True}}]
    urls += [{"url": f"https://{HOST}/title-only?x=1", "expect": {"share": True}}]
    folder = tmp_path_factory.mktemp("share")
    write_manifest(folder, campaign("share", urls))
    return run_check([folder], *FAST, *world.cli_args())


def test_a_right_share_image_passes(run: CliRun) -> None:
    result = assert_check(run, f"https://{HOST}/right", "content.share", "pass", "1200×630")
    (image,) = result["detail"]["images"]
    assert image["format"] == "PNG"
    assert result["detail"]["title"] == "Summer Sale"


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/missing", "answers 404"),
        ("/html", "text/html; charset=utf-8, not an image"),
        ("/declared-huge", "over the 8 MB limit"),
        ("/streamed-huge", "over the 8 MB limit"),
        ("/garbage", "is not an image"),
    ],
)
def test_a_broken_share_image_fails(run: CliRun, path: str, fragment: str) -> None:
    assert_check(run, f"https://{HOST}{path}", "content.share", "fail", fragment)


def test_a_declared_huge_image_is_not_downloaded(world: World, run: CliRun) -> None:
    requests = [r for r in world.requests.since(0, HOST) if r.path == "/img/declared.jpg"]
    assert [r.method for r in requests] == ["HEAD"]


def test_each_image_is_fetched_once_head_then_get(world: World, run: CliRun) -> None:
    requests = [r for r in world.requests.since(0, HOST) if r.path == "/img/right.png"]
    assert [r.method for r in requests] == ["HEAD", "GET"]


def test_a_tiny_share_image_warns(run: CliRun) -> None:
    assert_check(run, f"https://{HOST}/tiny", "content.share", "warn", "120×120 px")


def test_no_share_tags_is_not_applicable(run: CliRun) -> None:
    result = assert_check(run, f"https://{HOST}/no-tags", "content.share", "skip")
    assert result["detail"]["reason"] == "not_applicable"


def test_expect_share_fails_without_title_or_image(run: CliRun) -> None:
    assert_check(run, f"https://{HOST}/title-only", "content.share", "pass", "no og:image")
    assert_check(run, f"https://{HOST}/title-only?x=1", "content.share", "fail", "no og:image")
    assert_check(
        run, f"https://{HOST}/expected", "content.share", "fail", "no og:title and no og:image"
    )
