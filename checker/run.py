"""Run the checks for a set of campaigns: targets → facts → checks → verdicts → one Report.

The run is bounded: `deadline` turns unfinished checks into `skip` with the reason,
and a stop request (SIGINT/SIGTERM) does the same, so a partial run still yields
a report (with `complete: false`).

The checks and the network clients are imported when there is something to check: a run
whose campaigns have all ended loads neither (issue 15: `check` with nothing to fetch).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from checker.manifest.model import Campaign, Settings
from checker.net.proxy import ProxySettings
from checker.plan import settings as defaults
from checker.plan.targets import Target, expand
from checker.report.model import (
    CheckResult,
    Phase,
    Report,
    Scope,
    SkipReason,
    Status,
    TargetResult,
)
from checker.report.verdict import campaign_result, phase

if TYPE_CHECKING:
    from checker.checks.facts import Network
    from checker.checks.suite import Context
    from checker.crawl.crawler import OnProgress
    from checker.plan.window import Window

Progress = Callable[[Target, TargetResult], None]
WINDOW_PER_SLOT = 4  # targets in progress per request slot (--concurrency)
WINDOW_PER_HOST_SLOT = 2  # targets of one host in progress per --per-host slot


@dataclass
class RunOptions:
    """Everything `campaign-check check` can be told (CONTRACT.md, "Commands")."""

    now: datetime | None = None
    connect_to: list[str] = field(default_factory=list)
    resolve: list[str] = field(default_factory=list)
    nameservers: list[str] = field(default_factory=list)
    ca_bundle: str | None = None
    concurrency: int = defaults.CONCURRENCY
    per_host: int = defaults.PER_HOST
    timeout: float | None = None  # overrides the built-in 10 s, not the manifests
    retries: int = defaults.RETRIES
    deadline: float | None = None
    include_ended: bool = False
    campaigns: list[str] = field(default_factory=list)
    shard: tuple[int, int] | None = None  # (K, N), 1-based K
    proxy: str | None = None  # --proxy; "" turns the environment's proxies off
    user_agent: str | None = None  # --user-agent; default: campaign-checker/VERSION (+URL)
    rdap: str | None = None  # --rdap: RDAP base URL for every domain lookup
    progress: Progress | None = None
    crawl_progress: OnProgress | None = None


def in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    """Stable split: a campaign's shard depends on its slug only, not on the others."""
    if shard is None:
        return True
    index, count = shard
    digest = int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big")
    return digest % count == index - 1


def select(campaigns: list[Campaign], options: RunOptions) -> list[Campaign]:
    """Campaigns kept by --campaign and --shard, in launch order."""
    chosen = [
        c
        for c in campaigns
        if (not options.campaigns or c.campaign in options.campaigns)
        and in_shard(c.campaign, options.shard)
    ]
    return sorted(chosen, key=lambda c: (c.launch, c.campaign))


def run_scope(options: RunOptions) -> Scope:
    """The part of the portfolio `options` select (the report's `scope`)."""
    shard = f"{options.shard[0]}/{options.shard[1]}" if options.shard else None
    return Scope(tuple(sorted(set(options.campaigns))) or None, shard)


def check_network_options(options: RunOptions) -> None:
    """Raise ValueError naming the option (or variable) when a curl-style value does not parse."""
    if options.connect_to or options.resolve or options.nameservers:  # parsers need the clients
        from checker.net.resolver import parse_nameserver
        from checker.net.transport import ConnectTo, ResolveTo

        parsers = (
            ("--connect-to", options.connect_to, ConnectTo.parse),
            ("--resolve", options.resolve, ResolveTo.parse),
            ("--nameserver", options.nameservers, parse_nameserver),
        )
        for flag, values, parse in parsers:
            for value in values:
                try:
                    parse(value)
                except ValueError as exc:
                    raise ValueError(f"{flag} {value!r}: {exc}") from None
    if options.proxy and "://" not in options.proxy and ":" not in options.proxy.strip("[]"):
        message = "give a proxy URL with a scheme or a port, e.g. http://proxy.example:3128"
        raise ValueError(f"--proxy {options.proxy!r}: {message}")
    ProxySettings.from_environment(os.environ, options.proxy)
    agent = options.user_agent
    if agent is not None and (not agent.strip() or any(ord(c) < 32 or c == "\x7f" for c in agent)):
        raise ValueError(f"--user-agent {agent!r}: give one line of printable text")
    if options.rdap is not None:
        from checker.checks.domain.options import check_rdap_base

        check_rdap_base(options.rdap)


