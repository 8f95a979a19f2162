"""Lesson 2 figures: MSE(w) with its tangent, the MSE(w, b) bowl, extrema of a non-convex curve,
and where a derivative-free search spends its evaluations.

The curves and the top view of the bowl follow a live w (gdviz.figures.live): their tangent, arrow and
current point are computed at every w of the control. The bowl itself (:func:`bowl_figure`: filled
contour and 3-D surface) depends only on the dataset and the language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Protocol

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from gdviz.core._types import FloatArray, IntArray
from gdviz.core.datasets import Dataset
from gdviz.core.objectives import LinearMSE
from gdviz.core.search import SearchResult
from gdviz.expressions import Function, parse_function
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, control, moving
from gdviz.figures.race import contour_traces, typed_window
from gdviz.figures.theme import COLORS, fmt, padded_range, panel_row, point_marker, power_of_ten, style
from gdviz.i18n import tr

CURVE_POINTS = 201
BOWL_POINTS = 61  # per axis of the static contour and surface
TANGENT_HALF_WIDTH = 0.12  # of the w axis span, on each side of w
ARROW_LENGTH = 0.14  # of the w axis span: the arrow from the current point the way descent moves w
BOWL_COLORSCALE = "Viridis"


class Curve1D(Protocol):
    """A 1-D curve of the lesson: NonConvex1D, NarrowValley1D or a typed f(w) (:class:`TypedCurve`)."""

    x_range: tuple[float, float]

    @property
    def extrema(self) -> tuple[tuple[float, str], ...]: ...

    def value(self, theta: FloatArray) -> float | FloatArray: ...

    def grad(self, theta: FloatArray) -> FloatArray: ...


@dataclass(frozen=True)
class TypedCurve:
    """A function of w a student typed, on a window chosen from it, with its extrema found numerically:
    where its exact derivative changes sign on a fine grid, refined by bisection. A minimum lower than
    every other point of the window (its ends included) is the global one.

    >>> c = typed_curve("w^4/4 - w^3/3 - w^2 + 2")
    >>> c.x_range, [(round(w, 6), kind) for w, kind in c.extrema]
    ((-4.0, 4.0), [(-1.0, 'local_min'), (0.0, 'local_max'), (2.0, 'global_min')])
    """

    fn: Function
    x_range: tuple[float, float]
    extrema: tuple[tuple[float, str], ...]

    def value(self, theta: FloatArray) -> float | FloatArray:
        return self.fn.value(theta)

    def grad(self, theta: FloatArray) -> FloatArray:
        return self.fn.grad(theta)


MAX_EXTREMA = 12
"""The most flat points a typed curve labels (sin(20w) has dozens): those nearest the middle."""


def typed_curve(text: str) -> TypedCurve:
    """The curve of the typed ``text`` in w; a formula that cannot be used raises its ExpressionError."""
    fn = parse_function(text, ("w",))
    r = typed_window(fn, room=1.5)  # a curve's features shrink fast as its window grows
    # A grid nudged by an irrational fraction of a step: a flat point falls between two grid points (where
    # the slope changes sign), not on one (where it is 0 and no change would be seen).
    w = np.linspace(-r, r, 4001) + r * 1e-4 * np.sqrt(2)
    slope = _slopes(fn, w)
    lo, hi = w[:-1], w[1:]
    change = np.sign(slope[:-1]) * np.sign(slope[1:]) < 0
    lo, hi, rising = lo[change], hi[change], slope[1:][change] > 0
    for _ in range(50):  # bisection on the exact derivative: to 2⁻⁵⁰ of a grid step
        mid = (lo + hi) / 2
        left = np.sign(_slopes(fn, mid)) == np.sign(_slopes(fn, lo))
        lo, hi = np.where(left, mid, lo), np.where(left, hi, mid)
    at = np.round((lo + hi) / 2, 12) + 0.0
    values = np.asarray(fn.value(at[:, None]), dtype=np.float64)
    defined = np.isfinite(values)  # 1/w's slope changes sign at 0, where f is not a number
    order = np.argsort(np.abs(at[defined]), kind="stable")[:MAX_EXTREMA]
    at, rising, values = at[defined][order], rising[defined][order], values[defined][order]
    edges = np.asarray(fn.value(np.array([[-r], [r]])), dtype=np.float64)
    kinds = np.where(rising, "local_min", "local_max").astype(object)
    if rising.any():
        low = float(np.min(values[rising]))
        if low < np.nanmin(edges, initial=np.inf):  # equal minima (w⁴ − 8w²) are all the global one
            kinds[rising & (values <= low + 1e-9 * max(1.0, abs(low)))] = "global_min"
    ordered = np.argsort(at)
    return TypedCurve(fn, (-r, r), tuple((float(at[i]), str(kinds[i])) for i in ordered))


def _slopes(fn: Function, w: FloatArray) -> FloatArray:
    with np.errstate(all="ignore"):
        return np.asarray(fn.grad(np.asarray(w, dtype=np.float64)[:, None]), dtype=np.float64)[:, 0]


def in_global_valley(curve: Curve1D, w: float) -> bool:
    """Whether w lies on the global minimum's side of the local maximum between the two valleys,
    so that descent from w would roll into the global minimum rather than the local one."""
    return (w - curve.local_max) * (curve.global_min - curve.local_max) > 0.0


def count_text(count: int) -> str:
    """A count of evaluations as it fits on a metric: grouped digits below 10¹⁰, then
    ``≈ 1.4 × 10¹¹``."""
    if count < 10**10:
        return f"{count:,}"
    exponent = len(str(count)) - 1
    mantissa = count / 10**exponent
    return "≈ " + power_of_ten(f"{mantissa:.1f}", exponent, times=" × ")


def objective(ds: Dataset) -> LinearMSE:
    """MSE(w, b) of a one-feature dataset; a no-intercept lesson reads it along b = 0."""
    return ds.mse(intercept=True)


def reachable_b(ds: Dataset) -> FloatArray:
    """The values of b the lesson's slider can reach (only 0 for a line through the origin)."""
    return np.linspace(*ds.b_range, 41) if ds.intercept else np.zeros(1)


