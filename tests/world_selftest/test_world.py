"""Self-test of the offline world, using plain httpx / ssl / dnspython (never the product)."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
import time
import uuid

import dns.exception
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver
import httpx
import pytest
from cryptography import x509

from checker.demo.pki import utcnow
from checker.demo.routes import html_page, page
from checker.demo.world import World
from tests.world import WorldLog, WorldTransport, world_ssl_context

# -- helpers ---------------------------------------------------------------------------------


def _handshake(world: World, sni: str, *, verify: bool) -> x509.Certificate:
    ctx = world_ssl_context(world)
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", world.https_port), timeout=5) as raw,
        ctx.wrap_socket(raw, server_hostname=sni) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return x509.load_der_x509_certificate(der)


def _sans(cert: x509.Certificate) -> list[str]:
    ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(name) for name in ext.get_values_for_type(x509.DNSName)]


def _raw_http(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _fresh(path: str) -> str:
    return f"{path}?t={uuid.uuid4().hex}"


# -- TLS: certificate chosen by SNI ----------------------------------------------------------


def test_sni_good_host_gets_its_own_verified_cert(world: World) -> None:
    cert = _handshake(world, "good.test", verify=True)
    assert _sans(cert) == ["good.test"]


def test_sni_expired_host_cert_is_expired_and_rejected(world: World) -> None:
    cert = _handshake(world, "expired.test", verify=False)
    assert _sans(cert) == ["expired.test"]
    assert cert.not_valid_after_utc < utcnow()
    with pytest.raises(ssl.SSLCertVerificationError, match="expired"):
        _handshake(world, "expired.test", verify=True)


def test_sni_notyet_host_cert_starts_in_the_future(world: World) -> None:
    cert = _handshake(world, "notyet.test", verify=False)
    assert cert.not_valid_before_utc > utcnow()
    with pytest.raises(ssl.SSLCertVerificationError, match="not yet valid"):
        _handshake(world, "notyet.test", verify=True)


def test_sni_soon_host_cert_is_valid_but_expires_within_5_days(world: World) -> None:
    cert = _handshake(world, "soon.test", verify=True)
    left = cert.not_valid_after_utc - utcnow()
    assert dt.timedelta(days=4) < left <= dt.timedelta(days=5)


def test_sni_wronghost_fails_hostname_verification(world: World) -> None:
    assert _sans(_handshake(world, "wronghost.test", verify=False)) == ["other.test"]
    with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
        _handshake(world, "wronghost.test", verify=True)


def test_sni_selfsigned_host_is_untrusted(world: World) -> None:
    cert = _handshake(world, "selfsigned.test", verify=False)
    assert cert.issuer == cert.subject
    with pytest.raises(ssl.SSLCertVerificationError, match=r"self.signed"):
        _handshake(world, "selfsigned.test", verify=True)


def test_unknown_sni_gets_default_cert(world: World) -> None:
    assert _sans(_handshake(world, "unlisted.test", verify=False)) == ["localhost"]


# -- HTTP behaviours -------------------------------------------------------------------------


def test_landing_page_served_over_https(world_client: httpx.Client) -> None:
    resp = world_client.get("https://good.test/summer")
    assert resp.status_code == 200
    assert "<title>Acme Summer Sale" in resp.text


def test_redirect_keeps_query(world_client: httpx.Client) -> None:
    resp = world_client.get("https://go.test/s27?utm_source=x")
    assert resp.status_code == 301
    assert resp.headers["location"] == "https://www.good.test/summer?utm_source=x"


def test_redirect_drops_query(world_client: httpx.Client) -> None:
    resp = world_client.get("https://go.test/s28?utm_source=x")
    assert resp.headers["location"] == "https://www.good.test/summer"


def test_redirect_chain_followed_across_hosts(world_client: httpx.Client) -> None:
    resp = world_client.get("https://go.test/chain?utm_source=x", follow_redirects=True)
    assert resp.status_code == 200
    assert str(resp.url) == "https://www.good.test/summer?utm_source=x"
    assert [r.status_code for r in resp.history] == [302, 301]


def test_endless_redirects_never_end(world_client: httpx.Client) -> None:
    world_client.max_redirects = 5
    with pytest.raises(httpx.TooManyRedirects):
        world_client.get("https://go.test/loop/1", follow_redirects=True)
    assert world_client.get("https://go.test/loop/41").headers["location"] == "/loop/42"


def test_redirect_loop_a_b_a(world_client: httpx.Client) -> None:
    assert world_client.get("https://go.test/a").headers["location"] == "/b"
    assert world_client.get("https://go.test/b").headers["location"] == "/a"


def test_plain_http_redirects_to_https_when_asked(world_client: httpx.Client) -> None:
    resp = world_client.get("http://www.good.test/summer")
    assert resp.status_code == 301
    assert resp.headers["location"] == "https://www.good.test/summer"


def test_retry_429_then_200_per_target(world_client: httpx.Client) -> None:
    url = "https://retry.test" + _fresh("/promo")
    first = world_client.get(url)
    assert (first.status_code, first.headers["retry-after"]) == (429, "1")
    assert world_client.get(url).status_code == 200
    assert world_client.get(url).status_code == 200
    assert world_client.get("https://retry.test" + _fresh("/promo")).status_code == 429


def test_catch_all_and_404(world_client: httpx.Client) -> None:
    assert world_client.get("https://catchall.test/no/such/page").status_code == 200
    assert world_client.get("https://good.test/missing").status_code == 404


def test_slow_host_delays_first_byte(world: World) -> None:
    with (
        httpx.Client(transport=WorldTransport(world), timeout=httpx.Timeout(5, read=0.3)) as c,
        pytest.raises(httpx.ReadTimeout),
    ):
        c.get("https://slow.test/")


def test_drip_sends_small_chunks_slowly(world_client: httpx.Client) -> None:
    with world_client.stream("GET", "https://slow.test/drip") as resp:
        chunks = resp.iter_raw()
        assert len(next(chunks)) == 512
        started = time.monotonic()
        next(chunks)
        assert time.monotonic() - started >= 0.4


def test_503_then_200(world_client: httpx.Client) -> None:
    url = "https://retry.test" + _fresh("/503")
    assert [world_client.get(url).status_code for _ in range(3)] == [503, 200, 200]


def test_silent_listener_times_out_the_handshake(world: World) -> None:
    with (
        httpx.Client(transport=WorldTransport(world), timeout=0.3) as client,
        pytest.raises(httpx.ConnectTimeout),
    ):
        client.get("https://silent.test/")


def test_reset_drops_connection(world_client: httpx.Client) -> None:
    with pytest.raises(httpx.TransportError):
        world_client.get("https://hostile.test/reset")


def test_invalid_utf8_body(world_client: httpx.Client) -> None:
    body = world_client.get("https://hostile.test/invalid-utf8").content
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


@pytest.mark.parametrize("host", ["plaintls.test", "garbagetls.test", "refused.test"])
def test_broken_tls_listeners_fail_the_connection(world_client: httpx.Client, host: str) -> None:
    with pytest.raises(httpx.ConnectError):
        world_client.get(f"https://{host}/")


def test_huge_body_partially_read_then_abandoned(world: World, world_client: httpx.Client) -> None:
    with world_client.stream("GET", "https://huge.test/") as resp:
        assert resp.headers["transfer-encoding"] == "chunked"
        got = 0
        for chunk in resp.iter_raw():
            got += len(chunk)
            if got >= 1 << 20:
                break
    assert got >= 1 << 20
    assert world_client.get("https://good.test/").status_code == 200
    time.sleep(0.1)  # let the server notice the disconnect
    assert world.errors == []


def test_head_sends_headers_only_and_keep_alive_works(world: World) -> None:
    head = b"HEAD /declared HTTP/1.1\r\nHost: huge.test\r\n\r\n"
    get = b"GET /summer HTTP/1.1\r\nHost: good.test\r\nConnection: close\r\n\r\n"
    raw = _raw_http(world.http_port, head + get)
    first, _, rest = raw.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 200")
    assert f"Content-Length: {1 << 30}".encode() in first
    assert rest.startswith(b"HTTP/1.1 200")  # second response right after the HEAD headers
    assert b"Acme Summer Sale" in rest


def test_malformed_request_gets_400_and_server_survives(world: World) -> None:
    for junk in (b"NOT A REQUEST LINE\r\n\r\n", b"GET / HTTP/1.1\r\nno colon\r\n\r\n"):
        assert _raw_http(world.http_port, junk).startswith(b"HTTP/1.1 400")
    ok = _raw_http(world.http_port, b"GET /summer HTTP/1.1\r\nHost: good.test\r\n\r\n")
    assert ok.startswith(b"HTTP/1.1 200")


def test_hundreds_of_concurrent_connections(world: World) -> None:
    async def one() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", world.http_port)
        writer.write(b"GET / HTTP/1.1\r\nHost: good.test\r\nConnection: close\r\n\r\n")
        data = await reader.read()
        writer.close()
        return data[:12]

    async def many() -> list[bytes]:
        return await asyncio.gather(*(one() for _ in range(300)))

    assert asyncio.run(many()) == [b"HTTP/1.1 200"] * 300


def test_request_log_records_requests(world_client: httpx.Client, world_log: WorldLog) -> None:
    world_client.get("https://good.test/terms?x=1", headers={"Authorization": "Bearer t"})
    world_client.get("https://good.test/terms?x=2")
    [first, second] = world_log.requests("good.test")
    assert (first.method, first.host, first.target, first.sni) == (
        "GET",
        "good.test",
        "/terms?x=1",
        "good.test",
    )
    assert first.header("authorization") == "Bearer t"
    assert second.header("authorization") is None
    assert world_log.count("good.test", "/terms") == 2


def test_host_added_after_start_is_served_with_dns(
    world: World, world_client: httpx.Client, world_resolver: dns.resolver.Resolver
) -> None:
    world.add_host("late-added.test", {"/": page(html_page("Late", "<p>late</p>"))})
    assert "<title>Late</title>" in world_client.get("https://late-added.test/").text
    assert world_resolver.resolve("late-added.test", "A")[0].address == "127.0.0.1"


def test_demo_world_with_builtin_ca_starts_fast() -> None:
    started = time.monotonic()
    with World() as demo:
        demo.add_host("demo.test", {"/": page("hi")})
        cert = _handshake(demo, "demo.test", verify=True)
    assert _sans(cert) == ["demo.test"]
    assert time.monotonic() - started < 1.0


# -- DNS -------------------------------------------------------------------------------------


def _udp(world: World, name: str, rdtype: str = "A", timeout: float = 2.0) -> dns.message.Message:
    return dns.query.udp(
        dns.message.make_query(name, rdtype), "127.0.0.1", timeout=timeout, port=world.dns_port
    )


def test_dns_nxdomain(world_resolver: dns.resolver.Resolver) -> None:
    with pytest.raises(dns.resolver.NXDOMAIN):
        world_resolver.resolve("nx.test", "A")


def test_dns_servfail(world: World) -> None:
    assert _udp(world, "servfail.test").rcode() == dns.rcode.SERVFAIL


def test_dns_no_answer(world: World, world_resolver: dns.resolver.Resolver) -> None:
    assert _udp(world, "noanswer.test").rcode() == dns.rcode.NOERROR
    with pytest.raises(dns.resolver.NoAnswer):
        world_resolver.resolve("noanswer.test", "A")


def test_dns_cname_chain(world: World) -> None:
    resp = _udp(world, "chain.test")
    assert [(str(r.name), dns.rdatatype.to_text(r.rdtype)) for r in resp.answer] == [
        ("chain.test.", "CNAME"),
        ("cname.test.", "CNAME"),
        ("good.test.", "A"),
    ]


def test_dns_dangling_cname_is_nxdomain(world: World) -> None:
    resp = _udp(world, "dangling.test")
    assert resp.rcode() == dns.rcode.NXDOMAIN
    assert str(resp.answer[0][0].target) == "nosuch.github.test."


def test_dns_truncates_over_udp_and_answers_over_tcp(world: World) -> None:
    from dns.flags import TC

    assert _udp(world, "big.test").flags & TC
    query = dns.message.make_query("big.test", "A")
    tcp = dns.query.tcp(query, "127.0.0.1", timeout=2, port=world.dns_port)
    assert len(tcp.answer[0]) == 40


def test_dns_timeout_name_never_answers(world: World) -> None:
    with pytest.raises(dns.exception.Timeout):
        _udp(world, "timeout.test", timeout=0.3)


def test_dns_query_log(world: World, world_log: WorldLog) -> None:
    _udp(world, "good.test", "AAAA")
    assert [(q.transport, q.name, q.rdtype) for q in world_log.dns_queries()] == [
        ("udp", "good.test", "AAAA")
    ]
