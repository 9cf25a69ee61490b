"""`content.*`: is this the intended page (text, title), not a placeholder, and indexable."""

from __future__ import annotations

import httpx

from checker.checks.content.probe import CANONICAL, CATCH_ALL, ROBOTS, Canonical
from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING
from checker.checks.registry import Context, check, landing, result, skipped
from checker.content import fingerprints
from checker.content.page import Page
from checker.content.robots import robots_disallows
from checker.net.parsed import parsed_url
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status


def _no_page(check_id: str) -> CheckResult:
    message = "not checked: no page to read (see http.status)"
    return skipped(check_id, SkipReason.PREREQUISITE, message)


def missing_texts(page: Page, wanted: tuple[str, ...]) -> list[str]:
    """Expected texts absent from the page (whitespace-insensitive, case kept)."""
    return [text for text in wanted if " ".join(text.split()) not in page.text]


def title_problem(page: Page, wanted: str) -> str | None:
    """Why the page title does not contain `wanted`, or None."""
    if page.title is None:
        return "the page has no <title>"
    return None if wanted in page.title else f'title is "{page.title}"'


@check("content.text", lambda t: landing(t) and bool(t.expect.contains), needs=(LANDING,))
def text(target: Target, facts: Facts, context: Context) -> CheckResult:
    page = facts[LANDING].page
    if page is None:
        return _no_page("content.text")
    missing = missing_texts(page, target.expect.contains)
    if missing:
        quoted = ", ".join(f'"{m}"' for m in missing)
        message = f"page does not contain {quoted}: is the final content deployed?"
        return result("content.text", Status.FAIL, message, missing=missing)
    return result("content.text", Status.PASS, f"contains {len(target.expect.contains)} text(s)")


@check("content.title", lambda t: landing(t) and t.expect.title is not None, needs=(LANDING,))
def title(target: Target, facts: Facts, context: Context) -> CheckResult:
    assert target.expect.title is not None
    page = facts[LANDING].page
    if page is None:
        return _no_page("content.title")
    problem = title_problem(page, target.expect.title)
    if problem:
        message = f'{problem}, expected it to contain "{target.expect.title}"'
        return result("content.title", Status.FAIL, message, title=page.title)
    return result("content.title", Status.PASS, f'title "{page.title}"')


def _same_page(a: Page, b: Page) -> bool:
    return a.title == b.title and a.text[:2000] == b.text[:2000]


@check("content.placeholder", landing, needs=(LANDING, CATCH_ALL))
def placeholder(target: Target, facts: Facts, context: Context) -> CheckResult:
    page, chain = facts[LANDING].page, facts[LANDING].chain
    if page is None:
        return _no_page("content.placeholder")
    match = fingerprints.match_placeholder(page.title, page.h1, page.text, chain.final.headers)
    if match is not None:
        message = (
            f"{chain.final_url} shows a {match.label}, not the campaign page: deploy the real page"
        )
        return result(
            "content.placeholder", Status.FAIL, message, category=match.category, id=match.id
        )
    catch_all = facts[CATCH_ALL]
    if catch_all is not None and catch_all.page is not None and _same_page(page, catch_all.page):
        probe = catch_all.chain
        message = (
            f"{parsed_url(chain.final_url).host} answers any path with 200 and this same page "
            f"(tried {probe.start}): `status: 200` proves nothing here; make unknown paths 404"
        )
        return result("content.placeholder", Status.WARN, message, catch_all=probe.start)
    return result("content.placeholder", Status.PASS, "not a placeholder, parked or default page")


def noindex_in(page: Page, headers: httpx.Headers) -> list[str]:
    """What tells search engines not to index `page`: meta robots, X-Robots-Tag."""
    found = []
    if "noindex" in page.robots or "none" in page.robots.split(","):
        found.append(f'<meta name="robots" content="{page.robots}">')
    header = headers.get("x-robots-tag", "").lower()
    if "noindex" in header:
        found.append(f"X-Robots-Tag: {header}")
    return found


def canonical_problem(canonical: Canonical) -> str | None:
    """Why search engines will not index the page under its canonical URL, or None."""
    if canonical.chain is None:
        return f'canonical "{canonical.written}" is not a web URL'
    final = canonical.chain.final
    if final.error is not None:
        return f"canonical {canonical.url} gives no answer ({final.error.message})"
    if final.status != 200:
        return f"canonical {canonical.url} answers {final.status}"
    page = canonical.page
    if page is None:
        return f"canonical {canonical.url} gives no page"
    if noindex := noindex_in(page, final.headers):
        return f"canonical {canonical.url} answers noindex ({'; '.join(noindex)})"
    further = page.canonical
    if further and parsed_url(further).host != parsed_url(canonical.chain.final_url).host:
        return f"canonical {canonical.url} points further away, to {further}"
    return None


@check(
    "content.indexable",
    lambda t: landing(t) and t.expect.indexable,
    needs=(LANDING, ROBOTS, CANONICAL),
)
def indexable(target: Target, facts: Facts, context: Context) -> CheckResult:
    page, chain = facts[LANDING].page, facts[LANDING].chain
    if page is None:
        return _no_page("content.indexable")
    final = parsed_url(chain.final_url)
    problems = noindex_in(page, chain.final.headers)
    robots = facts[ROBOTS]
    if robots is not None and robots.status == 200 and robots.body:
        rules = robots.body.decode("utf-8", errors="replace")
        path = final.raw_path.decode("ascii", errors="replace")
        for agent in ("*", "Googlebot"):
            if robots_disallows(rules, path, agent):
                problems.append(f"robots.txt disallows {path} for {agent}")
                break
    if problems:
        message = (
            f"search engines are told not to index {chain.final_url}: {'; '.join(problems)} "
            "(left over from staging?)"
        )
        return result("content.indexable", Status.FAIL, message, problems=problems)
    canonical = facts[CANONICAL]
    if canonical is not None and (problem := canonical_problem(canonical)):
        message = (
            f"{problem}: search engines will index neither {chain.final_url} nor its "
            "canonical; point the canonical at the live, indexable page"
        )
        return result("content.indexable", Status.FAIL, message, canonical=canonical.written)
    if canonical is not None:
        message = f"indexable: search engines will index this page as {canonical.url}"
        return result("content.indexable", Status.PASS, message, canonical=canonical.url)
    return result("content.indexable", Status.PASS, "indexable (no noindex, canonical on host)")
