"""The commented starter manifest written by `campaign-check init`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from checker.plan import settings as defaults

SCHEMA_FILE = "manifest.schema.json"

TEMPLATE = """\
# yaml-language-server: $schema=./{schema}
# Campaign manifest for campaign-checker: `campaign-check validate` checks this file,
# `campaign-check check` checks that everything in it is live and correct.
campaign: {slug}                 # unique slug: lowercase letters, digits and '-'
name: {title}                    # display name in reports
owner: web-team@example.com      # who to ask when something is missing
launch: {launch}                 # a date (midnight in `timezone`) or 2027-06-01T09:00:00-04:00
ends: {ends}                     # end of the flight: certificates should last until then
timezone: UTC                    # IANA zone used for bare dates, e.g. Europe/Paris

defaults:                        # apply to every url and microsite below
  timeout: {timeout:<21g} # seconds per request
  max_redirects: {max_redirects}
  response_time_ms: {response_time_ms:<12} # slower first byte = warning
  cert_min_days: {cert_min_days:<15} # certificate must stay valid this long past launch
  domain_min_days: {domain_min_days:<13} # domain must stay registered this long past launch

urls:
  # Short form: the page must answer 200, over valid TLS, and not be a placeholder.
  - https://www.example.com/
  # Long form: a vanity link as printed on the billboard, with its QR code.
  # - url: https://go.example.com/{slug}?utm_source=billboard&utm_campaign={slug}
  #   printed: go.example.com/{slug}   # exactly as printed, no scheme
  #   qr: assets/{slug}-qr.png         # relative to this file
  #   expect:
  #     status: 200
  #     final_url: https://www.example.com/{slug}
  #     contains: ["{title}"]
  #     title: {title}
  #     share: true                    # og:title and og:image must be there (share card)

microsites: []
  # - url: https://{slug}.example.com/   # crawled: every page, link, asset and #fragment
  #   max_pages: {max_pages}
  #   exclude: ['^https://www\\.linkedin\\.com/']
"""


def starter_manifest(slug: str, today: datetime | None = None) -> str:
    """A commented manifest for `slug`, launching four weeks from `today`."""
    start = (today or datetime.now(UTC)).date() + timedelta(days=28)
    return TEMPLATE.format(
        timeout=defaults.TIMEOUT_S,
        max_redirects=defaults.MAX_REDIRECTS,
        response_time_ms=defaults.RESPONSE_TIME_MS,
        cert_min_days=defaults.CERT_MIN_DAYS,
        domain_min_days=defaults.DOMAIN_MIN_DAYS,
        max_pages=defaults.MAX_PAGES,
        schema=SCHEMA_FILE,
        slug=slug,
        title=slug.replace("-", " ").title(),
        launch=start.isoformat(),
        ends=(start + timedelta(days=30)).isoformat(),
    )
