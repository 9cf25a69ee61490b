"""The share images of a target's landing page, each fetched once per run."""

from __future__ import annotations

from checker.checks.facts import Fact, Gathering
from checker.checks.http.probe import LANDING
from checker.checks.share.images import ShareImage, fetch_share_images, share_tags


async def _share_images(gathering: Gathering) -> tuple[ShareImage, ...]:
    """In share-tag order; none when the page has no share image (or no links known)."""
    links = (await gathering.get(LANDING)).links
    if links is None or not links.share:
        return ()
    settings = gathering.target.settings
    return await fetch_share_images(
        gathering.network.share_images,
        share_tags(links),
        timeout=settings.timeout,
        max_redirects=settings.max_redirects,
    )


SHARE_IMAGES: Fact[tuple[ShareImage, ...]] = Fact("share_images", _share_images)
