"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER = 30.0
BASE_DELAY = 0.25


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a `Retry-After` header (delta or HTTP date), capped at 30 s."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds: float = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def backoff_delay(attempt: int, retry_after: float | None = None) -> float:
    """Delay before retry number `attempt` (1-based): Retry-After if given, else
    exponential backoff with equal jitter (0.25 s, 0.5 s, 1 s, ... at most 8 s)."""
    if retry_after is not None:
        return retry_after
    ceiling: float = min(BASE_DELAY * 2.0 ** (attempt - 1), 8.0)
    return ceiling / 2 + random.uniform(0, ceiling / 2)
