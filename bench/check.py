"""How fast does `campaign-check check` get through a portfolio when every answer takes 50 ms?

Run: ``.venv/bin/python bench/check.py [--targets 2000] [--hosts 200] [--manifests N]
[--runs 2] [--profile FILE.prof]``; the judged sizes are one command each:
``bench/check.py`` (2,000 targets) and ``bench/check.py --targets 20000`` (1,000 manifests).

Starts the offline demo ``World`` in this process with ``--hosts`` hosts (``bench-01.test``
…), ``--targets / --hosts`` landing pages each, where EVERY response (pages, vanity
redirects, the http:// → https:// redirect, robots.txt, the 404 of unknown paths) waits
``--delay`` seconds before its first byte. It writes the URL targets into ``--manifests``
manifests (default one per 20 targets; every third target a vanity link redirecting to its
landing page with the utm query kept), runs the real CLI as a subprocess against the world,
and prints:

* wall time, split into start-up, network span and the time after the last answer, and how
  full the span kept the concurrency limit, tenth by tenth;
* the requests the world saw (total, distinct, per kind) and duplicates;
* the floor, ``requests × delay / concurrency``, and the ratio of the wall time to it;
* the checker's own CPU (user + sys) in total and per URL target, and its own peak RSS (with
  the slope per target over a run that fetches nothing);
* what the second release's checks cost: RDAP lookups (``domain.expiry``, against an RDAP
  server of the world given with ``--rdap``; one per registrable domain is the target) and
  share-image requests (``content.share``: every host's pages share one ``og:image``);
  ``content.mixed`` makes no request.

Targets (issue 15): whole process ratio <= 1.3 at 2,000 targets, <= 1.5 and peak RSS
<= 400 MB at 20,000 (other sizes: ratio <= 1.5), at ``--concurrency 50``; no request made
twice for the same URL in one run; every target passes. Exit status 1 when a target is
missed, so it can be run by hand in CI. It is not part of the tests.

``--profile FILE`` adds one run under cProfile (not counted against the targets) and prints
the top CPU consumers, per URL target.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import pstats
import resource
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from installed import installed_env
from launcher import Launcher

from checker.demo.microsite import share_image
from checker.demo.rdap import RdapRegistry, rdap_host
from checker.demo.routes import Handler, Request, Response, html_page, page, slow
from checker.demo.world import World

ROOT = Path(__file__).resolve().parent.parent
PROBE_SUFFIX = "-campaign-checker-probe"
# Same command, judged after every flight has ended: nothing is fetched, so this run costs
# what every run costs whatever its size (interpreter, imports, manifests, reports).
ENDED = ("--now", "2099-01-01T00:00:00Z")
RDAP_HOST = "rdap.bench.test"
SHARE_IMAGE = "/img/og.jpg"


@dataclass(frozen=True)
class Judged:
    """What a run of one size must meet: wall / floor, and the checker's peak RSS."""

    ratio: float = 1.5
    rss_mb: float | None = None


# The sizes the checker is judged at (whole process, as a user runs it).
JUDGED = {2000: Judged(ratio=1.3), 20000: Judged(ratio=1.5, rss_mb=400)}


@dataclass(frozen=True)
class Portfolio:
    """The shape of the benchmark: hosts × pages, how many targets, how slow the server is."""

    hosts: int = 200
    pages: int = 10
    campaigns: int = 100
    delay: float = 0.05
    vanity_every: int = 3  # every Nth target is a vanity link that redirects
    padding_kb: int = 0  # extra markup per landing page (a script), to measure memory

    def host(self, index: int) -> str:
        return f"bench-{index + 1:02d}.test"

    @property
    def host_names(self) -> list[str]:
        return [self.host(i) for i in range(self.hosts)]

    @property
    def targets(self) -> int:
        return self.hosts * self.pages


# -- the world ---------------------------------------------------------------------------


