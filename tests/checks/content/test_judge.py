"""The `content.*` judges on hand-made pages: expected text and title, placeholders and
catch-all hosts, and what tells search engines not to index the page."""

from __future__ import annotations

from typing import Any

import pytest

from checker.checks.content.judge import indexable, placeholder, text, title
from checker.checks.content.probe import CANONICAL, CATCH_ALL, ROBOTS, Canonical, CatchAll
from checker.checks.facts import Fact, Facts
from checker.checks.http.probe import LANDING
from checker.checks.suite import planned
from checker.content.page import parse_page
from checker.net.client import Fetched
from checker.plan.targets import Target
from checker.report.model import Status
from tests.checks.judging import AT, answer, chain, failed, html, landing, url_target

URL = "https://www.acme.test/summer"
SUMMER = html("Summer Sale 2027 | Acme", "<h1>Summer Sale</h1><p>Shoes and bags,  all  summer.</p>")


def page_facts(final: Fetched, **more: Any) -> Facts:
    """The landing chain ending on `final`; CATCH_ALL, ROBOTS and CANONICAL when given."""
    values: dict[Fact[Any], Any] = {LANDING: landing(final)}
    for name, fact in (("catch_all", CATCH_ALL), ("robots", ROBOTS), ("canonical", CANONICAL)):
        values[fact] = more.get(name)
    return Facts(values)


def content_ids(target: Target) -> list[str]:
    return [c.id for c in planned(target) if c.id.startswith("content.")]


def test_text_title_and_indexable_are_checked_only_when_the_manifest_asks() -> None:
    by_default = content_ids(url_target(URL))
    assert {"content.placeholder", "content.indexable"} <= set(by_default)
    assert not {"content.text", "content.title"} & set(by_default)
    asked = url_target(URL, expect={"contains": "Shoes", "title": "Summer", "indexable": False})
    assert {"content.text", "content.title", "content.placeholder"} <= set(content_ids(asked))
    assert "content.indexable" not in content_ids(asked)


# --- content.text -------------------------------------------------------------------------


def test_every_expected_text_present_passes_whitespace_aside() -> None:
    target = url_target(URL, expect={"contains": ["Shoes and bags, all", "Summer\n Sale"]})
    outcome = text(target, page_facts(answer(URL, body=SUMMER)), AT)
    assert (outcome.status, outcome.message) == (Status.PASS, "contains 2 text(s)")


def test_missing_texts_fail_and_are_quoted_case_kept() -> None:
    target = url_target(URL, expect={"contains": ["Shoes", "summer sale", "Hats"]})
    outcome = text(target, page_facts(answer(URL, body=SUMMER)), AT)
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith('page does not contain "summer sale", "Hats"')
    assert outcome.detail == {"missing": ["summer sale", "Hats"]}


def test_text_in_scripts_and_styles_does_not_count() -> None:
    body = html("Offer", "<script>var x = 'Summer Sale';</script><style>.a{}</style><p>Soon</p>")
    target = url_target(URL, expect={"contains": "Summer Sale"})
    assert text(target, page_facts(answer(URL, body=body)), AT).status is Status.FAIL


def test_text_without_a_page_is_not_checked() -> None:
    target = url_target(URL, expect={"contains": "Shoes"})
    outcome = text(target, page_facts(failed(URL, "connect", "refused")), AT)
    assert outcome.status is Status.SKIP
    assert outcome.message == "not checked: no page to read (see http.status)"
    assert outcome.detail == {"reason": "prerequisite"}


# --- content.title ------------------------------------------------------------------------


def test_a_title_containing_the_expected_text_passes() -> None:
    target = url_target(URL, expect={"title": "Summer Sale"})
    outcome = title(target, page_facts(answer(URL, body=SUMMER)), AT)
    assert (outcome.status, outcome.message) == (Status.PASS, 'title "Summer Sale 2027 | Acme"')


def test_another_title_fails_quoting_it() -> None:
    target = url_target(URL, expect={"title": "Winter"})
    outcome = title(target, page_facts(answer(URL, body=SUMMER)), AT)
    assert outcome.status is Status.FAIL
    assert outcome.message == (
        'title is "Summer Sale 2027 | Acme", expected it to contain "Winter"'
    )


def test_a_page_without_title_fails_saying_so() -> None:
    target = url_target(URL, expect={"title": "Summer"})
    outcome = title(target, page_facts(answer(URL, body=html(None, "<h1>Summer</h1>"))), AT)
    assert outcome.status is Status.FAIL
    assert outcome.message.startswith("the page has no <title>")


# --- content.placeholder ------------------------------------------------------------------

NGINX = html(
    "Welcome to nginx!",
    "<h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is "
    "successfully installed and working.</p>",
)


def test_a_default_server_page_fails_naming_what_it_is() -> None:
    outcome = placeholder(url_target(URL), page_facts(answer(URL, body=NGINX)), AT)
    assert outcome.status is Status.FAIL
    assert outcome.message == (
        f"{URL} shows a nginx default page, not the campaign page: deploy the real page"
    )
    assert outcome.detail == {"category": "default_server_page", "id": "nginx-default"}


def test_the_campaign_page_passes() -> None:
    outcome = placeholder(url_target(URL), page_facts(answer(URL, body=SUMMER)), AT)
    assert outcome.status is Status.PASS


def catch_all(body: bytes) -> CatchAll:
    probe = "https://www.acme.test/0123-campaign-checker-probe"
    hop = answer(probe, body=body)
    return CatchAll(chain(hop), parse_page(probe, hop.headers, hop.body))


def test_a_host_answering_any_path_with_this_page_warns() -> None:
    facts = page_facts(answer(URL, body=SUMMER), catch_all=catch_all(SUMMER))
    outcome = placeholder(url_target(URL), facts, AT)
    assert outcome.status is Status.WARN
    assert "answers any path with 200 and this same page" in outcome.message
    assert outcome.detail == {"catch_all": "https://www.acme.test/0123-campaign-checker-probe"}