def curve_ranges(ds: Dataset) -> tuple[list[float], list[float]]:
    """Fixed axes for MSE(w): the w range, and a loss range that holds the whole curve at the
    best b and the bottom of the curve for every b the slider reaches (with room above it).

    Taking the top from every reachable b would squash the curve near the best fit into a flat
    line on data whose b range is wide; the far ends of far-off curves are clipped instead.
    """
    obj = objective(ds)
    w = np.linspace(*ds.w_range, CURVE_POINTS)
    b_values = reachable_b(ds)
    b_best = float(np.clip(obj.minimizer()[1], *ds.b_range)) if ds.intercept else 0.0
    at_best = obj.curve_w(w, b=b_best)
    bottoms = obj.grid(w, b_values).min(axis=1)
    top = max(float(at_best.max()), 2.0 * float(bottoms.max()))
    # Room below 0 so the lowest point is not cut by the axis, and above for the slope's label.
    return padded_range(w, pad=0.02), [-0.06 * top, 1.22 * top]


def descent_directions(slope_at: Callable[[FloatArray], FloatArray], w: FloatArray, step: float) -> IntArray:
    """Which way gradient descent moves each w: −1 (decrease), +1 (increase), or 0 when the slope
    changes sign within half a control ``step`` of w, so the flat point is where w already is.

    Tying "≈ 0" to the control's step makes the verdict "at the bottom" appear at the grid value
    nearest the minimum whatever the curve's steepness, instead of at a fixed slope threshold.

    >>> descent_directions(lambda w: 2 * (w - 1.0), np.array([0.5, 0.996, 1.0, 1.5]), 0.01).tolist()
    [1, 0, 0, -1]
    """
    left, here, right = slope_at(w - step / 2.0), slope_at(w), slope_at(w + step / 2.0)
    flat = (here == 0.0) | (np.sign(left) != np.sign(right))
    return np.where(flat, 0, -np.sign(here)).astype(np.intp)


DIRECTION_KEYS = {1: "loss_curve.dir_increase", -1: "loss_curve.dir_decrease", 0: "loss_curve.dir_bottom"}
"""The sentence for each :func:`descent_directions` verdict on a bowl-shaped curve."""


def _moving_point(w: Control, values: FloatArray, slopes: FloatArray, directions: IntArray, span: float) -> dict:
    """The rows of the tangent at w, the arrow saying which way descent moves w (none where the slope
    is flat), and the current point, for every w of the control."""
    half = TANGENT_HALF_WIDTH * span
    ends = np.array([-half, half])
    arrow_x = np.stack([w.values, w.values + directions * ARROW_LENGTH * span], axis=1)
    arrow_x[directions == 0] = np.nan
    return {
        "tangent": {"x": w.values[:, None] + ends, "y": values[:, None] + slopes[:, None] * ends},
        "arrow": {"x": arrow_x, "y": np.repeat(values[:, None], 2, axis=1)},
        "current": {"x": w.values[:, None], "y": values[:, None]},
    }


