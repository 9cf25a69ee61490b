"""How fast, how lean and how exact is the microsite crawl on a 2,000-page site at 50 ms per answer?

Run: ``.venv/bin/python bench/crawl.py [--pages 2000] [--concurrency 50] [--per-host 50]
[--delay 0.05] [--runs 3] [--profile FILE.prof] [--compare linkinator,linkchecker]``.

Generates a deterministic static site (``crawl-bench.test``): ``--pages`` pages, each with
about 20 links (10 children in a tree, so every page is within depth 4, plus random pages,
some with ``#fragments``) and 5 assets (site-wide CSS, JS and logo, a page image and a
shared thumbnail); the CSS loads a font with ``url()``. 1% of the page links point at
missing pages, a few images are missing, a few fragments point at no id. The offline demo
World serves it in this process, every response (404s included) after ``--delay`` seconds;
the real CLI runs as a subprocess (``python -m checker check``) with one microsite target.

``--per-host`` defaults to the concurrency: the whole crawl is one host, and the CLI's
default ``--per-host 8`` would cap it at 8 requests in flight whatever ``--concurrency`` says.

Prints pages, distinct URLs, requests, wall time, the floor (distinct URLs × delay /
concurrency) and the ratio to it, the checker's peak RSS and CPU per page, duplicates,
and whether the report names exactly the broken URLs and fragments. Targets at
``--concurrency 50``: ratio <= 1.3, no URL requested twice, peak RSS <= 150 MB, exact
broken set. Exit status 1 when one is missed. Not a test.

``--compare`` then crawls the same served site, one after another, with the established
crawlers that are installed (``bench/rivals.py``: linkinator from npm, LinkChecker from PyPI;
neither is installed from here) at the same concurrency, and prints for each its wall time,
pages, requests and duplicates (from the world's log), own CPU and peak RSS, and the broken
URLs and missing fragments it found, missed and falsely reported. Our CLI must be faster
than each one and make no more mistakes, or the exit status is 1.
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from installed import installed_env
from rivals import RIVALS, Crawl, Measured, Reported, measure

from checker import __version__
from checker.demo.httpserver import LOOPBACK
from checker.demo.routes import Request, Response, html_page
from checker.demo.world import World

ROOT = Path(__file__).resolve().parent.parent
HOST = "crawl-bench.test"
SITE = f"https://{HOST}"
SEED = 2027
UNTHROTTLE = ("LinkChecker", "allow")  # see serve()
CSS = b"@font-face { font-family: B; src: url(/static/brand.woff2) } body { margin: 0 }"


@dataclass
class Site:
    """The generated site: path → (status, content type, body), and what must be reported."""

    files: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # absolute URLs
    missing_fragments: set[str] = field(default_factory=set)  # absolute URL#fragment


def _page_html(n: int, pages: int, rng: random.Random, site: Site) -> str:
    links = [f"/p/{c}.html" for c in range(10 * n + 1, min(10 * n + 11, pages))]
    while len(links) < 18:
        links.append(f"/p/{rng.randrange(pages)}.html")
    target = rng.randrange(pages)
    links.append(f"/p/{target}.html#s{rng.randrange(3)}")  # a good fragment
    if n % 97 == 5:
        links.append(f"/p/{target}.html#nope-{n}")
        site.missing_fragments.add(f"{SITE}/p/{target}.html#nope-{n}")
    if n % 100 == 7:  # 1% of pages link to a missing page
        links.append(f"/p/missing-{n}.html")
        site.broken.add(f"{SITE}/p/missing-{n}.html")
    image = f"/img/{n}.jpg" if n % 400 != 3 else f"/img/broken-{n}.jpg"
    if image.startswith("/img/broken"):
        site.broken.add(SITE + image)
    body = "".join(f'<li><a href="{href}">Link {i}</a></li>' for i, href in enumerate(links))
    sections = "".join(
        f'<section id="s{i}"><h2>Part {i}</h2><p>{"Summer sale, 20% off. " * 20}</p></section>'
        for i in range(3)
    )
    return html_page(
        f"Page {n}",
        f'<nav><ul>{body}</ul></nav><main>{sections}<img src="{image}" alt="">'
        f'<img src="/img/thumb-{n % 50}.jpg" alt=""><img src="/static/logo.png" alt=""></main>'
        '<script src="/static/app.js"></script>',
        '<link rel="stylesheet" href="/static/site.css">',
    )


def build_site(pages: int) -> Site:
    rng = random.Random(SEED)
    site = Site()
    html = "text/html; charset=utf-8"
    for n in range(pages):
        site.files[f"/p/{n}.html"] = (200, html, _page_html(n, pages, rng, site).encode())
        site.files[f"/img/{n}.jpg"] = (200, "image/jpeg", b"jpeg")
    for n in range(50):
        site.files[f"/img/thumb-{n}.jpg"] = (200, "image/jpeg", b"jpeg")
    site.files["/static/site.css"] = (200, "text/css", CSS)
    site.files["/static/app.js"] = (200, "text/javascript", b"void 0")
    site.files["/static/logo.png"] = (200, "image/png", b"png")
    site.files["/static/brand.woff2"] = (200, "font/woff2", b"woff2")
    site.files["/"] = (301, "text/plain", b"")
    return site


def serve(site: Site, delay: float) -> World:
    """Serve *site* as ``https://crawl-bench.test/`` and, for the crawlers of ``--compare``,
    ``https://127.0.0.1:PORT/`` (no SNI: the world's default certificate, which names the IP).
    Every answer says ``LinkChecker:`` so that LinkChecker may exceed 10 requests per second."""
    not_found = (404, "text/html", b"<h1>Not Found</h1>")

    def handler(req: Request) -> Response:
        if req.path == "/":
            return Response(301, (("Location", "/p/0.html"), UNTHROTTLE), delay=delay)
        status, content_type, body = site.files.get(req.path, not_found)
        headers = (("Content-Type", content_type), UNTHROTTLE)
        return Response(status, headers, body, delay=delay)

    world = World()
    world.add_host(HOST, catch_all=handler)
    world.add_host(LOOPBACK, catch_all=handler, cert=None)
    return world.start()


@dataclass(frozen=True)
class Run:
    measured: Measured
    requests: list[Request]
    started: float  # time.time() when the CLI was spawned


def run_cli(world: World, folder: Path, args: argparse.Namespace, profile: Path | None) -> Run:
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += [
        *([str(args.via)] if args.via else ["-m", "checker"]), "check", str(folder), "-q",
        "--json", str(folder / "report.json"),
        "--concurrency", str(args.concurrency),
        "--per-host", str(args.per_host or args.concurrency),
        "--retries", "0",
        *world.cli_args(),
    ]  # fmt: skip
    mark = world.requests.mark()
    started = time.time()
    return Run(measure(command, ROOT, installed_env()), world.requests.since(mark), started)


def write_manifest(folder: Path, pages: int) -> None:
    launch = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    (folder / "bench.yaml").write_text(
        f"campaign: crawl-bench\nlaunch: {launch}\nmicrosites:\n"
        f"  - url: {SITE}/\n    max_pages: {pages + 100}\n    max_depth: 10\n",
        encoding="utf-8",
    )


def reported(report_path: Path) -> tuple[int, set[str], set[str]]:
    """(pages crawled, broken URLs, missing fragments) as the JSON report says."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    target = report["campaigns"][0]["targets"][0]
    checks = {c["id"]: c for c in target["checks"]}
    broken = {
        item["url"]
        for c in ("crawl.links", "crawl.assets")
        for item in checks[c]["detail"]["broken"]
    }
    fragments = {item["url"] for item in checks["crawl.fragments"]["detail"]["broken"]}
    return checks["crawl.links"]["detail"]["pages"], broken, fragments


