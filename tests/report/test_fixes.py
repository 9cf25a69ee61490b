"""The one-sentence fix for each check id (issues and reports say it under a failure)."""

from __future__ import annotations

import checker.checks.suite  # noqa: F401  (importing it registers every family)
from checker.checks.registry import REGISTRY
from checker.report.fixes import FIXES, fix_for
from checker.report.model import UNCHECKED, SkipReason


def test_every_registered_check_has_a_fix_of_its_own() -> None:
    missing = sorted({c.id for c in REGISTRY} - set(FIXES))
    assert not missing, f"checks without a fix sentence: {missing}"
    assert all(fix_for(c.id) == FIXES[c.id] for c in REGISTRY)


def test_a_check_that_did_not_run_gets_the_fix_for_its_reason() -> None:
    for reason in UNCHECKED:
        fix = fix_for("tls.expiry", reason)
        assert fix != FIXES["tls.expiry"]
    assert "--deadline" in fix_for("tls.expiry", SkipReason.DEADLINE)
    assert "secret" in fix_for("http.status", SkipReason.SECRET)
    assert "bug" in fix_for("http.status", SkipReason.ERROR)


def test_an_unknown_check_gets_a_pointer_to_its_message() -> None:
    assert fix_for("made.up") == "See the check's message."
