"""How fast, how lean and how exact is the microsite crawl on a 2,000-page site at 50 ms per answer?

Run: ``.venv/bin/python bench/crawl.py [--pages 2000] [--concurrency 50] [--per-host 50]
[--delay 0.05] [--profile FILE.prof]``.

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
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from checker.demo.routes import Request, Response, html_page
from checker.demo.world import World

ROOT = Path(__file__).resolve().parent.parent
HOST = "crawl-bench.test"
SITE = f"https://{HOST}"
SEED = 2027
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
    not_found = (404, "text/html", b"<h1>Not Found</h1>")

    def handler(req: Request) -> Response:
        if req.path == "/":
            return Response(301, (("Location", "/p/0.html"),), delay=delay)
        status, content_type, body = site.files.get(req.path, not_found)
        return Response(status, (("Content-Type", content_type),), body, delay=delay)

    world = World()
    world.add_host(HOST, catch_all=handler)
    return world.start()


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mib: float
    returncode: int
    stderr: str
    requests: list[Request]


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
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(
        wall, cpu, after.ru_maxrss / 1024, proc.returncode, proc.stderr, world.requests.since(mark)
    )


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=0, help="default: --concurrency")
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--profile", type=Path, help="also write a cProfile of the CLI here")
    parser.add_argument("--keep", type=Path, help="copy the JSON report here")
    parser.add_argument(
        "--via", type=Path, help="run the CLI through this script (A/B a monkeypatch)"
    )
    args = parser.parse_args()
    site = build_site(args.pages)
    world = serve(site, args.delay)
    try:
        with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
            folder = Path(tmp)
            write_manifest(folder, args.pages)
            run = run_cli(world, folder, args, args.profile)
            if not (folder / "report.json").exists():
                print(run.stderr[-3000:])
                return 1
            pages, broken, fragments = reported(folder / "report.json")
            if args.keep:
                args.keep.write_bytes((folder / "report.json").read_bytes())
    finally:
        world.stop()
    crawl = [r for r in run.requests if r.host == HOST and r.listener == "https"]
    keys = Counter((r.method, r.target) for r in crawl)
    distinct = len({target for _, target in keys})
    duplicates = [f"{m} {t} ×{n}" for (m, t), n in keys.items() if n > 1]
    head_then_get = sum(1 for (m, t) in keys if m == "HEAD" and ("GET", t) in keys)
    floor = distinct * args.delay / args.concurrency
    ratio = run.wall / floor
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
    print(f"wall time          {run.wall:.2f} s (subprocess, start to exit; exit {run.returncode})")
    print(f"floor              {floor:.2f} s (distinct URLs × delay / concurrency)")
    print(f"ratio to floor     {ratio:.2f}  (target ≤ 1.3)")
    print(f"peak RSS           {run.max_rss_mib:.0f} MiB  (target ≤ 150 MB)")
    print(f"CPU                {run.cpu:.2f} s, {run.cpu / max(pages, 1) * 1000:.2f} ms per page")
    print(f"duplicates         {len(duplicates)} {duplicates[:5]}")
    print(f"broken set exact   {exact}"
          + ("" if exact else f" missed {sorted(site.broken - broken)[:5]} "
             f"false {sorted(broken - site.broken)[:5]} fragments "
             f"{sorted(fragments ^ site.missing_fragments)[:5]}"))  # fmt: skip
    if args.profile:
        out = io.StringIO()
        pstats.Stats(str(args.profile), stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    ok = ratio <= 1.3 and not duplicates and run.max_rss_mib * 1.048576 <= 150 and exact
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
