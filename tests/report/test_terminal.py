"""Terminal report (rich): order, truncation, verbosity, robustness."""

from __future__ import annotations

import io

from rich.console import Console

from checker.report.formats import terminal
from checker.report.model import CheckResult, Status, TargetResult

from .sample import sample_report


def _render(verbose: bool = False, complete: bool = True, width: int = 100) -> str:
    report = sample_report(complete=complete)
    console = Console(file=io.StringIO(), width=width, no_color=True)
    terminal.render(report, console, verbose)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def test_terminal_campaigns_in_report_order_with_header() -> None:
    out = _render()
    order = [out.index(s) for s in ("✗ NOT READY", "! AT RISK", "✓ READY", "- ENDED")]
    assert order == sorted(order)
    assert (
        "! AT RISK  Summer Sale 2027 — Été (summer-2027)  2027-06-01 09:00 UTC-04:00, "
        "launches in 9 d 1 h" in out
    )
    assert "live for 3 d 3 h" in out
    assert "owner: web-team@acme.example" in out


def test_terminal_failing_lines_before_warnings_before_passing() -> None:
    out = _render(verbose=True)
    holiday = out[out.index("✗ NOT READY") : out.index("! AT RISK")]
    fail = holiday.index("✗ dns.resolve  https://gift.acme.example/noel")
    warn = holiday.index("! crawl.fragments")
    passed = holiday.index("✓ dns.resolve")
    assert fail < warn < passed


def test_terminal_shows_messages_unmodified_and_not_as_markup() -> None:
    report = sample_report()
    markup = "title is [bold red]Sale[/] [link=https://evil.example]here[/link]"
    report.campaigns[0].targets[0].checks[0].message = markup
    console = Console(file=io.StringIO(), width=300, no_color=True)
    terminal.render(report, console, verbose=True)
    assert isinstance(console.file, io.StringIO)
    out = console.file.getvalue()
    assert markup in out
    assert "expected text \"Joyeux <script>alert('x')</script> ]]> | Noël\" not found" in out
    assert "\x1b" not in out


def test_terminal_truncates_broken_list_to_ten_with_and_n_more() -> None:
    out = _render()
    crawl = out[out.index("✗ crawl.links") : out.index("✗ crawl.assets")]
    assert crawl.count("404  on /offer.html") + crawl.count("NXDOMAIN  on /, /offer.html") == 10
    assert "… and 3 more" in crawl
    assert "page-12.html" not in out  # listed neither in the crawl check nor on its own


def test_terminal_broken_item_shows_element_and_where_found() -> None:
    out = _render()
    assert "https://holiday.acme.example/img/hero.webp  404  img on /offer.html" in out


def test_terminal_counts_passing_checks_unless_verbose() -> None:
    out = _render()
    assert "  9 checks passed" in out
    assert "✓ tls.trusted" not in out
    verbose = _render(verbose=True)
    assert "✓ tls.trusted  https://acme.example/spring  chain verifies to ISRG Root X1" in verbose
    assert "checks passed" not in verbose


def test_terminal_verbose_lists_every_crawl_found_target() -> None:
    out = _render(verbose=True)
    assert "✗ http.status  https://holiday.acme.example/old/page-12.html  404 Not Found" in out


def test_terminal_summary_line_and_incomplete_reason() -> None:
    assert _render().rstrip().endswith("1 ready · 1 at risk · 1 not ready · 1 ended")
    out = _render(complete=False)
    assert out.rstrip().endswith("Report incomplete: deadline of 60 s reached; 7 checks skipped")


def test_terminal_survives_very_long_urls_and_narrow_consoles() -> None:
    report = sample_report()
    url = "https://acme.example/" + "x" * 5000
    report.campaigns[0].targets.append(
        TargetResult(url, "url", [CheckResult("http.status", Status.FAIL, "404 " + "y" * 3000)])
    )
    for width in (100, 30, 5):
        console = Console(file=io.StringIO(), width=width, no_color=True)
        terminal.render(report, console, verbose=True)
        assert isinstance(console.file, io.StringIO)
        text = console.file.getvalue()
        assert "".join(text.split()).count("x" * 5000) == 1


def test_terminal_lines_have_no_trailing_spaces() -> None:
    assert all(line == line.rstrip() for line in _render().splitlines())
