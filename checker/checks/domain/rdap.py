"""Ask RDAP (RFC 9082/9083) when a domain's registration ends: once per registrable domain
per run, through the run's Fetcher (bounded, retried, proxied, memoised).

The registrable domain is the ICANN part of the Public Suffix List plus one label (what a
registrant pays a registrar for). Its RDAP service comes from the IANA bootstrap shipped in
``checker/data/rdap-dns.json`` (RFC 9224), or from ``--rdap URL`` for every domain. IP
literals and ``localhost`` have no domain: they are never looked up.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from checker.net.client import Credentials, Fetcher, origin_of
from checker.net.redirects import follow

BOOTSTRAP_FILE = "rdap-dns.json"
RDAP_BODY_LIMIT = 1024 * 1024  # a domain answer is a few KiB; more is not RDAP
RDAP_MAX_REDIRECTS = 5  # bootstrap services may redirect to the authoritative server
if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

ACCEPT = (("Accept", "application/rdap+json, application/json;q=0.9"),)  # RFC 7480, 4.2

Answer = Literal["found", "not_found", "no_answer", "not_applicable"]


@dataclass(frozen=True, slots=True)
class Registration:
    """What RDAP says about one registrable domain, or why it was not asked."""

    domain: str | None  # None: the host has no registrable domain
    answer: Answer
    reason: str = ""  # not_applicable / no_answer: why, in words
    source: str | None = None  # the RDAP URL asked
    expires: datetime | None = None  # the `expiration` event, if the registry gives one
    statuses: tuple[str, ...] = ()  # RDAP status values, lowercased


@dataclass(frozen=True, slots=True)
class Bootstrap:
    """The IANA DNS bootstrap: RDAP base URL per TLD (or longer label suffix)."""

    publication: str
    services: dict[str, str]

    def base_for(self, domain: str) -> str | None:
        """The RDAP base URL serving `domain`: the longest matching label suffix wins."""
        labels = domain.split(".")
        for start in range(len(labels)):
            base = self.services.get(".".join(labels[start:]))
            if base is not None:
                return base
        return None


def parse_bootstrap(data: dict[str, Any]) -> Bootstrap:
    """Read an RFC 9224 bootstrap file; an https base URL is preferred over an http one."""
    services: dict[str, str] = {}
    for entry in data.get("services", []):
        names, urls = entry[0], entry[1]
        ordered = sorted(urls, key=lambda url: not url.lower().startswith("https://"))
        if ordered:
            for name in names:
                services[name.lower()] = ordered[0]
    return Bootstrap(str(data.get("publication", "unknown date")), services)


@functools.cache
def shipped_bootstrap() -> Bootstrap:
    """The bootstrap shipped with the package (see checker/data/NOTICE.md for its date)."""
    text = resources.files("checker.data").joinpath(BOOTSTRAP_FILE).read_text(encoding="utf-8")
    return parse_bootstrap(json.loads(text))


@functools.cache
def _suffix_list() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)  # the bundled list: never downloaded


def no_domain_reason(host: str) -> str | None:
    """Why `host` has no domain to register (an IP literal, localhost), or None."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        pass
    else:
        return f"{host} is an IP address: there is no domain registration to check"
    if bare == "localhost" or bare.endswith(".localhost"):
        return f"{host} is a loopback name: there is no domain registration to check"
    return None


def registrable_domain(host: str) -> str | None:
    """`www.shop.acme.co.uk` → `acme.co.uk` (ICANN suffixes only); None for a public suffix."""
    name = host.lower().rstrip(".")
    if no_domain_reason(name) is not None:
        return None
    found = _suffix_list().privatesuffix(name)
    return found if isinstance(found, str) else None


