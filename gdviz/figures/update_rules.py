"""Lesson 3 figures and texts: four update rules from the same start on MSE(w).

The rules (``gdviz.core.rules``), with k = dL/dw the slope at w:

    fixed value        w ← w − c
    slope              w ← w − k
    sign of the slope  w ← w − c·sign(k)
    η × slope          w ← w − η·k        (gradient descent)

On a parabola L(w) = L* + ½·h·(w − w*)² the slope is k = h·(w − w*), so the slope rule multiplies the
distance to the minimum by 1 − h at each step and gradient descent by 1 − η·h. Those factors are
what the captions print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gdviz.core._types import FloatArray
from gdviz.core.datasets import Dataset
from gdviz.core.descend import DIVERGENCE_BOUND, Path, descend
from gdviz.core.objectives import LinearMSE
from gdviz.core.rules import Rule, fixed, gd, sign, slope
from gdviz.figures.formulas import Html, boxes_html, table_html
from gdviz.figures.learning_rate import LRControl, lr_control
from gdviz.figures.live import Control, LiveFigure, LiveText, Moves, TextSlots, control
from gdviz.figures.paths import (
    Window,
    add_background,
    curve_window,
    left_window_at,
    log_range,
    path_points,
    reference_trace,
    set_log_y,
)
from gdviz.figures.theme import RULE_COLORS, fmt, nice_floor, panel_grid, panel_row, point_marker, power_of_ten, style
from gdviz.i18n import tr

RULE_ORDER: tuple[str, ...] = ("fixed", "slope", "sign", "gd")
"""The rules in the order the lesson tells them (seed 002, section 4.4)."""

TABLE_STEPS = 5
"""Steps written out as arithmetic in the table."""

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def objective_w(ds: Dataset, b: float = 0.0) -> LinearMSE:
    """MSE(w) = mean((w·x + b − y)²) with b held at ``b``: a one-parameter LinearMSE.

    Holding b is the same as fitting w alone to the targets y − b, which is how it is built.
    """
    x, y = ds.rows()
    return LinearMSE(x, np.asarray(y) - b, intercept=False)


def lesson_rules(c: float, lr: float) -> dict[str, Rule]:
    """The four rules of the lesson. The sign rule takes the size |c|: c's sign belongs to the fixed
    rule (it decides which way that rule walks), while the sign rule's direction comes from the slope."""
    return {"fixed": fixed(c), "slope": slope(), "sign": sign(abs(c)), "gd": gd(lr)}


def c_range(ds: Dataset) -> tuple[float, float]:
    """Largest |c| offered and the default c: a quarter and a twentieth of the w range's span.

    >>> from gdviz.core import datasets
    >>> c_range(datasets.get("tadpole"))
    (0.5, 0.1)
    """
    span = ds.w_range[1] - ds.w_range[0]
    return round(span / 4.0, 2), round(span / 20.0, 2)


def lr_slider(objective: LinearMSE) -> tuple[LRControl, float]:
    """The η range (the learning-rate lesson's, reaching past the limit 2/h) and this lesson's default,
    a fifth of the limit: the distance to w* shrinks by 1 − η·h = 0.6 at each step, slow enough to watch.

    >>> from gdviz.core import datasets
    >>> control, lr = lr_slider(objective_w(datasets.get("tadpole")))
    >>> control.max, lr
    (0.08, 0.01)
    """
    limit = objective.stability_limit()
    control = lr_control(limit)
    return control, round(round(0.2 * limit / control.step) * control.step, control.digits)


def lesson_window(ds: Dataset, objective: LinearMSE) -> Window:
    """The window every panel shows: the w range, widened by a quarter on each side."""
    return curve_window(objective, ds.w_range)


def rule_label(name: str, lang: str) -> str:
    """The rule's name on screen, e.g. "fixed value" / "固定值法"."""
    return tr(f"update_rules.rule_{name}", lang)


# ---------------------------------------------------------------------------------------------
# Live: the runs at every value of the step, w₀, c and η (gdviz.figures.live).

