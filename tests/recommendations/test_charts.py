import re
import xml.etree.ElementTree as ET

import pytest

from recommendations import charts


def test_line_chart_draws_points_and_gaps():
    svg = charts.line_chart(title="CTR <test>", x_labels=["a", "b", "c"], series={"x": [0.1, None, 0.3]})
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "CTR &lt;test&gt;" in svg  # titles are escaped
    assert svg.count("<circle") == 2  # None leaves a gap, no point


def test_bar_chart_scales_bars_to_the_largest_value():
    svg = charts.bar_chart(title="m", groups=["p", "q"], series={"model": [0.5, 1.0], "baseline": [0.25, 0.0]})
    assert svg.count("<rect") == 4 + 2  # four bars, two legend swatches
    assert 'height="168.0"' in svg  # 1.0 fills the whole 168px plot
    assert 'height="84.0"' in svg


def test_a_long_legend_wraps_and_grows_the_chart():
    names = {f"a-rather-long-recommender-name-{i}": [0.1, 0.2] for i in range(5)}
    svg = charts.line_chart(title="t", x_labels=["a", "b"], series=names, width=640, height=260)
    assert 'viewBox="0 0 640 260"' not in svg  # taller than one legend row allows
    legend_rows = set(re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="10"', svg))
    assert len(legend_rows) > 1


SVG = "{http://www.w3.org/2000/svg}"
PANEL_PLOT = 150 - 52  # a panel's plot height at the default panel height


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the chart this test just drew, not untrusted input


def _panels(svg: str) -> dict[str, ET.Element]:
    root = _root(svg)
    return {g.get("data-metric"): g for g in root.iter(f"{SVG}g") if g.get("class") == "panel"}


def _bars(panel: ET.Element) -> dict[str, float]:
    return {r.get("data-series"): float(r.get("height")) for r in panel.iter(f"{SVG}rect") if r.get("class") == "bar"}


def _ticks(panel: ET.Element) -> list[str]:
    return [t.text for t in panel.iter(f"{SVG}text") if t.get("class") == "tick"]


def _whisker_lengths(element: ET.Element) -> list[float]:
    lengths = []
    for group in element.iter(f"{SVG}g"):
        if group.get("class") == "error-bar":
            stem = next(group.iter(f"{SVG}line"))
            lengths.append(round(float(stem.get("y1")) - float(stem.get("y2")), 1))
    return lengths


def test_small_multiples_draw_each_metric_on_its_own_axis():
    svg = charts.small_multiples(
        title="offline",
        series=["model", "baseline"],
        panels=[
            charts.Panel(label="P@10", values=(0.012, 0.008), note="+50% vs baseline"),
            charts.Panel(label="Coverage", values=(0.70, 0.015)),
        ],
    )
    panels = _panels(svg)
    precision, coverage = _bars(panels["P@10"]), _bars(panels["Coverage"])
    # Each on its own scale: 0.012 on a 0-0.02 axis fills 60% of its plot, 0.70 on 0-1 fills 70%.
    assert _ticks(panels["P@10"]) == ["0", "0.01", "0.02"] and _ticks(panels["Coverage"]) == ["0", "0.5", "1"]
    assert precision["model"] == pytest.approx(0.6 * PANEL_PLOT, abs=0.1)
    assert coverage["model"] == pytest.approx(0.7 * PANEL_PLOT, abs=0.1)
    # Within a panel heights follow the values, model against baseline.
    assert precision["model"] / precision["baseline"] == pytest.approx(0.012 / 0.008, rel=0.01)
    assert coverage["baseline"] == pytest.approx(0.015 * PANEL_PLOT, abs=0.1)
    assert "+50% vs baseline" in svg and _whisker_lengths(_root(svg)) == []


def test_a_spread_draws_an_error_bar_on_its_panels_scale():
    svg = charts.small_multiples(
        title="t",
        series=["model", "baseline"],
        panels=[charts.Panel(label="NDCG@10", values=(0.5, 0.25), errors=(0.1, None))],
    )
    panel = _panels(svg)["NDCG@10"]
    # The axis makes room for the top of the bar (0.6 -> 0-1), and the bar spans 0.4 to 0.6.
    assert _ticks(panel)[-1] == "1"
    assert _whisker_lengths(panel) == [round(0.2 * PANEL_PLOT, 1)]
    assert "model NDCG@10: 0.50 ± 0.10" in svg


def test_line_chart_draws_the_spread_of_the_points_that_have_one():
    svg = charts.line_chart(
        title="NDCG@10",
        x_labels=["v1", "v2"],
        series={"model": [0.06, 0.07], "baseline": [0.04, 0.04]},
        errors={"model": [0.01, None]},
        fmt=lambda v: f"{v:.3f}",
    )
    plot_h = 260 - 36 - 56
    assert _whisker_lengths(_root(svg)) == [round(2 * 0.01 / 0.1 * plot_h, 1)]  # 0.07 + 0.01 -> axis 0-0.1
    assert "model v1: 0.060 ± 0.010 (0.050 to 0.070)" in svg
