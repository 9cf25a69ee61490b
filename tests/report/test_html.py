"""HTML status page: self-contained, escaped, accessible, ordered, honest about time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from checker.report.compare import mark_changes
from checker.report.formats import html
from checker.report.model import CheckResult, Status, TargetResult

from .sample import sample_history, sample_report


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


def _card(text: str, slug: str) -> str:
    start = text.index(f'id="c-{slug}"')
    return text[start : text.index("</section>", start)]


def test_html_has_no_unescaped_script_from_hostile_message() -> None:
    text = html.render(sample_report())
    assert "<script" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; ]]&gt; | Noël" in text
    assert "script" not in {tag for tag, _ in _tags(text)}


def test_html_loads_nothing_and_links_only_to_its_anchors_and_checked_urls() -> None:
    tags = _tags(html.render(sample_report()))
    assert not [t for t, _ in tags if t in {"script", "link", "img", "iframe", "object"}]
    assert not [a for _, a in tags if a.get("src")]
    hrefs = [a["href"] or "" for t, a in tags if t == "a" and "href" in a]
    assert all(h.startswith(("#c-", "https://")) for h in hrefs), hrefs
    assert "default-src 'none'" in html.render(sample_report())


def test_html_orders_campaigns_most_urgent_first_then_by_launch() -> None:
    report = sample_report()
    second = sample_report().campaigns[1]  # another not-ready campaign, launching earlier
    second.campaign = "flash-sale"
    second.launch -= timedelta(days=1)
    report.campaigns.append(second)
    text = html.render(report)
    cards = re.findall(r'<section class="card (\w+)" id="c-([\w-]+)"', text)
    assert cards == [
        ("not_ready", "flash-sale"),
        ("not_ready", "holiday-2027"),
        ("at_risk", "summer-2027"),
        ("ready", "spring-teaser"),
        ("ended", "winter-2026"),
    ]
    for word in ("✓ ready", "! at risk", "✗ not ready", "– ended"):
        assert f"{word}</span>" in text


def test_html_overview_table_links_to_each_campaign_in_order() -> None:
    text = html.render(sample_report())
    table = text[text.index('<h2 id="overview">') : text.index("</table>")]
    assert re.findall(r'<a href="#c-([\w-]+)">', table) == [
        "holiday-2027",
        "summer-2027",
        "spring-teaser",
        "winter-2026",
    ]
    assert "<td>16 failing, 1 warning</td>" in table
    assert "<td>in 1\u00a0d 11\u00a0h</td>" in table
    assert "<td>3\u00a0d 3\u00a0h ago</td>" in table


def test_html_has_main_and_a_heading_per_campaign() -> None:
    text = html.render(sample_report())
    tags = [t for t, _ in _tags(text)]
    assert tags.count("main") == 1
    for slug in ("holiday-2027", "summer-2027", "spring-teaser", "winter-2026"):
        assert f'aria-labelledby="h-{slug}"' in text
        assert f'<h2 id="h-{slug}">' in text


def test_html_urls_are_links_and_other_text_is_not() -> None:
    report = sample_report()
    report.campaigns[0].targets.append(
        TargetResult("javascript:alert(1)", "url", [CheckResult("http.status", Status.FAIL, "x")])
    )
    text = html.render(report)
    assert (
        '<a class="url" href="https://gift.acme.example/noel" rel="nofollow noreferrer">'
        "https://gift.acme.example/noel</a>"
    ) in text
    assert '<span class="url">javascript:alert(1)</span>' in text
    assert 'href="javascript' not in text
    assert '<span class="url">acme.example/spring</span>' in text  # a printed form


def test_html_shows_launch_in_the_campaign_zone_and_utc_relative_to_the_report() -> None:
    card = _card(html.render(sample_report()), "summer-2027")
    assert (
        '<dt>Launch</dt><dd><time datetime="2027-06-01T09:00:00-04:00">2027-06-01 09:00 EDT</time>'
        ' (America/New_York)<br><time datetime="2027-06-01T13:00:00+00:00">2027-06-01 13:00 UTC'
        "</time><br>launches 9\u00a0d after this report</dd>"
    ) in card
    utc_only = _card(html.render(sample_report()), "holiday-2027")
    assert '<dd><time datetime="2027-05-25T00:00:00+00:00">2027-05-25 00:00 UTC</time><br>' in (
        utc_only
    )


def test_html_relative_times_follow_the_report_not_the_judged_moment() -> None:
    report = sample_report()
    report.now = datetime(2027, 6, 1, 13, 0, tzinfo=UTC)  # a launch-day dry run (--now)
    text = html.render(report)
    assert "launches 9\u00a0d after this report" in _card(text, "summer-2027")
    assert "Times below are relative to this report, not to when you read it." in text
    assert 'judged as of <time datetime="2027-06-01T13:00:00+00:00">' in text


def test_html_folds_skipped_and_passing_checks_away() -> None:
    card = _card(html.render(sample_report()), "holiday-2027")
    problems = card[card.index("<h3>Problems") : card.index("<details>")]
    assert "tls.handshake" not in problems
    skipped = card[card.index("<details><summary>1 check not run</summary>") :]
    assert "not checked: dns.resolve failed" in skipped[: skipped.index("</details>")]
    assert "<details><summary>12 checks passed</summary>" in card


def test_html_lists_each_problem_once() -> None:
    card = _card(html.render(sample_report()), "holiday-2027")
    assert "<h3>Problems: 16 failing, 1 warning</h3>" in card
    assert card.count('href="https://holiday.acme.example/old/page-0.html"') == 1
    assert "<code>http.status</code>, <code>crawl.links</code> · found on /offer.html" in card


def test_html_shows_owner_and_generation_time() -> None:
    text = html.render(sample_report())
    assert (
        '<time datetime="2027-05-23T12:00:42+00:00">2027-05-23 12:00 UTC</time> in 12.5 s' in text
    )
    assert "<dt>Owner</dt><dd>Zoë Ökonom &lt;zoe@acme.example&gt;</dd>" in text


def test_html_with_history_says_since_when_and_draws_recent_runs() -> None:
    report, history = sample_history()
    text = html.render(report, history)
    card = _card(text, "holiday-2027")
    assert (
        '<dt>Not ready since</dt><dd><time datetime="2027-05-22T12:00:42+00:00">2027-05-22 12:00 '
        "UTC</time> (1\u00a0d before this report)</dd>"
    ) in card
    row = card[card.index('<ol class="runs"') : card.index("</ol>")]
    bars = re.findall(r'<li class="(\w+)" title="([^"]*)">', row)
    assert len(bars) == html.RUNS_SHOWN
    assert [status for status, _ in bars] == ["at_risk"] * 25 + ["not_ready"] * 5
    assert bars[-1][1] == (
        "2027-05-23 12:00 UTC: not ready (content.placeholder, content.text, crawl.assets, "
        "crawl.links, dns.resolve, http.status)"
    )
    assert bars[0][1].endswith(": at risk (crawl.fragments)")
    assert 'aria-label="Last 30 runs, oldest first: 5 not ready, 25 at risk"' in row
    assert "<dt>Ready since</dt>" in _card(text, "spring-teaser")
    assert "since</dt>" not in _card(text, "winter-2026")  # ended: its end date says it
    assert '<ol class="runs"' not in html.render(report)  # no history, no row


def test_html_with_previous_shows_what_newly_fails_and_what_recovered() -> None:
    previous, report = sample_report(), sample_report()
    previous.generated_at = datetime(2027, 5, 23, 6, 0, tzinfo=UTC)
    previous.campaigns[1].targets[0].checks[0].status = Status.PASS  # gift dns.resolve: new
    previous.campaigns[2].targets[0].checks[5].status = Status.FAIL  # spring http.status: back
    mark_changes(report, previous)
    text = html.render(report)
    changes = text[text.index('<h2 id="changes">') : text.index('<h2 id="overview">')]
    assert "1 newly failing or warning, 1 recovered" in changes
    assert (
        "<strong>NEW FAIL</strong> Noël 2027 🎄 &lt;Ünïcødé&gt;: <code>dns.resolve</code>"
        in changes
    )
    assert "<strong>RECOVERED</strong> Frühlings-Teaser ☀: <code>http.status</code>" in changes
    assert '<strong>FAIL</strong> <span class="new">new</span>' in _card(text, "holiday-2027")
    assert "<h3>Recovered since the previous report</h3>" in _card(text, "spring-teaser")
    assert 'id="changes"' not in html.render(sample_report())


def test_html_site_version_links_its_files_relatively() -> None:
    report, history = sample_history()
    text = html.render(report, history, site=True)
    hrefs = [a["href"] or "" for t, a in _tags(text) if t == "a"]
    site_links = [h for h in hrefs if not h.startswith(("#", "https://"))]
    assert set(site_links) >= {"report.json", "history.json", "badges/all.svg"}
    assert {"badges/holiday-2027.svg", "badges/holiday-2027.json"} <= set(site_links)
    assert not [h for h in site_links if h.startswith("/") or "://" in h]
    assert "report.json" not in html.render(report, history)


def test_html_has_light_and_dark_colours() -> None:
    assert "@media (prefers-color-scheme:dark){:root{" in html.CSS
    assert "color-scheme:light dark" in html.CSS


def test_html_incomplete_banner_only_when_incomplete() -> None:
    assert 'class="banner"' not in html.render(sample_report())
    text = html.render(sample_report(complete=False))
    assert "Incomplete report: deadline of 60 s reached; 7 checks skipped" in text


def test_html_strips_control_characters() -> None:
    text = html.render(sample_report())
    assert "\x1b" not in text
    assert "\x00" not in text
