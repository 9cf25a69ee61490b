"""Find the pages a site's sitemaps list: robots.txt `Sitemap:` lines, then /sitemap.xml."""

from __future__ import annotations

import asyncio
import functools

import httpx

from checker.content.markup import off_loop
from checker.content.robots import MAX_ROBOTS_BYTES
from checker.crawl.sitemap import Sitemap, SitemapError, parse_sitemap, sitemaps_from_robots
from checker.net.client import LARGE_BODY, Credentials, Fetcher
from checker.net.redirects import follow
from checker.net.urls import normalize

MAX_SITEMAP_FILES = 20
SITEMAP_BODY_LIMIT = 10 * 1024 * 1024


async def _read(
    fetcher: Fetcher,
    url: str,
    credentials: Credentials | None,
    timeout: float,
    max_redirects: int,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(pages, child sitemaps) of one sitemap file; nothing when it is missing or malformed."""
    chain = await follow(
        fetcher,
        url,
        max_redirects=max_redirects,
        credentials=credentials,
        timeout=timeout,
        body_limit=SITEMAP_BODY_LIMIT,
        keep_body=False,
    )
    final = chain.final
    try:
        if not chain.ok or final.status != 200 or final.truncated:
            return (), ()
        found = await _parse(fetcher, final.body)
    except SitemapError:
        return (), ()
    finally:
        fetcher.forget_body(final.url, credentials=credentials)
    return found.pages, found.sitemaps


async def _parse(fetcher: Fetcher, body: bytes) -> Sitemap:
    """`parse_sitemap(body)`; a large one off the event loop and in its turn (a .gz one
    may inflate to 50 MB)."""
    read = functools.partial(parse_sitemap, body)
    if len(body) <= LARGE_BODY:
        return read()
    async with fetcher.large_turn():
        return await off_loop(read, len(body))


async def find_sitemap_pages(
    fetcher: Fetcher,
    start_url: str,
    credentials: Credentials | None,
    timeout: float,
    max_redirects: int,
) -> dict[str, str]:
    """Normalised page URL → the sitemap listing it, for the site `start_url` ended on.

    robots.txt is requested exactly as the launch checks do (same URL, no credentials),
    so the run's Fetcher answers it from its cache. At most 20 sitemap files are read.
    """
    final = httpx.URL(start_url)
    origin = f"{final.scheme}://{final.netloc.decode()}"
    robots_txt = fetcher.fetch(f"{origin}/robots.txt", timeout=timeout, body_limit=MAX_ROBOTS_BYTES)
    robots = await asyncio.shield(robots_txt)
    listed: list[str] = []
    if robots.status == 200:
        listed = sitemaps_from_robots(robots.body.decode("utf-8", errors="replace"), origin + "/")
    pending = list(dict.fromkeys([*listed, f"{origin}/sitemap.xml"]))
    seen = set(pending)
    read = 0
    pages: dict[str, str] = {}
    while pending and read < MAX_SITEMAP_FILES:
        batch, pending = pending[: MAX_SITEMAP_FILES - read], pending[MAX_SITEMAP_FILES - read :]
        read += len(batch)
        answers = await asyncio.gather(
            *(_read(fetcher, url, credentials, timeout, max_redirects) for url in batch)
        )
        for sitemap, (found_pages, children) in zip(batch, answers, strict=True):
            for page in found_pages:
                try:
                    pages.setdefault(normalize(page), sitemap)
                except ValueError:
                    continue
            fresh = [c for c in children if c not in seen]
            seen.update(fresh)
            pending += fresh
    return pages
