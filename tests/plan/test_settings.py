"""Every default defined once: the built-in values are the documented ones, and a target's
setting comes from the first layer that sets it (entry, manifest `defaults`, command line,
built-in)."""

from __future__ import annotations

from click.testing import CliRunner

from checker.cli import main
from checker.manifest.model import Campaign, Microsite, Settings
from checker.plan import settings
from checker.plan.settings import Effective
from checker.plan.targets import BUILT_IN, expand
from checker.run import RunOptions
from tests.checks.judging import targets

URL = "https://www.acme.test/summer"


def test_the_built_in_values_are_the_documented_defaults() -> None:
    per_target = (
        settings.TIMEOUT_S,
        settings.MAX_REDIRECTS,
        settings.RESPONSE_TIME_MS,
        settings.CERT_MIN_DAYS,
        settings.CERT_COVER_FLIGHT,
        settings.MAX_PAGES,
        settings.MAX_DEPTH,
    )
    assert per_target == (10.0, 5, 3000, 14, False, 500, 5)
    per_run = (settings.CONCURRENCY, settings.PER_HOST, settings.RETRIES)
    assert per_run == (50, 8, 2)


def test_a_target_with_nothing_set_gets_the_built_in_values() -> None:
    (target,) = targets(urls=(URL,))
    assert target.settings == Effective(10.0, 5, 3000, 14, False, 30, ())


def test_the_entry_wins_over_the_manifest_defaults() -> None:
    (target,) = targets(
        urls=({"url": URL, "timeout": 2, "cert_min_days": 30},),
        defaults={"timeout": 7, "max_redirects": 1},
    )
    assert (target.settings.timeout, target.settings.cert_min_days) == (2.0, 30)
    assert target.settings.max_redirects == 1


def test_the_manifest_wins_over_the_command_line_which_wins_over_the_built_in() -> None:
    data = {"campaign": "layers", "launch": "2027-06-01", "urls": [URL]}
    cli = Settings(timeout=3, response_time_ms=900)
    (plain,) = expand(Campaign.model_validate(data), cli)
    assert (plain.settings.timeout, plain.settings.response_time_ms) == (3.0, 900)
    (manifest,) = expand(Campaign.model_validate({**data, "defaults": {"timeout": 7}}), cli)
    assert (manifest.settings.timeout, manifest.settings.response_time_ms) == (7.0, 900)


def test_excludes_add_up_from_every_layer() -> None:
    (target,) = targets(
        microsites=({"url": URL, "exclude": ["^https://a\\."]},),
        defaults={"exclude": ["^https://b\\."]},
    )
    assert target.settings.exclude == ("^https://a\\.", "^https://b\\.")


def test_every_reader_of_a_default_reads_this_module() -> None:
    assert BUILT_IN.timeout == settings.TIMEOUT_S
    assert BUILT_IN.cert_min_days == settings.CERT_MIN_DAYS
    site = Microsite(url=URL)
    assert (site.max_pages, site.max_depth) == (settings.MAX_PAGES, settings.MAX_DEPTH)
    options = RunOptions()
    assert (options.concurrency, options.per_host, options.retries) == (
        settings.CONCURRENCY,
        settings.PER_HOST,
        settings.RETRIES,
    )
    assert options.timeout is None  # so a manifest's timeout is not overridden


def test_the_help_shows_the_defaults() -> None:
    result = CliRunner().invoke(main, ["check", "--help"], terminal_width=200)
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    shown_defaults = ("[default: 50;", "[default: 8;", "[default: 2;", "Seconds per request [10]")
    for shown in shown_defaults:
        assert shown in help_text, shown
