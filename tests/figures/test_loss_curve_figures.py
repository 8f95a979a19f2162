"""Lesson 2 figures, checked through their data against short NumPy references written here."""

from __future__ import annotations

import itertools
from html import escape

import numpy as np
import pytest

from gdviz.core import LinearMSE, NonConvex1D, datasets
from gdviz.core.objectives import NarrowValley1D
from gdviz.core.search import divide_and_conquer, grid_search
from gdviz.figures.live import w_control
from gdviz.figures.loss_curve import (
    bowl_figure,
    bowl_text,
    count_text,
    curve_figure,
    descent_directions,
    extrema_figure,
    extrema_text,
    nc_control,
    position_figure,
    search_figure,
    slope_formula,
    slope_text,
    typed_curve,
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


def tangent_slope(x, y) -> float:
    (x0, x1), (y0, y1) = x, y
    return (y1 - y0) / (x1 - x0)


@pytest.mark.parametrize("ds, w, b", [(TADPOLE, 2.0, 0.0), (TADPOLE, 0.3, 0.0), (FIVE, -0.5, 3.0), (FIVE, 4.2, -1.0)])
def test_at_each_w_the_tangent_touches_the_curve_with_the_derivative_as_slope(ds, w: float, b: float) -> None:
    control = w_control(ds, "en")
    live = curve_figure(ds, control, b, "en")
    i = control.index(w)
    states = live.states()
    curve, lowest = live.figure.data[:2]
    # The drawn curve is MSE(w) with b held.
    np.testing.assert_allclose(curve.y, mse(ds, np.asarray(curve.x), b), rtol=1e-10)
    # The marker sits at (w, MSE(w)) and the tangent passes through it...
    point = (states["current"]["x"][i, 0], states["current"]["y"][i, 0])
    assert point == pytest.approx((w, mse(ds, w, b)), rel=1e-10)
    tx, ty = states["tangent"]["x"][i], states["tangent"]["y"][i]
    assert ty[0] + tangent_slope(tx, ty) * (w - tx[0]) == pytest.approx(mse(ds, w, b), rel=1e-9)
    # ...with the curve's derivative as slope, and that number is written beside it.
    slope = finite_slope(lambda v: mse(ds, v, b), w)
    assert tangent_slope(tx, ty) == pytest.approx(slope, rel=1e-6)
    assert f">{fmt(slope)}</span>" in slope_text(ds, control, b, "en").at(i)
    assert f'= <span data-live="1">{fmt(slope)}</span></p>' in slope_formula(ds, control, b, "en").at(i)
    # The lowest point is where the derivative vanishes: w* = Σx(y − b) / Σx².
    assert lowest.x[0] == pytest.approx(np.sum(ds.x * (ds.y - b)) / np.sum(ds.x**2), rel=1e-10)


def test_the_sign_sentence_and_the_arrow_follow_the_slope() -> None:
    control = w_control(TADPOLE, "zh")
    text = slope_text(TADPOLE, control, 0.0, "zh")
    assert escape(tr("loss_curve.dir_increase", "zh")) in text.at(control.index(0.2))  # left of w* ≈ 0.804: slope < 0
    assert escape(tr("loss_curve.dir_decrease", "zh")) in text.at(control.index(1.8))
    assert escape(tr("loss_curve.dir_bottom", "zh")) in text.at(control.index(0.8))
    # The arrow from the point points the way to move: to the right on the left side, none at the bottom.
    arrow = curve_figure(TADPOLE, control, 0.0, "zh").states()["arrow"]["x"]
    left = arrow[control.index(0.2)]
    assert left[0] == pytest.approx(0.2) and left[1] > left[0]
    assert arrow[control.index(1.8)][1] < 1.8
    assert np.isnan(arrow[control.index(0.8)]).all()


@pytest.mark.parametrize("ds", [TADPOLE, FIVE])
def test_curve_axes_do_not_move_with_w_or_b(ds) -> None:
    bs = ds.b_range if ds.intercept else (0.0, 0.0)
    control = w_control(ds, "en")
    figs = [curve_figure(ds, control, b, "en").figure for b in bs]
    ranges = {(tuple(f.layout.xaxis.range), tuple(f.layout.yaxis.range)) for f in figs}
    assert len(ranges) == 1
    (x_range, y_range) = ranges.pop()
    assert x_range[0] <= ds.w_range[0] and x_range[1] >= ds.w_range[1]
    # The bottom of the curve is in view for every b the slider reaches.
    for b in np.linspace(*bs, 9):
        w = np.linspace(*ds.w_range, 2001)
        assert y_range[0] < mse(ds, w, b).min() < y_range[1]


def test_descent_direction_flips_at_the_grid_value_nearest_the_bottom() -> None:
    obj = LinearMSE(TADPOLE.x, TADPOLE.y, intercept=False)
    best = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)
    positions = np.round(np.arange(0.0, 2.0001, 0.01), 2)
    verdicts = descent_directions(obj.slope_w, positions, 0.01)
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


