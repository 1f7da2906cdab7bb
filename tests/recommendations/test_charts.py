import re

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
