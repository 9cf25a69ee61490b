"""The `printed.typed` judge on hand-made typed forms: both `http://` and `https://` must
reach a page meeting the entry's expectations; the printed query is not compared."""

from __future__ import annotations

from checker.checks.facts import Facts
from checker.checks.printed.judge import typed_form
from checker.checks.printed.probe import TYPED, Typed
from checker.content.page import Page, parse_page
from checker.net.client import Fetched
from checker.net.redirects import Chain
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status
from tests.checks.judging import AT, answer, chain, failed, html, printed_target, redirected

URL = "https://www.acme.test/summer?utm_source=billboard"
PAGE_URL = "https://www.acme.test/summer"
PRINTED = "acme.test/S27"
HTTP, HTTPS = f"http://{PRINTED}", f"https://{PRINTED}"
SUMMER = html("Summer Sale", "<h1>Summer Sale</h1><p>Shoes</p>")


def reaching(form: str, *last: Fetched) -> Chain:
    """The form's chain: a redirect to the page, then `last` (default: the page itself)."""
    return chain(*redirected(form, PAGE_URL), *(last or (answer(PAGE_URL, body=SUMMER),)))


def page_of(followed: Chain) -> Page | None:
    final = followed.final
    return parse_page(final.url, final.headers, final.body) if followed.ok else None


def judged(
    http: Chain, https: Chain, target: Target | None = None, lowercase: Chain | None = None
) -> CheckResult:
    chains = {HTTP: http, HTTPS: https}
    pages = {form: page for form, c in chains.items() if (page := page_of(c)) is not None}
    facts = Facts({TYPED: Typed(chains, pages, lowercase)})
    return typed_form(target or printed_target(URL, PRINTED), facts, AT)


def test_both_forms_reaching_the_page_pass() -> None:
    outcome = judged(reaching(HTTP), reaching(HTTPS))
    assert outcome.status is Status.PASS
    assert outcome.message == f'"{PRINTED}" typed with http:// or https:// reaches the page'
    assert outcome.detail["forms"] == {
        HTTP: {"final_url": PAGE_URL, "status": 200},
        HTTPS: {"final_url": PAGE_URL, "status": 200},
    }


def test_one_form_ending_on_another_status_fails_naming_that_form() -> None:
    outcome = judged(reaching(HTTP), chain(answer(HTTPS, 404)))
    assert outcome.status is Status.FAIL
    assert (
        outcome.message
        == f'"{PRINTED}" as printed does not reach the page: {HTTPS} ends on 404 at {HTTPS}'
    )
    assert outcome.detail["failing"] == [HTTPS]


def test_a_form_without_answer_or_in_a_loop_fails() -> None:
    looping = chain(*redirected(HTTPS, f"{HTTPS}/", HTTPS), problem="loop")
    outcome = judged(chain(failed(HTTP, "connect", "connection refused")), looping)
    assert outcome.status is Status.FAIL
    assert f"{HTTP} no answer (connection refused)" in outcome.message
    assert f"{HTTPS} redirect loop: " in outcome.message
    assert outcome.detail["failing"] == [HTTP, HTTPS]


def test_the_lower_case_spelling_working_is_given_as_a_hint() -> None:
    lower = reaching(f"https://{PRINTED.lower()}")
    outcome = judged(chain(answer(HTTP, 404)), chain(answer(HTTPS, 404)), lowercase=lower)
    assert outcome.status is Status.FAIL
    assert f"while https://{PRINTED.lower()} works: paths are case-sensitive" in outcome.message


def test_the_final_url_is_expected_without_its_query() -> None:
    target = printed_target(URL, PRINTED, expect={"final_url": PAGE_URL})
    assert judged(reaching(HTTP), reaching(HTTPS), target).status is Status.PASS
    elsewhere = "https://www.acme.test/home"
    wrong = judged(reaching(HTTP), chain(*redirected(HTTPS, elsewhere), answer(elsewhere)), target)
    assert wrong.status is Status.FAIL
    assert f"{HTTPS} ends at {elsewhere}, not {PAGE_URL}" in wrong.message


def test_the_page_must_have_the_expected_title_and_text() -> None:
    target = printed_target(URL, PRINTED, expect={"title": "Winter", "contains": "Boots"})
    outcome = judged(reaching(HTTP), reaching(HTTPS), target)
    assert outcome.status is Status.FAIL
    assert f'{HTTP} title is "Summer Sale"' in outcome.message
    text_only = printed_target(URL, PRINTED, expect={"contains": ["Shoes", "Boots"]})
    assert "page lacks 'Boots'" in judged(reaching(HTTP), reaching(HTTPS), text_only).message
