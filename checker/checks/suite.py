"""Every check of every family: importing this module registers each family folder found
in `checker/checks/` (adding a family is adding a folder), then plans and judges."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from checker.checks.facts import Fact, Facts
from checker.checks.registry import REGISTRY, Check, Context
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status

__all__ = ["Context", "needed_facts", "planned", "run_checks"]

for _family in pkgutil.iter_modules(importlib.import_module("checker.checks").__path__):
    if _family.ispkg:
        importlib.import_module(f"checker.checks.{_family.name}.judge")


def planned(target: Target) -> list[Check]:
    """The checks that apply to `target`, in report order."""
    return [c for c in REGISTRY if c.applies(target)]


def needed_facts(checks: list[Check]) -> list[Fact[Any]]:
    """The facts `checks` read, each once, in first-use order."""
    return list(dict.fromkeys(fact for c in checks for fact in c.needs))


def run_checks(
    target: Target, checks: list[Check], facts: Facts, context: Context
) -> list[CheckResult]:
    """Judge each of `checks`; a check that crashes is reported, never raised."""
    results = []
    for registered in checks:
        try:
            results.append(registered.judge(target, facts, context))
        except Exception as exc:  # a bug in one check must not lose the run
            message = (
                f"internal error in this check ({type(exc).__name__}: {exc}); please report it"
            )
            detail = {"reason": str(SkipReason.ERROR)}
            results.append(CheckResult(registered.id, Status.SKIP, message, detail))
    return results
