"""Descent paths drawn where they happen, shared by the update-rule and learning-rate lessons.

A path of one parameter walks on the loss curve, drawn at (w, MSE(w)); a path of two walks on the
contour map of MSE(w, b); the same runs appear as value-vs-step lines. Every window is fixed by the
caller from what the sliders can reach: a run that leaves it simply leaves the picture, with a note
saying at which step, instead of the axes rescaling to follow it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from gdviz.core._types import FloatArray
from gdviz.core.descend import Path
from gdviz.figures.race import PATH_TOLERANCE, contour_traces, path_name, simplify
from gdviz.figures.theme import (
    COLORS,
    padded_range,
)
from gdviz.i18n import tr

MOST_SHOWN = 100
"""Most steps of a run a lesson draws by default; a longer run is drawn at every k-th step (:func:`shown_steps`)."""


def shown_steps(steps: int, most: int = MOST_SHOWN) -> npt.NDArray[np.intp]:
    """The steps a lesson draws and its step slider stops at: every step up to ``most`` steps, else
    every k-th, k the smallest odd number that keeps them within ``most`` (odd, so a run that bounces
    from side to side at every step still does in the drawing), and the last step.

    >>> shown_steps(5).tolist()
    [0, 1, 2, 3, 4, 5]
    >>> shown_steps(500)[:4].tolist(), shown_steps(500).size
    ([0, 5, 10, 15], 101)
    >>> shown_steps(250)[-3:].tolist()
    [246, 249, 250]
    """
    stride = max(1, math.ceil(steps / most))
    stride += 1 - stride % 2
    shown = np.arange(0, steps + 1, stride)
    return shown if shown[-1] == steps else np.append(shown, steps)


@dataclass(frozen=True)
class Run:
    """One descent to draw.

    Attributes
    ----------
    path : Path
        What :func:`gdviz.descend` returned.
    label : str
        Its name on screen (panel title, legend), already translated.
    color : str
    """

    path: Path
    label: str
    color: str


@dataclass(frozen=True)
class Window:
    """The fixed region a path panel shows: x is w; y is the loss (one parameter) or b (two)."""

    x: list[float]
    y: list[float]


def curve_window(objective: Any, w_range: Sequence[float], *, pad: float = 0.25) -> Window:
    """Window for paths on MSE(w): ``w_range`` widened by ``pad`` of its span on each side, the
    minimum included, and the loss axis from the curve's lowest to highest value over that window."""
    minimizer = float(objective.minimizer()[0])
    lo, hi = padded_range(list(w_range), pad=pad, include=(minimizer,))
    curve = _curve(objective, np.linspace(lo, hi, 201))
    return Window(x=[lo, hi], y=padded_range(curve, pad=0.05))


def plane_window(objective: Any, w_range: Sequence[float], b_range: Sequence[float], *, pad: float = 0.1) -> Window:
    """Window for paths on the (w, b) contour: the start sliders' ranges and the minimum, padded."""
    best = objective.minimizer()
    return Window(
        x=padded_range(list(w_range), pad=pad, include=(float(best[0]),)),
        y=padded_range(list(b_range), pad=pad, include=(float(best[1]),)),
    )


def _curve(objective: Any, w: FloatArray) -> FloatArray:
    return np.asarray(objective.value(w[:, None]), dtype=np.float64)


def path_points(path: Path) -> tuple[FloatArray, FloatArray]:
    """The points a panel draws: (w, loss) for one parameter, (w, b) for two."""
    if path.theta.shape[1] == 1:
        return path.theta[:, 0], path.loss
    return path.theta[:, 0], path.theta[:, 1]


def left_window_at(x: FloatArray, y: FloatArray, window: Window) -> int | None:
    """First step whose point (``x``, ``y``: :func:`path_points`) is outside ``window`` (or gone, after
    divergence), else None."""
    with np.errstate(invalid="ignore"):
        inside = (x >= window.x[0]) & (x <= window.x[1]) & (y >= window.y[0]) & (y <= window.y[1])
    outside = np.flatnonzero(~inside)
    return int(outside[0]) if outside.size else None


def exit_note(diverged_at: int | None, x: FloatArray, y: FloatArray, window: Window, lang: str) -> str | None:
    """The note a panel shows of a run whose points are ``x``, ``y`` (:func:`path_points`): "diverged at
    step n" when it blew up, "leaves the chart at step n" when it only walked out of the window, None
    when it stays in view."""
    if diverged_at is not None:
        return tr("common.diverged_at", lang, n=diverged_at)
    left = left_window_at(x, y, window)
    return None if left is None else tr("paths.left_at", lang, n=left)


def _scale(window: Window) -> tuple[float, float]:
    return window.x[1] - window.x[0], window.y[1] - window.y[0]