def parse_rdap_moment(value: object) -> datetime | None:
    """An RFC 3339 date-time in any offset (UTC when it gives none); None if not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().upper())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_domain_answer(domain: str, source: str, body: bytes) -> Registration:
    """The expiration event and status values of an RDAP domain object (RFC 9083, 5.3)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return Registration(domain, "no_answer", "the answer is not JSON", source)
    if not isinstance(data, dict):
        return Registration(domain, "no_answer", "the answer is not an RDAP object", source)
    if "errorCode" in data:  # an RFC 9083 error object sent with 200, as some servers do
        if data["errorCode"] == 404:
            return Registration(domain, "not_found", "RDAP answered error 404", source)
        reason = f"RDAP answered error {data['errorCode']!r}"
        return Registration(domain, "no_answer", reason, source)
    events = data.get("events")
    expires: datetime | None = None
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict) and str(event.get("eventAction", "")).lower() == "expiration":
            expires = parse_rdap_moment(event.get("eventDate"))
            if expires is None:
                reason = f"its expiration date {event.get('eventDate')!r} is not a date"
                return Registration(domain, "no_answer", reason, source)
            break
    status = data.get("status")
    values = status if isinstance(status, list) else []
    statuses = tuple(s.lower() for s in values if isinstance(s, str))
    return Registration(domain, "found", "", source, expires, statuses)


class RdapLookup:
    """Registrations of a run's domains: one lookup per registrable domain, shared by all
    the hosts in it (retries of that lookup are the Fetcher's and count as one)."""

    def __init__(self, fetcher: Fetcher, base: str | None = None) -> None:
        self.fetcher = fetcher
        self.base = base  # --rdap: every domain is looked up there
        self._ready: asyncio.Task[Bootstrap] | None = None
        self._lookups: dict[str, asyncio.Task[Registration]] = {}

    async def _load(self) -> Bootstrap:
        """The suffix list and bootstrap, built once in a thread (about 50 ms of CPU)."""
        await asyncio.to_thread(_suffix_list)
        return await asyncio.to_thread(shipped_bootstrap)

    async def registration(self, host: str) -> Registration:
        """What RDAP says about the registrable domain of `host`."""
        reason = no_domain_reason(host)
        if reason is not None:
            return Registration(None, "not_applicable", reason)
        if self._ready is None:
            self._ready = asyncio.ensure_future(self._load())
        bootstrap = await asyncio.shield(self._ready)  # shared: one target's cancel is not all's
        domain = registrable_domain(host)
        if domain is None:
            reason = f"{host} is a public suffix: there is no domain registration to check"
            return Registration(None, "not_applicable", reason)
        task = self._lookups.get(domain)
        if task is None:
            task = self._lookups[domain] = asyncio.ensure_future(self._lookup(domain, bootstrap))
        return await asyncio.shield(task)

    async def _lookup(self, domain: str, bootstrap: Bootstrap) -> Registration:
        base = self.base or bootstrap.base_for(domain)
        if base is None:
            tld = domain.rsplit(".", 1)[-1]
            reason = (
                f"no RDAP service for .{tld} in the IANA bootstrap of {bootstrap.publication[:10]}"
                " (give one with --rdap)"
            )
            return Registration(domain, "not_applicable", reason)
        source = f"{base.rstrip('/')}/domain/{domain}"
        chain = await follow(
            self.fetcher,
            source,
            max_redirects=RDAP_MAX_REDIRECTS,
            credentials=Credentials(origin_of(source), ACCEPT),
            body_limit=RDAP_BODY_LIMIT,
        )
        final = chain.final
        if chain.problem:
            return Registration(domain, "no_answer", f"redirects: {chain.describe()}", source)
        if final.error is not None:
            return Registration(domain, "no_answer", final.error.message, source)
        if final.status == 404:
            return Registration(domain, "not_found", "RDAP answered 404", source)
        if final.status != 200:
            busy = " (rate limited)" if final.status == 429 else ""
            return Registration(domain, "no_answer", f"RDAP answered {final.status}{busy}", source)
        if final.truncated:
            reason = f"the answer is larger than {RDAP_BODY_LIMIT // 1024} KiB"
            return Registration(domain, "no_answer", reason, source)
        return read_domain_answer(domain, source, final.body)


async def lookup_hosts(
    lookup: RdapLookup, hosts: list[str]
) -> tuple[tuple[str, Registration], ...]:
    """(host, registration) for each distinct registrable domain of `hosts`, in order."""
    found = await asyncio.gather(*(lookup.registration(host) for host in hosts))
    seen: set[str] = set()
    out: list[tuple[str, Registration]] = []
    for host, registration in zip(hosts, found, strict=True):
        key = registration.domain or host
        if key not in seen:
            seen.add(key)
            out.append((host, registration))
    return tuple(out)