LIVE_VALUES = 40
"""About how many values each live setting (w₀, c, η) takes: every run is computed ahead for each."""

SETTINGS = ("w0", "c", "lr")
"""The live settings; each moves only the rules that use it."""

AFFECTS: dict[str, tuple[str, ...]] = {"w0": RULE_ORDER, "c": ("fixed", "sign"), "lr": ("gd",)}
"""Which rules each setting changes: every rule starts at w₀; c is the fixed and the sign rules' step;
η is gradient descent's."""


def lesson_controls(ds: Dataset, objective: LinearMSE, steps: int, lang: str) -> dict[str, Control]:
    """The lesson's live controls: the step shown (0 to ``steps``), and the settings w₀ (the w range,
    opening at its top: the tadpole's poor guess w = 2), c and η, each on a 1-2-5 grid of about
    :data:`LIVE_VALUES` values.

    >>> from gdviz.core import datasets
    >>> ds = datasets.get("tadpole")
    >>> controls = lesson_controls(ds, objective_w(ds), 20, "en")
    >>> {key: (c.size, c.texts[c.default]) for key, c in controls.items()}
    {'step': (21, '0'), 'w0': (41, '2.00'), 'c': (51, '0.10'), 'lr': (41, '0.010')}
    """
    c_max, c_default = c_range(ds)
    lr_range, lr_default = lr_slider(objective)
    span = ds.w_range[1] - ds.w_range[0]
    lr_step = nice_floor(lr_range.max / LIVE_VALUES)
    return {
        "step": control("step", tr("update_rules.step", lang), 0, steps, 1, 0, clock=True),
        "w0": control("w0", tr("update_rules.w0", lang), *ds.w_range, nice_floor(span / LIVE_VALUES), ds.w_range[1]),
        "c": control("c", tr("update_rules.c", lang), -c_max, c_max, nice_floor(2 * c_max / LIVE_VALUES), c_default),
        "lr": control("lr", tr("common.lr", lang), 0.0, lr_range.max, lr_step, lr_default),
    }


@dataclass(frozen=True)
class Lesson:
    """Lesson 3's runs: at the committed settings, and along each live setting.

    Attributes
    ----------
    objective : LinearMSE of one parameter
    window : the region every panel shows
    controls : the live controls, by key (step, w0, c, lr)
    at : the committed index of each control
    paths : the runs at the committed settings, by rule
    along : for each setting, one dict of runs per value of it (only the rules it changes), the other
        settings held at their committed values
    """

    objective: LinearMSE
    window: Window
    controls: dict[str, Control]
    at: dict[str, int]
    paths: dict[str, Path]
    along: dict[str, list[dict[str, Path]]]

    @property
    def step(self) -> int:
        """The committed step."""
        return self.at["step"]


def lesson_runs(objective: LinearMSE, window: Window, controls: dict[str, Control], at: dict[str, int]) -> Lesson:
    """Every run the lesson shows: the four rules at the committed settings, and the rules each setting
    changes at every value of that setting."""
    steps = int(controls["step"].values[-1])
    committed = {key: float(controls[key].values[at[key]]) for key in SETTINGS}

    def run(names: Sequence[str], settings: dict[str, float]) -> dict[str, Path]:
        rules = lesson_rules(settings["c"], settings["lr"])
        return {name: descend(objective, rules[name], [settings["w0"]], steps) for name in names}

    along = {
        key: [run(AFFECTS[key], {**committed, key: float(value)}) for value in controls[key].values] for key in SETTINGS
    }
    return Lesson(objective, window, controls, at, run(RULE_ORDER, committed), along)


def _trail(path: Path, upto: int) -> tuple[FloatArray, FloatArray]:
    """The run's points on the curve up to step ``upto``, gaps after it (one row of a trail)."""
    x, y = (np.array(v, dtype=np.float64) for v in path_points(path))
    x[upto + 1 :] = np.nan
    y[upto + 1 :] = np.nan
    return x, y


