"""Tests for checker.crawl.sitemap."""

import gzip

import pytest

from checker.crawl.sitemap import Sitemap, SitemapError, parse_sitemap, sitemaps_from_robots

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc> https://ex.com/a </loc><lastmod>2024-05-01</lastmod>
    <image:image><image:loc>https://ex.com/i.png</image:loc></image:image></url>
  <url><loc>https://ex.com/b?x=1&amp;y=2</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://ex.com/s1.xml</loc></sitemap>
  <sitemap><loc>https://ex.com/s2.xml.gz</loc></sitemap>
</sitemapindex>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<urlset><url><loc>&lol3;</loc></url></urlset>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>&xxe;</loc></url></urlset>"""


def test_urlset_gives_page_locs_stripped_and_unescaped() -> None:
    assert parse_sitemap(URLSET) == Sitemap(("https://ex.com/a", "https://ex.com/b?x=1&y=2"), ())


def test_sitemap_index_gives_child_sitemaps() -> None:
    assert parse_sitemap(INDEX) == Sitemap(
        (), ("https://ex.com/s1.xml", "https://ex.com/s2.xml.gz")
    )


def test_loc_reading_is_namespace_agnostic() -> None:
    data = (
        b'<s:urlset xmlns:s="urn:other"><s:url><s:loc>https://ex.com/n</s:loc></s:url></s:urlset>'
    )
    assert parse_sitemap(data).pages == ("https://ex.com/n",)


def test_no_namespace_sitemap_is_read() -> None:
    assert parse_sitemap(b"<urlset><url><loc>https://ex.com/</loc></url></urlset>").pages == (
        "https://ex.com/",
    )


def test_gzip_sitemap_is_detected_by_magic() -> None:
    assert parse_sitemap(gzip.compress(URLSET)) == parse_sitemap(URLSET)


def test_utf16_sitemap_is_decoded() -> None:
    data = URLSET.decode().replace("UTF-8", "UTF-16").encode("utf-16")
    assert parse_sitemap(data).pages == ("https://ex.com/a", "https://ex.com/b?x=1&y=2")


def test_plain_text_sitemap_lists_one_url_per_line() -> None:
    assert parse_sitemap(b"https://ex.com/a\r\n\n https://ex.com/b \n").pages == (
        "https://ex.com/a",
        "https://ex.com/b",
    )


def test_url_cap_truncates() -> None:
    assert parse_sitemap(URLSET, max_urls=1) == Sitemap(("https://ex.com/a",), (), truncated=True)


def test_url_cap_reached_exactly_is_not_truncated() -> None:
    assert not parse_sitemap(URLSET, max_urls=2).truncated


def test_decompressed_size_cap_is_enforced() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>")
    with pytest.raises(SitemapError, match="decompressed"):
        parse_sitemap(bomb, max_bytes=1_000_000)


def test_plain_size_cap_is_enforced() -> None:
    with pytest.raises(SitemapError, match="larger"):
        parse_sitemap(URLSET, max_bytes=10)


def test_entity_bomb_is_refused() -> None:
    with pytest.raises(SitemapError, match="DTD"):
        parse_sitemap(BILLION_LAUGHS)


def test_external_entity_is_refused() -> None:
    with pytest.raises(SitemapError, match="DTD"):
        parse_sitemap(XXE)


@pytest.mark.parametrize("data", [b"<urlset><url><loc>x", b"<a></b>", b"\x1f\x8bnot gzip"])
def test_malformed_sitemap_raises_sitemap_error(data: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(data)


def test_sitemaps_from_robots_reads_sitemap_lines() -> None:
    robots = (
        "User-agent: *\nDisallow: /private\n"
        "Sitemap: https://ex.com/sitemap.xml\n"
        "sitemap:/news.xml # comment\n"
        "SITEMAP : https://ex.com/sitemap.xml\n"
        "Sitemap: mailto:x@y\n"
    )
    assert sitemaps_from_robots(robots, "https://ex.com/robots.txt") == [
        "https://ex.com/sitemap.xml",
        "https://ex.com/news.xml",
    ]
