"""Hostile servers for the bounds tests: bombs, endless and pathological pages, silent DNS.

HTTP(S) hosts live in the session's offline world (``tests/world.py``); this module adds
the routes they serve and a DNS server of its own that never answers some names:

* ``SILENT_UDP``: no answer at all, over UDP or TCP;
* ``SILENT_TCP``: a truncated (TC) answer over UDP, so the client retries over TCP,
  where the connection is accepted and nothing is ever said.

Every other name is answered from the world's zone. Bombs are small on the wire and
gigabytes decoded; they are built once per session from blocks that repeat.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import zlib
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from typing import Literal

import brotli
import dns.flags
import dns.message
import zstandard

from checker.demo.dnsserver import DnsServer, Zone
from checker.demo.routes import Handler, Response

MIB = 1 << 20
SILENT_UDP = "silent-udp.hostile.test"
SILENT_TCP = "silent-tcp.hostile.test"


class SilentDns(DnsServer):
    """The world's zone, except for the two silent names above."""

    def handle(self, wire: bytes, transport: Literal["udp", "tcp"]) -> bytes | None:
        query = dns.message.from_wire(wire)
        name = query.question[0].name.to_text(omit_final_dot=True).lower()
        if name == SILENT_UDP or (name == SILENT_TCP and transport == "tcp"):
            super().handle(wire, transport)  # logged, never answered
            return None
        if name == SILENT_TCP:
            super().handle(wire, transport)
            truncated = dns.message.make_response(query)
            truncated.flags |= dns.flags.TC
            return truncated.to_wire()
        return super().handle(wire, transport)


@contextmanager
def silent_dns(zone: Zone) -> Iterator[SilentDns]:
    """A started :class:`SilentDns` over `zone`, on its own event loop thread."""
    server = SilentDns(zone)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="hostile-dns", daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


# -- bombs --------------------------------------------------------------------------------


@functools.cache
def _gzip_blocks(wbits: int) -> tuple[bytes, bytes]:
    """(first, repeat): zlib output for 1 MiB of zeros each, flushed so that they repeat."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = deflate.compress(bytes(MIB)) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(bytes(MIB)) + deflate.flush(zlib.Z_FULL_FLUSH)
    return first, again


@functools.cache
def _brotli_blocks() -> tuple[bytes, bytes]:
    """(first, repeat): brotli output for 16 MiB of zeros each (a full window repeats)."""
    compressor = brotli.Compressor(quality=5, lgwin=24)
    first = compressor.process(bytes(16 * MIB)) + compressor.flush()
    again = compressor.process(bytes(16 * MIB)) + compressor.flush()
    return first, again


@functools.cache
def _zstd_frame() -> bytes:
    """One zstd frame of 16 MiB of zeros; frames follow each other in one body."""
    return zstandard.ZstdCompressor(level=3).compress(bytes(16 * MIB))


Coding = Literal["gzip", "deflate", "br", "zstd"]
BOMB_CODINGS: tuple[Coding, ...] = ("gzip", "deflate", "br", "zstd")


def bomb_blocks(coding: Coding) -> tuple[bytes, bytes, int]:
    """(first, repeat, decoded bytes per block) of a `coding` bomb."""
    if coding == "gzip":
        return (*_gzip_blocks(16 + zlib.MAX_WBITS), MIB)
    if coding == "deflate":
        return (*_gzip_blocks(zlib.MAX_WBITS), MIB)
    if coding == "br":
        return (*_brotli_blocks(), 16 * MIB)
    frame = _zstd_frame()
    return frame, frame, 16 * MIB


def bomb(coding: Coding, decoded: int = 4 << 30, content_type: str = "text/html") -> Handler:
    """A 200 whose body, `coding`-encoded, decodes to `decoded` bytes of zeros (4 GiB)."""
    first, again, per_block = bomb_blocks(coding)
    blocks = decoded // per_block

    async def body() -> AsyncGenerator[bytes, None]:
        yield first
        for _ in range(blocks - 1):
            yield again

    headers = (("Content-Type", content_type), ("Content-Encoding", coding))
    response = Response(headers=headers, stream=body)
    return lambda _req: response


def endless(content_type: str = "text/html; charset=utf-8") -> Handler:
    """A 200 whose chunked body never ends (plain text, no coding)."""
    block = b"<p>" + b"endless body " * 5000 + b"</p>\n"

    async def body() -> AsyncGenerator[bytes, None]:
        while True:
            yield block

    response = Response(headers=(("Content-Type", content_type),), stream=body)
    return lambda _req: response


# -- pathological pages -------------------------------------------------------------------


def _document(body: str, title: str = "Hostile") -> bytes:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}".encode()


def deep_page(depth: int = 100_000, tag: str = "div") -> bytes:
    """`depth` nested, never closed elements (lexbor's tree builder is quadratic in depth:
    32 s for 100,000 <div>s), then a text and a link at the bottom."""
    bottom = "<p>bottom of the deep page</p><a href='/deep-bottom'>bottom</a>"
    return _document(f"<{tag}>" * depth + bottom, "Deep")


def many_links_page(count: int = 100_000, prefix: str = "/l/") -> bytes:
    """`count` distinct links on one page."""
    return _document("".join(f'<a href="{prefix}{i}">{i}</a>\n' for i in range(count)), "Links")


def formatting_bomb(count: int = 20_000) -> bytes:
    """Misnested formatting elements that a tree builder re-opens at every one of them
    (N² elements: 35 KB of them took lexbor 735 MB)."""
    return _document("".join(f"<p><b id=b{i}></p>" for i in range(count)) + "x")


def nested_lists(count: int = 50_000) -> bytes:
    """Spans nested `count` deep, then as many list items, each looking down that stack."""
    return _document("<span>" * count + "<li>x" * count)


def attribute_bomb(count: int = 100_000) -> bytes:
    """One element with `count` distinct attributes (duplicate checks are quadratic)."""
    return _document("<div " + " ".join(f"a{i}=x" for i in range(count)) + ' id="last">x</div>')


def meta_page(size: int = 2 * MIB) -> bytes:
    """`size` bytes of <meta> tags: every one of them is read by the landing checks."""
    tag = '<meta name="robots" content="index">'
    return _document(tag * (size // len(tag)))


PATHOLOGICAL = {
    "100,000 nested divs": deep_page,
    "100,000 links": many_links_page,
    "formatting bomb": formatting_bomb,
    "nested lists": nested_lists,
    "attribute bomb": attribute_bomb,
    "2 MiB of meta tags": meta_page,
}
