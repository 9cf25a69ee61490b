"""Markdown summary: heading, campaign table, problem lists, escaping."""

from __future__ import annotations

from checker.report.formats import markdown

from .sample import sample_report


def _lines() -> list[str]:
    return markdown.render(sample_report()).splitlines()


def test_markdown_starts_with_heading_and_summary_line() -> None:
    lines = _lines()
    assert lines[0] == "## Campaign readiness ❌ not ready"
    assert lines[2].startswith("**1 ready · 1 at risk · 1 not ready · 1 ended**")


def test_markdown_table_has_one_row_per_campaign_in_launch_order() -> None:
    lines = _lines()
    start = lines.index("| Status | Campaign | Launch | Countdown | Failing | Warnings |")
    rows = lines[start + 2 : start + 6]
    assert [r.split(" | ")[0] for r in rows] == [
        "| ⏹️ ended",
        "| ✅ ready",
        "| ❌ not ready",
        "| ⚠️ at risk",
    ]
    assert rows[2].endswith("| 2027-05-25 00:00 UTC | in 1 d 12 h | 19 | 1 |")
    assert rows[1].endswith("| live | 0 | 0 |")
    assert rows[0].endswith("| ended | 0 | 0 |")
    assert lines[start + 6] == ""


def test_markdown_lists_problems_only_for_not_ready_and_at_risk() -> None:
    text = markdown.render(sample_report())
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [
        "### ❌ Noël 2027 🎄 &lt;Ünïcødé&gt; — not ready",
        "### ⚠️ Summer Sale 2027 — Été — at risk",
    ]
    assert "| ⚠️ | `tls.expiry` | `https://go.acme.example/s27?utm_source" in text
    assert "7 checks passed." in text
    assert "`http.https`" not in text  # passing checks are only counted


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
