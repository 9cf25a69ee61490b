"""Hand-made targets, answers and chains for the pure judge tests: no network, no event loop.

target = url_target("https://a.test/s", expect={"title": "Summer"})
outcome = title(target, Facts({LANDING: landing(answer(target.check_url, body=PAGE))}), AT)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx

from checker.checks.http.probe import Landing
from checker.checks.registry import Context
from checker.content.page import parse_page
from checker.manifest.model import Campaign
from checker.net.client import Fetched, FetchError
from checker.net.redirects import Chain
from checker.plan.targets import Target, expand

# The judges read the clock from the context only: these dates are far from the real one.
NOW = datetime(2027, 5, 1, 12, tzinfo=UTC)
LAUNCH = datetime(2027, 6, 1, 9, tzinfo=UTC)
AT = Context(NOW)


def targets(
    *,
    urls: tuple[Any, ...] = (),
    microsites: tuple[Any, ...] = (),
    launch: datetime = LAUNCH,
    ends: datetime | None = None,
    defaults: Mapping[str, Any] | None = None,
    base_dir: Path | None = None,
) -> list[Target]:
    """Every target of a campaign with these entries (as a manifest would list them)."""
    data: dict[str, Any] = {
        "campaign": "judged",
        "launch": launch.isoformat(),
        "urls": list(urls),
        "microsites": list(microsites),
    }
    if ends is not None:
        data["ends"] = ends.isoformat()
    if defaults:
        data["defaults"] = dict(defaults)
    context = {"base_dir": str(base_dir)} if base_dir else None
    return expand(Campaign.model_validate(data, context=context))


def url_target(url: str, **entry: Any) -> Target:
    """The `url` target of a one-entry campaign (`launch`, `ends`, `defaults`: the campaign's)."""
    campaign = {k: entry.pop(k) for k in ("launch", "ends", "defaults", "base_dir") if k in entry}
    (target, *_) = targets(urls=({"url": url, **entry},), **campaign)
    return target


def printed_target(url: str, printed: str, **entry: Any) -> Target:
    """The `printed` target of a one-entry campaign."""
    entries = ({"url": url, "printed": printed, **entry},)
    (target,) = [t for t in targets(urls=entries) if t.kind == "printed"]
    return target


def microsite_target(url: str, **entry: Any) -> Target:
    """The `microsite` target of a one-site campaign."""
    (target,) = targets(microsites=({"url": url, **entry},))
    return target


def html(title: str | None, body: str, head: str = "") -> bytes:
    """A small HTML page."""
    title_tag = f"<title>{title}</title>" if title is not None else ""
    return f"<!doctype html><html><head>{title_tag}{head}</head><body>{body}</body></html>".encode()


def answer(
    url: str,
    status: int = 200,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    ttfb_ms: float = 5.0,
    attempts: int = 1,
) -> Fetched:
    """An HTTP answer to GET `url`."""
    all_headers = {"content-type": "text/html; charset=utf-8", **(headers or {})}
    return Fetched(
        url,
        "GET",
        status=status,
        headers=httpx.Headers(all_headers),
        body=body,
        ttfb_ms=ttfb_ms,
        attempts=attempts,
    )


def failed(url: str, kind: str, message: str) -> Fetched:
    """A request to `url` that got no HTTP answer (`kind`: dns, connect, tls, timeout, ...)."""
    return Fetched(url, "GET", error=FetchError(kind, message))


def redirected(*urls: str, status: int = 301) -> tuple[Fetched, ...]:
    """Hops from each URL to the next (the last URL is where they point, not a hop)."""
    return tuple(answer(url, status, headers={"location": nxt}) for url, nxt in pairwise(urls))


def chain(*hops: Fetched, problem: str | None = None) -> Chain:
    """A redirect chain starting at the first hop's URL."""
    return Chain(hops[0].url, hops, problem)


def landing(*hops: Fetched, problem: str | None = None) -> Landing:
    """The landing fact of a chain: its final page parsed when the chain got an answer."""
    followed = chain(*hops, problem=problem)
    final = followed.final
    page = parse_page(final.url, final.headers, final.body) if followed.ok else None
    return Landing(followed, page)
