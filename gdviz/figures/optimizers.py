"""Lesson 6 figures: optimizers racing on one surface, each step drawn as an arrow.

The surfaces are the five 2-D test functions and the long, narrow valley of the two-feature
regression (its two weights are the two parameters). Per-surface learning rates and step counts
live in :data:`SURFACE_DEFAULTS`: torch's defaults everywhere else, learning rates chosen so that the
race shows the surface's lesson (checked by the tests against the core).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from gdviz.core import datasets, rules
from gdviz.core._types import FloatArray
from gdviz.core.descend import Path, descend
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.core.stability import LRSweep, descend_lrs
from gdviz.expressions import ExpressionError, parse_function
from gdviz.figures import race
from gdviz.figures.formulas import table_html
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, moving, prefix
from gdviz.figures.paths import shown_steps
from gdviz.figures.theme import COLORS, RULE_COLORS, fmt, padded_range, panel_row, point_marker, style
from gdviz.i18n import tr

OPTIMIZERS: tuple[str, ...] = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
"""Optimizer codes, in the order the lesson introduces them (URL values and colour keys)."""

MAX_RACERS = 5
"""At most this many optimizers race at once: more paths than that turn the contour into a tangle."""

SURFACES: tuple[str, ...] = ("saddle", "plateau", "himmelblau", "rosenbrock", "elongated", "valley", "custom")
"""Surface codes: the saddle first (the lesson's headline), then the regression valley and a typed function."""

CUSTOM_FUNCTION = "sin(x)cos(y) + (x^2 + y^2)/10"
"""The typed function the custom surface opens with: a bowl with dimples, several minima to fall into."""

HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    "gd": ("lr",),
    "momentum": ("lr", "momentum"),
    "nesterov": ("lr", "momentum"),
    "adagrad": ("lr", "eps", "initial_accumulator_value"),
    "rmsprop": ("lr", "alpha", "eps"),
    "adam": ("lr", "beta1", "beta2", "eps"),
}
"""Each optimizer's hyperparameters by torch.optim name (Adam's ``betas`` split in two sliders)."""