def _now(path: Path, upto: int) -> tuple[float, float]:
    """Where the run is at step ``upto``: its last finite point up to there."""
    x, y = path_points(path)
    finite = np.flatnonzero(np.isfinite(x[: upto + 1]) & np.isfinite(y[: upto + 1]))
    k = int(finite[-1]) if finite.size else 0
    return float(x[k]), float(y[k])


def _value_now(values: FloatArray, upto: int) -> tuple[float, float]:
    """(step, value) of the last finite value up to step ``upto``."""
    finite = np.flatnonzero(np.isfinite(values[: upto + 1]))
    k = int(finite[-1]) if finite.size else 0
    return float(k), float(values[k])


def _rows(moves: list[dict[str, dict[str, list]]]) -> dict[str, dict[str, FloatArray]]:
    """One dict of trace meta -> attribute -> row per value of a control, stacked into arrays."""
    return {
        meta: {name: np.array([state[meta][name] for state in moves], dtype=np.float64) for name in moves[0][meta]}
        for meta in moves[0]
    }


def _panel_state(path: Path, name: str, upto: int, *, whole: bool) -> dict[str, dict[str, list]]:
    """A panel's moving traces for one run at step ``upto``: its trail and current point, and with
    ``whole`` its faint whole path too."""
    trail_x, trail_y = _trail(path, upto)
    now_x, now_y = _now(path, upto)
    state = {f"trail:{name}": {"x": trail_x, "y": trail_y}, f"now:{name}": {"x": [now_x], "y": [now_y]}}
    if whole:
        x, y = path_points(path)
        state[f"path:{name}"] = {"x": x, "y": y}
    return state


def panels_figure(lesson: Lesson, lang: str, *, across: int | None = None) -> LiveFigure:
    """Four panels, one per rule (``across`` to a row, all four by default: a phone takes two), each with
    MSE(w), the rule's whole path drawn faintly, its trail up to the step shown and where it is then; at
    every value of the step, w₀, c and η. The axes stay put: a run that leaves the window leaves the
    picture (the rule's box says at which step)."""
    titles = [f"{rule_label(name, lang)}<br>{lesson_rules(0.0, 0.0)[name].formula}" for name in RULE_ORDER]
    fig, places = panel_grid(titles, across=across, x_title="w", y_title=tr("common.mse", lang), height=480)
    step_name = tr("common.step", lang)
    for (row, col), name in zip(places, RULE_ORDER, strict=True):
        add_background(fig, lesson.objective, lesson.window, lang, row=row, col=col)
        state = _panel_state(lesson.paths[name], name, lesson.step, whole=True)
        color = RULE_COLORS[name]
        fig.add_trace(
            go.Scatter(
                meta=f"path:{name}",
                **state[f"path:{name}"],
                mode="lines",
                line=dict(color=color, width=1.5),
                opacity=0.35,
                showlegend=False,
                hoverinfo="skip",
            ),
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                meta=f"trail:{name}",
                **state[f"trail:{name}"],
                mode="lines+markers",
                line=dict(color=color, width=2.5),
                marker=dict(color=color, size=7, line=dict(color="white", width=1)),
                name=rule_label(name, lang),
                showlegend=False,
                hovertemplate=f"{step_name} %{{pointNumber}}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
            ),
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                meta=f"now:{name}",
                **state[f"now:{name}"],
                mode="markers",
                marker=point_marker(color, 17),
                name=rule_label(name, lang),
                showlegend=False,
                hoverinfo="skip",
            ),
            row=row,
            col=col,
        )
    # The titles name the rules; a legend would only repeat them (panel_grid leaves it out).
    fig.update_xaxes(range=lesson.window.x)
    fig.update_yaxes(range=lesson.window.y)
    fig.update_layout(margin=dict(t=70))
    moves = [Moves(lesson.controls["step"], _rows([_step_state(lesson, k, _panel_state) for k in _steps(lesson)]))]
    moves += [
        Moves(lesson.controls[key], _rows([_setting_state(lesson, runs, _panel_state) for runs in lesson.along[key]]))
        for key in SETTINGS
    ]
    return LiveFigure(fig, tuple(moves))


