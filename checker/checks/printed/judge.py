"""`printed.typed`: the printed form, typed as a person would, reaches the intended page."""

from __future__ import annotations

from checker.checks.content.judge import missing_texts, title_problem
from checker.checks.facts import Facts
from checker.checks.printed.probe import TYPED
from checker.checks.registry import Context, check, result
from checker.content.page import Page
from checker.manifest.model import normalize_url
from checker.net.redirects import Chain
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status


def _problem(target: Target, chain: Chain, page: Page | None) -> str | None:
    expect = target.expect
    if chain.final.error:
        return f"no answer ({chain.final.error.message})"
    if chain.problem:
        return f"redirect {chain.problem.replace('_', ' ')}: {chain.describe()}"
    if chain.final.status not in expect.status:
        return f"ends on {chain.final.status} at {chain.final_url}"
    if expect.final_url:
        want = normalize_url(expect.final_url).split("?", 1)[0]
        if normalize_url(chain.final_url).split("?", 1)[0] != want:
            return f"ends at {chain.final_url}, not {want}"
    if page is not None and expect.title and (problem := title_problem(page, expect.title)):
        return problem
    if page is not None and (missing := missing_texts(page, expect.contains)):
        return f"page lacks {', '.join(repr(m) for m in missing)}"
    return None


@check("printed.typed", lambda t: t.kind == "printed", needs=(TYPED,))
def typed_form(target: Target, facts: Facts, context: Context) -> CheckResult:
    typed = facts[TYPED]
    problems = {
        form: problem
        for form, chain in typed.chains.items()
        if (problem := _problem(target, chain, typed.pages.get(form)))
    }
    forms = {
        form: {"final_url": chain.final_url, "status": chain.final.status}
        for form, chain in typed.chains.items()
    }
    if not problems:
        message = f'"{target.url}" typed with http:// or https:// reaches the page'
        return result("printed.typed", Status.PASS, message, forms=forms)
    said = "; ".join(f"{form} {problem}" for form, problem in problems.items())
    hint = ""
    lower = typed.lowercase
    if lower is not None and lower.ok and lower.final.status in target.expect.status:
        hint = (
            f" while {lower.start} works: paths are case-sensitive, make the printed "
            f"spelling work too (e.g. a redirect)"
        )
    message = f'"{target.url}" as printed does not reach the page: {said}{hint}'
    return result("printed.typed", Status.FAIL, message, forms=forms, failing=list(problems))
