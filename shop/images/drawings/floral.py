"""Floral drawings: each arrangement style filled with one kind of flower.

The floral catalogue names its flower in every product ("Sunflower Bouquet", "Lily Wreath"),
and a sunflower bouquet should not look like a lily one, so a drawing is an arrangement
(vase, bouquet, centrepiece, plant, wreath) with the heads of that flower in it, named
``"<arrangement>-<flower>"``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .shapes import fan_leaves, flower, wreath_leaves

# Heads draw in the two roles they are given (the bloom colours, contrasting with the product
# colour), except where a flower has colours of its own (sunflower, lavender, eucalyptus).
Head = Callable[[float, float, float, str, str], str]

_SUNFLOWER = ("#f2b632", "#e39a1c", "#6b3f1d")
_LAVENDER = ("#8e6bbf", "#b49ae0")
_EUCALYPTUS = ("#8db3a0", "#6f9a87")


def _f(value: float) -> str:
    return f"{value:.1f}"


def _ring(cx: float, cy: float, distance: float, count: int, offset: float = 0.0) -> list[tuple[float, float, float]]:
    """(x, y, angle in degrees) of ``count`` points around a circle, the first straight up."""
    points = []
    for i in range(count):
        a = math.radians(offset + i * 360 / count - 90)
        points.append((cx + distance * math.cos(a), cy + distance * math.sin(a), math.degrees(a) + 90))
    return points


def _pointed_petals(cx: float, cy: float, r: float, count: int, width: float, fill: str, offset: float = 0) -> str:
    # One petal from the centre up to ``r``, turned round the head.
    w = r * width
    petal = f"M0 0C{_f(w)} {_f(-r * 0.3)} {_f(w * 0.8)} {_f(-r * 0.8)} 0 {_f(-r)}C{_f(-w * 0.8)} {_f(-r * 0.8)}" + (
        f" {_f(-w)} {_f(-r * 0.3)} 0 0z"
    )
    return (
        f'<g fill="{fill}">'
        + "".join(
            f'<path d="{petal}" transform="translate({_f(cx)} {_f(cy)}) rotate({_f(offset + i * 360 / count)})"/>'
            for i in range(count)
        )
        + "</g>"
    )


def peony(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # A full, ruffled ball: an outer ring of soft lobes around a tight heap of smaller ones.
    outer = "".join(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r * 0.42)}"/>' for x, y, _ in _ring(cx, cy, r * 0.6, 9))
    inner = "".join(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r * 0.32)}"/>' for x, y, _ in _ring(cx, cy, r * 0.28, 6))
    return (
        f'<g fill="{light}">{outer}</g><g fill="{petal}">{inner}</g>'
        f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 0.22)}" fill="{light}"/>'
    )


def rose(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # A cupped head with the petals wound in a spiral.
    spiral = (
        f"M{_f(cx)} {_f(cy)}m{_f(-r * 0.12)} 0a{_f(r * 0.12)} {_f(r * 0.12)} 0 1 1 {_f(r * 0.24)} 0"
        f"a{_f(r * 0.3)} {_f(r * 0.3)} 0 1 1 {_f(-r * 0.5)} {_f(r * 0.05)}"
        f"a{_f(r * 0.48)} {_f(r * 0.48)} 0 1 1 {_f(r * 0.8)} {_f(-r * 0.1)}"
    )
    return (
        f'<path d="M{_f(cx - r)} {_f(cy)}c0-{_f(r * 0.9)} {_f(r * 2)}-{_f(r * 0.9)} {_f(r * 2)} 0'
        f"c0 {_f(r * 0.7)}-{_f(r * 0.45)} {_f(r * 1.05)}-{_f(r)} {_f(r * 1.05)}"
        f's-{_f(r)}-{_f(r * 0.35)}-{_f(r)}-{_f(r * 1.05)}z" fill="{petal}"/>'
        f'<path d="{spiral}" fill="none" stroke="{light}" stroke-width="{_f(max(r * 0.12, 1.5))}"'
        ' stroke-linecap="round"/>'
    )


def tulip(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # A closed cup with three pointed tips, seen from the side.
    return (
        f'<path d="M{_f(cx - r * 0.62)} {_f(cy - r * 0.55)}L{_f(cx - r * 0.28)} {_f(cy - r * 0.2)}'
        f"L{_f(cx)} {_f(cy - r * 0.8)}L{_f(cx + r * 0.28)} {_f(cy - r * 0.2)}L{_f(cx + r * 0.62)} {_f(cy - r * 0.55)}"
        f"C{_f(cx + r * 0.72)} {_f(cy + r * 0.45)} {_f(cx + r * 0.35)} {_f(cy + r * 0.8)} {_f(cx)} {_f(cy + r * 0.8)}"
        f"C{_f(cx - r * 0.35)} {_f(cy + r * 0.8)} {_f(cx - r * 0.72)} {_f(cy + r * 0.45)} {_f(cx - r * 0.62)}"
        f' {_f(cy - r * 0.55)}z" fill="{petal}"/>'
        f'<path d="M{_f(cx)} {_f(cy - r * 0.8)}C{_f(cx + r * 0.3)} {_f(cy - r * 0.3)} {_f(cx + r * 0.3)}'
        f" {_f(cy + r * 0.5)} {_f(cx)} {_f(cy + r * 0.8)}C{_f(cx - r * 0.3)} {_f(cy + r * 0.5)} {_f(cx - r * 0.3)}"
        f' {_f(cy - r * 0.3)} {_f(cx)} {_f(cy - r * 0.8)}z" fill="{light}"/>'
    )


def lily(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # Six long pointed petals in a star, with stamens reaching out of the throat.
    stamens = "".join(f"M{_f(cx)} {_f(cy)}L{_f(x)} {_f(y)}" for x, y, _ in _ring(cx, cy, r * 0.55, 6, offset=30))
    anthers = "".join(
        f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(max(r * 0.07, 1.2))}"/>'
        for x, y, _ in _ring(cx, cy, r * 0.55, 6, offset=30)
    )
    return (
        _pointed_petals(cx, cy, r, 6, 0.34, petal)
        + _pointed_petals(cx, cy, r * 0.7, 6, 0.12, light)
        + f'<path d="{stamens}" stroke="#7a4a24" stroke-width="{_f(max(r * 0.04, 0.8))}"/>'
        + f'<g fill="#7a4a24">{anthers}</g>'
    )


def sunflower(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # Its own colours: a ring of yellow petals round a wide brown seed head.
    seeds = "".join(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r * 0.05)}"/>' for x, y, _ in _ring(cx, cy, r * 0.22, 8))
    return (
        _pointed_petals(cx, cy, r, 16, 0.2, _SUNFLOWER[1], offset=11)
        + _pointed_petals(cx, cy, r * 0.92, 16, 0.2, _SUNFLOWER[0])
        + f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 0.45)}" fill="{_SUNFLOWER[2]}"/>'
        + f'<g fill="#3f2410">{seeds}</g>'
    )


def orchid(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # A moth orchid: three narrow sepals, two broad round petals and a small lip.
    sepals = _pointed_petals(cx, cy, r, 3, 0.28, light)
    return (
        sepals
        + f'<g fill="{light}"><ellipse cx="{_f(cx - r * 0.45)}" cy="{_f(cy)}" rx="{_f(r * 0.45)}" ry="{_f(r * 0.38)}"/>'
        f'<ellipse cx="{_f(cx + r * 0.45)}" cy="{_f(cy)}" rx="{_f(r * 0.45)}" ry="{_f(r * 0.38)}"/></g>'
        + f'<path d="M{_f(cx - r * 0.22)} {_f(cy + r * 0.1)}c0 {_f(r * 0.5)} {_f(r * 0.44)} {_f(r * 0.5)}'
        f' {_f(r * 0.44)} 0z" fill="{petal}"/>'
        + f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 0.14)}" fill="{{gold}}"/>'
    )


def wildflower(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # A meadow handful: white daisies, small blue-and-bloom flowers and a bud or two.
    return (
        f'<path d="M{_f(cx)} {_f(cy + r)}l{_f(-r * 0.4)} {_f(-r * 1.2)}M{_f(cx)} {_f(cy + r)}l{_f(r * 0.5)}'
        f' {_f(-r * 1.3)}" stroke="{{leafdark}}" stroke-width="{_f(max(r * 0.06, 1))}"/>'
        + _pointed_petals(cx - r * 0.4, cy - r * 0.2, r * 0.5, 10, 0.25, "{white}")
        + f'<circle cx="{_f(cx - r * 0.4)}" cy="{_f(cy - r * 0.2)}" r="{_f(r * 0.14)}" fill="{{gold}}"/>'
        + flower(round(cx + r * 0.45, 1), round(cy - r * 0.35, 1), round(r * 0.5, 1), "#6b8fd6", "{white}")
        + flower(round(cx + r * 0.05, 1), round(cy + r * 0.42, 1), round(r * 0.44, 1), petal)
        + f'<circle cx="{_f(cx - r * 0.8)}" cy="{_f(cy + r * 0.3)}" r="{_f(r * 0.14)}" fill="{light}"/>'
        + f'<circle cx="{_f(cx + r * 0.85)}" cy="{_f(cy + r * 0.3)}" r="{_f(r * 0.14)}" fill="#6b8fd6"/>'
    )


def hydrangea(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # A round mophead made of many small four-petalled florets.
    spots = [(cx, cy)] + [(x, y) for x, y, _ in _ring(cx, cy, r * 0.42, 6)]
    spots += [(x, y) for x, y, _ in _ring(cx, cy, r * 0.78, 10, offset=18)]
    parts = [f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" fill="{light}"/>']
    s = r * 0.13
    for i, (x, y) in enumerate(spots):
        fill = petal if i % 3 else light
        parts.append(
            f'<g fill="{fill}"><circle cx="{_f(x - s)}" cy="{_f(y)}" r="{_f(s)}"/><circle cx="{_f(x + s)}"'
            f' cy="{_f(y)}" r="{_f(s)}"/><circle cx="{_f(x)}" cy="{_f(y - s)}" r="{_f(s)}"/>'
            f'<circle cx="{_f(x)}" cy="{_f(y + s)}" r="{_f(s)}"/></g>'
        )
    return "".join(parts)


def lavender(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # Its own colour: three thin spikes of tiny buds rather than an open head.
    parts = []
    for lean in (-0.45, 0.0, 0.45):
        top_x, top_y = cx + lean * r, cy - r
        parts.append(
            f'<path d="M{_f(cx)} {_f(cy + r)}L{_f(top_x)} {_f(top_y)}" stroke="{{leafdark}}"'
            f' stroke-width="{_f(max(r * 0.05, 1))}"/>'
        )
        for k in range(7):
            t = k / 7 * 0.6
            x, y = top_x + (cx - top_x) * t, top_y + (cy + r - top_y) * t
            fill = _LAVENDER[k % 2]
            parts.append(f'<ellipse cx="{_f(x)}" cy="{_f(y)}" rx="{_f(r * 0.13)}" ry="{_f(r * 0.09)}" fill="{fill}"/>')
    return "".join(parts)


def eucalyptus(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # Its own colours: a sprig of round silver-green leaves, no flower at all.
    parts = [
        f'<path d="M{_f(cx)} {_f(cy + r)}C{_f(cx - r * 0.3)} {_f(cy)} {_f(cx + r * 0.3)} {_f(cy - r * 0.4)}'
        f' {_f(cx)} {_f(cy - r)}" stroke="#5c7f6f" stroke-width="{_f(max(r * 0.05, 1))}" fill="none"/>'
    ]
    for k in range(6):
        y = cy + r * 0.75 - k * r * 0.32
        side = -1 if k % 2 else 1
        parts.append(
            f'<circle cx="{_f(cx + side * r * 0.3)}" cy="{_f(y)}" r="{_f(r * (0.3 - k * 0.025))}"'
            f' fill="{_EUCALYPTUS[k % 2]}"/>'
        )
    return "".join(parts)


def ranunculus(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # Tight concentric layers of petals closing over a small green eye.
    rings = "".join(
        f'<circle cx="{_f(cx)}" cy="{_f(cy + (1 - k) * r * 0.04)}" r="{_f(r * k)}" fill="{fill}"'
        f' stroke="#000" stroke-opacity=".12" stroke-width="{_f(max(r * 0.04, 0.8))}"/>'
        for k, fill in ((1.0, petal), (0.8, light), (0.6, petal), (0.42, light), (0.26, petal))
    )
    return rings + f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 0.1)}" fill="#3f6b3c"/>'


def dahlia(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # Rings of many pointed petals, each ring smaller and paler, round a small gold eye.
    return (
        _pointed_petals(cx, cy, r, 14, 0.22, petal)
        + _pointed_petals(cx, cy, r * 0.72, 14, 0.24, light, offset=12.8)
        + _pointed_petals(cx, cy, r * 0.45, 10, 0.28, petal, offset=6)
        + f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 0.12)}" fill="{{gold}}"/>'
    )


def blossom(cx: float, cy: float, r: float, petal: str, light: str) -> str:
    # No flower named: the generic five-petal flower the other drawings use.
    return flower(round(cx, 1), round(cy, 1), round(r, 1), petal)


# Every flower the catalogue's floral adjectives name (personas/synthetic/vocabulary/home.py).
HEADS: dict[str, Head] = {
    "peony": peony, "rose": rose, "tulip": tulip, "lily": lily, "sunflower": sunflower, "orchid": orchid,
    "wildflower": wildflower, "hydrangea": hydrangea, "lavender": lavender, "eucalyptus": eucalyptus,
    "ranunculus": ranunculus, "dahlia": dahlia,
}  # fmt: skip

# Neighbouring heads swap the two bloom roles, so a bunch is not one flat colour.
_ROLES = (("{bloom}", "{bloomlight}"), ("{bloomlight}", "{bloom}"))


def _heads(head: Head, slots: list[tuple[float, float, float]]) -> str:
    return "".join(head(x, y, r, *_ROLES[i % 2]) for i, (x, y, r) in enumerate(slots))


def _stems(origin: tuple[float, float], slots: list[tuple[float, float, float]], width: float = 3.5) -> str:
    path = "".join(f"M{_f(origin[0])} {_f(origin[1])}L{_f(x)} {_f(y)}" for x, y, _ in slots)
    return f'<path d="{path}" stroke="{{leafdark}}" stroke-width="{width}" fill="none"/>'


def vase(head: Head) -> str:
    slots = [(96, 62, 16), (68, 40, 20), (124, 32, 19), (148, 66, 16)]
    return (
        _stems((100, 100), slots)
        + '<path d="M84 74c-14-2-22-10-24-22 12 2 22 10 24 22zM116 80c12-6 24-4 30 6-12 4-22 2-30-6z" fill="{leaf}"/>'
        + _heads(head, slots)
        + '<path d="M84 98h32c0 10 10 18 16 34 8 22-2 48-20 56H88c-18-8-28-34-20-56 6-16 16-24 16-34z" fill="{main}"/>'
        '<rect x="80" y="92" width="40" height="10" rx="4" fill="{dark}"/>'
        '<path d="M80 132c-4 14-2 30 6 42" stroke="{white}" stroke-width="6" opacity=".3" fill="none"'
        ' stroke-linecap="round"/>'
    )


def bouquet(head: Head) -> str:
    slots = [(62, 92, 22), (138, 88, 22), (80, 46, 19), (124, 46, 19), (100, 72, 25)]
    return (
        _stems((100, 190), slots, 4) + '<path d="M66 126c-22-6-32-22-30-38 16 6 28 18 30 38z" fill="{leaf}"/>'
        '<path d="M134 120c22-8 32-24 28-40-16 6-26 20-28 40z" fill="{leaf}"/>'
        + _heads(head, slots)
        + '<path d="M56 118l44 80 44-80-22 12-22-12-22 12z" fill="{pale}"/>'
        '<path d="M100 118l-22 12 22 68z" fill="{white}" opacity=".35"/>'
        '<path d="M100 160c-12-10-26-8-24 0s16 6 24 0c8 6 22 8 24 0s-12-10-24 0z" fill="{main}"/>'
    )


def centerpiece(head: Head) -> str:
    # Low and long, so guests see each other over it: a trough of heads between two candles.
    slots = [(42, 122, 17), (160, 124, 17), (72, 112, 20), (130, 112, 20), (101, 104, 22)]
    return (
        '<g fill="{white}"><rect x="18" y="76" width="12" height="64" rx="3"/>'
        '<rect x="170" y="76" width="12" height="64" rx="3"/></g>'
        '<g fill="{gold}"><path d="M24 62c5 6 5 12 0 14-5-2-5-8 0-14z"/>'
        '<path d="M176 62c5 6 5 12 0 14-5-2-5-8 0-14z"/></g>'
        '<path d="M22 140c20-24 40-30 60-24M178 140c-20-24-40-30-60-24M40 142c20-12 40-16 60-14s40 2 60 14"'
        ' stroke="{leafdark}" stroke-width="3" fill="none"/>'
        '<g fill="{leaf}"><path d="M30 134c-6-12-2-22 8-26 2 12-2 20-8 26z"/>'
        '<path d="M170 134c6-12 2-22-8-26-2 12 2 20 8 26z"/><path d="M60 128c-2-10 4-18 14-20-2 10-6 16-14 20z"/>'
        '<path d="M140 128c2-10-4-18-14-20 2 10 6 16 14 20z"/></g>'
        + _heads(head, slots)
        + '<path d="M16 140h168l-10 34c-2 6-8 10-14 10H40c-6 0-12-4-14-10z" fill="{main}"/>'
        '<rect x="12" y="134" width="176" height="12" rx="5" fill="{dark}"/>'
        '<path d="M34 156h132" stroke="{white}" stroke-width="4" stroke-linecap="round" opacity=".25"/>'
    )


def plant(head: Head) -> str:
    slots = [(70, 52, 17), (132, 48, 17), (100, 30, 21)]
    return (
        fan_leaves()
        + _stems((100, 116), slots, 3)
        + _heads(head, slots)
        + '<path d="M60 122h80l-10 66H70z" fill="{main}"/>'
        '<rect x="54" y="112" width="92" height="18" rx="4" fill="{dark}"/>'
        '<path d="M68 134l6 50" stroke="{white}" stroke-width="5" stroke-linecap="round" opacity=".2"/>'
    )


def wreath(head: Head) -> str:
    # Heads in a crescent over the top, the bow below.
    slots = [(x, y, 17.0) for x, y, _ in _ring(100, 104, 62, 8, offset=-90)][:5]
    return (
        '<circle cx="100" cy="104" r="62" fill="none" stroke="{leafdark}" stroke-width="30"/>'
        + wreath_leaves(berries=False)
        + _heads(head, [(round(x, 1), round(y, 1), r) for x, y, r in slots])
        + '<path d="M96 168l-14 24 11-3 5 8 4-29zM104 168l14 24-11-3-5 8-4-29z" fill="{dark}"/>'
        '<path d="M100 166c-10-16-36-20-38-6s24 12 38 6zM100 166c10-16 36-20 38-6s-24 12-38 6z" fill="{main}"/>'
        '<circle cx="100" cy="166" r="6" fill="{dark}"/>'
    )


ARRANGEMENTS: dict[str, Callable[[Head], str]] = {
    "vase": vase, "bouquet": bouquet, "centerpiece": centerpiece, "plant": plant, "wreath": wreath,
}  # fmt: skip

FLORAL: dict[str, str] = {
    f"{arrangement}-{name}": build(head) for arrangement, build in ARRANGEMENTS.items() for name, head in HEADS.items()
}
# A centrepiece of no named flower, for catalogues that do not say which.
FLORAL["centerpiece"] = centerpiece(blossom)
