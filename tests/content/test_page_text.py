"""What parse_page keeps of a page's text: whitespace collapsed, bounded, ends stripped."""

from __future__ import annotations

import httpx

from checker.content.page import TEXT_LIMIT, parse_page

HTML = httpx.Headers({"content-type": "text/html; charset=utf-8"})


def test_every_kind_of_whitespace_collapses_to_one_space() -> None:
    body = (
        "<html><head><title>\n  Summer\u00a0\u00a0Sale \t</title></head><body>"
        "<h1> 20%\u3000off </h1>\n<p>every\r\n\tday</p><script>var x = 1;</script></body></html>"
    )
    page = parse_page("https://a.test/", HTML, body.encode())
    assert page.title == "Summer Sale"
    assert page.h1 == "20% off"
    assert page.text == "20% off every day"


def test_text_is_cut_at_the_limit_counting_leading_whitespace() -> None:
    body = "<html><body>\n  " + "word " * (TEXT_LIMIT // 5 + 10) + "</body></html>"
    page = parse_page("https://a.test/", HTML, body.encode())
    assert page.text.startswith("word word")
    assert len(page.text) == TEXT_LIMIT - 1  # the leading space took a place, then went
    assert not page.text.endswith(" ")


def test_plain_text_is_collapsed_too() -> None:
    plain = httpx.Headers({"content-type": "text/plain"})
    page = parse_page("https://a.test/robots.txt", plain, b"User-agent: *\n\nAllow:\t/\n")
    assert (page.is_html, page.text) == (False, "User-agent: * Allow: /")
