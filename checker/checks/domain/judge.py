"""Judge a domain's registration against the flight, as `tls.expiry` judges a certificate.

Rules: a registration that ends before max(now, launch) + `domain_min_days`, or whose RDAP
status is a hold, redemption or pending delete, fails; one that ends before `ends` +
`domain_min_days` warns. RDAP trouble (no registration found, no answer, an answer without
an expiration date) warns and never fails. A host with no domain to look up is a skip
(`not_applicable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from checker.checks.domain.probe import REGISTRATIONS
from checker.checks.domain.rdap import Registration
from checker.checks.facts import Facts
from checker.checks.registry import Context, check, skipped
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status

CHECK_ID = "domain.expiry"
HELD = frozenset({"client hold", "server hold", "redemption period", "pending delete"})


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _held(statuses: Sequence[str]) -> list[str]:
    """Status values saying the domain is held or about to be released (also in EPP spelling,
    `serverHold`, which some registries send)."""
    wanted = {h.replace(" ", "") for h in HELD}
    return [s for s in statuses if s.replace(" ", "").lower() in wanted]


def _detail(registration: Registration, host: str, now: datetime) -> dict[str, Any]:
    out: dict[str, Any] = {"host": host, "domain": registration.domain}
    out["answer"] = registration.answer
    if registration.source:
        out["rdap"] = registration.source
    if registration.expires is not None:
        out["registered_until"] = registration.expires.isoformat()
        out["days_left"] = round((registration.expires - now).total_seconds() / 86400, 1)
    if registration.answer == "found":
        out["status"] = list(registration.statuses)
    return out


def judge_domain_expiry(
    registration: Registration,
    host: str,
    now: datetime,
    launch: datetime,
    ends: datetime,
    min_days: int,
) -> CheckResult:
    """`domain.expiry` for one host's registrable domain (see the module doc)."""
    detail = {"domains": [_detail(registration, host, now)]}
    domain = registration.domain
    if registration.answer == "not_applicable":
        message = f"not checked: {registration.reason}"
        return skipped(CHECK_ID, SkipReason.NOT_APPLICABLE, message, **detail)
    if registration.answer == "not_found":
        message = (
            f"no registration found for {domain} ({registration.source} answered 404): "
            "check with the registrar that it is registered"
        )
        return CheckResult(CHECK_ID, Status.WARN, message, detail)
    if registration.answer == "no_answer":
        message = f"could not confirm the registration of {domain}: {registration.reason}"
        return CheckResult(CHECK_ID, Status.WARN, message, detail)
    held = _held(registration.statuses)
    if held:
        message = (
            f"{domain} is {', '.join(held)} at the registry (RDAP status): it stops resolving "
            "or is about to be released; settle it with the registrar"
        )
        return CheckResult(CHECK_ID, Status.FAIL, message, detail)
    expires = registration.expires
    if expires is None:
        message = (
            f"could not confirm the registration of {domain}: RDAP gives no expiration date; "
            "check it with the registrar"
        )
        return CheckResult(CHECK_ID, Status.WARN, message, detail)
    reference = max(now, launch)
    need_until = reference + timedelta(days=min_days)
    if expires <= reference:
        verb = "expired" if expires <= now else "expires"
        before = " before launch" if expires > now else ""
        message = f"registration of {domain} {verb} {_day(expires)}{before}: renew it"
        return CheckResult(CHECK_ID, Status.FAIL, message, detail)
    if expires < need_until:
        days = (expires - reference).total_seconds() / 86400
        message = (
            f"registration of {domain} ends {_day(expires)}, {days:.0f} days after "
            f"{'launch' if reference == launch else 'now'} (needs {min_days}): renew it"
        )
        return CheckResult(CHECK_ID, Status.FAIL, message, detail)
    if expires < ends + timedelta(days=min_days):
        message = (
            f"registration of {domain} ends {_day(expires)}, less than {min_days} days after "
            f"the campaign ends ({_day(ends)}): renew it before then"
        )
        return CheckResult(CHECK_ID, Status.WARN, message, detail)
    days_left = detail["domains"][0]["days_left"]
    message = f"{domain} registered until {_day(expires)} ({days_left} days)"
    return CheckResult(CHECK_ID, Status.PASS, message, detail)


def combine(results: Sequence[CheckResult]) -> CheckResult:
    """One `domain.expiry` for a target whose hosts lie in several domains (its URL and
    `expect.final_url`): the worst of those judged, every domain in `detail.domains`."""
    if not results:
        message = "not checked: the target has no host to look up"
        return skipped(CHECK_ID, SkipReason.NOT_APPLICABLE, message, domains=[])
    if len(results) == 1:
        return results[0]
    judged = [r for r in results if r.status is not Status.SKIP] or list(results)
    worst = max(r.status.severity for r in judged)
    chosen = [r for r in judged if r.status.severity == worst]
    detail: dict[str, Any] = {"domains": [d for r in results for d in r.detail["domains"]]}
    if all(r.status is Status.SKIP for r in results):
        detail["reason"] = str(SkipReason.NOT_APPLICABLE)
    message = "; ".join(r.message for r in chosen)
    return CheckResult(CHECK_ID, chosen[0].status, message, detail)


@check(CHECK_ID, lambda t: t.kind in ("url", "printed", "microsite"), needs=(REGISTRATIONS,))
def expiry(target: Target, facts: Facts, context: Context) -> CheckResult:
    """The domains of the target's host and of its `expect.final_url`, judged together."""
    campaign = target.campaign
    judged = [
        judge_domain_expiry(
            registration,
            host,
            context.now,
            campaign.launch,
            campaign.flight_end,
            target.settings.domain_min_days,
        )
        for host, registration in facts[REGISTRATIONS]
    ]
    return combine(judged)
