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

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from gdviz.core.datasets import Dataset
from gdviz.core.descend import Path
from gdviz.core.objectives import LinearMSE
from gdviz.core.rules import Rule, fixed, gd, sign, slope
from gdviz.figures.learning_rate import LRControl, lr_control
from gdviz.figures.paths import (
    Run,
    Window,
    add_vs_step,
    curve_window,
    log_range,
    path_panels,
    reference_trace,
    set_log_y,
    set_vs_step,
)
from gdviz.figures.paths import (
    panels_base as path_panels_base,
)
from gdviz.figures.theme import RULE_COLORS, fmt, style
from gdviz.i18n import tr

RULE_ORDER: tuple[str, ...] = ("fixed", "slope", "sign", "gd")
"""The rules in the order the lesson tells them (seed 002, section 4.4)."""

TABLE_STEPS = 5
"""Steps written out as arithmetic in the table."""

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def objective_w(ds: Dataset, b: float = 0.0) -> LinearMSE:
    """MSE(w) = mean((w·x + b − y)²) with b held at ``b``: a one-parameter LinearMSE.

    Holding b is the same as fitting w alone to the targets y − b, which is how it is built.
    """
    return LinearMSE(ds.x, np.asarray(ds.y) - b, intercept=False)


def lesson_rules(c: float, lr: float) -> dict[str, Rule]:
    """The four rules of the lesson. The sign rule takes the size |c|: c's sign belongs to the fixed
    rule (it decides which way that rule walks), while the sign rule's direction comes from the slope."""
    return {"fixed": fixed(c), "slope": slope(), "sign": sign(abs(c)), "gd": gd(lr)}


def c_range(ds: Dataset) -> tuple[float, float]:
    """Largest |c| offered and the default c: a quarter and a twentieth of the w slider's span.

    >>> from gdviz.core import datasets
    >>> c_range(datasets.get("tadpole"))
    (0.5, 0.1)
    """
    span = ds.w_range[1] - ds.w_range[0]
    return round(span / 4.0, 2), round(span / 20.0, 2)


def default_w0(ds: Dataset) -> float:
    """The start: w = 2 for the tadpole (lesson 002's poor fit), the top of the w range otherwise."""
    return 2.0 if ds.name == "tadpole" else float(ds.w_range[1])


def lr_slider(objective: LinearMSE) -> tuple[LRControl, float]:
    """The η slider (the learning-rate lesson's, reaching past the limit 2/h) and this lesson's default,
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
    """The window every panel shows: the w slider's range, widened by a quarter on each side."""
    return curve_window(objective, ds.w_range)


def rule_label(name: str, lang: str) -> str:
    """The rule's name on screen, e.g. "fixed value" / "固定值法"."""
    return tr(f"update_rules.rule_{name}", lang)


def runs(paths: dict[str, Path], lang: str) -> list[Run]:
    """The lesson's paths as :class:`Run` objects, in the lesson's order and the rules' colours."""
    return [Run(paths[name], rule_label(name, lang), RULE_COLORS[name]) for name in RULE_ORDER if name in paths]


PANELS_DURATION = 350


def panels_base(objective: LinearMSE, window: Window, steps: int, lang: str) -> go.Figure:
    """What :func:`panels_figure` draws whatever the rules' settings (see :func:`paths.panels_base`)."""
    return path_panels_base(objective, window, lang, panels=len(RULE_ORDER), steps=steps, duration=PANELS_DURATION)


def panels_figure(
    objective: LinearMSE,
    paths: dict[str, Path],
    rules: dict[str, Rule],
    window: Window,
    lang: str,
    *,
    base: go.Figure | None = None,
) -> go.Figure:
    """Four panels, one per rule, each with MSE(w) and the rule's path, played together. ``base``: a
    :func:`panels_base` figure kept between slider steps, moved in place (built when omitted)."""
    lesson_runs = runs(paths, lang)
    titles = [f"{run.label}<br>{rules[name].formula}" for name, run in zip(RULE_ORDER, lesson_runs, strict=True)]
    return path_panels(objective, lesson_runs, window, lang, titles=titles, duration=PANELS_DURATION, base=base)


def steps_figure(objective: LinearMSE, paths: dict[str, Path], window: Window, lang: str) -> go.Figure:
    """Two panels against the step, one legend: w (y range = the panels' w range, the best w dashed)
    and the MSE on a log axis (a run that explodes leaves through the top; the lowest MSE dashed)."""
    lesson_runs = runs(paths, lang)
    steps = lesson_runs[0].path.steps
    best_w = float(objective.minimizer()[0])
    best_loss = float(objective.value(objective.minimizer()))
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.09,
        subplot_titles=(tr("update_rules.w_panel", lang), tr("update_rules.loss_panel", lang)),
    )
    for col, value, name in (
        (1, best_w, tr("update_rules.best_w", lang, w=fmt(best_w))),
        (2, best_loss, tr("update_rules.best_loss", lang, loss=fmt(best_loss, 3))),
    ):
        fig.add_trace(reference_trace(steps, value, name), row=1, col=col)
    for col, (meta, values) in enumerate(_step_values(lesson_runs).items(), start=1):
        # One legend entry per rule: the loss lines follow their w line when it is clicked.
        add_vs_step(fig, lesson_runs, values, lang, row=1, col=col, meta=meta, legend=meta == "w", group=True)
    for col in (1, 2):
        fig.update_xaxes(title_text=tr("common.step", lang), range=[0, max(steps, 1)], row=1, col=col)
    fig.update_yaxes(title_text="w", range=window.x, row=1, col=1)
    set_log_y(fig, log_range(best_loss, window.y[1]), row=1, col=2)
    fig.update_yaxes(title_text=tr("update_rules.loss_log", lang), row=1, col=2)
    style(fig, height=470)
    fig.update_layout(margin=dict(t=90), legend=dict(y=1.1))
    return fig


def _step_values(lesson_runs: Sequence[Run]) -> dict[str, list[np.ndarray]]:
    """What :func:`steps_figure` draws against the step, by panel: w, then the loss."""
    return {"w": [run.path.theta[:, 0] for run in lesson_runs], "loss": [run.path.loss for run in lesson_runs]}


def set_steps(fig: go.Figure, paths: dict[str, Path], lang: str) -> go.Figure:
    """Move a :func:`steps_figure` (same objective, window, steps and language) to new paths, in place."""
    lesson_runs = runs(paths, lang)
    for meta, values in _step_values(lesson_runs).items():
        set_vs_step(fig, lesson_runs, values, lang, meta=meta, legend=meta == "w", group=True)
    return fig


# ---------------------------------------------------------------------------------------------
# The arithmetic of each step, as a student writes it on the board.


def number(value: float) -> str:
    """A value with two decimals and a true minus sign; huge values in powers of ten.

    >>> number(-45.829), number(2766215.26), number(float("nan"))
    ('−45.83', '2.77×10⁶', 'NaN')
    """
    if np.isfinite(value) and abs(value) >= 1e5:
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{fmt(float(mantissa))}×10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
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
        return f"{w_name(t)}: {tr('update_rules.gone', lang)}"
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
