"""Server-side SVG charts for the staff dashboard: no JavaScript library, nothing to download."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777"]
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 36, 56


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if value <= step:
            return step
    return float(value)


LEGEND_ROW = 16


def _legend(names: Sequence[str], width: int, top: int) -> tuple[list[str], int]:
    """Legend entries from ``top`` down, wrapping to new rows; returns the parts and the rows used."""
    parts, x, row = [], PAD_LEFT, 0
    for i, name in enumerate(names):
        entry_width = 24 + 7 * len(name)
        if x > PAD_LEFT and x + entry_width > width - PAD_RIGHT:
            x, row = PAD_LEFT, row + 1
        y = top + row * LEGEND_ROW
        color = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{escape(name)}</text>'
        )
        x += entry_width
    return parts, row + 1


def _frame(
    title: str, width: int, height: int, y_max: float, fmt: Callable[[float], str], legend_rows: int = 1
) -> list[str]:
    total = height + (legend_rows - 1) * LEGEND_ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart" style="max-width:{width}px;font:12px sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<text x="{PAD_LEFT}" y="20" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    plot_h = height - PAD_TOP - PAD_BOTTOM
    for i in range(5):
        value = y_max * i / 4
        y = PAD_TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#6b7280">{escape(fmt(value))}</text>'
        )
    return parts


def line_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    fmt: Callable[[float], str] = lambda v: f"{v:.0%}",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """One line per series over shared x labels; None leaves a gap."""
    values = [v for points in series.values() for v in points if v is not None]
    y_max = _nice_max(max(values, default=0.0))
    legend, rows = _legend(list(series), width, height - 18)
    parts = _frame(title, width, height, y_max, fmt, rows)
    plot_w, plot_h = width - PAD_LEFT - PAD_RIGHT, height - PAD_TOP - PAD_BOTTOM
    n = max(len(x_labels), 1)

    def x_at(i: int) -> float:
        return PAD_LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    every = max(1, n // 7)
    for i, label in enumerate(x_labels):
        if (n - 1 - i) % every == 0:  # counted from the newest, so the last label never collides
            parts.append(
                f'<text x="{x_at(i):.1f}" y="{PAD_TOP + plot_h + 16}" text-anchor="middle" fill="#6b7280">'
                f"{escape(label)}</text>"
            )

    def polyline(color: str, points: list[str]) -> str:
        return f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(points)}"/>'

    for s, (name, points) in enumerate(series.items()):
        color = PALETTE[s % len(PALETTE)]
        segment: list[str] = []
        for i, value in enumerate(points):
            if value is None:
                if len(segment) > 1:
                    parts.append(polyline(color, segment))
                segment = []
                continue
            y = PAD_TOP + plot_h - plot_h * value / y_max
            segment.append(f"{x_at(i):.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x_at(i):.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                f"<title>{escape(name)} {escape(x_labels[i])}: {escape(fmt(value))}</title></circle>"
            )
        if len(segment) > 1:
            parts.append(polyline(color, segment))
    parts += legend
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped


def bar_chart(
    *,
    title: str,
    groups: Sequence[str],
    series: dict[str, Sequence[float]],
    fmt: Callable[[float], str] = lambda v: f"{v:.3f}",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Grouped bars: one group per label (e.g. a metric), one bar per series (e.g. model, baseline)."""
    values = [v for points in series.values() for v in points]
    y_max = _nice_max(max(values, default=0.0))
    legend, rows = _legend(list(series), width, height - 18)
    parts = _frame(title, width, height, y_max, fmt, rows)
    plot_w, plot_h = width - PAD_LEFT - PAD_RIGHT, height - PAD_TOP - PAD_BOTTOM
    group_w = plot_w / max(len(groups), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for g, label in enumerate(groups):
        gx = PAD_LEFT + g * group_w
        parts.append(
            f'<text x="{gx + group_w / 2:.1f}" y="{PAD_TOP + plot_h + 16}" text-anchor="middle" fill="#6b7280">'
            f"{escape(label)}</text>"
        )
        for s, (name, points) in enumerate(series.items()):
            value = points[g]
            bar_h = plot_h * value / y_max
            x = gx + group_w * 0.1 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{PAD_TOP + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" height="{bar_h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(name)} {escape(label)}: {escape(fmt(value))}'
                "</title></rect>"
            )
    parts += legend
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped
