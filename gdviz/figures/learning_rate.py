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
from gdviz.figures.theme import COLORS, fmt, nice_floor, panel_grid, panel_row, point_marker, style
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

RUNS = (*(name for name, _ in PRESETS), "yours")
"""The runs of the lesson, in the order of its panels, lines and table."""

SCHEDULED_COLOR = "#0072B2"
SWEEP_POINTS = 60
START_VALUES = {1: 40, 2: 20}
"""About how many values the live start w₀ has (its step a 1-2-5 number, as lesson 3's), by the number
of parameters. Every run is sent from every w₀ of the grid; with two, each point of a path is two
numbers and the runs crawl along the valley instead of settling (less to compress), so a w₀ costs about
twice the bytes, and the lesson must open within its budget of bytes."""


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


def start_control(ds: Dataset, lang: str) -> Control:
    """The live start w₀: the dataset's w range by a 1-2-5 step (about :data:`START_VALUES` values),
    opening at the grid value nearest the dataset's start. Key ``w0``, as lesson 3's: a committed w₀
    carries over between them.

    >>> from gdviz.core import datasets
    >>> c = start_control(datasets.get("tadpole"), "en")
    >>> c.size, c.texts[c.default]
    (41, '2.00')
    >>> c = start_control(datasets.get("five_points"), "en")
    >>> c.size, c.texts[c.default], c.texts[1]
    (31, '0.00', '−0.80')
    """
    lo, hi = ds.w_range
    step = nice_floor((hi - lo) / START_VALUES[2 if ds.intercept else 1])
    return control("w0", tr("learning_rate.w0", lang), lo, hi, step, ds.start[0])


def lesson_controls(ds: Dataset, objective: LinearMSE, steps: int, lang: str) -> dict[str, Control]:
    """The live controls: the start w₀ (:func:`start_control`), η on the lesson's grid
    (:func:`lr_control`), opening at 0.8 × the limit, and the step every panel shows
    (:func:`shown_steps`), opening at the last."""
    scale = lr_control(objective.stability_limit())
    lr = control("lr", tr("common.lr", lang), scale.step, scale.max, scale.step, scale.default, digits=scale.digits)
    shown = shown_steps(steps)
    step = Control("step", tr("learning_rate.step_shown", lang), shown.astype(np.float64), tuple(map(str, shown)), 0)
    return {
        "w0": start_control(ds, lang),
        "lr": lr,
        "step": replace(step, default=step.size - 1, clock=True),
    }


@dataclass(frozen=True)
class Starts:
    """Every run of the lesson from each w₀ of the start control, η held at its committed value.

    Attributes
    ----------
    theta : ndarray of shape (s, 5, steps + 1, d)
        Row i: the runs of :data:`RUNS` (the presets, then yours) from w₀ = ``controls["w0"].values[i]``
        (b₀ held), as :attr:`Path.theta <gdviz.core.descend.Path>` holds them.
    loss : ndarray of shape (s, 5, steps + 1)
    diverged_at : ndarray of shape (s, 5)
        Each run's divergence step, or −1.
    sweep_loss : ndarray of shape (s, SWEEP_POINTS)
        Row i: the final loss at each η of the sweep (:func:`sweep_lrs`) from that w₀, NaN where diverged.
    sweep_diverged_at : ndarray of shape (s, SWEEP_POINTS)
    """

    theta: FloatArray
    loss: FloatArray
    diverged_at: npt.NDArray[np.intp]
    sweep_loss: FloatArray
    sweep_diverged_at: npt.NDArray[np.intp]


