"""Progress display: a live row per microsite crawl on a terminal, one line per crawl elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from checker.cli.progress import ProgressDisplay
from checker.crawl.crawler import CrawlProgress

SITE = "https://offer.example/"


def _text(display: ProgressDisplay) -> str:
    out = Console(file=io.StringIO(), width=160, color_system=None)
    out.print(display._bar.get_renderable())
    assert isinstance(out.file, io.StringIO)
    return out.file.getvalue()


def test_terminal_shows_a_row_per_crawl_until_it_is_done() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=160)
    with ProgressDisplay(console, 3, quiet=False) as display:
        display.crawled(CrawlProgress(SITE, 12, 40, 75, 2))
        shown = _text(display)
        assert "crawling offer.example " in shown
        assert "12 pages · 40 queued · 75 URLs checked · 2 broken" in shown
        display.crawled(CrawlProgress(SITE, 30, 0, 160, 3, done=True))
        assert "crawling" not in _text(display)


def test_plain_output_says_what_each_crawl_found_once() -> None:
    console = Console(file=io.StringIO(), width=160)
    with ProgressDisplay(console, 3, quiet=False) as display:
        display.crawled(CrawlProgress(SITE, 12, 40, 75, 2))
        display.crawled(CrawlProgress(SITE, 30, 0, 160, 3, done=True))
    assert isinstance(console.file, io.StringIO)
    assert console.file.getvalue() == f"crawled {SITE}: 30 pages · 160 URLs checked · 3 broken\n"


def test_quiet_shows_nothing() -> None:
    console = Console(file=io.StringIO(), force_terminal=True)
    with ProgressDisplay(console, 3, quiet=True) as display:
        display.crawled(CrawlProgress(SITE, 30, 0, 160, 3, done=True))
    assert isinstance(console.file, io.StringIO)
    assert console.file.getvalue() == ""