def _steps(lesson: Lesson) -> range:
    return range(lesson.controls["step"].size)


def _step_state(lesson: Lesson, upto: int, state: Any) -> dict:
    """Every rule's moving traces at step ``upto`` of the committed runs (their whole paths stay)."""
    return {
        meta: rows for name in RULE_ORDER for meta, rows in state(lesson.paths[name], name, upto, whole=False).items()
    }


def _setting_state(lesson: Lesson, runs: dict[str, Path], state: Any) -> dict:
    """The moving traces of the rules in ``runs`` (runs at another value of a setting), whole, at the
    committed step."""
    return {
        meta: rows for name, path in runs.items() for meta, rows in state(path, name, lesson.step, whole=True).items()
    }


def _series_state(lesson: Lesson, runs: dict[str, Path], upto: int, *, whole: bool) -> dict[str, dict[str, list]]:
    """The moving traces against the step: on the w and the loss panels, one marker trace holding every
    rule's point at step ``upto`` (``runs`` in place of the committed runs of the rules it has), and with
    ``whole`` the lines of the rules in ``runs`` too. One marker trace a panel, not one a rule: every
    trace of a chart costs plotly.js time on each frame of a drag."""
    shown = {**lesson.paths, **runs}
    state: dict[str, dict[str, list]] = {}
    for panel in ("w", "loss"):
        values = {name: path.theta[:, 0] if panel == "w" else path.loss for name, path in shown.items()}
        points = [_value_now(values[name], upto) for name in RULE_ORDER]
        state[f"{panel}_now"] = {"x": [k for k, _ in points], "y": [v for _, v in points]}
        if whole:
            state |= {f"{panel}:{name}": {"y": values[name]} for name in runs}
    return state


STEPS_HEIGHT = 470
"""w and the MSE against the step, side by side."""

STEPS_STACKED_HEIGHT = 820
"""The same, one above the other (a phone)."""


def steps_figure(lesson: Lesson, lang: str, *, stacked: bool = False) -> LiveFigure:
    """Two panels against the step, one legend: w (y range = the panels' w range, the best w dashed)
    and the MSE on a log axis (a run that explodes leaves through the top; the lowest MSE dashed), with
    each rule's marker at the step shown; at every value of the step, w₀, c and η. The MSE panel stands
    under the w panel when ``stacked`` (a phone)."""
    objective = lesson.objective
    steps = int(lesson.controls["step"].values[-1])
    best_w = float(objective.minimizer()[0])
    best_loss = float(objective.value(objective.minimizer()))
    titles = (tr("update_rules.w_panel", lang), tr("update_rules.loss_panel", lang))
    height = STEPS_STACKED_HEIGHT if stacked else STEPS_HEIGHT
    fig, places = panel_row(2, stacked=stacked, height=height, titles=titles)
    w_at, loss_at = places
    for at, value, name in (
        (w_at, best_w, tr("update_rules.best_w", lang, w=fmt(best_w))),
        (loss_at, best_loss, tr("update_rules.best_loss", lang, loss=fmt(best_loss, 3))),
    ):
        fig.add_trace(reference_trace(steps, value, name), **at)
    step_name = tr("common.step", lang)
    state = _series_state(lesson, lesson.paths, lesson.step, whole=True)
    for name in RULE_ORDER:
        label = rule_label(name, lang)
        for at, panel in zip(places, ("w", "loss"), strict=True):
            fig.add_trace(
                go.Scatter(
                    meta=f"{panel}:{name}",
                    x=np.arange(steps + 1),
                    **state[f"{panel}:{name}"],
                    mode="lines+markers" if steps <= 60 else "lines",
                    line=dict(color=RULE_COLORS[name], width=3),
                    marker=dict(size=6),
                    name=label,
                    legendgroup=name,
                    showlegend=panel == "w",
                    hovertemplate=f"{label}<br>{step_name} %{{x}}: %{{y:.4g}}<extra></extra>",
                ),
                **at,
            )
    for at, panel in zip(places, ("w", "loss"), strict=True):
        fig.add_trace(
            go.Scatter(
                meta=f"{panel}_now",
                **state[f"{panel}_now"],
                mode="markers",
                marker=point_marker([RULE_COLORS[name] for name in RULE_ORDER]),
                showlegend=False,
                hoverinfo="skip",
            ),
            **at,
        )
    for at in places:
        fig.update_xaxes(title_text=step_name, range=[-0.5, steps + 0.5], **at)
    fig.update_yaxes(title_text="w", range=lesson.window.x, **w_at)
    set_log_y(fig, log_range(best_loss, lesson.window.y[1]), **loss_at)
    fig.update_yaxes(title_text=tr("update_rules.loss_log", lang), **loss_at)
    style(fig, height=height)
    fig.update_layout(margin=dict(t=90), legend=dict(y=1.1))
    moves = [Moves(lesson.controls["step"], _rows([_series_state(lesson, {}, k, whole=False) for k in _steps(lesson)]))]
    moves += [
        Moves(
            lesson.controls[key],
            _rows([_series_state(lesson, runs, lesson.step, whole=True) for runs in lesson.along[key]]),
        )
        for key in SETTINGS
    ]
    return LiveFigure(fig, tuple(moves))


