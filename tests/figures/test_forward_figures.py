"""Lesson 1 figures, checked through their data."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import datasets, forward_pass
from gdviz.figures.formulas import boxes_markdown, chain_html, mse_latex
from gdviz.figures.forward import fit_figure, opening_w, set_fit, sweep_figure
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from tests.figures.drawing import animation_frames

TADPOLE = datasets.get("tadpole")


def _segments(trace) -> list[tuple[float, float, float]]:
    """(x, y_start, y_end) of each None-separated vertical segment."""
    xs, ys = list(trace.x), list(trace.y)
    return [(xs[i], ys[i], ys[i + 1]) for i in range(0, len(xs), 3)]


def test_error_segments_join_each_point_to_the_line_and_split_by_sign() -> None:
    w, b = 0.8, 0.0
    fig = fit_figure(TADPOLE, w, b, "en")
    points, line, above, below = fig.data
    np.testing.assert_allclose(points.x, TADPOLE.x)
    # The line is y = w·x + b at both ends of the x axis.
    np.testing.assert_allclose(line.y, [w * x + b for x in line.x])
    seen = {}
    for trace, sign in ((above, 1), (below, -1)):
        for x, y_start, y_end in _segments(trace):
            i = int(np.flatnonzero(TADPOLE.x == x)[0])
            assert y_start == pytest.approx(TADPOLE.y[i])
            assert y_end == pytest.approx(w * x + b)
            assert np.sign(y_end - y_start) == sign
            seen[i] = True
    # Every point with a non-zero error has exactly one segment.
    assert sorted(seen) == [i for i in range(TADPOLE.n) if w * TADPOLE.x[i] != TADPOLE.y[i]]


def test_axes_do_not_move_with_the_sliders() -> None:
    ranges = {
        (tuple(f.layout.xaxis.range), tuple(f.layout.yaxis.range))
        for f in (fit_figure(TADPOLE, w, 0.0, "en") for w in (0.0, 0.8, 2.0))
    }
    assert len(ranges) == 1
    # ...and they hold every point and the origin, where the line through the origin starts.
    (x_range, y_range) = ranges.pop()
    assert x_range[0] <= 0.0 <= TADPOLE.x.min() and TADPOLE.x.max() < x_range[1]
    assert y_range[0] <= 0.0 <= TADPOLE.y.min() and TADPOLE.y.max() < y_range[1]


def test_the_opening_line_and_its_errors_are_inside_the_chart() -> None:
    """The lesson opens on the tadpole's poor guess w = 2 (ŷ up to 14 where y is at most 5.7): every
    error segment a student reads first ends inside the fixed y range."""
    w = opening_w(TADPOLE)
    assert w == TADPOLE.w_range[1] == 2.0
    fig = fit_figure(TADPOLE, w, 0.0, "en")
    low, high = fig.layout.yaxis.range
    segments = [t for t in fig.data if t.name in (tr("forward.error_pos", "en"), tr("forward.error_neg", "en"))]
    ends = np.array([v for t in segments for v in t.y if v is not None], dtype=float)
    assert ends.size == 2 * TADPOLE.n
    assert low < ends.min() and ends.max() < high and ends.max() == pytest.approx(w * TADPOLE.x.max())
    # Still the data's window, not a needlessly tall one: the top is within 10 % of the line's end.
    assert high < 1.1 * w * TADPOLE.x.max()


def test_sweep_frames_move_the_marker_along_mse_of_w() -> None:
    b = 0.0
    fig = sweep_figure(TADPOLE, b, "zh", frames=5)
    assert len(animation_frames(fig)) == 5
    for frame, w in zip(animation_frames(fig), np.linspace(0.0, 2.0, 5), strict=True):
        line, _, _, marker = frame.data
        assert marker.x[0] == pytest.approx(w)
        # MSE(w) through the origin, computed here by hand from the data.
        assert marker.y[0] == pytest.approx(np.mean((w * TADPOLE.x - TADPOLE.y) ** 2))
        np.testing.assert_allclose(line.y, [w * x + b for x in line.x])
    # The buttons speak the page's language.
    labels = [button.label for button in fig.layout.updatemenus[0].buttons]
    assert labels == ["▶ 播放", "❚❚ 暂停"]


def test_mse_formula_plugs_in_the_numbers() -> None:
    fp = forward_pass([1.0, 2.0], [2.0, 2.0], w=1.5)  # errors −0.5 and 1.0
    latex = mse_latex(fp)
    assert r"\frac{1}{2}" in latex
    assert "(-0.50)^2 + 1.00^2" in latex
    assert latex.endswith("= 0.625")  # (0.25 + 1) / 2


@pytest.mark.parametrize("name, b", [("tadpole", 0.0), ("five_points", -1.0)])
def test_moving_a_kept_fit_figure_equals_building_it_anew(name: str, b: float) -> None:
    ds = datasets.get(name)
    fig = fit_figure(ds, ds.w_range[0], b, "zh")
    for w in (0.8, ds.w_range[1], 1.3):
        moved = set_fit(fig, ds, w, b, "zh")
        assert moved is fig  # in place: the page keeps one figure per session
        assert moved.to_dict() == fit_figure(ds, w, b, "zh").to_dict()
    # The line itself sits at the new w: ŷ = w·x + b at both ends.
    np.testing.assert_allclose(fig.data[1].y, [1.3 * x + b for x in fig.data[1].x])


def test_fit_figure_sends_only_the_template_defaults_it_uses() -> None:
    fig = fit_figure(TADPOLE, 1.0, 0.0, "en")
    assert set(fig.layout.template.data.to_plotly_json()) == {"scatter"}
    # The house look (white background, grid colour) is still there.
    assert fig.layout.template.layout.plot_bgcolor == "white"


def test_chain_html_numbers_the_steps_and_escapes_the_text() -> None:
    html = chain_html([("Input", "3 points"), ("Error", "ŷ − y < 0"), ("MSE", "MSE = 1.25")])
    assert html.count('<div style="flex:') == 3
    # Numbered, joined by arrows, no arrow after the last step.
    assert "\n**1. Input** →\n" in html and "\n**2. Error** →\n" in html and "\n**3. MSE**\n" in html
    # Each text between blank lines, so markdown inside the HTML boxes is still read as markdown.
    assert "\n\n3 points\n\n" in html and "\n\nMSE = 1.25\n\n" in html
    assert "ŷ − y &lt; 0" in html and "y < 0" not in html


def test_coloured_boxes_carry_their_colour_on_top_and_before_the_title() -> None:
    html = boxes_markdown([("fixed value", "Moves by **c**."), ("slope", "k = 40")], colors=["#E69F00", "#D55E00"])
    assert html.count("border-top:0.35rem solid #E69F00") == 1 and html.count("border-top:0.35rem solid #D55E00") == 1
    assert '<span style="color:#E69F00">■</span> **fixed value**' in html
    assert "\n\nMoves by **c**.\n\n" in html and "→" not in html


@pytest.mark.parametrize(
    "value, text", [(1.234, "1.23"), (-1.5, "−1.50"), (-0.001, "0.00"), (float("inf"), "∞"), (float("nan"), "NaN")]
)
def test_fmt_writes_numbers_as_a_student_would(value: float, text: str) -> None:
    assert fmt(value) == text
