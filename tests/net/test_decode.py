"""A body is decoded step by step with a cap on the output: a bomb never inflates past it."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

from checker.net.decode import BodyDecoder

LIMIT = 64 * 1024


def _drain(decoder: BodyDecoder, raw: bytes, limit: int) -> int:
    """Feed `raw` in small reads, taking at most `limit` bytes out each time; the size of
    the largest single read."""
    largest = 0
    for start in range(0, len(raw), 4096):
        decoder.feed(raw[start : start + 4096])
        while chunk := decoder.read(limit):
            largest = max(largest, len(chunk))
    return largest


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_bomb_comes_out_at_most_limit_bytes_at_a_time(coding: str) -> None:
    bomb = b"\0" * (64 * 1024 * 1024)
    raw = gzip.compress(bomb) if coding == "gzip" else zlib.compress(bomb)
    assert len(raw) < 100_000  # small on the wire ...
    decoder = BodyDecoder(httpx.Headers({"content-encoding": coding}))
    assert _drain(decoder, raw, LIMIT) <= LIMIT  # ... never more than the cap per read


def test_a_plain_body_passes_unchanged_and_a_broken_one_raises() -> None:
    plain = BodyDecoder(httpx.Headers())
    plain.feed(b"hello")
    assert plain.read(LIMIT) == b"hello"
    broken = BodyDecoder(httpx.Headers({"content-encoding": "gzip"}))
    broken.feed(b"definitely not gzip")
    with pytest.raises(httpx.DecodingError):
        broken.read(LIMIT)
