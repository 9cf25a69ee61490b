"""The `crawl.*` judges and the broken-URL targets on hand-made crawls: what is broken,
what only warns, what is listed and what is only counted."""

from __future__ import annotations

from typing import Any

from checker.checks.crawl.judge import (
    FOUND_ON_LIMIT,
    assets,
    broken_targets,
    fragments,
    links,
)
from checker.checks.crawl.probe import CRAWL
from checker.checks.facts import Facts
from checker.crawl.crawler import Entry, MissingFragment, Role, SiteCrawl
from checker.crawl.outcome import Outcome
from checker.report.model import CheckResult, Status
from tests.checks.judging import AT, microsite_target

SITE = "https://summer.acme.test"
TARGET = microsite_target(f"{SITE}/")
FINE = Outcome(Status.PASS, "http.status", "200", code=200)
GONE = Outcome(Status.FAIL, "http.status", "answers 404", code=404)
REFUSED = Outcome(Status.WARN, "http.status", "403: the host refuses automated checks", code=403)
NO_DNS = Outcome(Status.FAIL, "dns.resolve", "no answer: no such host", error="no such host")


def entry(
    url: str, outcome: Outcome | None, *, role: Role = "links", on: tuple[str, ...] = ("/",)
) -> Entry:
    """A URL referenced from pages `on` (paths of the site) as `<a>` or `<img>`."""
    element = "a" if role == "links" else "img"
    same_site = url.startswith(SITE)
    return Entry(url, same_site, {role: {f"{SITE}{p}": element for p in on}}, outcome)


def crawl_of(*entries: Entry, pages: int = 2, **fields: Any) -> SiteCrawl:
    return SiteCrawl(f"{SITE}/", {e.url: e for e in entries}, pages=pages, **fields)


def judged_links(crawl: SiteCrawl | None) -> CheckResult:
    return links(TARGET, Facts({CRAWL: crawl}), AT)


# --- crawl.links / crawl.assets -----------------------------------------------------------


def test_nothing_broken_passes_counting_what_was_checked() -> None:
    crawl = crawl_of(
        entry(f"{SITE}/", FINE), entry(f"{SITE}/shoes", FINE), entry("https://x.test/", FINE)
    )
    outcome = judged_links(crawl)
    assert outcome.status is Status.PASS
    assert outcome.message == "3 links checked on 2 pages, none broken"
    assert outcome.detail["checked"] == 3
    assert outcome.detail["broken"] == []


def test_pages_only_the_sitemap_links_to_are_mentioned() -> None:
    crawl = crawl_of(entry(f"{SITE}/", FINE), sitemap_only=[f"{SITE}/orphan"])
    outcome = judged_links(crawl)
    assert outcome.message.endswith("; 1 pages only the sitemap links to")
    assert outcome.detail["sitemap_only"] == [f"{SITE}/orphan"]


def test_broken_links_fail_listing_where_they_were_found() -> None:
    crawl = crawl_of(
        entry(f"{SITE}/", FINE),
        entry(f"{SITE}/old", GONE, on=("/", "/shoes")),
        entry("https://gone.test/", NO_DNS),
    )
    outcome = judged_links(crawl)
    assert outcome.status is Status.FAIL
    assert outcome.message == (
        f"2 of 3 links broken: https://gone.test/ (no such host), {SITE}/old (404)"
    )
    assert outcome.detail["broken"] == [
        {
            "url": "https://gone.test/",
            "error": "no such host",
            "found_on": [f"{SITE}/"],
            "element": "a",
        },
        {
            "url": f"{SITE}/old",
            "status": 404,
            "found_on": [f"{SITE}/", f"{SITE}/shoes"],
            "element": "a",
        },
    ]


def test_links_refusing_robots_only_warn_and_are_marked_so() -> None:
    crawl = crawl_of(entry(f"{SITE}/", FINE), entry("https://social.test/acme", REFUSED))
    outcome = judged_links(crawl)
    assert outcome.status is Status.WARN
    assert outcome.message.startswith("1 of 2 links refuse automated checks: ")
    assert outcome.detail["broken"][0]["severity"] == "warn"


def test_a_fail_beside_a_warn_fails_and_names_the_failing_one() -> None:
    crawl = crawl_of(entry("https://social.test/acme", REFUSED), entry(f"{SITE}/old", GONE))
    outcome = judged_links(crawl)
    assert outcome.status is Status.FAIL
    assert outcome.message == f"1 of 2 links broken: {SITE}/old (404)"
    assert len(outcome.detail["broken"]) == 2