def build_network(options: RunOptions) -> Network:
    """The run-wide resolver, router, HTTP client and TLS prober (validates curl-style options)."""
    from checker.checks.domain.rdap import RdapLookup
    from checker.checks.facts import Network
    from checker.net.client import Fetcher
    from checker.net.resolver import Resolver, parse_nameserver
    from checker.net.tlsprobe import TlsProber
    from checker.net.transport import ConnectTo, ResolveTo, Router

    timeout = options.timeout or defaults.TIMEOUT_S
    nameservers = [parse_nameserver(n) for n in options.nameservers]
    resolver = Resolver(nameservers or None, timeout=min(timeout, defaults.DNS_TIMEOUT_CAP_S))
    router = Router(
        resolver,
        connect_to=[ConnectTo.parse(c) for c in options.connect_to],
        resolve=[ResolveTo.parse(r) for r in options.resolve],
        proxies=ProxySettings.from_environment(os.environ, options.proxy),
    )
    fetcher = Fetcher(
        router,
        ca_bundle=options.ca_bundle,
        concurrency=options.concurrency,
        per_host=options.per_host,
        timeout=timeout,
        retries=options.retries,
        user_agent=options.user_agent,
    )
    prober = TlsProber(router, options.ca_bundle, timeout)
    rdap = RdapLookup(fetcher, options.rdap)
    return Network(resolver, fetcher, prober, rdap, on_crawl=options.crawl_progress)


def _skipped(target: Target, reason: SkipReason, why: str) -> TargetResult:
    from checker.checks.suite import planned

    detail = {"reason": str(reason)}
    checks = [
        CheckResult(c.id, Status.SKIP, f"not checked: {why}", dict(detail)) for c in planned(target)
    ]
    return TargetResult(target.url, target.kind, checks, line=target.line or None)


def _secret_skip(target: Target) -> TargetResult:
    """Every check of a target whose credentials need an unset `${VAR}`."""
    unset = target.unset[0]
    why = (
        f"environment variable {unset.variable} is not set ({unset.file}:{unset.line} {unset.key})"
    )
    result = _skipped(target, SkipReason.SECRET, why)
    for check in result.checks:
        check.detail["variables"] = sorted({u.variable for u in target.unset})
    return result


async def _check_target(network: Network, target: Target, context: Context) -> list[TargetResult]:
    """The target's own result first (with the time it took), then one per broken URL its
    crawl found; all carry the target's manifest line."""
    from checker.checks.crawl.judge import broken_targets
    from checker.checks.crawl.probe import CRAWL
    from checker.checks.facts import Gathering
    from checker.checks.suite import needed_facts, planned, run_checks

    if target.unset:
        return [_secret_skip(target)]
    started = time.monotonic()
    checks = planned(target)
    facts = await Gathering(network, target).gather(needed_facts(checks))
    own = TargetResult(target.url, target.kind, run_checks(target, checks, facts, context))
    own.duration = round(time.monotonic() - started, 3)
    found = broken_targets(facts.get(CRAWL))
    for result in (own, *found):
        result.line = target.line or None
    return [own, *found]


