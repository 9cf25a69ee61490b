"""What a fetched page says: its title, first heading, visible text, robots directives and
canonical link, read from any body (truncated, mis-encoded, not HTML) without raising."""

from __future__ import annotations

import httpx
import pytest

from checker.content.page import TEXT_LIMIT, Page, parse_page

URL = "https://www.acme.test/summer/"


def parsed(body: bytes | str, content_type: str | None = "text/html; charset=utf-8") -> Page:
    headers = httpx.Headers({"content-type": content_type} if content_type else {})
    raw = body.encode() if isinstance(body, str) else body
    return parse_page(URL, headers, raw)


def test_title_heading_and_text_are_whitespace_normalised() -> None:
    page = parsed(
        "<html><head><title>\n  Summer\n Sale </title></head>"
        "<body><h1>Up to <em>50%</em>\n off</h1><p>Shoes   and\tbags</p></body></html>"
    )
    assert (page.title, page.h1) == ("Summer Sale", "Up to 50% off")
    assert page.text == "Up to 50% off Shoes and bags"
    assert page.is_html


def test_scripts_styles_and_templates_are_not_visible_text() -> None:
    page = parsed(
        "<body><script>var a='hidden1'</script><style>.x{}</style><noscript>hidden2</noscript>"
        "<template><p>hidden3</p></template><p>shown</p></body>"
    )
    assert page.text == "shown"


def test_robots_directives_come_from_robots_and_googlebot_metas_lowercased() -> None:
    page = parsed(
        '<head><meta name="Robots" content="NOINDEX"><meta name="googlebot" content="nofollow">'
        '<meta name="description" content="noindex in a description"></head>'
    )
    assert page.robots == "noindex nofollow"


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        ('<link rel="canonical" href="/summer-sale">', "https://www.acme.test/summer-sale"),
        ('<link rel="Canonical" href="  other ">', "https://www.acme.test/summer/other"),
        ('<link rel="alternate canonical" href="https://a.test/x">', "https://a.test/x"),
        (
            '<link rel="canonical" href="https://a.test/1"><link rel="canonical" href="/2">',
            "https://a.test/1",
        ),
        ('<link rel="stylesheet" href="/s.css">', None),
    ],
)
def test_the_first_canonical_link_is_made_absolute(link: str, canonical: str | None) -> None:
    assert parsed(f"<head>{link}</head><body></body>").canonical == canonical


def test_the_charset_comes_from_the_header_then_the_meta_then_utf8() -> None:
    latin = "<title>Été</title>".encode("latin-1")
    assert parsed(latin, "text/html; charset=ISO-8859-1").title == "Été"
    meta = b'<meta charset="windows-1252"><title>\xc9t\xe9</title>'
    assert parsed(meta, "text/html").title == "Été"
    assert parsed("<title>Été</title>".encode(), "text/html").title == "Été"


def test_an_unknown_or_wrong_charset_never_raises() -> None:
    assert parsed(b"<title>caf\xc3\xa9</title>", "text/html; charset=x-nonsense").title == "café"
    assert parsed(b"<title>\xff\xfe bad</title>").title == "\ufffd\ufffd bad"


def test_a_body_that_is_not_html_is_text_only() -> None:
    page = parsed("User-agent: *\nDisallow: /\n", "text/plain")
    assert page == Page(None, None, "User-agent: * Disallow: /", "", None, False)


def test_html_is_recognised_by_its_start_whatever_the_content_type() -> None:
    assert parsed("  <!DOCTYPE html><title>T</title>", "application/octet-stream").is_html
    assert parsed("<html><title>T</title></html>", None).title == "T"


def test_visible_text_is_capped() -> None:
    page = parsed("<p>" + "word " * (TEXT_LIMIT // 2) + "</p>")
    assert len(page.text) <= TEXT_LIMIT


def test_a_truncated_page_still_parses() -> None:
    page = parsed("<html><head><title>Cut</title></head><body><h1>Summer</h1><p>Shoes an")
    assert (page.title, page.h1, page.text) == ("Cut", "Summer", "Summer Shoes an")
