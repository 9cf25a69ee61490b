"""The one place checks are registered: id, the targets it applies to, the facts its
judge reads, and the judge (a pure function of target, facts and context)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checker.checks.facts import Fact, Facts
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status


@dataclass(frozen=True, slots=True)
class Context:
    """What checks may know beyond the target and its facts."""

    now: datetime


Judge = Callable[[Target, Facts, Context], CheckResult]


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check."""

    id: str
    applies: Callable[[Target], bool]
    needs: tuple[Fact[Any], ...]
    judge: Judge


REGISTRY: list[Check] = []


def check(
    check_id: str, applies: Callable[[Target], bool], needs: tuple[Fact[Any], ...]
) -> Callable[[Judge], Judge]:
    """Register `judge` under `check_id` for the targets `applies` accepts; the run gathers
    the facts in `needs` before judging."""

    def register(judge: Judge) -> Judge:
        REGISTRY.append(Check(check_id, applies, needs, judge))
        return judge

    return register


def result(check_id: str, status: Status, message: str, /, **detail: Any) -> CheckResult:
    """Shorthand for a :class:`CheckResult`."""
    return CheckResult(check_id, status, message, detail)


def skipped(check_id: str, reason: SkipReason, message: str, /, **detail: Any) -> CheckResult:
    """A skip that says why (`detail.reason`): prerequisite, not_applicable, ..."""
    return CheckResult(check_id, Status.SKIP, message, {"reason": str(reason), **detail})


def landing(target: Target) -> bool:
    """Targets whose own URL is fetched and judged (manifest URLs and microsite start pages)."""
    return target.kind in ("url", "microsite")


def https_landing(target: Target) -> bool:
    return landing(target) and target.check_url.startswith("https://")