def _point_traces(w: Control, states: dict, lang: str) -> list[go.Scatter]:
    """The tangent, the descent arrow and the current point, drawn at the control's opening value."""
    at = w.default
    return [
        moving(
            "tangent",
            states["tangent"],
            at,
            mode="lines",
            line=dict(color=COLORS["tangent"], width=4),
            name=tr("loss_curve.tangent", lang),
            hoverinfo="skip",
        ),
        moving(
            "arrow",
            states["arrow"],
            at,
            mode="lines+markers",
            line=dict(color=COLORS["marker"], width=3.5),
            # No marker at the tail; an arrowhead at the tip, pointing along the line.
            marker=dict(symbol=["circle", "arrow"], size=[0, 17], angleref="previous", color=COLORS["marker"]),
            name=tr("loss_curve.descent_arrow", lang),
            hoverinfo="skip",
        ),
        moving(
            "current",
            states["current"],
            at,
            mode="markers",
            marker=point_marker(COLORS["marker"]),
            name=tr("loss_curve.current_w", lang),
            hovertemplate="w=%{x:.2f}<br>L=%{y:.3f}<extra></extra>",
        ),
    ]


def curve_figure(ds: Dataset, w: Control, b: float, lang: str) -> LiveFigure:
    """MSE(w) with b held at ``b``: the curve, its lowest point and, at every w of ``w``, the tangent
    with slope k = dL/dw, an arrow saying which way descent moves w, and the current point.

    Moving traces (by meta): ``tangent``, ``arrow`` and ``current``. Axes from :func:`curve_ranges`.
    """
    obj = objective(ds)
    x_range, y_range = curve_ranges(ds)
    w_grid = np.linspace(*ds.w_range, CURVE_POINTS)
    values = obj.curve_w(w.values, b=b)
    slopes = obj.slope_w(w.values, b=b)
    directions = descent_directions(lambda v: obj.slope_w(v, b=b), w.values, w.values[1] - w.values[0])
    states = _moving_point(w, values, slopes, directions, ds.w_range[1] - ds.w_range[0])
    best = obj.best_w(b=b)
    fig = go.Figure(
        [
            go.Scatter(
                x=w_grid,
                y=obj.curve_w(w_grid, b=b),
                mode="lines",
                line=dict(color=COLORS["loss"], width=3),
                name=tr("loss_curve.curve_name", lang, b=fmt(b)),
                hovertemplate="w=%{x:.2f}<br>MSE=%{y:.3f}<extra></extra>",
            ),
            go.Scatter(
                x=[best],
                y=[float(obj.curve_w(best, b=b))],
                mode="markers",
                marker=dict(color=COLORS["minimum"], size=14, symbol="diamond"),
                name=tr("loss_curve.lowest", lang, w=fmt(best)),
                hovertemplate="w=%{x:.3f}<br>MSE=%{y:.3f}<extra></extra>",
            ),
            *_point_traces(w, states, lang),
        ]
    )
    fig.update_xaxes(title_text="w", range=x_range)
    fig.update_yaxes(title_text=tr("common.mse", lang), range=y_range)
    return LiveFigure(style(fig, height=460), (Moves(w, states),))


def _verdict(slots: TextSlots, good: list[str], move: list[str]) -> str:
    """A verdict line: a green sentence where the point is where it should be, an orange one saying
    which way to go elsewhere (one of the two is empty at each value)."""
    return (
        f'<p class="gdviz-verdict"><span class="gdviz-verdict-good">{slots.add(good)}</span>'
        f'<span class="gdviz-verdict-move">{slots.add(move)}</span></p>'
    )


def _readout(label: str, value: str) -> str:
    return (
        f'<div class="gdviz-readout"><span class="gdviz-readout-label">{escape(label)}</span>'
        f'<span class="gdviz-readout-value">{value}</span></div>'
    )


