"""`--rdap URL`, checked before any request is made."""

from __future__ import annotations

import httpx


def check_rdap_base(value: str) -> None:
    """Raise ValueError unless `value` is an http(s) base URL with a host and no query or
    fragment (lookups go to `value` without its trailing `/`, then `/domain/NAME`)."""
    problem = f"--rdap {value!r}: give an RDAP base URL such as https://rdap.example/"
    try:
        url = httpx.URL(value.strip())
    except (httpx.InvalidURL, ValueError):
        raise ValueError(problem) from None
    if value != value.strip() or url.scheme not in ("http", "https") or not url.host:
        raise ValueError(problem)
    if url.query or url.fragment or "?" in value or "#" in value:
        raise ValueError(f"{problem} (no query or fragment)")
