"""`domain.expiry` in the check registry: one result per url, printed and microsite target,
judging the domains of its host and of its `expect.final_url`."""

from __future__ import annotations

from checker.checks.domain.judge import CHECK_ID, combine, judge_domain_expiry
from checker.checks.registry import Context, check
from checker.facts import Facts
from checker.report import CheckResult
from checker.targets import Target


@check(CHECK_ID, lambda t: t.kind in ("url", "printed", "microsite"))
def expiry(target: Target, facts: Facts, context: Context) -> CheckResult:
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
        for host, registration in facts.registrations
    ]
    return combine(judged)
