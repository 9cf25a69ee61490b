"""Mixed content found from the extractor's output: what counts, what is blocked."""

from __future__ import annotations

from checker.checks.mixed.judge import judge_content_mixed, judge_crawl_mixed
from checker.crawl.extract import extract_css_links, extract_links
from checker.crawl.mixed import mixed_loads
from checker.report.model import Status

PAGE = """<!doctype html><html><head>
<script src="http://cdn.example/app.js"></script>
<link rel="stylesheet" href="http://cdn.example/site.css">
<link rel="preload" as="font" href="http://cdn.example/brand.woff2">
<link rel="modulepreload" href="http://cdn.example/mod.js">
<link rel="icon" href="http://cdn.example/favicon.ico">
<link rel="canonical" href="http://shop.example/summer">
<meta property="og:image" content="http://cdn.example/og.jpg">
<style>@font-face { src: url(http://cdn.example/face.ttf?v=2) }
body { background: url(http://cdn.example/bg.png) }</style>
</head><body>
<iframe src="http://video.example/embed/1"></iframe>
<img src="http://cdn.example/hero.jpg"><video src="http://cdn.example/ad.mp4" poster="http://cdn.example/poster.jpg"></video>
<audio src="http://cdn.example/jingle.mp3"></audio>
<form action="http://shop.example/subscribe"></form><form action="/search"></form>
<a href="http://shop.example/old">a plain link</a>
<script src="https://cdn.example/ok.js"></script><script src="//cdn.example/relative.js"></script>
<img src="http://localhost:8080/dev.png"><img src="http://127.0.0.1/dev.png">
</body></html>"""


def _kinds() -> dict[str, str]:
    links = extract_links(PAGE, "https://shop.example/summer")
    return {m.url: m.kind for m in mixed_loads(links.links, links.form_actions)}


def test_every_active_kind_is_found_and_blocked() -> None:
    kinds = _kinds()
    expected = {
        "http://cdn.example/app.js": "script",
        "http://cdn.example/site.css": "stylesheet",
        "http://cdn.example/brand.woff2": "preload",
        "http://cdn.example/mod.js": "preload",
        "http://cdn.example/face.ttf?v=2": "font",
        "http://video.example/embed/1": "iframe",
        "http://shop.example/subscribe": "form",
    }
    assert {url: kinds.get(url) for url in expected} == expected


def test_images_audio_and_video_are_passive() -> None:
    kinds = _kinds()
    passive = {
        "http://cdn.example/hero.jpg": "image",
        "http://cdn.example/poster.jpg": "image",
        "http://cdn.example/favicon.ico": "image",
        "http://cdn.example/bg.png": "image",
        "http://cdn.example/ad.mp4": "video",
        "http://cdn.example/jingle.mp3": "audio",
    }
    assert {url: kinds.get(url) for url in passive} == passive


def test_links_og_image_canonical_https_and_loopback_are_not_mixed() -> None:
    kinds = _kinds()
    for url in (
        "http://shop.example/old",
        "http://shop.example/summer",
        "http://cdn.example/og.jpg",
        "https://cdn.example/ok.js",
        "https://cdn.example/relative.js",
        "https://shop.example/search",
        "http://localhost:8080/dev.png",
        "http://127.0.0.1/dev.png",
    ):
        assert url not in kinds


def test_fonts_in_a_stylesheet_are_blocked_images_are_not() -> None:
    css = (
        "@font-face{src:url(http://cdn.example/f.woff)} a{background:url(http://cdn.example/i.gif)}"
    )
    loads = mixed_loads(extract_css_links(css, "https://shop.example/site.css"))
    assert {(m.url, m.blocked) for m in loads} == {
        ("http://cdn.example/f.woff", True),
        ("http://cdn.example/i.gif", False),
    }


def test_content_mixed_fails_on_blocked_warns_on_passive_passes_on_none() -> None:
    links = extract_links(PAGE, "https://shop.example/summer")
    loads = mixed_loads(links.links, links.form_actions)
    failing = judge_content_mixed("https://shop.example/summer", loads, cut=False)
    assert failing.status is Status.FAIL
    assert "script http://cdn.example/app.js" in failing.message
    passive = [m for m in loads if not m.blocked]
    warning = judge_content_mixed("https://shop.example/summer", passive, cut=False)
    assert warning.status is Status.WARN
    assert {i["severity"] for i in warning.detail["mixed"]} == {"warn"}
    clean = judge_content_mixed("https://shop.example/summer", [], cut=True)
    assert clean.status is Status.PASS
    assert clean.detail["truncated"] is True
    assert "only the start" in clean.message


def test_a_plain_http_page_is_not_applicable() -> None:
    result = judge_content_mixed("http://shop.example/", [], cut=False)
    assert result.status is Status.SKIP
    assert result.detail["reason"] == "not_applicable"
    assert judge_crawl_mixed("http://shop.example/", {}, 3).detail["reason"] == "not_applicable"


def test_crawl_mixed_lists_offenders_with_found_on() -> None:
    mixed = {
        ("http://cdn.example/app.js", "script"): {
            "https://s.example/b": "script",
            "https://s.example/a": "script",
        },
        ("http://cdn.example/i.jpg", "image"): {"https://s.example/a": "img"},
    }
    result = judge_crawl_mixed("https://s.example/", mixed, 5)
    assert result.status is Status.FAIL
    assert result.detail["checked"] == 5
    script, image = result.detail["broken"]
    assert script["found_on"] == ["https://s.example/a", "https://s.example/b"]
    assert "severity" not in script
    assert image["severity"] == "warn"
    only_images = judge_crawl_mixed(
        "https://s.example/", {k: v for k, v in mixed.items() if k[1] == "image"}, 5
    )
    assert only_images.status is Status.WARN
