"""Gradient descent's stability: the contraction factor and the learning-rate sweep, against the
closed form of descent on a parabola written here in plain NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import DIVERGENCE_BOUND, LinearMSE, datasets, descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.core.stability import contraction, descend_lrs, lr_sweep

TADPOLE = datasets.get("tadpole")
X, Y = TADPOLE.x, TADPOLE.y
# MSE(w) = mean((w·x − y)²) = a·w² − 2·c·w + s: its curvature is h = 2a, its minimum w* = c / a.
A, C, S = np.mean(X * X), np.mean(X * Y), np.mean(Y * Y)
H, W_STAR = 2.0 * A, C / A


def _loss(w: float) -> float:
    return float(np.mean((w * X - Y) ** 2))


def test_contraction_is_one_minus_eta_h_on_a_parabola() -> None:
    obj = LinearMSE(X, Y, intercept=False)
    for lr in (0.001, 0.02, 0.04, 0.06):
        assert contraction(obj, lr) == pytest.approx(abs(1.0 - lr * H))
    # Crossing 1 exactly at the stability limit 2/h.
    assert contraction(obj, 2.0 / H) == pytest.approx(1.0)


def test_contraction_takes_the_worst_eigenvalue_in_two_dimensions() -> None:
    ds = datasets.get("five_points")
    obj = LinearMSE(ds.x, ds.y, intercept=True)
    design = np.column_stack([ds.x, np.ones_like(ds.x)])
    eigenvalues = np.linalg.eigvalsh(2.0 * design.T @ design / ds.n)
    for lr in (0.001, 0.05, 0.09):
        assert contraction(obj, lr) == pytest.approx(np.max(np.abs(1.0 - lr * eigenvalues)))


def test_sweep_matches_the_closed_form_and_flags_divergence() -> None:
    obj = LinearMSE(X, Y, intercept=False)
    w0, steps = 2.0, 60
    lrs = np.array([0.001, 0.01, 0.03, 0.049, 0.051, 0.06, 0.08])
    sweep = lr_sweep(obj, [w0], lrs, steps)
    np.testing.assert_array_equal(sweep.lr, lrs)
    for lr, final, diverged_at in zip(lrs, sweep.final_loss, sweep.diverged_at, strict=True):
        # After t steps the distance to w* is (w0 − w*)·(1 − η·h)^t.
        distances = (w0 - W_STAR) * (1.0 - lr * H) ** np.arange(steps + 1)
        losses = np.array([_loss(W_STAR + d) for d in distances])
        over = np.flatnonzero(losses > DIVERGENCE_BOUND)
        if over.size:
            assert diverged_at == over[0]
            assert np.isnan(final)
        else:
            assert diverged_at == -1
            assert final == pytest.approx(losses[-1], rel=1e-9)
    # Below the limit every run ends lower than it started; well past it, the runs blow up.
    assert np.all(sweep.final_loss[lrs < 2.0 / H] < _loss(w0))
    assert sweep.diverged_at[-1] > 0


@pytest.mark.parametrize(
    "name, intercept, theta0, steps",
    [("tadpole", False, [2.0], 100), ("five_points", True, [-1.5, 3.0], 250), ("tadpole", False, [0.3], 0)],
)
def test_sweep_takes_the_steps_of_single_descents(name: str, intercept: bool, theta0: list[float], steps: int) -> None:
    """All rates at once give what one descend per rate gives: the lesson's runs and its sweep agree."""
    ds = datasets.get(name)
    obj = LinearMSE(ds.x, ds.y, intercept=intercept)
    limit = obj.stability_limit()
    lrs = np.concatenate([np.linspace(0.0, 2.5 * limit, 37), [limit, 1e6]])
    sweep = lr_sweep(obj, theta0, lrs, steps)
    for lr, final, diverged_at in zip(lrs, sweep.final_loss, sweep.diverged_at, strict=True):
        path = descend(obj, rules.gd(float(lr)), theta0, steps)
        assert diverged_at == (-1 if path.diverged_at is None else path.diverged_at), lr
        if path.diverged_at is None:
            assert final == pytest.approx(path.loss[-1], rel=1e-12, abs=1e-300), lr
        else:
            assert np.isnan(final)
    for k, lr in enumerate(lrs):
        path = descend(obj, rules.gd(float(lr)), theta0, steps)
        np.testing.assert_allclose(
            sweep.theta[k], path.theta, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=f"η = {lr}"
        )
        np.testing.assert_allclose(sweep.loss[k], path.loss, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=f"η = {lr}")
    assert (sweep.diverged_at > 0).any() == (steps > 0)  # the sweep reaches past the limit


