"""httpx's parse of a URL string, made once per string.

The checks of one target read the same few URLs several times each (its own URL for the
DNS lookup, the TLS probe and dns.dangling; where its redirects end for the catch-all
probe, robots.txt and the canonical link), and httpx validates every character of a URL
each time it parses one (bench/check.py: a tenth of the CPU of a 2,000-target run).
"""

from __future__ import annotations

from functools import lru_cache

import httpx


@lru_cache(maxsize=4096)
def parsed_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, shared (an ``httpx.URL`` cannot be changed); raises as it does."""
    return httpx.URL(url)
