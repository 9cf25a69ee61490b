"""`--connect-to` / `--resolve` parsing (curl syntax: empty fields, `*`, `[v6]` literals) and
where the `Router` sends a connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import cast

import pytest

from checker.net.resolver import DnsAnswer, Resolver
from checker.net.transport import ConnectTo, DnsFailure, ResolveTo, Router

# --- --connect-to HOST1:PORT1:HOST2:PORT2 -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("shop.example:443:127.0.0.1:8443", ConnectTo("shop.example", 443, "127.0.0.1", 8443)),
        (
            "Shop.EXAMPLE:443:Backend.Example:80",
            ConnectTo("shop.example", 443, "backend.example", 80),
        ),
        # empty HOST1 / PORT1: any host / any port
        (":443:127.0.0.1:8443", ConnectTo("", 443, "127.0.0.1", 8443)),
        ("::127.0.0.1:8443", ConnectTo("", None, "127.0.0.1", 8443)),
        # empty HOST2 / PORT2: keep the request's own
        ("shop.example:443::8443", ConnectTo("shop.example", 443, "", 8443)),
        (
            "shop.example:443:backend.example:",
            ConnectTo("shop.example", 443, "backend.example", None),
        ),
        (":::", ConnectTo("", None, "", None)),
        # IPv6 literals in brackets
        ("[::1]:443:[2001:db8::1]:8443", ConnectTo("::1", 443, "2001:db8::1", 8443)),
        ("shop.example:443:[::1]:8443", ConnectTo("shop.example", 443, "::1", 8443)),
        (":443:[fe80::1]:", ConnectTo("", 443, "fe80::1", None)),
    ],
)
def test_connect_to_parses_like_curl(text: str, parsed: ConnectTo) -> None:
    assert ConnectTo.parse(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "shop.example:443",  # too few fields
        "shop.example:443:127.0.0.1",
        "shop.example:https:127.0.0.1:443",  # not a port number
        "shop.example:443:127.0.0.1:70000",  # out of range
        "shop.example:0:127.0.0.1:443",
        "shop.example:443:127.0.0.1:443:9",  # one field too many
    ],
)
def test_connect_to_refuses_malformed_values(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the CLI turns any ValueError into exit 2
        ConnectTo.parse(text)


# --- --resolve HOST:PORT:ADDR[,ADDR...] -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("shop.example:443:127.0.0.1", ResolveTo("shop.example", 443, ("127.0.0.1",))),
        ("SHOP.example:443:127.0.0.1", ResolveTo("shop.example", 443, ("127.0.0.1",))),
        (
            "shop.example:443:127.0.0.1,127.0.0.2",
            ResolveTo("shop.example", 443, ("127.0.0.1", "127.0.0.2")),
        ),
        ("shop.example:443:[::1]", ResolveTo("shop.example", 443, ("::1",))),
        (
            "shop.example:443:[2001:db8::1],127.0.0.1",
            ResolveTo("shop.example", 443, ("2001:db8::1", "127.0.0.1")),
        ),
        ("*:443:127.0.0.1", ResolveTo("", 443, ("127.0.0.1",))),  # any host
        (":443:127.0.0.1", ResolveTo("", 443, ("127.0.0.1",))),
        ("[::1]:8443:127.0.0.1", ResolveTo("::1", 8443, ("127.0.0.1",))),
        ("shop.example:443:backend.example", ResolveTo("shop.example", 443, ("backend.example",))),
    ],
)
def test_resolve_parses_like_curl(text: str, parsed: ResolveTo) -> None:
    assert ResolveTo.parse(text) == parsed


@pytest.mark.parametrize(
    "text",
    ["shop.example:443", "shop.example:443:", "shop.example:443: , ", "shop.example:99999:1.2.3.4"],
)
def test_resolve_refuses_malformed_values(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        ResolveTo.parse(text)


# --- Router.route -----------------------------------------------------------------------


class FakeResolver:
    """Answers from a table; records every name asked."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.table = table
        self.asked: list[str] = []

    def lookup(self, host: str) -> Awaitable[DnsAnswer]:
        self.asked.append(host)

        async def answer() -> DnsAnswer:
            if host in self.table:
                return DnsAnswer(host, self.table[host])
            return DnsAnswer(host, error="nxdomain", detail=f"NXDOMAIN: {host} does not exist")

        return answer()


DNS = {"shop.example": ("192.0.2.10",), "backend.example": ("192.0.2.20", "192.0.2.21")}


