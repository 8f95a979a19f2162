"""Lesson 4 figures: the learning rate η against the stability limit 2/λmax, and schedules.

Gradient descent on the MSE of a linear model is descent on a quadratic with Hessian H: each step
multiplies the distance to the minimum along the eigenvector of λ by 1 − η·λ. So it creeps when η is
tiny, bounces when η·λmax > 1, and diverges once η > 2/λmax (``LinearMSE.stability_limit``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from gdviz.core._types import FloatArray
from gdviz.core.datasets import Dataset
from gdviz.core.descend import Path, descend
from gdviz.core.objectives import LinearMSE
from gdviz.core.rules import gd
from gdviz.core.stability import LRSweep, contraction, lr_sweep
from gdviz.figures.formulas import readout_html, table_html
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, control, moving
from gdviz.figures.paths import (
    Run,
    Window,
    add_background,
    curve_window,
    exit_note,
    log_range,
    path_points,
    plane_window,
    reference_trace,
    set_log_y,
    shown_steps,
    vs_step_trace,
)
from gdviz.figures.race import path_name
from gdviz.figures.theme import COLORS, fmt, nice_floor, point_marker, style
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
        A 1-2-5 step at most limit / 30; also the smallest η offered. Fine enough to cross the limit
        in small steps, coarse enough that your run at every η (a live slider's states) stays within
        the page's budget: 48 to 120 values.
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
    LRControl(max=0.08, step=0.001, digits=3, default=0.04)
    """
    step = nice_floor(limit / 30.0)
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


def _eta(lr: float) -> str:
    """η with three significant digits: a preset's (0.0005) as well as a value of the slider's grid."""
    return f"{lr:.3g}"


def _multiple(lr: float, limit: float) -> str:
    return f"{lr / limit:.2f}".rstrip("0").rstrip(".") + "×"


def lesson_controls(objective: LinearMSE, steps: int, lang: str) -> dict[str, Control]:
    """The live controls: η on the lesson's grid (:func:`lr_control`), opening at 0.8 × the limit, and
    the step every panel shows (:func:`shown_steps`), opening at the last."""
    scale = lr_control(objective.stability_limit())
    lr = control("lr", tr("common.lr", lang), scale.step, scale.max, scale.step, scale.default, digits=scale.digits)
    shown = shown_steps(steps)
    step = Control("step", tr("learning_rate.step_shown", lang), shown.astype(np.float64), tuple(map(str, shown)), 0)
    return {"lr": lr, "step": replace(step, default=step.size - 1, clock=True)}


@dataclass(frozen=True)
class Lesson:
    """Lesson 4's runs: the presets, and your run at every η of the slider, from the same start.

    Attributes
    ----------
    objective : LinearMSE of one or two parameters
    window : the region every panel shows
    controls : the live controls, by key (lr, step)
    at : the committed index of each control
    presets : the preset runs, by name (:data:`PRESETS`)
    yours : your run at every η of the lr control (row i at η = ``controls["lr"].values[i]``)
    """

    objective: LinearMSE
    window: Window
    controls: dict[str, Control]
    at: dict[str, int]
    presets: dict[str, Path]
    yours: LRSweep

    @property
    def limit(self) -> float:
        return self.objective.stability_limit()

    @property
    def shown(self) -> npt.NDArray[np.intp]:
        """The steps drawn."""
        return self.controls["step"].values.astype(np.intp)

    @property
    def digits(self) -> int:
        """Decimals of η."""
        return lr_control(self.limit).digits


def lesson_runs(
    objective: LinearMSE, window: Window, theta0: Sequence[float], controls: dict[str, Control], at: dict[str, int]
) -> Lesson:
    """The presets (:func:`descend`) and your run at every η of the slider (:func:`lr_sweep`, one array
    operation a step for all of them)."""
    steps = int(controls["step"].values[-1])
    limit = objective.stability_limit()
    presets = {name: descend(objective, gd(multiple * limit), theta0, steps) for name, multiple in PRESETS}
    yours = lr_sweep(objective, theta0, controls["lr"].values, steps)
    return Lesson(objective, window, controls, at, presets, yours)