# ---------------------------------------------------------------------------------------------
# The arithmetic of each step, as a student writes it on the board.


def number(value: float) -> str:
    """A value with two decimals and a true minus sign; huge values in powers of ten.

    >>> number(-45.829), number(2766215.26), number(float("nan"))
    ('−45.83', '2.77×10⁶', 'NaN')
    """
    if np.isfinite(value) and abs(value) >= 1e5:
        mantissa, exponent = f"{value:.2e}".split("e")
        return power_of_ten(fmt(float(mantissa)), int(exponent))
    return fmt(value, 2)


def parameter(value: float) -> str:
    """A step size or learning rate with as many decimals as it needs (2 to 4).

    >>> parameter(0.01), parameter(0.0025), parameter(-0.1), parameter(0.125)
    ('0.01', '0.0025', '−0.10', '0.125')
    """
    for digits in (2, 3, 4):
        if abs(round(value, digits) - value) < 1e-12:
            return fmt(value, digits)
    return fmt(value, 4)


def _operand(text: str) -> str:
    """A subtracted operand gets parentheses when it is negative: 2.00 − (−0.10)."""
    return f"({text})" if text.startswith("−") else text


def w_name(t: int) -> str:
    """w with the step as a subscript: ``w_name(12) == "w₁₂"``."""
    return "w" + str(t).translate(_SUBSCRIPTS)


def arithmetic(path: Path, rule_name: str, t: int, lang: str) -> str:
    """Step ``t`` (1-based) of a path written out, e.g. ``w₁ = 2.00 − 0.01 × 47.83 = 1.52``.

    The slope k is the one the core used (``path.grad``), the step size or learning rate the one it
    applied (``path.lr``), and the result the w it reached (``path.theta``).
    """
    if path.diverged_at is not None and t > path.diverged_at:
        return f"{w_name(t)}: {cut_short(path, lang)}"
    before = number(float(path.theta[t - 1, 0]))
    after = number(float(path.theta[t, 0]))
    k = float(path.grad[t - 1, 0])
    size = parameter(float(path.lr[t - 1]))
    if rule_name == "fixed":
        change = _operand(size)
    elif rule_name == "slope":
        change = _operand(number(k))
    elif rule_name == "sign":
        change = f"{size} × ({'+1' if k > 0 else ('−1' if k < 0 else '0')})"
    elif rule_name == "gd":
        change = f"{size} × {_operand(number(k))}"
    else:
        raise ValueError(f"No arithmetic for rule {rule_name!r}")
    return f"{w_name(t)} = {before} − {change} = {after}"


