"""The status page in a real headless Chromium (Debian's `chromium`): at 1280 px and 390 px,
light and dark, nothing overflows horizontally and every text element's computed colour
meets WCAG AA on its computed background (folded `<details>` opened too).

Screenshots of each view are written to $STATUS_PAGE_SCREENSHOTS (default: a temporary
folder) as `status-page-WIDTH-SCHEME.png`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from checker.report.compare import mark_changes
from checker.report.formats import html, site
from checker.report.model import Status

from .chromium import EXECUTABLE, Chromium
from .contrast import AA_TEXT, parse, ratio
from .sample import sample_history, sample_report

pytestmark = pytest.mark.skipif(EXECUTABLE is None, reason="chromium is not installed")

VIEWS = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]

# Elements wider than the viewport (none expected), by tag and class.
OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 10)};
})()"""

OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => d.open = true); true"

# Every element with text of its own: its colour and the first opaque background behind it.
TEXT_COLOURS = """(() => {
  const behind = e => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
    }
    return null;
  };
  const seen = {};
  for (const e of document.querySelectorAll('body, body *')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = e.getBoundingClientRect();
    if (!own || !box.width || !box.height) continue;
    const key = getComputedStyle(e).color + ' on ' + behind(e);
    seen[key] = seen[key] || e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
      + ': ' + e.textContent.trim().slice(0, 30);
  }
  return seen;
})()"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A realistic site: four campaigns, 40 runs of history, changes since a previous run."""
    report, history = sample_history()
    previous = sample_report()
    previous.generated_at = datetime(2027, 5, 23, 6, 0, tzinfo=UTC)
    previous.campaigns[1].targets[0].checks[0].status = Status.PASS
    previous.campaigns[2].targets[0].checks[5].status = Status.FAIL
    mark_changes(report, previous)
    folder = tmp_path_factory.mktemp("site")
    site.write(report, folder, history)
    return folder / "index.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def views(
    page: Path, browser: Chromium, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[int, str], dict[str, Any]]:
    """What the browser measured for each view (and its screenshot)."""
    shots = Path(os.environ.get("STATUS_PAGE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    measured = {}
    for width, scheme in VIEWS:
        browser.open(page, width=width, dark=scheme == "dark")
        view: dict[str, Any] = {
            "dark": browser.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"),
            "body": browser.evaluate("getComputedStyle(document.body).backgroundColor"),
            "folded": browser.evaluate(OVERFLOW),
        }
        browser.screenshot(shots / f"status-page-{width}-{scheme}.png")
        browser.evaluate(OPEN_DETAILS)
        view["unfolded"] = browser.evaluate(OVERFLOW)
        view["colours"] = browser.evaluate(TEXT_COLOURS)
        view["screenshot"] = shots / f"status-page-{width}-{scheme}.png"
        measured[(width, scheme)] = view
    return measured


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_the_view_is_the_one_asked_for(
    views: dict[tuple[int, str], dict[str, Any]], width: int, scheme: str
) -> None:
    view = views[(width, scheme)]
    assert view["dark"] is (scheme == "dark")
    palette = html.DARK if scheme == "dark" else html.LIGHT
    assert parse(view["body"]) == parse(palette["bg"])
    assert view["folded"]["width"] == width
    assert view["screenshot"].stat().st_size > 10_000


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_nothing_overflows_horizontally(
    views: dict[tuple[int, str], dict[str, Any]], width: int, scheme: str
) -> None:
    view = views[(width, scheme)]
    for state in ("folded", "unfolded"):
        measured = view[state]
        assert measured["scroll"] <= measured["width"], (state, measured)
        assert measured["wide"] == [], (state, measured)


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_every_text_meets_wcag_aa_as_rendered(
    views: dict[tuple[int, str], dict[str, Any]], width: int, scheme: str
) -> None:
    colours = views[(width, scheme)]["colours"]
    assert len(colours) >= 8  # texts, links, labels, muted notes: the script saw the page
    failing = []
    for pair, example in colours.items():
        foreground, _, background = pair.partition(" on ")
        assert background != "null", f"no background behind {example}"
        if ratio(foreground, background) < AA_TEXT:
            failing.append(f"{example}: {pair} is {ratio(foreground, background):.2f}:1")
    assert not failing, "\n".join(failing)