def slope_text(ds: Dataset, w: Control, b: float, lang: str) -> LiveText:
    """Beside the curve, at every w: the slope k = dL/dw, the MSE, and which way descent moves w."""
    obj = objective(ds)
    slopes = obj.slope_w(w.values, b=b)
    directions = descent_directions(lambda v: obj.slope_w(v, b=b), w.values, w.values[1] - w.values[0])
    slots = TextSlots(w)
    sentences = [tr(DIRECTION_KEYS[int(d)], lang) for d in directions]
    template = (
        _readout(tr("loss_curve.metric_slope", lang), slots.add([fmt(k) for k in slopes]))
        + _readout(tr("loss_curve.metric_mse", lang), slots.add([fmt(v, 3) for v in obj.curve_w(w.values, b=b)]))
        + _verdict(
            slots,
            [t if d == 0 else "" for t, d in zip(sentences, directions, strict=True)],
            [t if d != 0 else "" for t, d in zip(sentences, directions, strict=True)],
        )
    )
    return slots.text(template)


def slope_formula(ds: Dataset, w: Control, b: float, lang: str) -> LiveText:
    """k = dL/dw = 2/n Σ xᵢ(w·xᵢ + b − yᵢ), then the same with n, w (and b) plugged in and its value."""
    slopes = objective(ds).slope_w(w.values, b=b)
    slots = TextSlots(w)
    inner = f"{slots.add(w.texts)}·x<sub>i</sub>" + (f" + ({escape(fmt(b))})" if ds.intercept else "")
    template = (
        '<p class="gdviz-formula">k = dL/dw = <sup>2</sup>⁄<sub>n</sub> Σ<sub>i=1</sub><sup>n</sup> '
        "x<sub>i</sub> (w·x<sub>i</sub> + b − y<sub>i</sub>)<br>"
        f"= <sup>2</sup>⁄<sub>{ds.total}</sub> Σ<sub>i=1</sub><sup>{ds.total}</sup> "
        f"x<sub>i</sub> ({inner} − y<sub>i</sub>)"
        f" = {slots.add([fmt(k) for k in slopes])}</p>"
    )
    return slots.text(template)


# ---------------------------------------------------------------------------------------------
# The bowl: a static heavy figure and a light one with the marker.


def bowl_grid(ds: Dataset, points: int = BOWL_POINTS) -> tuple[FloatArray, FloatArray, FloatArray]:
    """w values, b values and MSE(w, b) on the lesson's window, z of shape (len(b), len(w))."""
    w = np.linspace(*ds.w_range, points)
    b = np.linspace(*ds.b_range, points)
    return w, b, objective(ds).grid(w, b)


def _contour_levels(z: FloatArray) -> dict:
    # Uniform levels up to the 90th percentile: the rim of the window, where the MSE explodes, gets
    # the top colour instead of spending every level, and the rings near the bottom stay visible.
    lo, hi = float(z.min()), float(np.quantile(z, 0.9))
    return dict(start=lo, end=hi, size=(hi - lo) / 16.0)


def _bowl_colorscale() -> list[list]:
    # Viridis stretched like √MSE: the squared error rises slowly near the bottom and steeply at the
    # rim, so equal colour steps in √MSE keep the bottom of the bowl from being one flat colour.
    stops = np.linspace(0.0, 1.0, 11)
    return [[float(t**2), color] for t, color in zip(stops, sample_colorscale(BOWL_COLORSCALE, stops), strict=True)]


BOWL_HEIGHT = 560
"""The contour beside the 3-D bowl."""

BOWL_STACKED_HEIGHT = 900
"""The contour above the 3-D bowl (a phone)."""