def cut_short(path: Path, lang: str) -> str:
    """Why a diverged run has no step after ``path.diverged_at``: the loop stopped it there because w,
    or the loss at w, passed the divergence bound (w still a number, shown), or w is no number at all."""
    k = int(path.diverged_at)  # type: ignore[arg-type]
    w = float(path.theta[k, 0])
    if not np.isfinite(w):
        return tr("update_rules.gone", lang)
    bound = power_of_ten("", round(np.log10(DIVERGENCE_BOUND)), times="")
    key = "update_rules.stopped_w" if abs(w) > DIVERGENCE_BOUND else "update_rules.stopped_loss"
    return tr(key, lang, w=w_name(k), value=number(w), bound=bound)


def arithmetic_table(paths: dict[str, Path], lang: str, rows: int = TABLE_STEPS) -> dict[str, list[str]]:
    """The first ``rows`` steps of each rule: a column per rule (keyed by its label), a row per step."""
    table: dict[str, list[str]] = {}
    for name in RULE_ORDER:
        path = paths[name]
        shown = min(rows, path.steps)
        table[rule_label(name, lang)] = [arithmetic(path, name, t, lang) for t in range(1, shown + 1)]
    return table


# ---------------------------------------------------------------------------------------------
# What each panel shows, in a sentence with this run's numbers.


def crossing_step(path: Path, w_star: float) -> int | None:
    """First step at which w has reached or passed ``w_star`` (the sign of w − w* flips or hits 0)."""
    side = np.sign(path.theta[:, 0] - w_star)
    start = side[0]
    if start == 0:
        return 0
    with np.errstate(invalid="ignore"):
        changed = np.flatnonzero(np.isfinite(side) & (side != start))
    return int(changed[0]) if changed.size else None


def _factor_outcome(factor: float, path: Path, w_star: float, lang: str) -> str:
    if path.diverged_at is not None:
        return tr("update_rules.outcome_diverged", lang, n=path.diverged_at)
    if abs(factor) > 1.0:
        return tr("update_rules.outcome_growing", lang)
    distance = fmt(abs(float(path.theta[-1, 0]) - w_star), 3)
    if factor < 0.0:
        return tr("update_rules.outcome_bounce_settle", lang, d=distance)
    return tr("update_rules.outcome_settle", lang, d=distance)


def curvature(objective: LinearMSE) -> float:
    """h = d²L/dw², the constant second derivative of MSE(w) (2·Σx²/n)."""
    return float(objective.hessian()[0, 0])


def summary(name: str, path: Path, objective: LinearMSE, lang: str) -> str:
    """One sentence on what rule ``name`` did on this run, with its numbers.

    fixed: which way it walks and the step at which it overshoots the minimum; slope and η × slope:
    the factor 1 − h (or 1 − η·h) by which each step multiplies the distance to w*, and what that
    made of the run; sign: the step at which it reaches w*, after which it can only bounce around it.
    """
    w_star = float(objective.minimizer()[0])
    h = curvature(objective)
    steps = path.steps
    if name in ("fixed", "sign"):  # both step by c: where they pass w* is the story
        c = float(path.lr[0]) if steps else 0.0
        crossed = crossing_step(path, w_star)
        fields = dict(c=parameter(c), w=fmt(w_star))
        if crossed is not None and crossed > 0:
            return tr(f"update_rules.sum_{name}_cross", lang, n=crossed, **fields)
        if name == "sign":
            return tr("update_rules.sum_sign_short", lang, **fields)
        if c == 0.0:
            return tr("update_rules.sum_fixed_still", lang, **fields)
        if (float(path.theta[0, 0]) - w_star) * c < 0:
            return tr("update_rules.sum_fixed_away", lang, **fields)
        return tr("update_rules.sum_fixed_short", lang, **fields)
    if name == "slope":
        factor = 1.0 - h
        head = tr("update_rules.sum_slope", lang, h=fmt(h), factor=fmt(factor))
        return f"{head} {_factor_outcome(factor, path, w_star, lang)}"
    if name == "gd":
        lr = float(path.lr[0]) if steps else 0.0
        factor = 1.0 - lr * h
        head = tr("update_rules.sum_gd", lang, lr=parameter(lr), h=fmt(h), factor=fmt(factor))
        return f"{head} {_factor_outcome(factor, path, w_star, lang)}"
    raise ValueError(f"No summary for rule {name!r}")


