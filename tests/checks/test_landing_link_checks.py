"""content.mixed and content.share judge the landing page's links, and never judge what
they do not have: links unknown (the page gave no answer when read again whole) is a skip,
a page that is not HTML has no share tags."""

from __future__ import annotations

from checker.checks.facts import Facts
from checker.checks.http.probe import LANDING, UNREAD_LINKS
from checker.checks.mixed.judge import content_mixed
from checker.checks.share.judge import share
from checker.checks.share.probe import SHARE_IMAGES
from checker.report.model import SkipReason, Status
from tests.checks.judging import AT, answer, html, landing, url_target

URL = "https://shop.example/summer"
HTML_WITHOUT_LINKS = Facts(
    {LANDING: landing(answer(URL, body=html("Summer", ""))), SHARE_IMAGES: ()}
)
PDF = Facts(
    {
        LANDING: landing(answer(URL, headers={"content-type": "application/pdf"}, body=b"%PDF-1")),
        SHARE_IMAGES: (),
    }
)


def test_unknown_links_skip_both_checks_as_a_prerequisite() -> None:
    for judged in (
        content_mixed(url_target(URL), HTML_WITHOUT_LINKS, AT),
        share(url_target(URL, expect={"share": True}), HTML_WITHOUT_LINKS, AT),
    ):
        assert judged.status is Status.SKIP
        assert judged.detail["reason"] == SkipReason.PREREQUISITE
        assert judged.message == UNREAD_LINKS


def test_a_page_that_is_not_html_loads_nothing_mixed() -> None:
    judged = content_mixed(url_target(URL), PDF, AT)
    assert judged.status is Status.SKIP
    assert judged.detail["reason"] == SkipReason.NOT_APPLICABLE


def test_a_page_that_is_not_html_has_no_share_card() -> None:
    assert share(url_target(URL), PDF, AT).detail["reason"] == SkipReason.NOT_APPLICABLE
    required = share(url_target(URL, expect={"share": True}), PDF, AT)
    assert required.status is Status.FAIL
    assert "no og:title and no og:image" in required.message
