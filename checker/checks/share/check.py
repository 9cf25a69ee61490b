"""`content.share` in the registry: landing pages and microsite start pages."""

from __future__ import annotations

from checker.checks.registry import Context, check, landing, result
from checker.checks.share.judge import CHECK_ID, judge_content_share
from checker.checks.share.probe import share_tags
from checker.facts import Facts
from checker.report import CheckResult, Status
from checker.targets import Target


@check(CHECK_ID, landing)
def share(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts.chain
    if facts.links is None or chain is None or not chain.ok or chain.final.status != 200:
        message = "not checked: no HTML page to read (see http.status)"
        return result(CHECK_ID, Status.SKIP, message, reason="prerequisite")
    tags = share_tags(facts.links)
    return judge_content_share(tags, facts.share_images, expect_share=target.expect.share)