def test_on_a_phone_the_bowl_stands_under_its_contour() -> None:
    wide, phone = bowl_figure(FIVE, "en"), bowl_figure(FIVE, "en", stacked=True)
    assert [t.type for t in phone.data] == [t.type for t in wide.data]
    np.testing.assert_array_equal(np.asarray(phone.data[2].z), np.asarray(wide.data[2].z))  # the same bowl
    # The contour across the whole width on top, the 3-D bowl across it below.
    assert phone.layout.xaxis.domain == phone.layout.scene.domain.x == (0.0, 1.0)
    assert phone.layout.scene.domain.y[1] < phone.layout.yaxis.domain[0]
    assert phone.layout.height > wide.layout.height
    assert [a.text.replace("<br>", " ") for a in phone.layout.annotations] == [a.text for a in wide.layout.annotations]


def test_bowl_figure_is_static() -> None:
    # Built from the dataset and the language alone; two builds are identical, so a cached copy
    # stands for every slider value (the page test checks the page sends the same one).
    assert bowl_figure(TADPOLE, "zh").to_dict() == bowl_figure(TADPOLE, "zh").to_dict()
    assert bowl_figure(TADPOLE, "zh").to_dict() != bowl_figure(FIVE, "zh").to_dict()


def test_position_marker_follows_w_and_the_slice_b_on_fixed_axes() -> None:
    control = w_control(FIVE, "en")
    lives = {b: position_figure(FIVE, control, b, "en") for b in (-5.0, 2.0)}
    for b, live in lives.items():
        slice_line, slice_best, bowl_best, _ = live.figure.data[-4:]
        you = live.states()["current"]
        for w in (-1.0, 3.0):
            i = control.index(w)
            assert (you["x"][i, 0], you["y"][i, 0]) == (w, b)
            assert f">{fmt(mse(FIVE, w, b), 3)}</span>" in bowl_text(FIVE, control, b, "en").at(i)
        assert list(slice_line.y) == [b, b]
        assert slice_best.x[0] == pytest.approx(np.sum(FIVE.x * (FIVE.y - b)) / np.sum(FIVE.x**2))
        assert (bowl_best.x[0], bowl_best.y[0]) == pytest.approx((2.2, -1.0))
    ranges = {(tuple(v.figure.layout.xaxis.range), tuple(v.figure.layout.yaxis.range)) for v in lives.values()}
    assert len(ranges) == 1
    # Every trace is a scatter: plotly.js keeps them all when it moves the point (it drops a go.Contour).
    assert {trace.type for trace in lives[2.0].figure.data} == {"scatter"}
    levels = [trace for trace in lives[2.0].figure.data if isinstance(trace.meta, float)]
    assert len(levels) >= 8


def nonconvex(w):
    return w**4 / 4 - w**3 / 3 - w**2 + 2


@pytest.mark.parametrize("w", [-1.7, -1.0, 0.0, 0.6, 2.0, 2.8])
def test_extrema_figure_labels_three_flat_points_and_draws_the_tangent(w: float) -> None:
    control = nc_control(NonConvex1D(), "zh")
    live = extrema_figure(NonConvex1D(), control, "zh")
    curve, extrema = live.figure.data[:2]
    np.testing.assert_allclose(curve.y, nonconvex(np.asarray(curve.x)), rtol=1e-12, atol=1e-12)
    assert list(extrema.text) == ["极小值", "极大值", "最小值"]
    for x in extrema.x:
        assert abs(finite_slope(nonconvex, x)) < 1e-6
    # The global minimum is the lowest of them; the local minimum is higher.
    assert extrema.y[2] < extrema.y[0] < extrema.y[1]
    i = control.index(w)
    states = live.states()
    assert (states["current"]["x"][i, 0], states["current"]["y"][i, 0]) == pytest.approx((w, nonconvex(w)))
    slope = tangent_slope(states["tangent"]["x"][i], states["tangent"]["y"][i])
    assert slope == pytest.approx(finite_slope(nonconvex, w), abs=1e-6)


