"""Judge the share card: a share image that is not 200, not an image (its Content-Type or
its bytes) or over 8 MB fails; one under 200×200 px warns. With `expect.share: true` a
missing og:title or og:image fails; a page with no share tags and no such expectation is
not applicable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING, UNREAD_LINKS
from checker.checks.registry import Context, check, landing, skipped
from checker.checks.share.images import MAX_IMAGE_BYTES, ShareImage, ShareTags, share_tags
from checker.checks.share.probe import SHARE_IMAGES
from checker.plan.targets import Target
from checker.report.model import CheckResult, SkipReason, Status

CHECK_ID = "content.share"
MIN_SIDE = 200  # px: below this the networks show a small card or none


def _problem(image: ShareImage) -> tuple[Status, str] | None:
    """What is wrong with one share image, or None."""
    if image.error is not None:
        return Status.FAIL, f"gives no answer ({image.error})"
    if image.status != 200:
        return Status.FAIL, f"answers {image.status}"
    if image.too_big:
        size = f"{image.size / 1e6:.1f} MB" if image.size else "larger"
        return Status.FAIL, f"is {size}, over the {MAX_IMAGE_BYTES // 1_000_000} MB limit"
    if not image.content_type.lower().startswith("image/"):
        return Status.FAIL, f"is {image.content_type or 'untyped'}, not an image"
    if image.unreadable is not None:
        return Status.FAIL, f"is not usable: {image.unreadable}"
    if image.format is None:
        return Status.FAIL, f"is served as {image.content_type} but is not an image"
    if (image.width or 0) < MIN_SIDE or (image.height or 0) < MIN_SIDE:
        return Status.WARN, f"is {image.width}×{image.height} px, under {MIN_SIDE}×{MIN_SIDE}"
    return None


def _image_detail(prop: str, image: ShareImage) -> dict[str, Any]:
    out: dict[str, Any] = {"property": prop, "url": image.url, "status": image.status}
    if image.error:
        out["error"] = image.error
    out |= {"content_type": image.content_type, "bytes": image.size}
    if image.format:
        out |= {"format": image.format, "width": image.width, "height": image.height}
    return out


def judge_content_share(
    tags: ShareTags, images: Sequence[ShareImage], *, expect_share: bool
) -> CheckResult:
    """`content.share` for one page, its tags and the fetched images (in tag order)."""
    if tags.title is None and not tags.images and not expect_share:
        message = "not checked: the page has no share tags (og:title, og:image)"
        return skipped(CHECK_ID, SkipReason.NOT_APPLICABLE, message)
    detail: dict[str, Any] = {
        "title": tags.title,
        "images": [_image_detail(p, i) for (p, _), i in zip(tags.images, images, strict=True)],
    }
    problems: list[tuple[Status, str]] = []
    missing = [
        name for name, value in (("og:title", tags.title), ("og:image", tags.og_image)) if not value
    ]
    if expect_share and missing:
        problems.append(
            (Status.FAIL, f"the page has no {' and no '.join(missing)}: shares show no card")
        )
    for (prop, _), image in zip(tags.images, images, strict=True):
        found = _problem(image)
        if found is not None:
            problems.append((found[0], f"{prop} {image.url} {found[1]}"))
    if problems:
        status = Status.FAIL if any(s is Status.FAIL for s, _ in problems) else Status.WARN
        message = "; ".join(text for s, text in problems if s is status)
        return CheckResult(CHECK_ID, status, message, detail)
    if not images:
        message = f'og:title "{tags.title}"; no og:image, so shares show no picture'
        return CheckResult(CHECK_ID, Status.PASS, message, detail)
    first = images[0]
    title = f'"{tags.title}"' if tags.title else "no og:title"
    message = f"share card: {title}, {first.format} image {first.width}×{first.height} px"
    return CheckResult(CHECK_ID, Status.PASS, message, detail)


@check(CHECK_ID, landing, needs=(LANDING, SHARE_IMAGES))
def share(target: Target, facts: Facts, context: Context) -> CheckResult:
    chain, page, links = facts[LANDING].chain, facts[LANDING].page, facts[LANDING].links
    if page is None or chain.final.status != 200:
        message = "not checked: no page (see http.status)"
        return skipped(CHECK_ID, SkipReason.PREREQUISITE, message)
    if page.is_html and links is None:
        return skipped(CHECK_ID, SkipReason.PREREQUISITE, UNREAD_LINKS)
    tags = share_tags(links) if links is not None else ShareTags(None, ())
    images = facts[SHARE_IMAGES]
    return judge_content_share(tags, images, expect_share=target.expect.share)
