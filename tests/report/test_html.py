"""HTML status page: self-contained, escaped, accessible."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from checker.report.formats import html

from .sample import sample_report


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(text)
    return parser.tags


def test_html_has_no_unescaped_script_from_hostile_message() -> None:
    text = html.render(sample_report())
    assert "<script" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; ]]&gt; | Noël" in text
    assert "script" not in {tag for tag, _ in _tags(text)}


def test_html_makes_no_external_requests() -> None:
    tags = _tags(html.render(sample_report()))
    assert not [t for t, a in tags if t in {"script", "link", "img", "iframe"}]
    assert not [a for _, a in tags if a.get("src") or a.get("href")]


def test_html_has_a_card_per_campaign_with_status_in_words() -> None:
    text = html.render(sample_report())
    cards = re.findall(r'<section class="card (\w+)" id="c-([\w-]+)"', text)
    assert cards == [
        ("ended", "winter-2026"),
        ("ready", "spring-teaser"),
        ("not_ready", "holiday-2027"),
        ("at_risk", "summer-2027"),
    ]
    for word in ("✓ ready", "! at risk", "✗ not ready", "– ended"):
        assert f"{word}</span>" in text


def test_html_details_hold_the_passing_checks() -> None:
    text = html.render(sample_report())
    assert "<details><summary>9 checks passed</summary>" in text
    summer = text[text.index('id="c-summer-2027"') :]
    details = summer[summer.index("<details>") : summer.index("</details>")]
    assert "http.query" in details
    assert "tls.expiry" not in details


def test_html_shows_times_countdown_and_owner() -> None:
    text = html.render(sample_report())
    assert '<time datetime="2027-05-23T12:00:42+00:00">2027-05-23 12:00 UTC</time>' in text
    assert "(launches in 1 d 12 h)" in text
    assert "owner Zoë Ökonom &lt;zoe@acme.example&gt;" in text


def test_html_incomplete_banner_only_when_incomplete() -> None:
    assert 'class="banner"' not in html.render(sample_report())
    text = html.render(sample_report(complete=False))
    assert "Incomplete report: deadline of 60 s reached; 7 checks skipped" in text


def test_html_strips_control_characters() -> None:
    text = html.render(sample_report())
    assert "\x1b" not in text
    assert "\x00" not in text
