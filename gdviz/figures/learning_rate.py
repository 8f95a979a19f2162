"""Lesson 4 figures: the learning rate η against the stability limit 2/λmax, and schedules.

Gradient descent on the MSE of a linear model is descent on a quadratic with Hessian H: each step
multiplies the distance to the minimum along the eigenvector of λ by 1 − η·λ. So it creeps when η is
tiny, bounces when η·λmax > 1, and diverges once η > 2/λmax (``LinearMSE.stability_limit``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from gdviz.core.datasets import Dataset
from gdviz.core.descend import Path
from gdviz.core.objectives import LinearMSE
from gdviz.core.stability import LRSweep, contraction
from gdviz.figures.paths import (
    Run,
    Window,
    add_background,
    curve_window,
    log_range,
    path_panels,
    path_points,
    plane_window,
    set_log_y,
    set_vs_step,
    vs_step_figure,
    vs_step_trace,
)
from gdviz.figures.paths import (
    panels_base as path_panels_base,
)
from gdviz.figures.theme import COLORS, fmt, move_traces, nice_floor, point_marker, scatter, style, traces_by_meta
from gdviz.i18n import tr

PRESETS: tuple[tuple[str, float], ...] = (
    ("too_small", 0.01),
    ("good", 0.4),
    ("too_large", 0.9),
    ("diverging", 1.1),
)
"""The preset runs as multiples of the stability limit. 0.01 for "too small" so that it is still on its
way after the default 100 steps even on the one-parameter tadpole loss; 0.4 rather than 0.5 for "good"
because on a one-parameter parabola η = ½ · 2/λ lands on the minimum in a single step, which hides the
descent; 1.1 for "diverging" so the blow-up passes the divergence bound within the default 100 steps."""

PRESET_COLORS = {
    "too_small": "#56B4E9",
    "good": "#009E73",
    "too_large": "#E69F00",
    "diverging": "#D55E00",
    "yours": "#222222",
}

SCHEDULED_COLOR = "#0072B2"
SWEEP_POINTS = 60


def lesson_objective(ds: Dataset) -> LinearMSE:
    """MSE over (w, b) when the dataset has an intercept, over w alone otherwise (tadpole)."""
    return LinearMSE(ds.x, ds.y, intercept=ds.intercept)


def lesson_window(ds: Dataset, objective: LinearMSE) -> Window:
    """The fixed window of the path panels: MSE(w) for one parameter, the (w, b) plane for two."""
    if objective.dim == 1:
        return curve_window(objective, ds.w_range)
    return plane_window(objective, ds.w_range, ds.b_range)


@dataclass(frozen=True)
class LRControl:
    """The η slider of a dataset: from ``step`` to ``max`` (past the limit), with a default.

    Attributes
    ----------
    max : float
        About 1.6 × the limit, rounded up, so the slider reaches well into divergence.
    step : float
        A 1-2-5 step near limit / 100; also the smallest η offered.
    digits : int
        Decimals to show.
    default : float
        0.8 × the limit: large enough to bounce, still converging.
    """

    max: float
    step: float
    digits: int
    default: float


def lr_control(limit: float) -> LRControl:
    """The η slider for a problem whose stability limit is ``limit``.

    >>> lr_control(0.05)
    LRControl(max=0.08, step=0.0005, digits=4, default=0.04)
    """
    step = nice_floor(limit / 100.0)
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    coarse = 10.0 * step
    top = round(math.ceil(1.6 * limit / coarse - 1e-9) * coarse, digits)
    default = round(round(0.8 * limit / step) * step, digits)
    return LRControl(max=top, step=round(step, digits + 1), digits=digits, default=default)


def schedule_start(limit: float, control: LRControl) -> float:
    """Where the schedule section starts η₀ by default: 0.98 × the limit, just inside it, where constant
    descent bounces for a long time and a decaying η visibly calms it.

    >>> schedule_start(0.05, lr_control(0.05))
    0.049
    """
    return round(round(0.98 * limit / control.step) * control.step, control.digits)


def preset_lrs(limit: float) -> dict[str, float]:
    """The preset learning rates, each a multiple of the stability limit."""
    return {name: multiple * limit for name, multiple in PRESETS}


def sweep_lrs(limit: float, control: LRControl, points: int = SWEEP_POINTS) -> np.ndarray:
    """Learning rates of the sweep: log-spaced from limit / 100 (or the slider's smallest) to the slider's top."""
    low = min(limit / 100.0, control.step)
    return np.geomspace(low, control.max, points)


def preset_label(name: str, lang: str) -> str:
    return tr(f"learning_rate.preset_{name}", lang)


def make_runs(preset_paths: dict[str, Path], user_path: Path, lang: str) -> list[Run]:
    """The four presets in order, then the user's run."""
    runs = [Run(preset_paths[name], preset_label(name, lang), PRESET_COLORS[name]) for name, _ in PRESETS]
    runs.append(Run(user_path, preset_label("yours", lang), PRESET_COLORS["yours"]))
    return runs


def _multiple(lr: float, limit: float) -> str:
    return f"{lr / limit:.2f}".rstrip("0").rstrip(".") + "×"


PANELS_HEIGHT, PANELS_DURATION = 420, 150


def panels_base(objective: LinearMSE, window: Window, steps: int, lang: str) -> go.Figure:
    """What :func:`panels_figure` draws whatever the learning rates (see :func:`paths.panels_base`)."""
    return path_panels_base(
        objective, window, lang, panels=len(PRESETS) + 1, steps=steps, height=PANELS_HEIGHT, duration=PANELS_DURATION
    )


def panels_figure(
    objective: LinearMSE,
    runs: Sequence[Run],
    window: Window,
    limit: float,
    digits: int,
    lang: str,
    *,
    base: go.Figure | None = None,
) -> go.Figure:
    """One panel per run (presets, then yours) on the same fixed window, played together. ``base``:
    a :func:`panels_base` figure kept between slider steps, moved in place (built when omitted)."""
    titles = [
        f"{run.label}<br>η = {float(run.path.lr[0]):.{digits}f} ({_multiple(float(run.path.lr[0]), limit)})"
        for run in runs
    ]
    return path_panels(
        objective, runs, window, lang, titles=titles, height=PANELS_HEIGHT, duration=PANELS_DURATION, base=base
    )


def loss_range(objective: LinearMSE, window: Window) -> list[float]:
    """A log-axis range for the loss that does not depend on η: from the minimum loss to the highest
    loss in the window (where a start can be), so a diverging run leaves through the top."""
    best = float(objective.value(objective.minimizer()))
    if objective.dim == 1:
        top = window.y[1]
    else:
        corners = np.array([[w, b] for w in window.x for b in window.y])
        top = float(np.max(objective.value(corners)))
    return log_range(best, top)


def loss_figure(objective: LinearMSE, runs: Sequence[Run], window: Window, lang: str) -> go.Figure:
    """Loss against the step for each run, on a log axis, with the minimum loss as a dashed line."""
    best = float(objective.value(objective.minimizer()))
    return vs_step_figure(
        runs,
        [run.path.loss for run in runs],
        tr("learning_rate.loss_log", lang),
        loss_range(objective, window),
        lang,
        log_y=True,
        reference=best,
        reference_name=tr("learning_rate.min_loss", lang, loss=fmt(best, 3)),
        height=420,
        legend_right=True,
    )


def set_loss(fig: go.Figure, runs: Sequence[Run], lang: str) -> go.Figure:
    """Move a :func:`loss_figure` (same objective, window, steps and language) to new runs, in place."""
    return set_vs_step(fig, runs, [run.path.loss for run in runs], lang)


def ruler_figure(control: LRControl, limit: float, user_lr: float, lang: str) -> go.Figure:
    """The η axis of the slider, drawn the same width right under it, with the stability limit
    marked: green where descent converges, red where it diverges, the presets as coloured ticks
    labelled by their multiple of the limit, and the user's η as a pointer."""
    fig = go.Figure()
    fig.add_vrect(x0=0.0, x1=limit, fillcolor=COLORS["minimum"], opacity=0.15, line_width=0)
    fig.add_vrect(x0=limit, x1=control.max, fillcolor=COLORS["limit"], opacity=0.18, line_width=0)
    fig.add_trace(
        scatter(
            x=[limit, limit],
            y=[-1.0, 1.0],
            mode="lines",
            line=dict(color=COLORS["limit"], width=3),
            name=tr("learning_rate.limit_name", lang, limit=f"{limit:.{control.digits}f}"),
            meta="limit",
            hoverinfo="name",
        )
    )
    presets = preset_lrs(limit)
    fig.add_trace(
        scatter(
            x=list(presets.values()),
            y=[-0.45] * len(presets),
            mode="markers+text",
            marker=dict(
                symbol="line-ns",
                size=22,
                line=dict(width=4, color=[PRESET_COLORS[name] for name in presets]),
            ),
            text=[_multiple(lr, limit) for lr in presets.values()],
            # A label right at η = 0 would be cut in half by the edge of the plot.
            textposition=["bottom right" if lr < 0.03 * control.max else "bottom center" for lr in presets.values()],
            textfont=dict(size=14, color="#444444"),
            name=tr("learning_rate.presets", lang),
            meta="presets",
            hovertext=[preset_label(name, lang) for name in presets],
            hoverinfo="text",
        )
    )
    fig.add_trace(_user_pointer(control, user_lr, lang))
    for x, key, colour, anchor in (
        (0.0, "learning_rate.converges", "#00704F", "left"),
        (control.max, "learning_rate.diverges", "#A0410A", "right"),
    ):
        fig.add_annotation(
            x=x, y=0.75, text=f"<b>{tr(key, lang)}</b>", showarrow=False, xanchor=anchor, font=dict(color=colour)
        )
    fig.add_annotation(
        x=limit,
        y=0.75,
        text=f"2/λmax = {limit:.{control.digits}f}",
        showarrow=False,
        xanchor="left",
        xshift=6,
        font=dict(color=COLORS["limit"]),
    )
    fig.update_xaxes(range=[0.0, control.max], showgrid=False, ticks="outside", title_text="η")
    fig.update_yaxes(range=[-1.0, 1.0], visible=False)
    style(fig, height=170, legend=False)
    # Thin side margins so the axis lines up with the slider's track above it.
    fig.update_layout(margin=dict(l=10, r=10, t=6, b=45))
    return fig


def _user_pointer(control: LRControl, user_lr: float, lang: str) -> go.Scatter:
    return scatter(
        x=[user_lr],
        y=[0.0],
        mode="markers+text",
        marker=dict(color=PRESET_COLORS["yours"], size=18, symbol="triangle-down"),
        text=[tr("learning_rate.your_eta", lang, lr=f"{user_lr:.{control.digits}f}")],
        textposition="top center",
        textfont=dict(size=15, color=PRESET_COLORS["yours"]),
        name=preset_label("yours", lang),
        meta="user",
        hoverinfo="skip",
    )


def set_ruler(fig: go.Figure, control: LRControl, user_lr: float, lang: str) -> go.Figure:
    """Move the pointer of a :func:`ruler_figure` (same control, limit and language) to ``user_lr``,
    in place."""
    move_traces(traces_by_meta(fig, "user"), [_user_pointer(control, user_lr, lang)])
    return fig


def sweep_figure(
    sweep: LRSweep,
    objective: LinearMSE,
    window: Window,
    limit: float,
    user_lr: float,
    user_path: Path,
    digits: int,
    lang: str,
) -> go.Figure:
    """Final loss against η on log–log axes: flat near the minimum for a good η, higher for a tiny η
    (not there yet), shooting up past the vertical line at the stability limit 2/λmax. Runs that
    diverged are crosses along the top edge; the user's η is a dashed line and a dot.

    A page keeps it (same objective, window, steps and language) and moves a new sweep and η into it
    with :func:`set_sweep`.
    """
    y_range = loss_range(objective, window)
    sweep_line, diverged, user_line, user_point = _sweep_traces(sweep, y_range, user_lr, user_path, digits, lang)
    fig = go.Figure([sweep_line, diverged])
    fig.add_trace(
        scatter(
            x=[limit, limit],
            y=list(y_range),
            mode="lines",
            line=dict(color=COLORS["limit"], width=3),
            name=tr("learning_rate.limit_name", lang, limit=f"{limit:.{digits}f}"),
            meta="limit",
            hoverinfo="name",
        )
    )
    fig.add_traces([user_line, user_point])
    x_lo, x_hi = float(sweep.lr[0]), float(sweep.lr[-1])
    fig.update_xaxes(type="log", range=[math.log10(x_lo / 1.2), math.log10(x_hi * 1.2)], dtick=1, title_text="η")
    set_log_y(fig, y_range)
    fig.update_yaxes(title_text=tr("learning_rate.final_loss", lang, steps=user_path.steps))
    return style(fig, height=440)


def set_sweep(
    fig: go.Figure,
    sweep: LRSweep,
    objective: LinearMSE,
    window: Window,
    user_lr: float,
    user_path: Path,
    digits: int,
    lang: str,
) -> go.Figure:
    """Move a new sweep (a new start) and the user's η into a :func:`sweep_figure`, in place."""
    new = _sweep_traces(sweep, loss_range(objective, window), user_lr, user_path, digits, lang)
    held = [traces_by_meta(fig, meta)[0] for meta in ("sweep", "diverged", "user", "user_point")]
    move_traces(held, new)
    return fig


def _sweep_traces(
    sweep: LRSweep, y_range: Sequence[float], user_lr: float, user_path: Path, digits: int, lang: str
) -> tuple[go.Scatter, go.Scatter, go.Scatter, go.Scatter]:
    """What a sweep and the user's η draw on the loss axis ``y_range``: the final losses, the crosses
    of the runs that diverged (along the top), and the user's η as a dashed line and a dot."""
    y_top = y_range[1] / 1.5
    diverged = sweep.diverged_at >= 0
    user_final = float(user_path.loss[-1]) if user_path.diverged_at is None else y_top
    return (
        scatter(
            x=sweep.lr,
            y=sweep.final_loss,
            mode="lines+markers",
            line=dict(color=COLORS["loss"], width=3),
            marker=dict(size=6),
            name=tr("learning_rate.sweep_final", lang),
            meta="sweep",
            hovertemplate="η=%{x:.4g}<br>%{y:.4g}<extra></extra>",
        ),
        scatter(
            x=sweep.lr[diverged],
            y=np.full(int(diverged.sum()), y_top),
            mode="markers",
            marker=dict(color=COLORS["limit"], size=10, symbol="x"),
            name=tr("learning_rate.sweep_diverged", lang),
            meta="diverged",
            customdata=sweep.diverged_at[diverged],
            hovertemplate="η=%{x:.4g}<br>" + tr("common.diverged_at", lang, n="%{customdata}") + "<extra></extra>",
        ),
        scatter(
            x=[user_lr, user_lr],
            y=list(y_range),
            mode="lines",
            line=dict(color=PRESET_COLORS["yours"], width=2, dash="dash"),
            name=tr("learning_rate.your_eta", lang, lr=f"{user_lr:.{digits}f}"),
            meta="user",
            hoverinfo="name",
        ),
        scatter(
            x=[user_lr],
            y=[user_final],
            mode="markers",
            marker=point_marker(PRESET_COLORS["yours"], 14),
            showlegend=False,
            meta="user_point",
            hoverinfo="skip",
        ),
    )


# ---------------------------------------------------------------------------------------------
# What each run did, for the table beside the figures.


def arrival_step(objective: LinearMSE, path: Path, *, tolerance: float = 1e-4) -> int | None:
    """First step at which the loss is within ``tolerance`` of the way down from the start to the
    minimum (L − L* ≤ tolerance · (L₀ − L*)), or None if the run never gets there."""
    best = float(objective.value(objective.minimizer()))
    start_gap = max(float(path.loss[0]) - best, 1e-300)
    with np.errstate(invalid="ignore"):
        close = np.flatnonzero(path.loss - best <= tolerance * start_gap)
    return int(close[0]) if close.size else None


def status(objective: LinearMSE, path: Path, lang: str) -> str:
    """What the run did, in words: diverged at step n / diverging / reached the minimum / on its way,
    with "bounces" when η·λmax > 1 makes it overshoot at every step."""
    if path.diverged_at is not None:
        return tr("common.diverged_at", lang, n=path.diverged_at)
    lr = float(path.lr[0])
    rho = contraction(objective, lr)
    if rho > 1.0:
        return tr("learning_rate.status_diverging", lang, rho=fmt(rho, 3))
    bounces = lr * float(np.linalg.eigvalsh(objective.hessian())[-1]) > 1.0
    arrived = arrival_step(objective, path)
    if arrived is None:
        return tr("learning_rate.status_way" + ("_bounce" if bounces else ""), lang)
    return tr("learning_rate.status_done" + ("_bounce" if bounces else ""), lang, n=arrived)


def arrival_text(objective: LinearMSE, path: Path, lang: str) -> str:
    """ "step n" when the run reached the minimum, else "diverged at step n" or "not yet"."""
    if path.diverged_at is not None:
        return tr("common.diverged_at", lang, n=path.diverged_at)
    arrived = arrival_step(objective, path)
    return tr("learning_rate.not_yet", lang) if arrived is None else tr("common.step_n", lang, n=arrived)


def final_loss_text(path: Path) -> str:
    """The final loss with four significant digits, or "—" after divergence."""
    return "—" if path.diverged_at is not None else f"{float(path.loss[-1]):.4g}"


def summary_rows(
    objective: LinearMSE, runs: Sequence[Run], limit: float, digits: int, lang: str
) -> list[dict[str, str]]:
    """One row per run: η, η as a multiple of the limit, the factor ρ = max|1 − η·λ|, final loss, status."""
    rows = []
    for run in runs:
        lr = float(run.path.lr[0])
        rows.append(
            {
                tr("learning_rate.col_run", lang): run.label,
                "η": f"{lr:.{digits}f}",
                tr("learning_rate.col_multiple", lang): _multiple(lr, limit),
                tr("learning_rate.col_rho", lang): fmt(contraction(objective, lr), 4),
                tr("learning_rate.col_final", lang): final_loss_text(run.path),
                tr("learning_rate.col_status", lang): status(objective, run.path, lang),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Schedules: the learning rate changes with the step.


def schedule_figure(
    objective: LinearMSE,
    window: Window,
    schedule_values: np.ndarray,
    constant: Run,
    scheduled: Run,
    control: LRControl,
    limit: float,
    lang: str,
) -> go.Figure:
    """Three panels: η against the step (constant and scheduled, with the limit), the two paths, and
    the loss each gives against the step (log axis)."""
    fig = make_subplots(
        rows=1,
        cols=3,
        horizontal_spacing=0.09,
        subplot_titles=(
            tr("learning_rate.sched_lr_panel", lang),
            tr("learning_rate.sched_path_panel", lang),
            tr("learning_rate.sched_loss_panel", lang),
        ),
    )
    steps = constant.path.steps
    fig.add_trace(
        scatter(
            x=[0, max(steps - 1, 1)],
            y=[limit, limit],
            mode="lines",
            line=dict(color=COLORS["limit"], width=2, dash="dot"),
            name=tr("learning_rate.limit_name", lang, limit=f"{limit:.{control.digits}f}"),
            meta="limit",
            hoverinfo="name",
        ),
        row=1,
        col=1,
    )
    lr_lines, paths, losses = _schedule_traces(schedule_values, constant, scheduled, lang)
    for trace in lr_lines:
        fig.add_trace(trace, row=1, col=1)
    add_background(fig, objective, window, lang, row=1, col=2)
    for trace in paths:
        fig.add_trace(trace, row=1, col=2)
    for trace in losses:
        fig.add_trace(trace, row=1, col=3)
    y_loss = loss_range(objective, window)
    fig.update_xaxes(title_text=tr("common.step", lang), range=[0, max(steps, 1)], row=1, col=1)
    fig.update_yaxes(title_text="η", range=[0.0, control.max * 1.05], row=1, col=1)
    fig.update_xaxes(title_text="w", range=window.x, row=1, col=2)
    fig.update_yaxes(title_text=tr("common.mse", lang) if objective.dim == 1 else "b", range=window.y, row=1, col=2)
    fig.update_xaxes(title_text=tr("common.step", lang), range=[0, max(steps, 1)], row=1, col=3)
    set_log_y(fig, y_loss, row=1, col=3)
    fig.update_yaxes(title_text=tr("learning_rate.loss_log", lang), row=1, col=3)
    style(fig, height=460)
    fig.update_layout(margin=dict(t=100), legend=dict(y=1.14))
    return fig


def _schedule_traces(
    schedule_values: np.ndarray, constant: Run, scheduled: Run, lang: str
) -> tuple[list[go.Scatter], list[go.Scatter], list[go.Scatter]]:
    """What of :func:`schedule_figure` the runs draw: the η lines, the paths and the loss lines."""
    lr_lines = [
        scatter(
            x=np.arange(values.shape[0]),
            y=values,
            mode="lines",
            line=dict(color=run.color, width=3, shape="hv"),
            name=run.label,
            legendgroup=run.label,
            meta="lr",
            hovertemplate=f"{tr('common.step', lang)} %{{x}}: η=%{{y:.4g}}<extra></extra>",
        )
        for run, values in ((constant, constant.path.lr), (scheduled, np.asarray(schedule_values)))
    ]
    paths = []
    for run, dash in ((constant, "dot"), (scheduled, "solid")):
        x, y = path_points(run.path)
        paths.append(
            scatter(
                x=x,
                y=y,
                mode="lines+markers",
                # Dotted under solid, so the constant run still shows where the two paths coincide.
                line=dict(color=run.color, width=2, dash=dash),
                marker=dict(size=6),
                name=run.label,
                legendgroup=run.label,
                showlegend=False,
                meta="path",
                hoverinfo="skip",
            )
        )
    losses = [vs_step_trace(run, run.path.loss, lang, meta="loss", legend=False) for run in (constant, scheduled)]
    return lr_lines, paths, losses


def set_schedule(fig: go.Figure, schedule_values: np.ndarray, constant: Run, scheduled: Run, lang: str) -> go.Figure:
    """Move a :func:`schedule_figure` (same objective, window, steps and language) to new runs, in
    place."""
    moved = _schedule_traces(schedule_values, constant, scheduled, lang)
    for meta, traces in zip(("lr", "path", "loss"), moved, strict=True):
        move_traces(traces_by_meta(fig, meta), traces)
    return fig