@dataclass(frozen=True)
class Row:
    """One crawler's line in the ``--compare`` table; URLs relative to the site root."""

    tool: str
    measured: Measured
    pages: int  # distinct HTML pages of the site fetched with GET
    requests: list[Request]
    found: tuple[int, int]  # broken URLs, missing fragments
    missed: list[str]
    false: list[str]

    @property
    def mistakes(self) -> int:
        return len(self.missed) + len(self.false)


def duplicates(requests: list[Request]) -> list[str]:
    """``METHOD target ×n`` for each method and target requested more than once on one
    listener (``http`` or ``https``)."""
    keys = Counter((r.listener, r.method, r.target) for r in requests)
    return [f"{m} {t} ×{n}" for (_, m, t), n in keys.items() if n > 1]


def make_row(
    tool: str,
    measured: Measured,
    requests: list[Request],
    site: Site,
    reported: Reported | None,
    base: str,
) -> Row:
    """Score *reported* (absolute URLs under *base*) against what the site breaks."""

    def relative(urls: set[str], prefix: str) -> set[str]:
        return {u.removeprefix(prefix) for u in urls}

    broken = relative(reported.broken, base) if reported else set()
    fragments = relative(reported.fragments, base) if reported else set()
    want = relative(site.broken, SITE)
    want_fragments = relative(site.missing_fragments, SITE)
    html = {path for path, (_, ctype, _) in site.files.items() if ctype.startswith("text/html")}
    return Row(
        tool,
        measured,
        len({r.path for r in requests if r.method == "GET" and r.path in html}),
        requests,
        (len(broken & want), len(fragments & want_fragments)),
        sorted((want - broken) | (want_fragments - fragments)),
        sorted((broken - want) | (fragments - want_fragments)),
    )


