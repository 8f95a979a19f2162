"""Lesson 5 figures: full batch, mini-batch and stochastic descent on the MSE(w, b) contour, and the
noisy per-batch loss with its exponentially weighted moving average.

The three runs are compared at equal **epochs** (passes over the data), not at equal iterations:
after E epochs full batch has made E updates, mini-batch E·⌈n/B⌉ and stochastic E·n, and each has
used every point E times. So the race's clock is the epoch: at every value of it, each run has used
the same fraction of the data.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Mapping
from html import escape
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from gdviz.core import datasets
from gdviz.core._types import FloatArray
from gdviz.core.batches import steps_per_epoch
from gdviz.core.datasets import Dataset
from gdviz.core.descend import Path
from gdviz.core.smoothing import ewma
from gdviz.figures import race
from gdviz.figures.formulas import table_html
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, control, moving, prefix
from gdviz.figures.theme import COLORS, RULE_COLORS, fmt, nice_floor, style
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


def lesson_defaults(ds: Dataset) -> dict[str, Any]:
    """The lesson's settings for ``ds``: a built-in dataset's from :data:`LESSON_DEFAULTS`; for a user's
    own, the learning rate reaches the full-batch stability limit 2/λmax (as the built-in ranges do) in
    100 steps and opens at half of it, and the start sits in a corner of the window, away from the
    best line, so the three paths have somewhere to go."""
    if ds.name in LESSON_DEFAULTS:
        return LESSON_DEFAULTS[ds.name]
    limit = ds.mse().stability_limit()
    step = nice_floor(limit / 100)
    w_lo, w_hi = ds.w_range
    b_lo, b_hi = ds.b_range
    start = (round(w_lo + 0.15 * (w_hi - w_lo), 1), round(b_hi - 0.15 * (b_hi - b_lo), 1))
    batch = max(1, min(10, ds.n // 4))  # a mini-batch well below the full batch, so the three runs differ
    return {"lr": (step, 100 * step, step, 50 * step), "start": start, "batch": batch, "epochs": 10}


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


CLOCK_TICKS = 51
"""Most values of the live epoch clock."""


def epoch_progress(epochs: int, n: int, ticks: int = CLOCK_TICKS) -> np.ndarray:
    """The clock in epochs: 0 … ``epochs`` in at most ``ticks`` even ticks (and no finer than one
    stochastic update, 1/n of an epoch)."""
    count = min(int(epochs) * n + 1, ticks)
    return np.linspace(0.0, float(epochs), count)


def steps_done(progress: npt.ArrayLike, per_epoch: int, total: int) -> npt.NDArray[np.intp]:
    """Updates a run with ``per_epoch`` updates per epoch has made after each ``progress`` epochs."""
    done = np.floor(np.asarray(progress, dtype=np.float64) * per_epoch + 1e-9).astype(np.intp)
    return np.minimum(done, total)


def clock_control(epochs: int, n: int, lang: str) -> Control:
    """The live epoch clock of the race (:func:`epoch_progress`), opening at the end of the runs."""
    progress = np.round(epoch_progress(epochs, n), 10)  # 0.6, not 0.6000000000000001: as the URL writes it
    return Control(
        "clock", tr("batching.clock", lang), progress, tuple(fmt(p, 2) for p in progress), progress.size - 1, clock=True
    )


def _grid(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys = race.grid(ds.w_range, ds.b_range, 121)
    return xs, ys, ds.mse().grid(xs, ys)


def contour_base(ds: Dataset, lang: str) -> go.Figure:
    """The static layer, cached per dataset and language: MSE contour lines over the dataset's window."""
    w_name, b_name = axis_names(ds)
    xs, ys, values = _grid(ds)
    fig = go.Figure(race.contour_traces(xs, ys, values, value_name="MSE"))
    fig.update_xaxes(title_text=w_name, range=list(ds.w_range))
    fig.update_yaxes(title_text=b_name, range=list(ds.b_range))
    return style(fig, height=600)


