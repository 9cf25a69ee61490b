"""`content.*` end to end: expected text and title, placeholders, indexability."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.demo.catalogue import LANDING_TEXT, LANDING_TITLE
from checker.demo.routes import html_page, page
from checker.demo.world import World
from tests.checks.helpers import CliRun, assert_check, campaign, run_check, write_manifest

GOOD = "https://www.good.test/summer"
GOOD_ROOT = "https://www.good.test/"
EMPTY = "https://hostile.test/empty"
NGINX = "https://nginx.test/"
PARKED = "https://parked.test/"
CATCH_ALL = "https://catchall.test/"
NOINDEX = "https://noindex.test/"
CANONICAL_ELSEWHERE = "https://good.test/summer"  # canonical -> https://www.good.test/summer
HEADER_NOINDEX = "https://header.contentcli.test/"
ROBOTS_ALL = "https://robots.contentcli.test/summer"
ROBOTS_GOOGLEBOT = "https://googlebot.contentcli.test/"
NOT_INDEXABLE_OK = "https://noindex.test/?preview=1"

_PAGE = html_page(LANDING_TITLE, f"<h1>{LANDING_TITLE}</h1><p>{LANDING_TEXT}</p>")


def _add_hosts(world: World) -> None:
    world.add_host(
        "header.contentcli.test", {"/": page(_PAGE, headers={"X-Robots-Tag": "noindex"})}
    )
    world.add_host(
        "robots.contentcli.test",
        {
            "/summer": page(_PAGE),
            "/robots.txt": page("User-agent: *\nDisallow: /\n", content_type="text/plain"),
        },
    )
    world.add_host(
        "googlebot.contentcli.test",
        {
            "/": page(_PAGE),
            "/robots.txt": page(
                "User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
                content_type="text/plain",
            ),
        },
    )


@pytest.fixture(scope="module")
def run(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    _add_hosts(world)
    folder: Path = tmp_path_factory.mktemp("content")
    urls = [
        {
            "url": GOOD,
            "expect": {
                # whitespace differs from the page's: compared whitespace-insensitively
                "contains": ["Summer sale:\n  20% off everything", "until August 31."],
                "title": "Summer Sale",
            },
        },
        {
            "url": GOOD_ROOT,
            "expect": {"contains": ["Winter sale", LANDING_TEXT], "title": "Winter"},
        },
        {"url": EMPTY, "expect": {"title": "Summer"}},
        NGINX,
        PARKED,
        CATCH_ALL,
        NOINDEX,
        CANONICAL_ELSEWHERE,
        HEADER_NOINDEX,
        ROBOTS_ALL,
        ROBOTS_GOOGLEBOT,
        {"url": NOT_INDEXABLE_OK, "expect": {"indexable": False}},
    ]
    manifest = write_manifest(folder, campaign("content-cli", urls))
    return run_check([manifest], "--timeout", "3", "--retries", "0", *world.cli_args())


# --- content.text -----------------------------------------------------------------------


def test_text_pass(run: CliRun) -> None:
    assert_check(run, GOOD, "content.text", "pass", "contains 2 text(s)")


def test_text_fail_names_only_the_missing_text(run: CliRun) -> None:
    result = assert_check(run, GOOD_ROOT, "content.text", "fail", 'does not contain "Winter sale"')
    assert result["detail"]["missing"] == ["Winter sale"]


def test_text_not_checked_without_expectation(run: CliRun) -> None:
    assert "content.text" not in [c["id"] for c in run.target(NGINX)["checks"]]


# --- content.title ----------------------------------------------------------------------


def test_title_pass(run: CliRun) -> None:
    assert_check(run, GOOD, "content.title", "pass", f'title "{LANDING_TITLE}"')


def test_title_fail_quotes_the_actual_title(run: CliRun) -> None:
    assert_check(
        run,
        GOOD_ROOT,
        "content.title",
        "fail",
        f'title is "{LANDING_TITLE}"',
        'expected it to contain "Winter"',
    )


def test_title_fail_without_title(run: CliRun) -> None:
    assert_check(run, EMPTY, "content.title", "fail", "the page has no <title>")


# --- content.placeholder ----------------------------------------------------------------


def test_placeholder_pass_for_the_real_page(run: CliRun) -> None:
    assert_check(run, GOOD, "content.placeholder", "pass", "not a placeholder")


def test_placeholder_fail_nginx_default_page(run: CliRun) -> None:
    result = assert_check(run, NGINX, "content.placeholder", "fail", "nginx default page")
    assert result["detail"]["category"] == "default_server_page"


def test_placeholder_fail_parked_domain(run: CliRun) -> None:
    result = assert_check(run, PARKED, "content.placeholder", "fail", "parked domain")
    assert result["detail"]["category"] in ("parked", "for_sale")


def test_placeholder_warn_catch_all(run: CliRun) -> None:
    result = assert_check(
        run,
        CATCH_ALL,
        "content.placeholder",
        "warn",
        "catchall.test answers any path with 200 and this same page",
    )
    assert result["detail"]["catch_all"].startswith("https://catchall.test/")


# --- content.indexable ------------------------------------------------------------------


def test_indexable_pass(run: CliRun) -> None:
    assert_check(run, GOOD, "content.indexable", "pass", "indexable")
    # a canonical link on the same host is fine
    assert_check(run, GOOD_ROOT, "content.indexable", "pass", "indexable")


def test_indexable_fail_meta_and_header_noindex(run: CliRun) -> None:
    assert_check(
        run,
        NOINDEX,
        "content.indexable",
        "fail",
        '<meta name="robots" content="noindex, nofollow">',
        "X-Robots-Tag: noindex",
    )


def test_indexable_fail_header_only(run: CliRun) -> None:
    result = assert_check(run, HEADER_NOINDEX, "content.indexable", "fail", "X-Robots-Tag: noindex")
    assert result["detail"]["problems"] == ["X-Robots-Tag: noindex"]


def test_indexable_passes_a_canonical_on_another_host_that_is_live_and_indexable(
    run: CliRun,
) -> None:
    assert_check(
        run,
        CANONICAL_ELSEWHERE,
        "content.indexable",
        "pass",
        "search engines will index this page as https://www.good.test/summer",
    )


def test_indexable_fail_robots_txt_disallows_everything(run: CliRun) -> None:
    assert_check(run, ROBOTS_ALL, "content.indexable", "fail", "robots.txt disallows /summer for *")


def test_indexable_fail_robots_txt_disallows_googlebot(run: CliRun) -> None:
    assert_check(
        run, ROBOTS_GOOGLEBOT, "content.indexable", "fail", "robots.txt disallows / for Googlebot"
    )


def test_indexable_not_checked_when_not_expected(run: CliRun) -> None:
    assert "content.indexable" not in [c["id"] for c in run.target(NOT_INDEXABLE_OK)["checks"]]
