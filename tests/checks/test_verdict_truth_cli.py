"""No false green: what was not checked is not ready, a check with nothing to judge says
skip and why, a missing secret skips only what needs it, and every bad option or output
path is a usage error before the first request. All through the CLI, against the world."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.demo.catalogue import landing
from checker.demo.dnsserver import ZoneEntry
from checker.demo.pki import CertKind
from checker.demo.routes import Handler, html_page, page
from checker.demo.world import World
from tests.checks.helpers import FAST, assert_check, campaign, run_check, write_manifest
from tests.world import WorldLog

GOOD = "https://www.good.test/summer"
REFUSED = "https://refused.test/"
NX = "https://nx.test/"
PAGES_GONE = "https://promo-pages.truth.test/"  # CNAME to GitHub Pages, site deleted
NO_PAGES_SITE = html_page(
    "Site not found · GitHub Pages",
    "<h1>404</h1><p>There isn't a GitHub Pages site here.</p>",
)


def _unchecked(report: dict[str, object]) -> int:
    summary = report["summary"]
    assert isinstance(summary, dict)
    return int(summary["unchecked"])


# --- skipped is not ready ---------------------------------------------------------------


@pytest.mark.slow
def test_a_deadline_cut_is_not_ready_with_reason_and_count(world: World, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, campaign("cut", ["https://silent.test/"]))
    run = run_check([manifest], "--deadline", "2", "--timeout", "60", *world.cli_args())
    assert run.exit_code == 1
    assert run.json["complete"] is False
    (entry,) = run.json["campaigns"]
    assert entry["status"] == "not_ready"  # not "ready": nothing was judged
    checks = run.target("https://silent.test/")["checks"]
    assert checks
    assert all(c["detail"]["reason"] == "deadline" for c in checks)
    assert _unchecked(run.json) == len(checks)
    assert entry["unchecked"] == len(checks)
    assert f"{len(checks)} checks not run ({len(checks)} deadline)" in entry["message"]
    assert "not run" in run.output
    assert "READY" not in run.output.replace("NOT READY", "")


def test_a_missing_secret_skips_its_target_and_checks_the_rest(
    world: World, world_log: WorldLog, tmp_path: Path
) -> None:
    secret_url = "https://secret.truth.test/"
    secret = {"url": secret_url, "headers": {"Authorization": "Bearer ${CC_TRUTH_UNSET}"}}
    world.add_host("secret.truth.test", {"/": landing()})
    world.add_host("secret-free.truth.test", {"/": landing()})
    manifest = write_manifest(
        tmp_path, campaign("secret", [secret, "https://secret-free.truth.test/"])
    )
    run = run_check([manifest], *FAST, *world.cli_args(), env={"CC_TRUTH_UNSET": None})
    assert run.exit_code == 1, run.output
    assert run.json["campaigns"][0]["status"] == "not_ready"
    skipped = run.target(secret_url)["checks"]
    assert skipped
    assert all(c["detail"]["reason"] == "secret" for c in skipped)
    assert all(c["detail"]["variables"] == ["CC_TRUTH_UNSET"] for c in skipped)
    lines = manifest.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "Authorization" in text)
    assert f"{manifest}:{line} urls[0].headers.Authorization" in skipped[0]["message"]
    assert_check(run, "https://secret-free.truth.test/", "http.status", "pass")
    assert world_log.requests("secret.truth.test") == []  # never sent without its credentials


def test_validate_warns_about_unset_variables_and_env_makes_it_an_error(tmp_path: Path) -> None:
    spec = {"url": GOOD, "auth": {"user": "preview", "password": "${CC_TRUTH_PASS}"}}
    manifest = write_manifest(tmp_path, campaign("valid", [spec]))
    env = {k: v for k, v in os.environ.items() if k != "CC_TRUTH_PASS"}
    runner = CliRunner()
    plain = runner.invoke(main, ["validate", str(manifest)], env=env)
    assert plain.exit_code == 0, plain.output
    assert "warning:" in plain.stderr
    assert "CC_TRUTH_PASS is not set" in plain.stderr
    assert "urls[0].auth.password" in plain.stderr
    strict = runner.invoke(main, ["validate", "--env", str(manifest)], env=env)
    assert strict.exit_code == 2
    assert "error:" in strict.stderr
    assert "CC_TRUTH_PASS" in strict.stderr
    given = runner.invoke(main, ["validate", "--env", str(manifest)], env={"CC_TRUTH_PASS": "x"})
    assert given.exit_code == 0, given.output


def test_a_manifest_with_nothing_to_check_is_a_validation_error(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, "campaign: empty\nlaunch: 2027-06-01\n", "empty")
    result = CliRunner().invoke(main, ["validate", str(manifest)])
    assert result.exit_code == 2
    assert f"{manifest}:1:1: urls: nothing to check" in result.output


# --- nothing to judge is a skip, not a pass ----------------------------------------------


def test_checks_with_nothing_to_judge_skip_with_prerequisite(world: World, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, campaign("nothing", [REFUSED, NX]))
    run = run_check([manifest], *FAST, *world.cli_args())
    redirects = assert_check(run, REFUSED, "http.redirects", "skip", "nothing to judge")
    assert redirects["detail"]["reason"] == "prerequisite"
    dangling = assert_check(run, NX, "dns.dangling", "skip", "has no DNS records")
    assert dangling["detail"]["reason"] == "prerequisite"
    assert _unchecked(run.json) == 0  # prerequisite skips are explained by the failures
    assert_check(run, REFUSED, "http.status", "fail")


# --- dangling CNAMEs judged on every answer ----------------------------------------------


def test_a_github_pages_cname_whose_site_is_gone_fails_over_plain_http(
    world: World, tmp_path: Path
) -> None:
    world.zone.a("campaign-gone.github.io")
    world.add_host(
        "promo-pages.truth.test",
        catch_all=page(NO_PAGES_SITE, 404),
        cert=CertKind.WRONG_HOST,  # the service's own certificate, not the custom domain's
        dns=ZoneEntry(cname="campaign-gone.github.io"),
    )
    manifest = write_manifest(tmp_path, campaign("pages", [PAGES_GONE]))
    run = run_check([manifest], *FAST, *world.cli_args())
    result = assert_check(run, PAGES_GONE, "dns.dangling", "fail", "GitHub Pages", "no such site")
    assert result["detail"]["answered_at"].startswith("http://promo-pages.truth.test/")
    assert run.json["campaigns"][0]["status"] == "not_ready"


# --- usage errors before any I/O --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--campaign", "nope"], "--campaign nope: no such campaign; known: usage"),
        (["--proxy", "notaurl"], "--proxy 'notaurl': give a proxy URL"),
        (["-v", "-q"], "contradict each other"),
    ],
)
def test_usage_errors_are_found_before_the_first_request(
    world: World, world_log: WorldLog, tmp_path: Path, args: list[str], says: str
) -> None:
    manifest = write_manifest(tmp_path, campaign("usage", [GOOD]))
    run = run_check([manifest], *FAST, *world.cli_args(), *args)
    assert run.exit_code == 2, run.output
    assert says in run.output
    assert run.report is None
    assert run.seconds < 1
    assert world_log.requests("www.good.test") == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere; a file in the way is tested")
def test_an_unwritable_output_folder_is_a_usage_error(world: World, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    manifest = write_manifest(tmp_path, campaign("locked", [GOOD]))
    run = run_check([manifest], "--html", str(locked / "status.html"), *world.cli_args())
    assert run.exit_code == 2
    assert "is not writable" in run.output


def test_a_history_file_that_cannot_be_written_is_a_usage_error_before_any_request(
    world: World, world_log: WorldLog, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    manifest = write_manifest(tmp_path, campaign("history", [GOOD]))
    history = blocker / "history.json"
    run = run_check([manifest], *FAST, "--history", str(history), *world.cli_args())
    assert run.exit_code == 2, run.output
    assert f"--history {history}: cannot be created" in run.output
    assert world_log.requests("www.good.test") == []


def test_an_output_path_under_a_file_is_a_usage_error_and_nothing_is_fetched(
    world: World, world_log: WorldLog, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    manifest = write_manifest(tmp_path, campaign("blocked", [GOOD]))
    run = run_check([manifest], *FAST, "--html", str(blocker / "status.html"), *world.cli_args())
    assert run.exit_code == 2, run.output
    assert f"--html {blocker / 'status.html'}: cannot be created: {blocker} is a file" in run.output
    assert world_log.requests("www.good.test") == []
    assert run.seconds < 1


# --- credentials go with every request to the entry's origin, and nowhere else ----------


def test_credentials_go_to_robots_txt_and_probes_of_the_entry_origin_only(
    world: World, world_log: WorldLog, tmp_path: Path
) -> None:
    expected = "Bearer staging-token"

    def behind_auth(answer: Handler) -> Handler:
        denied = page("auth required", 401, content_type="text/plain")
        return lambda req: answer(req) if req.header("authorization") == expected else denied(req)

    robots = page("User-agent: *\nDisallow: /\n", content_type="text/plain")
    world.add_host(
        "staging.truth.test",
        {"/": behind_auth(landing()), "/robots.txt": behind_auth(robots)},
        catch_all=behind_auth(page("not found", 404)),
    )
    spec = {"url": "https://staging.truth.test/", "headers": {"Authorization": expected}}
    manifest = write_manifest(tmp_path, campaign("staging", [spec]))
    run = run_check([manifest], *FAST, *world.cli_args())
    assert_check(run, "https://staging.truth.test/", "content.indexable", "fail", "robots.txt")
    sent = world_log.requests("staging.truth.test")
    https = [r for r in sent if r.listener == "https"]
    assert {r.path for r in https} >= {"/", "/robots.txt"}
    assert all(r.header("authorization") == expected for r in https)
    plain = [r for r in sent if r.listener == "http"]
    assert plain  # the http:// form was tried ...
    assert all(r.header("authorization") is None for r in plain)  # ... without credentials


# --- canonical links: judged where search engines will index the page --------------------


def _with_canonical(href: str) -> Handler:
    head = f'<link rel="canonical" href="{href}">'
    return page(html_page("Summer", "<h1>Summer</h1><p>Summer sale</p>", head))


def test_a_canonical_elsewhere_fails_when_it_is_noindex_broken_or_not_a_web_url(
    world: World, tmp_path: Path
) -> None:
    staging = page(html_page("Staging", "<p>x</p>", '<meta name="robots" content="noindex">'))
    world.add_host("staging-canon.truth.test", {"/summer": staging, "/gone": page("gone", 404)})
    cases = {
        "https://canon-noindex.truth.test/": "https://staging-canon.truth.test/summer",
        "https://canon-404.truth.test/": "https://staging-canon.truth.test/gone",
        "https://canon-file.truth.test/": "file:///srv/www/summer.html",
    }
    for url, href in cases.items():
        world.add_host(url.removeprefix("https://").rstrip("/"), {"/": _with_canonical(href)})
    manifest = write_manifest(tmp_path, campaign("canon", list(cases)))
    run = run_check([manifest], *FAST, *world.cli_args())
    noindex, gone, file_url = cases
    assert_check(
        run,
        noindex,
        "content.indexable",
        "fail",
        "canonical https://staging-canon.truth.test/summer answers noindex",
    )
    assert_check(run, gone, "content.indexable", "fail", "answers 404")
    result = assert_check(
        run, file_url, "content.indexable", "fail", 'canonical "file:///srv/www/summer.html"'
    )
    assert result["detail"]["canonical"] == "file:///srv/www/summer.html"  # as written


def test_every_report_a_person_reads_says_what_was_not_run(world: World, tmp_path: Path) -> None:
    secret = {"url": "https://secret.truth.test/", "headers": {"X-Key": "${CC_TRUTH_GONE}"}}
    world.add_host("secret.truth.test", {"/": landing()})
    manifest = write_manifest(tmp_path, campaign("unrun", [secret]))
    html, markdown = tmp_path / "status.html", tmp_path / "summary.md"
    run = run_check(
        [manifest],
        *FAST,
        "--html",
        str(html),
        "--markdown",
        str(markdown),
        *world.cli_args(),
        env={"CC_TRUTH_GONE": None},
    )
    said = run.json["campaigns"][0]["message"]
    assert said == "12 checks not run (12 secret): not known to be ready"
    assert said in html.read_text(encoding="utf-8")
    assert said in markdown.read_text(encoding="utf-8")
    assert said in " ".join(run.output.split())
