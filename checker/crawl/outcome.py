"""How the crawler checks one URL (HEAD first, GET to confirm) and judges the answer.

Rules (CONTRACT.md, "crawl.*"):

* a HEAD that succeeds is trusted; a HEAD that ends on an HTTP error (any status
  >= 400 but 429) or breaks the connection is confirmed with a GET before the URL
  is called broken, since many servers mishandle HEAD (405, 501, but also 400,
  403, 404 or 500). DNS, TLS, connect and timeout errors are not: a GET cannot
  fix them, and 429 was already retried by the Fetcher;
* 401/403 off-site and 429 anywhere, still there after retries, are a **warn**
  ("the host refuses automated checks"); DNS and TLS errors, 404/410, other 4xx
  and 5xx, redirect loops and too many redirects are a **fail**.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.net.client import Fetched
from checker.net.redirects import Chain
from checker.report.model import Status

REFUSING = frozenset({401, 403})  # off-site: the host refuses robots, the page may be fine
RATE_LIMITED = 429
_BROKEN_HEAD = frozenset({"read", "protocol"})  # connection trouble some servers have on HEAD
_ERROR_CHECK = {"dns": "dns.resolve", "tls": "tls.handshake", "tls_verify": "tls.trusted"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """The judged answer for one URL (no body kept)."""

    status: Status
    check: str  # the check a broken URL's own target carries: http.status, dns.resolve, ...
    message: str
    code: int | None = None  # final HTTP status, if any
    error: str | None = None  # why there was no answer (or "redirect loop" ...)
    final_url: str | None = None  # where redirects ended, when they did
    method: str = "GET"

    @property
    def ok(self) -> bool:
        return self.status is Status.PASS


def head_unreliable(chain: Chain) -> bool:
    """Whether a HEAD chain's bad ending must be confirmed with a GET (see module doc)."""
    final = chain.final
    if chain.problem or final.method != "HEAD":
        return False
    if final.error:
        return final.error.kind in _BROKEN_HEAD
    return final.status is not None and final.status >= 400 and final.status != RATE_LIMITED


def _error_check(final: Fetched) -> str:
    assert final.error is not None
    if final.error.kind == "tls_verify" and "hostname" in final.error.message.lower():
        return "tls.hostname"
    return _ERROR_CHECK.get(final.error.kind, "http.status")


def classify(chain: Chain, *, offsite: bool) -> Outcome:
    """Judge the end of `chain`: pass, warn (the host refuses robots) or fail."""
    final = chain.final
    moved = final.url if len(chain.hops) > 1 else None
    if chain.problem:
        what = "redirect loop" if chain.problem == "loop" else "too many redirects"
        message = f"{what}: {chain.describe()}"
        return Outcome(Status.FAIL, "http.redirects", message, error=what, method=final.method)
    if final.error:
        message = f"no answer: {final.error.message}"
        if moved:
            message += f" (after {chain.describe()})"
        return Outcome(
            Status.FAIL,
            _error_check(final),
            message,
            error=final.error.message,
            final_url=moved,
            method=final.method,
        )
    code = final.status
    assert code is not None
    via = f" (redirected: {chain.describe()})" if moved else ""
    if code < 400:
        return Outcome(Status.PASS, "http.status", f"{code}{via}", code, None, moved, final.method)
    if code == RATE_LIMITED or (offsite and code in REFUSING):
        message = f"{code}: the host refuses automated checks{via}; check it by hand"
        return Outcome(Status.WARN, "http.status", message, code, None, moved, final.method)
    message = f"answers {code}{via}"
    return Outcome(Status.FAIL, "http.status", message, code, None, moved, final.method)
