"""`content.share` judged from plain values, and reading the share tags of a page."""

from __future__ import annotations

import struct
import zlib

from checker.checks.share.images import ShareImage, ShareTags, _identify, share_tags
from checker.checks.share.judge import judge_content_share
from checker.crawl.extract import extract_links
from checker.report.model import Status

IMG = "https://cdn.example/card.png"
RIGHT = ShareImage(IMG, 200, None, "image/png", 40_000, False, "PNG", 1200, 630)
TAGS = ShareTags("Summer Sale", (("og:image", IMG),))


def _judge(image: ShareImage, tags: ShareTags = TAGS, *, expect: bool = False) -> Status:
    return judge_content_share(tags, [image] if tags.images else [], expect_share=expect).status


def test_a_right_card_passes_naming_title_and_size() -> None:
    result = judge_content_share(TAGS, [RIGHT], expect_share=True)
    assert result.status is Status.PASS
    assert '"Summer Sale"' in result.message
    assert "1200×630" in result.message
    assert result.detail["images"][0]["format"] == "PNG"


def test_broken_images_fail() -> None:
    assert _judge(ShareImage(IMG, 404, None, "text/html", 10)) is Status.FAIL
    assert _judge(ShareImage(IMG, error="no complete answer within the timeout")) is Status.FAIL
    assert _judge(ShareImage(IMG, 200, None, "text/html", 300)) is Status.FAIL
    assert _judge(ShareImage(IMG, 200, None, "image/png", 300)) is Status.FAIL  # bytes unknown
    big = ShareImage(IMG, 200, None, "image/jpeg", 9_000_000, True)
    result = judge_content_share(TAGS, [big], expect_share=False)
    assert result.status is Status.FAIL
    assert "9.0 MB, over the 8 MB limit" in result.message


def test_a_small_image_warns() -> None:
    tiny = ShareImage(IMG, 200, None, "image/png", 900, False, "PNG", 120, 400)
    result = judge_content_share(TAGS, [tiny], expect_share=False)
    assert result.status is Status.WARN
    assert "120×400 px, under 200×200" in result.message


def test_expect_share_requires_title_and_image() -> None:
    no_image = ShareTags("Summer Sale", ())
    result = judge_content_share(no_image, [], expect_share=True)
    assert result.status is Status.FAIL
    assert "no og:image" in result.message
    nothing = judge_content_share(ShareTags(None, ()), [], expect_share=True)
    assert nothing.status is Status.FAIL
    assert "no og:title and no og:image" in nothing.message
    twitter_only = ShareTags("T", (("twitter:image", IMG),))
    assert _judge(RIGHT, twitter_only, expect=True) is Status.FAIL
    assert _judge(RIGHT, twitter_only) is Status.PASS


def test_no_share_tags_is_not_applicable_unless_expected() -> None:
    result = judge_content_share(ShareTags(None, ()), [], expect_share=False)
    assert result.status is Status.SKIP
    assert result.detail["reason"] == "not_applicable"
    title_only = judge_content_share(ShareTags("T", ()), [], expect_share=False)
    assert title_only.status is Status.PASS
    assert "no og:image" in title_only.message


def test_share_tags_resolve_prefer_og_image_and_fetch_a_url_once() -> None:
    html = """<html><head>
    <meta property="og:title" content=" Summer Sale ">
    <meta property="og:image:secure_url" content="https://cdn.example/secure.png">
    <meta property="og:image" content="/img/card.png">
    <meta name="twitter:image" content="https://shop.example/img/card.png">
    </head></html>"""
    tags = share_tags(extract_links(html, "https://shop.example/summer"))
    assert tags.title == "Summer Sale"
    assert tags.images == (("og:image", "https://shop.example/img/card.png"),)
    other = html.replace('content="https://shop.example/img/card.png"', 'content="/tw.png"')
    assert share_tags(extract_links(other, "https://shop.example/")).images == (
        ("og:image", "https://shop.example/img/card.png"),
        ("twitter:image", "https://shop.example/tw.png"),
    )


def test_an_image_declaring_billions_of_pixels_is_refused_without_decoding() -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    found, width, height, why = _identify(bomb)
    assert (found, width, height) == (None, None, None)
    assert why is not None
    refused = ShareImage(IMG, 200, None, "image/png", len(bomb), unreadable=why)
    assert _judge(refused) is Status.FAIL