def test_the_gradient_takes_one_theta_per_row() -> None:
    ds = datasets.get("five_points")
    obj = LinearMSE(ds.x, ds.y, intercept=True)
    thetas = np.array([[0.5, -1.0], [2.0, 0.25], [0.0, 0.0]])
    np.testing.assert_allclose(obj.grad(thetas), np.stack([obj.grad(t) for t in thetas]), rtol=1e-15)


def _descend_rows(objective, rule_at, theta0, lrs, steps):
    """Each η's run by descend, one after another: the reference descend_lrs must match."""
    return [descend(objective, rule_at(lr), theta0, steps) for lr in lrs]


@pytest.mark.parametrize(
    "code, rule_at",
    [
        ("gd", lambda lr: rules.gd(lr)),
        ("momentum", lambda lr: rules.momentum(lr, 0.9)),
        ("nesterov", lambda lr: rules.momentum(lr, 0.9, nesterov=True)),
        ("adagrad", lambda lr: rules.adagrad(lr)),
        ("rmsprop", lambda lr: rules.rmsprop(lr)),
        ("adam", lambda lr: rules.adam(lr)),
    ],
)
@pytest.mark.parametrize("surface", ["rosenbrock", "himmelblau", "elongated", "saddle"])
def test_descend_lrs_is_descend_at_each_eta(code: str, rule_at, surface: str) -> None:
    objective = TEST_FUNCTIONS[surface]
    # From far below the rule's usual η to well past where GD and momentum blow up on Rosenbrock.
    lrs = np.geomspace(1e-4, 0.5, 9)
    steps = 120
    runs = descend_lrs(objective, rule_at(1.0), objective.start, lrs, steps)
    np.testing.assert_array_equal(runs.lr, lrs)
    for i, path in enumerate(_descend_rows(objective, rule_at, objective.start, lrs, steps)):
        assert runs.diverged_at[i] == (-1 if path.diverged_at is None else path.diverged_at), (code, lrs[i])
        # Stacked gradients may round differently from one θ's; on the saddle an adaptive rule divides
        # y's rounding-level gradient by its own size, so compare with a tolerance, NaN where NaN.
        np.testing.assert_allclose(runs.theta[i], path.theta, rtol=1e-7, atol=1e-9, equal_nan=True)
        np.testing.assert_allclose(runs.loss[i], path.loss, rtol=1e-7, atol=1e-9, equal_nan=True)


def test_lr_sweep_is_descend_lrs_with_gd() -> None:
    obj = LinearMSE(X, Y, intercept=False)
    lrs = np.array([0.01, 0.04, 0.06])
    sweep, runs = lr_sweep(obj, [2.0], lrs, 80), descend_lrs(obj, rules.gd(), [2.0], lrs, 80)
    np.testing.assert_array_equal(sweep.theta, runs.theta)
    np.testing.assert_array_equal(sweep.diverged_at, runs.diverged_at)


def test_descend_lrs_refuses_a_negative_rate() -> None:
    with pytest.raises(ValueError, match="learning rate"):
        descend_lrs(TEST_FUNCTIONS["saddle"], rules.adam(), (1.0, 1.0), [0.1, -0.1], 5)


def test_one_start_per_run_is_descend_from_each_start() -> None:
    ds = datasets.get("five_points")
    obj = LinearMSE(ds.x, ds.y, intercept=True)
    starts = np.array([[-1.0, 0.5], [2.0, 0.0], [4.5, -3.0], [-1.0, 0.5]])
    lrs = np.array([0.02, 0.08, 0.11, 0.15])  # the last two past the limit 2/λmax ≈ 0.085
    runs = lr_sweep(obj, starts, lrs, 60)
    for start, lr, theta, loss, diverged_at in zip(starts, lrs, runs.theta, runs.loss, runs.diverged_at, strict=True):
        path = descend(obj, rules.gd(lr), start, 60)
        np.testing.assert_allclose(theta, path.theta, rtol=1e-12, atol=1e-12, equal_nan=True)
        np.testing.assert_allclose(loss, path.loss, rtol=1e-12, atol=1e-12, equal_nan=True)
        assert diverged_at == (-1 if path.diverged_at is None else path.diverged_at)
    assert np.all(runs.diverged_at[2:] > 0)
    with pytest.raises(ValueError, match="one start, or one per rate"):
        lr_sweep(obj, starts[:3], lrs, 5)
