"""The shared figure pieces: numbers as a student writes them, fixed ranges, the house template."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from gdviz.figures import theme
from gdviz.figures.theme import FONT_SIZE, fmt, nice_floor, padded_range, style


def test_numbers_are_written_with_a_true_minus_and_never_as_minus_zero() -> None:
    assert fmt(-0.3) == "−0.30"
    assert fmt(-0.001) == "0.00"
    assert fmt(2.345, 1) == "2.3"
    assert (fmt(math.inf), fmt(-math.inf), fmt(math.nan)) == ("∞", "−∞", "NaN")


def test_a_nice_floor_is_one_two_or_five_times_a_power_of_ten() -> None:
    assert [nice_floor(v) for v in (0.0473, 0.025, 7.0, 1.0, 999.0)] == [0.02, 0.02, 5.0, 1.0, 500.0]
    assert nice_floor(-3.0) == nice_floor(math.nan) == 1.0


def test_a_padded_range_covers_the_finite_values_and_what_it_must_include() -> None:
    # 0 … 10, widened by 8 % of 10 at each end; the NaN and the infinity are left out.
    assert padded_range([0.0, 10.0, np.nan, np.inf]) == [-0.8, 10.8]
    assert padded_range([1.0, 2.0], pad=0.0, include=[-3.0]) == [-3.0, 2.0]
    assert padded_range([np.nan]) == [-1.0, 1.0]


def test_the_house_template_keeps_only_the_defaults_of_the_traces_drawn() -> None:
    fig = style(go.Figure([go.Contour(z=[[1, 2], [3, 4]]), go.Scatter(x=[0], y=[0])]), height=300)
    template = fig.layout.template
    assert set(template.data.to_plotly_json()) == {"contour", "scatter"}
    assert "surface" in pio.templates["plotly_white"].data.to_plotly_json()
    assert template.layout.font.size == FONT_SIZE
    assert fig.layout.height == 300 and fig.layout.uirevision == "gdviz"


def test_presented_scales_the_styled_figure_fonts_markers_lines_and_margins() -> None:
    fig = style(go.Figure([go.Scatter(x=[0, 1], y=[1, 2], mode="lines+markers", marker=dict(size=10))]))
    sent = json.loads(fig.to_json())
    shown = theme.presented(json.loads(fig.to_json()))
    assert shown["layout"]["font"]["size"] == round(theme.FONT_SIZE * theme.PRESENT_SCALE)
    assert shown["layout"]["template"]["layout"]["xaxis"]["tickfont"]["size"] >= theme.PRESENT_MIN_FONT
    assert shown["data"][0]["marker"]["size"] == 15 and shown["data"][0]["line"]["width"] == theme.PRESENT_MIN_LINE
    assert shown["layout"]["margin"]["l"] == round(60 * theme.PRESENT_SCALE)
    assert shown["layout"]["height"] > sent["layout"]["height"]
    assert shown["layout"]["template"]["layout"]["yaxis"]["gridcolor"] == theme.PRESENT_GRID
    assert fig.layout.font.size is None  # the figure style() built is not touched: its JSON is scaled
