"""Tests for checker.net.urls: one normal form for manifest and crawled URLs."""

import re

import pytest

from checker.net import urls
from checker.net.urls import normalize, resolve, resolve_parts, same_site, split_fragment

BASE = "http://ex.com/a/b/c.html?q=1"


def test_normalize_lowercases_scheme_and_host() -> None:
    assert normalize("HTTP://Example.COM/Path") == "http://example.com/Path"


def test_normalize_empty_path_becomes_slash() -> None:
    assert normalize("https://example.com") == "https://example.com/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com:80/", "http://example.com/"),
        ("https://example.com:443/", "https://example.com/"),
        ("http://example.com:0080/", "http://example.com/"),
        ("http://example.com:/", "http://example.com/"),
    ],
)
def test_normalize_drops_default_ports(url: str, expected: str) -> None:
    assert normalize(url) == expected


def test_normalize_keeps_non_default_ports() -> None:
    assert normalize("https://example.com:80/") == "https://example.com:80/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.com/a/./b/../c", "http://x.com/a/c"),
        ("http://x.com/a/b/..", "http://x.com/a/"),
        ("http://x.com/a/.", "http://x.com/a/"),
        ("http://x.com/../../a", "http://x.com/a"),
        ("http://x.com/a/%2e%2E/b", "http://x.com/b"),
        ("http://x.com/a//b", "http://x.com/a//b"),
    ],
)
def test_normalize_removes_dot_segments(url: str, expected: str) -> None:
    assert normalize(url) == expected


def test_normalize_converts_idn_host_to_punycode() -> None:
    assert normalize("http://Bücher.de/") == "http://xn--bcher-kva.de/"


def test_normalize_treats_encoded_unreserved_as_literal() -> None:
    assert normalize("http://x.com/a%7Eb") == normalize("http://x.com/a~b") == "http://x.com/a~b"


def test_normalize_uppercases_percent_hex_and_keeps_reserved_escapes() -> None:
    assert normalize("http://x.com/a%2fb%3a") == "http://x.com/a%2Fb%3A"


def test_normalize_encodes_spaces_and_non_ascii() -> None:
    assert (
        normalize("http://x.com/caf\u00e9 x?q=\u00fc y")
        == "http://x.com/caf%C3%A9%20x?q=%C3%BC%20y"
    )


def test_normalize_keeps_query_order_and_content() -> None:
    assert normalize("http://x.com/?b=2&a=1&a=0") == "http://x.com/?b=2&a=1&a=0"


def test_normalize_drops_fragment() -> None:
    assert normalize("http://x.com/a#top") == "http://x.com/a"


def test_normalize_canonicalises_ipv6_host() -> None:
    assert normalize("http://[2001:DB8:0::1]:80/") == "http://[2001:db8::1]/"


def test_normalize_rejects_bad_port() -> None:
    with pytest.raises(ValueError, match="port"):
        normalize("http://x.com:99999/")


def test_split_fragment_splits_at_first_hash() -> None:
    assert split_fragment("http://x.com/a#b#c") == ("http://x.com/a", "b#c")


def test_split_fragment_distinguishes_empty_from_missing() -> None:
    assert split_fragment("http://x.com/a#") == ("http://x.com/a", "")
    assert split_fragment("http://x.com/a") == ("http://x.com/a", None)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("d", "http://ex.com/a/b/d"),
        ("../d", "http://ex.com/a/d"),
        ("./", "http://ex.com/a/b/"),
        ("/d", "http://ex.com/d"),
        ("?z", "http://ex.com/a/b/c.html?z"),
        ("g;x=1/../y", "http://ex.com/a/b/y"),
    ],
)
def test_resolve_relative_references(ref: str, expected: str) -> None:
    assert resolve(BASE, ref) == expected


def test_resolve_protocol_relative_uses_base_scheme() -> None:
    assert resolve("https://ex.com/", "//cdn.x/y") == "https://cdn.x/y"


def test_resolve_keeps_fragment() -> None:
    assert resolve(BASE, "#f") == "http://ex.com/a/b/c.html?q=1#f"


def test_resolve_parts_separates_fragment() -> None:
    assert resolve_parts(BASE, "/p#sec") == ("http://ex.com/p", "sec")


@pytest.mark.parametrize(
    "ref",
    [
        "",
        "   ",
        "mailto:a@b.c",
        "tel:+331",
        "javascript:void(0)",
        " JavaScript:alert(1)",
        "data:image/png;base64,AAAA",
        "about:blank",
        "ftp://x.com/",
    ],
)
def test_resolve_returns_none_for_non_http(ref: str) -> None:
    assert resolve(BASE, ref) is None


@pytest.mark.parametrize("ref", ["http://[broken", "http://x.com:port/", "http://", "http://a b/"])
def test_resolve_returns_none_for_garbage(ref: str) -> None:
    assert resolve(BASE, ref) is None


def test_resolve_returns_none_for_relative_ref_without_usable_base() -> None:
    assert resolve("mailto:x@y", "/x") is None


def test_resolve_strips_whitespace_and_removes_tabs_newlines() -> None:
    assert resolve(BASE, " \n/a\tb ") == "http://ex.com/ab"


def test_resolve_treats_backslash_as_slash() -> None:
    assert resolve(BASE, "\\x\\y") == "http://ex.com/x/y"


def test_resolve_absolute_url_is_normalised() -> None:
    assert resolve(BASE, "HTTPS://Other.COM:443") == "https://other.com/"


def test_same_site_ignores_case_and_default_port() -> None:
    assert same_site("http://a.com/x", "HTTP://A.com:80/y")


def test_same_site_differs_on_scheme_host_or_port() -> None:
    assert not same_site("http://a.com/", "https://a.com/")
    assert not same_site("http://a.com/", "http://b.a.com/")
    assert not same_site("http://a.com:81/", "http://a.com/")


def test_same_site_false_for_garbage() -> None:
    assert not same_site("not a url", "not a url")


@pytest.mark.parametrize(
    ("pattern", "printable_too"),
    [
        (urls._PATH_ENC, '"#<>?^`{}'),
        (urls._QUERY_ENC, "\"#<>'"),
        (urls._USER_ENC, '"#<>?^`{}/;=@[\\]|'),
    ],
)
def test_percent_encode_sets_are_controls_space_non_ascii_and_their_listed_characters(
    pattern: re.Pattern[str], printable_too: str
) -> None:
    codes = [*range(0x3000), 0xD800, 0xFFFF, 0x10000, 0x10FFFF]
    wrong = [
        c
        for c in codes
        if (pattern.fullmatch(chr(c)) is not None)
        != (c <= 0x20 or c >= 0x7F or chr(c) in printable_too)
    ]
    assert wrong == []