def run_rivals(world: World, site: Site, args: argparse.Namespace) -> tuple[list[Row], list[str]]:
    """Crawl the served site with each installed rival of ``--compare`` in turn: their rows,
    and the lines to print first (commands run, rivals not installed, unreadable output)."""
    base = f"https://{LOOPBACK}:{world.https_port}"
    rows, notes = [], []
    for name in args.compare:
        rival = RIVALS[name]
        executable = rival.executable()
        if executable is None:
            notes.append(f"{rival.name}: not installed, skipped; install: {rival.install}")
            continue
        tool = f"{rival.name} {rival.version(executable)}"
        with tempfile.TemporaryDirectory(prefix=f"crawl-bench-{name}-") as tmp:
            crawl = Crawl(base + "/", world.ca_bundle_path, args.concurrency, args.delay, Path(tmp))
            mark = world.requests.mark()
            outcome = rival.run(executable, crawl)
        notes.append(f"{tool}: {' '.join(outcome.command)}")
        if outcome.reported is None:
            notes.append(
                f"{tool}: no parsable output (exit {outcome.measured.returncode}): "
                + outcome.measured.stderr[-1000:]
            )
        requests = world.requests.since(mark, LOOPBACK)
        rows.append(make_row(tool, outcome.measured, requests, site, outcome.reported, base))
    return rows, notes


def print_comparison(rows: list[Row], notes: list[str], site: Site, delay: float) -> bool:
    """The table, then each crawler's mistakes; whether ours (the first row) beats the rest:
    faster than each, and no more mistakes."""
    print(
        f"\ncomparison         the same world, site and {delay * 1000:.0f} ms per answer, "
        "one crawler after another; ours first"
    )
    for note in notes:
        print(f"  {note}")
    print(
        f"{'crawler':<24}{'wall s':>7}{'× ours':>7}{'pages':>6}{'requests':>9}{'dups':>6}"
        f"{'RSS MiB':>8}{'CPU s':>7}{'broken':>8}{'fragments':>10}{'missed':>7}{'false':>6}"
    )
    ours = rows[0]
    for row in rows:
        m = row.measured
        print(
            f"{row.tool:<24}{m.wall:>7.2f}{m.wall / ours.measured.wall:>7.2f}{row.pages:>6}"
            f"{len(row.requests):>9}{len(duplicates(row.requests)):>6}{m.max_rss_mib:>8.0f}"
            f"{m.cpu:>7.2f}{f'{row.found[0]}/{len(site.broken)}':>8}"
            f"{f'{row.found[1]}/{len(site.missing_fragments)}':>10}"
            f"{len(row.missed):>7}{len(row.false):>6}"
        )
    for row in rows:
        for label, urls in (("missed", row.missed), ("false", row.false)):
            if urls:
                print(f"  {row.tool} {label}: {' '.join(urls)}")
    unbeaten = [
        r.tool
        for r in rows[1:]
        if ours.measured.wall >= r.measured.wall or ours.mistakes > r.mistakes
    ]
    print(
        f"ours beats         {len(rows) - 1 - len(unbeaten)} of {len(rows) - 1} "
        "(faster, no more mistakes)" + (f"; not {', '.join(unbeaten)}" if unbeaten else "")
    )
    return not unbeaten


