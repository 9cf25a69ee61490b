"""`http.*`: the redirect chain, the final status, https, the final URL, the query, latency."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING, PLAIN_FORM
from checker.checks.registry import Context, check, https_landing, landing, result, skipped
from checker.manifest.model import normalize_url
from checker.net.client import BODY_LIMIT, Fetched
from checker.net.redirects import Chain
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status

_DEFERRED = {"dns": "dns.resolve", "tls": "tls.handshake", "tls_verify": "tls.trusted"}
CUT_MESSAGE = f"page larger than {BODY_LIMIT // (1024 * 1024)} MiB: only its start was checked"


def _hops(chain: Chain) -> list[dict[str, object]]:
    return [
        {
            "url": hop.url,
            "status": hop.status,
            "location": hop.location,
            "ms": round(hop.ttfb_ms),
            **({"error": hop.error.message} if hop.error else {}),
            **({"attempts": hop.attempts} if hop.attempts > 1 else {}),
        }
        for hop in chain.hops
    ]


def _first_hop_skip(check_id: str, chain: Chain) -> CheckResult | None:
    """Skip (the cause is reported elsewhere) when the very first request got no answer."""
    first = chain.hops[0]
    if first.error and first.error.kind in _DEFERRED:
        cause = _DEFERRED[first.error.kind]
        if first.error.kind == "tls_verify" and "hostname" in first.error.message.lower():
            cause = "tls.hostname"  # the chain is fine, the name is not
        message = f"not checked: {first.error.message} (see {cause})"
        return skipped(check_id, SkipReason.PREREQUISITE, message)
    return None


def _retried(hop: Fetched) -> str:
    return f" (after {hop.attempts} attempts)" if hop.attempts > 1 else ""


@check("http.redirects", landing, needs=(LANDING,))
def redirects(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts[LANDING].chain
    if deferred := _first_hop_skip("http.redirects", chain):
        return deferred
    hops = _hops(chain)
    count = len(chain.hops) - 1
    if not count and chain.final.error:
        message = f"nothing to judge: {chain.final.error.message} (see http.status)"
        return skipped("http.redirects", SkipReason.PREREQUISITE, message, hops=hops)
    if chain.problem == "loop":
        message = f"redirect loop: {chain.describe()}; fix the redirect rules"
        return result("http.redirects", Status.FAIL, message, hops=hops)
    if chain.problem == "too_many":
        limit = target.settings.max_redirects
        message = f"more than {limit} redirects: {chain.describe()}; shorten the chain"
        return result("http.redirects", Status.FAIL, message, hops=hops)
    if count and chain.final.error:
        message = f"a redirect leads to an error: {chain.describe()}"
        return result("http.redirects", Status.FAIL, message, hops=hops)
    if count and chain.final.status is not None and chain.final.status >= 400:
        message = f"redirects end on an error page ({chain.final.status}): {chain.describe()}"
        return result("http.redirects", Status.FAIL, message, hops=hops)
    message = f"{count} redirect{'s' if count != 1 else ''}" + (
        f": {chain.describe()}" if count else ""
    )
    return result("http.redirects", Status.PASS, message, hops=hops)


@check("http.status", landing, needs=(LANDING,))
def status(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts[LANDING].chain
    if deferred := _first_hop_skip("http.status", chain):
        return deferred
    final, expected = chain.final, list(target.expect.status)
    wanted = " or ".join(str(s) for s in expected)
    detail = {"final_url": final.url, "status": final.status, "expected": expected}
    if final.error:
        message = f"{final.url} gave no answer: {final.error.message}{_retried(final)}"
        return result("http.status", Status.FAIL, message, **detail)
    if chain.problem:
        message = f"still redirecting after {len(chain.hops)} requests (see http.redirects)"
        return result("http.status", Status.FAIL, message, **detail)
    if final.status not in expected:
        message = f"{final.url} answers {final.status}, expected {wanted}{_retried(final)}"
        return result("http.status", Status.FAIL, message, **detail)
    if facts[LANDING].cut:
        message = f"{final.status}{_retried(final)}, but {CUT_MESSAGE}"
        return result("http.status", Status.WARN, message, truncated=True, **detail)
    return result("http.status", Status.PASS, f"{final.status}{_retried(final)}", **detail)


def _https_applies(target: Target) -> bool:
    """CONTRACT.md: every https URL of the manifest, and every printed form."""
    return https_landing(target) or target.kind == "printed"


@check("http.https", _https_applies, needs=(PLAIN_FORM,))
def https(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts[PLAIN_FORM]
    if deferred := _first_hop_skip("http.https", chain):
        return deferred
    hops = _hops(chain)
    if chain.ok and chain.final_url.startswith("https://") and (chain.final.status or 0) < 400:
        return result("http.https", Status.PASS, "http:// form redirects to https", hops=hops)
    if chain.final.error:
        message = (
            f"{chain.start} gives no answer ({chain.final.error.message}): redirect it to https"
        )
    elif chain.final_url.startswith("http://"):
        message = (
            f"{chain.start} ends on plain HTTP ({chain.describe()}): "
            "redirect http:// to https:// (301)"
        )
    else:
        message = f"{chain.start} does not end on a working https page: {chain.describe()}"
    return result("http.https", Status.FAIL, message, hops=hops)


def _without_query(url: str) -> str:
    return normalize_url(url.split("#", 1)[0]).split("?", 1)[0]


@check(
    "http.final_url",
    lambda t: landing(t) and t.expect.final_url is not None,
    needs=(LANDING,),
)
def final_url(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts[LANDING].chain
    assert target.expect.final_url is not None
    if deferred := _first_hop_skip("http.final_url", chain):
        return deferred
    want, got = _without_query(target.expect.final_url), _without_query(chain.final_url)
    detail = {"expected": want, "final_url": chain.final_url}
    if want == got:
        return result("http.final_url", Status.PASS, f"ends at {want}", **detail)
    message = f"redirects end at {got}, not {want}: fix the redirect target"
    return result("http.final_url", Status.FAIL, message, **detail)


def _keys(url: str) -> list[str]:
    return [k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


def _query_applies(target: Target) -> bool:
    return landing(target) and target.expect.keep_query and bool(urlsplit(target.check_url).query)


@check("http.query", _query_applies, needs=(LANDING,))
def query(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts[LANDING].chain
    if deferred := _first_hop_skip("http.query", chain):
        return deferred
    wanted = parse_qsl(urlsplit(target.check_url).query, keep_blank_values=True)
    arrived = parse_qsl(urlsplit(chain.final_url).query, keep_blank_values=True)
    arrived_map: dict[str, list[str]] = {}
    for key, value in arrived:
        arrived_map.setdefault(key, []).append(value)
    dropped = [k for k, _ in wanted if k not in arrived_map]
    changed = [k for k, v in wanted if k in arrived_map and v not in arrived_map[k]]
    detail = {"dropped": dropped, "changed": changed, "final_url": chain.final_url}
    if not dropped and not changed:
        names = ", ".join(dict.fromkeys(k for k, _ in wanted))
        return result("http.query", Status.PASS, f"{names} arrive unchanged", **detail)
    lost_at = next(
        (hop.url for hop in chain.hops if set(dropped) - set(_keys(hop.url))), chain.final_url
    )
    parts = ([f"dropped {', '.join(dropped)}"] if dropped else []) + (
        [f"changed {', '.join(changed)}"] if changed else []
    )
    message = (
        f"query parameters {' and '.join(parts)} on the way to {chain.final_url} "
        f"(first missing at {lost_at}): campaign attribution will be lost; keep the query "
        "string in every redirect"
    )
    return result("http.query", Status.FAIL, message, **detail)


@check("http.latency", landing, needs=(LANDING,))
def latency(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain = facts[LANDING].chain
    if not chain.ok:
        message = "not measured: no final answer (see http.status)"
        return skipped("http.latency", SkipReason.PREREQUISITE, message)
    limit = target.settings.response_time_ms
    ms = round(chain.final.ttfb_ms)
    detail = {"ms": ms, "limit_ms": limit}
    if ms > limit:
        message = (
            f"first byte after {ms} ms (limit {limit} ms): visitors will wait; check hosting or CDN"
        )
        return result("http.latency", Status.WARN, message, **detail)
    return result("http.latency", Status.PASS, f"first byte after {ms} ms", **detail)
