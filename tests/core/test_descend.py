"""The descent loop: the articles' own runs, the Path it returns, divergence, schedules and batches."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gdviz.core import MAX_STEPS, TEST_FUNCTIONS, LinearMSE, datasets, descend, rules, schedules
from gdviz.core.descend import DIVERGENCE_BOUND

FIVE = datasets.get("five_points")

# --------------------------------------------------------------------------------------------
# The articles' runs (shared/seeds), each against a plain NumPy transcription of the article's code.


def test_article_000_numpy_linear_regression() -> None:
    # The article's script, verbatim but for names: data and the start θ come from the same global stream.
    state = np.random.get_state()
    try:
        np.random.seed(0)
        x = 2 * np.random.rand(100, 1)
        y = 4 + 3 * x + np.random.randn(100, 1)
        theta = np.random.randn(2, 1)  # drawn after the data
    finally:
        np.random.set_state(state)
    start_b, start_w = theta[:, 0]
    x_b = np.c_[np.ones((100, 1)), x]  # so the article's θ is [b, w]
    m = len(y)
    for _ in range(1000):
        gradients = 2 / m * x_b.T.dot(x_b.dot(theta) - y)
        theta -= 0.1 * gradients
    article_b, article_w = theta[:, 0]

    ds = datasets.get("synthetic_100")
    path = descend(LinearMSE(ds.x, ds.y), rules.gd(0.1), [start_w, start_b], steps=1000)  # gdviz's θ is [w, b]
    np.testing.assert_allclose(path.theta[-1], [article_w, article_b], rtol=1e-12)
    # After 1000 steps at η = 0.1 the run has converged to least squares (the article's "optimal parameters").
    best = np.linalg.lstsq(x_b, y[:, 0], rcond=None)[0]
    np.testing.assert_allclose([article_b, article_w], best, rtol=1e-10)


def test_article_001_five_points_loop() -> None:
    # The article's loop: θ₀ (intercept) and θ₁ (slope) both updated from the same Y_pred.
    x = np.array([1, 2, 3, 4, 5])
    y = np.array([2, 3, 5, 7, 11])
    n = len(y)
    theta_0 = 0
    theta_1 = 0
    alpha = 0.01
    for _ in range(1000):
        y_pred = theta_0 + theta_1 * x
        dtheta_0 = (-2 / n) * sum(y - y_pred)
        dtheta_1 = (-2 / n) * sum(x * (y - y_pred))
        theta_0 -= alpha * dtheta_0
        theta_1 -= alpha * dtheta_1

    path = descend(LinearMSE(FIVE.x, FIVE.y), rules.gd(alpha), [0.0, 0.0], steps=1000)
    np.testing.assert_allclose(path.theta[-1], [theta_1, theta_0], rtol=1e-12)
    # It is heading for the least-squares line, by hand: x̄ = 3, ȳ = 5.6, Σ(x − x̄)(y − ȳ) = 7.2 + 2.6 + 0 + 1.4 + 10.8
    # = 22 and Σ(x − x̄)² = 10, so w = 2.2 and b = 5.6 − 2.2 × 3 = −1.0, but is not there yet after 1000 steps.
    np.testing.assert_allclose(LinearMSE(FIVE.x, FIVE.y).minimizer(), [2.2, -1.0], rtol=1e-12)
    assert 0.01 < abs(path.theta[-1, 1] - (-1.0)) < abs(path.theta[0, 1] - (-1.0))


def test_article_003_batch_descent_computes_other_numbers_than_it_prints() -> None:
    # The article's torch code, as NumPy: J = 1/(2m)·Σ(Xθ − y)², so ∇J = Xᵀ(Xθ − y)/m; θ ← θ − 0.01·∇J, 1000 times.
    x = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]])
    y = np.array([[1.0], [2.0], [3.0]])
    theta = np.zeros((2, 1))
    m = len(y)
    for _ in range(1000):
        theta = theta - 0.01 * (x.T @ (x @ theta - y)) / m
    reference = theta[:, 0]

    ds = datasets.get("two_features")
    obj = LinearMSE(ds.x, ds.y, intercept=False, half=True)
    path = descend(obj, rules.gd(0.01), [0.0, 0.0], steps=1000)
    np.testing.assert_allclose(path.theta[-1], reference, rtol=1e-12)
    # The cost printed by the loop's J equals gdviz's ½·MSE all along.
    assert path.loss[-1] == pytest.approx(np.sum((x @ theta - y) ** 2) / (2 * m), rel=1e-9)

    # What the code really computes is θ ≈ [0.5764, 0.2936], not the printed [0.5780, 0.7721].
    np.testing.assert_allclose(reference, [0.5764, 0.2936], atol=1e-4)
    assert not np.allclose(reference, [0.5780, 0.7721], atol=1e-3)
    # The exact fit is θ = [1, 0] (1·[1, 2, 3] + 0·[2, 3, 4] = y): 1000 steps have not crossed the long valley.
    np.testing.assert_allclose(obj.minimizer(), [1.0, 0.0], atol=1e-12)
    assert np.abs(reference - [1.0, 0.0]).max() > 0.2


# --------------------------------------------------------------------------------------------
# The Path.


def test_path_shapes_and_bookkeeping() -> None:
    obj = LinearMSE(FIVE.x, FIVE.y)
    theta0 = np.array([0.5, -0.25])
    path = descend(obj, rules.momentum(0.01, 0.9), theta0, steps=7)
    assert path.theta.shape == (8, 2) and path.loss.shape == (8,)
    for array in (path.grad, path.delta):
        assert array.shape == (7, 2)
    for array in (path.lr, path.batch_loss, path.epoch):
        assert array.shape == (7,)
    assert path.steps == 7 and path.diverged_at is None and path.steps_per_epoch == 1
    np.testing.assert_array_equal(path.theta[0], theta0)
    # θ_{t+1} = θ_t + delta_t; loss_t = L(θ_t); grad_t = ∇L(θ_t); every step at the rule's own η.
    np.testing.assert_allclose(path.theta[1:], path.theta[:-1] + path.delta, rtol=1e-15)
    # The losses are computed for all θ at once: the same formula, summed in another order, so equal
    # to rounding (θᵀGθ − 2cᵀθ + s cancels to a small loss near the minimum).
    np.testing.assert_allclose(path.loss, [obj.value(t) for t in path.theta], rtol=1e-13)
    np.testing.assert_allclose(path.grad, [obj.grad(t) for t in path.theta[:-1]], rtol=1e-15)
    np.testing.assert_array_equal(path.lr, np.full(7, 0.01))
    # Full batch: the batch is the whole data, each step is its own epoch.
    np.testing.assert_array_equal(path.batch_loss, path.loss[:-1])
    np.testing.assert_array_equal(path.epoch, np.arange(7))


def test_zero_steps_is_just_the_start() -> None:
    path = descend(TEST_FUNCTIONS["saddle"], rules.gd(0.1), [1.0, 2.0], steps=0)
    assert path.theta.shape == (1, 2) and path.grad.shape == (0, 2) and path.steps == 0
    assert path.loss[0] == 1.0 - 4.0  # x² − y²


def test_divergence_is_reported_not_warned() -> None:
    obj = LinearMSE(FIVE.x, FIVE.y)
    # η = 1 is twelve times the stability limit (≈ 0.085): the error grows ×|1 − 23.7| per step.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow, invalid value) would raise here
        path = descend(obj, rules.gd(1.0), [0.0, 0.0], steps=100)
        # η·g overflows to ±inf in the first step: inf − inf inside Rosenbrock is NaN.
        overflow = descend(TEST_FUNCTIONS["rosenbrock"], rules.gd(1e308), [-1.5, 2.0], steps=100)
    k = path.diverged_at
    assert k is not None and 0 < k <= 100
    # k is the first index past the bound; everything before it is finite and within it.
    assert np.all(np.isfinite(path.theta[:k])) and np.all(path.loss[:k] <= DIVERGENCE_BOUND)
    assert path.loss[k] > DIVERGENCE_BOUND  # the jump out is kept so a chart can draw it...
    assert np.all(np.isnan(path.theta[k + 1 :])) and np.all(np.isnan(path.loss[k + 1 :]))  # ...and nothing after
    assert np.all(np.isnan(path.grad[k:]))
    # A θ that is no longer a number is not kept: the path ends at the start.
    assert overflow.diverged_at == 1
    assert np.all(np.isnan(overflow.theta[1:])) and overflow.loss[0] == 12.5  # (1 + 1.5)² + 100(2 − 2.25)²


def test_a_start_past_the_bound_diverges_at_zero() -> None:
    path = descend(LinearMSE(FIVE.x, FIVE.y), rules.gd(0.01), [2e12, 0.0], steps=5)
    assert path.diverged_at == 0
    assert np.all(np.isnan(path.theta[1:]))


def _one_step_at_a_time(objective, rule, theta0, steps, *, batch_size=None, schedule=None, seed=0):
    """The loop as the articles write it, checking the loss after every step and stopping at the
    first θ whose loss or value is past the bound (kept if θ is finite): what descend must return."""
    from gdviz.core.batches import index_stream

    theta = np.array(theta0, dtype=np.float64)
    batches = None if batch_size is None else index_stream(objective.n, batch_size, np.random.default_rng(seed))
    out = {
        "theta": np.full((steps + 1, theta.size), np.nan),
        "loss": np.full(steps + 1, np.nan),
        "grad": np.full((steps, theta.size), np.nan),
        "lr": np.full(steps, np.nan),
        "batch_loss": np.full(steps, np.nan),
        "epoch": np.zeros(steps, dtype=np.intp),
    }

    def out_of_bounds(theta, loss):
        return not (np.isfinite(loss) and abs(loss) <= DIVERGENCE_BOUND and np.max(np.abs(theta)) <= DIVERGENCE_BOUND)

    state = rule.init(theta)
    with np.errstate(all="ignore"):
        out["theta"][0], out["loss"][0] = theta, objective.value(theta)
        if out_of_bounds(theta, out["loss"][0]):
            return out, 0
        for t in range(steps):
            if batches is None:
                g, epoch, out["batch_loss"][t] = objective.grad(theta), t, out["loss"][t]
            else:
                idx, epoch = next(batches)
                out["batch_loss"][t], g = objective.loss_grad_at(theta, idx)
            lr = schedule(t) if schedule is not None else rule.lr
            delta, state = rule.update(g, state, lr)
            theta = theta + delta
            out["grad"][t], out["lr"][t], out["epoch"][t] = g, lr, epoch
            loss = objective.value(theta)
            if out_of_bounds(theta, loss):
                if np.all(np.isfinite(theta)):
                    out["theta"][t + 1], out["loss"][t + 1] = theta, loss
                return out, t + 1
            out["theta"][t + 1], out["loss"][t + 1] = theta, loss
    return out, None


@pytest.mark.parametrize(
    "objective, rule, start, steps, kwargs",
    [
        (LinearMSE(FIVE.x, FIVE.y), rules.gd(0.05), [0.0, 0.0], 60, {}),  # converges
        (LinearMSE(FIVE.x, FIVE.y), rules.gd(0.2), [0.0, 0.0], 200, {}),  # the loss passes the bound first
        (LinearMSE(FIVE.x, FIVE.y), rules.adam(0.5), [3.0, -2.0], 80, {}),
        (TEST_FUNCTIONS["rosenbrock"], rules.gd(1e308), [-1.5, 2.0], 10, {}),  # θ is NaN after one step
        (LinearMSE(FIVE.x, FIVE.y), rules.gd(0.01), [2e12, 0.0], 5, {}),  # starts past the bound
        (LinearMSE(FIVE.x, FIVE.y), rules.gd(0.3), [1.0, 1.0], 120, {"batch_size": 2, "seed": 3}),
        (LinearMSE(FIVE.x, FIVE.y), rules.momentum(0.02), [1.0, 1.0], 50, {"batch_size": 1, "seed": 1}),
        (LinearMSE(FIVE.x, FIVE.y), rules.gd(0.1), [0.0, 0.0], 90, {"schedule": schedules.step_decay(0.3, 10, 0.5)}),
    ],
)
def test_the_path_is_the_one_a_step_at_a_time_loop_gives(objective, rule, start, steps, kwargs) -> None:
    path = descend(objective, rule, start, steps, **kwargs)
    expected, diverged_at = _one_step_at_a_time(objective, rule, start, steps, **kwargs)
    assert path.diverged_at == diverged_at
    np.testing.assert_array_equal(path.theta, expected["theta"])
    np.testing.assert_allclose(path.loss, expected["loss"], rtol=1e-13)
    np.testing.assert_array_equal(path.grad, expected["grad"])
    np.testing.assert_array_equal(path.lr, expected["lr"])
    np.testing.assert_allclose(path.batch_loss, expected["batch_loss"], rtol=1e-13)
    np.testing.assert_array_equal(path.epoch, expected["epoch"])


@pytest.mark.parametrize("steps", [-1, MAX_STEPS + 1])
def test_steps_out_of_range_raise(steps: int) -> None:
    with pytest.raises(ValueError, match=f"between 0 and {MAX_STEPS}"):
        descend(LinearMSE(FIVE.x, FIVE.y), rules.gd(0.01), [0.0, 0.0], steps=steps)


def test_bad_start_points_raise() -> None:
    obj = LinearMSE(FIVE.x, FIVE.y)
    with pytest.raises(ValueError, match="has 3 values but the objective has 2 parameters"):
        descend(obj, rules.gd(0.01), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="finite"):
        descend(obj, rules.gd(0.01), [np.nan, 0.0])


def test_batching_needs_data_rows() -> None:
    with pytest.raises(ValueError, match="cannot be batched"):
        descend(TEST_FUNCTIONS["rosenbrock"], rules.gd(0.001), [0.0, 0.0], batch_size=2)
    with pytest.raises(ValueError, match="Invalid batch size"):
        descend(LinearMSE(FIVE.x, FIVE.y), rules.gd(0.01), [0.0, 0.0], batch_size=0)


def test_schedule_sets_every_steps_learning_rate() -> None:
    # L(w) = (w − 3)² through LinearMSE: x = [1], y = [3], no intercept.
    obj = LinearMSE([1.0], [3.0], intercept=False)
    path = descend(obj, rules.gd(99.0), [1.0], steps=5, schedule=schedules.step_decay(0.1, step_size=2, gamma=0.5))
    # The rule's own η = 99 is ignored; η_t = 0.1·0.5^⌊t/2⌋.
    np.testing.assert_allclose(path.lr, [0.1, 0.1, 0.05, 0.05, 0.025], rtol=1e-15)
    # w1 = 1 + 0.1 × 4 = 1.4; w2 = 1.4 + 0.1 × 3.2 = 1.72; w3 = 1.72 + 0.05 × 2.56 = 1.848.
    np.testing.assert_allclose(path.theta[:4, 0], [1.0, 1.4, 1.72, 1.848], rtol=1e-14)


# --------------------------------------------------------------------------------------------
# Batches.


@pytest.mark.parametrize("batch_size", [5, 6, 100])
def test_a_batch_of_the_whole_data_is_full_batch_descent(batch_size: int) -> None:
    obj = LinearMSE(FIVE.x, FIVE.y)
    full = descend(obj, rules.gd(0.02), [0.0, 0.0], steps=30)
    batched = descend(obj, rules.gd(0.02), [0.0, 0.0], steps=30, batch_size=batch_size, seed=3)
    # Per-row gradients and the sufficient statistics round differently, by a few ulps.
    np.testing.assert_allclose(batched.theta, full.theta, rtol=1e-12)
    np.testing.assert_allclose(batched.batch_loss, full.loss[:-1], rtol=1e-12)
    assert batched.steps_per_epoch == 1
    np.testing.assert_array_equal(batched.epoch, np.arange(30))


def test_mini_batch_epochs_are_numbered() -> None:
    # n = 5, batches of 2: [2, 2, 1] rows per epoch, so 3 steps an epoch.
    path = descend(LinearMSE(FIVE.x, FIVE.y), rules.gd(0.01), [0.0, 0.0], steps=8, batch_size=2)
    assert path.steps_per_epoch == 3
    np.testing.assert_array_equal(path.epoch, [0, 0, 0, 1, 1, 1, 2, 2])
    stochastic = descend(LinearMSE(FIVE.x, FIVE.y), rules.gd(0.01), [0.0, 0.0], steps=6, batch_size=1)
    assert stochastic.steps_per_epoch == 5
    np.testing.assert_array_equal(stochastic.epoch, [0, 0, 0, 0, 0, 1])


def test_mini_batch_descent_is_a_plain_shuffled_loop() -> None:
    # Reference: each epoch a fresh permutation from default_rng(seed), cut into batches of 2;
    # the step uses the batch's own MSE gradient 2·X_Bᵀ(X_B θ − y_B)/|B|.
    ds = datasets.get("synthetic_100")
    x = np.c_[ds.x, np.ones(ds.n)]
    rng = np.random.default_rng(7)
    theta = np.array([0.0, 0.0])
    thetas, batch_losses = [theta], []
    while len(batch_losses) < 120:
        order = rng.permutation(ds.n)
        for start in range(0, ds.n, 32):
            rows = order[start : start + 32]
            residual = x[rows] @ theta - ds.y[rows]
            batch_losses.append(np.mean(residual**2))
            theta = theta - 0.05 * 2 * x[rows].T @ residual / len(rows)
            thetas.append(theta)
    path = descend(LinearMSE(ds.x, ds.y), rules.gd(0.05), [0.0, 0.0], steps=120, batch_size=32, seed=7)
    np.testing.assert_allclose(path.theta, thetas[:121], rtol=1e-12)
    np.testing.assert_allclose(path.batch_loss, batch_losses[:120], rtol=1e-12)
    assert path.steps_per_epoch == 4  # ⌈100/32⌉


def test_the_same_seed_gives_the_same_path_and_another_seed_another() -> None:
    obj = LinearMSE(FIVE.x, FIVE.y)
    first, again, other = (
        descend(obj, rules.adam(0.1), [0.0, 0.0], steps=40, batch_size=2, seed=seed) for seed in (0, 0, 1)
    )
    np.testing.assert_array_equal(first.theta, again.theta)
    np.testing.assert_array_equal(first.batch_loss, again.batch_loss)
    assert not np.allclose(first.theta, other.theta)
