"""Every default of the tool, defined once, and the settings a target ends up with.

A target's setting comes from the first layer that sets it: the target itself, the
manifest's `defaults`, the command line, then the built-in values below.
"""

from __future__ import annotations

from dataclasses import dataclass

# Per target (a manifest may override each in `defaults` or on an entry).
TIMEOUT_S = 10.0
MAX_REDIRECTS = 5
RESPONSE_TIME_MS = 3000
CERT_MIN_DAYS = 14
CERT_COVER_FLIGHT = False
DOMAIN_MIN_DAYS = 30
MAX_PAGES = 500
MAX_DEPTH = 5

# Per run (command line only).
CONCURRENCY = 50
PER_HOST = 8
RETRIES = 2
DNS_TIMEOUT_CAP_S = 5.0  # a DNS lookup waits at most this long, even with a longer --timeout


@dataclass(frozen=True, slots=True)
class Effective:
    """A target's settings once every layer is applied."""

    timeout: float
    max_redirects: int
    response_time_ms: int
    cert_min_days: int
    cert_cover_flight: bool
    domain_min_days: int
    exclude: tuple[str, ...]