def test_a_host_answering_other_paths_with_another_page_passes() -> None:
    other = html("Not found", "<h1>We could not find that page</h1>")
    facts = page_facts(answer(URL, body=SUMMER), catch_all=catch_all(other))
    assert placeholder(url_target(URL), facts, AT).status is Status.PASS


# --- content.indexable --------------------------------------------------------------------


def judged_indexable(
    final: Fetched, robots: Fetched | None = None, canonical: Canonical | None = None
) -> tuple[Status, str]:
    facts = page_facts(final, robots=robots, canonical=canonical)
    outcome = indexable(url_target(URL), facts, AT)
    return outcome.status, outcome.message


def with_head(head: str) -> bytes:
    return html("Summer Sale", "<p>Shoes</p>", head=head)


def test_a_plain_page_is_indexable() -> None:
    assert judged_indexable(answer(URL, body=SUMMER))[0] is Status.PASS


def test_meta_robots_noindex_fails_quoting_the_tag() -> None:
    status, message = judged_indexable(
        answer(URL, body=with_head('<meta name="robots" content="noindex, follow">'))
    )
    assert status is Status.FAIL
    assert '<meta name="robots" content="noindex, follow">' in message


def test_meta_robots_none_and_googlebot_noindex_fail() -> None:
    none = with_head('<meta name="robots" content="none">')
    googlebot = with_head('<meta name="googlebot" content="NOINDEX">')
    assert judged_indexable(answer(URL, body=none))[0] is Status.FAIL
    assert judged_indexable(answer(URL, body=googlebot))[0] is Status.FAIL


def test_x_robots_tag_noindex_fails() -> None:
    final = answer(URL, headers={"x-robots-tag": "noindex"}, body=SUMMER)
    status, message = judged_indexable(final)
    assert status is Status.FAIL
    assert "X-Robots-Tag: noindex" in message


def robots_txt(rules: str, status: int = 200) -> Fetched:
    return answer("https://www.acme.test/robots.txt", status, body=rules.encode())


def test_robots_txt_disallowing_the_page_fails() -> None:
    status, message = judged_indexable(
        answer(URL, body=SUMMER), robots_txt("User-agent: *\nDisallow: /sum\n")
    )
    assert status is Status.FAIL
    assert "robots.txt disallows /summer for *" in message


def test_robots_txt_disallowing_googlebot_only_fails_too() -> None:
    rules = "User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    status, message = judged_indexable(answer(URL, body=SUMMER), robots_txt(rules))
    assert status is Status.FAIL
    assert "for Googlebot" in message


def test_robots_txt_disallowing_other_paths_or_missing_passes() -> None:
    other = robots_txt("User-agent: *\nDisallow: /admin\n")
    missing = robots_txt("User-agent: *\nDisallow: /\n", status=404)
    assert judged_indexable(answer(URL, body=SUMMER), other)[0] is Status.PASS
    assert judged_indexable(answer(URL, body=SUMMER), missing)[0] is Status.PASS


# --- content.indexable: a canonical on another host (fetched by the probe) ----------------

ELSEWHERE = "https://www.acme.test/summer-sale"


def canonical_answering(*hops: Fetched, written: str = ELSEWHERE) -> Canonical:
    followed = landing(*hops)
    return Canonical(ELSEWHERE, written, followed.chain, followed.page)


def test_an_indexable_canonical_elsewhere_passes_naming_it() -> None:
    canonical = canonical_answering(answer(ELSEWHERE, body=SUMMER))
    outcome = indexable(
        url_target(URL), page_facts(answer(URL, body=SUMMER), canonical=canonical), AT
    )
    assert outcome.status is Status.PASS
    assert outcome.message == f"indexable: search engines will index this page as {ELSEWHERE}"
    assert outcome.detail == {"canonical": ELSEWHERE}


@pytest.mark.parametrize(
    ("hops", "problem"),
    [
        ((answer(ELSEWHERE, 404),), f"canonical {ELSEWHERE} answers 404"),
        (
            (failed(ELSEWHERE, "connect", "refused"),),
            f"canonical {ELSEWHERE} gives no answer (refused)",
        ),
        (
            (answer(ELSEWHERE, body=with_head('<meta name="robots" content="noindex">')),),
            f"canonical {ELSEWHERE} answers noindex",
        ),
        (
            (answer(ELSEWHERE, body=with_head('<link rel="canonical" href="https://b.test/x">')),),
            f"canonical {ELSEWHERE} points further away, to https://b.test/x",
        ),
    ],
)
def test_a_canonical_elsewhere_that_is_not_indexable_fails_saying_why(
    hops: tuple[Fetched, ...], problem: str
) -> None:
    status, message = judged_indexable(
        answer(URL, body=SUMMER), canonical=canonical_answering(*hops)
    )
    assert status is Status.FAIL
    assert message.startswith(problem)
    assert "search engines will index neither" in message


def test_a_canonical_that_is_no_web_url_fails_quoted_as_written() -> None:
    canonical = Canonical("file:///x", "file:///x", None, None)
    status, message = judged_indexable(answer(URL, body=SUMMER), canonical=canonical)
    assert status is Status.FAIL
    assert message.startswith('canonical "file:///x" is not a web URL')


def test_noindex_on_the_page_is_said_before_any_canonical() -> None:
    page = answer(URL, body=with_head('<meta name="robots" content="noindex">'))
    status, message = judged_indexable(page, canonical=canonical_answering(answer(ELSEWHERE, 404)))
    assert status is Status.FAIL
    assert message.startswith(f"search engines are told not to index {URL}")