def _points(objective: LinearMSE, theta: FloatArray, loss: FloatArray) -> tuple[FloatArray, FloatArray]:
    """What a panel draws of θ (…, d) and its loss (…): (w, loss) for one parameter, (w, b) for two."""
    return (theta[..., 0], loss) if objective.dim == 1 else (theta[..., 0], theta[..., 1])


def _diverged(at: int) -> int | None:
    return None if at < 0 else int(at)


def _your_notes(lesson: Lesson, lang: str) -> list[str]:
    """Above your panel, at every η: η, its multiple of the limit, and where the run left the picture."""
    x, y = _points(lesson.objective, lesson.yours.theta, lesson.yours.loss)
    notes = []
    for i, (lr, text) in enumerate(zip(lesson.yours.lr, lesson.controls["lr"].texts, strict=True)):
        note = f"η = {text} ({_multiple(lr, lesson.limit)})"
        left = exit_note(_diverged(lesson.yours.diverged_at[i]), x[i], y[i], lesson.window, lang)
        notes.append(note if left is None else f"{note}<br>{left}")
    return notes


PANELS_HEIGHT = 420


def panels_figure(lesson: Lesson, lang: str) -> LiveFigure:
    """One panel per run (the presets, then yours) on the same fixed window: each run's path and its
    point at the step shown; your path at every η. A preset that leaves the window says at which step
    under its title; yours says it above its path, with its η."""
    objective, window, shown = lesson.objective, lesson.window, lesson.shown
    names = [name for name, _ in PRESETS] + ["yours"]
    titles = [
        f"{preset_label(name, lang)}<br>η = {_eta(multiple * lesson.limit)} ({_multiple(multiple, 1.0)})"
        for name, multiple in PRESETS
    ]
    titles.append(f"{preset_label('yours', lang)}<br>{tr('learning_rate.yours_title', lang)}")
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=titles, horizontal_spacing=0.035)
    lr_at, step_at = lesson.at["lr"], lesson.at["step"]
    # Each run's points at the steps drawn, along η for yours.
    points = {name: _points(objective, path.theta[shown], path.loss[shown]) for name, path in lesson.presets.items()}
    along_lr = _points(objective, lesson.yours.theta[:, shown], lesson.yours.loss[:, shown])
    points["yours"] = (along_lr[0][lr_at], along_lr[1][lr_at])
    step_text = tr("common.step", lang)
    moves_lr: dict[str, dict[str, FloatArray]] = {
        "path:yours": {"x": along_lr[0], "y": along_lr[1]},
        "at:yours": {"x": along_lr[0][:, step_at, None], "y": along_lr[1][:, step_at, None]},
        "note:yours": {"text": np.array(_your_notes(lesson, lang), dtype=object)[:, None]},
    }
    moves_step: dict[str, dict[str, FloatArray]] = {}
    for col, name in enumerate(names, start=1):
        add_background(fig, objective, window, lang, row=1, col=col)
        x, y = points[name]
        color = PRESET_COLORS[name]
        fig.add_trace(
            go.Scatter(
                meta=f"path:{name}",
                x=x,
                y=y,
                customdata=shown,
                mode="lines+markers",
                line=dict(color=color, width=2),
                marker=dict(color=color, size=5),
                showlegend=False,
                hovertemplate=f"{step_text} %{{customdata}}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
            ),
            row=1,
            col=col,
        )
        moves_step[f"at:{name}"] = {"x": x[:, None], "y": y[:, None]}
        if name == "yours":
            moves_step["at:yours"] = {"x": along_lr[0][lr_at][:, None], "y": along_lr[1][lr_at][:, None]}
        fig.add_trace(
            moving(
                f"at:{name}",
                moves_step[f"at:{name}"],
                step_at,
                mode="markers",
                marker=point_marker(color, 15),
                showlegend=False,
                hoverinfo="skip",
            ),
            row=1,
            col=col,
        )
    fig.add_trace(
        moving(
            "note:yours",
            moves_lr["note:yours"],
            lr_at,
            x=[sum(window.x) / 2],
            y=[window.y[1]],
            mode="text",
            textposition="bottom center",
            textfont=dict(size=14, color=PRESET_COLORS["yours"]),
            showlegend=False,
            hoverinfo="skip",
        ),
        row=1,
        col=len(names),
    )
    for i, (name, path) in enumerate(lesson.presets.items()):
        note = exit_note(path.diverged_at, *points[name], window, lang)
        if note:
            axis = "" if i == 0 else str(i + 1)
            fig.add_annotation(
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
    x_title, y_title = ("w", tr("common.mse", lang)) if objective.dim == 1 else ("w", "b")
    for col in range(1, len(names) + 1):
        fig.update_xaxes(range=window.x, title_text=x_title, row=1, col=col)
        fig.update_yaxes(range=window.y, showticklabels=col == 1, row=1, col=col)
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    # The titles name the runs; a legend would only repeat them.
    style(fig, height=PANELS_HEIGHT, legend=False)
    fig.update_layout(margin=dict(t=70))
    return LiveFigure(fig, (Moves(lesson.controls["lr"], moves_lr), Moves(lesson.controls["step"], moves_step)))


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


def loss_figure(lesson: Lesson, lang: str) -> LiveFigure:
    """Loss against the step for each run on a log axis, the minimum loss dashed, each run's loss at
    the step shown marked; your line at every η."""
    objective, shown = lesson.objective, lesson.shown
    lr_at, step_at = lesson.at["lr"], lesson.at["step"]
    best = float(objective.value(objective.minimizer()))
    steps = int(shown[-1])
    fig = go.Figure(reference_trace(steps, best, tr("learning_rate.min_loss", lang, loss=fmt(best, 3))))
    step_text = tr("common.step", lang)
    names = [name for name, _ in PRESETS] + ["yours"]
    losses = {name: path.loss[shown] for name, path in lesson.presets.items()}
    yours = lesson.yours.loss[:, shown]
    losses["yours"] = yours[lr_at]
    for name in names:
        label = preset_label(name, lang)
        if name != "yours":
            label = path_name(label, lesson.presets[name], lang)
        fig.add_trace(
            go.Scatter(
                meta=f"loss:{name}",
                x=shown,
                y=losses[name],
                mode="lines+markers" if shown.size <= 60 else "lines",
                line=dict(color=PRESET_COLORS[name], width=3),
                marker=dict(size=6),
                name=label,
                hovertemplate=f"{preset_label(name, lang)}<br>{step_text} %{{x}}: %{{y:.4g}}<extra></extra>",
            )
        )
    at_step = np.column_stack([losses[name] for name in names])  # (steps shown, runs)
    along_step = {"x": np.repeat(shown[:, None].astype(np.float64), len(names), axis=1), "y": at_step}
    along_lr = {"y": np.column_stack([np.tile(at_step[step_at, :-1], (yours.shape[0], 1)), yours[:, step_at]])}
    fig.add_trace(
        moving(
            "at",
            along_step,
            step_at,
            mode="markers",
            marker=point_marker([PRESET_COLORS[name] for name in names], 13),
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(title_text=step_text, range=[0, max(steps, 1)])
    set_log_y(fig, loss_range(objective, lesson.window))
    fig.update_yaxes(title_text=tr("learning_rate.loss_log", lang))
    # The house legend, above the plot: on the right it took half of a phone's width.
    style(fig, height=440)
    return LiveFigure(
        fig,
        (
            Moves(lesson.controls["lr"], {"loss:yours": {"y": yours}, "at": along_lr}),
            Moves(lesson.controls["step"], {"at": along_step}),
        ),
    )


def ruler_figure(lesson: Lesson, lang: str) -> LiveFigure:
    """The η axis of the slider, drawn the same width right under it, with the stability limit
    marked: green where descent converges, red where it diverges, the presets as coloured ticks
    labelled by their multiple of the limit, and your η as a pointer, at every η."""
    limit, digits = lesson.limit, lesson.digits
    lr = lesson.controls["lr"]
    top = float(lr.values[-1])
    fig = go.Figure()
    fig.add_vrect(x0=0.0, x1=limit, fillcolor=COLORS["minimum"], opacity=0.15, line_width=0)
    fig.add_vrect(x0=limit, x1=top, fillcolor=COLORS["limit"], opacity=0.18, line_width=0)
    fig.add_trace(
        go.Scatter(
            x=[limit, limit],
            y=[-1.0, 1.0],
            mode="lines",
            line=dict(color=COLORS["limit"], width=3),
            name=tr("learning_rate.limit_name", lang, limit=f"{limit:.{digits}f}"),
            meta="limit",
            hoverinfo="name",
        )
    )
    presets = preset_lrs(limit)
    fig.add_trace(
        go.Scatter(
            x=list(presets.values()),
            y=[-0.45] * len(presets),
            mode="markers+text",
            marker=dict(
                symbol="line-ns",
                size=22,
                line=dict(width=4, color=[PRESET_COLORS[name] for name in presets]),
            ),
            text=[_multiple(rate, limit) for rate in presets.values()],
            # A label right at η = 0 would be cut in half by the edge of the plot.
            textposition=["bottom right" if rate < 0.03 * top else "bottom center" for rate in presets.values()],
            textfont=dict(size=14, color="#444444"),
            name=tr("learning_rate.presets", lang),
            meta="presets",
            hovertext=[preset_label(name, lang) for name in presets],
            hoverinfo="text",
        )
    )
    pointer = {
        "x": lr.values[:, None],
        "text": np.array([tr("learning_rate.your_eta", lang, lr=text) for text in lr.texts], dtype=object)[:, None],
    }
    fig.add_trace(
        moving(
            "user",
            pointer,
            lesson.at["lr"],
            y=[0.0],
            mode="markers+text",
            marker=dict(color=PRESET_COLORS["yours"], size=18, symbol="triangle-down"),
            textposition="top center",
            textfont=dict(size=15, color=PRESET_COLORS["yours"]),
            name=preset_label("yours", lang),
            hoverinfo="skip",
        )
    )
    for x, key, colour, anchor in (
        (0.0, "learning_rate.converges", "#00704F", "left"),
        (top, "learning_rate.diverges", "#A0410A", "right"),
    ):
        fig.add_annotation(
            x=x, y=0.75, text=f"<b>{tr(key, lang)}</b>", showarrow=False, xanchor=anchor, font=dict(color=colour)
        )
    fig.add_annotation(
        x=limit,
        y=0.75,
        text=f"2/λmax = {limit:.{digits}f}",
        showarrow=False,
        # Left of the line, in the converging band: right of it, "diverges" ran into it on a phone.
        xanchor="right",
        xshift=-6,
        font=dict(color=COLORS["limit"]),
    )
    fig.update_xaxes(range=[0.0, top], showgrid=False, ticks="outside", title_text="η")
    fig.update_yaxes(range=[-1.0, 1.0], visible=False)
    style(fig, height=170, legend=False)
    # Thin side margins so the axis lines up with the slider's track above it.
    fig.update_layout(margin=dict(l=10, r=10, t=6, b=45))
    return LiveFigure(fig, (Moves(lr, {"user": pointer}),))


def sweep_figure(lesson: Lesson, sweep: LRSweep, lang: str) -> LiveFigure:
    """Final loss against η on log–log axes: flat near the minimum for a good η, higher for a tiny η
    (not there yet), shooting up past the vertical line at the stability limit 2/λmax. Runs that
    diverged are crosses along the top edge; your η is a dashed line and a dot, at every η."""
    y_range = loss_range(lesson.objective, lesson.window)
    y_top = y_range[1] / 1.5
    diverged = sweep.diverged_at >= 0
    lr = lesson.controls["lr"]
    finals = lesson.yours.final_loss
    user_line = {"x": np.repeat(lr.values[:, None], 2, axis=1)}
    user_point = {"x": lr.values[:, None], "y": np.where(np.isnan(finals), y_top, finals)[:, None]}
    at = lesson.at["lr"]
    fig = go.Figure(
        [
            go.Scatter(
                x=sweep.lr,
                y=sweep.final_loss,
                mode="lines+markers",
                line=dict(color=COLORS["loss"], width=3),
                marker=dict(size=6),
                name=tr("learning_rate.sweep_final", lang),
                meta="sweep",
                hovertemplate="η=%{x:.4g}<br>%{y:.4g}<extra></extra>",
            ),
            go.Scatter(
                x=sweep.lr[diverged],
                y=np.full(int(diverged.sum()), y_top),
                mode="markers",
                marker=dict(color=COLORS["limit"], size=10, symbol="x"),
                name=tr("learning_rate.sweep_diverged", lang),
                meta="diverged",
                customdata=sweep.diverged_at[diverged],
                hovertemplate="η=%{x:.4g}<br>" + tr("common.diverged_at", lang, n="%{customdata}") + "<extra></extra>",
            ),
            go.Scatter(
                x=[lesson.limit, lesson.limit],
                y=list(y_range),
                mode="lines",
                line=dict(color=COLORS["limit"], width=3),
                name=tr("learning_rate.limit_name", lang, limit=f"{lesson.limit:.{lesson.digits}f}"),
                meta="limit",
                hoverinfo="name",
            ),
            moving(
                "user",
                user_line,
                at,
                y=list(y_range),
                mode="lines",
                line=dict(color=PRESET_COLORS["yours"], width=2, dash="dash"),
                name=preset_label("yours", lang),
                hoverinfo="name",
            ),
            moving(
                "user_point",
                user_point,
                at,
                mode="markers",
                marker=point_marker(PRESET_COLORS["yours"], 14),
                showlegend=False,
                hoverinfo="skip",
            ),
        ]
    )
    x_lo, x_hi = float(sweep.lr[0]), float(sweep.lr[-1])
    fig.update_xaxes(type="log", range=[math.log10(x_lo / 1.2), math.log10(x_hi * 1.2)], dtick=1, title_text="η")
    set_log_y(fig, y_range)
    steps = int(lesson.shown[-1])
    fig.update_yaxes(title_text=tr("learning_rate.final_loss", lang, steps=steps))
    style(fig, height=440)
    return LiveFigure(fig, (Moves(lr, {"user": user_line, "user_point": user_point}),))


# ---------------------------------------------------------------------------------------------
# What each run did, in words and numbers.


def arrival_step(objective: LinearMSE, loss: FloatArray, *, tolerance: float = 1e-4) -> int | None:
    """First step at which the loss is within ``tolerance`` of the way down from the start to the
    minimum (L − L* ≤ tolerance · (L₀ − L*)), or None if the run never gets there."""
    best = float(objective.value(objective.minimizer()))
    start_gap = max(float(loss[0]) - best, 1e-300)
    with np.errstate(invalid="ignore"):
        close = np.flatnonzero(loss - best <= tolerance * start_gap)
    return int(close[0]) if close.size else None


def status(objective: LinearMSE, lr: float, loss: FloatArray, diverged_at: int | None, lang: str) -> str:
    """What a run at ``lr`` whose losses were ``loss`` did, in words: diverged at step n / diverging /
    reached the minimum / on its way, with "bounces" when η·λmax > 1 makes it overshoot every step."""
    if diverged_at is not None:
        return tr("common.diverged_at", lang, n=diverged_at)
    rho = contraction(objective, lr)
    if rho > 1.0:
        return tr("learning_rate.status_diverging", lang, rho=fmt(rho, 3))
    bounces = lr * float(np.linalg.eigvalsh(objective.hessian())[-1]) > 1.0
    arrived = arrival_step(objective, loss)
    if arrived is None:
        return tr("learning_rate.status_way" + ("_bounce" if bounces else ""), lang)
    return tr("learning_rate.status_done" + ("_bounce" if bounces else ""), lang, n=arrived)


def arrival_text(objective: LinearMSE, path: Path, lang: str) -> str:
    """ "step n" when the run reached the minimum, else "diverged at step n" or "not yet"."""
    if path.diverged_at is not None:
        return tr("common.diverged_at", lang, n=path.diverged_at)
    arrived = arrival_step(objective, path.loss)
    return tr("learning_rate.not_yet", lang) if arrived is None else tr("common.step_n", lang, n=arrived)


def final_loss_text(loss: FloatArray, diverged_at: int | None) -> str:
    """The final loss with four significant digits, or "—" after divergence."""
    return "—" if diverged_at is not None else f"{float(loss[-1]):.4g}"


def _row(
    lesson: Lesson, lr: float, lr_text: str, loss: FloatArray, diverged_at: int | None, lang: str
) -> tuple[str, ...]:
    """A run's η (as ``lr_text``), η as a multiple of the limit, ρ = max|1 − η·λ|, final loss and what
    it did."""
    return (
        lr_text,
        _multiple(lr, lesson.limit),
        fmt(contraction(lesson.objective, lr), 4),
        final_loss_text(loss, diverged_at),
        status(lesson.objective, lr, loss, diverged_at, lang),
    )


def _your_rows(lesson: Lesson, lang: str) -> list[tuple[str, ...]]:
    """:func:`_row` of your run at every η."""
    yours = lesson.yours
    return [
        _row(lesson, float(lr), text, yours.loss[i], _diverged(yours.diverged_at[i]), lang)
        for i, (lr, text) in enumerate(zip(yours.lr, lesson.controls["lr"].texts, strict=True))
    ]


def facts_text(lesson: Lesson, lang: str) -> LiveText:
    """Beside the slider: the limit, your η as a multiple of it, the factor ρ and what your run did."""
    slots = TextSlots(*lesson.controls.values())
    rows = _your_rows(lesson, lang)
    limit = f"η < {lesson.limit:.{lesson.digits}f}"
    facts = (
        readout_html(tr("learning_rate.metric_limit", lang), limit),
        readout_html(tr("learning_rate.metric_multiple", lang), slots.add({"lr": [r[1] for r in rows]})),
        readout_html(tr("learning_rate.metric_rho", lang), slots.add({"lr": [r[2] for r in rows]})),
    )
    verdict = slots.add({"lr": [r[4] for r in rows]})
    verdict = f"<p><strong>{escape(preset_label('yours', lang))}:</strong> {verdict}</p>"
    return slots.text("".join(facts) + verdict)


def table_text(lesson: Lesson, lang: str) -> LiveText:
    """One row per run (the presets, then yours at every η): η, η / limit, ρ, final loss, what it did."""
    slots = TextSlots(*lesson.controls.values())
    columns = ("η", "col_multiple", "col_rho", "col_final", "col_status")
    heads = [c if c == "η" else tr(f"learning_rate.{c}", lang) for c in columns]
    cells = {
        name: _row(lesson, lr, _eta(lr), lesson.presets[name].loss, lesson.presets[name].diverged_at, lang)
        for name, lr in preset_lrs(lesson.limit).items()
    }
    yours = _your_rows(lesson, lang)
    cells["yours"] = tuple(slots.add({"lr": [row[k] for row in yours]}) for k in range(len(columns)))
    run = tr("learning_rate.col_run", lang)
    rows = [{run: preset_label(name, lang), **dict(zip(heads, row, strict=True))} for name, row in cells.items()]
    return slots.text(table_html(rows, index_column=run, live_align="left"))


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
        go.Scatter(
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
        go.Scatter(
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
            go.Scatter(
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