@dataclass(frozen=True)
class Lesson:
    """Lesson 4's runs: the presets, and your run at every η of the slider, from the same start; and
    every run from every start.

    Attributes
    ----------
    objective : LinearMSE of one or two parameters
    window : the region every panel shows
    controls : the live controls, by key (w0, lr, step)
    at : the committed index of each control
    theta0 : the committed start, (w₀,) or (w₀, b₀)
    presets : the preset runs, by name (:data:`PRESETS`)
    yours : your run at every η of the lr control (row i at η = ``controls["lr"].values[i]``)
    starts : the runs from every w₀ (:class:`Starts`)
    """

    objective: LinearMSE
    window: Window
    controls: dict[str, Control]
    at: dict[str, int]
    theta0: tuple[float, ...]
    presets: dict[str, Path]
    yours: LRSweep
    starts: Starts

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

    @property
    def sweep_lrs(self) -> FloatArray:
        """The sweep's learning rates (:func:`sweep_lrs`)."""
        return sweep_lrs(self.limit, lr_control(self.limit))

    def path_of(self, name: str) -> tuple[FloatArray, FloatArray, npt.NDArray[np.intp]]:
        """Run ``name``'s θ (s, steps + 1, d), loss (s, steps + 1) and divergence step (s,) from every w₀."""
        k = RUNS.index(name)
        return self.starts.theta[:, k], self.starts.loss[:, k], self.starts.diverged_at[:, k]

    @property
    def run_lrs(self) -> dict[str, float]:
        """Each run's η by name (:data:`RUNS`): the presets', and your committed one."""
        return {**preset_lrs(self.limit), "yours": float(self.controls["lr"].values[self.at["lr"]])}


def lesson_runs(
    objective: LinearMSE, window: Window, controls: dict[str, Control], at: dict[str, int], *, b0: float | None = None
) -> Lesson:
    """The presets (:func:`descend`) and your run at every η of the slider (:func:`lr_sweep`, one array
    operation a step for all of them) from the committed w₀ (and ``b0`` for two parameters); and from
    every w₀ of its grid, every run at its committed η and the sweep (one :func:`lr_sweep` of all)."""
    if (b0 is None) != (objective.dim == 1):
        raise ValueError(f"b0 is the start's second parameter: give it for two parameters only, not {b0!r}")
    steps = int(controls["step"].values[-1])
    limit = objective.stability_limit()
    held = () if b0 is None else (float(b0),)
    theta0 = (float(controls["w0"].values[at["w0"]]), *held)
    presets = {name: descend(objective, gd(multiple * limit), theta0, steps) for name, multiple in PRESETS}
    yours = lr_sweep(objective, theta0, controls["lr"].values, steps)
    run_lrs = [*preset_lrs(limit).values(), float(controls["lr"].values[at["lr"]])]
    sweep = sweep_lrs(limit, lr_control(limit))
    starts = start_runs(objective, controls["w0"].values, held, run_lrs, sweep, steps)
    return Lesson(objective, window, controls, at, theta0, presets, yours, starts)


def start_runs(
    objective: LinearMSE,
    w0: FloatArray,
    held: Sequence[float],
    run_lrs: Sequence[float],
    sweep: FloatArray,
    steps: int,
) -> Starts:
    """Every run (η in ``run_lrs``, one per name of :data:`RUNS`) and every η of the ``sweep`` from each
    start (w₀, *held) of ``w0``: one :func:`lr_sweep` whose row i·r + j is start i with η j."""
    lrs = np.concatenate([run_lrs, sweep])
    s, r, k = w0.size, lrs.size, len(run_lrs)
    starts = np.column_stack([w0, *(np.full(s, b) for b in held)])
    runs = lr_sweep(objective, np.repeat(starts, r, axis=0), np.tile(lrs, s), steps)
    ours = (np.arange(s)[:, None] * r + np.arange(k)).ravel()
    return Starts(
        theta=runs.theta[ours].reshape(s, k, steps + 1, -1),
        loss=runs.loss[ours].reshape(s, k, steps + 1),
        diverged_at=runs.diverged_at.reshape(s, r)[:, :k],
        sweep_loss=runs.final_loss.reshape(s, r)[:, k:],
        sweep_diverged_at=runs.diverged_at.reshape(s, r)[:, k:],
    )


def _points(objective: LinearMSE, theta: FloatArray, loss: FloatArray) -> tuple[FloatArray, FloatArray]:
    """What a panel draws of θ (…, d) and its loss (…): (w, loss) for one parameter, (w, b) for two."""
    return (theta[..., 0], loss) if objective.dim == 1 else (theta[..., 0], theta[..., 1])


def _diverged(at: int) -> int | None:
    return None if at < 0 else int(at)