def test_at_each_extremum_the_words_name_it_and_elsewhere_say_which_way() -> None:
    curve = NonConvex1D()
    control = nc_control(curve, "zh")
    text = extrema_text(curve, control, "zh")
    for kind in ("local_min", "local_max", "global_min"):
        assert escape(tr(f"loss_curve.at_{kind}", "zh")) in text.at(control.index(getattr(curve, kind)))
    # Between the local maximum (w = 0) and the global minimum (w = 2) the slope is negative.
    assert escape(tr("loss_curve.dir_increase", "zh")) in text.at(control.index(1.0))


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


def test_on_a_phone_the_two_searches_stand_one_above_the_other() -> None:
    curve = NarrowValley1D()

    def f(w):
        return np.asarray(curve.value(np.asarray(w)[..., None]))

    grid, zoom = grid_search(f, *curve.x_range, 13), divide_and_conquer(f, *curve.x_range, num=5, rounds=4)
    wide = search_figure(f, curve.x_range, grid, zoom, curve.global_min, "en")
    phone = search_figure(f, curve.x_range, grid, zoom, curve.global_min, "en", stacked=True)
    assert [t.meta for t in phone.data] == [t.meta for t in wide.data]
    for ours, theirs in zip(phone.data, wide.data, strict=True):
        assert list(ours.x) == list(theirs.x) and list(ours.y) == list(theirs.y)
    # One column: the grid's curve (x, y) and rounds (x2, y2), then the zoom's (x3, y3) and (x4, y4).
    axes = {tuple(t.meta[:2]): (t.xaxis, t.yaxis) for t in phone.data if t.meta[1] in ("curve", "interval")}
    assert axes == {
        (1, "curve"): ("x", "y"),
        (1, "interval"): ("x2", "y2"),
        (2, "curve"): ("x3", "y3"),
        (2, "interval"): ("x4", "y4"),
    }
    layout = phone.layout
    assert layout.xaxis.domain == layout.xaxis4.domain == (0.0, 1.0)
    tops = [layout[f"yaxis{k}"].domain[1] for k in ("", 2, 3, 4)]
    assert tops == sorted(tops, reverse=True)
    assert list(layout.yaxis3.range) == list(wide.layout.yaxis2.range)  # the same loss window for both
    assert [layout[f"xaxis{k}"].title.text for k in ("", 2, 3, 4)] == [None, None, None, "w"]
    assert [a.text for a in layout.annotations if a.text][:2] == [a.text for a in wide.layout.annotations][:2]


@pytest.mark.parametrize("count, text", [(13, "13"), (169, "169"), (13**10, "≈ 1.4 × 10¹¹"), (40**10, "≈ 1.0 × 10¹⁶")])
def test_counts_stay_readable(count: int, text: str) -> None:
    assert count_text(count) == text


@pytest.mark.parametrize(
    "text", ["w^4 - 8w^2", "sin(3w) + w^2/10", "(w-3)^2", "abs(w - 1) + 0.1w^2", "w^3 - 3w", "exp(w) - 2w"]
)
def test_a_typed_curves_extrema_are_where_finite_differences_say(text: str) -> None:
    """Each extremum found is flat by a central difference of f itself (not the parsed derivative), a
    minimum has f above it on both sides and a maximum below, and the global one is the lowest point of
    the window on a fine grid."""
    curve = typed_curve(text)
    fn = curve.fn

    def f(w: float) -> float:
        return float(fn.value([w]))

    lo, hi = curve.x_range
    grid = np.linspace(lo, hi, 20001)
    lowest = float(np.min(fn.value(grid[:, None])))
    assert curve.extrema
    for at, kind in curve.extrema:
        h = 1e-4 * (hi - lo)
        if "abs" not in text:
            assert abs((f(at + h) - f(at - h)) / (2 * h)) < 1e-6 * max(1.0, abs(f(at)))
        around = min(f(at - h), f(at + h))
        if kind == "local_max":
            assert max(f(at - h), f(at + h)) < f(at)
        else:
            assert around > f(at)
        if kind == "global_min":
            assert f(at) <= lowest + 1e-9
