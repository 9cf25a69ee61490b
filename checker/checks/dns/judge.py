"""`dns.resolve` and `dns.dangling`: what DNS says about the target's host."""

from __future__ import annotations

from checker.checks.content.probe import CATCH_ALL
from checker.checks.dns.probe import DNS
from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING, PLAIN_FORM
from checker.checks.registry import Context, check, landing, result, skipped
from checker.content import fingerprints
from checker.net.client import BODY_KEPT, Fetched
from checker.net.parsed import parsed_url
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status

_ADVICE = {
    "nxdomain": "create the DNS record before launch",
    "noanswer": "the name exists but has no A/AAAA record: add one",
    "servfail": "the zone's servers fail to answer: check delegation and DNSSEC",
    "timeout": "no DNS server answered in time: check the zone's name servers",
    "error": "check the zone",
}


@check("dns.resolve", landing, needs=(DNS,))
def resolve(target: Target, facts: Facts, context: Context) -> CheckResult:
    answer = facts[DNS]
    detail = {"addresses": list(answer.addresses), "cnames": list(answer.cnames)}
    if answer.ok:
        via = f" via CNAME {' → '.join(answer.cnames)}" if answer.cnames else ""
        message = f"{answer.host} resolves to {', '.join(answer.addresses)}{via}"
        return result("dns.resolve", Status.PASS, message, source=answer.source, **detail)
    kind = answer.error or "error"
    message = f"{answer.host} does not resolve: {answer.detail}; {_ADVICE[kind]}"
    return result("dns.resolve", Status.FAIL, message, error=kind, **detail)


def _answers_on(host: str, facts: Facts) -> list[Fetched]:
    """Every answer the host itself gave: the landing chain, its http:// form, the probes."""
    chains = [facts[LANDING].chain, facts[PLAIN_FORM]]
    if (catch_all := facts[CATCH_ALL]) is not None:
        chains.append(catch_all.chain)
    return [
        hop
        for chain in chains
        for hop in chain.hops
        if hop.status is not None and parsed_url(hop.url).host == host
    ]


@check("dns.dangling", landing, needs=(DNS, LANDING, PLAIN_FORM, CATCH_ALL))
def dangling(target: Target, facts: Facts, context: Context) -> CheckResult:
    answer = facts[DNS]
    if not answer.addresses and not answer.cnames:
        message = f"nothing to judge: {answer.host} has no DNS records (see dns.resolve)"
        return skipped("dns.dangling", SkipReason.PREREQUISITE, message)
    service = next(
        (s for name in answer.cnames if (s := fingerprints.dangling_service_for(name))), None
    )
    if service is None:
        what = "no CNAME" if not answer.cnames else "its CNAME is not a known hosting service"
        return result("dns.dangling", Status.PASS, f"{answer.host}: {what}")
    cname = answer.cnames[-1]
    detail = {"service": service.service, "cname": cname}
    takeover = f"anyone could claim it on {service.service} and serve their page here"
    if answer.error == "nxdomain":
        message = (
            f"{answer.host} is a CNAME to {cname}, which does not exist: {takeover}; "
            "remove the record or create the site"
        )
        return result("dns.dangling", Status.FAIL, message, **detail)
    host = parsed_url(target.check_url).host
    answers = _answers_on(host, facts)
    for hop in answers:
        assert hop.status is not None
        body = hop.body[:BODY_KEPT].decode("utf-8", errors="replace")
        if fingerprints.match_dangling_body(service, hop.status, body):
            message = (
                f"{answer.host} points at {service.service} ({cname}), which answers at "
                f"{hop.url} that no such site exists: {takeover}; claim the site or remove "
                "the record"
            )
            return result("dns.dangling", Status.FAIL, message, answered_at=hop.url, **detail)
    if not answers:
        message = (
            f"nothing to judge: {host} points at {service.service} ({cname}), which gave no "
            "HTTP answer (see http.status)"
        )
        return skipped("dns.dangling", SkipReason.PREREQUISITE, message, **detail)
    message = f"{host} points at {service.service} ({cname}) and the site is claimed"
    return result("dns.dangling", Status.PASS, message, answers=len(answers), **detail)
