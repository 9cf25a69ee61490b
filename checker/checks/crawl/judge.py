"""`crawl.links`, `crawl.assets`, `crawl.fragments`, and one target per broken URL a crawl found.

Broken URLs are listed in `detail.broken` as `{url, status | error, found_on, element}`
(warn-only ones, such as a 403 from an off-site host, carry `"severity": "warn"`);
passing URLs are only counted in `detail.checked`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.checks.crawl.probe import CRAWL
from checker.checks.facts import Facts
from checker.checks.registry import Context, check, result, skipped
from checker.crawl.crawler import Entry, Role, SiteCrawl
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status, TargetResult, worst

FOUND_ON_LIMIT = 100  # pages listed per broken URL; the total is given too
SHOWN = 3  # broken URLs named in a message


def _microsite(target: Target) -> bool:
    return target.kind == "microsite"


def found_on(refs: Mapping[str, str]) -> dict[str, Any]:
    """`found_on`: the pages referencing a URL, sorted, at most FOUND_ON_LIMIT of them (and
    `found_on_total` when there are more)."""
    pages = sorted(refs)
    out: dict[str, Any] = {"found_on": pages[:FOUND_ON_LIMIT]}
    if len(pages) > FOUND_ON_LIMIT:
        out["found_on_total"] = len(pages)
    return out


def _answer(entry: Entry) -> dict[str, Any]:
    outcome = entry.outcome
    assert outcome is not None
    out: dict[str, Any] = {"url": entry.url}
    if outcome.code is not None:
        out["status"] = outcome.code
    else:
        out["error"] = outcome.error
    if outcome.final_url:
        out["final_url"] = outcome.final_url
    if outcome.status is Status.WARN:
        out["severity"] = "warn"
    return out


def _broken(crawl: SiteCrawl, role: Role) -> tuple[list[Entry], int]:
    """Entries of `role` that did not pass (sorted), and how many of that role were checked."""
    checked = [e for e in crawl.entries.values() if role in e.refs and e.outcome is not None]
    bad = sorted((e for e in checked if e.outcome and not e.outcome.ok), key=lambda e: e.url)
    return bad, len(checked)


def _skipped(check_id: str, crawl: SiteCrawl | None) -> CheckResult | None:
    if crawl is None:
        message = "not crawled: the start page gave no answer"
        return skipped(check_id, SkipReason.PREREQUISITE, message)
    if crawl.skipped:
        return skipped(check_id, SkipReason.PREREQUISITE, f"not crawled: {crawl.skipped}")
    return None


def _problem(item: dict[str, Any]) -> str:
    return str(item.get("status", item.get("error")))


def _judge(check_id: str, facts: Facts, role: Role, noun: str) -> CheckResult:
    if skipped := _skipped(check_id, facts[CRAWL]):
        return skipped
    crawl = facts[CRAWL]
    assert crawl is not None
    bad, checked = _broken(crawl, role)
    items = [
        {**_answer(e), **found_on(e.refs[role]), "element": e.refs[role][min(e.refs[role])]}
        for e in bad
    ]
    detail: dict[str, Any] = {"checked": checked, "broken": items, "pages": crawl.pages}
    if role == "links":
        detail |= {
            "sitemap_only": crawl.sitemap_only,
            "not_crawled": crawl.not_crawled,
            "excluded": crawl.excluded,
            "external_skipped": crawl.external_skipped,
        }
    status = worst([e.outcome.status for e in bad if e.outcome]) if bad else Status.PASS
    cut = _cut_pages(crawl) if role == "links" else ""
    if cut:
        detail["cut"] = [{"url": page, "reason": why} for page, why in sorted(crawl.cut.items())]
    if status is Status.PASS:
        message = f"{checked} {noun} checked on {crawl.pages} pages, none broken"
        if role == "links" and crawl.sitemap_only:
            message += f"; {len(crawl.sitemap_only)} pages only the sitemap links to"
        return result(check_id, Status.WARN if cut else status, message + cut, **detail)
    failing = [i for i in items if "severity" not in i] or items
    named = ", ".join(f"{i['url']} ({_problem(i)})" for i in failing[:SHOWN])
    more = f" and {len(failing) - SHOWN} more" if len(failing) > SHOWN else ""
    if status is Status.WARN:
        message = f"{len(items)} of {checked} {noun} refuse automated checks: {named}{more}"
    else:
        message = f"{len(failing)} of {checked} {noun} broken: {named}{more}"
    return result(check_id, status, message + cut, **detail)


def _cut_pages(crawl: SiteCrawl) -> str:
    """What the links check says of pages read only in part ("" if none)."""
    if not crawl.cut:
        return ""
    cut = sorted(crawl.cut.items())
    named = ", ".join(f"{page} {why}" for page, why in cut[:SHOWN])
    more = f" and {len(cut) - SHOWN} more" if len(cut) > SHOWN else ""
    return f"; {named}{more}: links past the cut were not checked"


@check("crawl.links", _microsite, needs=(CRAWL,))
def links(target: Target, facts: Facts, context: Context) -> CheckResult:
    return _judge("crawl.links", facts, "links", "links")


@check("crawl.assets", _microsite, needs=(CRAWL,))
def assets(target: Target, facts: Facts, context: Context) -> CheckResult:
    return _judge("crawl.assets", facts, "assets", "assets")


@check("crawl.fragments", _microsite, needs=(CRAWL,))
def fragments(target: Target, facts: Facts, context: Context) -> CheckResult:
    if skipped := _skipped("crawl.fragments", facts[CRAWL]):
        return skipped
    crawl = facts[CRAWL]
    assert crawl is not None
    missing = sorted(crawl.missing_fragments, key=lambda m: (m.url, m.fragment))
    items = [
        {
            "url": f"{m.url}#{m.fragment}",
            "fragment": m.fragment,
            "error": "no element with this id or name",
            **found_on(m.found_on),
            "element": m.found_on[min(m.found_on)],
        }
        for m in missing
    ]
    detail = {"checked": crawl.fragments_checked, "broken": items}
    if not items:
        message = f"{crawl.fragments_checked} fragments checked, none missing"
        return result("crawl.fragments", Status.PASS, message, **detail)
    named = ", ".join(i["url"] for i in items[:SHOWN])
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    message = (
        f"{len(items)} of {crawl.fragments_checked} #fragment links point at no id: "
        f"{named}{more}; add the id or fix the link"
    )
    return result("crawl.fragments", Status.WARN, message, **detail)


def broken_targets(crawl: SiteCrawl | None) -> list[TargetResult]:
    """One target (kind page/link/asset) per broken URL found by the crawl."""
    if crawl is None or crawl.skipped:
        return []
    out = []
    for entry in sorted(crawl.entries.values(), key=lambda e: (e.kind, e.url)):
        outcome = entry.outcome
        if outcome is None or outcome.ok or not entry.refs:
            continue
        refs = {page: elem for by_page in entry.refs.values() for page, elem in by_page.items()}
        detail = {**_answer(entry), **found_on(refs), "element": refs[min(refs)]}
        detail.pop("url")
        detail["method"] = outcome.method
        pages = "1 page" if len(refs) == 1 else f"{len(refs)} pages"
        message = f"{outcome.message}; referenced by {pages}"
        checks = [CheckResult(outcome.check, outcome.status, message, detail)]
        out.append(TargetResult(entry.url, entry.kind, checks))
    return out