def _exit_notes(lesson: Lesson, name: str, lang: str) -> list[str]:
    """Where run ``name`` left the picture (:func:`exit_note`), from every w₀; "" where it stays in view."""
    theta, loss, diverged_at = lesson.path_of(name)
    x, y = _points(lesson.objective, theta, loss)
    notes = [exit_note(_diverged(at), x[i], y[i], lesson.window, lang) for i, at in enumerate(diverged_at)]
    return [note or "" for note in notes]


def _your_note(lesson: Lesson, lr_text: str, lr: float, left: str | None) -> str:
    """Above your panel: η, its multiple of the limit, and where the run left the picture."""
    note = f"η = {lr_text} ({_multiple(lr, lesson.limit)})"
    return f"{note}<br>{left}" if left else note


def _your_notes(lesson: Lesson, lang: str) -> dict[str, list[str]]:
    """:func:`_your_note` at every η (from the committed w₀) and from every w₀ (at the committed η)."""
    lr = lesson.controls["lr"]
    x, y = _points(lesson.objective, lesson.yours.theta, lesson.yours.loss)
    along_lr = [
        _your_note(
            lesson, text, value, exit_note(_diverged(lesson.yours.diverged_at[i]), x[i], y[i], lesson.window, lang)
        )
        for i, (value, text) in enumerate(zip(lesson.yours.lr, lr.texts, strict=True))
    ]
    at = lesson.at["lr"]
    along_w0 = [_your_note(lesson, lr.texts[at], lr.values[at], left) for left in _exit_notes(lesson, "yours", lang)]
    return {"lr": along_lr, "w0": along_w0}


def _texts(texts: Sequence[str]) -> npt.NDArray[np.object_]:
    """Texts as the rows of a moving text attribute: one a row."""
    return np.array(texts, dtype=object)[:, None]


PANELS_HEIGHT = 420


