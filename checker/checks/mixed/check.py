"""`content.mixed` (landing pages) and `crawl.mixed` (microsite crawls) in the registry."""

from __future__ import annotations

from checker.checks.mixed.judge import judge_content_mixed, judge_crawl_mixed
from checker.checks.registry import Context, check, landing, result
from checker.crawl.mixed import mixed_loads
from checker.facts import Facts
from checker.report import CheckResult, Status
from checker.targets import Target


@check("content.mixed", landing)
def content_mixed(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain, links = facts.chain, facts.links
    if chain is None or not chain.ok or chain.final.status != 200:
        message = "not checked: no page (see http.status)"
        return result("content.mixed", Status.SKIP, message, reason="prerequisite")
    if links is None:
        message = "not checked: the landing page is not HTML"
        return result("content.mixed", Status.SKIP, message, reason="not_applicable")
    loads = mixed_loads(links.links, links.form_actions)
    return judge_content_mixed(chain.final_url, loads, cut=chain.final.truncated)


@check("crawl.mixed", lambda t: t.kind == "microsite")
def crawl_mixed(target: Target, facts: Facts, context: Context) -> CheckResult:
    crawl = facts.crawl
    if crawl is None or crawl.skipped:
        why = crawl.skipped if crawl is not None else "the start page gave no answer"
        return result("crawl.mixed", Status.SKIP, f"not crawled: {why}", reason="prerequisite")
    return judge_crawl_mixed(crawl.start, crawl.mixed, crawl.pages)
