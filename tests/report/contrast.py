"""WCAG 2 contrast ratios (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio)."""

from __future__ import annotations

import re

AA_TEXT = 4.5  # every text, status labels included
AA_GRAPHICS = 3.0  # non-text parts people must see (WCAG 1.4.11)

Rgb = tuple[float, float, float]


def parse(colour: str) -> Rgb:
    """`#rgb`, `#rrggbb` or a browser's `rgb(r, g, b)` / `rgba(r, g, b, 1)` as 0-255 floats."""
    colour = colour.strip()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    if not colour.startswith("rgb") or len(numbers) not in (3, 4):
        raise ValueError(f"not a colour: {colour!r}")
    if len(numbers) == 4 and numbers[3] != 1:
        raise ValueError(f"translucent colour: {colour!r}")
    return (numbers[0], numbers[1], numbers[2])


def luminance(rgb: Rgb) -> float:
    """Relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(foreground: str, background: str) -> float:
    """Contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(parse(foreground)), luminance(parse(background))))[::-1]
    return (lighter + 0.05) / (darker + 0.05)