def add_curve(fig: go.Figure, objective: Any, window: Window, lang: str, *, row: int, col: int) -> None:
    """MSE(w) over the window and its minimum, in one panel."""
    w = np.linspace(window.x[0], window.x[1], 241)
    # A parabola is nearly straight over most of its points: keep those a screen needs.
    curve = simplify(np.column_stack([w, _curve(objective, w)]), PATH_TOLERANCE / 2, _scale(window))
    fig.add_trace(
        go.Scatter(
            x=curve[:, 0],
            y=curve[:, 1],
            mode="lines",
            line=dict(color=COLORS["muted"], width=3),
            name=tr("common.mse", lang),
            showlegend=False,
            meta="curve",
            hovertemplate="w=%{x:.2f}<br>MSE=%{y:.3f}<extra></extra>",
        ),
        row=row,
        col=col,
    )
    fig.add_trace(_minimum_trace(objective, lang), row=row, col=col)


def _minimum_trace(objective: Any, lang: str) -> go.Scatter:
    """The minimum where a panel draws it: at (w*, MSE(w*)) on the curve of one parameter, at
    (w*, b*) on the contour map of two."""
    best = objective.minimizer()
    one = objective.dim == 1
    y, y_name = (float(objective.value(best)), tr("common.mse", lang)) if one else (float(best[1]), "b")
    name = tr("common.minimum", lang)
    return go.Scatter(
        x=[float(best[0])],
        y=[y],
        mode="markers",
        marker=dict(color=COLORS["minimum"], size=13, symbol="diamond", line=dict(color="white", width=1)),
        name=name,
        showlegend=False,
        meta="minimum",
        hovertemplate=f"{name}: w=%{{x:.3f}}, {y_name}=%{{y:.3f}}<extra></extra>",
    )


def add_contour(fig: go.Figure, objective: Any, window: Window, lang: str, *, row: int, col: int) -> None:
    """Contour lines of MSE(w, b) over the window (spaced evenly in log(MSE) so both the steep walls and
    the flat floor of a long valley show), and the minimum."""
    w = np.linspace(window.x[0], window.x[1], 90)
    b = np.linspace(window.y[0], window.y[1], 90)
    # Lines, not go.Contour: plotly.js drops a contour trace at the first frame played (race.contour_traces).
    for trace in contour_traces(w, b, objective.grid(w, b), value_name=tr("common.mse", lang)):
        trace.legendgroup = "contour"
        fig.add_trace(trace, row=row, col=col)
    fig.add_trace(_minimum_trace(objective, lang), row=row, col=col)


def add_background(fig: go.Figure, objective: Any, window: Window, lang: str, *, row: int, col: int) -> None:
    """The curve for a one-parameter objective, the contour map for a two-parameter one."""
    if objective.dim == 1:
        add_curve(fig, objective, window, lang, row=row, col=col)
    else:
        add_contour(fig, objective, window, lang, row=row, col=col)


def reference_trace(steps: int, value: float, name: str) -> go.Scatter:
    """A dashed horizontal line at ``value`` across steps 0..``steps``: the best w or the lowest loss
    that the runs are measured against."""
    return go.Scatter(
        x=[0, steps],
        y=[value, value],
        mode="lines",
        line=dict(color=COLORS["minimum"], width=2, dash="dash"),
        name=name,
        meta="reference",
        hoverinfo="name",
    )


def vs_step_trace(
    run: Run, y: npt.ArrayLike, lang: str, *, meta: str = "series", legend: bool = True, group: bool = False
) -> go.Scatter:
    """The run's ``y`` (one value per θ, step 0 first) against the step, as a line tagged ``meta``;
    with ``group``, in one legend group with the run's other lines (one click hides them all)."""
    y_arr = np.asarray(y, dtype=np.float64)
    name = path_name(run.label, run.path, lang)
    return go.Scatter(
        x=np.arange(y_arr.shape[0]),
        y=y_arr,
        mode="lines+markers" if y_arr.shape[0] <= 60 else "lines",
        line=dict(color=run.color, width=3),
        marker=dict(size=6),
        name=name,
        legendgroup=name if group else None,
        showlegend=None if legend else False,
        meta=meta,
        hovertemplate=f"{run.label}<br>{tr('common.step', lang)} %{{x}}: %{{y:.4g}}<extra></extra>",
    )


def set_log_y(fig: go.Figure, y_range: Sequence[float], **where: int) -> None:
    """A log y axis over ``y_range`` (data units) labelled at powers of ten only, so the labels stay
    readable from the back of the room."""
    fig.update_yaxes(
        type="log",
        range=[float(np.log10(y_range[0])), float(np.log10(y_range[1]))],
        dtick=1,
        **where,
    )


def log_range(low: float, high: float) -> list[float]:
    """A range for a log axis given in data units, with a little room: ``[low / 1.5, high · 1.5]``. A
    lowest loss of 0 (data exactly on a line) has no logarithm: the axis then reaches ten decades down.

    >>> [round(v, 3) for v in log_range(0.03, 30.0)], log_range(0.0, 10.0)
    ([0.02, 45.0], [1e-09, 15.0])
    """
    return [max(float(low), float(high) * 1.5e-10) / 1.5, float(high) * 1.5]