def bowl_figure(ds: Dataset, lang: str, *, stacked: bool = False) -> go.Figure:
    """MSE(w, b) as a filled contour (left, or above when ``stacked``: a phone) and a 3-D surface (right,
    or below), with the best (w, b) marked.

    Depends only on the dataset and the language, so it is identical for every slider value and a
    page can build it once. Trace 0 is the contour, trace 2 the surface.
    """
    obj = objective(ds)
    w, b, z = bowl_grid(ds)
    best_w, best_b = obj.minimizer()
    levels = _contour_levels(z)
    titles = (tr("loss_curve.bowl_contour", lang, w=fmt(best_w), b=fmt(best_b)), tr("loss_curve.bowl_surface", lang))
    height = BOWL_STACKED_HEIGHT if stacked else BOWL_HEIGHT
    specs = [{"type": "xy"}, {"type": "scene"}]
    fig, (contour_at, surface_at) = panel_row(
        2, stacked=stacked, height=height, titles=titles, specs=specs, spacing=0.06
    )
    fig.add_trace(
        go.Contour(
            x=w,
            y=b,
            z=z,
            colorscale=_bowl_colorscale(),
            contours=dict(**levels, showlabels=True, labelfont=dict(size=12, color="white")),
            line=dict(width=0.8, color="rgba(255,255,255,0.6)"),
            zmin=levels["start"],
            zmax=levels["end"],
            showscale=False,
            name=tr("common.mse", lang),
            hovertemplate="w=%{x:.2f}<br>b=%{y:.2f}<br>MSE=%{z:.3f}<extra></extra>",
        ),
        **contour_at,
    )
    best_name = tr("loss_curve.bowl_best", lang, w=fmt(best_w), b=fmt(best_b))
    fig.add_trace(
        go.Scatter(
            x=[best_w],
            y=[best_b],
            mode="markers",
            marker=dict(color="white", size=16, symbol="star", line=dict(color=COLORS["data"], width=1.5)),
            name=best_name,
            hovertemplate="w=%{x:.3f}<br>b=%{y:.3f}<extra></extra>",
        ),
        **contour_at,
    )
    fig.add_trace(
        go.Surface(
            x=w,
            y=b,
            z=z,
            colorscale=_bowl_colorscale(),
            cmin=levels["start"],
            cmax=levels["end"],
            showscale=False,
            name=tr("common.mse", lang),
            hovertemplate="w=%{x:.2f}<br>b=%{y:.2f}<br>MSE=%{z:.3f}<extra></extra>",
        ),
        **surface_at,
    )
    fig.add_trace(
        go.Scatter3d(
            x=[best_w],
            y=[best_b],
            z=[float(obj.value([best_w, best_b]))],
            mode="markers",
            marker=dict(color=COLORS["minimum"], size=7, symbol="diamond"),
            name=best_name,
            showlegend=False,
            hoverinfo="skip",
        ),
        **surface_at,
    )
    fig.update_xaxes(title_text="w", range=[w[0], w[-1]], **contour_at)
    fig.update_yaxes(title_text="b", range=[b[0], b[-1]], **contour_at)
    axis = dict(nticks=5, tickfont=dict(size=12), title_font=dict(size=16))
    fig.update_scenes(
        xaxis=dict(axis, title_text="w"),
        yaxis=dict(axis, title_text="b"),
        zaxis=dict(axis, title_text="MSE"),
        # The whole box in view, and room on its left for the MSE axis: WebGL clips at the scene's
        # edge, which cut its tick labels ("40" read "0") and its title off.
        camera=dict(eye=dict(x=1.6, y=-1.6, z=1.0), center=dict(x=0, y=0, z=-0.08)),
        aspectmode="manual",
        aspectratio=dict(x=1.0, y=1.0, z=0.75),
    )
    if stacked:  # the whole width to itself: the camera comes closer, the bowl fills it
        fig.update_scenes(camera=dict(eye=dict(x=2.0, y=-2.0, z=1.2), center=dict(x=-0.12, y=-0.12, z=-0.1)))
    else:  # beside the contour, a little wider than its half
        fig.update_scenes(domain=dict(x=[0.49, 1.0], y=[0.0, 0.92]))
    fig.update_annotations(yshift=10)  # subplot titles clear of the plots
    # The subplot titles say what each panel is; a legend would sit on top of them.
    style(fig, height=height, legend=False)
    fig.update_layout(margin=dict(l=60, r=10, t=60, b=55))
    return fig


