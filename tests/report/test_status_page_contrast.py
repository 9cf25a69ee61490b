"""The status page's colours meet WCAG AA in light and in dark mode, computed from its CSS.

Every rule of the stylesheet that sets a colour or a background is read: text colours are
checked against every surface text can sit on (4.5:1), the status labels' text against
each label background (4.5:1), the recent-run bars against every surface (3:1, WCAG
1.4.11). A rule this test cannot place fails it, so a new colour is never left unchecked.
"""

from __future__ import annotations

import re

import pytest

from checker.report.formats import html

from .contrast import AA_GRAPHICS, AA_TEXT, ratio

SURFACES = {"body", ".card"}  # backgrounds that hold text of any colour
LABEL = ".badge"  # status labels: their own text colour on their own backgrounds
GRAPHICS = "ol.runs li"  # the recent-run bars: no text


def _palettes(css: str) -> dict[str, dict[str, str]]:
    """The custom properties of each colour scheme (dark overrides light)."""
    media = re.search(r"@media \(prefers-color-scheme:dark\)\{(:root\{[^}]*\})\}", css)
    assert media, "no dark palette"
    light_css = css.replace(media.group(0), "")

    def variables(block: str) -> dict[str, str]:
        return dict(re.findall(r"--([\w-]+):([^;}]+)", block))

    light: dict[str, str] = {}
    for block in re.findall(r":root\{[^}]*\}", light_css):
        light |= variables(block)
    return {"light": light, "dark": light | variables(media.group(1))}


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every rule, media queries flattened (the dark palette's
    `:root` left out: `_palettes` reads it)."""
    css = re.sub(r"@media \(prefers-color-scheme:dark\)\{:root\{[^}]*\}\}", "", css)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
        }
        rules += [(selector.strip(), declarations) for selector in selectors.split(",")]
    return rules


def _value(value: str, palette: dict[str, str]) -> str | None:
    """A colour value resolved through the palette; None for keywords (inherit, none)."""
    match = re.fullmatch(r"var\(--([\w-]+)\)", value)
    if match:
        return palette[match.group(1)]
    return value if value.startswith("#") else None


def _pairs(scheme: str) -> list[tuple[str, str, str, float]]:
    """(what, foreground, background, minimum ratio) for every pair the page can show."""
    palette = _palettes(html.CSS)[scheme]
    texts: dict[str, str] = {}
    surfaces: dict[str, str] = {}
    label_text: dict[str, str] = {}
    label_backgrounds: dict[str, str] = {}
    graphics: dict[str, str] = {}
    for selector, declarations in _rules(html.CSS):
        colour = _value(declarations.get("color", ""), palette)
        background = _value(declarations.get("background", ""), palette)
        if selector == ":root" or (colour is None and background is None):
            continue
        if selector.startswith(LABEL):
            if colour:
                label_text[selector] = colour
            if background:
                label_backgrounds[selector] = background
        elif selector.startswith(GRAPHICS):
            assert colour is None, f"{selector} sets a text colour on the run bars"
            graphics[selector] = background or ""
        else:
            if background:
                assert selector in SURFACES, f"unchecked background in {selector!r}: place it"
                surfaces[selector] = background
            if colour:
                texts[selector] = colour
    assert set(surfaces) == SURFACES
    assert label_text, "no status label colour found"
    assert label_backgrounds, "no status label background found"
    assert graphics, "no run bar found"
    pairs = [
        (f"{t} on {s}", fg, bg, AA_TEXT) for t, fg in texts.items() for s, bg in surfaces.items()
    ]
    pairs += [
        (f"{t} on {b}", fg, bg, AA_TEXT)
        for t, fg in label_text.items()
        for b, bg in label_backgrounds.items()
    ]
    pairs += [
        (f"{g} on {s}", fg, bg, AA_GRAPHICS)
        for g, fg in graphics.items()
        for s, bg in surfaces.items()
    ]
    return pairs


def test_contrast_ratio_matches_known_values() -> None:
    assert ratio("#000", "#fff") == pytest.approx(21)
    assert ratio("#fff", "#fff") == pytest.approx(1)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert ratio("#777777", "#ffffff") < AA_TEXT
    assert ratio("rgb(118, 118, 118)", "rgba(255, 255, 255, 1)") == ratio("#767676", "#fff")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_pair_of_the_status_page_passes_wcag_aa(scheme: str) -> None:
    pairs = _pairs(scheme)
    assert len(pairs) > 20  # texts × surfaces, labels, bars: the parse found them
    failing = [
        f"{what}: {fg} on {bg} is {ratio(fg, bg):.2f}:1 (needs {minimum}:1)"
        for what, fg, bg, minimum in pairs
        if ratio(fg, bg) < minimum
    ]
    assert not failing, "\n".join(failing)


def test_the_check_fails_for_a_colour_below_aa(monkeypatch: pytest.MonkeyPatch) -> None:
    low = html.CSS.replace("--muted:#59636e", "--muted:#8c959f")  # 3:1 on white
    monkeypatch.setattr(html, "CSS", low)
    failing = [what for what, fg, bg, minimum in _pairs("light") if ratio(fg, bg) < minimum]
    assert ".muted on body" in failing
