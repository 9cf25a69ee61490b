"""Tests for checker.crawl.extract and checker.crawl.css."""

import pytest

from checker.crawl.css import extract_css_urls
from checker.crawl.extract import (
    Link,
    extract_css_links,
    extract_links,
    has_anchor,
    parse_meta_refresh,
    parse_srcset,
)

URL = "https://ex.com/dir/page.html"


def links(html: str | bytes, url: str = URL) -> list[tuple[str, str | None, str, str]]:
    return [(lk.url, lk.fragment, lk.kind, lk.element) for lk in extract_links(html, url).links]


def urls(html: str | bytes, url: str = URL) -> list[str]:
    return [lk.url for lk in extract_links(html, url).links]


def test_anchor_href_is_a_page_link_resolved_against_page_url() -> None:
    assert links('<a href="next.html">n</a>') == [
        ("https://ex.com/dir/next.html", None, "page", "a")
    ]


def test_area_href_is_a_page_link() -> None:
    assert links('<map><area href="/m"></map>') == [("https://ex.com/m", None, "page", "area")]


def test_protocol_relative_url_takes_page_scheme() -> None:
    assert urls('<script src="//cdn.x/lib.js"></script>') == ["https://cdn.x/lib.js"]


def test_base_href_is_used_for_resolving() -> None:
    page = extract_links('<base href="https://other.com/b/"><a href="x">x</a>', URL)
    assert page.base == "https://other.com/b/"
    assert [lk.url for lk in page.links] == ["https://other.com/b/x"]


def test_base_href_after_links_still_applies() -> None:
    assert urls('<a href="x">x</a><base href="/b/">') == ["https://ex.com/b/x"]


def test_fragment_is_split_off_the_url() -> None:
    assert links('<a href="/p#sec">x</a><a href="#">top</a>') == [
        ("https://ex.com/p", "sec", "page", "a"),
        (URL, "", "page", "a"),
    ]


@pytest.mark.parametrize(
    "href",
    ["mailto:a@b.c", "tel:+33123", "javascript:void(0)", "data:text/html,hi", "", "  "],
)
def test_non_http_and_blank_hrefs_are_skipped(href: str) -> None:
    assert urls(f'<a href="{href}">x</a><img src="{href}">') == []


def test_nofollow_links_are_still_extracted() -> None:
    assert urls('<a rel="nofollow" href="/n">x</a>') == ["https://ex.com/n"]


def test_duplicates_are_dropped_keeping_first_position() -> None:
    html = '<a href="/a">1</a><a href="/b">2</a><a href="/a">3</a><img src="/a">'
    assert links(html) == [
        ("https://ex.com/a", None, "page", "a"),
        ("https://ex.com/b", None, "page", "a"),
        ("https://ex.com/a", None, "asset", "img"),
    ]


def test_same_url_with_different_fragments_is_kept() -> None:
    assert [
        lk.fragment for lk in extract_links('<a href="#a"></a><a href="#b"></a>', URL).links
    ] == [
        "a",
        "b",
    ]


@pytest.mark.parametrize(
    ("rel", "element"),
    [
        ("stylesheet", "link[stylesheet]"),
        ("shortcut icon", "link[icon]"),
        ("apple-touch-icon", "link[apple-touch-icon]"),
        ("preload", "link[preload]"),
        ("modulepreload", "link[modulepreload]"),
        ("manifest", "link[manifest]"),
    ],
)
def test_link_rels_that_load_assets(rel: str, element: str) -> None:
    assert links(f'<link rel="{rel}" href="/r">') == [("https://ex.com/r", None, "asset", element)]


def test_link_rels_that_load_nothing_are_ignored() -> None:
    assert (
        urls('<link rel="preconnect" href="https://f.com"><link rel="dns-prefetch" href="//x">')
        == []
    )


def test_canonical_is_reported_and_listed_as_page_link() -> None:
    page = extract_links('<link rel="canonical" href="/Canon">', URL)
    assert page.canonical == "https://ex.com/Canon"
    assert [(lk.kind, lk.element) for lk in page.links] == [("page", "link[canonical]")]


def test_img_src_and_srcset_are_assets() -> None:
    assert links('<img src="a.png" srcset="b.png 2x">') == [
        ("https://ex.com/dir/a.png", None, "asset", "img"),
        ("https://ex.com/dir/b.png", None, "asset", "img"),
    ]


def test_picture_video_audio_sources() -> None:
    html = (
        '<picture><source srcset="p.webp 1x, p2.webp 2x"><img src="p.jpg"></picture>'
        '<video src="v.mp4" poster="v.jpg"><source src="v.webm"><track src="v.vtt"></video>'
        '<audio src="a.mp3"></audio>'
    )
    assert [(lk.url.rsplit("/", 1)[1], lk.element) for lk in extract_links(html, URL).links] == [
        ("p.webp", "source"),
        ("p2.webp", "source"),
        ("p.jpg", "img"),
        ("v.mp4", "video"),
        ("v.jpg", "video[poster]"),
        ("v.webm", "source"),
        ("v.vtt", "track"),
        ("a.mp3", "audio"),
    ]


def test_iframe_src_is_an_asset() -> None:
    assert links('<iframe src="https://yt.com/e/1"></iframe>') == [
        ("https://yt.com/e/1", None, "asset", "iframe")
    ]


@pytest.mark.parametrize(
    "content",
    [
        "0; url=/next",
        "0;URL='/next'",
        '5, url="/next"',
        "0; /next",
        "0 url = /next",
        "  3.5;url=/next",
    ],
)
def test_parse_meta_refresh_variants(content: str) -> None:
    assert parse_meta_refresh(content) == "/next"


