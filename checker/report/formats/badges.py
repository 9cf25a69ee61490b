"""Status badges (`--badges DIR`): a shields-style flat SVG and a shields.io endpoint JSON
per campaign (`<slug>.svg`, `<slug>.json`) and for the whole run (`all.svg`, `all.json`)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from html import escape
from pathlib import Path

from checker.report.advice import STATUS_WORD, display_name, one_line, run_status
from checker.report.model import CampaignStatus, Report

# shields.io colour names (for the endpoint JSON) and their hex values (for the SVG).
COLOR = {
    CampaignStatus.READY: ("brightgreen", "#4c1"),
    CampaignStatus.AT_RISK: ("orange", "#fe7d37"),
    CampaignStatus.NOT_READY: ("red", "#e05d44"),
    CampaignStatus.ENDED: ("lightgrey", "#9f9f9f"),
}
NO_CAMPAIGNS = ("lightgrey", "#9f9f9f")
# How long shields.io may cache an endpoint badge: its minimum, so a change shows up soon.
CACHE_SECONDS = 300

# Verdana advance widths in font units (2048 per em), enough for an approximate text width.
_LOWER = (
    "1229 1276 1067 1276 1220 720 1276 1296 562 699 1208 562 1992 "
    "1296 1243 1276 1276 874 1067 807 1296 1208 1675 1208 1208 1051"
)
_UPPER = (
    "1400 1405 1430 1577 1294 1178 1587 1540 861 927 1424 1150 1732 "
    "1532 1621 1243 1621 1431 1404 1250 1501 1400 2030 1403 1250 1403"
)
_UNITS = dict(zip("abcdefghijklmnopqrstuvwxyz", map(int, _LOWER.split()), strict=True))
_UNITS |= dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", map(int, _UPPER.split()), strict=True))
_UNITS |= dict.fromkeys("0123456789", 1303)
_UNITS |= {" ": 720, "-": 748, "_": 1303, ".": 745, ",": 745, ":": 889, "(": 926, ")": 926}
_UNITS |= {"/": 1493, "'": 550, '"': 940, "&": 1554, "!": 819, "?": 1112, "·": 745}
FONT_SIZE = 11


def text_width(text: str) -> float:
    """Approximate rendered width in pixels of `text` in 11 px Verdana."""
    units = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        if ch in _UNITS:
            units += _UNITS[ch]
        elif unicodedata.east_asian_width(ch) in "WF":
            units += 2048
        else:
            units += 1300
    return units * FONT_SIZE / 2048


def svg(label: str, message: str, color: str) -> str:
    """A self-contained shields-style flat badge."""
    label, message = one_line(label), one_line(message)
    lw = round(text_width(label) + 10)
    mw = round(text_width(message) + 10)
    width = lw + mw
    title = escape(f"{label}: {message}")
    lab, msg = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{mw}" height="20" fill="{color}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif"'
        f' text-rendering="geometricPrecision" font-size="{FONT_SIZE}">'
        f'<text x="{lw / 2:.1f}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">'
        f"{lab}</text>"
        f'<text x="{lw / 2:.1f}" y="14">{lab}</text>'
        f'<text x="{lw + mw / 2:.1f}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">'
        f"{msg}</text>"
        f'<text x="{lw + mw / 2:.1f}" y="14">{msg}</text></g></svg>\n'
    )


def endpoint(label: str, message: str, color: str) -> str:
    """The shields.io endpoint JSON (https://shields.io/badges/endpoint-badge)."""
    data: dict[str, object] = {"schemaVersion": 1, "label": one_line(label)}
    data |= {"message": one_line(message), "color": color, "cacheSeconds": CACHE_SECONDS}
    return json.dumps(data, ensure_ascii=False) + "\n"


def badges(report: Report) -> dict[str, str]:
    """File name → content for every badge of `report`."""
    files: dict[str, str] = {}
    for campaign in report.campaigns:
        name, hex_color = COLOR[campaign.status]
        label, message = display_name(campaign), STATUS_WORD[campaign.status]
        files[f"{campaign.campaign}.svg"] = svg(label, message, hex_color)
        files[f"{campaign.campaign}.json"] = endpoint(label, message, name)
    worst = run_status(report)
    name, hex_color = COLOR[worst] if worst else NO_CAMPAIGNS
    message = STATUS_WORD[worst] if worst else "none"
    if not report.complete:
        message += " (incomplete)"
    files["all.svg"] = svg("campaigns", message, hex_color)
    files["all.json"] = endpoint("campaigns", message, name)
    return files


def write(
    report: Report, directory: Path, *, writer: Callable[[Path, str], None] | None = None
) -> list[Path]:
    """Write every badge into `directory` (created if needed); return the paths written.

    `writer(path, text)` defaults to an atomic write.
    """
    from . import write_atomic  # the package imports this module

    directory = Path(directory)
    paths = []
    for filename, content in badges(report).items():
        path = directory / filename
        (writer or write_atomic)(path, content)
        paths.append(path)
    return paths
