"""Lesson 5 figures: full batch, mini-batch and stochastic descent on the MSE(w, b) contour, and the
noisy per-batch loss with its exponentially weighted moving average.

The three runs are compared at equal **epochs** (passes over the data), not at equal iterations:
after E epochs full batch has made E updates, mini-batch E·⌈n/B⌉ and stochastic E·n, and each has
used every point E times. So the animation's clock is the epoch, and each frame shows every run
after the same fraction of the data.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gdviz.core import datasets
from gdviz.core.batches import steps_per_epoch
from gdviz.core.datasets import Dataset
from gdviz.core.descend import Path
from gdviz.core.objectives import LinearMSE
from gdviz.core.smoothing import ewma
from gdviz.figures import race
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, control, moving
from gdviz.figures.theme import (
    COLORS,
    MAX_FRAMES,
    RULE_COLORS,
    add_animation,
    controls_below_axis_title,
    fmt,
    move_animated,
    style,
)
from gdviz.i18n import tr

DATASETS: tuple[str, ...] = ("synthetic_100", "five_points", "two_features")
"""Datasets with exactly two parameters: one feature with an intercept (w, b), or two weights."""

RUNS: tuple[str, ...] = ("full", "minibatch", "stochastic")
"""The three runs, biggest batch first (codes are also the colour keys of ``RULE_COLORS``)."""

LESSON_DEFAULTS: dict[str, dict[str, Any]] = {
    # lr: (min, max, step, default). The max sits near each dataset's full-batch stability limit 2/λmax
    # (0.48, 0.085, 0.07); single points are steeper still, so near the top the stochastic path scatters
    # wildly (on synthetic_100 it diverges at 0.5).
    "synthetic_100": {"lr": (0.005, 0.5, 0.005, 0.05), "start": (-1.0, 9.0), "batch": 10, "epochs": 10},
    "five_points": {"lr": (0.001, 0.08, 0.001, 0.02), "start": (0.0, 4.0), "batch": 2, "epochs": 20},
    "two_features": {"lr": (0.001, 0.07, 0.001, 0.02), "start": (-0.5, 1.5), "batch": 2, "epochs": 30},
}
"""Per-dataset slider settings: learning-rate range and default, start point, batch size, epochs."""

MAX_EPOCHS = 30


def objective(ds: Dataset) -> LinearMSE:
    """The lesson's loss: the MSE of ``y ≈ w·x + b`` (or ``w₁x₁ + w₂x₂`` for two features)."""
    return LinearMSE(ds.x, ds.y, intercept=ds.intercept)


def axis_names(ds: Dataset) -> tuple[str, str]:
    """Names of the two parameters: (w, b), or (w₁, w₂) without an intercept."""
    return ("w", "b") if ds.intercept else ("w₁", "w₂")


def kind(batch_size: int, n: int) -> str:
    """Which descent a batch size is: ``"stochastic"`` (1), ``"full"`` (n or more) or ``"minibatch"``."""
    if batch_size <= 1:
        return "stochastic"
    return "full" if batch_size >= n else "minibatch"


def run_sizes(n: int, batch_size: int) -> dict[str, int]:
    """Batch size of each run: full = n, mini-batch = the slider's, stochastic = 1."""
    return {"full": n, "minibatch": int(batch_size), "stochastic": 1}


def run_steps(n: int, batch_size: int, epochs: int) -> dict[str, int]:
    """Updates each run makes in ``epochs`` passes: ``epochs·⌈n/B⌉``."""
    return {code: int(epochs) * steps_per_epoch(n, size) for code, size in run_sizes(n, batch_size).items()}


def run_name(code: str, batch_size: int, n: int, lang: str) -> str:
    """Legend name: ``mini-batch (B = 10)``; a mini-batch slider at 1 or n says which run it copies."""
    name = tr(f"batching.run_{code}", lang) + f" (B = {batch_size})"
    if code == "minibatch" and kind(batch_size, n) != "minibatch":
        name += " = " + tr(f"batching.run_{kind(batch_size, n)}", lang)
    return name


