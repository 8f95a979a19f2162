"""Lesson 6 figures: optimizers racing on one surface, with the gradient and the step as arrows.

The surfaces are the five 2-D test functions and the long, narrow valley of the two-feature
regression (its two weights are the two parameters). Per-surface learning rates and step counts
live in :data:`SURFACE_DEFAULTS`: torch's defaults everywhere else, learning rates chosen so that the
race shows the surface's lesson (checked by the tests against the core).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from gdviz.core import datasets, rules
from gdviz.core._types import FloatArray
from gdviz.core.descend import Path
from gdviz.core.objectives import TEST_FUNCTIONS, LinearMSE
from gdviz.figures import race
from gdviz.figures.theme import (
    COLORS,
    RULE_COLORS,
    add_animation,
    controls_below_axis_title,
    frame_steps,
    move_animated,
    padded_range,
    point_marker,
    scatter,
    style,
)
from gdviz.i18n import tr

OPTIMIZERS: tuple[str, ...] = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
"""Optimizer codes, in the order the lesson introduces them (URL values and colour keys)."""

MAX_RACERS = 5
"""At most this many optimizers race at once: more paths than that turn the contour into a tangle."""

SURFACES: tuple[str, ...] = ("saddle", "plateau", "himmelblau", "rosenbrock", "elongated", "valley")
"""Surface codes: the saddle first (the lesson's headline), the regression valley last."""

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

    def grad_rows(self, thetas: FloatArray) -> FloatArray:
        """∇f at each row of ``thetas`` (shape (m, 2)); NaN rows give NaN."""
        rows = np.asarray(thetas, dtype=np.float64).reshape(-1, 2)
        return np.asarray(self.objective.grad(rows), dtype=np.float64).reshape(-1, 2)


def surface(code: str) -> Surface:
    """The surface called ``code`` (one of :data:`SURFACES`)."""
    if code == "valley":
        ds = datasets.get("two_features")
        obj = LinearMSE(ds.x, ds.y, intercept=False)
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


def default_hyper(surface_code: str, optimizer: str) -> dict[str, float]:
    """The starting hyperparameters of ``optimizer`` on the surface: its per-surface lr and torch's rest."""
    return {"lr": SURFACE_DEFAULTS[surface_code]["lr"][optimizer], **TORCH_DEFAULTS[optimizer]}


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
    end = race.last_finite(path.theta)
    distances = np.linalg.norm(np.asarray(surf.minima) - end, axis=1)
    best = int(np.argmin(distances))
    return best if distances[best] <= tolerance else None


def distance_moved(path: Path) -> float:
    """|θ_end − θ₀|: how far the path got from its start."""
    return float(np.linalg.norm(race.last_finite(path.theta) - path.theta[0]))


def distance_to_minimum(surf: Surface, path: Path) -> float:
    """Distance from the path's end to the nearest minimum."""
    end = race.last_finite(path.theta)
    return float(np.min(np.linalg.norm(np.asarray(surf.minima) - end, axis=1)))


# ---------------------------------------------------------------------------------------------
# Figures


def _grid(surf: Surface) -> tuple[FloatArray, FloatArray, FloatArray]:
    xs, ys = race.grid(surf.x_range, surf.y_range, 121)
    return xs, ys, np.asarray(surf.objective.value(race.stack_grid(xs, ys)))


def loss_range(surf: Surface) -> tuple[str, list[float]]:
    """The loss axis: its type and fixed range, from the surface over its whole window.

    Positive surfaces get a log axis from ``f_max·10⁻⁹`` to ``1.5·f_max``; the saddle a linear one
    over the window's values. Paths that leave the window leave the plot too: the axes never rescale.
    """
    _, _, values = _grid(surf)
    top = float(np.max(values))
    if surf.positive:
        return "log", race.log_loss_range(top * 1e-9, top * 1.5)
    return "linear", padded_range(values, pad=0.05)


def base_figure(surface_code: str, lang: str) -> go.Figure:
    """The static layer, built once per surface and language: the contour lines and both panels' axes."""
    surf = surface(surface_code)
    xs, ys, values = _grid(surf)
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.56, 0.44],
        horizontal_spacing=0.1,
    )
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
        row=1,
        col=2,
    )
    fig.update_xaxes(title_text=tr("common.step", lang), row=1, col=2)
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
    return style(fig, height=680)


