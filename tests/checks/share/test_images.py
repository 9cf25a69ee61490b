"""A share image whose GET the crawl already made (read to its smaller limit, as it does when
it cannot trust a HEAD) is fetched again to the share limit, not judged from the cut copy."""

from __future__ import annotations

import io

from PIL import Image
from pytest_httpx import HTTPXMock

from checker.checks.facts import Network
from checker.checks.share.images import ShareImage, ShareImages
from checker.net.client import BODY_KEPT, BODY_LIMIT
from checker.net.redirects import follow
from tests.services import run_with_services

URL = "https://shop.example/img/card.png"


def _big_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 630)).save(out, "PNG")
    return out.getvalue() + b"\0" * (3_000_000 - len(out.getvalue()))  # 3 MB: over BODY_LIMIT


def test_a_share_image_cut_by_the_crawl_is_fetched_again_whole(httpx_mock: HTTPXMock) -> None:
    body = _big_png()
    assert len(body) > BODY_LIMIT
    httpx_mock.add_response(url=URL, method="HEAD", status_code=405)
    for _ in range(2):
        httpx_mock.add_response(
            url=URL, method="GET", content=body, headers={"content-type": "image/png"}
        )

    async def scenario(network: Network) -> tuple[ShareImage, int]:
        head = await follow(network.fetcher, URL, method="HEAD", max_redirects=5)
        assert head.final.status == 405  # so the crawl confirms with a GET, to its own limit
        crawl = await follow(network.fetcher, URL, max_redirects=5, keep_body=False)
        assert crawl.final.truncated  # the crawl's copy stops at BODY_LIMIT
        image = await ShareImages(network.fetcher).image(URL, timeout=5, max_redirects=5)
        cached = await network.fetcher.fetch(URL, keep_body=False)
        return image, len(cached.body)

    image, kept = run_with_services(scenario)
    assert (image.format, image.width, image.height) == ("PNG", 1200, 630)
    assert image.size == 3_000_000
    assert not image.too_big
    assert kept == BODY_KEPT  # judged: only a prefix stays cached for the run
    assert [r.method for r in httpx_mock.get_requests()] == ["HEAD", "GET", "GET"]