TORCH_DEFAULTS: dict[str, dict[str, float]] = {
    "gd": {},
    "momentum": {"momentum": 0.9},
    "nesterov": {"momentum": 0.9},
    "adagrad": {"eps": 1e-10, "initial_accumulator_value": 0.0},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
"""torch.optim's defaults for everything but the learning rate (momentum: torch has 0; 0.9 is the usual choice)."""


@dataclass(frozen=True)
class HyperSlider:
    """The slider of one hyperparameter: its range, step and printf format (None: Streamlit's own)."""

    min: float
    max: float
    step: float
    format: str | None = None


HYPER_SLIDERS: dict[str, HyperSlider] = {
    "momentum": HyperSlider(0.0, 0.99, 0.01),
    "beta1": HyperSlider(0.0, 0.99, 0.01),
    "beta2": HyperSlider(0.9, 0.9999, 0.0001, "%.4f"),
    "alpha": HyperSlider(0.5, 0.999, 0.001, "%.3f"),
    "initial_accumulator_value": HyperSlider(0.0, 1.0, 0.01),
}
"""The slider of every hyperparameter in :data:`HYPERPARAMETERS` but ``lr`` (a live control) and ``eps``."""

EPS_CHOICES: tuple[float, ...] = (1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1)
"""The values ``eps`` steps through: powers of ten, since its size matters only in orders of magnitude."""

SURFACE_DEFAULTS: dict[str, dict[str, Any]] = {
    # Same lr for GD and the momentum pair, so the saddle shows what momentum itself adds.
    "saddle": {
        "steps": 100,
        "lr": {"gd": 0.02, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.1, "rmsprop": 0.01, "adam": 0.05},
    },
    # The gradient at the start is ~1e−7: no lr moves GD, while the adaptive rules divide it away.
    "plateau": {
        "steps": 150,
        "lr": {"gd": 0.5, "momentum": 0.5, "nesterov": 0.5, "adagrad": 1.0, "rmsprop": 0.1, "adam": 0.1},
    },
    # From (0, 0) momentum overshoots into the minimum at (3.58, −1.85); the others settle at (3, 2).
    "himmelblau": {
        "steps": 150,
        "lr": {"gd": 0.01, "momentum": 0.01, "nesterov": 0.01, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1},
    },
    "rosenbrock": {
        "steps": 500,
        "lr": {"gd": 0.001, "momentum": 0.001, "nesterov": 0.001, "adagrad": 0.5, "rmsprop": 0.01, "adam": 0.05},
    },
    # GD at 90 % of its stability limit 2/20: it zigzags across y and crawls along x.
    "elongated": {
        "steps": 100,
        "lr": {"gd": 0.09, "momentum": 0.02, "nesterov": 0.02, "adagrad": 1.0, "rmsprop": 0.1, "adam": 0.5},
    },
    "custom": {
        "steps": 100,
        "lr": {"gd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.5, "rmsprop": 0.02, "adam": 0.1},
    },
    "valley": {
        "steps": 200,
        "lr": {"gd": 0.06, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.3, "rmsprop": 0.02, "adam": 0.05},
    },
}
"""Per-surface step count and learning rate of each optimizer."""

DEFAULT_RACERS: tuple[str, ...] = ("gd", "momentum", "rmsprop", "adam")

SADDLE_EXIT = 1.0
"""On the saddle a path has left when |y| > this (the window is |y| ≤ 2)."""

MINIMUM_TOLERANCE = 0.05
"""A path "reached" a minimum when it ends within this distance of it."""


@dataclass(frozen=True)
class Surface:
    """A 2-D objective with the window the lesson draws.

    Attributes
    ----------
    code : str
    objective : TestFunction or LinearMSE
        ``value`` / ``grad`` of θ = (x, y).
    formula : str
        Shown on screen, e.g. ``"x² − y²"``.
    x_range, y_range : tuple[float, float]
    start : tuple[float, float]
    minima : tuple of (x, y)
    x_label, y_label : str
    """

    code: str
    objective: Any
    formula: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    x_label: str = "x"
    y_label: str = "y"

    @property
    def positive(self) -> bool:
        """True when f ≥ 0 everywhere (every surface with a minimum here): the loss axis can be logarithmic."""
        return bool(self.minima)


def surface(code: str | Surface, formula: str | None = None) -> Surface:
    """The surface called ``code`` (one of :data:`SURFACES`); for ``"custom"``, the function ``formula``
    of x and y (:func:`gdviz.expressions.parse_function`, :data:`CUSTOM_FUNCTION` when None) on a window
    chosen from it (:func:`gdviz.figures.race.typed_window`). A formula that cannot be used raises its
    :class:`ExpressionError`. A :class:`Surface` is itself: a notebook races on its own objective
    (``value``/``grad`` of a stack of θ, shape (m, 2)) by building one."""
    if isinstance(code, Surface):
        return code
    if code == "custom":
        return _custom_surface(formula or CUSTOM_FUNCTION)
    if code == "valley":
        ds = datasets.get("two_features")
        obj = ds.mse()
        return Surface(
            code="valley",
            objective=obj,
            formula="MSE(w₁, w₂) = mean((w₁·x₁ + w₂·x₂ − y)²)",
            x_range=ds.w_range,
            y_range=ds.b_range,
            start=(-0.5, 1.5),
            minima=(tuple(float(v) for v in np.round(obj.minimizer(), 12)),),
            x_label="w₁",
            y_label="w₂",
        )
    fn = TEST_FUNCTIONS[code]
    return Surface(code, fn, fn.formula, fn.x_range, fn.y_range, fn.start, fn.minima)


@functools.lru_cache(maxsize=64)
def _custom_surface(formula: str) -> Surface:
    # Parsing, differentiating and choosing the window cost 10-20 ms; a page asks for its surface several
    # times a run (the formula box, the race, the base figure), and every run.
    fn = parse_function(formula, ("x", "y"))
    r = race.typed_window(fn, room=2.5)
    start = (-r + 0.2 * 2 * r, -r + 0.8 * 2 * r)
    surf = Surface("custom", fn, fn.text, (-r, r), (-r, r), start, ())
    if not np.isfinite(_grid(surf)[2]).any():
        raise ExpressionError("nowhere", x=f"{-r:g} … {r:g}", y=f"{-r:g} … {r:g}")
    return surf


ADAPTIVE = ("adagrad", "rmsprop", "adam")
"""Optimizers whose step is about η whatever the slope's size: on a typed function their η follows the
window's size."""

CUSTOM_TUNED_HALF_WIDTH = 4.0
"""The half-width of the typed-function window the custom surface's η in :data:`SURFACE_DEFAULTS` were
chosen on (:data:`CUSTOM_FUNCTION`'s)."""


def default_lr(surf: str | Surface, optimizer: str) -> float:
    """The η ``optimizer`` starts with on the surface. On a typed function an adaptive optimizer's η
    (:data:`ADAPTIVE`) grows with the window (two significant digits) so that its 100 steps of about η can
    cross a ±32 window as they cross ±4 (0.1 there is 0.8 here), and shrinks on a ±2 one.

    >>> default_lr("custom", "adam"), default_lr(surface("custom", "(x-20)^2 + (y+10)^2"), "adam")
    (0.1, 0.8)
    """
    surf = surface(surf)
    lr = SURFACE_DEFAULTS[surf.code]["lr"][optimizer]
    if surf.code == "custom" and optimizer in ADAPTIVE:
        lr = float(f"{lr * surf.x_range[1] / CUSTOM_TUNED_HALF_WIDTH:.2g}")
    return lr


def default_hyper(surf: str | Surface, optimizer: str) -> dict[str, float]:
    """The starting hyperparameters of ``optimizer`` on the surface: its lr (:func:`default_lr`) and
    torch's rest."""
    return {"lr": default_lr(surf, optimizer), **TORCH_DEFAULTS[optimizer]}


def build_rule(optimizer: str, hyper: Mapping[str, float]) -> rules.Rule:
    """The core rule for ``optimizer`` with the hyperparameters named as in :data:`HYPERPARAMETERS`."""
    lr = hyper["lr"]
    if optimizer == "gd":
        return rules.gd(lr)
    if optimizer in ("momentum", "nesterov"):
        return rules.momentum(lr, hyper["momentum"], nesterov=optimizer == "nesterov")
    if optimizer == "adagrad":
        return rules.adagrad(lr, hyper["eps"], hyper["initial_accumulator_value"])
    if optimizer == "rmsprop":
        return rules.rmsprop(lr, hyper["alpha"], hyper["eps"])
    if optimizer == "adam":
        return rules.adam(lr, (hyper["beta1"], hyper["beta2"]), hyper["eps"])
    raise KeyError(f"Unknown optimizer {optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")


def label(optimizer: str, lang: str) -> str:
    """The optimizer's name on screen."""
    return tr(f"optimizers.name_{optimizer}", lang)


# ---------------------------------------------------------------------------------------------
# What each race shows, as numbers the captions print.


def saddle_exit_step(path: Path, threshold: float = SADDLE_EXIT) -> int | None:
    """First step whose θ has |y| > ``threshold`` (the path has rolled off the saddle), else None."""
    y = np.abs(path.theta[:, 1])
    hits = np.flatnonzero(np.isfinite(y) & (y > threshold))
    return int(hits[0]) if hits.size else None


def reached_minimum(surf: Surface, path: Path, tolerance: float = MINIMUM_TOLERANCE) -> int | None:
    """Index into ``surf.minima`` of the minimum the path ended within ``tolerance`` of, else None."""
    if path.diverged_at is not None or not surf.minima:
        return None
    end = race.last_finite_rows(path.theta)[-1]
    distances = np.linalg.norm(np.asarray(surf.minima) - end, axis=1)
    best = int(np.argmin(distances))
    return best if distances[best] <= tolerance else None


def distance_moved(path: Path) -> float:
    """|θ_end − θ₀|: how far the path got from its start."""
    return float(np.linalg.norm(race.last_finite_rows(path.theta)[-1] - path.theta[0]))


def distance_to_minimum(surf: Surface, path: Path) -> float:
    """Distance from the path's end to the nearest minimum."""
    end = race.last_finite_rows(path.theta)[-1]
    return float(np.min(np.linalg.norm(np.asarray(surf.minima) - end, axis=1)))


# ---------------------------------------------------------------------------------------------
# Figures


def _grid(surf: Surface) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The surface on a 121 × 121 grid of its window; NaN where it is not defined (a typed log of a
    negative number, 1/0), so contours and ranges leave those places out."""
    xs, ys = race.grid(surf.x_range, surf.y_range, 121)
    values = np.asarray(surf.objective.value(race.stack_grid(xs, ys)), dtype=np.float64)
    return xs, ys, np.where(np.isfinite(values), values, np.nan)


def loss_range(surf: Surface) -> tuple[str, list[float]]:
    """The loss axis: its type and fixed range, from the surface over its whole window.

    Positive surfaces get a log axis from ``f_max·10⁻⁹`` to ``1.5·f_max``; the saddle a linear one
    over the window's values. Paths that leave the window leave the plot too: the axes never rescale.
    """
    _, _, values = _grid(surf)
    top = float(np.nanmax(values))
    if surf.positive:
        return "log", race.log_loss_range(top * 1e-9, top * 1.5)
    return "linear", padded_range(values, pad=0.05)


RACE_HEIGHT = 680
"""The race beside its loss panel."""

STACKED_HEIGHT = 880
"""The race above its loss panel (a phone): a contour about as tall as the screen is wide, then the loss."""


def base_figure(
    surface_code: str | Surface, lang: str, formula: str | None = None, *, stacked: bool = False
) -> go.Figure:
    """The static layer, built once per surface and language: the contour lines and both panels' axes
    (``formula``: the typed function of the custom surface). The loss panel stands to the right of the
    contour, or under it when ``stacked`` (a phone's narrow screen); it is the second subplot either way
    (axes ``x2``/``y2``)."""
    surf = surface(surface_code, formula)
    xs, ys, values = _grid(surf)
    height = STACKED_HEIGHT if stacked else RACE_HEIGHT
    fig, (_, loss_at) = panel_row(2, stacked=stacked, height=height, widths=[0.56, 0.44], spacing=0.1)
    for trace in race.contour_traces(xs, ys, values, value_name="f"):
        fig.add_trace(trace, row=1, col=1)
    fig.update_xaxes(title_text=surf.x_label, range=list(surf.x_range), row=1, col=1)
    fig.update_yaxes(title_text=surf.y_label, range=list(surf.y_range), row=1, col=1)
    axis_type, y_range = loss_range(surf)
    fig.update_yaxes(
        title_text=tr("optimizers.loss_axis", lang),
        title_standoff=4,
        type=axis_type,
        range=y_range,
        exponentformat="power",
        **loss_at,
    )
    fig.update_xaxes(title_text=tr("common.step", lang), **loss_at)
    # The formula sits inside the contour panel (a subplot title would collide with the legend).
    fig.add_annotation(
        text=tr("optimizers.contour_title", lang, formula=surf.formula),
        xref="x domain",
        yref="y domain",
        x=0.01,
        y=0.99,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        bgcolor="rgba(255,255,255,0.85)",
        font=dict(size=17),
    )
    return style(fig, height=height)


# ---------------------------------------------------------------------------------------------
# Live controls: the step of the race, and each optimizer's learning rate.

RACE_POSITIONS = 200
"""The step of the race stops at most about this many steps (:func:`shown_steps`), the last kept."""

DRAWN_POINTS = 60
"""Most points of one path drawn (and sent for every η of its grid): the path at every k-th step."""

LR_MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
"""The η grid's values in each decade: round numbers a student can type into torch.optim."""

LR_DECADES = 1
"""The η grid runs this many decades either side of the surface's default."""


def lr_values(default: float) -> FloatArray:
    """An optimizer's η grid: the round numbers (:data:`LR_MANTISSAS`) from ``default / 10`` to
    ``10 · default``, and the default itself: 21 or 22 values, evenly spread on a log scale.

    >>> lr_values(0.05)[[0, 9, 10, 11, -1]].tolist()
    [0.005, 0.04, 0.05, 0.06, 0.5]
    """
    lo, hi = default / 10.0**LR_DECADES, default * 10.0**LR_DECADES
    powers = 10.0 ** np.arange(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    grid = np.round(np.outer(powers, LR_MANTISSAS).ravel(), 12)
    inside = grid[(grid >= lo * (1 - 1e-9)) & (grid <= hi * (1 + 1e-9))]
    return np.unique(np.append(inside, default))


def lr_key(surface_code: str, optimizer: str) -> str:
    """The URL and session key of an optimizer's η on a surface (``saddle_gd_lr``)."""
    return f"{surface_code}_{optimizer}_lr"


def race_controls(surf: str | Surface, racers: Sequence[str], steps: int, lang: str) -> dict[str, Control]:
    """The live controls of a race on the surface: the step shown (``race_step``, opening at the last),
    then each racer's η by its code (opening at :func:`default_lr`)."""
    surf = surface(surf)
    shown = shown_steps(steps, RACE_POSITIONS)
    step = Control("race_step", tr("optimizers.race_step", lang), shown.astype(np.float64), tuple(map(str, shown)), 0)
    controls = {"race_step": replace(step, default=step.size - 1, clock=True)}
    for code in racers:
        default = default_lr(surf, code)
        values = lr_values(default)
        texts = tuple(f"{v:.3g}" for v in values)
        grid = Control(lr_key(surf.code, code), tr("optimizers.lr_of", lang, name=label(code, lang)), values, texts, 0)
        controls[code] = replace(grid, default=grid.index(default))
    return controls


@dataclass(frozen=True)
class Race:
    """A race at its committed values, and each racer at every η of its grid.

    Attributes
    ----------
    surface : Surface
    controls : the live controls by key (:func:`race_controls`: ``race_step``, then the racers' codes)
    at : the committed index of each control, by the same keys
    paths : each racer's run at its committed η, by code (:func:`descend`)
    runs : each racer's run at every η of its grid, by code (:func:`descend_lrs`; row i at value i)
    """

    surface: Surface
    controls: dict[str, Control]
    at: dict[str, int]
    paths: dict[str, Path]
    runs: dict[str, LRSweep]

    @property
    def codes(self) -> list[str]:
        return list(self.paths)

    @property
    def steps(self) -> int:
        return int(self.controls["race_step"].values[-1])

    @property
    def shown(self) -> npt.NDArray[np.intp]:
        """The steps the race stops at."""
        return self.controls["race_step"].values.astype(np.intp)

    @property
    def drawn(self) -> npt.NDArray[np.intp]:
        """The steps each path is drawn through."""
        return shown_steps(self.steps, DRAWN_POINTS)

    @property
    def step(self) -> int:
        """The committed step."""
        return int(self.shown[self.at["race_step"]])


def race_runs(
    surface_code: str | Surface,
    hypers: Mapping[str, Mapping[str, float]],
    theta0: Sequence[float],
    controls: dict[str, Control],
    at: Mapping[str, int],
    formula: str | None = None,
) -> Race:
    """Each racer (the codes of ``hypers``, their hyperparameters but η) at its committed η
    (:func:`descend`) and at every η of its grid (:func:`descend_lrs`), from ``theta0`` (``formula``:
    the typed function of the custom surface)."""
    surf = surface(surface_code, formula)
    steps = int(controls["race_step"].values[-1])
    paths, runs = {}, {}
    for code, hyper in hypers.items():
        grid = controls[code]
        rule = build_rule(code, {**hyper, "lr": float(grid.values[at[code]])})
        paths[code] = descend(surf.objective, rule, theta0, steps)
        runs[code] = descend_lrs(surf.objective, rule, theta0, grid.values, steps)
    return Race(surf, controls, dict(at), paths, runs)


def step_scale(lesson: Race) -> float:
    """The drawing scale of the step arrows, one per figure (see :func:`race.arrow_scale`), from the
    committed runs' steps at every step shown whose point is inside the window."""
    surf = lesson.surface
    deltas = [np.empty((0, 2))]
    for path in lesson.paths.values():
        k = lesson.shown[lesson.shown < path.steps]
        points = path.theta[k]
        inside = (
            np.all(np.isfinite(points), axis=1)
            & (points[:, 0] >= surf.x_range[0])
            & (points[:, 0] <= surf.x_range[1])
            & (points[:, 1] >= surf.y_range[0])
            & (points[:, 1] <= surf.y_range[1])
        )
        deltas.append(path.theta[k + 1][inside] - points[inside])
    return race.arrow_scale(np.concatenate(deltas), surf.x_range[1] - surf.x_range[0], fraction=0.16)


def heads(
    theta: FloatArray, shown: npt.NDArray[np.intp], drawn: npt.NDArray[np.intp], scale: float, longest: float
) -> FloatArray:
    """Where each path stands at each step shown, drawn as three points (…, len(shown), 3, 2): the end
    of its trail (the last drawn step at or before it), the point θ_k itself, and the tip of its step
    arrow θ_k + s·(θ_{k+1} − θ_k) (:func:`race.drawn`: scaled by ``scale``, cut at ``longest``). The
    arrow's tip is NaN at the last step (no next step) and once the path has diverged; its point is
    where it stopped.

    ``theta`` has shape (…, steps + 1, 2), one path per leading index.
    """
    stood = race.last_finite_rows(theta)
    ends = stood[..., drawn[np.searchsorted(drawn, shown, side="right") - 1], :]
    nxt = np.minimum(shown + 1, theta.shape[-2] - 1)
    delta = theta[..., nxt, :] - theta[..., shown, :]
    delta[..., shown >= theta.shape[-2] - 1, :] = np.nan
    return np.stack([ends, stood[..., shown, :], stood[..., shown, :] + race.drawn(delta, scale, longest)], axis=-2)


def race_figure(lesson: Race, lang: str, *, base: go.Figure | None = None, stacked: bool = False) -> LiveFigure:
    """The race: each optimizer's path on the contour, its trail up to the step shown, its point there
    and its step arrow (:func:`heads`), and the loss of each against the step in the second panel, with its
    loss at the step shown marked.

    The step shown moves every trail, point, arrow and loss marker; each optimizer's η moves its own
    path, trail, point, arrow, loss line and marker, the others held at their committed η. Paths are
    drawn through :attr:`Race.drawn`; trails are prefixes of them (:func:`prefix`) that end at the
    point. Arrows are drawn at one scale s for all (printed in the legend), each cut at 30 % of the
    window's width.

    Parameters
    ----------
    lesson : Race
    base : go.Figure, optional
        :func:`base_figure` of the same surface and language (a copy, changed here); built when omitted,
        its loss panel under the contour when ``stacked``.

    Trace metas: ``path:<code>``, ``trail:<code>``, ``head:<code>``, ``loss:<code>`` and ``at`` (the
    loss markers, a point per optimizer in race order); ``layout.meta`` holds the arrow scale.
    """
    surf, codes, shown, drawn = lesson.surface, lesson.codes, lesson.shown, lesson.drawn
    fig = go.Figure(base) if base is not None else base_figure(surf, lang, stacked=stacked)
    scale = step_scale(lesson)
    longest = race.ARROW_MAX_FRACTION * (surf.x_range[1] - surf.x_range[0])
    k_at = lesson.at["race_step"]
    # How many drawn points a trail shows at each step shown: those at or before it.
    counts = np.searchsorted(drawn, shown, side="right").astype(np.float64)[:, None]
    along_step: dict[str, dict[str, FloatArray]] = {}
    along_lr: dict[str, dict[str, dict[str, FloatArray]]] = {}
    names = {code: race.path_name(label(code, lang), path, lang) for code, path in lesson.paths.items()}
    layers: dict[str, list[go.Scatter]] = {"paths": [], "trails": [], "heads": []}
    for code in codes:
        color, runs, i = RULE_COLORS[code], lesson.runs[code], lesson.at[code]
        path_rows = {"x": runs.theta[:, drawn, 0], "y": runs.theta[:, drawn, 1]}
        head_step = heads(lesson.paths[code].theta, shown, drawn, scale, longest)  # (shown, 3, 2)
        head_lr = heads(runs.theta, shown[k_at : k_at + 1], drawn, scale, longest)[:, 0]  # (lrs, 3, 2)
        along_step[f"trail:{code}"] = {prefix(f"path:{code}"): counts}
        along_step[f"head:{code}"] = {"x": head_step[..., 0], "y": head_step[..., 1]}
        along_lr[code] = {
            f"path:{code}": path_rows,
            f"trail:{code}": {prefix(f"path:{code}"): np.full((runs.lr.size, 1), counts[k_at, 0])},
            f"head:{code}": {"x": head_lr[..., 0], "y": head_lr[..., 1]},
        }
        n = int(counts[k_at, 0])
        layers["paths"].append(
            moving(
                f"path:{code}",
                path_rows,
                i,
                mode="lines",
                line=dict(color=color, width=2),
                opacity=0.35,
                hoverinfo="skip",
                showlegend=False,
                legendgroup=code,
            )
        )
        trail = np.column_stack([path_rows["x"][i, :n], path_rows["y"][i, :n]])
        layers["trails"].append(race.trail_trace(code, trail, names[code]))
        layers["heads"].append(
            moving(
                f"head:{code}",
                along_step[f"head:{code}"],
                k_at,
                mode="lines+markers",
                line=dict(color=color, width=3),
                marker=dict(
                    symbol=["circle", "circle", "arrow"],
                    angleref="previous",
                    size=[0, 15, 17],
                    color=color,
                    line=dict(color="white", width=[0, 2, 0]),
                ),
                showlegend=False,
                legendgroup=code,
                hoverinfo="skip",
                cliponaxis=True,
            )
        )
    contour = [*layers["paths"], *layers["trails"]]
    if surf.minima:
        contour.append(race.point_trace(surf.minima, name=tr("optimizers.minima", lang), symbol="star", size=20))
    start = next(iter(lesson.paths.values())).theta[0]
    contour.append(race.point_trace(start, name=tr("common.start", lang), symbol="circle-open", size=16))
    # A legend entry that explains the arrows (it draws nothing).
    contour.append(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=dict(color=COLORS["muted"], width=4),
            name=tr("optimizers.step_arrow", lang, s=scale_text(scale)),
        )
    )
    for trace in [*contour, *layers["heads"]]:
        fig.add_trace(trace, row=1, col=1)

    # The loss panel: each line at every η of its optimizer, each marker at every step and every η.
    loss_step = np.column_stack([lesson.paths[code].loss[shown] for code in codes])  # (shown, codes)
    markers_step = {"x": np.repeat(shown[:, None].astype(np.float64), len(codes), axis=1), "y": loss_step}
    for j, code in enumerate(codes):
        runs, i = lesson.runs[code], lesson.at[code]
        loss_rows = {"y": runs.loss[:, drawn]}
        along_lr[code][f"loss:{code}"] = loss_rows
        at_lr = np.tile(loss_step[k_at], (runs.lr.size, 1))
        at_lr[:, j] = runs.loss[:, shown[k_at]]
        along_lr[code]["at"] = {"y": at_lr}
        fig.add_trace(
            moving(
                f"loss:{code}",
                loss_rows,
                i,
                x=drawn,
                mode="lines",
                line=dict(color=RULE_COLORS[code], width=2.5),
                name=label(code, lang),
                legendgroup=code,
                showlegend=False,
                hovertemplate=f"{label(code, lang)}<br>%{{x}}: f=%{{y:.4g}}<extra></extra>",
                xaxis="x2",
                yaxis="y2",
            ),
        )
    fig.add_trace(
        moving(
            "at",
            markers_step,
            k_at,
            mode="markers",
            marker=point_marker([RULE_COLORS[c] for c in codes], 13),
            showlegend=False,
            hoverinfo="skip",
            xaxis="x2",
            yaxis="y2",
        ),
    )
    fig.update_layout(xaxis2_range=[0, max(lesson.steps, 1)], meta={"step_scale": scale})
    moves = [Moves(lesson.controls["race_step"], {**along_step, "at": markers_step})]
    moves += [Moves(lesson.controls[code], along_lr[code]) for code in codes]
    return LiveFigure(fig, tuple(moves))


def _theta_text(point: FloatArray) -> str:
    return "—" if not np.all(np.isfinite(point)) else f"({fmt(float(point[0]), 3)}, {fmt(float(point[1]), 3)})"


def _loss_text(value: float) -> str:
    return "—" if not np.isfinite(value) else f"{value:.4g}".replace("-", "−")


def _final_text(loss: FloatArray, diverged_at: int, lang: str) -> str:
    """A run's loss after its last step, or the step it diverged at (``diverged_at`` ≥ 0)."""
    if diverged_at >= 0:
        return tr("common.diverged_at", lang, n=diverged_at)
    return _loss_text(float(loss[-1]))


def readout_text(lesson: Race, lang: str) -> LiveText:
    """Under the race, a row per optimizer: its η, where it stands at the step shown and its loss
    there, and its loss after the last step; at every step shown and at every η of its grid."""
    controls, shown, k_at = lesson.controls, lesson.shown, lesson.at["race_step"]
    slots = TextSlots(*controls.values())
    step_slot = slots.add({"race_step": controls["race_step"].texts})
    columns = {name: tr(f"optimizers.col_{name}", lang) for name in ("lr", "theta", "loss", "final")}
    rows = []
    for code in lesson.codes:
        path, runs, grid = lesson.paths[code], lesson.runs[code], controls[code]
        k = int(shown[k_at])
        at_lr = [(theta[k], loss[k]) for theta, loss in zip(runs.theta, runs.loss, strict=True)]
        cells = {
            "lr": slots.add({grid.key: grid.texts}),
            "theta": slots.add(
                {
                    "race_step": [_theta_text(path.theta[k]) for k in shown],
                    grid.key: [_theta_text(theta) for theta, _ in at_lr],
                }
            ),
            "loss": slots.add(
                {
                    "race_step": [_loss_text(float(path.loss[k])) for k in shown],
                    grid.key: [_loss_text(float(loss)) for _, loss in at_lr],
                }
            ),
            "final": slots.add(
                {grid.key: [_final_text(loss, d, lang) for loss, d in zip(runs.loss, runs.diverged_at, strict=True)]}
            ),
        }
        name = tr("optimizers.col_optimizer", lang)
        rows.append({name: label(code, lang), **{columns[c]: cell for c, cell in cells.items()}})
    heading = escape(tr("optimizers.readout_heading", lang, step="\0", steps=lesson.steps)).replace("\0", step_slot)
    heading = f"<p><strong>{heading}</strong></p>"
    return slots.text(heading + table_html(rows, index_column=tr("optimizers.col_optimizer", lang)))


def scale_text(value: float) -> str:
    """A drawing scale as the legend prints it: ×0.05, ×20, ×1e−4."""
    if 1e-3 <= value < 1e4:
        text = f"{value:g}"
    else:
        text = f"{value:.0e}".replace("e-0", "e−").replace("e+0", "e").replace("e-", "e−").replace("e+", "e")
    return "×" + text
