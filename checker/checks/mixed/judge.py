"""Judge mixed content: a blocked load (script, stylesheet, iframe, font, form target,
preload, ...) over `http://` on an https page fails; an image, audio or video warns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from checker.checks.crawl.judge import SHOWN, found_on
from checker.checks.crawl.probe import CRAWL
from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING, UNREAD_LINKS
from checker.checks.registry import Context, check, landing, skipped
from checker.crawl.mixed import PASSIVE, MixedLoad, mixed_loads
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status


def _named(items: Sequence[Mapping[str, Any]]) -> str:
    named = ", ".join(f"{i['kind']} {i['url']}" for i in items[:SHOWN])
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return named + more


def _status(items: Sequence[Mapping[str, Any]]) -> Status:
    if any(i["kind"] not in PASSIVE for i in items):
        return Status.FAIL
    return Status.WARN if items else Status.PASS


def not_applicable(check_id: str, url: str) -> CheckResult:
    """Skip for a page served over plain http://: nothing on it can be mixed."""
    message = f"not checked: {url} is not served over https (see http.https)"
    return skipped(check_id, SkipReason.NOT_APPLICABLE, message)


def judge_content_mixed(page_url: str, loads: Sequence[MixedLoad], *, cut: bool) -> CheckResult:
    """`content.mixed` for a landing page at `page_url` (`cut`: only its start was read)."""
    if not page_url.startswith("https://"):
        return not_applicable("content.mixed", page_url)
    items = [{"url": m.url, "kind": m.kind, "element": m.element} for m in loads]
    for item in items:
        if item["kind"] in PASSIVE:
            item["severity"] = "warn"
    detail: dict[str, Any] = {"mixed": items}
    note = " (only the start of the page was read)" if cut else ""
    if cut:
        detail["truncated"] = True
    status = _status(items)
    if status is Status.PASS:
        message = f"loads nothing over http://{note}"
    elif status is Status.FAIL:
        blocked = [i for i in items if i["kind"] not in PASSIVE]
        message = (
            f"browsers block what this https page loads over http://: {_named(blocked)}; "
            f"serve it over https{note}"
        )
    else:
        message = (
            f"loads {_named(items)} over http://: browsers flag the page as not secure; "
            f"serve them over https{note}"
        )
    return CheckResult("content.mixed", status, message, detail)


def judge_crawl_mixed(
    site: str, mixed: Mapping[tuple[str, str], Mapping[str, str]], pages: int
) -> CheckResult:
    """`crawl.mixed` over a microsite crawl: every offender in `detail.broken` with the
    pages (or stylesheets) that load it in `found_on`."""
    if not site.startswith("https://"):
        return not_applicable("crawl.mixed", site)
    items: list[dict[str, Any]] = []
    for (url, kind), refs in sorted(mixed.items()):
        blocked = kind not in PASSIVE
        item: dict[str, Any] = {
            "url": url,
            "error": f"{kind} over http://: {'blocked' if blocked else 'not secure'}",
            "kind": kind,
            "element": refs[min(refs)],
            **found_on(refs),
        }
        if not blocked:
            item["severity"] = "warn"
        items.append(item)
    detail = {"checked": pages, "broken": items}
    status = _status(items)
    if status is Status.PASS:
        message = f"{pages} https pages checked, none loads anything over http://"
    elif status is Status.FAIL:
        failing = [i for i in items if "severity" not in i]
        message = (
            f"{len(failing)} http:// loads that browsers block on {pages} pages: "
            f"{_named(failing)}; serve them over https"
        )
    else:
        message = (
            f"{len(items)} images or media over http:// on {pages} pages: {_named(items)}; "
            "browsers flag those pages as not secure"
        )
    return CheckResult("crawl.mixed", status, message, detail)


@check("content.mixed", landing, needs=(LANDING,))
def content_mixed(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain, page, links = facts[LANDING].chain, facts[LANDING].page, facts[LANDING].links
    if page is None or chain.final.status != 200:
        message = "not checked: no page (see http.status)"
        return skipped("content.mixed", SkipReason.PREREQUISITE, message)
    if not page.is_html:
        message = "not checked: the landing page is not HTML"
        return skipped("content.mixed", SkipReason.NOT_APPLICABLE, message)
    if links is None:
        return skipped("content.mixed", SkipReason.PREREQUISITE, UNREAD_LINKS)
    loads = mixed_loads(links.links, links.form_actions)
    return judge_content_mixed(chain.final_url, loads, cut=chain.final.truncated)


@check("crawl.mixed", lambda t: t.kind == "microsite", needs=(CRAWL,))
def crawl_mixed(target: Target, facts: Facts, context: Context) -> CheckResult:
    crawl = facts[CRAWL]
    if crawl is None or crawl.skipped:
        why = crawl.skipped if crawl is not None else "the start page gave no answer"
        return skipped("crawl.mixed", SkipReason.PREREQUISITE, f"not crawled: {why}")
    return judge_crawl_mixed(crawl.start, crawl.mixed, crawl.pages)
