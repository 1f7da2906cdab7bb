"""Server-side SVG charts for the staff dashboard: no JavaScript library, nothing to download."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    errors: dict[str, Sequence[float | None]] | None = None,
    fmt: Callable[[float], str] = lambda v: f"{v:.0%}",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """One line per series over shared x labels; None leaves a gap.

    ``errors`` gives a spread per point (e.g. the standard deviation over folds), the series'
    shape; a point with one draws a whisker from value - spread to value + spread.
    """
    errors = errors or {}

    def spread(name: str, i: int) -> float:
        points = errors.get(name) or ()
        return (points[i] or 0.0) if i < len(points) else 0.0

    values = [v + spread(name, i) for name, points in series.items() for i, v in enumerate(points) if v is not None]
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
            tip = f"{name} {x_labels[i]}: {fmt(value)}"
            if err := spread(name, i):
                low, high = max(value - err, 0.0), value + err
                parts.append(_whisker(x_at(i), PAD_TOP + plot_h - plot_h * low / y_max, y - plot_h * err / y_max))
                tip += f" ± {fmt(err)} ({fmt(low)} to {fmt(high)})"
            parts.append(
                f'<circle cx="{x_at(i):.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(tip)}</title></circle>'
            )
        if len(segment) > 1:
            parts.append(polyline(color, segment))
    parts += legend
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped


def _bar(x: float, width: float, base: float, height: float, color: str, tip: str, extra: str = "") -> str:
    """A bar standing on ``base`` (the plot's bottom edge), with its value as a tooltip."""
    return (
        f'<rect{extra} x="{x:.1f}" y="{base - height:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{color}"><title>{escape(tip)}</title></rect>'
    )


def _whisker(x: float, low: float, high: float, cap: float = 4) -> str:
    """An error bar from pixel ``low`` to pixel ``high`` at ``x``, capped at both ends."""
    return (
        f'<g class="error-bar" stroke="#111827" stroke-width="1.2">'
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{low:.1f}" y2="{high:.1f}"/>'
        f'<line x1="{x - cap:.1f}" x2="{x + cap:.1f}" y1="{low:.1f}" y2="{low:.1f}"/>'
        f'<line x1="{x - cap:.1f}" x2="{x + cap:.1f}" y1="{high:.1f}" y2="{high:.1f}"/></g>'
    )


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
            x = gx + group_w * 0.1 + s * bar_w
            tip = f"{name} {label}: {fmt(value)}"
            parts.append(_bar(x, bar_w - 2, PAD_TOP + plot_h, plot_h * value / y_max, PALETTE[s % len(PALETTE)], tip))
    parts += legend
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped


def metric_value(value: float) -> str:
    """Two significant figures or so, as offline metrics are read: 0.70, 0.041, 0.0123."""
    if value == 0:
        return "0"
    if abs(value) >= 0.1:
        return f"{value:.2f}"
    if abs(value) >= 0.01:
        return f"{value:.3f}"
    return f"{value:.4f}"


@dataclass(frozen=True)
class Panel:
    """One metric of a small-multiples chart: a value per series, their spreads, a note (e.g. the lift)."""

    label: str
    values: Sequence[float]
    errors: Sequence[float | None] = ()
    note: str = ""


def small_multiples(
    *,
    title: str,
    series: Sequence[str],
    panels: Sequence[Panel],
    subtitle: str = "",
    fmt: Callable[[float], str] = metric_value,
    columns: int = 3,
    width: int = 640,
    panel_height: int = 150,
) -> SafeString:
    """One small bar chart per panel, each on its own axis from 0, the same series in each.

    On one shared axis a metric near 0.01 (precision) is a sliver beside one near 0.7
    (coverage); here each is as readable as the other, and the model-against-baseline
    comparison within a panel is what the eye reads. A spread draws an error bar.
    """
    top = 48 if subtitle else 32
    rows = max(1, -(-len(panels) // columns))
    legend, legend_rows = _legend(list(series), width, top + rows * panel_height + 4)
    total = top + rows * panel_height + legend_rows * LEGEND_ROW + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart" style="max-width:{width}px;font:12px sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<text x="{PAD_LEFT}" y="20" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    if subtitle:
        parts.append(f'<text x="{PAD_LEFT}" y="38" fill="#6b7280">{escape(subtitle)}</text>')
    panel_w = (width - 8) / columns
    for n, panel in enumerate(panels):
        px, py = 4 + (n % columns) * panel_w, top + (n // columns) * panel_height
        parts.append(_panel(panel, list(series), px, py, panel_w, panel_height, fmt))
    parts += legend
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node is escaped


def _panel(
    panel: Panel, series: list[str], px: float, py: float, w: float, h: float, fmt: Callable[[float], str]
) -> str:
    left, right, top, bottom = px + 44, px + w - 10, py + 36, py + h - 16
    plot_w, plot_h = right - left, bottom - top
    errors = [(panel.errors[i] or 0.0) if i < len(panel.errors) else 0.0 for i in range(len(series))]
    y_max = _nice_max(max((v + e for v, e in zip(panel.values, errors, strict=True)), default=0.0))

    def y_of(value: float) -> float:
        return bottom - plot_h * value / y_max

    parts = [
        f'<g class="panel" data-metric="{escape(panel.label)}">',
        f'<text x="{left}" y="{py + 12}" font-weight="bold">{escape(panel.label)}</text>',
    ]
    if panel.note:
        parts.append(f'<text x="{left}" y="{py + 26}" fill="#374151" class="note">{escape(panel.note)}</text>')
    for tick in (0.0, y_max / 2, y_max):
        parts.append(
            f'<line x1="{left}" x2="{right:.1f}" y1="{y_of(tick):.1f}" y2="{y_of(tick):.1f}" stroke="#e5e7eb"/>'
            f'<text class="tick" x="{left - 4}" y="{y_of(tick) + 4:.1f}" text-anchor="end" fill="#6b7280" '
            f'font-size="10">{tick:g}</text>'  # nice steps: 0.025, 0.05, 1 need no padding
        )
    slot = plot_w / max(len(series), 1)
    bar_w = min(40.0, slot * 0.6)
    for s, (name, value, err) in enumerate(zip(series, panel.values, errors, strict=True)):
        x = left + s * slot + (slot - bar_w) / 2
        tip = f"{name} {panel.label}: {fmt(value)}" + (f" ± {fmt(err)}" if err else "")
        extra = f' class="bar" data-series="{escape(name)}"'
        parts.append(_bar(x, bar_w, bottom, plot_h * value / y_max, PALETTE[s % len(PALETTE)], tip, extra))
        label_y = y_of(value + err) - 3
        if err:
            parts.append(_whisker(x + bar_w / 2, y_of(max(value - err, 0.0)), y_of(value + err)))
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="10">'
            f"{escape(fmt(value))}</text>"
        )
    parts.append("</g>")
    return "".join(parts)