async def run_async(
    campaigns: list[Campaign], options: RunOptions, stop: asyncio.Event | None = None
) -> Report:
    """Check `campaigns`; finishes early (with skips) at the deadline or when `stop` is set."""
    now = options.now or datetime.now(UTC)
    generated = datetime.now(UTC)
    started = time.monotonic()
    chosen = select(campaigns, options)
    cli = Settings(timeout=options.timeout) if options.timeout else None
    plan = {
        c.campaign: expand(c, cli)
        for c in chosen
        if options.include_ended or phase(c, now) is not Phase.ENDED
    }
    targets = [target for planned_targets in plan.values() for target in planned_targets]
    finished: dict[Target, list[TargetResult]] = {}
    failed: dict[Target, BaseException] = {}
    stopped = None
    if targets:
        from checker.checks.suite import Context

        network = build_network(options)
        window = _start(network, targets, Context(now), options)
        stopped = await _wait(window.finished, options.deadline, stop)
        window.stop()
        await asyncio.gather(*window.running.values(), return_exceptions=True)
        finished, failed = window.results, window.errors
        await network.fetcher.close()
    results: dict[Target, list[TargetResult]] = {}
    for target in targets:
        if target in finished:
            results[target] = finished[target]
        elif (error := failed.get(target)) is not None:
            why = f"internal error ({type(error).__name__}: {error}); please report it"
            results[target] = [_skipped(target, SkipReason.ERROR, why)]
        else:  # cut short, or never started
            reason, why = stopped or (SkipReason.ERROR, "internal error: cancelled")
            results[target] = [_skipped(target, reason, why)]
    report = Report(generated_at=generated, now=now, complete=stopped is None)
    report.scope = run_scope(options)
    report.incomplete_reason = stopped[1] if stopped else None
    report.duration = round(time.monotonic() - started, 3)
    for campaign in chosen:
        done = [r for t in plan.get(campaign.campaign, []) for r in results[t]]
        checked = campaign.campaign in plan
        report.campaigns.append(campaign_result(campaign, now, done, checked=checked))
    return report


def run_check(campaigns: list[Campaign], options: RunOptions | None = None) -> Report:
    """Check `campaigns` (from :func:`checker.manifest.load.load_campaigns`); the report."""
    return asyncio.run(run_async(campaigns, options or RunOptions()))


def _start(
    network: Network, targets: list[Target], context: Context, options: RunOptions
) -> Window[Target, list[TargetResult]]:
    """Start checking `targets`: a few times `--concurrency` of them in progress at once
    (enough to keep every request slot busy), at most twice `--per-host` of one host."""
    from checker.plan.window import Window

    def done(target: Target, task: asyncio.Task[list[TargetResult]]) -> None:
        if options.progress and not task.cancelled() and task.exception() is None:
            options.progress(target, task.result()[0])

    return Window(
        targets,
        key=lambda target: urlsplit(target.check_url).hostname or "",
        start=lambda target: _check_target(network, target, context),
        width=WINDOW_PER_SLOT * options.concurrency,
        per_key=WINDOW_PER_HOST_SLOT * options.per_host,
        on_done=done,
    )


async def _wait(
    everything: asyncio.Future[None],
    deadline: float | None,
    stop: asyncio.Event | None,
) -> tuple[SkipReason, str] | None:
    """Wait for `everything`; why the run stopped early, or None."""
    waiters: set[asyncio.Future[object]] = {everything}  # type: ignore[arg-type]
    stopper = asyncio.ensure_future(stop.wait()) if stop else None
    if stopper:
        waiters.add(stopper)  # type: ignore[arg-type]
    done, _ = await asyncio.wait(waiters, timeout=deadline, return_when=asyncio.FIRST_COMPLETED)
    for waiter in waiters - done:
        waiter.cancel()
    if everything in done:
        return None
    if stopper in done:
        return SkipReason.INTERRUPTED, "interrupted"
    return SkipReason.DEADLINE, f"--deadline of {deadline:g} s reached"
