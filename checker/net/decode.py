"""Content-Encoding decoded step by step, never more than asked for at a time.

httpx inflates each raw read whole (64 KiB of gzip can become 64 MiB), so bodies are
read raw and decoded here: every decoder hands out at most about `limit` bytes per
call and keeps the rest of its input, so memory stays bounded at any compression
ratio. Only the codings whose installed decoder can bound its output are offered
(:data:`ACCEPT_ENCODING`): gzip and deflate always, br with ``brotli`` >= 1.2, zstd
with ``zstandard``. An unknown coding is passed through untouched, as httpx does.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import httpx

try:
    import brotli

    _BROTLI = hasattr(brotli.Decompressor, "can_accept_more_data")  # output limit: 1.2+
except ImportError:  # pragma: no cover - depends on the installation
    _BROTLI = False
try:
    import zstandard
except ImportError:  # pragma: no cover - depends on the installation
    zstandard = None  # type: ignore[assignment]

__all__ = ["ACCEPT_ENCODING", "BodyDecoder"]

CHUNK = 64 * 1024
"""What one decoding stage asks of the stage before it."""
ZSTD_WINDOW = 8 * 1024 * 1024
"""Largest zstd window accepted (RFC 9659: a "zstd" content coding needs no more)."""
ZSTD_SLICE = 256
"""Bytes of zstd input per call: a zstd block of 128 KiB takes at least 4 bytes, so one
call yields at most 8 MiB (zstandard has no output limit of its own)."""


class _Stage(Protocol):
    def feed(self, data: bytes) -> None:
        """Queue input."""

    def read(self, limit: int) -> bytes:
        """About `limit` bytes of output at most (b"": all input used, more is needed)."""


class _Identity:
    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes) -> None:
        self._pending += data

    def read(self, limit: int) -> bytes:
        out, self._pending = self._pending[:limit], self._pending[limit:]
        return out


class _Zlib:
    """gzip (one member, as httpx), or deflate: zlib-wrapped, else raw as some servers send."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback  # until the first output
        self._pending = b""

    def feed(self, data: bytes) -> None:
        self._pending += data

    def read(self, limit: int) -> bytes:
        if self._inflate.eof:
            return b""  # anything after the end is ignored
        try:
            out = self._inflate.decompress(self._pending, limit)
        except zlib.error as exc:
            if not self._raw_fallback:
                raise httpx.DecodingError(f"invalid compressed body: {exc}") from exc
            self._inflate, self._raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False
            return self.read(limit)
        self._raw_fallback = self._raw_fallback and not out
        self._pending = self._inflate.unconsumed_tail
        return out


class _Brotli:
    """brotli >= 1.2: `process` stops at its output limit and keeps its input."""

    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()
        self._pending = b""

    def feed(self, data: bytes) -> None:
        self._pending += data

    def read(self, limit: int) -> bytes:
        for _ in range(2):  # once more when the first call only drained held output
            if self._decompressor.is_finished():
                return b""
            data = b""
            if self._decompressor.can_accept_more_data():
                data, self._pending = self._pending, b""
            try:
                out: bytes = self._decompressor.process(data, output_buffer_limit=limit)
            except brotli.error as exc:
                raise httpx.DecodingError(f"invalid brotli body: {exc}") from exc
            if out or not self._pending:
                return out
        return b""


class _Zstd:
    """zstandard, fed :data:`ZSTD_SLICE` bytes at a time; one frame after another."""

    def __init__(self) -> None:
        assert zstandard is not None
        self._context = zstandard.ZstdDecompressor(max_window_size=ZSTD_WINDOW)
        self._frame = self._context.decompressobj(write_size=CHUNK)
        self._pending = memoryview(b"")

    def feed(self, data: bytes) -> None:
        self._pending = memoryview(self._pending.tobytes() + data if self._pending else data)

    def read(self, limit: int) -> bytes:
        out: list[bytes] = []
        size = 0
        try:
            while self._pending and size < limit:
                piece, self._pending = self._pending[:ZSTD_SLICE], self._pending[ZSTD_SLICE:]
                chunk = self._frame.decompress(piece)
                while self._frame.eof and (rest := self._frame.unused_data):
                    self._frame = self._context.decompressobj(write_size=CHUNK)
                    chunk += self._frame.decompress(rest)
                out.append(chunk)
                size += len(chunk)
        except zstandard.ZstdError as exc:
            raise httpx.DecodingError(f"invalid zstd body: {exc}") from exc
        return b"".join(out)


def _stage(coding: str) -> _Stage | None:
    if coding in ("gzip", "x-gzip"):
        return _Zlib(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS, raw_fallback=True)
    if coding == "br" and _BROTLI:
        return _Brotli()
    if coding == "zstd" and zstandard is not None:
        return _Zstd()
    return None  # identity, or a coding nobody asked for: passed through


ACCEPT_ENCODING = ", ".join(
    ["gzip", "deflate", *(["br"] if _BROTLI else []), *(["zstd"] if zstandard else [])]
)


class BodyDecoder:
    """Undoes a response's Content-Encoding chain (last applied, first undone)."""

    def __init__(self, headers: httpx.Headers) -> None:
        codings = [c.strip().lower() for c in headers.get_list("content-encoding", True)]
        stages = [s for coding in reversed(codings) if (s := _stage(coding)) is not None]
        self._stages: list[_Stage] = stages or [_Identity()]

    def feed(self, raw: bytes) -> None:
        """Queue raw body bytes as read from the connection."""
        self._stages[0].feed(raw)

    def read(self, limit: int) -> bytes:
        """Decoded bytes, about `limit` at most (b"": feed more, or the body is done).

        Raises :class:`httpx.DecodingError` for a body its coding cannot decode.
        """
        return self._pull(len(self._stages) - 1, limit)

    def _pull(self, index: int, limit: int) -> bytes:
        stage = self._stages[index]
        while True:
            out = stage.read(limit)
            if out or index == 0:
                return out
            upstream = self._pull(index - 1, CHUNK)
            if not upstream:
                return b""
            stage.feed(upstream)