def test_meta_refresh_is_a_page_link() -> None:
    html = '<meta http-equiv="Refresh" content="0; url=/next">'
    assert links(html) == [("https://ex.com/next", None, "page", "meta[refresh]")]


@pytest.mark.parametrize("content", ["5", "0;", "x; url=/next", "-1; url=/next"])
def test_meta_refresh_without_valid_url_is_ignored(content: str) -> None:
    assert parse_meta_refresh(content) is None


@pytest.mark.parametrize(
    ("attr", "name"),
    [
        ("property", "og:image"),
        ("property", "og:image:secure_url"),
        ("name", "twitter:image"),
    ],
)
def test_social_image_meta_tags_are_assets(attr: str, name: str) -> None:
    html = f'<meta {attr}="{name}" content="https://cdn.x/og.png">'
    assert links(html) == [("https://cdn.x/og.png", None, "asset", f"meta[{name}]")]


def test_style_block_and_style_attribute_urls() -> None:
    html = (
        '<style>@import "imp.css"; .h{background:url(bg.png)}</style>'
        "<div style=\"background-image:url('div.png')\"></div>"
    )
    assert links(html) == [
        ("https://ex.com/dir/imp.css", None, "asset", "css"),
        ("https://ex.com/dir/bg.png", None, "asset", "css"),
        ("https://ex.com/dir/div.png", None, "asset", "css"),
    ]


def test_anchors_are_ids_and_a_names() -> None:
    html = '<h2 id="one">1</h2><a name="two"></a><div name="not-anchor"></div><p id="">x</p>'
    assert extract_links(html, URL).anchors == frozenset({"one", "two"})


def test_title_is_whitespace_collapsed() -> None:
    assert extract_links("<title>  Summer\n  Sale </title>", URL).title == "Summer Sale"


def test_missing_title_is_none() -> None:
    assert extract_links("<p>x</p>", URL).title is None


def test_invalid_utf8_is_decoded_with_replacement() -> None:
    page = extract_links(b'<title>caf\xff</title><a href="/x\xff">x</a>', URL)
    assert page.title == "caf\ufffd"
    assert [lk.url for lk in page.links] == ["https://ex.com/x%EF%BF%BD"]


def test_http_charset_is_used_for_bytes() -> None:
    page = extract_links("<title>café</title>".encode("cp1252"), URL, encoding="cp1252")
    assert page.title == "café"


def test_meta_charset_is_honoured_for_bytes() -> None:
    html = '<meta charset="windows-1252"><title>café</title>'.encode("cp1252")
    assert extract_links(html, URL).title == "café"


@pytest.mark.parametrize(
    "garbage",
    [b"", b"\x00\x00\xff\xfe", "<a href='http://[broken'>", "<<<<>>>>&&&#;", "\ud800<a href=/x>"],
)
def test_garbage_never_raises(garbage: str | bytes) -> None:
    extract_links(garbage, URL)


def test_page_with_100000_links_is_fully_extracted() -> None:
    html = "".join(f'<a href="/p/{i}">{i}</a>' for i in range(100_000))
    assert len(extract_links(html, URL).links) == 100_000


def test_link_is_a_frozen_slotted_dataclass() -> None:
    lk = Link("https://ex.com/", None, "page", "a")
    assert not hasattr(lk, "__dict__")
    with pytest.raises(AttributeError):
        lk.url = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("srcset", "expected"),
    [
        ("a.jpg", ["a.jpg"]),
        ("a.jpg 1x, b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("a,b.jpg 1x,c.jpg 2x", ["a,b.jpg", "c.jpg"]),
        ("a.jpg,b.jpg", ["a.jpg,b.jpg"]),
        ("a.jpg, b.jpg", ["a.jpg", "b.jpg"]),
        ("img.php?w=1,2 100w, b.jpg 200w", ["img.php?w=1,2", "b.jpg"]),
        ("a.jpg 1x (x, y), b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("  ,, a.jpg  640w  ,  ", ["a.jpg"]),
        ("", []),
    ],
)
def test_parse_srcset_follows_html_spec(srcset: str, expected: list[str]) -> None:
    assert parse_srcset(srcset) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [("one", True), ("caf%C3%A9", True), ("", True), ("TOP", True), ("missing", False)],
)
def test_has_anchor_matches_like_a_browser(fragment: str, expected: bool) -> None:
    assert has_anchor(fragment, frozenset({"one", "café"})) is expected


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("a{background:url(x.png)}", ["x.png"]),
        ("a{background:url( 'x.png' )}", ["x.png"]),
        ('a{background:URL("x y.png")}', ["x y.png"]),
        (r"a{background:url(a\)b.png)}", ["a)b.png"]),
        (r"a{background:url(\66 oo.png)}", ["foo.png"]),
        ('@import "a.css";', ["a.css"]),
        ("@import url(b.css) screen;", ["b.css"]),
        ("@import 'c.css' layer(x);", ["c.css"]),
        ("/* url(no.png) */ a{content:'url(no.png)'}", []),
        ("a{background:url(data:image/png;base64,AAA)}", []),
        ("a{filter:url(#blur)}", []),
        ("a{background:url()}", []),
        (
            'a{background:image-set("a.avif" type("image/avif") 1x, url(b.jpg) 2x)}',
            ["a.avif", "b.jpg"],
        ),
        ("@font-face{src:url(f.woff2) format('woff2')}", ["f.woff2"]),
        ("a{color:red}", []),
    ],
)
def test_extract_css_urls(css: str, expected: list[str]) -> None:
    assert extract_css_urls(css) == expected


def test_extract_css_links_resolves_against_stylesheet_url() -> None:
    assert extract_css_links("a{background:url(../img/x.png)}", "https://cdn.x/css/s.css") == (
        Link("https://cdn.x/img/x.png", None, "asset", "css"),
    )
