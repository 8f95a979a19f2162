"""Lesson 2 figures, checked through their data against short NumPy references written here."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gdviz.core import LinearMSE, NonConvex1D, datasets
from gdviz.core.objectives import NarrowValley1D
from gdviz.core.search import divide_and_conquer, grid_search
from gdviz.figures.loss_curve import (
    bowl_figure,
    count_text,
    curve_figure,
    descent_direction,
    extrema_figure,
    position_figure,
    search_figure,
    set_curve,
    set_position,
)
from gdviz.figures.theme import fmt
from gdviz.i18n import tr

TADPOLE = datasets.get("tadpole")
FIVE = datasets.get("five_points")


def mse(ds, w, b):
    """MSE(w, b) by its definition, broadcast over arrays of w and b."""
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    return np.mean((w[..., None] * ds.x + b[..., None] - ds.y) ** 2, axis=-1)


def finite_slope(f, w, h=1e-6):
    return (f(w + h) - f(w - h)) / (2 * h)


def tangent_slope(trace) -> float:
    (x0, x1), (y0, y1) = trace.x, trace.y
    return (y1 - y0) / (x1 - x0)


@pytest.mark.parametrize("ds, w, b", [(TADPOLE, 2.0, 0.0), (TADPOLE, 0.3, 0.0), (FIVE, -0.5, 3.0), (FIVE, 4.2, -1.0)])
def test_tangent_touches_the_curve_with_the_derivative_as_slope(ds, w: float, b: float) -> None:
    fig = curve_figure(ds, w, b, "en")
    curve, lowest, tangent, current = fig.data
    # The drawn curve is MSE(w) with b held.
    np.testing.assert_allclose(curve.y, mse(ds, np.asarray(curve.x), b), rtol=1e-10)
    # The marker sits at (w, MSE(w)) and the tangent passes through it...
    assert (current.x[0], current.y[0]) == pytest.approx((w, mse(ds, w, b)), rel=1e-10)
    x0, y0 = tangent.x[0], tangent.y[0]
    assert y0 + tangent_slope(tangent) * (w - x0) == pytest.approx(mse(ds, w, b), rel=1e-9)
    # ...with the curve's derivative as slope, and that number is written on the figure.
    slope = finite_slope(lambda v: mse(ds, v, b), w)
    assert tangent_slope(tangent) == pytest.approx(slope, rel=1e-6)
    assert any(fmt(slope) in a.text for a in fig.layout.annotations)
    # The lowest point is where the derivative vanishes: w* = Σx(y − b) / Σx².
    assert lowest.x[0] == pytest.approx(np.sum(ds.x * (ds.y - b)) / np.sum(ds.x**2), rel=1e-10)


def test_the_sign_sentence_on_the_figure_follows_the_slope() -> None:
    texts = {w: " ".join(a.text for a in curve_figure(TADPOLE, w, 0.0, "zh").layout.annotations) for w in (0.2, 1.8)}
    assert tr("loss_curve.dir_increase", "zh") in texts[0.2]  # left of w* ≈ 0.804: slope < 0
    assert tr("loss_curve.dir_decrease", "zh") in texts[1.8]
    # The arrow from the point points the way to move: right of the point on the left side.
    arrow = next(a for a in curve_figure(TADPOLE, 0.2, 0.0, "en").layout.annotations if a.showarrow)
    assert arrow.ax == pytest.approx(0.2) and arrow.x > arrow.ax


@pytest.mark.parametrize("ds", [TADPOLE, FIVE])
def test_curve_axes_do_not_move_with_w_or_b(ds) -> None:
    bs = ds.b_range if ds.intercept else (0.0, 0.0)
    figs = [curve_figure(ds, w, b, "en") for w in ds.w_range for b in bs]
    ranges = {(tuple(f.layout.xaxis.range), tuple(f.layout.yaxis.range)) for f in figs}
    assert len(ranges) == 1
    (x_range, y_range) = ranges.pop()
    assert x_range[0] <= ds.w_range[0] and x_range[1] >= ds.w_range[1]
    # The bottom of the curve is in view for every b the slider reaches.
    for b in np.linspace(*bs, 9):
        w = np.linspace(*ds.w_range, 2001)
        assert y_range[0] < mse(ds, w, b).min() < y_range[1]


def test_descent_direction_flips_at_the_slider_position_nearest_the_bottom() -> None:
    obj = LinearMSE(TADPOLE.x, TADPOLE.y, intercept=False)
    best = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)
    positions = np.round(np.arange(0.0, 2.0001, 0.01), 2)
    verdicts = np.array([descent_direction(obj.slope_w, w, 0.01) for w in positions])
    (flat,) = np.flatnonzero(verdicts == 0)
    assert positions[flat] == pytest.approx(round(best, 2))
    assert (verdicts[:flat] == 1).all() and (verdicts[flat + 1 :] == -1).all()


def test_bowl_contour_is_the_loss_grid_and_the_surface_matches() -> None:
    fig = bowl_figure(FIVE, "en")
    contour, best, surface = fig.data[0], fig.data[1], fig.data[2]
    w, b = np.asarray(contour.x), np.asarray(contour.y)
    assert (w[0], w[-1], b[0], b[-1]) == (*FIVE.w_range, *FIVE.b_range)
    z = np.asarray(contour.z)
    np.testing.assert_allclose(z, LinearMSE(FIVE.x, FIVE.y).grid(w, b), rtol=1e-12)
    # Rows run over b, columns over w, as Plotly reads z.
    np.testing.assert_allclose(z, mse(FIVE, w[None, :], b[:, None]), rtol=1e-10)
    np.testing.assert_allclose(np.asarray(surface.z), z)
    assert (best.x[0], best.y[0]) == pytest.approx((2.2, -1.0))


def test_bowl_figure_is_static() -> None:
    # Built from the dataset and the language alone; two builds are identical, so a cached copy
    # stands for every slider value (the page test checks the page sends the same one).
    assert bowl_figure(TADPOLE, "zh").to_dict() == bowl_figure(TADPOLE, "zh").to_dict()
    assert bowl_figure(TADPOLE, "zh").to_dict() != bowl_figure(FIVE, "zh").to_dict()


def test_position_marker_and_slice_follow_w_and_b_on_fixed_axes() -> None:
    figs = {(w, b): position_figure(FIVE, w, b, "en") for w in (-1.0, 3.0) for b in (-5.0, 2.0)}
    for (w, b), fig in figs.items():
        _, slice_line, slice_best, bowl_best, you = fig.data
        assert (you.x[0], you.y[0]) == (w, b)
        assert list(slice_line.y) == [b, b]
        assert slice_best.x[0] == pytest.approx(np.sum(FIVE.x * (FIVE.y - b)) / np.sum(FIVE.x**2))
        assert (bowl_best.x[0], bowl_best.y[0]) == pytest.approx((2.2, -1.0))
    assert len({(tuple(f.layout.xaxis.range), tuple(f.layout.yaxis.range)) for f in figs.values()}) == 1
    # Light: the contour it carries is coarse, far smaller than the static bowl's.
    assert np.asarray(figs[(3.0, 2.0)].data[0].z).size * 3 < np.asarray(bowl_figure(FIVE, "en").data[0].z).size


def nonconvex(w):
    return w**4 / 4 - w**3 / 3 - w**2 + 2


@pytest.mark.parametrize("w", [-1.7, -1.0, 0.0, 0.6, 2.0, 2.8])
def test_extrema_figure_labels_three_flat_points_and_draws_the_tangent(w: float) -> None:
    fig = extrema_figure(NonConvex1D(), w, "zh")
    curve, extrema, tangent, current = fig.data
    np.testing.assert_allclose(curve.y, nonconvex(np.asarray(curve.x)), rtol=1e-12, atol=1e-12)
    assert list(extrema.text) == ["极小值", "极大值", "最小值"]
    for x in extrema.x:
        assert abs(finite_slope(nonconvex, x)) < 1e-6
    # The global minimum is the lowest of them; the local minimum is higher.
    assert extrema.y[2] < extrema.y[0] < extrema.y[1]
    assert (current.x[0], current.y[0]) == pytest.approx((w, nonconvex(w)))
    assert tangent_slope(tangent) == pytest.approx(finite_slope(nonconvex, w), abs=1e-6)


def test_extrema_axes_do_not_move_and_the_flat_verdict_shows() -> None:
    figs = [extrema_figure(NonConvex1D(), w, "en") for w in (-2.0, 0.0, 3.0)]
    assert len({(tuple(f.layout.xaxis.range), tuple(f.layout.yaxis.range)) for f in figs}) == 1
    assert any(tr("loss_curve.dir_flat", "en") in a.text for a in figs[1].layout.annotations)


def _parts(fig, col: int, part: str) -> list:
    return [t for t in fig.data if t.meta and t.meta[0] == col and t.meta[1] == part]


def test_search_figure_shows_every_evaluation_by_round_and_where_each_lands() -> None:
    curve = NarrowValley1D()

    def f(w):
        return np.asarray(curve.value(np.asarray(w)[..., None]))

    grid = grid_search(f, *curve.x_range, 13)
    zoom = divide_and_conquer(f, *curve.x_range, num=5, rounds=4)
    fig = search_figure(f, curve.x_range, grid, zoom, curve.global_min, "en")
    # Brute force: one round of 13 evenly spaced points on the curve.
    (grid_points,) = _parts(fig, 1, "points")
    np.testing.assert_allclose(grid_points.x, np.linspace(-3, 3, 13))
    np.testing.assert_allclose(grid_points.y, f(np.linspace(-3, 3, 13)))
    # Divide and conquer: 4 rounds of 5, each interval inside the one before.
    rounds = _parts(fig, 2, "points")
    assert [len(t.x) for t in rounds] == [5, 5, 5, 5]
    intervals = [(min(t.x), max(t.x)) for t in _parts(fig, 2, "interval")]
    assert intervals[0] == (-3.0, 3.0)
    for (lo, hi), (inner_lo, inner_hi) in itertools.pairwise(intervals):
        assert lo <= inner_lo < inner_hi <= hi and inner_hi - inner_lo < hi - lo
    assert len({t.marker.color for t in rounds}) == 4  # a colour per round
    # Each lands on its lowest evaluated point: the grid in the narrow valley, zooming in the wide one.
    for col, result in ((1, grid), (2, zoom)):
        (landing,) = _parts(fig, col, "landing")
        evaluated = np.concatenate([t.y for t in _parts(fig, col, "points")])
        assert landing.y[0] == pytest.approx(evaluated.min())
        assert (landing.x[0], landing.y[0]) == pytest.approx((result.best, result.best_loss))
    assert _parts(fig, 1, "landing")[0].x[0] == pytest.approx(2.0)
    assert abs(_parts(fig, 2, "landing")[0].x[0]) < 1e-9
    titles = [a.text for a in fig.layout.annotations]
    assert "13 evaluations" in titles[0] and "5 × 4 = 20" in titles[1]


@pytest.mark.parametrize("count, text", [(13, "13"), (169, "169"), (13**10, "≈ 1.4 × 10¹¹"), (40**10, "≈ 1.0 × 10¹⁶")])
def test_counts_stay_readable(count: int, text: str) -> None:
    assert count_text(count) == text


@pytest.mark.parametrize("ds, b", [(TADPOLE, 0.0), (FIVE, -1.0)])
def test_moving_kept_curve_and_position_figures_equals_building_them_anew(ds, b: float) -> None:
    curve, position = curve_figure(ds, ds.w_range[0], b, "zh"), position_figure(ds, ds.w_range[0], b, "zh")
    # Across the bottom of the curve, so the slope's sign, its words and the arrow all change.
    for w in (ds.w_range[1], float(LinearMSE(ds.x, ds.y).minimizer()[0]) if b == 0 else 2.2, 0.3):
        assert set_curve(curve, ds, w, b, "zh") is curve
        assert curve.to_dict() == curve_figure(ds, w, b, "zh").to_dict()
        assert set_position(position, w, b) is position
        assert position.to_dict() == position_figure(ds, w, b, "zh").to_dict()
    assert (curve.data[3].x[0], curve.data[3].y[0]) == pytest.approx((0.3, mse(ds, 0.3, b)), rel=1e-10)
    assert (position.data[4].x[0], position.data[4].y[0]) == (0.3, b)
