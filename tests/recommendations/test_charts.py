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