def panels_figure(lesson: Lesson, lang: str, *, across: int | None = None) -> LiveFigure:
    """One panel per run (the presets, then yours; ``across`` to a row, all by default: a phone takes
    two) on the same fixed window: each run's path and its point at the step shown; your path at every
    η; every run's from every w₀. A run that leaves the window says at which step at the top of its
    panel; yours says it with its η."""
    objective, window, shown = lesson.objective, lesson.window, lesson.shown
    titles = [
        f"{preset_label(name, lang)}<br>η = {_eta(multiple * lesson.limit)} ({_multiple(multiple, 1.0)})"
        for name, multiple in PRESETS
    ]
    titles.append(f"{preset_label('yours', lang)}<br>{tr('learning_rate.yours_title', lang)}")
    x_title, y_title = ("w", tr("common.mse", lang)) if objective.dim == 1 else ("w", "b")
    fig, places = panel_grid(titles, across=across, x_title=x_title, y_title=y_title, height=PANELS_HEIGHT)
    lr_at, step_at = lesson.at["lr"], lesson.at["step"]
    # Each run's points at the steps drawn, along η for yours.
    points = {name: _points(objective, path.theta[shown], path.loss[shown]) for name, path in lesson.presets.items()}
    along_lr = _points(objective, lesson.yours.theta[:, shown], lesson.yours.loss[:, shown])
    points["yours"] = (along_lr[0][lr_at], along_lr[1][lr_at])
    notes = {name: _exit_notes(lesson, name, lang) for name, _ in PRESETS}
    your_notes = _your_notes(lesson, lang)
    notes["yours"] = your_notes["w0"]
    step_text = tr("common.step", lang)
    moves_lr: dict[str, dict[str, FloatArray]] = {
        "path:yours": {"x": along_lr[0], "y": along_lr[1]},
        "at:yours": {"x": along_lr[0][:, step_at, None], "y": along_lr[1][:, step_at, None]},
        "note:yours": {"text": _texts(your_notes["lr"])},
    }
    moves_step: dict[str, dict[str, FloatArray]] = {}
    moves_w0: dict[str, dict[str, FloatArray]] = {}
    for (row, col), name in zip(places, RUNS, strict=True):
        add_background(fig, objective, window, lang, row=row, col=col)
        x, y = points[name]
        theta, loss, _ = lesson.path_of(name)
        wx, wy = _points(objective, theta[:, shown], loss[:, shown])
        moves_w0[f"path:{name}"] = {"x": wx, "y": wy}
        moves_w0[f"at:{name}"] = {"x": wx[:, step_at, None], "y": wy[:, step_at, None]}
        moves_w0[f"note:{name}"] = {"text": _texts(notes[name])}
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
            row=row,
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
            row=row,
            col=col,
        )
        committed = (
            moves_lr["note:yours"]["text"][lr_at]
            if name == "yours"
            else [exit_note(lesson.presets[name].diverged_at, x, y, window, lang) or ""]
        )
        fig.add_trace(
            go.Scatter(
                meta=f"note:{name}",
                text=committed,
                x=[sum(window.x) / 2],
                y=[window.y[1]],
                mode="text",
                textposition="bottom center",
                # A halo in the background's colour: the note stays readable where a path runs under it.
                textfont=dict(size=14, color=color if name == "yours" else COLORS["limit"], shadow="auto"),
                showlegend=False,
                hoverinfo="skip",
            ),
            row=row,
            col=col,
        )
    # The titles name the runs; a legend would only repeat them (panel_grid leaves it out).
    fig.update_xaxes(range=window.x)
    fig.update_yaxes(range=window.y)
    fig.update_layout(margin=dict(t=70))
    moves = (
        Moves(lesson.controls["w0"], moves_w0),
        Moves(lesson.controls["lr"], moves_lr),
        Moves(lesson.controls["step"], moves_step),
    )
    return LiveFigure(fig, moves)


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
    the step shown marked; your line at every η, and every run's from every w₀. Where a run diverged
    the table and its panel say (a legend cannot follow the start)."""
    objective, shown = lesson.objective, lesson.shown
    lr_at, step_at = lesson.at["lr"], lesson.at["step"]
    best = float(objective.value(objective.minimizer()))
    steps = int(shown[-1])
    fig = go.Figure(reference_trace(steps, best, tr("learning_rate.min_loss", lang, loss=fmt(best, 3))))
    step_text = tr("common.step", lang)
    losses = {name: path.loss[shown] for name, path in lesson.presets.items()}
    yours = lesson.yours.loss[:, shown]
    losses["yours"] = yours[lr_at]
    for name in RUNS:
        fig.add_trace(
            go.Scatter(
                meta=f"loss:{name}",
                x=shown,
                y=losses[name],
                mode="lines+markers" if shown.size <= 60 else "lines",
                line=dict(color=PRESET_COLORS[name], width=3),
                marker=dict(size=6),
                name=preset_label(name, lang),
                hovertemplate=f"{preset_label(name, lang)}<br>{step_text} %{{x}}: %{{y:.4g}}<extra></extra>",
            )
        )
    at_step = np.column_stack([losses[name] for name in RUNS])  # (steps shown, runs)
    along_step = {"x": np.repeat(shown[:, None].astype(np.float64), len(RUNS), axis=1), "y": at_step}
    along_lr = {"y": np.column_stack([np.tile(at_step[step_at, :-1], (yours.shape[0], 1)), yours[:, step_at]])}
    from_w0 = {name: lesson.path_of(name)[1][:, shown] for name in RUNS}
    along_w0: dict[str, dict[str, FloatArray]] = {f"loss:{name}": {"y": rows} for name, rows in from_w0.items()}
    along_w0["at"] = {"y": np.column_stack([rows[:, step_at] for rows in from_w0.values()])}
    fig.add_trace(
        moving(
            "at",
            along_step,
            step_at,
            mode="markers",
            marker=point_marker([PRESET_COLORS[name] for name in RUNS], 13),
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
            Moves(lesson.controls["w0"], along_w0),
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


def sweep_figure(lesson: Lesson, lang: str) -> LiveFigure:
    """Final loss against η on log–log axes: flat near the minimum for a good η, higher for a tiny η
    (not there yet), shooting up past the vertical line at the stability limit 2/λmax. Runs that
    diverged are crosses along the top edge; your η is a dashed line and a dot, at every η. The
    curve, its crosses and your dot from every w₀."""
    y_range = loss_range(lesson.objective, lesson.window)
    y_top = y_range[1] / 1.5
    lrs, starts = lesson.sweep_lrs, lesson.starts
    lr = lesson.controls["lr"]
    finals = lesson.yours.final_loss
    user_line = {"x": np.repeat(lr.values[:, None], 2, axis=1)}
    user_point = {"x": lr.values[:, None], "y": np.where(np.isnan(finals), y_top, finals)[:, None]}
    # From every w₀: the curve (a gap where a run diverged), a cross at each η that diverged (none
    # where it did not) and the step it diverged at, and your dot.
    diverged = starts.sweep_diverged_at >= 0
    yours = np.where(starts.diverged_at[:, -1] >= 0, np.nan, starts.loss[:, -1, -1])
    along_w0 = {
        "sweep": {"y": starts.sweep_loss},
        "diverged": {"x": np.where(diverged, lrs, np.nan), "customdata": starts.sweep_diverged_at.astype(np.float64)},
        "user_point": {"y": np.where(np.isnan(yours), y_top, yours)[:, None]},
    }
    at, w0_at = lesson.at["lr"], lesson.at["w0"]
    fig = go.Figure(
        [
            go.Scatter(
                x=lrs,
                y=starts.sweep_loss[w0_at],
                mode="lines+markers",
                line=dict(color=COLORS["loss"], width=3),
                marker=dict(size=6),
                name=tr("learning_rate.sweep_final", lang),
                meta="sweep",
                hovertemplate="η=%{x:.4g}<br>%{y:.4g}<extra></extra>",
            ),
            go.Scatter(
                x=along_w0["diverged"]["x"][w0_at],
                y=np.full(lrs.size, y_top),
                mode="markers",
                marker=dict(color=COLORS["limit"], size=10, symbol="x"),
                name=tr("learning_rate.sweep_diverged", lang),
                meta="diverged",
                customdata=starts.sweep_diverged_at[w0_at],
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
    x_lo, x_hi = float(lrs[0]), float(lrs[-1])
    fig.update_xaxes(type="log", range=[math.log10(x_lo / 1.2), math.log10(x_hi * 1.2)], dtick=1, title_text="η")
    set_log_y(fig, y_range)
    steps = int(lesson.shown[-1])
    fig.update_yaxes(title_text=tr("learning_rate.final_loss", lang, steps=steps))
    style(fig, height=440)
    return LiveFigure(
        fig, (Moves(lesson.controls["w0"], along_w0), Moves(lr, {"user": user_line, "user_point": user_point}))
    )


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


def _outcomes(lesson: Lesson, name: str, lang: str) -> list[tuple[str, str]]:
    """Run ``name``'s final loss and what it did (:func:`status`), from every w₀ at its η."""
    lr = lesson.run_lrs[name]
    _, loss, diverged_at = lesson.path_of(name)
    outcomes = []
    for losses, at in zip(loss, diverged_at, strict=True):
        outcomes.append(
            (final_loss_text(losses, _diverged(at)), status(lesson.objective, lr, losses, _diverged(at), lang))
        )
    return outcomes


