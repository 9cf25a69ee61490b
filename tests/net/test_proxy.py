"""Proxies as curl finds them (--proxy, https_proxy/http_proxy/all_proxy, no_proxy), and real
runs through a loopback CONNECT proxy: the page, the http:// form and the TLS probe all go
through it, with or without credentials, and a refusing or absent proxy is a clear failure."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.demo.world import World
from checker.net.proxy import Proxy, ProxySettings
from checker.net.resolver import Resolver
from checker.net.transport import ConnectTo, ResolveTo, Router
from tests.checks.helpers import FAST, campaign, run_check, write_manifest
from tests.net.proxyserver import TunnelProxy

LANDING = "https://www.good.test/summer"

# --- which proxy, from where ------------------------------------------------------------


def test_https_proxy_wins_over_all_proxy_and_lower_case_wins() -> None:
    env = {
        "https_proxy": "http://low.example:3128",
        "HTTPS_PROXY": "http://up.example:3128",
        "all_proxy": "http://all.example:8080",
    }
    settings = ProxySettings.from_environment(env, None)
    assert settings.for_url("https", "shop.example") == Proxy.parse("http://low.example:3128")
    assert settings.for_url("http", "shop.example") == Proxy.parse("http://all.example:8080")


def test_upper_case_http_proxy_is_ignored_as_in_curl() -> None:
    settings = ProxySettings.from_environment({"HTTP_PROXY": "http://forged.example"}, None)
    assert settings.for_url("http", "shop.example") is None


def test_proxy_option_overrides_the_environment_and_empty_turns_proxies_off() -> None:
    env = {"https_proxy": "http://env.example:3128"}
    chosen = ProxySettings.from_environment(env, "corp.example:8080")
    assert chosen.for_url("https", "a.example") == Proxy(
        "http://corp.example:8080", "corp.example", 8080, False
    )
    assert ProxySettings.from_environment(env, "").for_url("https", "a.example") is None


@pytest.mark.parametrize(
    ("text", "url", "auth"),
    [
        ("proxy.example", "http://proxy.example:1080", None),
        ("https://proxy.example", "https://proxy.example:443", None),
        (
            "http://us%40er:p%3Ass@proxy.example:3128",
            "http://proxy.example:3128",
            ("us@er", "p:ss"),
        ),
        ("http://[::1]:3128", "http://[::1]:3128", None),
    ],
)
def test_proxy_urls_parse_like_curl(text: str, url: str, auth: tuple[str, str] | None) -> None:
    proxy = Proxy.parse(text)
    assert (proxy.url, proxy.auth) == (url, auth)


@pytest.mark.parametrize(
    ("source", "value", "message"),
    [
        (
            "https_proxy",
            "socks5://proxy.example:1080",
            "https_proxy 'socks5://proxy.example:1080': socks5:// proxies are not supported",
        ),
        (
            "https_proxy",
            "http://proxy.example:99999",
            "https_proxy 'http://proxy.example:99999': bad proxy port",
        ),
    ],
)
def test_unusable_proxy_names_its_source(source: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"proxy") as caught:
        ProxySettings.from_environment({source: value}, None)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("no_proxy", "host", "bypassed"),
    [
        ("*", "anything.example", True),
        ("example.com", "example.com", True),
        ("example.com", "www.example.com", True),
        (".example.com", "www.example.com", True),
        ("example.com", "badexample.com", False),
        ("intranet.example:8080", "intranet.example", True),  # a port is ignored, as curl does
        ("10.0.0.0/8", "10.1.2.3", True),
        ("10.0.0.0/8", "11.1.2.3", False),
        ("192.0.2.7", "192.0.2.7", True),
        ("a.example, b.example", "b.example", True),
        ("", "shop.example", False),
    ],
)
def test_no_proxy_matches_hosts_domains_and_ranges(
    no_proxy: str, host: str, bypassed: bool
) -> None:
    env = {"https_proxy": "http://proxy.example:3128", "no_proxy": no_proxy}
    settings = ProxySettings.from_environment(env, None)
    assert (settings.for_url("https", host) is None) is bypassed


def test_hosts_sent_elsewhere_by_connect_to_or_resolve_count_as_overridden() -> None:
    router = Router(
        Resolver(None),
        connect_to=[ConnectTo.parse("a.example:443:127.0.0.1:8443")],
        resolve=[ResolveTo.parse("b.example:443:127.0.0.1")],
    )
    assert router.overridden("A.example", 443)
    assert router.overridden("b.example", 443)
    assert not router.overridden("b.example", 80)
    assert not router.overridden("c.example", 443)


# --- real runs through a loopback proxy ---------------------------------------------------


@pytest.fixture
def proxy(world: World) -> Iterator[TunnelProxy]:
    with TunnelProxy({443: world.https_port, 80: world.http_port}) as running:
        yield running


def _no_routing(world: World) -> list[str]:
    """The world's DNS and CA, but no --connect-to: connections must go via the proxy."""
    return ["--nameserver", f"127.0.0.1:{world.dns_port}", "--ca-bundle", str(world.ca_bundle_path)]