def position_figure(ds: Dataset, w: Control, b: float, lang: str) -> LiveFigure:
    """The bowl seen from above: its contour lines, the slice b = current b that :func:`curve_figure`
    draws, its lowest point, the bowl's lowest point and the current (w, b) at every w of ``w`` (moving
    trace ``current``). Same axes as the contour of :func:`bowl_figure`.

    The contour is scatter lines (race.contour_traces), not a ``go.Contour``: plotly.js drops a contour
    trace from the plot when ``Plotly.animate`` moves the others."""
    obj = objective(ds)
    w_grid, b_grid, z = bowl_grid(ds)
    best_w, best_b = obj.minimizer()
    slice_best = obj.best_w(b=b)
    states = {"current": {"x": w.values[:, None], "y": np.full((w.size, 1), b)}}
    fig = go.Figure(
        [
            *contour_traces(w_grid, b_grid, z, value_name=tr("common.mse", lang)),
            go.Scatter(
                x=list(ds.w_range),
                y=[b, b],
                mode="lines",
                line=dict(color=COLORS["loss"], width=3, dash="dash"),
                name=tr("loss_curve.slice", lang, b=fmt(b)),
                hoverinfo="skip",
            ),
            go.Scatter(
                x=[slice_best],
                y=[b],
                mode="markers",
                marker=dict(color=COLORS["minimum"], size=13, symbol="diamond"),
                name=tr("loss_curve.lowest", lang, w=fmt(slice_best)),
                hovertemplate="w=%{x:.3f}<br>b=%{y:.2f}<extra></extra>",
            ),
            go.Scatter(
                x=[best_w],
                y=[best_b],
                mode="markers",
                marker=dict(color=COLORS["data"], size=16, symbol="star"),
                name=tr("loss_curve.bowl_best", lang, w=fmt(best_w), b=fmt(best_b)),
                hovertemplate="w=%{x:.3f}<br>b=%{y:.3f}<extra></extra>",
            ),
            moving(
                "current",
                states["current"],
                w.default,
                mode="markers",
                marker=point_marker(COLORS["marker"], 17),
                name=tr("loss_curve.you_are_here", lang),
                hovertemplate="w=%{x:.2f}<br>b=%{y:.2f}<extra></extra>",
            ),
        ]
    )
    # Padded so the marker stays whole at the ends of the control's ranges.
    fig.update_xaxes(title_text="w", range=padded_range(w_grid, pad=0.03))
    fig.update_yaxes(title_text="b", range=padded_range(b_grid, pad=0.03))
    return LiveFigure(style(fig, height=460), (Moves(w, states),))


def bowl_text(ds: Dataset, w: Control, b: float, lang: str) -> LiveText:
    """MSE(w, b) at the current point of :func:`position_figure`, at every w."""
    slots = TextSlots(w)
    values = objective(ds).curve_w(w.values, b=b)
    return slots.text(_readout(tr("loss_curve.metric_bowl_mse", lang), slots.add([fmt(v, 3) for v in values])))


# ---------------------------------------------------------------------------------------------
# A non-convex curve: 极小值 / 极大值 versus 最小值.


def _curve_value(curve: Curve1D, w: FloatArray | float) -> FloatArray:
    return np.asarray(curve.value(np.asarray(w, dtype=np.float64)[..., None]))


def nc_control(curve: Curve1D, lang: str) -> Control:
    """The live w of the non-convex curve: its whole x range by 0.01 (a typed curve's wider window by a
    two-hundredth of it), opening at 1."""
    lo, hi = curve.x_range
    step = 0.01 if hi - lo <= 5 else (hi - lo) / 200
    return control("nc_w", tr("loss_curve.nc_w", lang), lo, hi, step, 1.0)


def _curve_slopes(curve: Curve1D, w: FloatArray) -> FloatArray:
    return np.asarray(curve.grad(np.asarray(w, dtype=np.float64)[..., None]))[..., 0]


EXTREMA = ("local_min", "local_max", "global_min")


def extrema_kinds(curve: Curve1D, w: FloatArray, step: float) -> list[str | None]:
    """For each w: ``"local_min"``, ``"local_max"`` or ``"global_min"`` when it is within half a
    control step of that extremum, else None."""
    return [next((kind for at, kind in curve.extrema if abs(v - at) <= step / 2.0), None) for v in w]


def extrema_figure(curve: Curve1D, w: Control, lang: str) -> LiveFigure:
    """A non-convex curve with its local minimum (极小值), local maximum (极大值) and global
    minimum (最小值) labelled, and at every w of ``w`` the tangent with its slope (flat at all three),
    the descent arrow and the current point (moving traces ``tangent``, ``arrow``, ``current``)."""
    lo, hi = curve.x_range
    w_grid = np.linspace(lo, hi, CURVE_POINTS)
    values = _curve_value(curve, w_grid)
    low, high = padded_range(values, pad=0.12)
    extrema = [at for at, _ in curve.extrema]
    kinds = [kind for _, kind in curve.extrema]
    labels = [tr(f"loss_curve.{kind}", lang) for kind in kinds]
    slopes = _curve_slopes(curve, w.values)
    directions = descent_directions(lambda v: _curve_slopes(curve, v), w.values, w.values[1] - w.values[0])
    states = _moving_point(w, _curve_value(curve, w.values), slopes, directions, hi - lo)
    colors = [COLORS["error_pos"] if kind == "local_max" else COLORS["minimum"] for kind in kinds]
    fig = go.Figure(
        [
            go.Scatter(
                x=w_grid,
                y=values,
                mode="lines",
                line=dict(color=COLORS["loss"], width=3),
                name=f"f(w) = {curve.fn.text}" if isinstance(curve, TypedCurve) else tr("loss_curve.nc_curve", lang),
                hovertemplate="w=%{x:.2f}<br>f=%{y:.3f}<extra></extra>",
            ),
            go.Scatter(
                x=extrema,
                y=_curve_value(curve, extrema),
                mode="markers+text",
                marker=dict(
                    color=colors,
                    size=14,
                    symbol=["diamond" if kind == "global_min" else "diamond-open" for kind in kinds],
                    line=dict(width=3),
                ),
                text=labels,
                textposition=["top center" if kind == "local_max" else "bottom center" for kind in kinds],
                textfont=dict(size=17, color=colors),
                name=tr("loss_curve.extrema", lang),
                hovertemplate="w=%{x:.2f}<br>f=%{y:.3f}<extra></extra>",
            ),
            *_point_traces(w, states, lang),
        ]
    )
    fig.update_xaxes(title_text="w", range=padded_range(w_grid, pad=0.02))
    fig.update_yaxes(title_text="f(w)", range=[low, high + 0.08 * (high - low)])
    return LiveFigure(style(fig, height=460), (Moves(w, states),))


