"""A URL string is parsed by httpx once and the parse shared; bad URLs raise as httpx does."""

from __future__ import annotations

import httpx
import pytest

from checker.net.parsed import parsed_url


def test_the_same_string_gives_the_same_parse() -> None:
    first = parsed_url("https://Shop.Example:443/summer?utm_source=x")
    assert first is parsed_url("https://Shop.Example:443/summer?utm_source=x")
    assert (first.host, first.port, first.path) == ("shop.example", None, "/summer")


def test_an_invalid_url_raises_like_httpx() -> None:
    with pytest.raises(httpx.InvalidURL):
        parsed_url("https://a.test:x/")
