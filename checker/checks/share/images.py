"""Read a page's share tags and fetch each share image once per run (HEAD, then GET).

The image is read up to 8 MB (one byte more tells that it is larger); Pillow identifies it
and reads its size from the header without decoding it. The Fetcher may already hold the
GET of that URL, read to a smaller limit by the crawl (a HEAD it could not trust): then it is
fetched again to this limit. Once judged, the cached body is cut to a small prefix.
"""

from __future__ import annotations

import asyncio
import io
import warnings
from dataclasses import dataclass

from checker.crawl.extract import PageLinks
from checker.net.client import Fetched, Fetcher
from checker.net.redirects import Chain, follow
from checker.net.urls import resolve_parts

MAX_IMAGE_BYTES = 8_000_000  # "8 MB", as the social networks state their limit
IMAGE_PROPERTIES = ("og:image", "og:image:secure_url", "og:image:url")  # og:image first
TWITTER_IMAGE = "twitter:image"


@dataclass(frozen=True, slots=True)
class ShareTags:
    """The share tags of one page (image URLs absolute)."""

    title: str | None  # og:title
    images: tuple[tuple[str, str], ...]  # (og:image | twitter:image, URL), distinct URLs

    @property
    def og_image(self) -> str | None:
        return next((url for prop, url in self.images if prop == "og:image"), None)


@dataclass(frozen=True, slots=True)
class ShareImage:
    """What fetching one share image gave."""

    url: str
    status: int | None = None  # final HTTP status (None: no answer)
    error: str | None = None  # why there was no answer
    content_type: str = ""
    size: int | None = None  # bytes: Content-Length, else bytes read
    too_big: bool = False  # over MAX_IMAGE_BYTES
    format: str | None = None  # as Pillow names it; None: not an image Pillow knows
    width: int | None = None
    height: int | None = None
    unreadable: str | None = None  # why Pillow refused bytes it recognised


def _first_url(links: PageLinks, properties: tuple[str, ...]) -> str | None:
    """The first value of the first of `properties` present, as an absolute URL."""
    for wanted in properties:
        for prop, content in links.share:
            parts = resolve_parts(links.base, content.strip()) if prop == wanted else None
            if parts is not None:
                return parts[0]
    return None


def share_tags(links: PageLinks) -> ShareTags:
    """og:title, og:image (or its :secure_url / :url forms) and twitter:image of a page."""
    title = next((text.strip() for prop, text in links.share if prop == "og:title"), None)
    og_image = _first_url(links, IMAGE_PROPERTIES)
    twitter = _first_url(links, (TWITTER_IMAGE,))
    images = [("og:image", og_image)] if og_image else []
    if twitter and twitter != og_image:  # one fetch per URL
        images.append((TWITTER_IMAGE, twitter))
    return ShareTags(title or None, tuple(images))


def _identify(body: bytes) -> tuple[str | None, int | None, int | None, str | None]:
    """Pillow's format and size of an image, from its header (no decoding), or why not."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(body)) as image:
                return image.format, image.width, image.height, None
    except Image.DecompressionBombError:
        return None, None, None, "it declares more pixels than any share image has"
    except Exception:  # UnidentifiedImageError, a broken header: not an image
        return None, None, None, None


def _declared_size(chain: Chain) -> int | None:
    value = chain.final.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


class ShareImages:
    """Share images of a run, each fetched and identified once."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._images: dict[str, asyncio.Task[ShareImage]] = {}

    async def image(self, url: str, *, timeout: float, max_redirects: int) -> ShareImage:
        task = self._images.get(url)
        if task is None:
            task = asyncio.ensure_future(self._fetch(url, timeout, max_redirects))
            self._images[url] = task
        return await asyncio.shield(task)  # shared: one target's cancel is not all's

    async def _follow(self, url: str, method: str, timeout: float, redirects: int) -> Chain:
        return await follow(
            self.fetcher,
            url,
            method=method,
            max_redirects=redirects,
            timeout=timeout,
            body_limit=MAX_IMAGE_BYTES + 1,
            leaf=True,
        )

    async def _whole(self, final: Fetched, timeout: float) -> Fetched:
        """`final` read to this module's limit: a body another caller cut shorter (the crawl
        reads at most BODY_LIMIT) is fetched again."""
        if not final.truncated or len(final.body) > MAX_IMAGE_BYTES:
            return final
        self.fetcher.shrink(final)  # marks the short copy as cut, so full_body refetches it
        return await self.fetcher.fetch(
            final.url, timeout=timeout, body_limit=MAX_IMAGE_BYTES + 1, full_body=True, leaf=True
        )

    async def _fetch(self, url: str, timeout: float, max_redirects: int) -> ShareImage:
        head = await self._follow(url, "HEAD", timeout, max_redirects)
        declared = _declared_size(head) if head.ok and head.final.status == 200 else None
        if declared is not None and declared > MAX_IMAGE_BYTES:
            content_type = head.final.headers.get("content-type", "")
            return ShareImage(url, 200, None, content_type, declared, too_big=True)
        chain = await self._follow(url, "GET", timeout, max_redirects)
        if chain.problem:
            return ShareImage(url, error=f"redirects: {chain.describe()}")
        if chain.final.error is not None:
            return ShareImage(url, error=chain.final.error.message)
        final = await self._whole(chain.final, timeout)
        try:
            if final.error is not None:
                return ShareImage(url, error=final.error.message)
            content_type = final.headers.get("content-type", "")
            declared = final.headers.get("content-length", "")
            size = int(declared) if declared.isdigit() else len(final.body)
            too_big = final.truncated or size > MAX_IMAGE_BYTES
            if final.status != 200 or too_big:
                return ShareImage(url, final.status, None, content_type, size, too_big)
            found, width, height, why = await asyncio.to_thread(_identify, final.body)
            return ShareImage(url, 200, None, content_type, size, False, found, width, height, why)
        finally:
            self.fetcher.shrink(final)  # judged: keep no more than a prefix for the run


async def fetch_share_images(
    images: ShareImages, tags: ShareTags, *, timeout: float, max_redirects: int
) -> tuple[ShareImage, ...]:
    """Every share image of `tags`, in tag order."""
    found = await asyncio.gather(
        *(images.image(url, timeout=timeout, max_redirects=max_redirects) for _, url in tags.images)
    )
    return tuple(found)