def extrema_text(curve: Curve1D, w: Control, lang: str) -> LiveText:
    """Beside the non-convex curve, at every w: the slope, and either the extremum w is at or which
    way descent moves it."""
    step = w.values[1] - w.values[0]
    slopes = _curve_slopes(curve, w.values)
    directions = descent_directions(lambda v: _curve_slopes(curve, v), w.values, step)
    kinds = extrema_kinds(curve, w.values, step)
    slots = TextSlots(w)
    moves = [
        "" if kind else tr("loss_curve.dir_flat" if d == 0 else DIRECTION_KEYS[int(d)], lang)
        for kind, d in zip(kinds, directions, strict=True)
    ]
    template = _readout(tr("loss_curve.metric_slope", lang), slots.add([fmt(k) for k in slopes])) + _verdict(
        slots, [tr(f"loss_curve.at_{kind}", lang) if kind else "" for kind in kinds], moves
    )
    return slots.text(template)


# ---------------------------------------------------------------------------------------------
# Search without derivatives.


def round_colors(rounds: int) -> list[str]:
    """One colour per round, light to dark, so later (zoomed-in) rounds stand out."""
    if rounds == 1:
        return [COLORS["marker"]]
    return sample_colorscale("Plasma", [0.85 * r / (rounds - 1) for r in range(rounds)][::-1])


SEARCH_HEIGHT = 600
"""The two searches side by side."""

SEARCH_STACKED_HEIGHT = 1100
"""The two searches one above the other (a phone)."""