def landing_html(host: str, n: int, padding_kb: int = 0) -> str:
    """A plausible ~6 KB campaign landing page (title, h1, text, nav, a script, canonical),
    plus `padding_kb` KB of inline script (markup, no visible text)."""
    title = f"{host} offer {n:02d} - 20% off everything"
    nav = "".join(f'<li><a href="/lp/{k:02d}">Offer {k:02d}</a></li>' for k in range(10))
    para = (
        "Summer sale: 20% off everything until August 31. Free delivery on orders over 50, "
        "free returns within 30 days, and a gift card for every tenth order. "
    )
    sections = "".join(
        f'<section id="s{i}"><h2>Part {i}</h2><p>{para * 4}</p>'
        f'<img src="/img/{n:02d}-{i}.jpg" alt="Offer {n} picture {i}"></section>'
        for i in range(8)
    )
    body = (
        f"<header><nav><ul>{nav}</ul></nav></header><main><h1>{title}</h1>{sections}</main>"
        '<footer><a href="/terms">Terms</a> <a href="/privacy">Privacy</a></footer>'
        '<script src="/static/app.js" defer></script>'
        + f"<script>var config = '{'x' * 1024 * padding_kb}';</script>"
        * bool(padding_kb)
    )
    head = (
        '<meta name="description" content="Bench campaign landing page">'
        f'<link rel="canonical" href="https://{host}/lp/{n:02d}">'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="og:image" content="https://{host}{SHARE_IMAGE}">'
    )
    return html_page(title, body, head)


def delayed(delay: float, inner: Handler) -> Handler:
    """*inner* on https, a redirect to https on plain http: either way after *delay* seconds.

    The world's built-in ``http_to_https`` redirect and its default 404 are not delayed, so
    hosts here do not use them: this handler (also the catch-all) answers the http listener
    itself, which makes every single response of a bench host wait the same time.
    """
    https = slow(delay, inner)

    def handler(req: Request) -> Response:
        if req.listener == "http":
            location = f"https://{req.host}{req.target}"
            return Response(301, (("Location", location),), delay=delay)
        return https(req)

    return handler


def build_world(p: Portfolio) -> World:
    """The bench hosts: /lp/NN landing pages, /go/NN vanity redirects, robots.txt, 404s,
    one share image each, and an RDAP server registering every bench domain for years."""
    world = World()
    not_found = page(html_page("Not Found", "<h1>404 Not Found</h1>"), status=404)
    robots = page("User-agent: *\nAllow: /\n", content_type="text/plain")
    image = page(share_image(), content_type="image/jpeg")
    registry = RdapRegistry(RDAP_HOST)
    for host in p.host_names:
        registry.register(host, datetime.now(UTC) + timedelta(days=3 * 365))
    spec = rdap_host(RDAP_HOST, registry, "bench RDAP registry")
    world.add_host(RDAP_HOST, catch_all=slow(p.delay, registry), doc=spec.doc)
    for host in p.host_names:
        routes: dict[str, Handler] = {
            "/robots.txt": delayed(p.delay, robots),
            SHARE_IMAGE: delayed(p.delay, image),
        }
        for n in range(p.pages):
            html = landing_html(host, n, p.padding_kb)
            routes[f"/lp/{n:02d}"] = delayed(p.delay, page(html))

            def vanity(req: Request, n: int = n) -> Response:
                query = f"?{req.query}" if req.query else ""  # keep utm_*
                return Response(301, (("Location", f"/lp/{n:02d}{query}"),))

            routes[f"/go/{n:02d}"] = delayed(p.delay, vanity)
        world.add_host(host, routes, catch_all=delayed(p.delay, not_found), doc="bench host")
    return world


def count_connections(world: World) -> Counter[str]:
    """Connections the world accepts, per listener ("http", "https"), counted as they open.

    Wraps the server's private ``_serve`` on this one instance: the listeners look it up on
    every connection, so nothing in the product or the world changes.
    """
    opened: Counter[str] = Counter()
    serve = world.http._serve

    async def counting(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, kind: str
    ) -> None:
        opened[kind] += 1
        await serve(reader, writer, kind)

    setattr(world.http, "_serve", counting)  # noqa: B010 (an instance attribute on purpose)
    return opened


# -- the manifests -----------------------------------------------------------------------


@dataclass(frozen=True)
class UrlSpec:
    url: str
    host: str
    landing: str  # the final URL without query
    vanity: bool


def portfolio_urls(p: Portfolio) -> list[UrlSpec]:
    """One URL target per (host, page); every `vanity_every`th one a vanity link."""
    specs: list[UrlSpec] = []
    for h, host in enumerate(p.host_names):
        for n in range(p.pages):
            vanity = (h * p.pages + n) % p.vanity_every == 0
            path = f"/go/{n:02d}" if vanity else f"/lp/{n:02d}"
            query = f"utm_source={'print' if vanity else 'ad'}&utm_campaign=bench-{h + 1:02d}"
            url = f"https://{host}{path}?{query}"
            specs.append(UrlSpec(url, host, f"https://{host}/lp/{n:02d}", vanity))
    return specs