def run_card(code: str, n: int, batch_size: int, epochs: int, path: Path, lang: str) -> tuple[str, str]:
    """One run's arithmetic, as a box's title (escaped) and markdown lines
    (:func:`gdviz.figures.formulas.boxes_markdown`): updates per epoch, total updates, and where it got."""
    spe = steps_per_epoch(n, batch_size)
    if path.diverged_at is not None:
        final = tr("batching.final_diverged", lang, n=path.diverged_at)
    else:
        final = tr("batching.final", lang, epochs=epochs, mse=fmt(float(path.loss[-1]), 3))
    lines = (
        tr("batching.per_epoch", lang, n=n, b=batch_size, spe=spe),
        tr("batching.total", lang, epochs=epochs, spe=spe, total=epochs * spe),
        final,
    )
    return html.escape(run_name(code, batch_size, n, lang)), "\n\n".join(lines)


def epoch_progress(epochs: int, n: int, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """The animation clock in epochs: 0 … ``epochs`` in at most ``max_frames`` even ticks
    (and no finer than one stochastic update, 1/n of an epoch)."""
    count = min(int(epochs) * n + 1, max_frames)
    return np.linspace(0.0, float(epochs), count)


def steps_done(progress: float, per_epoch: int, total: int) -> int:
    """Updates a run with ``per_epoch`` updates per epoch has made after ``progress`` epochs."""
    return min(math.floor(progress * per_epoch + 1e-9), total)


def _grid(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys = race.grid(ds.w_range, ds.b_range, 121)
    return xs, ys, objective(ds).grid(xs, ys)


def contour_base(ds: Dataset, lang: str) -> go.Figure:
    """The static layer, cached per dataset and language: MSE contour lines over the dataset's window."""
    w_name, b_name = axis_names(ds)
    xs, ys, values = _grid(ds)
    fig = go.Figure(race.contour_traces(xs, ys, values, value_name="MSE"))
    fig.update_xaxes(title_text=w_name, range=list(ds.w_range))
    fig.update_yaxes(title_text=b_name, range=list(ds.b_range))
    return style(fig, height=600)


def paths_figure(
    ds: Dataset, runs: Mapping[str, Path], batch_size: int, lang: str, *, base: go.Figure | None = None
) -> go.Figure:
    """The three runs on the contour from the same start, animated on one epoch clock.

    Parameters
    ----------
    ds : Dataset
    runs : mapping run code (``"full"``, ``"minibatch"``, ``"stochastic"``) -> Path
        Each run for the same number of epochs.
    batch_size : int
        The mini-batch run's B.
    base : go.Figure, optional
        :func:`contour_base` of ``ds`` and ``lang`` (a cached copy); built when omitted.

    Trace order: the contour lines (one trace per level); per run its faint whole path and its trail
    so far; the least-squares minimum; the start; per run its current point. Frame j shows every run
    after ``epoch_progress[j]`` epochs; the axes are the dataset's window.
    """
    fig = base if base is not None else contour_base(ds, lang)
    first = len(fig.data)
    drawn = _Runs(ds, runs, batch_size, lang)
    for trace in drawn.traces:
        fig.add_trace(trace)
    add_animation(fig, drawn.frames(first), drawn.animated(first), drawn.labels, lang)
    controls_below_axis_title(fig)
    fig.update_layout(meta=drawn.meta)
    return fig


def set_paths(fig: go.Figure, ds: Dataset, runs: Mapping[str, Path], batch_size: int, lang: str) -> go.Figure:
    """Move a :func:`paths_figure` of the same dataset and language to new runs, in place: traces,
    frames, slider labels (see :func:`gdviz.figures.optimizers.set_race`)."""
    drawn = _Runs(ds, runs, batch_size, lang)
    move_animated(fig, drawn.traces, drawn.frames, drawn.animated, drawn.labels)
    fig.update_layout(meta=drawn.meta)
    return fig


class _Runs:
    """What :func:`paths_figure` draws for its runs: its traces, in order, and its frames, which name
    traces by their index in the figure."""

    def __init__(self, ds: Dataset, runs: Mapping[str, Path], batch_size: int, lang: str) -> None:
        self.runs = runs
        sizes = run_sizes(ds.n, batch_size)
        start = next(iter(runs.values())).theta[0]
        names = {code: race.path_name(run_name(code, sizes[code], ds.n, lang), p, lang) for code, p in runs.items()}
        window = (ds.w_range[1] - ds.w_range[0], ds.b_range[1] - ds.b_range[0])
        # Full batch makes one long step per epoch: every update is kept, and dots show each.
        self.trails = {code: race.Trail(path.theta, window, every_point=code == "full") for code, path in runs.items()}
        # Indices from the first run trace: each faint whole path (frames slice it), the animated traces.
        traces, self._whole, self._animated = race.race_lines(self.trails, names)
        traces.append(
            race.point_trace(objective(ds).minimizer(), name=tr("batching.best", lang), symbol="star", size=20)
        )
        traces.append(race.point_trace(start, name=tr("common.start", lang), symbol="circle-open", size=16))
        for code, path in runs.items():
            traces.append(race.head_trace(path.theta, color=RULE_COLORS[code], name=names[code], group=code))
            self._animated.append(len(traces) - 1)
        self.traces = traces
        epochs = max(p.steps // p.steps_per_epoch for p in runs.values())
        self.progress = epoch_progress(epochs, ds.n)
        self.labels = [tr("batching.epoch_n", lang, e=fmt(p, 2)) for p in self.progress]
        self.meta = {"epoch_progress": self.progress.tolist()}

    def animated(self, first: int) -> list[int]:
        """The indices of the traces the frames move, the first run trace at ``first``."""
        return [first + i for i in self._animated]

    def frames(self, first: int) -> list[list[dict[str, Any]]]:
        """A frame per point of :func:`epoch_progress`, the first run trace at index ``first``."""
        frames = []
        for p in self.progress:
            done = [steps_done(p, path.steps_per_epoch, path.steps) for path in self.runs.values()]
            lines = [
                self.trails[code].update(k, first + self._whole[code]) for code, k in zip(self.runs, done, strict=True)
            ]
            heads = [race.head_update(path.theta, k) for path, k in zip(self.runs.values(), done, strict=True)]
            frames.append(lines + heads)
        return frames


def loss_range(ds: Dataset) -> list[float]:
    """The loss axis (log, in decades), fixed per dataset: from the highest MSE in the window down to
    a thirtieth of the least-squares MSE (a single point's loss can be far below the mean's minimum)."""
    return list(_loss_range(ds.name))


@functools.cache
def _loss_range(name: str) -> tuple[float, ...]:
    # Per built-in dataset, once: the loss chart is built on every step, and the MSE grid behind the
    # range is the larger part of building it.
    ds = datasets.get(name)
    _, _, values = _grid(ds)
    top = float(values.max()) * 1.2
    best = float(objective(ds).value(objective(ds).minimizer()))
    return tuple(race.log_loss_range(max(best / 30.0, top * 1e-6), top))


BETA_STEP = 0.03
"""The step of the live β: 34 values from 0 to 0.99, 0.9 among them."""

EWMA_POINTS = 300
"""The most points the moving average is drawn with at each β: a screen's width of them, so its rows stay
small to send whatever the run's length (the noisy losses underneath are drawn whole)."""


def beta_control(lang: str) -> Control:
    """The live β of the moving average: 0 to 0.99 by :data:`BETA_STEP`, opening at 0.9."""
    return control("beta", tr("batching.beta", lang), 0.0, 0.99, BETA_STEP, 0.9)


def loss_figure(
    ds: Dataset,
    runs: Mapping[str, Path],
    batch_size: int,
    noisy: str,
    beta: Control,
    lang: str,
    *,
    bias_correction: bool = True,
    x_axis: str = "epochs",
) -> LiveFigure:
    """Loss against iterations or epochs for the run ``noisy`` (``"minibatch"`` or ``"stochastic"``):
    its per-batch loss (noisy), its exponentially weighted moving average at every β of ``beta``
    (moving trace ``ewma``) and its full-data loss, on a log loss axis fixed per dataset.

    On the epoch axis the other runs' full-data losses are drawn too: that is the fair comparison,
    the same number of passes over the data. On the iteration axis only the chosen run is drawn
    (its iterations are not the others'). Iteration t is plotted at x = t, or at t / ⌈n/B⌉ epochs.
    """
    sizes = run_sizes(ds.n, batch_size)
    path = runs[noisy]
    per_epoch = path.steps_per_epoch
    # Evenly spaced x: a start and a step (x0, dx), not a second array.
    dx = 1.0 / per_epoch if x_axis == "epochs" else 1.0
    every = max(1, math.ceil(len(path.batch_loss) / EWMA_POINTS))
    smooth = {"y": ewma(path.batch_loss, beta.values, bias_correction=bias_correction)[:, ::every]}
    color = RULE_COLORS[noisy]
    name = run_name(noisy, sizes[noisy], ds.n, lang)
    hover = "%{x:.2f}: %{y:.3f}<extra></extra>"
    traces = [
        go.Scatter(
            x0=0.0,
            dx=dx,
            y=np.float32(path.batch_loss),
            mode="lines",
            line=dict(color=color, width=1.5),
            opacity=0.55,
            name=tr("batching.batch_loss", lang, run=name),
            hovertemplate=hover,
        ),
        moving(
            "ewma",
            smooth,
            beta.default,
            x0=0.0,
            dx=dx * every,
            mode="lines",
            line=dict(color=color, width=4),
            name=tr("batching.ewma_loss", lang),
            hovertemplate=hover,
        ),
        go.Scatter(
            x0=0.0,
            dx=dx,
            y=np.float32(path.loss),
            mode="lines",
            line=dict(color=COLORS["data"], width=2.5, dash="dash"),
            name=tr("batching.full_loss", lang, run=name),
            hovertemplate=hover,
        ),
    ]
    if x_axis == "epochs":
        traces += [
            go.Scatter(
                x0=0.0,
                dx=1.0 / other.steps_per_epoch,
                y=np.float32(other.loss),
                mode="lines+markers" if code == "full" else "lines",
                marker=dict(size=7),
                line=dict(color=RULE_COLORS[code], width=2),
                opacity=0.8,
                name=tr("batching.full_loss", lang, run=run_name(code, sizes[code], ds.n, lang)),
                hovertemplate=hover,
            )
            for code, other in runs.items()
            if code != noisy
        ]
        x_title, x_end = tr("batching.axis_epochs", lang), path.steps / per_epoch
    else:
        x_title, x_end = tr("batching.axis_iterations", lang, run=name), path.steps
    fig = go.Figure(traces)
    fig.update_xaxes(title_text=x_title, range=[0, max(x_end, 1)])
    # A label per decade only: Plotly's 2 and 5 between decades crowd a projector's axis.
    fig.update_yaxes(
        title_text=tr("common.loss", lang), type="log", range=loss_range(ds), exponentformat="power", dtick=1
    )
    return LiveFigure(style(fig, height=460), (Moves(beta, {"ewma": smooth}),))


def loss_caption(beta: Control, lang: str) -> LiveText:
    """What the loss chart shows, with the moving average's window 1/(1 − β) at every β."""
    slots = TextSlots(beta)
    window = slots.add(["∞" if b >= 1 else fmt(1.0 / (1.0 - b), 0) for b in beta.values])
    words = html.escape(tr("batching.loss_help", lang, window="{window}")).replace("{window}", window)
    return slots.text(f'<p class="gdviz-caption">{words}</p>')