def search_figure(
    loss: Callable[[FloatArray], FloatArray],
    window: tuple[float, float],
    grid: SearchResult,
    zoom: SearchResult,
    true_min: float,
    lang: str,
    *,
    y_range: list[float] | None = None,
    stacked: bool = False,
) -> go.Figure:
    """Where a brute-force grid (left, or above when ``stacked``: a phone) and a divide-and-conquer
    search (right, or below) evaluate the loss.

    For each search, on top: the curve, the evaluated points coloured by round, and the w each search
    lands on; under it: one line per round spanning the interval it searched, so the zooming shows.
    ``loss`` is vectorised over an array of w; ``window`` is the interval both searched;
    ``y_range`` fixes the loss axis (default: the curve over the window).

    Each trace carries ``meta = (column, part, round)``: column 1 grid, 2 divide and conquer;
    part ``"curve"``, ``"points"``, ``"landing"`` or ``"interval"``; round from 1 (0 when none).
    """
    w_grid = np.linspace(*window, CURVE_POINTS)
    values = np.asarray(loss(w_grid), dtype=np.float64)
    y_range = y_range or padded_range(values, pad=0.08)
    rounds = int(zoom.rounds.max()) + 1
    per_round = zoom.evaluations // rounds
    titles = (
        tr("loss_curve.grid_title", lang, n=grid.evaluations),
        tr("loss_curve.zoom_title", lang, k=per_round, r=rounds, n=zoom.evaluations),
    )
    height = SEARCH_STACKED_HEIGHT if stacked else SEARCH_HEIGHT
    if stacked:  # the grid's curve and rounds, then the zoom's, in one column
        fig = make_subplots(
            rows=4,
            cols=1,
            shared_xaxes=True,
            row_heights=[0.37, 0.13, 0.37, 0.13],
            vertical_spacing=60 / height,
            subplot_titles=(titles[0], "", titles[1], ""),
        )
    else:
        fig = make_subplots(
            rows=2,
            cols=2,
            shared_xaxes=True,
            shared_yaxes=True,
            row_heights=[0.74, 0.26],
            vertical_spacing=0.05,
            horizontal_spacing=0.04,
            subplot_titles=titles,
        )

    def at(row: int, col: int) -> dict[str, int]:
        """Where the part ``row`` (1 curve, 2 rounds) of search ``col`` (1 grid, 2 zoom) stands."""
        return dict(row=2 * (col - 1) + row, col=1) if stacked else dict(row=row, col=col)

    colors = round_colors(rounds)
    for col, result in ((1, grid), (2, zoom)):
        fig.add_trace(
            go.Scatter(
                x=w_grid,
                y=values,
                mode="lines",
                line=dict(color=COLORS["muted"], width=2.5),
                name=tr("loss_curve.search_curve", lang),
                showlegend=col == 1,
                hoverinfo="skip",
                meta=[col, "curve", 0],
            ),
            **at(1, col),
        )
        for r in range(int(result.rounds.max()) + 1):
            mask = result.rounds == r
            color = colors[r] if col == 2 else COLORS["loss"]
            name = tr("loss_curve.round_n", lang, n=r + 1) if col == 2 else tr("loss_curve.grid_points", lang)
            fig.add_trace(
                go.Scatter(
                    x=result.points[mask],
                    y=result.losses[mask],
                    mode="markers",
                    marker=dict(color=color, size=11, line=dict(width=1, color="white")),
                    name=name,
                    legendgroup=name,
                    hovertemplate="w=%{x:.3f}<br>L=%{y:.3f}<extra></extra>",
                    meta=[col, "points", r + 1],
                ),
                **at(1, col),
            )
            points = result.points[mask]
            fig.add_trace(
                go.Scatter(
                    x=points,
                    y=np.full(points.shape, r + 1.0),
                    mode="lines+markers",
                    line=dict(color=color, width=3),
                    marker=dict(color=color, size=8),
                    name=name,
                    legendgroup=name,
                    showlegend=False,
                    hovertemplate="w=%{x:.3f}<extra></extra>",
                    meta=[col, "interval", r + 1],
                ),
                **at(2, col),
            )
        fig.add_trace(
            go.Scatter(
                x=[result.best],
                y=[result.best_loss],
                mode="markers+text",
                marker=dict(color=COLORS["marker"], size=22, symbol="star", line=dict(color="white", width=1)),
                text=[tr("loss_curve.lands_at", lang, w=fmt(result.best, 3))],
                textposition="top center",
                textfont=dict(size=17, color=COLORS["marker"]),
                name=tr("loss_curve.landing", lang),
                showlegend=col == 1,
                hovertemplate="w=%{x:.3f}<br>L=%{y:.3f}<extra></extra>",
                meta=[col, "landing", 0],
            ),
            **at(1, col),
        )
        for row in (1, 2):
            fig.add_vline(x=true_min, line=dict(color=COLORS["minimum"], width=2, dash="dot"), **at(row, col))
        fig.update_xaxes(range=padded_range(w_grid, pad=0.02), **at(1, col))
        # Stacked, the axes share their ticks at the bottom: w is named there only.
        w_title = "w" if col == 2 or not stacked else None
        fig.update_xaxes(title_text=w_title, range=padded_range(w_grid, pad=0.02), **at(2, col))
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=dict(color=COLORS["minimum"], width=2, dash="dot"),
            name=tr("loss_curve.true_min", lang, w=fmt(true_min, 3)),
            meta=[0, "true_min", 0],
        )
    )
    # Round 1 on top, as the search proceeds downwards; the ticks name the rounds.
    ladder = dict(range=[rounds + 0.6, 0.4], tickvals=list(range(1, rounds + 1)), showgrid=False)
    for col in (1, 2):
        named = col == 1 or stacked  # the y axes are named at the start of each row
        fig.update_yaxes(range=y_range, title_text=tr("loss_curve.search_loss", lang) if named else None, **at(1, col))
        fig.update_yaxes(**ladder, title_text=tr("loss_curve.round_axis", lang) if named else None, **at(2, col))
    style(fig, height=height)
    # The legend above the first title: its rows wrap on a phone's narrow figure, so the top margin grows.
    fig.update_layout(margin=dict(t=230 if stacked else 120), legend=dict(y=1.04 if stacked else 1.12))
    return fig