def _manifest(tmp_path: Path) -> Path:
    return write_manifest(tmp_path, campaign("proxied", [LANDING]))


def test_environment_proxy_carries_pages_http_form_and_tls_probe(
    tmp_path: Path, world: World, proxy: TunnelProxy
) -> None:
    env = {"https_proxy": proxy.url, "http_proxy": proxy.url}
    run = run_check([_manifest(tmp_path)], *_no_routing(world), *FAST, env=env)
    for check_id in (
        "http.status",
        "tls.trusted",
        "tls.hostname",
        "http.https",
        "content.placeholder",
    ):
        assert run.check(LANDING, check_id)["status"] == "pass", run.check(LANDING, check_id)
    assert "CONNECT www.good.test:443" in proxy.log  # the page (and the TLS probe)
    assert "GET http://www.good.test/summer" in proxy.log  # the http:// form, absolute-form


def test_proxy_with_credentials(tmp_path: Path, world: World) -> None:
    ports = {443: world.https_port, 80: world.http_port}
    with TunnelProxy(ports, auth=("campaign", "s3cret")) as proxy:
        address = proxy.url.removeprefix("http://")
        good = f"http://campaign:s3cret@{address}"
        bad = f"http://campaign:wrong@{address}"
        ok = run_check([_manifest(tmp_path)], *_no_routing(world), *FAST, "--proxy", good)
        refused = run_check([_manifest(tmp_path)], *_no_routing(world), *FAST, "--proxy", bad)
    assert ok.check(LANDING, "http.status")["status"] == "pass"
    status = refused.check(LANDING, "http.status")
    assert status["status"] == "fail"
    assert "407" in status["message"]
    handshake = refused.check(LANDING, "tls.handshake")
    assert "407" in handshake["message"]
    assert handshake["detail"]["via_proxy"] is True
    assert "s3cret" not in refused.output + str(refused.json)


def test_absent_proxy_is_named_in_the_failure(tmp_path: Path, world: World) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
        port = closed.getsockname()[1]
        run = run_check(
            [_manifest(tmp_path)], *_no_routing(world), *FAST, "--proxy", f"127.0.0.1:{port}"
        )
    status = run.check(LANDING, "http.status")
    assert status["status"] == "fail"
    assert f"proxy http://127.0.0.1:{port}" in status["message"]
    handshake = run.check(LANDING, "tls.handshake")["message"]
    assert f"proxy http://127.0.0.1:{port}: cannot connect" in handshake


def test_empty_proxy_option_ignores_the_environment(
    tmp_path: Path, world: World, proxy: TunnelProxy
) -> None:
    env = {"https_proxy": proxy.url, "http_proxy": proxy.url}
    run_check([_manifest(tmp_path)], *_no_routing(world), *FAST, "--proxy", "", env=env)
    assert proxy.log == []


def test_connect_to_hosts_bypass_the_proxy(
    tmp_path: Path, world: World, proxy: TunnelProxy
) -> None:
    env = {"https_proxy": proxy.url, "http_proxy": proxy.url}
    run = run_check([_manifest(tmp_path)], *world.cli_args(), *FAST, env=env)
    assert run.check(LANDING, "http.status")["status"] == "pass"
    assert proxy.log == []


def test_unusable_proxy_variable_is_a_usage_error(tmp_path: Path, world: World) -> None:
    run = run_check(
        [_manifest(tmp_path)], *_no_routing(world), env={"https_proxy": "socks5://p.example"}
    )
    assert run.exit_code == 2
    assert "https_proxy 'socks5://p.example': socks5:// proxies are not supported" in run.output
