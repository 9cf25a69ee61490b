"""`tls.*`: does TLS work, is the chain trusted, are the names right, do the dates hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from checker.checks.facts import Facts
from checker.checks.registry import Context, check, https_landing, result, skipped
from checker.checks.tls.probe import TLS
from checker.net.tlsprobe import CertInfo
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status


def _cert_detail(cert: CertInfo, now: datetime) -> dict[str, object]:
    return {
        "subject": cert.subject,
        "issuer": cert.issuer,
        "sans": list(cert.sans),
        "not_before": cert.not_before.isoformat(),
        "not_after": cert.not_after.isoformat(),
        "days_left": round((cert.not_after - now).total_seconds() / 86400, 1),
    }


def _no_cert(check_id: str) -> CheckResult:
    message = "not checked: no TLS session (see tls.handshake)"
    return skipped(check_id, SkipReason.PREREQUISITE, message)


@check("tls.handshake", https_landing, needs=(TLS,))
def handshake(target: Target, facts: Facts, context: Context) -> CheckResult:
    tls = facts[TLS]
    where = f"{tls.host}:{tls.port}"
    if tls.unresolved:
        message = "not checked: the host does not resolve (see dns.resolve)"
        return skipped("tls.handshake", SkipReason.PREREQUISITE, message)
    if tls.handshake_error and tls.via_proxy:
        message = f"cannot reach {where}: {tls.handshake_error}; check --proxy / https_proxy"
        return result("tls.handshake", Status.FAIL, message, via_proxy=True)
    if tls.handshake_error:
        advice = "serve HTTPS with a certificate on this port"
        detail = {"plain_http": tls.plain_http}
        message = f"no TLS on {where}: {tls.handshake_error}; {advice}"
        return result("tls.handshake", Status.FAIL, message, **detail)
    return result("tls.handshake", Status.PASS, f"{tls.protocol} session with {where}")


@check("tls.trusted", https_landing, needs=(TLS,))
def trusted(target: Target, facts: Facts, context: Context) -> CheckResult:
    tls = facts[TLS]
    if tls.cert is None:
        return _no_cert("tls.trusted")
    detail = _cert_detail(tls.cert, context.now)
    if tls.trust_error:
        kind = "self-signed " if tls.cert.self_signed else ""
        message = (
            f"{kind}certificate for {tls.host} does not verify: {tls.trust_error} "
            f"(issuer {tls.cert.issuer}); install a certificate from a public CA with its "
            "full chain"
        )
        return result("tls.trusted", Status.FAIL, message, **detail)
    message = f"chain verifies (issuer {tls.cert.issuer})"
    return result("tls.trusted", Status.PASS, message, **detail)


@check("tls.hostname", https_landing, needs=(TLS,))
def hostname(target: Target, facts: Facts, context: Context) -> CheckResult:
    tls = facts[TLS]
    if tls.cert is None:
        return _no_cert("tls.hostname")
    names = ", ".join(tls.cert.sans) or "no names (no subjectAltName)"
    detail = {"sans": list(tls.cert.sans), "host": tls.host}
    if tls.cert.covers(tls.host):
        return result("tls.hostname", Status.PASS, f"certificate covers {tls.host}", **detail)
    message = f"certificate is for {names}, not {tls.host}: reissue it including {tls.host}"
    return result("tls.hostname", Status.FAIL, message, **detail)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@check("tls.expiry", https_landing, needs=(TLS,))
def expiry(target: Target, facts: Facts, context: Context) -> CheckResult:
    """CONTRACT.md's rule, judged against --now, never the machine's clock."""
    tls = facts[TLS]
    if tls.cert is None:
        return _no_cert("tls.expiry")
    cert, now = tls.cert, context.now
    launch, ends = target.campaign.launch, target.campaign.flight_end
    reference = max(now, launch)
    need_until = reference + timedelta(days=target.settings.cert_min_days)
    detail = _cert_detail(cert, now)
    host = tls.host
    if cert.not_after <= reference:
        verb = "expired" if cert.not_after <= now else "expires"
        before = " before launch" if cert.not_after > now else ""
        message = f"certificate for {host} {verb} {_day(cert.not_after)}{before}: renew it"
        return result("tls.expiry", Status.FAIL, message, **detail)
    if cert.not_before > reference:
        message = (
            f"certificate for {host} is not valid until {_day(cert.not_before)}, "
            "after launch: install one valid now"
        )
        return result("tls.expiry", Status.FAIL, message, **detail)
    if cert.not_after < need_until:
        days = (cert.not_after - reference).total_seconds() / 86400
        message = (
            f"certificate for {host} ends {_day(cert.not_after)}, {days:.0f} days after "
            f"{'launch' if reference == launch else 'now'} (needs {target.settings.cert_min_days}):"
            " renew it"
        )
        return result("tls.expiry", Status.FAIL, message, **detail)
    if cert.not_before > now:
        message = (
            f"certificate for {host} becomes valid {_day(cert.not_before)}: fine for launch, "
            "but not yet valid today"
        )
        return result("tls.expiry", Status.WARN, message, **detail)
    if cert.not_after < ends:
        status = Status.FAIL if target.settings.cert_cover_flight else Status.WARN
        message = (
            f"certificate for {host} ends {_day(cert.not_after)}, before the campaign ends "
            f"({_day(ends)}): renew it before then"
        )
        return result("tls.expiry", status, message, **detail)
    message = f"certificate valid until {_day(cert.not_after)} ({detail['days_left']} days)"
    return result("tls.expiry", Status.PASS, message, **detail)
