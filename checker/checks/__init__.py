"""Launch checks, one module per family; importing this package registers them all."""

from __future__ import annotations

from checker.checks import content, crawl, dns, http, printed, qr, tls
from checker.checks.registry import REGISTRY, Check, Context
from checker.facts import Facts
from checker.plan.targets import Target
from checker.report.model import CheckResult, Status

__all__ = [
    "Context",
    "content",
    "crawl",
    "dns",
    "http",
    "planned",
    "printed",
    "qr",
    "run_checks",
    "tls",
]


def planned(target: Target) -> list[Check]:
    """The checks that apply to `target`, in report order."""
    return [c for c in REGISTRY if c.applies(target)]


def run_checks(target: Target, facts: Facts, context: Context) -> list[CheckResult]:
    """Judge every applicable check; a check that crashes is reported, never raised."""
    results = []
    for registered in planned(target):
        try:
            results.append(registered.judge(target, facts, context))
        except Exception as exc:  # a bug in one check must not lose the run
            message = (
                f"internal error in this check ({type(exc).__name__}: {exc}); please report it"
            )
            results.append(CheckResult(registered.id, Status.SKIP, message))
    return results