def paths_figure(
    ds: Dataset,
    runs: Mapping[str, Path],
    batch_size: int,
    clock: Control,
    at: int,
    lang: str,
    *,
    base: go.Figure | None = None,
) -> LiveFigure:
    """The three runs on the contour from the same start, on one epoch clock: at every value of
    ``clock`` each run has used the same data, and stands after :func:`steps_done` of its updates.

    Parameters
    ----------
    ds : Dataset
    runs : mapping run code (``"full"``, ``"minibatch"``, ``"stochastic"``) -> Path
        Each run for the same number of epochs, the clock's last value.
    batch_size : int
        The mini-batch run's B.
    clock : Control
        :func:`clock_control` of these runs; the figure is drawn at its value ``at``.
    base : go.Figure, optional
        :func:`contour_base` of ``ds`` and ``lang`` (a cached copy, copied here); built when omitted.

    Trace metas, per run: ``path:<code>`` its whole path, faint (drawn within about a pixel,
    :class:`race.Trail`; full batch at every update, with a dot on each); ``trail:<code>`` the path so
    far, a prefix of it; ``head:<code>`` the end of that prefix and the point where the run stands.
    Between them the least-squares minimum and the start. The axes are the dataset's window.
    """
    fig = go.Figure(base) if base is not None else contour_base(ds, lang)
    sizes = run_sizes(ds.n, batch_size)
    window = (ds.w_range[1] - ds.w_range[0], ds.b_range[1] - ds.b_range[0])
    start = next(iter(runs.values())).theta[0]
    layers: dict[str, list[go.Scatter]] = {"paths": [], "trails": [], "heads": []}
    rows: dict[str, dict[str, FloatArray]] = {}
    for code, path in runs.items():
        color, name = RULE_COLORS[code], race.path_name(run_name(code, sizes[code], ds.n, lang), path, lang)
        # Full batch makes one long step per epoch: every update is kept, and dots show each.
        trail = race.Trail(path.theta, window, every_point=code == "full")
        points = trail.points.astype(np.float32)
        done = steps_done(clock.values, path.steps_per_epoch, path.steps)
        counts = trail.counts(done)
        stood = race.last_finite_rows(path.theta)[done]
        ends = points[np.maximum(counts - 1, 0)]
        heads = np.stack([ends, stood], axis=1)  # (clock, 2 points, 2 coordinates)
        rows[f"trail:{code}"] = {prefix(f"path:{code}"): counts[:, None].astype(np.float64)}
        rows[f"head:{code}"] = {"x": heads[..., 0], "y": heads[..., 1]}
        layers["paths"].append(
            go.Scatter(
                meta=f"path:{code}",
                x=points[:, 0],
                y=points[:, 1],
                mode="lines+markers" if code == "full" else "lines",
                line=dict(color=color, width=2),
                marker=dict(size=6, color=color),
                opacity=0.4,
                hoverinfo="skip",
                showlegend=False,
                legendgroup=code,
            )
        )
        layers["trails"].append(race.trail_trace(code, points[: counts[at]], name))
        layers["heads"].append(
            moving(
                f"head:{code}",
                rows[f"head:{code}"],
                at,
                mode="lines+markers",
                line=dict(color=color, width=3),
                marker=dict(size=[0, 15], color=color, line=dict(color="white", width=[0, 2])),
                showlegend=False,
                legendgroup=code,
                hovertemplate=f"{name}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
            )
        )
    best = race.point_trace(ds.mse().minimizer(), name=tr("batching.best", lang), symbol="star", size=20)
    begin = race.point_trace(start, name=tr("common.start", lang), symbol="circle-open", size=16)
    for trace in [*layers["paths"], *layers["trails"], best, begin, *layers["heads"]]:
        fig.add_trace(trace)
    return LiveFigure(fig, (Moves(clock, rows),))


def clock_readout(ds: Dataset, runs: Mapping[str, Path], batch_size: int, clock: Control, lang: str) -> LiveText:
    """Under the race, a row per run at every value of the clock: its updates so far (epochs × updates
    per epoch) and its MSE on all the data there."""
    sizes = run_sizes(ds.n, batch_size)
    slots = TextSlots(clock)
    epoch_slot = slots.add(clock.texts)
    columns = {name: tr(f"batching.col_{name}", lang) for name in ("run", "updates", "mse")}
    table = []
    for code, path in runs.items():
        done = steps_done(clock.values, path.steps_per_epoch, path.steps)
        diverged = tr("batching.final_diverged", lang, n=path.diverged_at)
        table.append(
            {
                columns["run"]: run_name(code, sizes[code], ds.n, lang),
                columns["updates"]: slots.add([str(k) for k in done]),
                columns["mse"]: slots.add([fmt(float(v), 3) if np.isfinite(v) else diverged for v in path.loss[done]]),
            }
        )
    epochs = fmt(clock.values[-1], 0)
    heading = escape(tr("batching.readout_heading", lang, e="\0", epochs=epochs)).replace("\0", epoch_slot)
    return slots.text(f"<p><strong>{heading}</strong></p>" + table_html(table, index_column=columns["run"]))


def loss_range(ds: Dataset) -> list[float]:
    """The loss axis (log, in decades), fixed per dataset: from the highest MSE in the window down to
    a thirtieth of the least-squares MSE (a single point's loss can be far below the mean's minimum)."""
    return list(_loss_range(ds.name) if ds.name in LESSON_DEFAULTS else _range_of(ds))


@functools.cache
def _loss_range(name: str) -> tuple[float, ...]:
    # Per built-in dataset, once: the loss chart is built on every step, and the MSE grid behind the
    # range is the larger part of building it. A user's own data is not kept here (it stays in its session).
    return _range_of(datasets.get(name))


def _range_of(ds: Dataset) -> tuple[float, ...]:
    _, _, values = _grid(ds)
    top = float(values.max()) * 1.2
    obj = ds.mse()
    best = float(obj.value(obj.minimizer()))
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
