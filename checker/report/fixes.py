"""What to do about a failing check, one short sentence per check id (for issues and reports)."""

from __future__ import annotations

from checker.report.model import SkipReason

FIXES = {
    "dns.resolve": "Add the A/AAAA (or CNAME) record at the DNS provider, or fix the host name.",
    "dns.dangling": "Remove the CNAME, or create the site/bucket/app it points at (takeover risk).",
    "domain.expiry": "Renew the domain at its registrar (and clear any hold status).",
    "tls.handshake": "Serve HTTPS on this host and port.",
    "tls.trusted": "Install a certificate from a public CA with its full intermediate chain.",
    "tls.hostname": "Issue a certificate that covers this host name.",
    "tls.expiry": "Renew the certificate (or turn on automatic renewal).",
    "http.status": "Publish the page at this URL, or fix the expected status.",
    "http.redirects": "Fix the redirect rules (no loops, fewer hops, no hop to an error).",
    "http.https": "Redirect the http:// form to https://.",
    "http.final_url": "Point the redirect at the expected final URL.",
    "http.query": "Keep the query string (utm_*) on every redirect hop.",
    "http.latency": "Speed up the first byte (cache or CDN in front of the page).",
    "content.text": "Publish the final content, or update `expect.contains`.",
    "content.title": "Set the page title, or update `expect.title`.",
    "content.placeholder": "Replace the placeholder or parked page with the campaign page.",
    "content.indexable": "Remove noindex and point the canonical link at an indexable URL.",
    "content.mixed": "Load every script, style, frame, font and form target over https://.",
    "content.share": "Fix og:image (a reachable image under 8 MB) and og:title.",
    "printed.typed": "Make the printed form (as typed, http:// and https://) reach the page.",
    "qr.decode": "Regenerate the QR code so that it encodes the manifest URL.",
    "crawl.links": "Fix or remove the broken links on the pages that contain them.",
    "crawl.assets": "Fix or remove the broken images, scripts, styles or fonts.",
    "crawl.fragments": "Add the missing ids, or fix the #fragment links.",
    "crawl.mixed": "Load every resource of the crawled pages over https://.",
}
NOT_RUN_FIXES = {
    SkipReason.DEADLINE: "Give the run more time (--deadline) so that this check runs.",
    SkipReason.SECRET: "Set the variable named in the message (a CI secret) so that it runs.",
    SkipReason.ERROR: "An internal error stopped this check: please report it as a bug.",
    SkipReason.INTERRUPTED: "Run the check again: the run was interrupted.",
}


def fix_for(check_id: str, not_run: SkipReason | None = None) -> str:
    """The advice for a failing `check_id`, or for one that did not run for reason `not_run`."""
    if not_run is not None:
        return NOT_RUN_FIXES.get(not_run, "Run the check again.")
    return FIXES.get(check_id, "See the check's message.")