def arrow_scales(surf: Surface, paths: Mapping[str, Path], shown: np.ndarray) -> tuple[float, float]:
    """Drawing scales ``(s_g, s_d)`` of the gradient arrows and of the step arrows, one of each per figure
    (see :func:`race.arrow_scale`), from the arrows of every frame whose point is inside the window."""
    gradients, deltas = [np.empty((0, 2))], [np.empty((0, 2))]
    for path in paths.values():
        points = path.theta[shown]
        inside = (
            np.all(np.isfinite(points), axis=1)
            & (points[:, 0] >= surf.x_range[0])
            & (points[:, 0] <= surf.x_range[1])
            & (points[:, 1] >= surf.y_range[0])
            & (points[:, 1] <= surf.y_range[1])
        )
        gradients.append(surf.grad_rows(points[inside]))
        deltas.append(path.delta[shown[inside & (shown < path.steps)]])
    width = surf.x_range[1] - surf.x_range[0]
    # Steps a little longer than gradients: they are the arrows to compare between optimizers.
    return (
        race.arrow_scale(np.concatenate(gradients), width),
        race.arrow_scale(np.concatenate(deltas), width, fraction=0.16),
    )


def arrows_along(
    surf: Surface, path: Path, steps: npt.NDArray[np.intp], grad_scale: float, step_scale: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The arrows of one path at each of ``steps``, a row per step: where they start (θ_k), the drawn
    −∇f(θ_k) and the drawn Δθ_k.

    "Drawn" is :func:`race.drawn`: scaled by ``grad_scale`` / ``step_scale`` and cut at
    :data:`race.ARROW_MAX_FRACTION` of the window's width. A row is NaN where there is no arrow: no
    gradient arrow once the path has diverged, no step arrow at the last step (there is no next step).
    """
    theta = path.theta[steps]
    finite = np.all(np.isfinite(theta), axis=1)
    grad = np.full_like(theta, np.nan)
    grad[finite] = -surf.grad_rows(theta[finite])
    delta = np.full_like(theta, np.nan)
    stepped = finite & (steps < path.steps)
    delta[stepped] = path.delta[steps[stepped]]
    longest = race.ARROW_MAX_FRACTION * (surf.x_range[1] - surf.x_range[0])
    return theta, race.drawn(grad, grad_scale, longest), race.drawn(delta, step_scale, longest)


def race_figure(surface_code: str, paths: Mapping[str, Path], lang: str, *, base: go.Figure | None = None) -> go.Figure:
    """The race: every optimizer's path on the contour, growing frame by frame, with arrows at the
    current step, and the loss of each against the step on the right.

    At frame k each path shows θ₀ … θ_k, a dot at θ_k, the arrow −∇f(θ_k)·s_g (black, one scale s_g
    for all) and the arrow Δθ_k·s_d (the optimizer's colour, one scale s_d for all), each cut at 30 % of
    the window's width (:func:`arrows_along`); the legend prints both scales. A path that diverged stops at
    its last finite point.

    Parameters
    ----------
    surface_code : str
    paths : mapping optimizer code -> Path
        All with the same number of steps, in the order to draw.
    base : go.Figure, optional
        :func:`base_figure` of the same surface and language (a copy, changed here); built when omitted.

    Trace order: the contour lines (one trace per level); per optimizer its faint whole path and its
    trail; the minima (when the surface has any); the start; the gradient arrows; a legend-only entry
    for the step arrows; per optimizer its current point and its step arrow; per optimizer its loss
    curve; the loss markers. ``layout.meta`` holds both arrow scales and the step of each frame.
    """
    fig = base if base is not None else base_figure(surface_code, lang)
    first = len(fig.data)
    drawn = _Race(surface_code, paths, lang)
    for trace in drawn.contour:
        fig.add_trace(trace, row=1, col=1)
    for trace in drawn.loss:
        fig.add_trace(trace, row=1, col=2)
    add_animation(fig, drawn.frames(first), drawn.animated(first), drawn.labels, lang)
    controls_below_axis_title(fig)
    return _set_step_axis(fig, drawn)


def set_race(fig: go.Figure, surface_code: str, paths: Mapping[str, Path], lang: str) -> go.Figure:
    """Move a :func:`race_figure` of the same surface, language and optimizers (in the same order) to
    new paths, in place: its traces, frames, scrub slider, step axis and arrow scales.

    The page keeps one race per session (gdviz.ui.layout.session_figure): a copy of the contours and
    twenty ``add_trace`` calls into subplots were most of a slider step's time on the server.
    """
    drawn = _Race(surface_code, paths, lang)
    move_animated(fig, [*drawn.contour, *drawn.loss], drawn.frames, drawn.animated, drawn.labels)
    return _set_step_axis(fig, drawn)


def _set_step_axis(fig: go.Figure, drawn: _Race) -> go.Figure:
    fig.update_xaxes(range=[0, max(drawn.steps, 1)], row=1, col=2)
    fig.update_layout(meta=drawn.meta)
    return fig


class _Race:
    """What a race draws for its paths: the traces on the contour panel and on the loss panel, in
    order (see :func:`race_figure`), and its frames, which name traces by their index in the figure."""

    def __init__(self, surface_code: str, paths: Mapping[str, Path], lang: str) -> None:
        surf = surface(surface_code)
        codes = self.codes = list(paths)
        self.paths = paths
        steps = self.steps = max(p.steps for p in paths.values()) if paths else 0
        shown = self.shown = frame_steps(steps)
        grad_scale, step_scale = arrow_scales(surf, paths, shown) if paths else (1.0, 1.0)
        # Per optimizer, (tails, gradient arrows, step arrows) at each frame's step, a row per frame.
        self.arrows = {code: arrows_along(surf, paths[code], shown, grad_scale, step_scale) for code in codes}
        start = next(iter(paths.values())).theta[0] if paths else np.asarray(surf.start)
        names = {code: race.path_name(label(code, lang), path, lang) for code, path in paths.items()}

        # Layers, bottom to top: lines, landmarks, gradient arrows, then each optimizer's point and step.
        window = (surf.x_range[1] - surf.x_range[0], surf.y_range[1] - surf.y_range[0])
        self.trails = {code: race.Trail(paths[code].theta, window) for code in codes}
        # Indices from the first race trace: each faint whole path (frames slice it), the animated traces.
        contour, self._whole, self._animated = race.race_lines(self.trails, names)
        if surf.minima:
            contour.append(race.point_trace(surf.minima, name=tr("optimizers.minima", lang), symbol="star", size=20))
        contour.append(race.point_trace(start, name=tr("common.start", lang), symbol="circle-open", size=16))

        # Every optimizer's gradient arrow at each frame, shape (frames, optimizers, 2): one trace draws them all.
        self.all_tails = np.stack([self.arrows[c][0] for c in codes], axis=1) if codes else np.empty((len(shown), 0, 2))
        self.all_grads = np.stack([self.arrows[c][1] for c in codes], axis=1) if codes else np.empty((len(shown), 0, 2))
        contour.append(
            race.arrow_trace(
                self.all_tails[0],
                self.all_grads[0],
                color=COLORS["data"],
                name=tr("optimizers.grad_arrow", lang, s=scale_text(grad_scale)),
                width=2.5,
            )
        )
        self._animated.append(len(contour) - 1)
        # A legend entry that explains the coloured arrows (it draws nothing).
        contour.append(
            scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=dict(color=COLORS["muted"], width=5),
                name=tr("optimizers.step_arrow", lang, s=scale_text(step_scale)),
            )
        )
        for code in codes:
            contour.append(race.head_trace(paths[code].theta, color=RULE_COLORS[code], name=names[code], group=code))
            tails, _, steps_drawn = self.arrows[code]
            contour.append(
                race.arrow_trace(tails[0], steps_drawn[0], color=RULE_COLORS[code], name=names[code], showlegend=False)
            )
            self._animated += [len(contour) - 2, len(contour) - 1]
        self.contour = contour

        step_axis = np.arange(steps + 1)
        self.loss = [
            scatter(
                x=step_axis,
                y=paths[code].loss,
                mode="lines",
                line=dict(color=RULE_COLORS[code], width=2.5),
                name=label(code, lang),
                legendgroup=code,
                showlegend=False,
                hovertemplate=f"{label(code, lang)}<br>%{{x}}: f=%{{y:.4g}}<extra></extra>",
            )
            for code in codes
        ]
        markers = self._loss_markers(0)
        self.loss.append(
            scatter(
                x=markers["x"],
                y=markers["y"],
                mode="markers",
                marker=point_marker([RULE_COLORS[c] for c in codes], 13),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        self.labels = [tr("common.step_n", lang, n=int(k)) for k in shown]
        self.meta = {"grad_scale": grad_scale, "step_scale": step_scale, "frame_steps": shown.tolist()}

    def _loss_markers(self, step: int) -> dict[str, Any]:
        return dict(type="scatter", x=[step] * len(self.codes), y=[float(self.paths[c].loss[step]) for c in self.codes])

    def animated(self, first: int) -> list[int]:
        """The indices of the traces the frames move, the race's first trace at ``first``."""
        return [first + i for i in self._animated] + [first + len(self.contour) + len(self.loss) - 1]

    def frames(self, first: int) -> list[list[dict[str, Any]]]:
        """A frame per shown step, for the race's first trace at index ``first`` of the figure."""
        frames = []
        for j, k in enumerate(self.shown):
            data = [self.trails[code].update(int(k), first + self._whole[code]) for code in self.codes]
            data.append(race.arrow_update(self.all_tails[j], self.all_grads[j]))
            for code in self.codes:
                tails, _, steps_drawn = self.arrows[code]
                data += [race.head_update(self.paths[code].theta, int(k)), race.arrow_update(tails[j], steps_drawn[j])]
            data.append(self._loss_markers(int(k)))
            frames.append(data)
        return frames


def scale_text(value: float) -> str:
    """A drawing scale as the legend prints it: ×0.05, ×20, ×1e−4."""
    if 1e-3 <= value < 1e4:
        text = f"{value:g}"
    else:
        text = f"{value:.0e}".replace("e-0", "e−").replace("e+0", "e").replace("e-", "e−").replace("e+", "e")
    return "×" + text
