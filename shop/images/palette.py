"""Colour arithmetic for the generated product images (no dependencies)."""

from __future__ import annotations

import colorsys
import re

DEFAULT_COLOR = "#6b7280"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

RGB = tuple[int, int, int]


def parse(color: str) -> RGB:
    """``#rrggbb`` or ``#rgb``; anything else falls back to grey (the value ends up inside SVG)."""
    match = _HEX.match((color or "").strip())
    value = match.group(1) if match else DEFAULT_COLOR[1:]
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in rgb))


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """``amount`` of ``b`` into ``a``."""
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def hue_shift(rgb: RGB, degrees: float) -> RGB:
    h, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    # Greys have no hue to turn; give them a gentle rose so flowers still read as flowers.
    if saturation < 0.15:
        h, saturation = 0.95, 0.55
    r, g, b = colorsys.hls_to_rgb((h + degrees / 360) % 1, min(max(lightness, 0.45), 0.7), max(saturation, 0.5))
    return round(r * 255), round(g * 255), round(b * 255)


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
INK: RGB = (31, 41, 55)
SLATE: RGB = (100, 116, 139)


def palette(color: str) -> dict[str, str]:
    """Named colour roles the drawings refer to, derived from the product colour."""
    base = parse(color)
    lum = luminance(base)
    if lum > 0.6:
        # A pale product on a pale background would vanish: sit it on a deeper tint instead.
        bg_top, bg_bottom = mix(base, SLATE, 0.28), mix(base, SLATE, 0.5)
    else:
        bg_top, bg_bottom = mix(base, WHITE, 0.88), mix(base, WHITE, 0.68)
    # Very dark products get lighter rather than darker detail so the detail stays visible.
    dark = mix(base, WHITE, 0.28) if lum < 0.05 else mix(base, BLACK, 0.35)
    return {
        "main": to_hex(base),
        "dark": to_hex(dark),
        "light": to_hex(mix(base, WHITE, 0.45)),
        "pale": to_hex(mix(base, WHITE, 0.8)),
        # Blossoms contrast with a green or leafy product colour instead of melting into it.
        "bloom": to_hex(hue_shift(base, 150)),
        "bloomlight": to_hex(mix(hue_shift(base, 150), WHITE, 0.45)),
        "bg_top": to_hex(bg_top),
        "bg_bottom": to_hex(bg_bottom),
        "shadow": to_hex(mix(base, BLACK, 0.6)),
        "ink": to_hex(INK),
        "white": "#ffffff",
        "wood": "#b7794b",
        "metal": "#cbd5e1",
        "gold": "#e0b04a",
        "leaf": "#4f9a5a",
        "leafdark": "#2f6b3c",
        # Food keeps its own colours; the product colour shows in the backdrop and packaging.
        "crust": "#c98b4b",
        "crumb": "#f3d9a8",
        "meat": "#c0443b",
        "fat": "#f3d3c4",
        "orange": "#ea7a2c",
        "cheese": "#f2c14e",
        "tomato": "#e2574c",
    }