def route(
    host: str,
    port: int,
    *,
    connect_to: tuple[str, ...] = (),
    resolve: tuple[str, ...] = (),
    resolver: FakeResolver | None = None,
) -> tuple[list[str], int]:
    fake = resolver or FakeResolver(DNS)
    router = Router(
        cast(Resolver, fake),
        connect_to=[ConnectTo.parse(c) for c in connect_to],
        resolve=[ResolveTo.parse(r) for r in resolve],
    )
    return asyncio.run(router.route(host, port))


def test_without_rules_the_host_is_resolved() -> None:
    assert route("shop.example", 443) == (["192.0.2.10"], 443)


def test_an_ip_literal_is_not_resolved() -> None:
    fake = FakeResolver({})
    assert route("127.0.0.1", 8080, resolver=fake) == (["127.0.0.1"], 8080)
    assert fake.asked == []


def test_an_unresolvable_host_raises_dns_failure_with_the_answer() -> None:
    with pytest.raises(DnsFailure) as caught:
        route("nx.example", 443)
    assert caught.value.answer.error == "nxdomain"
    assert "NXDOMAIN" in str(caught.value)


def test_connect_to_for_one_host_and_port() -> None:
    rules = ("shop.example:443:127.0.0.1:8443",)
    assert route("shop.example", 443, connect_to=rules) == (["127.0.0.1"], 8443)
    assert route("shop.example", 80, connect_to=rules) == (["192.0.2.10"], 80)  # other port
    assert route("backend.example", 443, connect_to=rules) == (["192.0.2.20", "192.0.2.21"], 443)


def test_connect_to_matches_case_insensitively() -> None:
    assert route("SHOP.example", 443, connect_to=("shop.EXAMPLE:443:127.0.0.1:1",)) == (
        ["127.0.0.1"],
        1,
    )


def test_connect_to_wildcards_and_the_first_matching_rule_wins() -> None:
    rules = ("shop.example:443:127.0.0.1:1111", ":443:127.0.0.1:2222", "::127.0.0.1:3333")
    assert route("shop.example", 443, connect_to=rules) == (["127.0.0.1"], 1111)
    assert route("other.example", 443, connect_to=rules) == (["127.0.0.1"], 2222)
    assert route("other.example", 80, connect_to=rules) == (["127.0.0.1"], 3333)


def test_connect_to_with_empty_host2_keeps_the_host_and_changes_the_port() -> None:
    fake = FakeResolver(DNS)
    assert route("shop.example", 443, connect_to=(":::8443",), resolver=fake) == (
        ["192.0.2.10"],
        8443,
    )
    assert fake.asked == ["shop.example"]


def test_connect_to_with_empty_port2_keeps_the_port() -> None:
    assert route("shop.example", 443, connect_to=("shop.example::backend.example:",)) == (
        ["192.0.2.20", "192.0.2.21"],
        443,
    )


def test_connect_to_an_ipv6_literal() -> None:
    assert route("shop.example", 443, connect_to=(":443:[::1]:8443",)) == (["::1"], 8443)


def test_resolve_pins_addresses_without_dns() -> None:
    fake = FakeResolver({})
    rules = ("shop.example:443:203.0.113.7,[2001:db8::7]",)
    assert route("shop.example", 443, resolve=rules, resolver=fake) == (
        ["203.0.113.7", "2001:db8::7"],
        443,
    )
    assert fake.asked == []


def test_resolve_applies_only_to_its_port() -> None:
    rules = ("shop.example:443:203.0.113.7",)
    assert route("shop.example", 80, resolve=rules) == (["192.0.2.10"], 80)


def test_resolve_wildcard_host() -> None:
    assert route("any.example", 443, resolve=("*:443:203.0.113.7",)) == (["203.0.113.7"], 443)


def test_resolve_to_a_name_resolves_that_name() -> None:
    fake = FakeResolver(DNS)
    rules = ("shop.example:443:backend.example",)
    assert route("shop.example", 443, resolve=rules, resolver=fake) == (
        ["192.0.2.20", "192.0.2.21"],
        443,
    )
    assert fake.asked == ["backend.example"]


def test_resolve_applies_to_where_connect_to_points() -> None:
    """As in curl: --connect-to picks HOST2:PORT2, then --resolve answers for HOST2:PORT2."""
    fake = FakeResolver({})
    assert route(
        "shop.example",
        443,
        connect_to=("shop.example:443:origin.internal:8443",),
        resolve=("origin.internal:8443:10.0.0.5",),
        resolver=fake,
    ) == (["10.0.0.5"], 8443)
    assert fake.asked == []
