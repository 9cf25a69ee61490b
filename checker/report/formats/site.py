"""`--site DIR`: a static site ready for GitHub Pages, with relative links only, so it works
at any path (`https://OWNER.github.io/REPO/`, a custom domain, a subfolder).

    index.html            the status page
    report.json           the JSON report
    badges/SLUG.svg       a badge per campaign, and its shields.io endpoint JSON (SLUG.json)
    badges/all.svg        the whole portfolio (and all.json)
    history.json          the run history, when --history is given
    .nojekyll             Pages serves the files as they are
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from checker.report.history import History
from checker.report.model import Report

from . import badges, html, json


def files(report: Report, history: History | None = None) -> dict[str, str]:
    """Path inside the site → content, for every file of the site."""
    out = {
        "index.html": html.render(report, history, site=True),
        "report.json": json.render(report),
    }
    out |= {f"badges/{name}": text for name, text in badges.badges(report).items()}
    if history is not None:
        out["history.json"] = history.text()
    out[".nojekyll"] = ""
    return out


def write(
    report: Report,
    directory: Path,
    history: History | None = None,
    *,
    writer: Callable[[Path, str], None] | None = None,
) -> list[Path]:
    """Write the site into `directory` (created if needed); return the paths written.

    `writer(path, text)` defaults to an atomic write.
    """
    from . import write_atomic  # the package imports this module

    paths = []
    for name, text in files(report, history).items():
        path = Path(directory) / name
        (writer or write_atomic)(path, text)
        paths.append(path)
    return paths
