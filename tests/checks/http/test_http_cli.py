"""`http.*` end to end: status, redirects, https, final URL, query, latency, retries.

One CLI run (`--retries 1` so the 429-then-200 host recovers; `--timeout 5` so slow.test's
2-second first byte arrives and is judged by `http.latency`, not by the timeout).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.demo.catalogue import LANDING_TEXT, LANDING_TITLE
from checker.demo.routes import Request, Response, html_page, page, redirect, sequence
from checker.demo.world import World
from tests.checks.helpers import CliRun, assert_check, campaign, run_check, write_manifest
from tests.world import WorldLog

GOOD = "https://www.good.test/summer"
PLAIN_ONLY = "https://good.test/summer"  # http://good.test/summer stays on plain HTTP
MISSING = "https://good.test/missing"
GONE = "https://good.test/gone"
SERVER_ERROR = "https://hostile.test/500"
REFUSED = "https://refused.test/"
KEEPS_QUERY = "https://go.test/s27?utm_source=billboard&utm_campaign=s27"
DROPS_QUERY = "https://go.test/s28?utm_source=billboard"
CHANGES_QUERY = "https://go.httpcli.test/changes?utm_source=billboard&utm_medium=ooh"
CHAIN = "https://go.test/chain?utm_source=flyer"  # go.test/chain 302 -> /s27 301 -> www
LOOP = "https://go.test/a"
ENDLESS = "https://go.test/loop/1"
TO_404 = "https://go.test/to-404"
TO_NX = "https://go.test/to-nx"
SLOW = "https://slow.test/"
RETRIED = "https://retry.httpcli.test/"

PLAIN_PAGE = html_page(LANDING_TITLE, f"<h1>{LANDING_TITLE}</h1><p>{LANDING_TEXT}</p>")
SUMMER = "https://www.good.test/summer"


def _add_hosts(world: World) -> None:
    world.add_host(
        "go.httpcli.test",
        {"/changes": redirect(f"{SUMMER}?utm_source=changed&utm_medium=ooh", 301)},
    )
    # First request 429 (Retry-After: 0, so the retry is immediate), then the page.
    # http:// is redirected by the server itself, so only https requests count.
    world.add_host(
        "retry.httpcli.test",
        {
            "/": sequence(
                [page("slow down", 429, {"Retry-After": "0"}, "text/plain"), page(PLAIN_PAGE)]
            )
        },
        http_to_https=True,
    )


@pytest.fixture(scope="module")
def run(world: World, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    _add_hosts(world)
    folder: Path = tmp_path_factory.mktemp("http")
    urls = [
        GOOD,
        PLAIN_ONLY,
        MISSING,
        {"url": GONE, "expect": {"status": [404, 410]}},
        SERVER_ERROR,
        REFUSED,
        {"url": KEEPS_QUERY, "expect": {"final_url": SUMMER}},
        DROPS_QUERY,
        CHANGES_QUERY,
        {"url": CHAIN, "expect": {"final_url": "https://good.test/summer"}},
        {"url": "https://go.test/chain?utm_source=short", "max_redirects": 1},
        LOOP,
        ENDLESS,
        TO_404,
        TO_NX,
        {"url": SLOW, "response_time_ms": 500},
        RETRIED,
    ]
    manifest = write_manifest(folder, campaign("http-cli", urls))
    return run_check([manifest], "--timeout", "5", "--retries", "1", *world.cli_args())


# --- http.status ------------------------------------------------------------------------


def test_status_pass(run: CliRun) -> None:
    result = assert_check(run, GOOD, "http.status", "pass", "200")
    assert result["detail"]["status"] == 200


def test_status_fail_on_404(run: CliRun) -> None:
    assert_check(run, MISSING, "http.status", "fail", "https://good.test/missing answers 404")
    assert_check(run, MISSING, "http.status", "fail", "expected 200")


def test_status_pass_with_a_listed_expected_status(run: CliRun) -> None:
    result = assert_check(run, GONE, "http.status", "pass", "410")
    assert result["detail"]["expected"] == [404, 410]


def test_status_fail_on_server_error(run: CliRun) -> None:
    assert_check(run, SERVER_ERROR, "http.status", "fail", "answers 500, expected 200")


def test_status_fail_when_nothing_answers(run: CliRun) -> None:
    assert_check(run, REFUSED, "http.status", "fail", "gave no answer", "cannot connect")


def test_status_says_a_429_was_retried(run: CliRun) -> None:
    result = assert_check(run, RETRIED, "http.status", "pass", "200 (after 2 attempts)")
    assert result["detail"]["status"] == 200
    hops = run.check(RETRIED, "http.redirects")["detail"]["hops"]
    assert hops[0]["attempts"] == 2


# --- http.redirects ---------------------------------------------------------------------


def test_redirects_pass_without_redirects(run: CliRun) -> None:
    assert_check(run, GOOD, "http.redirects", "pass", "0 redirects")


def test_redirects_pass_lists_the_chain(run: CliRun) -> None:
    result = assert_check(
        run, KEEPS_QUERY, "http.redirects", "pass", "1 redirect:", "301 → https://www.good.test/"
    )
    assert [hop["status"] for hop in result["detail"]["hops"]] == [301, 200]


def test_redirects_fail_on_a_loop(run: CliRun) -> None:
    result = assert_check(run, LOOP, "http.redirects", "fail", "redirect loop", "go.test/b")
    assert [hop["status"] for hop in result["detail"]["hops"]] == [302, 302]
    assert_check(run, LOOP, "http.status", "fail", "see http.redirects")


def test_redirects_fail_after_max_redirects(run: CliRun) -> None:
    result = assert_check(run, ENDLESS, "http.redirects", "fail", "more than 5 redirects")
    assert len(result["detail"]["hops"]) == 6  # 5 allowed hops, the 6th request redirects again


def test_redirects_respects_max_redirects_of_the_url(run: CliRun) -> None:
    assert_check(
        run,
        "https://go.test/chain?utm_source=short",
        "http.redirects",
        "fail",
        "more than 1 redirects",
    )
    assert_check(run, CHAIN, "http.redirects", "pass", "2 redirects")


def test_redirects_fail_on_a_hop_to_404(run: CliRun) -> None:
    assert_check(
        run,
        TO_404,
        "http.redirects",
        "fail",
        "redirects end on an error page (404)",
        "https://good.test/missing",
    )


def test_redirects_fail_on_a_hop_to_a_broken_host(run: CliRun) -> None:
    assert_check(
        run, TO_NX, "http.redirects", "fail", "a redirect leads to an error", "https://nx.test/"
    )


# --- http.https -------------------------------------------------------------------------


def test_https_pass_when_http_redirects_to_https(run: CliRun) -> None:
    result = assert_check(run, GOOD, "http.https", "pass", "redirects to https")
    assert result["detail"]["hops"][0]["url"] == "http://www.good.test/summer"


def test_https_fail_when_http_stays_plain(run: CliRun) -> None:
    assert_check(
        run,
        PLAIN_ONLY,
        "http.https",
        "fail",
        "http://good.test/summer ends on plain HTTP",
        "redirect http:// to https://",
    )


# --- http.final_url ---------------------------------------------------------------------


def test_final_url_pass(run: CliRun) -> None:
    assert_check(run, KEEPS_QUERY, "http.final_url", "pass", f"ends at {SUMMER}")


def test_final_url_fail_names_both_urls(run: CliRun) -> None:
    assert_check(
        run,
        CHAIN,
        "http.final_url",
        "fail",
        f"redirects end at {SUMMER}, not https://good.test/summer",
    )


def test_final_url_not_checked_without_expectation(run: CliRun) -> None:
    ids = [c["id"] for c in run.target(DROPS_QUERY)["checks"]]
    assert "http.final_url" not in ids


# --- http.query -------------------------------------------------------------------------


def test_query_pass_when_kept(run: CliRun) -> None:
    result = assert_check(
        run, KEEPS_QUERY, "http.query", "pass", "utm_source, utm_campaign arrive unchanged"
    )
    assert result["detail"]["dropped"] == []


def test_query_fail_when_dropped(run: CliRun) -> None:
    result = assert_check(run, DROPS_QUERY, "http.query", "fail", "dropped utm_source")
    assert result["detail"]["dropped"] == ["utm_source"]
    assert "first missing at https://www.good.test/summer" in result["message"]


def test_query_fail_when_changed(run: CliRun) -> None:
    result = assert_check(run, CHANGES_QUERY, "http.query", "fail", "changed utm_source")
    assert result["detail"]["changed"] == ["utm_source"]
    assert result["detail"]["dropped"] == []


def test_query_not_checked_without_query(run: CliRun) -> None:
    ids = [c["id"] for c in run.target(GOOD)["checks"]]
    assert "http.query" not in ids


# --- http.latency -----------------------------------------------------------------------


def test_latency_pass(run: CliRun) -> None:
    result = assert_check(run, GOOD, "http.latency", "pass", "first byte after")
    assert result["detail"]["limit_ms"] == 3000


@pytest.mark.slow
def test_latency_warn_when_first_byte_is_slower_than_response_time_ms(run: CliRun) -> None:
    result = assert_check(run, SLOW, "http.latency", "warn", "first byte after", "(limit 500 ms)")
    assert result["detail"]["ms"] >= 2000  # slow.test waits 2 s before its first byte
    assert_check(run, SLOW, "http.status", "pass", "200")


def test_latency_not_measured_without_an_answer(run: CliRun) -> None:
    assert_check(run, LOOP, "http.latency", "skip", "no final answer")


# --- cookies along a redirect chain ----------------------------------------------------

COOKIE_WALL = "https://cookie.httpcli.test/"


def _cookie_wall(req: Request) -> Response:
    """Redirects to itself, setting a cookie, until a request carries that cookie."""
    if "visited=1" in (req.header("cookie") or ""):
        return page(PLAIN_PAGE)(req)
    return Response(302, (("Location", req.target), ("Set-Cookie", "visited=1; Path=/; Secure")))


def test_a_cookie_set_by_a_hop_is_sent_on_the_next_hops_of_that_chain_only(
    world: World, tmp_path: Path
) -> None:
    world.add_host("cookie.httpcli.test", catch_all=_cookie_wall, http_to_https=True)
    urls = [COOKIE_WALL, f"{COOKIE_WALL}?b=1"]
    log = WorldLog(world)
    run = run_check([write_manifest(tmp_path, campaign("cookies", urls))], *world.cli_args())
    for url in urls:
        assert_check(run, url, "http.redirects", "pass")
        assert_check(run, url, "http.status", "pass", "200")
    sent = Counter(
        (r.target, r.header("cookie"))
        for r in log.requests()
        if r.host == "cookie.httpcli.test" and r.listener == "https" and r.path == "/"
    )
    # each chain starts without a cookie, whatever the other chain (or its http:// form) set
    assert sent == {
        ("/", None): 1,
        ("/", "visited=1"): 1,
        ("/?b=1", None): 1,
        ("/?b=1", "visited=1"): 1,
    }