def test_a_message_names_three_broken_urls_and_counts_the_rest() -> None:
    crawl = crawl_of(*(entry(f"{SITE}/gone{i}", GONE) for i in range(5)))
    outcome = judged_links(crawl)
    assert outcome.message.endswith(f"{SITE}/gone2 (404) and 2 more")
    assert len(outcome.detail["broken"]) == 5


def test_found_on_is_capped_and_gives_the_total() -> None:
    many = tuple(f"/p{i:03}" for i in range(FOUND_ON_LIMIT + 50))
    crawl = crawl_of(entry(f"{SITE}/old", GONE, on=many))
    (item,) = judged_links(crawl).detail["broken"]
    assert len(item["found_on"]) == FOUND_ON_LIMIT
    assert item["found_on_total"] == FOUND_ON_LIMIT + 50


def test_links_and_assets_are_judged_apart() -> None:
    crawl = crawl_of(entry(f"{SITE}/", FINE), entry(f"{SITE}/hero.jpg", GONE, role="assets"))
    assert judged_links(crawl).status is Status.PASS
    outcome = assets(TARGET, Facts({CRAWL: crawl}), AT)
    assert outcome.status is Status.FAIL
    assert outcome.message == f"1 of 1 assets broken: {SITE}/hero.jpg (404)"
    assert outcome.detail["broken"][0]["element"] == "img"
    assert "sitemap_only" not in outcome.detail


def test_urls_not_yet_answered_are_not_counted() -> None:
    crawl = crawl_of(entry(f"{SITE}/", FINE), entry(f"{SITE}/cut", None))
    assert judged_links(crawl).detail["checked"] == 1


def test_no_crawl_is_skipped_saying_why() -> None:
    assert judged_links(None).status is Status.SKIP
    assert judged_links(None).message == "not crawled: the start page gave no answer"
    cut = judged_links(crawl_of(skipped="the start page is not HTML"))
    assert (cut.status, cut.message) == (Status.SKIP, "not crawled: the start page is not HTML")
    assert cut.detail == {"reason": "prerequisite"}


# --- crawl.fragments ----------------------------------------------------------------------


def test_missing_fragments_warn_listing_each() -> None:
    missing = MissingFragment(f"{SITE}/faq", "returns", {f"{SITE}/": "a"})
    crawl = crawl_of(missing_fragments=[missing], fragments_checked=4)
    outcome = fragments(TARGET, Facts({CRAWL: crawl}), AT)
    assert outcome.status is Status.WARN
    assert outcome.message.startswith(f"1 of 4 #fragment links point at no id: {SITE}/faq#returns")
    assert outcome.detail["broken"][0]["fragment"] == "returns"
    assert outcome.detail["broken"][0]["found_on"] == [f"{SITE}/"]


def test_no_missing_fragment_passes() -> None:
    outcome = fragments(TARGET, Facts({CRAWL: crawl_of(fragments_checked=4)}), AT)
    assert (outcome.status, outcome.message) == (Status.PASS, "4 fragments checked, none missing")


# --- one target per broken URL ------------------------------------------------------------


def test_each_broken_url_becomes_a_target_of_its_kind_with_its_own_check() -> None:
    crawl = crawl_of(
        entry(f"{SITE}/", FINE),
        entry(f"{SITE}/old", GONE, on=("/", "/shoes")),
        entry("https://gone.test/", NO_DNS),
        entry(f"{SITE}/hero.jpg", GONE, role="assets"),
    )
    found = {(t.url, t.kind): t.checks for t in broken_targets(crawl)}
    assert set(found) == {
        (f"{SITE}/old", "page"),
        ("https://gone.test/", "link"),
        (f"{SITE}/hero.jpg", "asset"),
    }
    (old,) = found[(f"{SITE}/old", "page")]
    assert (old.id, old.status) == ("http.status", Status.FAIL)
    assert old.message == "answers 404; referenced by 2 pages"
    assert old.detail["found_on"] == [f"{SITE}/", f"{SITE}/shoes"]
    (gone,) = found[("https://gone.test/", "link")]
    assert gone.id == "dns.resolve"


def test_no_broken_target_without_a_crawl() -> None:
    assert broken_targets(None) == []
    assert broken_targets(crawl_of(entry(f"{SITE}/old", GONE), skipped="robots")) == []
