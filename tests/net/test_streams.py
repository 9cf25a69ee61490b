"""The asyncio network backend maps timeouts, refusals and TLS failures to httpcore's errors
and sees a server's hang-up on an idle connection without a system call."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable

import httpcore
import pytest

from checker.net.streams import connect_tcp

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _with_server(handler: Handler, test: Callable[[int], Awaitable[None]]) -> None:
    async def closing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handler(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(closing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        await test(port)
    finally:
        server.close()
        await asyncio.sleep(0.01)  # let the handlers see the client go and close their side


def _silent() -> Handler:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # say nothing until the client leaves

    return handler


def test_read_without_data_times_out_as_read_timeout() -> None:
    async def test(port: int) -> None:
        stream = await connect_tcp("127.0.0.1", port, timeout=1.0)
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(1024, timeout=0.05)
        await stream.aclose()

    asyncio.run(_with_server(_silent(), test))


def test_idle_connection_is_readable_only_after_the_server_hangs_up() -> None:
    hang_up = asyncio.Event()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await hang_up.wait()
        writer.close()

    async def test(port: int) -> None:
        stream = await connect_tcp("127.0.0.1", port, timeout=1.0)
        await asyncio.sleep(0.02)
        assert stream.get_extra_info("is_readable") is False
        hang_up.set()
        for _ in range(100):
            if stream.get_extra_info("is_readable"):
                break
            await asyncio.sleep(0.01)
        assert stream.get_extra_info("is_readable") is True
        assert stream.get_extra_info("server_addr") == ("127.0.0.1", port)
        await stream.aclose()

    asyncio.run(_with_server(handler, test))


def test_refused_connection_is_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: refused
        with pytest.raises(httpcore.ConnectError):
            asyncio.run(connect_tcp("127.0.0.1", port, timeout=1.0))


def test_garbage_instead_of_tls_is_connect_error_caused_by_ssl_error() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS\r\n" * 20)
        await writer.drain()
        await reader.read()

    async def test(port: int) -> None:
        stream = await connect_tcp("127.0.0.1", port, timeout=1.0)
        with pytest.raises(httpcore.ConnectError) as caught:
            await stream.start_tls(ssl.create_default_context(), "shop.example", timeout=2.0)
        assert isinstance(caught.value.__cause__, ssl.SSLError)

    asyncio.run(_with_server(handler, test))


def test_silent_tls_server_is_connect_timeout() -> None:
    async def test(port: int) -> None:
        stream = await connect_tcp("127.0.0.1", port, timeout=1.0)
        with pytest.raises(httpcore.ConnectTimeout):
            await stream.start_tls(ssl.create_default_context(), "shop.example", timeout=0.1)

    asyncio.run(_with_server(_silent(), test))