def print_timeline(run: Run, delay: float, concurrency: int) -> None:
    """Where the wall time went: start-up, the crawl itself (and how full it kept the
    concurrency limit, tenth by tenth), and what came after the last answer."""
    if not run.requests:
        return
    times = sorted(r.time for r in run.requests)
    startup = times[0] - run.started
    span = times[-1] - times[0] + delay
    after = run.measured.wall - startup - span
    print(f"  of which         {startup:.2f} s start-up to first request, {span:.2f} s first "
          f"request to last answer, {after:.2f} s after")  # fmt: skip
    tenths = [0] * 10
    for t in times:
        tenths[min(int((t - times[0]) / span * 10), 9)] += 1
    full = span / 10 / delay * concurrency  # requests a tenth holds at the concurrency limit
    print("  crawl by tenths  " + " ".join(f"{n / full:4.0%}" for n in tenths)
          + " of the concurrency limit")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=0, help="default: --concurrency")
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument(
        "--runs", type=int, default=1, help="crawl this many times; the median run is judged"
    )
    parser.add_argument("--profile", type=Path, help="also write a cProfile of the CLI here")
    parser.add_argument("--keep", type=Path, help="copy the JSON report here")
    parser.add_argument(
        "--via", type=Path, help="run the CLI through this script (A/B a monkeypatch)"
    )
    parser.add_argument(
        "--compare",
        type=lambda value: value.split(","),
        default=[],
        help=f"then run these crawlers on the same site, when installed: {','.join(RIVALS)}",
    )
    args = parser.parse_args()
    if unknown := set(args.compare) - set(RIVALS):
        parser.error(f"--compare: unknown {', '.join(sorted(unknown))}; known: {', '.join(RIVALS)}")
    site = build_site(args.pages)
    world = serve(site, args.delay)
    try:
        with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
            folder = Path(tmp)
            write_manifest(folder, args.pages)
            outcomes: list[tuple[Run, int, set[str], set[str]]] = []
            for i in range(args.runs):
                run = run_cli(world, folder, args, args.profile if i == 0 else None)
                if not (folder / "report.json").exists():
                    print(run.measured.stderr[-3000:])
                    return 1
                outcomes.append((run, *reported(folder / "report.json")))
                if args.keep:
                    args.keep.write_bytes((folder / "report.json").read_bytes())
        rivals, notes = run_rivals(world, site, args)
    finally:
        world.stop()
    outcomes.sort(key=lambda outcome: outcome[0].measured.wall)
    run, pages, broken, fragments = outcomes[len(outcomes) // 2]
    every_run_exact = all(
        b == site.broken and f == site.missing_fragments for _, _, b, f in outcomes
    )
    every_run_single = all(not duplicates(o[0].requests) for o in outcomes)
    largest_rss = max(o[0].measured.max_rss_mib for o in outcomes)
    crawl = [r for r in run.requests if r.host == HOST and r.listener == "https"]
    keys = Counter((r.method, r.target) for r in crawl)
    distinct = len({target for _, target in keys})
    doubles = duplicates(crawl)
    head_then_get = sum(1 for (m, t) in keys if m == "HEAD" and ("GET", t) in keys)
    ours = run.measured
    floor = distinct * args.delay / args.concurrency
    ratio = ours.wall / floor
    if len(outcomes) > 1:
        ratios = ", ".join(f"{o[0].measured.wall / floor:.2f}" for o in outcomes)
        print(
            f"runs               {len(outcomes)}, ratios {ratios}: the median run is shown "
            "and judged; duplicates, broken set and RSS are judged on every run"
        )
    exact = broken == site.broken and fragments == site.missing_fragments
    per_host = args.per_host or args.concurrency
    print(
        f"site               {args.pages} pages, {len(site.broken)} broken URLs, "
        f"{len(site.missing_fragments)} missing fragments, {args.delay * 1000:.0f} ms per answer"
    )
    print(f"settings           --concurrency {args.concurrency} --per-host {per_host} --retries 0")
    print(f"pages crawled      {pages}")
    print(f"distinct URLs      {distinct}")
    print(
        f"requests made      {len(run.requests)} in all, {len(crawl)} to the site over https "
        f"({Counter(r.method for r in crawl)}; {head_then_get} HEAD confirmed by a GET)"
    )
    print(
        f"wall time          {ours.wall:.2f} s (subprocess, start to exit; exit {ours.returncode})"
    )
    print_timeline(run, args.delay, args.concurrency)
    print(f"floor              {floor:.2f} s (distinct URLs × delay / concurrency)")
    print(f"ratio to floor     {ratio:.2f}  (target ≤ 1.3)")
    print(f"peak RSS           {ours.max_rss_mib:.0f} MiB  (target ≤ 150 MB)")
    print(f"CPU                {ours.cpu:.2f} s, {ours.cpu / max(pages, 1) * 1000:.2f} ms per page")
    print(f"duplicates         {len(doubles)} {doubles[:5]}")
    print(f"broken set exact   {exact}"
          + ("" if exact else f" missed {sorted(site.broken - broken)[:5]} "
             f"false {sorted(broken - site.broken)[:5]} fragments "
             f"{sorted(fragments ^ site.missing_fragments)[:5]}"))  # fmt: skip
    if args.profile:
        out = io.StringIO()
        pstats.Stats(str(args.profile), stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    ok = ratio <= 1.3 and every_run_single and largest_rss * 1.048576 <= 150 and every_run_exact
    if args.compare:
        ours_row = make_row(
            f"campaign-checker {__version__}",
            ours,
            run.requests,
            site,
            Reported(broken, fragments),
            SITE,
        )
        ok = print_comparison([ours_row, *rivals], notes, site, args.delay) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
