"""Generated pieces of drawings: repeated petals, keys, ticks, leaves, saw teeth, mesh."""

from __future__ import annotations

import math


def flower(cx: float, cy: float, r: float, petal: str, centre: str = "{gold}") -> str:
    petals = "".join(
        f'<circle cx="{cx + r * 0.62 * math.cos(a):.1f}" cy="{cy + r * 0.62 * math.sin(a):.1f}" r="{r * 0.5:.1f}"/>'
        for a in (i * 2 * math.pi / 5 - math.pi / 2 for i in range(5))
    )
    return f'<g fill="{petal}">{petals}</g><circle cx="{cx}" cy="{cy}" r="{r * 0.34:.1f}" fill="{centre}"/>'


def piano_keys() -> str:
    white = "".join(f'<rect x="{20 + i * 14}" y="98" width="12.5" height="46" rx="2"/>' for i in range(12))
    # Black keys sit after the 1st, 2nd, 4th, 5th and 6th white key of each octave.
    black = "".join(
        f'<rect x="{20 + i * 14 + 9}" y="98" width="8" height="27" rx="1.5"/>' for i in range(11) if i % 7 not in (2, 6)
    )
    return f'<g fill="{{white}}">{white}</g><g fill="{{ink}}">{black}</g>'


def keybed(x: float, y: float, whites: int, width: float, height: float) -> str:
    """A run of piano keys from a C, ``whites`` white keys of ``width`` each, top-left at (x, y)."""
    white = "".join(
        f'<rect x="{x + i * width:.1f}" y="{y}" width="{width * 0.9:.1f}" height="{height}" rx="1.5"/>'
        for i in range(whites)
    )
    # As in piano_keys: black keys after the 1st, 2nd, 4th, 5th and 6th white key of each octave.
    black = "".join(
        f'<rect x="{x + i * width + width * 0.64:.1f}" y="{y}" width="{width * 0.56:.1f}" height="{height * 0.6:.1f}"'
        ' rx="1"/>'
        for i in range(whites - 1)
        if i % 7 not in (2, 6)
    )
    return f'<g fill="{{white}}">{white}</g><g fill="{{ink}}">{black}</g>'


def computer_keys() -> str:
    rows = []
    for row, (y, offset, count) in enumerate(((86, 18, 12), (101, 24, 11), (116, 30, 10))):
        rows.extend(
            f'<rect x="{offset + i * 14}" y="{y}" width="11" height="11" rx="2"/>' for i in range(count - (row == 2))
        )
    rows.append('<rect x="56" y="131" width="88" height="11" rx="2"/>')
    return f'<g fill="{{pale}}">{"".join(rows)}</g>'


def clock_ticks(cx: float, cy: float, outer: float, major: float, minor: float, width: float) -> str:
    parts = []
    for i in range(12):
        a = i * math.pi / 6
        inner = major if i % 3 == 0 else minor
        parts.append(
            f"M{cx + inner * math.sin(a):.1f} {cy - inner * math.cos(a):.1f}"
            f"L{cx + outer * math.sin(a):.1f} {cy - outer * math.cos(a):.1f}"
        )
    return f'<path d="{"".join(parts)}" stroke="{{ink}}" stroke-width="{width}" stroke-linecap="round"/>'


def fan_leaves() -> str:
    leaf = "M0 0c14-18 14-46 0-66-14 20-14 48 0 66z"
    return "".join(
        f'<path d="{leaf}" transform="translate(100 116) rotate({angle}) scale({scale})" fill="{{{role}}}"/>'
        for angle, scale, role in (
            (-58, 1.05, "leafdark"),
            (58, 1.05, "leafdark"),
            (-30, 1.2, "leaf"),
            (30, 1.2, "leaf"),
            (0, 1.35, "leaf"),
        )
    )


def wreath_leaves(*, berries: bool = True) -> str:
    leaf = "M0 0c8-8 20-8 26 0-8 8-18 8-26 0z"
    parts = []
    for i in range(20):
        a = i * 2 * math.pi / 20
        x, y = 100 + 62 * math.cos(a), 104 + 62 * math.sin(a)
        role = "leaf" if i % 2 else "leafdark"
        parts.append(
            f'<path d="{leaf}" transform="translate({x:.1f} {y:.1f}) rotate({math.degrees(a) + 60:.0f})"'
            f' fill="{{{role}}}"/>'
        )
    dots = "".join(
        f'<circle cx="{100 + r * math.cos(a):.1f}" cy="{104 + r * math.sin(a):.1f}" r="6"/>'
        for a, r in ((i * 2 * math.pi / 7 + 0.3, 52 + (i % 2) * 22) for i in range(7))
    )
    return "".join(parts) + (f'<g fill="{{main}}">{dots}</g>' if berries else "")


def saw_teeth() -> str:
    # Teeth along the blade's lower edge, from (22,150) up to (146,121).
    points = []
    for i in range(16):
        t = i / 15
        x, y = 22 + 124 * t, 150 - 29 * t
        points.append(f"{x:.1f} {y:.1f}" if i % 2 == 0 else f"{x:.1f} {y + 7:.1f}")
    return f'<path d="M{"L".join(points)}" fill="none" stroke="{{dark}}" stroke-width="2" stroke-linejoin="round"/>'


def grille(cx: float, cy: float, r: float, gap: float) -> str:
    """A microphone's mesh: chords across a circle every ``gap``, both ways."""
    parts = []
    k = gap
    while k < r:
        for offset in (-k, k):
            half = math.sqrt(r * r - offset * offset)
            parts.append(f"M{cx - half:.1f} {cy + offset:.1f}h{2 * half:.1f}")
            parts.append(f"M{cx + offset:.1f} {cy - half:.1f}v{2 * half:.1f}")
        k += gap
    parts.append(f"M{cx - r:.1f} {cy}h{2 * r:.1f}M{cx} {cy - r:.1f}v{2 * r:.1f}")
    return "".join(parts)