# ---------------------------------------------------------------------------------------------
# Live texts: the same sentences and arithmetic at every value of the step, w₀, c and η.


def step_line(path: Path, rule_name: str, upto: int, lang: str) -> str:
    """The arithmetic of step ``upto`` (``w₃ = 1.52 − 0.10 = 1.42``), or the start at step 0."""
    if upto == 0:
        return tr("update_rules.start_line", lang, w=number(float(path.theta[0, 0])))
    return arithmetic(path, rule_name, upto, lang)


def _story(name: str, path: Path, lesson: Lesson, lang: str) -> str:
    """The rule's sentence on a run, and the step at which it left the picture if it did without
    diverging (the sentence says when a run diverged)."""
    sentence = summary(name, path, lesson.objective, lang)
    left = left_window_at(*path_points(path), lesson.window) if path.diverged_at is None else None
    return sentence if left is None else f"{sentence} {tr('update_rules.left_note', lang, n=left)}"


def _by_setting(lesson: Lesson, name: str, text: Any) -> dict[str, list[str]]:
    """``text(path)`` of rule ``name`` at every value of each setting that changes it."""
    return {key: [text(runs[name]) for runs in lesson.along[key]] for key in SETTINGS if name in AFFECTS[key]}


def rules_text(lesson: Lesson, lang: str) -> LiveText:
    """A box per rule in its colour: what it did on this run, and the arithmetic of the step shown."""
    slots = TextSlots(*lesson.controls.values())
    boxes = []
    for name in RULE_ORDER:
        story = slots.add(_by_setting(lesson, name, lambda path, name=name: _story(name, path, lesson, lang)))
        lines = {"step": [step_line(lesson.paths[name], name, k, lang) for k in _steps(lesson)]}
        lines |= _by_setting(lesson, name, lambda path, name=name: step_line(path, name, lesson.step, lang))
        boxes.append(
            (rule_label(name, lang), Html(f'{story}<br><span class="gdviz-step-line">{slots.add(lines)}</span>'))
        )
    return slots.text(boxes_html(boxes, colors=[RULE_COLORS[name] for name in RULE_ORDER]))


def facts_text(lesson: Lesson, lang: str) -> LiveText:
    """MSE(w₀) at every w₀, the best w and the curvature h."""
    objective = lesson.objective
    slots = TextSlots(*lesson.controls.values())
    loss0 = slots.add({"w0": [fmt(float(objective.value([w0])), 2) for w0 in lesson.controls["w0"].values]})
    facts = tr(
        "update_rules.facts", lang, loss0="{loss0}", w=fmt(float(objective.minimizer()[0])), h=fmt(curvature(objective))
    )
    return slots.text(f"<p>{escape(facts).replace('{loss0}', loss0)}</p>")


def table_text(lesson: Lesson, lang: str, rows: int = TABLE_STEPS) -> LiveText:
    """The first ``rows`` steps of each rule written out, at every value of the settings."""
    slots = TextSlots(*lesson.controls.values())
    shown = min(rows, int(lesson.controls["step"].values[-1]))
    columns = {
        rule_label(name, lang): [
            slots.add(_by_setting(lesson, name, lambda path, name=name, t=t: arithmetic(path, name, t, lang)))
            for t in range(1, shown + 1)
        ]
        for name in RULE_ORDER
    }
    labels = [f"{tr('update_rules.table_step', lang)} {t}" for t in range(1, shown + 1)]
    return slots.text(table_html(columns, index=labels, live_align="left"))