def write_manifests(folder: Path, p: Portfolio) -> list[UrlSpec]:
    """`p.campaigns` manifests sharing the URL targets round-robin (hosts mix across files)."""
    specs = portfolio_urls(p)
    launch = (datetime.now(UTC) + timedelta(days=7)).date()
    for c in range(p.campaigns):
        lines = [
            f"campaign: bench-{c + 1}",
            f"launch: {launch.isoformat()}",
            f"ends: {(launch + timedelta(days=30)).isoformat()}",
            "urls:",
        ]
        for spec in specs[c :: p.campaigns]:
            n = spec.landing.rsplit("/", 1)[1]
            lines += [
                f"  - url: {spec.url}",
                "    expect:",
                f'      title: "offer {n}"',
                '      contains: ["20% off everything"]',
            ]
            if spec.vanity:
                lines.append(f"      final_url: {spec.landing}")
        (folder / f"bench-{c + 1}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return specs


# -- one run -----------------------------------------------------------------------------


@dataclass
class RunResult:
    wall: float
    returncode: int
    cpu: float  # user + sys, of the checker process alone
    max_rss_mib: float  # of the checker process alone (bench/launcher.py)
    world_cpu: float
    stderr: str
    requests: list[Request]
    started: float  # time.time() when the subprocess was spawned
    connections: Counter[str]  # accepted by the world during the run, per listener


def run_checker(
    launcher: Launcher,
    world: World,
    opened: Counter[str],
    folder: Path,
    out: Path,
    args: argparse.Namespace,
    profile: Path | None,
    extra: Sequence[str] = (),
) -> RunResult:
    """One `campaign-check check` subprocess against the world; its own CPU and RSS."""
    command = [sys.executable]
    if profile is not None and args.profiler == "pyinstrument":
        command += ["-m", "pyinstrument", "-r", "pstats", "-o", str(profile)]
    elif profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += [str(args.via)] if args.via else ["-m", "checker"]
    command += [
        "check", str(folder),
        "--concurrency", str(args.concurrency),
        "--per-host", str(args.per_host),
        "--json", str(out),
        "-q",
        "--connect-to", f":443::{world.https_port}",
        "--connect-to", f":80::{world.http_port}",
        "--nameserver", f"127.0.0.1:{world.dns_port}",
        "--ca-bundle", str(world.ca_bundle_path),
        "--rdap", f"https://{RDAP_HOST}/",
        *extra,
    ]  # fmt: skip
    mark = world.requests.mark()
    opened_before = opened.copy()
    self_before = resource.getrusage(resource.RUSAGE_SELF)
    started, measured = launcher.run(command, ROOT, installed_env())
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    world_cpu = (self_after.ru_utime - self_before.ru_utime) + (
        self_after.ru_stime - self_before.ru_stime
    )
    return RunResult(
        wall=measured.wall,
        returncode=measured.returncode,
        cpu=measured.cpu,
        max_rss_mib=measured.max_rss_mib,
        world_cpu=world_cpu,
        stderr=measured.stderr,
        requests=world.requests.since(mark),
        started=started,
        connections=opened - opened_before,
    )


# -- what the world saw ------------------------------------------------------------------


def kind_of(req: Request) -> str:
    """Which fact of the checker a request serves, from its method, listener and path."""
    if req.method != "GET":
        return f"{req.method} {req.path}"
    if req.listener == "http":
        return "GET http:// form (→ 301 https)"
    if req.path == "/robots.txt":
        return "GET /robots.txt"
    if req.path.endswith(PROBE_SUFFIX):
        return "GET catch-all probe (→ 404)"
    if req.path == SHARE_IMAGE:
        return "GET share image (content.share)"
    if req.path.startswith("/go/"):
        return "GET vanity link (→ 301)"
    if req.path.startswith("/lp/"):
        return "GET landing page"
    return "GET other"


@dataclass
class Traffic:
    total: int
    distinct: int
    kinds: Counter[str]
    duplicates: list[tuple[str, int]]
    per_host: Counter[str]
    probe_paths_per_host: int
    first: float
    last: float
    times: list[float]  # when each request arrived, in order
    others: int  # requests for hosts that are not bench hosts
    rdap: Counter[str]  # RDAP lookups per path (domain.expiry)
    share_images: int  # requests for share images (content.share)


def analyse(requests: Sequence[Request], p: Portfolio) -> Traffic:
    hosts = set(p.host_names)
    mine = [r for r in requests if r.host in hosts]
    scheme = {"http": "http", "https": "https"}
    keys = Counter(
        (r.method, f"{scheme.get(r.listener, r.listener)}://{r.host}{r.target}") for r in mine
    )
    duplicates = sorted(
        ((f"{m} {u}", n) for (m, u), n in keys.items() if n > 1), key=lambda d: -d[1]
    )
    probes = Counter(r.host for r in mine if r.path.endswith(PROBE_SUFFIX))
    times = sorted(r.time for r in mine) or [0.0]
    return Traffic(
        total=len(mine),
        distinct=len(keys),
        kinds=Counter(kind_of(r) for r in mine),
        duplicates=duplicates,
        per_host=Counter(r.host for r in mine),
        probe_paths_per_host=max(probes.values(), default=0),
        first=times[0],
        last=times[-1],
        times=times,
        others=len(requests) - len(mine),
        rdap=Counter(r.path for r in requests if r.host == RDAP_HOST),
        share_images=sum(r.path == SHARE_IMAGE for r in mine),
    )


@dataclass
class Verdict:
    targets: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def read_report(path: Path) -> Verdict:
    verdict = Verdict()
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        verdict.problems.append(f"no JSON report: {exc}")
        return verdict
    for campaign in report["campaigns"]:
        for target in campaign["targets"]:
            verdict.targets += 1
            verdict.statuses[target["status"]] += 1
            if target["status"] != "pass" and len(verdict.problems) < 5:
                bad = [
                    f"{c['id']}={c['status']}: {c['message']}"
                    for c in target["checks"]
                    if c["status"] != "pass"
                ]
                verdict.problems.append(f"{target['url']}: {'; '.join(bad)}")
    if not report.get("complete", False):
        verdict.problems.append("report is not complete")
    return verdict


# -- printing ----------------------------------------------------------------------------


def report_run(
    label: str,
    run: RunResult,
    traffic: Traffic,
    verdict: Verdict,
    args: argparse.Namespace,
    fixed: RunResult,
) -> list[str]:
    """Print one run's figures; return the targets it missed."""
    p: Portfolio = args.portfolio
    floor = traffic.total * p.delay / args.concurrency
    ratio = run.wall / floor if floor else float("inf")
    span = traffic.last - traffic.first + p.delay if traffic.total else 0.0
    startup = traffic.first - run.started if traffic.total else run.wall
    cpu = run.cpu
    print(f"== {label}")
    print(
        f"targets            {verdict.targets} URL targets on {p.hosts} hosts "
        f"({sum(1 for s in portfolio_urls(p) if s.vanity)} vanity links), "
        f"statuses {dict(verdict.statuses)}, checker exit {run.returncode}"
    )
    print(
        f"settings           --concurrency {args.concurrency} --per-host {args.per_host} "
        f"(per-host cap {args.per_host * p.hosts} in flight), delay {p.delay * 1000:.0f} ms"
    )
    print(f"wall time          {run.wall:.3f} s (subprocess, start to exit)")
    print(
        f"  of which         {startup:.3f} s start-up to first request, "
        f"{span:.3f} s first request to last answer, "
        f"{run.wall - startup - span:.3f} s after"
    )
    if traffic.total:
        tenths = [0] * 10
        for moment in traffic.times:
            tenths[min(int((moment - traffic.first) / span * 10), 9)] += 1
        full = span / 10 / p.delay * args.concurrency  # requests a tenth holds at the limit
        print(
            "  by tenths        "
            + " ".join(f"{n / full:4.0%}" for n in tenths)
            + " of the concurrency limit (requests started per tenth of the span)"
        )
    print(
        f"  per target       start-up {startup / p.targets * 1000:.3f} ms, "
        f"after {(run.wall - startup - span) / p.targets * 1000:.3f} ms"
    )
    print(
        f"requests           {traffic.total} to bench hosts ({traffic.distinct} distinct "
        f"method+URL), {traffic.others} to other hosts"
    )
    for kind, n in sorted(traffic.kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {n:5d}  {kind}")
    print(
        f"  per host         min {min(traffic.per_host.values(), default=0)}, "
        f"max {max(traffic.per_host.values(), default=0)}; "
        f"catch-all probe paths per host: up to {traffic.probe_paths_per_host}"
    )
    conns = run.connections
    print(
        f"connections        {conns.total()} accepted by the world: {conns['https']} https "
        f"(incl. TLS probes), {conns['http']} http; "
        f"{traffic.total / max(conns.total(), 1):.2f} requests per connection"
    )
    lookups = traffic.rdap.total()
    images = traffic.share_images
    print(
        f"new checks         domain.expiry: {lookups} RDAP lookups for {p.hosts} registrable "
        f"domains ({len(traffic.rdap)} distinct); content.share: {images} image requests for "
        f"{p.hosts} distinct og:images ({images / max(verdict.targets, 1):.2f} per target); "
        "content.mixed / crawl.mixed: none"
    )
    print(f"duplicates         {len(traffic.duplicates)} method+URL requested more than once")
    for what, n in traffic.duplicates[:5]:
        print(f"  {n}×  {what}")
    print(
        f"floor              {floor:.3f} s = {traffic.total} × {p.delay:g} s / {args.concurrency}"
    )
    print(
        f"ratio              {ratio:.2f} (wall / floor; target <= {args.max_ratio:g}); "
        f"network span / floor {span / floor if floor else 0:.2f}"
    )
    print(
        f"CPU (checker)      {cpu:.3f} s (user + sys), "
        f"{cpu / max(verdict.targets, 1) * 1000:.2f} ms per URL target"
    )
    fixed_cpu = fixed.cpu
    print(
        f"  fixed cost       {fixed_cpu:.3f} s CPU, {fixed.wall:.3f} s wall for the same command "
        f"with --now {ENDED[1]} (nothing fetched: interpreter, imports, manifests, reports; "
        f"{len(fixed.requests)} requests)"
    )
    print(
        f"  the rest         {cpu - fixed_cpu:.3f} s = "
        f"{(cpu - fixed_cpu) / max(verdict.targets, 1) * 1000:.2f} ms per URL target, "
        f"{(cpu - fixed_cpu) / max(traffic.total, 1) * 1000:.2f} ms per request; "
        f"ratio without the fixed wall time {(run.wall - fixed.wall) / floor if floor else 0:.2f}"
    )
    rss = run.max_rss_mib
    slope = (run.max_rss_mib - fixed.max_rss_mib) * 1024 / max(verdict.targets, 1)
    print(
        f"peak RSS (checker) {rss:.1f} MiB (target <= {args.max_rss_mb or 'none'}); "
        f"{fixed.max_rss_mib:.1f} MiB with nothing fetched, "
        f"+{slope:.1f} KiB per URL target"
    )
    print(f"CPU (world, this process) {run.world_cpu:.3f} s")
    missed: list[str] = []
    if ratio > args.max_ratio:
        missed.append(f"ratio {ratio:.2f} > {args.max_ratio:g}")
    if args.max_rss_mb is not None and rss * 1.048576 > args.max_rss_mb:
        missed.append(f"peak RSS {rss * 1.048576:.0f} MB > {args.max_rss_mb:g} MB")
    if traffic.duplicates:
        missed.append(f"{len(traffic.duplicates)} duplicate requests")
    if lookups != p.hosts or len(traffic.rdap) != p.hosts:
        missed.append(f"{lookups} RDAP lookups for {p.hosts} domains (one each expected)")
    if verdict.targets != p.targets or verdict.statuses.get("pass", 0) != p.targets:
        missed.append(f"not every target passed: {dict(verdict.statuses)}")
    missed += verdict.problems
    if run.returncode != 0:
        missed.append(f"checker exit {run.returncode}: {run.stderr.strip()[-500:]}")
    print("result             " + ("OK" if not missed else "MISSED: " + " | ".join(missed)))
    return missed


def print_profile(path: Path, targets: int, top: int) -> None:
    stats = pstats.Stats(str(path))
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"profile            {path}: {total:.3f} s CPU in the profiled (main) thread")
    for order, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        print(f"-- top {top} by {title} (ms per URL target = time / {targets})")
        buffer = io.StringIO()
        pstats.Stats(str(path), stream=buffer).sort_stats(order).print_stats(top)
        rows = buffer.getvalue().splitlines()
        start = next(i for i, line in enumerate(rows) if line.lstrip().startswith("ncalls"))
        for line in rows[start + 1 :]:
            parts = line.split(None, 5)
            if len(parts) < 6:
                continue
            own, cum = float(parts[1]), float(parts[3])
            where = parts[5].replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")
            site = "/site-packages/"
            if site in where:
                where = where.split(site, 1)[1]
            print(
                f"  own {own * 1000 / targets:6.2f}  cum {cum * 1000 / targets:6.2f} ms/target"
                f"  {parts[0]:>9} calls  {where[:110]}"
            )


# -- main --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--targets", type=int, default=2000, help="URL targets in all")
    parser.add_argument("--hosts", type=int, default=200, help="hosts the targets share")
    parser.add_argument(
        "--manifests", type=int, help="campaign files sharing the targets (default targets / 20)"
    )
    parser.add_argument("--runs", type=int, default=1, help="measured runs (fresh checker each)")
    parser.add_argument(
        "--padding-kb", type=int, default=0, help="KB of extra markup per landing page"
    )
    parser.add_argument("--max-ratio", type=float, help="default: the judged target of the size")
    parser.add_argument("--max-rss-mb", type=float, help="default: the judged target of the size")
    parser.add_argument("--keep", type=Path, help="copy the last run's JSON report here")
    parser.add_argument("--profile", type=Path, help="also profile one run into this .prof file")
    parser.add_argument(
        "--profiler",
        choices=("cprofile", "pyinstrument"),
        default="cprofile",
        help="cProfile (exact calls, inflates small functions) or pyinstrument (sampling, wall "
        "clock: idle time shows as epoll.poll; pip install pyinstrument into the venv)",
    )
    parser.add_argument("--top", type=int, default=25, help="profile rows to print")
    parser.add_argument(
        "--via",
        type=Path,
        help="run this script instead of `python -m checker` (A/B a monkeypatch, no edits)",
    )
    args = parser.parse_args(argv)
    if args.targets < 1 or args.hosts < 1 or args.targets % args.hosts:
        parser.error("--targets must be a positive multiple of --hosts")
    judged = JUDGED.get(args.targets, Judged())
    if args.max_ratio is None:
        args.max_ratio = judged.ratio
    if args.max_rss_mb is None:
        args.max_rss_mb = judged.rss_mb
    args.portfolio = Portfolio(
        hosts=args.hosts,
        pages=args.targets // args.hosts,
        campaigns=args.manifests or max(args.targets // 20, 1),
        delay=args.delay,
        padding_kb=args.padding_kb,
    )
    p: Portfolio = args.portfolio

    missed: list[str] = []
    with (
        Launcher() as launcher,  # before the world: see bench/launcher.py
        tempfile.TemporaryDirectory(prefix="cc-bench-") as tmp,
        build_world(p) as world,
    ):
        opened = count_connections(world)
        folder = Path(tmp) / "campaigns"
        folder.mkdir()
        write_manifests(folder, p)
        fixed = run_checker(
            launcher, world, opened, folder, Path(tmp) / "ended.json", args, None, ENDED
        )
        for i in range(args.runs):
            out = Path(tmp) / f"r{i}.json"
            run = run_checker(launcher, world, opened, folder, out, args, None)
            traffic = analyse(run.requests, p)
            verdict = read_report(out)
            missed += report_run(f"run {i + 1}/{args.runs}", run, traffic, verdict, args, fixed)
            if args.keep is not None:
                shutil.copyfile(out, args.keep)
        if args.profile is not None:
            out = Path(tmp) / "profiled.json"
            run = run_checker(launcher, world, opened, folder, out, args, args.profile.resolve())
            traffic = analyse(run.requests, p)
            print(
                f"== profiled run ({args.profiler}; not judged): wall {run.wall:.3f} s, "
                f"CPU {run.cpu:.3f} s, {traffic.total} requests, "
                f"{len(traffic.duplicates)} duplicates, checker exit {run.returncode}"
            )
            print_profile(args.profile.resolve(), p.targets, args.top)
        if world.errors:
            missed.append(f"world errors: {world.errors[:2]}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
