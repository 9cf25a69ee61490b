"""The test world's hand-written HTTP/1.1 server, spoken to over raw sockets: virtual hosts,
keep-alive, HEAD, the http→https redirect, SNI-chosen certificates, and bounded answers to
malformed requests (it must stay up for the hostile-client tests)."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
import trustme

from checker.demo.httpserver import MAX_BODY, MAX_HEAD, HttpServer
from checker.demo.pki import TrustmeIssuer
from checker.demo.routes import Request, Response, VirtualHost, page

T = TypeVar("T")
CA = trustme.CA()
ISSUER = TrustmeIssuer(CA)


def crash(request: Request) -> Response:
    raise RuntimeError("handler bug")


SHOP = VirtualHost(
    "shop.test", {"/": page("welcome"), "/crash": crash}, cert=ISSUER.issue("shop.test")
)
SECURE = VirtualHost("secure.test", {"/": page("secure")}, http_to_https=True)


def served(scenario: Callable[[HttpServer], Awaitable[T]], *hosts: VirtualHost) -> T:
    """Run `scenario` against a fresh server with these hosts (and a default certificate)."""

    async def main() -> T:
        server = HttpServer(ISSUER.issue("localhost", "127.0.0.1"))
        for host in hosts:
            server.add_host(host)
        await server.start()
        try:
            return await scenario(server)
        finally:
            await server.stop()

    return asyncio.run(main())


async def exchange(
    server: HttpServer, raw: bytes, listener: str = "http", tls_name: str | None = None
) -> bytes:
    """Send `raw` and read until the server closes the connection."""
    context = None
    if tls_name is not None:
        context = ssl.create_default_context()
        CA.configure_trust(context)
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", server.ports[listener], ssl=context, server_hostname=tls_name
    )
    writer.write(raw)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return answer


def ask(raw: bytes, *hosts: VirtualHost, listener: str = "http") -> bytes:
    async def scenario(server: HttpServer) -> bytes:
        return await exchange(server, raw, listener)

    return served(scenario, *hosts)


def get(path: str, host: str = "shop.test", method: str = "GET") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()


def test_a_route_of_a_virtual_host_answers() -> None:
    answer = ask(get("/"), SHOP)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nContent-Length: 7\r\n" in answer
    assert b"\r\nServer: campaign-checker-demo\r\n" in answer
    assert answer.endswith(b"\r\n\r\nwelcome")


def test_unknown_hosts_and_paths_are_404() -> None:
    assert ask(get("/", host="nobody.test"), SHOP).endswith(b"unknown virtual host\n")
    assert ask(get("/nothing"), SHOP).startswith(b"HTTP/1.1 404 Not Found\r\n")


def test_head_gets_the_headers_without_the_body() -> None:
    answer = ask(get("/", method="HEAD"), SHOP)
    assert b"\r\nContent-Length: 7\r\n" in answer
    assert answer.endswith(b"\r\n\r\n")


def test_requests_on_one_connection_are_answered_in_turn_and_logged() -> None:
    keep = b"GET / HTTP/1.1\r\nHost: shop.test\r\n\r\n"

    async def scenario(server: HttpServer) -> tuple[bytes, list[Request]]:
        answer = await exchange(server, keep + keep + get("/nothing"))
        return answer, server.log.since(0)

    answer, log = served(scenario, SHOP)
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert answer.count(b"HTTP/1.1 404") == 1
    assert [(r.method, r.host, r.target, r.listener) for r in log] == [
        ("GET", "shop.test", "/", "http"),
        ("GET", "shop.test", "/", "http"),
        ("GET", "shop.test", "/nothing", "http"),
    ]


def test_a_host_that_wants_https_redirects_plain_http() -> None:
    answer = ask(get("/a?b=1", host="secure.test"), SECURE)
    assert answer.startswith(b"HTTP/1.1 301 Moved Permanently\r\n")
    assert b"\r\nLocation: https://secure.test/a?b=1\r\n" in answer


def test_the_certificate_is_chosen_by_sni() -> None:
    async def scenario(server: HttpServer) -> tuple[bytes, str]:
        answer = await exchange(server, get("/"), "https", tls_name="shop.test")
        try:
            await exchange(server, get("/", host="other.test"), "https", tls_name="other.test")
        except ssl.SSLCertVerificationError as exc:
            return answer, exc.verify_message
        return answer, "verified"

    answer, other = served(scenario, SHOP)
    assert answer.endswith(b"welcome")
    assert "mismatch" in other.lower()  # the default certificate is for localhost only


def test_a_crashing_handler_is_a_500_and_is_recorded() -> None:
    async def scenario(server: HttpServer) -> tuple[bytes, list[str]]:
        return await exchange(server, get("/crash")), server.errors

    answer, errors = served(scenario, SHOP)
    assert answer.startswith(b"HTTP/1.1 500 ")
    assert answer.endswith(b"handler crashed\n")
    assert len(errors) == 1
    assert "RuntimeError: handler bug" in errors[0]


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"NONSENSE\r\n\r\n", b"400"),
        (b"GET / SPDY/3\r\nHost: shop.test\r\n\r\n", b"400"),
        (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", b"400"),
        (b"POST / HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 12x\r\n\r\n", b"400"),
        (b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1), b"413"),
        (b"GET / HTTP/1.1\r\nX-Long: " + b"a" * MAX_HEAD + b"\r\n\r\n", b"431"),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b"400"),  # a ClientHello on plain HTTP
    ],
)
def test_a_malformed_request_gets_an_error_and_the_connection_closed(
    raw: bytes, status: bytes
) -> None:
    answer = ask(raw, SHOP)
    assert answer.startswith(b"HTTP/1.1 " + status + b" ")
    assert b"\r\nConnection: close\r\n" in answer
