"""Markdown summary: heading, campaign table, problem lists, escaping."""

from __future__ import annotations

from datetime import UTC, datetime

from checker.report.compare import mark_changes
from checker.report.formats import markdown
from checker.report.model import Status

from .sample import sample_history, sample_report


def _lines() -> list[str]:
    return markdown.render(sample_report()).splitlines()


def test_markdown_starts_with_heading_and_summary_line() -> None:
    lines = _lines()
    assert lines[0] == "## Campaign readiness ❌ not ready"
    assert lines[2].startswith("**1 ready · 1 at risk · 1 not ready · 1 ended**")


def test_markdown_table_has_one_row_per_campaign_most_urgent_first() -> None:
    lines = _lines()
    start = lines.index("| Status | Campaign | Launch | Countdown | Problems | Warnings |")
    rows = lines[start + 2 : start + 6]
    assert [r.split(" | ")[0] for r in rows] == [
        "| ❌ not ready",
        "| ⚠️ at risk",
        "| ✅ ready",
        "| ⏹️ ended",
    ]
    assert rows[0].endswith("| 2027-05-25 00:00 UTC | in 1 d 12 h | 16 | 1 |")
    assert rows[2].endswith("| live | 0 | 0 |")
    assert rows[3].endswith("| ended | 0 | 0 |")
    assert lines[start + 6] == ""


def test_markdown_counts_a_broken_url_once_however_many_checks_see_it() -> None:
    text = markdown.render(sample_report())
    # page-0.html is listed by crawl.links and fails http.status as its own target: one row
    rows = [
        line
        for line in text.splitlines()
        if "`https://holiday.acme.example/old/page-0.html`" in line
    ]
    assert rows == [
        "| ❌ | `https://holiday.acme.example/old/page-0.html` | `http.status`, `crawl.links` "
        "| 404 Not Found (found on /offer.html) |"
    ]
    # two failing checks on one URL: one problem, both messages
    (holiday,) = [line for line in text.splitlines() if "`https://acme.example/holiday" in line]
    assert "`content.text`, `content.placeholder`" in holiday
    assert "not found in the page; page looks like a placeholder" in holiday
    # the crawl checks themselves are no problem of the microsite's start page
    assert "| `https://holiday.acme.example/` |" not in text


def test_markdown_lists_problems_only_for_not_ready_and_at_risk() -> None:
    text = markdown.render(sample_report())
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [
        "### ❌ Noël 2027 🎄 &lt;Ünïcødé&gt; — not ready",
        "### ⚠️ Summer Sale 2027 — Été — at risk",
    ]
    assert (
        "| ⚠️ | `https://go.acme.example/s27?utm_source=billboard&utm_campaign=s27` | `tls.expiry`"
        in text
    )
    assert "7 checks passed." in text
    assert "`http.https`" not in text  # passing checks are only counted


def test_markdown_folds_checks_that_did_not_run() -> None:
    text = markdown.render(sample_report())
    start = text.index("<details><summary>1 check not run</summary>")
    folded = text[start : text.index("</details>", start)]
    assert (
        "- `tls.handshake` `https://gift.acme.example/noel`: not checked: dns.resolve failed"
        in folded
    )


def test_markdown_says_since_when_with_a_history() -> None:
    report, _ = sample_history()
    lines = markdown.render(report).splitlines()
    header = (
        "| Status | Campaign | Launch | Countdown | Problems | Warnings | In this state since |"
    )
    start = lines.index(header)
    assert lines[start + 2].endswith("| 16 | 1 | 2027-05-22 12:00 UTC |")
    assert lines[start + 5].endswith("| ended | 0 | 0 |  |")  # ended: no since


def test_markdown_with_previous_shows_what_newly_fails_and_what_recovered() -> None:
    previous, report = sample_report(), sample_report()
    previous.generated_at = datetime(2027, 5, 23, 6, 0, tzinfo=UTC)
    previous.campaigns[1].targets[0].checks[0].status = Status.PASS  # gift dns.resolve: new
    previous.campaigns[2].targets[0].checks[5].status = Status.FAIL  # spring http.status: back
    mark_changes(report, previous)
    text = markdown.render(report)
    section = text[text.index("### Since the previous report (2027-05-23 06:00 UTC)") :]
    section = section[: section.index("\n### ", 1)]
    assert "**Newly failing or warning: 1**" in section
    assert (
        "- ❌ Noël 2027 🎄 &lt;Ünïcødé&gt;: `dns.resolve` `https://gift.acme.example/noel` —"
        in section
    )
    assert "**Recovered: 1**" in section
    assert (
        "- ✅ Frühlings-Teaser ☀: `http.status` `https://acme.example/spring` — 200 OK" in section
    )
    assert "| ❌ **new** | `https://gift.acme.example/noel` |" in text


def test_markdown_with_previous_and_no_change_says_so() -> None:
    report = sample_report()
    mark_changes(report, sample_report())
    assert "Nothing newly fails and nothing recovered." in markdown.render(report)
    assert "Since the previous report" not in markdown.render(sample_report())


def test_markdown_escapes_pipes_angle_brackets_and_backticks() -> None:
    assert markdown.text("a | b <script> `x` ]]>") == (r"a \| b &lt;script&gt; \`x\` \]\]&gt;")
    assert markdown.code("a|b`c") == "``a\\|b`c``"
    text = markdown.render(sample_report())
    assert "<script>" not in text
    assert "&lt;script&gt;alert('x')&lt;/script&gt; \\]\\]&gt; \\| Noël" in text
    assert "`https://acme.example/holiday?ref=a\\|b`" in text


def test_markdown_every_table_row_has_the_header_cell_count() -> None:
    lines = _lines()
    for i, line in enumerate(lines):
        if line.startswith("| ---"):
            cells = lines[i - 1].count(" | ")
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert lines[j].replace("\\|", "").count(" | ") == cells, lines[j]
                j += 1


def test_markdown_incomplete_report_says_why() -> None:
    text = markdown.render(sample_report(complete=False))
    assert "**Incomplete report:** deadline of 60 s reached; 7 checks skipped" in text
