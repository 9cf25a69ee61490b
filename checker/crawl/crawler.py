"""Crawl a microsite breadth-first and check every link, asset and fragment it uses.

`crawl_site` only gathers facts (one :class:`Outcome` per distinct URL, the pages
that reference it, missing fragments); the `crawl.*` checks judge them.

* The site is the scheme, host and port of the start page after its redirects.
  Same-site pages up to `max_depth` are fetched (GET, bounded body), parsed once and
  their links followed; same-site page links one level deeper are only checked.
  At most `max_pages` same-site page URLs are requested; the rest are counted.
* Pages listed by the sitemaps (robots.txt `Sitemap:` lines and /sitemap.xml) that
  the link crawl did not reach are crawled afterwards, within what is left of
  `max_pages`, as if linked from the start page.
* Assets, off-site URLs and depth-limited pages get a HEAD (see
  :mod:`checker.crawl.outcome` for the GET fallback); same-site stylesheets a GET,
  and their `url()`/`@import` are checked as assets.
* Everything goes through the run's Fetcher, so a URL is requested once per run;
  page bodies are dropped from its cache once parsed, and what a page links to is
  kept per run so another microsite crawling the same page does not need its body.
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from checker.content.markup import off_loop
from checker.crawl.extract import (
    MAX_ELEMENTS,
    Link,
    PageLinks,
    extract_css_links,
    extract_links,
    has_anchor,
)
from checker.crawl.mixed import MixedLoad, mixed_loads
from checker.crawl.outcome import Outcome, classify, head_unreliable
from checker.crawl.sitemap_pages import find_sitemap_pages
from checker.net.client import BODY_LIMIT, LARGE_BODY, Credentials, Fetched, Fetcher, origin_of
from checker.net.redirects import Chain, follow
from checker.net.urls import normalize, same_site

Role = Literal["links", "assets"]
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)
_NOT_HTML = re.compile(
    r"\.(?:pdf|zip|gz|tgz|rar|7z|dmg|exe|apk|png|jpe?g|gif|webp|avif|svg|ico|mp[34]|webm|mov"
    r"|ogg|wav|woff2?|ttf|otf|eot|css|js|json|xml|txt|csv|docx?|xlsx?|pptx?)$",
    re.I,
)
_SKIPPED_FRAGMENTS = ("/", "!", ":~:")  # client-side routes and text fragments, not ids
SITEMAP = "sitemap"  # element of a page reference that comes from a sitemap
PAGE_BODY_LIMIT = 10 * 1024 * 1024
"""Crawled pages (the start page included) are parsed for links up to this size, decoded."""
_PARSED: weakref.WeakKeyDictionary[Fetcher, dict[tuple[str, Credentials | None], PageLinks | None]]
_PARSED = weakref.WeakKeyDictionary()  # per run: what each crawled page links to


@dataclass(frozen=True, slots=True)
class CrawlScope:
    """What one microsite crawl may fetch, and how."""

    max_pages: int
    max_depth: int
    external: bool  # also check off-site links (never crawled)
    exclude: tuple[str, ...]  # regexes: URLs neither crawled nor checked
    timeout: float
    max_redirects: int
    credentials: Credentials | None


@dataclass(slots=True)
class Entry:
    """One distinct URL the site uses: who references it (role → page → element), its answer."""

    url: str
    same_site: bool
    refs: dict[Role, dict[str, str]] = field(default_factory=dict)
    outcome: Outcome | None = None

    @property
    def kind(self) -> str:
        """Target kind of this URL when broken: `page`, `link` or `asset`."""
        if "links" in self.refs:
            return "page" if self.same_site else "link"
        return "asset"


@dataclass(frozen=True, slots=True)
class MissingFragment:
    """A `#fragment` link whose target page has no such id or `<a name>`."""

    url: str  # the page, without fragment
    fragment: str
    found_on: dict[str, str]  # page → element


@dataclass(frozen=True, slots=True)
class CrawlProgress:
    """A microsite crawl so far, for the progress display."""

    site: str
    pages: int  # HTML pages parsed
    queued: int  # jobs waiting for a worker
    checked: int  # distinct URLs with an answer judged
    broken: int  # of which failed or warned
    done: bool = False


OnProgress = Callable[[CrawlProgress], None]
PROGRESS_EVERY = 0.1  # seconds between two progress reports of one crawl


@dataclass
class SiteCrawl:
    """What a crawl found; `skipped` says why nothing was crawled."""

    start: str
    entries: dict[str, Entry] = field(default_factory=dict)
    pages: int = 0  # HTML pages parsed, the start page included
    sitemap_only: list[str] = field(default_factory=list)
    missing_fragments: list[MissingFragment] = field(default_factory=list)
    fragments_checked: int = 0
    not_crawled: int = 0  # same-site page URLs left out once max_pages was reached
    excluded: int = 0  # distinct URLs matching an `exclude` regex
    external_skipped: int = 0  # off-site URLs not checked (external: false)
    cut: dict[str, str] = field(default_factory=dict)  # page read only in part → why
    skipped: str | None = None
    mixed: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    """(http:// URL, kind) an https page or stylesheet loads → {page: element} (crawl.mixed)"""


def _charset(response: Fetched) -> str | None:
    match = _CHARSET.search(response.headers.get("content-type", ""))
    return match.group(1) if match else None


def _is_html(response: Fetched) -> bool:
    content_type = response.headers.get("content-type", "").lower()
    if content_type:
        return "html" in content_type
    return response.body.lstrip()[:1] == b"<"


async def page_links(
    fetcher: Fetcher, response: Fetched, credentials: Credentials | None
) -> PageLinks | None:
    """What an HTML page links to, parsed once per run (None: not HTML); off the event
    loop, and a large page in its turn (one large body at a time, read or parsed)."""
    if credentials is not None and origin_of(response.url) != credentials.origin:
        credentials = None
    parsed = _PARSED.setdefault(fetcher, {})
    key = (response.url, credentials)
    if key not in parsed:
        html = _is_html(response)
        body, encoding = response.body, _charset(response)
        read = functools.partial(extract_links, body, response.url, encoding=encoding)
        if len(body) > LARGE_BODY:
            async with fetcher.large_turn():
                links = await off_loop(read, len(body))
        else:
            links = await off_loop(read, len(body))
        parsed[key] = links if html else None
    return parsed[key]


def has_page_links(fetcher: Fetcher, url: str, credentials: Credentials | None) -> bool:
    """Whether :func:`page_links` already parsed the page at `url` this run."""
    if credentials is not None and origin_of(url) != credentials.origin:
        credentials = None
    return (url, credentials) in _PARSED.get(fetcher, {})


def _is_css(response: Fetched) -> bool:
    content_type = response.headers.get("content-type", "").lower()
    return "text/css" in content_type or (not content_type and response.url.endswith(".css"))


class _Crawl:
    """State of one microsite crawl: a priority queue of jobs run by `Fetcher.concurrency`
    workers (pages before checks, shallow before deep)."""

    def __init__(
        self,
        fetcher: Fetcher,
        scope: CrawlScope,
        site: str,
        start: Chain,
        on_progress: OnProgress | None,
    ) -> None:
        self.first: Chain | None = start  # until read: its body is the start page's
        start_url = start.final_url
        self.fetcher = fetcher
        self.credentials = scope.credentials
        self.timeout = scope.timeout
        self.max_redirects = scope.max_redirects
        self.max_pages = scope.max_pages
        self.max_depth = scope.max_depth
        self.external = scope.external
        self.exclude = [re.compile(rx) for rx in scope.exclude]
        self.site = site
        # "scheme://host[:port]/" of the site: a normalised URL starting so is on it
        self.site_root = site[: site.find("/", site.find("://") + 3) + 1] or site + "/"
        self.start_url = start_url
        self.result = SiteCrawl(site)
        self.entries = self.result.entries
        self.queue: asyncio.PriorityQueue[tuple[int, int, int, Callable[[], Awaitable[None]]]]
        self.queue = asyncio.PriorityQueue()
        self.seq = 0
        self.errors: list[BaseException] = []
        self.admitted = 0  # same-site page URLs requested or queued
        self.parsed: set[str] = set()  # final URLs of parsed pages
        self.final_of: dict[str, str] = {}  # page URL → final URL of a parsed HTML page
        self.anchors: dict[str, frozenset[str]] = {}  # final URL → ids and <a name>s
        self.fragments: dict[tuple[str, str], dict[str, str]] = {}
        self.linked: set[str] = set()  # URLs some crawled page references
        self.unvisited: set[str] = set()
        self.excluded: set[str] = set()
        self.skipped_external: set[str] = set()
        self.sitemap_pages: dict[str, str] = {}  # page → sitemap listing it
        self.on_progress = on_progress
        self.checked = self.broken = 0
        self.reported_at = 0.0

    # -- jobs ------------------------------------------------------------------------------

    def _put(self, order: int, depth: int, job: Callable[[], Awaitable[None]]) -> None:
        self.seq += 1
        self.queue.put_nowait((order, depth, self.seq, job))

    async def _worker(self) -> None:
        while True:
            *_, job = await self.queue.get()
            try:
                await job()
            except Exception as exc:  # a bug: re-raised once the crawl is over
                self.errors.append(exc)
            finally:
                self.queue.task_done()
                self._report()

    def _report(self, *, done: bool = False) -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        if done or now - self.reported_at >= PROGRESS_EVERY:
            self.reported_at = now
            update = CrawlProgress(
                self.site,
                self.result.pages,
                self.queue.qsize(),
                self.checked,
                self.broken,
                done,
            )
            self.on_progress(update)

    def _judge(self, entry: Entry, chain: Chain, *, offsite: bool = False) -> Outcome:
        outcome = entry.outcome = classify(chain, offsite=offsite)
        self.checked += 1
        self.broken += not outcome.ok
        return outcome

    async def _follow(
        self, url: str, method: str, *, leaf: bool = False, body_limit: int = BODY_LIMIT
    ) -> Chain:
        return await follow(
            self.fetcher,
            url,
            method=method,
            max_redirects=self.max_redirects,
            credentials=self.credentials,
            timeout=self.timeout,
            body_limit=body_limit,
            keep_body=False,
            leaf=leaf,
        )

    def _done_with(self, response: Fetched) -> None:
        self.fetcher.forget_body(response.url, credentials=self.credentials)

    async def _page(self, url: str, depth: int) -> None:
        chain = await self._follow(url, "GET", body_limit=PAGE_BODY_LIMIT)
        outcome = self._judge(self.entries[url], chain)
        if outcome.ok:
            creds, timeout = self.credentials, self.timeout
            chain = await whole_page(self.fetcher, chain, creds, timeout, keep=False)
            await self._parse_page(url, chain.final, depth)
        self._done_with(chain.final)

    async def _stylesheet(self, url: str) -> None:
        chain = await self._follow(url, "GET")
        final = chain.final
        outcome = self._judge(self.entries[url], chain)
        if outcome.ok and same_site(final.url, self.site) and _is_css(final):
            css = final.body.decode(_charset(final) or "utf-8", errors="replace")
            css_links = extract_css_links(css, final.url)
            for link in css_links:
                self._discover(link, url, 0)
            if final.url.startswith("https://"):
                self._note_mixed(mixed_loads(css_links), url)
        self._done_with(final)

    async def _check(self, url: str) -> None:
        entry = self.entries[url]
        chain = await self._follow(url, "HEAD", leaf=True)
        if head_unreliable(chain):
            chain = await self._follow(url, "GET", leaf=True)
            self._done_with(chain.final)
        self._judge(entry, chain, offsite=not entry.same_site)

    async def _sitemaps(self) -> None:
        found = await find_sitemap_pages(
            self.fetcher, self.start_url, self.credentials, self.timeout, self.max_redirects
        )
        for page, sitemap in found.items():
            if same_site(page, self.site) and not self._is_excluded(page):
                self.sitemap_pages.setdefault(page, sitemap)

    # -- discovery -------------------------------------------------------------------------

    async def _parse_page(self, url: str, final: Fetched, depth: int) -> None:
        try:
            final_url = normalize(final.url)
        except ValueError:
            return
        if not same_site(final_url, self.site):
            return  # redirected off-site: checked, not crawled
        links = await self._extract(final)
        if links is None:
            return  # not HTML
        if final_url not in self.parsed:
            self.parsed.add(final_url)
            self.anchors[final_url] = links.anchors
            self.final_of[final_url] = final_url
            self.result.pages += 1
            if final.truncated:
                self.result.cut[final_url] = f"is larger than {PAGE_BODY_LIMIT >> 20} MiB"
            elif links.cut:
                self.result.cut[final_url] = f"has more than {MAX_ELEMENTS:,} links and ids"
            if final_url.startswith("https://"):
                self._note_mixed(mixed_loads(links.links, links.form_actions), final_url)
            for link in links.links:
                self._discover(link, final_url, depth + 1)
        self.final_of[url] = final_url

    async def _extract(self, response: Fetched) -> PageLinks | None:
        """What an HTML page links to, parsed once per run (None: not HTML)."""
        return await page_links(self.fetcher, response, self.credentials)

    def _note_mixed(self, loads: list[MixedLoad], page: str) -> None:
        """Record what an https page (or stylesheet) loads over http:// (not excluded)."""
        for load in loads:
            if not any(rx.search(load.url) for rx in self.exclude):
                self.result.mixed.setdefault((load.url, load.kind), {}).setdefault(
                    page, load.element
                )

    def _is_excluded(self, url: str) -> bool:
        if url in self.excluded:
            return True
        if any(rx.search(url) for rx in self.exclude):
            self.excluded.add(url)
            return True
        return False

    def _discover(self, link: Link, page: str, depth: int) -> None:
        """Record that `page` references `link`, and schedule its first check."""
        url = link.url
        entry = self.entries.get(url)
        if entry is None:
            if self._is_excluded(url):
                return
            # links are normalised: most on the site are told so without normalising again
            same = url.startswith(self.site_root) or same_site(url, self.site)
            if not same and not self.external:
                self.skipped_external.add(url)
                return
            if not self._schedule(url, same, link, depth):
                return
            entry = self.entries[url] = Entry(url, same)
        if link.fragment is not None and link.kind == "page" and entry.same_site:
            self.fragments.setdefault((url, link.fragment), {}).setdefault(page, link.element)
        entry.refs.setdefault("links" if link.kind == "page" else "assets", {}).setdefault(
            page, link.element
        )
        if link.element != SITEMAP:
            self.linked.add(url)

    def _schedule(self, url: str, same: bool, link: Link, depth: int) -> bool:
        """Queue the first request for a new URL; False when max_pages leaves it out."""
        if same and link.kind == "page" and not _NOT_HTML.search(url.partition("?")[0]):
            if self.admitted >= self.max_pages:
                self.unvisited.add(url)
                return False
            self.admitted += 1
            if depth <= self.max_depth:
                self._put(0, depth, lambda: self._page(url, depth))
                return True
        elif same and (link.element == "link[stylesheet]" or url.endswith(".css")):
            self._put(0, depth, lambda: self._stylesheet(url))
            return True
        self._put(1, depth, lambda: self._check(url))
        return True

    # -- the crawl -------------------------------------------------------------------------

    async def _start(self, start: Chain) -> None:
        final_url = normalize(start.final_url)
        self.admitted = 1
        outcome = classify(start, offsite=False)
        self.checked = 1
        for url in {normalize(start.start), final_url}:
            self.entries[url] = Entry(url, same_site(url, self.site), outcome=outcome)
        await self._parse_page(normalize(start.start), start.final, 0)

    def _admit_sitemap_pages(self) -> None:
        for page, sitemap in self.sitemap_pages.items():
            self._discover(Link(page, None, "page", SITEMAP), sitemap, 1)

    def _missing_fragments(self) -> None:
        for (url, fragment), found_on in self.fragments.items():
            page = self.final_of.get(url, "")
            anchors = self.anchors.get(page)
            if (
                anchors is None
                or fragment.startswith(_SKIPPED_FRAGMENTS)
                or page in self.result.cut
            ):
                continue  # no page, no id to look for, or ids past a cut unknown
            self.result.fragments_checked += 1
            if not has_anchor(fragment, anchors):
                self.result.missing_fragments.append(MissingFragment(url, fragment, found_on))

    async def run(self) -> SiteCrawl:
        start, self.first = self.first, None
        assert start is not None
        starts = {normalize(start.start), self.site}
        workers = [
            asyncio.ensure_future(self._worker()) for _ in range(max(1, self.fetcher.concurrency))
        ]
        try:
            await self._start(start)
            del start  # read: its body (up to PAGE_BODY_LIMIT) need not last the crawl
            self._put(0, 0, self._sitemaps)
            await self.queue.join()
            self._admit_sitemap_pages()
            await self.queue.join()
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        if self.errors:
            raise self.errors[0]
        self._missing_fragments()
        self.result.sitemap_only = sorted(set(self.sitemap_pages) - self.linked - starts)
        self.result.not_crawled = len(self.unvisited)
        self.result.excluded = len(self.excluded)
        self.result.external_skipped = len(self.skipped_external)
        self._report(done=True)
        return self.result


async def whole_page(
    fetcher: Fetcher,
    chain: Chain,
    credentials: Credentials | None,
    timeout: float,
    *,
    keep: bool = True,
) -> Chain:
    """`chain`, its final page fetched again when its body was shrunk once parsed for
    another target: the crawl needs every link up to PAGE_BODY_LIMIT."""
    final = chain.final
    if not final.shrunk:
        return chain
    whole = fetcher.fetch(
        final.url,
        credentials=credentials,
        timeout=timeout,
        body_limit=PAGE_BODY_LIMIT,
        keep_body=keep,
        full_body=True,
    )
    final = await asyncio.shield(whole)
    return replace(chain, hops=(*chain.hops[:-1], final))


async def crawl_site(
    fetcher: Fetcher, scope: CrawlScope, start: Chain, on_progress: OnProgress | None = None
) -> SiteCrawl:
    """Crawl the microsite that `start` landed on (see the module doc)."""
    start = await whole_page(fetcher, start, scope.credentials, scope.timeout)
    final = start.final
    try:
        site = normalize(start.final_url)
    except ValueError:
        return SiteCrawl(start.final_url, skipped="the start page URL cannot be parsed")
    if final.status is None or not 200 <= final.status < 300:
        return SiteCrawl(site, skipped=f"the start page answered {final.status}")
    if not _is_html(final):
        return SiteCrawl(site, skipped="the start page is not HTML")
    crawl = _Crawl(fetcher, scope, site, start, on_progress)
    del start, final  # the crawl holds the start page until it has read it
    return await crawl.run()
