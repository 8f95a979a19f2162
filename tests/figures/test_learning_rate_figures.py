"""Lesson 4 figures, checked through their data. The stability limit is recomputed here from the
data alone: for tadpole (no intercept) d²L/dw² = 2·Σx²/n, so the limit is 2/(2·Σx²/n) = 0.05; with
an intercept the Hessian is 2·XᵀX/n with X = [x, 1] and the limit is 2/λmax."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, datasets, descend, rules, schedules
from gdviz.core.stability import lr_sweep
from gdviz.figures import learning_rate as lesson4
from gdviz.figures.paths import Run

TADPOLE = datasets.get("tadpole")
FIVE = datasets.get("five_points")


def _limit_by_hand(ds) -> float:
    if not ds.intercept:
        return 2.0 / (2.0 * np.sum(ds.x**2) / ds.n)
    design = np.column_stack([ds.x, np.ones(ds.n)])
    return 2.0 / np.linalg.eigvalsh(2.0 * design.T @ design / ds.n)[-1]


def _by_meta(fig, meta: str):
    found = [trace for trace in fig.data if trace.meta == meta]
    assert found, meta
    return found[0] if len(found) == 1 else found


def _runs(ds, lr: float, steps: int = 100):
    objective = lesson4.lesson_objective(ds)
    limit = objective.stability_limit()
    theta0 = ds.start[: objective.dim]
    presets = {
        name: descend(objective, rules.gd(rate), theta0, steps) for name, rate in lesson4.preset_lrs(limit).items()
    }
    user = descend(objective, rules.gd(lr), theta0, steps)
    return objective, limit, lesson4.make_runs(presets, user, "en")


def test_limit_by_hand() -> None:
    assert _limit_by_hand(TADPOLE) == pytest.approx(0.05)
    for ds in (TADPOLE, FIVE):
        assert lesson4.lesson_objective(ds).stability_limit() == pytest.approx(_limit_by_hand(ds))


@pytest.mark.parametrize("ds", [TADPOLE, FIVE], ids=lambda d: d.name)
def test_the_eta_slider_spans_past_the_limit(ds) -> None:
    limit = _limit_by_hand(ds)
    control = lesson4.lr_control(limit)
    assert control.max >= 1.5 * limit  # far enough past it to see the blow-up
    assert control.step <= limit / 50
    assert 0.5 * limit < control.default < limit
    # Every preset is reachable on the slider.
    assert all(control.step <= lr <= control.max for lr in lesson4.preset_lrs(limit).values())


def test_ruler_marks_the_limit_presets_and_the_users_eta() -> None:
    limit = _limit_by_hand(TADPOLE)
    control = lesson4.lr_control(limit)
    fig = lesson4.ruler_figure(control, limit, 0.042, "en")
    assert list(_by_meta(fig, "limit").x) == pytest.approx([limit, limit])
    presets = _by_meta(fig, "presets")
    assert list(presets.x) == pytest.approx([0.01 * limit, 0.4 * limit, 0.9 * limit, 1.1 * limit])
    assert list(presets.text) == ["0.01×", "0.4×", "0.9×", "1.1×"]
    assert list(_by_meta(fig, "user").x) == [0.042]
    assert tuple(fig.layout.xaxis.range) == (0.0, control.max)
    # Green up to the limit, red past it.
    (green, red) = fig.layout.shapes
    assert (green.x0, green.x1, red.x0, red.x1) == pytest.approx((0.0, limit, limit, control.max))


def test_diverging_preset_diverges_where_the_closed_form_says() -> None:
    objective, limit, runs = _runs(TADPOLE, 0.04)
    diverging = runs[3]
    w_star = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)
    h = 2.0 * np.sum(TADPOLE.x**2) / TADPOLE.n
    factor = 1.0 - 1.1 * limit * h  # −1.2
    distances = (2.0 - w_star) * factor ** np.arange(101)
    losses = np.array([np.mean(((w_star + d) * TADPOLE.x - TADPOLE.y) ** 2) for d in distances])
    expected = int(np.flatnonzero(losses > DIVERGENCE_BOUND)[0])
    assert diverging.path.diverged_at == expected
    assert lesson4.status(objective, diverging.path, "en") == f"diverged at step {expected}"
    rows = lesson4.summary_rows(objective, runs, limit, 4, "en")
    assert rows[3]["what happened"] == f"diverged at step {expected}"
    assert rows[3]["ρ = max |1 − η·λ|"] == "1.2000"
    # Too small is still on its way; good gets there: (1 − 0.4·2)ᵗ = 0.2ᵗ.
    assert rows[0]["what happened"] == "still on its way"
    assert rows[1]["what happened"].startswith("reached the minimum")


def test_loss_figure_uses_descends_losses_on_a_fixed_log_range() -> None:
    ranges = set()
    for lr in (0.005, 0.04, 0.07):
        objective, _, runs = _runs(TADPOLE, lr)
        window = lesson4.lesson_window(TADPOLE, objective)
        fig = lesson4.loss_figure(objective, runs, window, "en")
        series = _by_meta(fig, "series")
        for trace, run in zip(series, runs, strict=True):
            np.testing.assert_allclose(np.asarray(trace.y, dtype=float), run.path.loss, equal_nan=True)
        assert fig.layout.yaxis.type == "log"
        ranges.add(tuple(fig.layout.yaxis.range))
    assert len(ranges) == 1
    low, high = ranges.pop()
    best = np.mean((np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2) * TADPOLE.x - TADPOLE.y) ** 2)
    start = np.mean((2.0 * TADPOLE.x - TADPOLE.y) ** 2)
    assert 10**low < best and 10**high > start


def test_panels_follow_descend_on_the_contour_for_two_parameters() -> None:
    objective, limit, runs = _runs(FIVE, 0.06, steps=40)
    window = lesson4.lesson_window(FIVE, objective)
    fig = lesson4.panels_figure(objective, runs, window, limit, 4, "en")
    # Every panel has its contour lines, and each line lies on its level of MSE(w, b).
    contour = [trace for trace in fig.data if trace.legendgroup == "contour"]
    assert {trace.xaxis for trace in contour} == {"x", "x2", "x3", "x4", "x5"}
    for trace in contour[:: len(contour) // 7]:
        w, b = (np.asarray(v, dtype=float) for v in (trace.x, trace.y))
        w, b = w[np.isfinite(w)], b[np.isfinite(b)]
        mse = np.mean((w[:, None] * FIVE.x + b[:, None] - FIVE.y) ** 2, axis=1)
        np.testing.assert_allclose(mse, trace.meta, rtol=0.05)
    for trace, run in zip(_by_meta(fig, "path"), runs, strict=True):
        # Every step, NaN (a gap) after a divergence: the frames' trails are slices of it.
        np.testing.assert_array_equal(np.column_stack([trace.x, trace.y]), run.path.theta)
    # The least-squares line of the five points is w = 2.2, b = −1.
    minimum = _by_meta(fig, "minimum")[0]
    assert (minimum.x[0], minimum.y[0]) == pytest.approx((2.2, -1.0))
    assert "0.06" in fig.layout.annotations[4].text  # the user's panel title carries its η


def test_sweep_marks_the_limit_and_the_users_eta() -> None:
    objective = lesson4.lesson_objective(TADPOLE)
    limit = _limit_by_hand(TADPOLE)
    control = lesson4.lr_control(limit)
    lrs = lesson4.sweep_lrs(limit, control)
    assert len(lrs) == 60 and lrs[0] <= 0.01 * limit and lrs[-1] == pytest.approx(control.max)
    sweep = lr_sweep(objective, [2.0], lrs, 100)
    user = descend(objective, rules.gd(0.03), [2.0], 100)
    window = lesson4.lesson_window(TADPOLE, objective)
    fig = lesson4.sweep_figure(sweep, objective, window, limit, 0.03, user, 4, "en")
    assert list(_by_meta(fig, "limit").x) == pytest.approx([limit, limit])
    assert list(_by_meta(fig, "user").x) == [0.03, 0.03]
    assert _by_meta(fig, "user_point").y[0] == pytest.approx(user.loss[-1])
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    diverged = _by_meta(fig, "diverged")
    # Only rates past the limit diverge, and all the far ones do.
    assert np.all(np.asarray(diverged.x) > limit)
    assert set(np.asarray(diverged.x)) == set(lrs[sweep.diverged_at >= 0])
    assert np.all(sweep.diverged_at[lrs > 1.3 * limit] >= 0)


def test_schedule_figure_draws_torchs_step_decay() -> None:
    objective = lesson4.lesson_objective(TADPOLE)
    limit = _limit_by_hand(TADPOLE)
    control = lesson4.lr_control(limit)
    lr0, steps = 0.049, 60
    schedule = schedules.step_decay(lr0, step_size=10, gamma=0.5)
    by_hand = np.array([lr0 * 0.5 ** (t // 10) for t in range(steps)])
    constant = descend(objective, rules.gd(lr0), [2.0], steps)
    scheduled = descend(objective, rules.gd(lr0), [2.0], steps, schedule=schedule)
    np.testing.assert_allclose(scheduled.lr, by_hand)
    values = np.asarray(schedule(np.arange(steps)))
    window = lesson4.lesson_window(TADPOLE, objective)
    fig = lesson4.schedule_figure(
        objective,
        window,
        values,
        Run(constant, "constant", "#000"),
        Run(scheduled, "scheduled", "#00f"),
        control,
        limit,
        "en",
    )
    lr_lines = _by_meta(fig, "lr")
    np.testing.assert_allclose(lr_lines[0].y, np.full(steps, lr0))
    np.testing.assert_allclose(lr_lines[1].y, by_hand)
    assert list(_by_meta(fig, "limit").y) == pytest.approx([limit, limit])
    loss_lines = _by_meta(fig, "loss")
    np.testing.assert_allclose(loss_lines[1].y, scheduled.loss)
    # Near the limit a constant η bounces for long; halving it every ten steps settles it much sooner.
    assert lesson4.arrival_step(objective, scheduled) < (lesson4.arrival_step(objective, constant) or steps + 1)


def test_arrival_step_by_hand() -> None:
    objective = lesson4.lesson_objective(TADPOLE)
    path = descend(objective, rules.gd(0.02), [2.0], 30)
    # Loss gap shrinks by (1 − 0.02·40)² = 0.04 a step: below 1e−4 of the start's gap after 3 steps.
    expected = math.ceil(math.log(1e-4) / math.log(0.04))
    assert lesson4.arrival_step(objective, path) == expected
    assert lesson4.arrival_text(objective, path, "zh") == f"第 {expected} 步"


def test_a_kept_base_moved_to_new_runs_is_the_figure_built_for_them() -> None:
    # The page keeps one panels_base per session and moves each slider step's runs into it; nothing
    # of the previous step may stay behind (the "diverged at step n" note of a run that no longer
    # leaves the chart, a title, a frame).
    objective = lesson4.lesson_objective(TADPOLE)
    limit = objective.stability_limit()
    window = lesson4.lesson_window(TADPOLE, objective)
    _, _, diverging = _runs(TADPOLE, 3.0 * limit, steps=40)
    _, _, calm = _runs(TADPOLE, 0.3 * limit, steps=40)
    base = lesson4.panels_base(objective, window, 40, "en")
    moved = lesson4.panels_figure(objective, diverging, window, limit, 4, "en", base=base)
    notes = [a.text for a in moved.layout.annotations[5:]]  # after the five panel titles
    assert notes[0].startswith("leaves the chart")  # the preset over the limit
    assert notes[1].startswith("diverged at step")  # yours, at three times the limit
    moved = lesson4.panels_figure(objective, calm, window, limit, 4, "en", base=base)
    assert moved is base
    fresh = lesson4.panels_figure(objective, calm, window, limit, 4, "en")
    assert json.loads(moved.to_json()) == json.loads(fresh.to_json())
    assert len(moved.layout.annotations) == 5 + 1  # the titles and the preset's note only


def _schedule_runs(objective, lr0: float, gamma: float, steps: int = 40):
    schedule = schedules.step_decay(lr0, step_size=5, gamma=gamma)
    theta0 = FIVE.start[: objective.dim]
    constant = Run(descend(objective, rules.gd(lr0), theta0, steps), "constant", "#000")
    scheduled = Run(descend(objective, rules.gd(lr0), theta0, steps, schedule=schedule), "scheduled", "#00f")
    return np.asarray(schedule(np.arange(steps))), constant, scheduled


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kept_ruler_loss_schedule_and_sweep_figures_moved_to_new_runs_equal_new_ones(lang: str) -> None:
    # The page keeps these four figures per session and moves each step's runs into them. Moving
    # from a diverging η to a calm one must leave nothing behind ("diverged at step n" in a legend).
    objective = lesson4.lesson_objective(FIVE)
    limit = objective.stability_limit()
    control = lesson4.lr_control(limit)
    window = lesson4.lesson_window(FIVE, objective)
    _, _, diverging = _runs(FIVE, 3.0 * limit, steps=40)
    _, _, calm = _runs(FIVE, 0.3 * limit, steps=40)

    def same(moved, fresh) -> None:
        assert json.loads(moved.to_json()) == json.loads(fresh.to_json())

    ruler = lesson4.ruler_figure(control, limit, 3.0 * limit, lang)
    assert lesson4.set_ruler(ruler, control, 0.3 * limit, lang) is ruler
    same(ruler, lesson4.ruler_figure(control, limit, 0.3 * limit, lang))
    assert list(_by_meta(ruler, "user").x) == [pytest.approx(0.3 * limit)]

    loss = lesson4.loss_figure(objective, diverging, window, lang)
    assert any("·" in trace.name for trace in _by_meta(loss, "series"))  # a "diverged at step n" note
    assert lesson4.set_loss(loss, calm, lang) is loss
    same(loss, lesson4.loss_figure(objective, calm, window, lang))
    np.testing.assert_allclose(_by_meta(loss, "series")[-1].y, calm[-1].path.loss)

    first = _schedule_runs(objective, 1.5 * limit, 0.9)  # the constant run diverges
    second = _schedule_runs(objective, 0.5 * limit, 0.5)
    fig = lesson4.schedule_figure(objective, window, *first, control, limit, lang)
    assert lesson4.set_schedule(fig, *second, lang) is fig
    same(fig, lesson4.schedule_figure(objective, window, *second, control, limit, lang))
    np.testing.assert_allclose(_by_meta(fig, "lr")[1].y, 0.5 * limit * 0.5 ** (np.arange(40) // 5))

    # The sweep moves with the start too: from the default start, where the fastest rates diverge, to
    # the minimum itself, where no run moves and none diverges; no cross may stay.
    lrs = lesson4.sweep_lrs(limit, control)
    start, best = FIVE.start[: objective.dim], objective.minimizer()
    far, near = lr_sweep(objective, start, lrs, 40), lr_sweep(objective, best, lrs, 40)
    assert np.any(far.diverged_at >= 0) and not np.any(near.diverged_at >= 0)
    user = calm[-1].path
    sweep = lesson4.sweep_figure(far, objective, window, limit, 3.0 * limit, diverging[-1].path, 4, lang)
    assert lesson4.set_sweep(sweep, near, objective, window, 0.3 * limit, user, 4, lang) is sweep
    same(sweep, lesson4.sweep_figure(near, objective, window, limit, 0.3 * limit, user, 4, lang))
    assert len(_by_meta(sweep, "diverged").x) == 0
    assert _by_meta(sweep, "user_point").y[0] == pytest.approx(user.loss[-1])