def facts_text(lesson: Lesson, lang: str) -> LiveText:
    """Beside the slider: the limit, your η as a multiple of it, the factor ρ and what your run did
    (at every η, and from every w₀)."""
    slots = TextSlots(*lesson.controls.values())
    rows = _your_rows(lesson, lang)
    limit = f"η < {lesson.limit:.{lesson.digits}f}"
    facts = (
        readout_html(tr("learning_rate.metric_limit", lang), limit),
        readout_html(tr("learning_rate.metric_multiple", lang), slots.add({"lr": [r[1] for r in rows]})),
        readout_html(tr("learning_rate.metric_rho", lang), slots.add({"lr": [r[2] for r in rows]})),
    )
    from_w0 = [verdict for _, verdict in _outcomes(lesson, "yours", lang)]
    verdict = slots.add({"lr": [r[4] for r in rows], "w0": from_w0})
    verdict = f"<p><strong>{escape(preset_label('yours', lang))}:</strong> {verdict}</p>"
    return slots.text("".join(facts) + verdict)


def table_text(lesson: Lesson, lang: str) -> LiveText:
    """One row per run (the presets, then yours at every η): η, η / limit, ρ, final loss, what it did;
    the final loss and what it did from every w₀."""
    slots = TextSlots(*lesson.controls.values())
    columns = ("η", "col_multiple", "col_rho", "col_final", "col_status")
    heads = [c if c == "η" else tr(f"learning_rate.{c}", lang) for c in columns]
    cells: dict[str, tuple[str, ...]] = {}
    for name, lr in preset_lrs(lesson.limit).items():
        fixed = _row(lesson, lr, _eta(lr), lesson.presets[name].loss, lesson.presets[name].diverged_at, lang)[:3]
        outcomes = _outcomes(lesson, name, lang)
        cells[name] = (*fixed, *(slots.add({"w0": [o[k] for o in outcomes]}) for k in range(2)))
    yours, outcomes = _your_rows(lesson, lang), _outcomes(lesson, "yours", lang)
    cells["yours"] = tuple(
        slots.add({"lr": [row[k] for row in yours]} | ({"w0": [o[k - 3] for o in outcomes]} if k >= 3 else {}))
        for k in range(len(columns))
    )
    run = tr("learning_rate.col_run", lang)
    rows = [{run: preset_label(name, lang), **dict(zip(heads, row, strict=True))} for name, row in cells.items()]
    return slots.text(table_html(rows, index_column=run, live_align="left"))


