"""Descent paths drawn where they happen, shared by the update-rule and learning-rate lessons.

A path of one parameter walks on the loss curve, drawn at (w, MSE(w)); a path of two walks on the
contour map of MSE(w, b). Several runs sit side by side as small multiples with one Play / Pause /
scrub for all of them, and the same runs appear as value-vs-step lines. Every window is fixed by the
caller from what the sliders can reach: a run that leaves it simply leaves the picture, with a note
saying at which step, instead of the axes rescaling to follow it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from gdviz.core._types import FloatArray
from gdviz.core.descend import Path
from gdviz.figures.race import PATH_TOLERANCE, contour_traces, path_name, simplify
from gdviz.figures.theme import (
    COLORS,
    add_animation,
    controls_below_axis_title,
    frame_slice,
    frame_steps,
    move_traces,
    padded_range,
    scatter,
    set_frames,
    style,
    traces_by_meta,
)
from gdviz.i18n import tr

TRAIL = 12
"""Most past steps a moving trail shows, so a long run's frames stay small (the whole path is drawn
faintly underneath anyway)."""

TRAIL_SIZE, CURRENT_SIZE = 7, 17
"""Marker sizes of the trail's points and of the point where the run is now."""


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


def left_window_at(path: Path, window: Window) -> int | None:
    """First step whose point is outside ``window`` (or gone, after divergence), else None."""
    x, y = path_points(path)
    with np.errstate(invalid="ignore"):
        inside = (x >= window.x[0]) & (x <= window.x[1]) & (y >= window.y[0]) & (y <= window.y[1])
    outside = np.flatnonzero(~inside)
    return int(outside[0]) if outside.size else None


def exit_note(path: Path, window: Window, lang: str) -> str | None:
    """The note a panel shows: "diverged at step n" when the run blew up, "leaves the chart at step n"
    when it only walked out of the window, None when it stays in view."""
    if path.diverged_at is not None:
        return tr("common.diverged_at", lang, n=path.diverged_at)
    left = left_window_at(path, window)
    return None if left is None else tr("paths.left_at", lang, n=left)


def _last_finite(values: FloatArray, upto: int) -> int:
    finite = np.flatnonzero(np.isfinite(values[: upto + 1]))
    return int(finite[-1]) if finite.size else 0


def _trail_span(run: Run, upto: int) -> tuple[int, list[int]]:
    """The trail ending at step ``upto``: its first step, and its marker sizes, which make the current
    (last finite) point large, so one trace per run carries both the trail and where the run is now."""
    first = max(0, upto - TRAIL)
    here = _last_finite(path_points(run.path)[0], upto)
    return first, [CURRENT_SIZE if step == here else TRAIL_SIZE for step in range(first, upto + 1)]


def _scale(window: Window) -> tuple[float, float]:
    return window.x[1] - window.x[0], window.y[1] - window.y[0]


def _frame_trace(run: Run, upto: int, whole_trace: int) -> dict[str, Any]:
    """The same trace in a frame: data only, since Plotly merges a frame into the trace's styling. Its
    points are a slice of the run's faint whole path, the figure's trace at index ``whole_trace``
    (theme.frame_slice), which draws every step."""
    first, sizes = _trail_span(run, upto)
    points = frame_slice(whole_trace, first, upto + 1)  # x, y and the step numbers alike
    return dict(type="scatter", x=points, y=points, customdata=points, marker=dict(size=sizes))


