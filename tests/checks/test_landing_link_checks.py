"""content.mixed and content.share judge the landing page's links, and never judge what
they do not have: links unknown (the page gave no answer when read again whole) is a skip,
a page that is not HTML has no share tags."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING, UNREAD_LINKS, Landing
from checker.checks.mixed.judge import content_mixed
from checker.checks.registry import Context
from checker.checks.share.judge import share
from checker.checks.share.probe import SHARE_IMAGES
from checker.content.page import parse_page
from checker.manifest.model import Campaign
from checker.net.client import Fetched
from checker.net.redirects import Chain
from checker.plan.targets import Target, expand
from checker.report.model import SkipReason, Status

URL = "https://shop.example/summer"
CONTEXT = Context(datetime(2027, 5, 1, tzinfo=UTC))


def _target(*, share: bool = False) -> Target:
    entry = {"url": URL, "expect": {"share": share}}
    campaign = Campaign.model_validate({"campaign": "t", "launch": "2027-06-01", "urls": [entry]})
    return expand(campaign)[0]


def _facts(content_type: str, body: bytes) -> Facts:
    headers = httpx.Headers({"content-type": content_type})
    final = Fetched(URL, "GET", status=200, headers=headers, body=body)
    page = parse_page(URL, headers, body)
    return Facts({LANDING: Landing(Chain(URL, (final,)), page, None), SHARE_IMAGES: ()})


HTML_WITHOUT_LINKS = _facts("text/html", b"<html><title>Summer</title></html>")
PDF = _facts("application/pdf", b"%PDF-1.7")


def test_unknown_links_skip_both_checks_as_a_prerequisite() -> None:
    for judged in (
        content_mixed(_target(), HTML_WITHOUT_LINKS, CONTEXT),
        share(_target(share=True), HTML_WITHOUT_LINKS, CONTEXT),
    ):
        assert judged.status is Status.SKIP
        assert judged.detail["reason"] == SkipReason.PREREQUISITE
        assert judged.message == UNREAD_LINKS


def test_a_page_that_is_not_html_loads_nothing_mixed() -> None:
    judged = content_mixed(_target(), PDF, CONTEXT)
    assert judged.status is Status.SKIP
    assert judged.detail["reason"] == SkipReason.NOT_APPLICABLE


def test_a_page_that_is_not_html_has_no_share_card() -> None:
    assert share(_target(), PDF, CONTEXT).detail["reason"] == SkipReason.NOT_APPLICABLE
    required = share(_target(share=True), PDF, CONTEXT)
    assert required.status is Status.FAIL
    assert "no og:title and no og:image" in required.message