# ---------------------------------------------------------------------------------------------
# Schedules: the learning rate changes with the step.


SCHEDULE_HEIGHT = 460
"""The schedule's three panels side by side."""

SCHEDULE_STACKED_HEIGHT = 1150
"""The same, one above another (a phone)."""


def schedule_figure(
    objective: LinearMSE,
    window: Window,
    schedule_values: np.ndarray,
    constant: Run,
    scheduled: Run,
    control: LRControl,
    limit: float,
    lang: str,
    *,
    stacked: bool = False,
) -> go.Figure:
    """Three panels: η against the step (constant and scheduled, with the limit), the two paths, and
    the loss each gives against the step (log axis); side by side, or one above another when
    ``stacked`` (a phone)."""
    titles = [
        tr(key, lang)
        for key in ("learning_rate.sched_lr_panel", "learning_rate.sched_path_panel", "learning_rate.sched_loss_panel")
    ]
    height = SCHEDULE_STACKED_HEIGHT if stacked else SCHEDULE_HEIGHT
    fig, (lr_at, path_at, loss_at) = panel_row(3, stacked=stacked, height=height, titles=titles)
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
        **lr_at,
    )
    lr_lines, paths, losses = _schedule_traces(schedule_values, constant, scheduled, lang)
    for trace in lr_lines:
        fig.add_trace(trace, **lr_at)
    add_background(fig, objective, window, lang, **path_at)
    for trace in paths:
        fig.add_trace(trace, **path_at)
    for trace in losses:
        fig.add_trace(trace, **loss_at)
    y_loss = loss_range(objective, window)
    fig.update_xaxes(title_text=tr("common.step", lang), range=[0, max(steps, 1)], **lr_at)
    fig.update_yaxes(title_text="η", range=[0.0, control.max * 1.05], **lr_at)
    fig.update_xaxes(title_text="w", range=window.x, **path_at)
    y_name = tr("common.mse", lang) if objective.dim == 1 else "b"
    fig.update_yaxes(title_text=y_name, range=window.y, **path_at)
    fig.update_xaxes(title_text=tr("common.step", lang), range=[0, max(steps, 1)], **loss_at)
    set_log_y(fig, y_loss, **loss_at)
    fig.update_yaxes(title_text=tr("learning_rate.loss_log", lang), **loss_at)
    style(fig, height=height)
    # The legend above the first panel's title: 14 % of a row's plot, 5 % of three stacked.
    fig.update_layout(margin=dict(t=100), legend=dict(y=1.05 if stacked else 1.14))
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