def add_curve(fig: go.Figure, objective: Any, window: Window, lang: str, *, row: int, col: int) -> None:
    """MSE(w) over the window and its minimum, in one panel."""
    w = np.linspace(window.x[0], window.x[1], 241)
    # A parabola is nearly straight over most of its points: keep those a screen needs.
    curve = simplify(np.column_stack([w, _curve(objective, w)]), PATH_TOLERANCE / 2, _scale(window))
    fig.add_trace(
        scatter(
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
    return scatter(
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


def _axis_titles(objective: Any, lang: str) -> tuple[str, str]:
    return ("w", tr("common.mse", lang)) if objective.dim == 1 else ("w", "b")


def path_panels(
    objective: Any,
    runs: Sequence[Run],
    window: Window,
    lang: str,
    *,
    titles: Sequence[str] | None = None,
    height: int = 520,
    duration: int = 300,
    base: go.Figure | None = None,
) -> go.Figure:
    """One panel per run, all on the same fixed window, played together.

    Each panel holds the background (curve or contour), the whole path drawn faintly, the run's trail
    up to the current step and its current point. A run that diverges or walks out of the window gets
    a note under the panel title ("diverged at step n"); its points leave the picture and the axes
    stay put.

    Parameters
    ----------
    objective : LinearMSE of one or two parameters (or anything with value, minimizer, dim, grid)
    runs : the runs, one panel each; all must have the same number of steps
    window : the fixed region every panel shows
    titles : panel titles (default: the runs' labels)
    duration : milliseconds per frame when playing
    base : a figure from :func:`panels_base` for the same objective, window, language, number of
        runs and steps, kept by the page between slider steps; it is changed in place and returned.
        Built here when omitted.
    """
    if base is None:
        base = panels_base(
            objective, window, lang, panels=len(runs), steps=runs[0].path.steps, height=height, duration=duration
        )
    return set_runs(base, runs, window, lang, titles=titles)


def panels_base(
    objective: Any,
    window: Window,
    lang: str,
    *,
    panels: int,
    steps: int,
    height: int = 520,
    duration: int = 300,
) -> go.Figure:
    """What :func:`path_panels` draws whatever the runs: the panels, their backgrounds and axes, and
    the Play / Pause / scrub controls for ``steps`` steps. The runs' traces are empty until
    :func:`set_runs` moves runs in.

    Building this (subplots, backgrounds, the template, a scrub slider of up to 51 steps) is most of
    the figure's cost, and a slider step changes none of it.
    """
    fig = make_subplots(rows=1, cols=panels, subplot_titles=[" "] * panels, horizontal_spacing=0.035)
    for i in range(panels):
        add_background(fig, objective, window, lang, row=1, col=i + 1)
    for i in range(panels):
        fig.add_trace(scatter(mode="lines", opacity=0.35, showlegend=False, meta="path", hoverinfo="skip"), 1, i + 1)
    for i in range(panels):
        fig.add_trace(
            scatter(
                mode="lines+markers",
                showlegend=False,
                meta="trail",
                hovertemplate=f"{tr('common.step', lang)} %{{customdata}}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
            ),
            1,
            i + 1,
        )
    shown = frame_steps(steps)
    add_animation(
        fig,
        [[{} for _ in range(panels)] for _ in shown],
        traces=list(range(len(fig.data) - panels, len(fig.data))),
        labels=[tr("common.step_n", lang, n=int(k)) for k in shown],
        lang=lang,
        duration=duration,
    )
    x_title, y_title = _axis_titles(objective, lang)
    for i in range(panels):
        fig.update_xaxes(range=window.x, title_text=x_title, row=1, col=i + 1)
        fig.update_yaxes(range=window.y, showticklabels=i == 0, row=1, col=i + 1)
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    # The titles name the runs; a legend would only repeat them.
    style(fig, height=height, legend=False)
    fig.update_layout(margin=dict(t=70))
    controls_below_axis_title(fig)
    return fig


def set_runs(
    fig: go.Figure,
    runs: Sequence[Run],
    window: Window,
    lang: str,
    *,
    titles: Sequence[str] | None = None,
) -> go.Figure:
    """Move ``runs`` into a :func:`panels_base` figure, in place: each panel's faint path, trail and
    title, the notes of runs that leave the window, and the frames."""
    n = len(runs)
    paths, trails = fig.data[-2 * n : -n], fig.data[-n:]
    for run, path_trace, trail_trace in zip(runs, paths, trails, strict=True):
        # Every step, not a simplified line: the frames' trails are slices of it (and of its steps).
        x, y = path_points(run.path)
        steps = np.arange(len(x), dtype=np.uint16)
        _, sizes = _trail_span(run, 0)
        path = scatter(x=x, y=y, customdata=steps, name=run.label, line=dict(color=run.color, width=1.5))
        trail = scatter(
            x=x[:1],  # the start: the trail before the first step
            y=y[:1],
            customdata=steps[:1],
            name=run.label,
            line=dict(color=run.color, width=2.5),
            marker=dict(color=run.color, size=sizes, opacity=1.0, line=dict(color="white", width=1)),
        )
        move_traces([path_trace, trail_trace], [path, trail])
    first_path = len(fig.data) - 2 * n
    frames = [
        [_frame_trace(run, int(k), first_path + i) for i, run in enumerate(runs)]
        for k in frame_steps(runs[0].path.steps)
    ]
    set_frames(fig, frames, traces=range(len(fig.data) - n, len(fig.data)))
    labels = list(titles or [run.label for run in runs])
    notes = []
    for i, run in enumerate(runs):
        note = exit_note(run.path, window, lang)
        if note:
            axis = "" if i == 0 else str(i + 1)
            notes.append(
                go.layout.Annotation(
                    text=note,
                    xref=f"x{axis} domain",
                    yref=f"y{axis} domain",
                    x=0.5,
                    y=0.98,
                    yanchor="top",
                    showarrow=False,
                    font=dict(color=COLORS["limit"], size=15),
                    bgcolor="rgba(255,255,255,0.85)",
                )
            )
    # make_subplots put the n panel titles first; anything after them is last step's notes.
    for annotation, label in zip(fig.layout.annotations[:n], labels, strict=True):
        annotation.text = label
    fig.layout.annotations = [*fig.layout.annotations[:n], *notes]
    return fig


def reference_trace(steps: int, value: float, name: str) -> go.Scatter:
    """A dashed horizontal line at ``value`` across steps 0..``steps``: the best w or the lowest loss
    that the runs are measured against."""
    return scatter(
        x=[0, steps],
        y=[value, value],
        mode="lines",
        line=dict(color=COLORS["minimum"], width=2, dash="dash"),
        name=name,
        meta="reference",
        hoverinfo="name",
    )


def legend_name(run: Run, lang: str) -> str:
    """The run's label, with "diverged at step n" when it blew up."""
    return path_name(run.label, run.path, lang)


def vs_step_trace(
    run: Run, y: npt.ArrayLike, lang: str, *, meta: str = "series", legend: bool = True, group: bool = False
) -> go.Scatter:
    """The run's ``y`` (one value per θ, step 0 first) against the step, as a line tagged ``meta``;
    with ``group``, in one legend group with the run's other lines (one click hides them all)."""
    y_arr = np.asarray(y, dtype=np.float64)
    name = legend_name(run, lang)
    return scatter(
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


def add_vs_step(
    fig: go.Figure,
    runs: Sequence[Run],
    values: Sequence[npt.ArrayLike],
    lang: str,
    *,
    row: int | None = None,
    col: int | None = None,
    meta: str = "series",
    legend: bool = True,
    group: bool = False,
) -> None:
    """One line per run (:func:`vs_step_trace`); in subplot (``row``, ``col``) when the figure has
    subplots."""
    for run, y in zip(runs, values, strict=True):
        fig.add_trace(vs_step_trace(run, y, lang, meta=meta, legend=legend, group=group), row=row, col=col)


def set_vs_step(
    fig: go.Figure,
    runs: Sequence[Run],
    values: Sequence[npt.ArrayLike],
    lang: str,
    *,
    meta: str = "series",
    legend: bool = True,
    group: bool = False,
) -> go.Figure:
    """Move the lines :func:`add_vs_step` drew with these ``meta``, ``legend`` and ``group`` to new
    runs (as many), in place."""
    new = [
        vs_step_trace(run, y, lang, meta=meta, legend=legend, group=group) for run, y in zip(runs, values, strict=True)
    ]
    move_traces(traces_by_meta(fig, meta), new)
    return fig


def vs_step_figure(
    runs: Sequence[Run],
    values: Sequence[npt.ArrayLike],
    y_title: str,
    y_range: Sequence[float],
    lang: str,
    *,
    log_y: bool = False,
    reference: float | None = None,
    reference_name: str = "",
    height: int = 400,
    legend_right: bool = False,
) -> go.Figure:
    """Each run's value (w, loss...) against the step, on a fixed y range.

    Parameters
    ----------
    y_range : the y axis range in data units (for a log axis too; converted here)
    log_y : a log y axis, for losses that span many orders of magnitude
    reference : a dashed horizontal line (the best w, the minimum loss), named ``reference_name``
    legend_right : the legend in a column on the right instead of a row above (for many long names)
    """
    fig = go.Figure()
    steps = max(np.asarray(v).shape[0] for v in values) - 1
    if reference is not None:
        fig.add_trace(reference_trace(steps, reference, reference_name))
    add_vs_step(fig, runs, values, lang)
    fig.update_xaxes(title_text=tr("common.step", lang), range=[0, max(steps, 1)])
    if log_y:
        set_log_y(fig, y_range)
    else:
        fig.update_yaxes(range=list(y_range))
    fig.update_yaxes(title_text=y_title)
    style(fig, height=height)
    if legend_right:
        fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1.0, xanchor="left", x=1.02))
        fig.update_layout(margin=dict(t=20))
    return fig


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
    """A range for a log axis given in data units, with a little room: ``[low / 1.5, high · 1.5]``.

    >>> [round(v, 3) for v in log_range(0.03, 30.0)]
    [0.02, 45.0]
    """
    return [float(low) / 1.5, float(high) * 1.5]
