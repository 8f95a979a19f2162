"""Objectives: LinearMSE against direct NumPy, every gradient against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import TEST_FUNCTIONS, LinearMSE, NonConvex1D, datasets, descend, rules, test_function

# --------------------------------------------------------------------------------------------
# A direct, obviously-correct LinearMSE: build the design matrix and average the squares.


def _design(x: np.ndarray, intercept: bool) -> np.ndarray:
    x2 = x[:, None] if x.ndim == 1 else x
    return np.hstack([x2, np.ones((x2.shape[0], 1))]) if intercept else x2


def direct_value(x, y, theta, intercept, half, rows=None):
    design = _design(x, intercept)
    rows = np.arange(len(y)) if rows is None else np.asarray(rows)
    residual = design[rows] @ theta - y[rows]
    mse = np.mean(residual**2)
    return mse / 2 if half else mse


def direct_grad(x, y, theta, intercept, half, rows=None):
    design = _design(x, intercept)
    rows = np.arange(len(y)) if rows is None else np.asarray(rows)
    residual = design[rows] @ theta - y[rows]
    factor = 1.0 if half else 2.0
    return factor * design[rows].T @ residual / len(rows)


def direct_hessian(x, n, intercept, half):
    design = _design(x, intercept)
    return (1.0 if half else 2.0) * design.T @ design / n


CASES = [
    # (n, features or None for flat x, intercept, half)
    (7, None, True, False),
    (7, None, False, False),
    (7, None, True, True),
    (12, 3, True, False),
    (12, 3, False, False),
    (12, 3, False, True),
    (1, None, True, False),
]


def _random_problem(n: int, features: int | None, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) if features is None else rng.normal(size=(n, features))
    y = rng.normal(size=n) * 3.0 + 1.0
    return x, y, rng


def _case_id(case) -> str:
    n, features, intercept, half = case
    shape = "flat" if features is None else f"d{features}"
    return f"n{n}-{shape}-{'b' if intercept else 'nob'}-{'half' if half else 'mse'}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_linear_mse_agrees_with_direct_numpy(case) -> None:
    n, features, intercept, half = case
    x, y, rng = _random_problem(n, features)
    obj = LinearMSE(x, y, intercept=intercept, half=half)
    d = (1 if features is None else features) + int(intercept)
    assert obj.dim == d and obj.n == n
    for _ in range(5):
        theta = rng.normal(size=d) * 2.0
        assert obj.value(theta) == pytest.approx(direct_value(x, y, theta, intercept, half), rel=1e-10)
        np.testing.assert_allclose(obj.grad(theta), direct_grad(x, y, theta, intercept, half), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(obj.residuals(theta), _design(x, intercept) @ theta - y, rtol=1e-12, atol=1e-12)
        rows = rng.choice(n, size=max(1, n // 2), replace=False)
        assert obj.value_at(theta, rows) == pytest.approx(direct_value(x, y, theta, intercept, half, rows), rel=1e-12)
        np.testing.assert_allclose(
            obj.grad_at(theta, rows), direct_grad(x, y, theta, intercept, half, rows), rtol=1e-12, atol=1e-12
        )
        loss, grad = obj.loss_grad_at(theta, rows)  # what descend uses for a batch: both from one pass
        assert loss == pytest.approx(direct_value(x, y, theta, intercept, half, rows), rel=1e-12)
        np.testing.assert_allclose(grad, direct_grad(x, y, theta, intercept, half, rows), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(obj.hessian(), direct_hessian(x, n, intercept, half), rtol=1e-12)
    # A stack of parameter vectors (..., d) gives a stack of losses (...).
    stack = rng.normal(size=(3, 4, d))
    expected = np.array([[direct_value(x, y, stack[i, j], intercept, half) for j in range(4)] for i in range(3)])
    np.testing.assert_allclose(obj.value(stack), expected, rtol=1e-10)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_sufficient_statistics(case) -> None:
    n, features, intercept, _ = case
    x, y, _ = _random_problem(n, features, seed=1)
    obj = LinearMSE(x, y, intercept=intercept)
    design = _design(x, intercept)
    np.testing.assert_allclose(obj.gram, design.T @ design / n, rtol=1e-12)
    np.testing.assert_allclose(obj.xty, design.T @ y / n, rtol=1e-12)
    assert obj.yty == pytest.approx(np.sum(y * y) / n, rel=1e-12)


def test_value_at_the_minimizer_and_the_minimizer() -> None:
    x, y, _ = _random_problem(30, 2, seed=2)
    obj = LinearMSE(x, y)
    design = _design(x, True)
    best = np.linalg.solve(design.T @ design, design.T @ y)  # the normal equations
    np.testing.assert_allclose(obj.minimizer(), best, rtol=1e-10)
    # Near the minimum the expanded form θᵀGθ − 2cᵀθ + s loses digits to cancellation, not more than ~1e-12·s.
    assert obj.value(best) == pytest.approx(direct_value(x, y, best, True, False), abs=1e-12 * obj.yty)
    np.testing.assert_allclose(obj.grad(best), 0.0, atol=1e-12)


def test_grid_rows_run_over_b_and_columns_over_w() -> None:
    x, y, _ = _random_problem(9, None, seed=3)
    obj = LinearMSE(x, y)
    w = np.linspace(-1.0, 2.0, 4)
    b = np.linspace(-3.0, 3.0, 5)
    grid = obj.grid(w, b)
    assert grid.shape == (5, 4)
    for i, bi in enumerate(b):
        for j, wj in enumerate(w):
            assert grid[i, j] == pytest.approx(direct_value(x, y, np.array([wj, bi]), True, False), rel=1e-10)
    # Two weights and no intercept: the grid runs over (w1, w2).
    two = datasets.get("two_features")
    obj2 = LinearMSE(two.x, two.y, intercept=False)
    grid2 = obj2.grid([0.0, 1.0], [0.0, 0.5])
    # At (w1, w2) = (1, 0) the fit is exact: 1·[1, 2, 3] + 0·[2, 3, 4] = y.
    assert grid2[0, 1] == pytest.approx(0.0, abs=1e-12)
    # At (0, 0.5): predictions [1, 1.5, 2], errors [0, −0.5, −1], MSE (0 + 0.25 + 1)/3.
    assert grid2[1, 0] == pytest.approx(1.25 / 3, rel=1e-12)
    with pytest.raises(ValueError, match="exactly two parameters"):
        LinearMSE(x.reshape(-1, 1).repeat(2, axis=1), y).grid(w, b)


def test_curve_w_holds_b() -> None:
    x, y, _ = _random_problem(9, None, seed=4)
    w = np.linspace(-2.0, 2.0, 7)
    with_b = LinearMSE(x, y)
    expected = [direct_value(x, y, np.array([wi, 0.7]), True, False) for wi in w]
    np.testing.assert_allclose(with_b.curve_w(w, b=0.7), expected, rtol=1e-10)
    through_origin = LinearMSE(x, y, intercept=False, half=True)
    expected = [direct_value(x, y, np.array([wi]), False, True) for wi in w]
    # b is ignored without an intercept.
    np.testing.assert_allclose(through_origin.curve_w(w, b=5.0), expected, rtol=1e-10)
    with pytest.raises(ValueError, match="one-feature"):
        LinearMSE(np.ones((3, 2)), [1.0, 2.0, 3.0]).curve_w(w)


def test_half_halves_everything_and_doubles_the_stability_limit() -> None:
    ds = datasets.get("five_points")
    full, half = LinearMSE(ds.x, ds.y), LinearMSE(ds.x, ds.y, half=True)
    theta = np.array([1.5, -0.5])
    assert half.value(theta) == pytest.approx(full.value(theta) / 2, rel=1e-14)
    np.testing.assert_allclose(half.grad(theta), full.grad(theta) / 2, rtol=1e-14)
    np.testing.assert_allclose(half.hessian(), full.hessian() / 2, rtol=1e-14)
    assert half.stability_limit() == pytest.approx(2 * full.stability_limit(), rel=1e-14)


def test_stability_limit_of_five_points_by_hand() -> None:
    # x = 1..5: mean(x²) = 55/5 = 11, mean(x) = 3, so G = [[11, 3], [3, 1]] and H = 2G.
    # λmax(G) = (12 + √(10² + 4·3²))/2 = (12 + √136)/2, so the limit is 2/(2·λmax(G)) = 2/(12 + √136).
    ds = datasets.get("five_points")
    assert LinearMSE(ds.x, ds.y).stability_limit() == pytest.approx(2 / (12 + np.sqrt(136.0)), rel=1e-13)


@pytest.mark.parametrize("name", ["five_points", "synthetic_100", "two_features", "tadpole"])
def test_gradient_descent_converges_just_under_the_stability_limit_and_diverges_just_over(name: str) -> None:
    ds = datasets.get(name)
    obj = LinearMSE(ds.x, ds.y, intercept=ds.intercept)
    limit = obj.stability_limit()
    eigenvalues = np.linalg.eigvalsh(obj.hessian())
    assert limit == pytest.approx(2.0 / eigenvalues[-1], rel=1e-14)
    start = np.zeros(obj.dim)
    # Along eigenvector i the error is multiplied by |1 − η·λᵢ| per step: enough steps to shrink it 1e-8-fold.
    rate = np.max(np.abs(1.0 - 0.99 * limit * eigenvalues))
    assert rate < 1.0
    steps = int(np.ceil(np.log(1e-8) / np.log(rate)))
    below = descend(obj, rules.gd(0.99 * limit), start, steps=steps)
    assert below.diverged_at is None
    np.testing.assert_allclose(below.theta[-1], obj.minimizer(), atol=1e-5 * (1 + np.abs(obj.minimizer()).max()))
    # Just over the limit the top mode grows by |1 − 2.02| = 1.02 per step: past 1e12 within a few thousand.
    above = descend(obj, rules.gd(1.01 * limit), start, steps=5000)
    assert above.diverged_at is not None


@pytest.mark.parametrize(
    "x, y, message",
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0], "x has 3 rows but y has 2 values"),
        ([[1.0], [2.0]], [[1.0], [2.0]], "y shape"),
        (np.ones((2, 2, 2)), [1.0, 2.0], "must have shape"),
        ([1.0, np.nan], [1.0, 2.0], "finite"),
        ([1.0, 2.0], [1.0, np.inf], "finite"),
        ([], [], "at least one data point"),
    ],
)
def test_bad_data_raises_a_readable_value_error(x, y, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LinearMSE(x, y)


# --------------------------------------------------------------------------------------------
# Finite differences: every analytic gradient against central differences.


def _central_difference(f, theta: np.ndarray, h: float = 1e-6) -> np.ndarray:
    out = np.empty_like(theta)
    for i in range(theta.shape[0]):
        step = np.zeros_like(theta)
        step[i] = h
        out[i] = (f(theta + step) - f(theta - step)) / (2 * h)
    return out


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_linear_mse_gradients_match_finite_differences(case) -> None:
    n, features, intercept, half = case
    x, y, rng = _random_problem(n, features, seed=5)
    obj = LinearMSE(x, y, intercept=intercept, half=half)
    for _ in range(3):
        theta = rng.normal(size=obj.dim)
        np.testing.assert_allclose(obj.grad(theta), _central_difference(obj.value, theta), rtol=1e-6, atol=1e-6)
        rows = rng.choice(n, size=max(1, n // 3), replace=False)
        numeric = _central_difference(lambda t, rows=rows: obj.value_at(t, rows), theta)
        np.testing.assert_allclose(obj.grad_at(theta, rows), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", list(TEST_FUNCTIONS))
def test_test_function_gradients_match_finite_differences(name: str) -> None:
    f = TEST_FUNCTIONS[name]
    rng = np.random.default_rng(6)
    points = [np.array(f.start, dtype=float)]
    points += [np.array([rng.uniform(*f.x_range), rng.uniform(*f.y_range)]) for _ in range(6)]
    for theta in points:
        np.testing.assert_allclose(f.grad(theta), _central_difference(f.value, theta), rtol=1e-6, atol=1e-6)
    # Vectorised: a grid of points at once equals point by point.
    stack = np.stack(points)
    np.testing.assert_allclose(f.value(stack), [f.value(p) for p in points], rtol=1e-15)
    np.testing.assert_allclose(f.grad(stack), [f.grad(p) for p in points], rtol=1e-15)


@pytest.mark.parametrize("name", list(TEST_FUNCTIONS))
def test_listed_minima_are_stationary_and_starts_are_in_the_window(name: str) -> None:
    f = TEST_FUNCTIONS[name]
    for minimum in f.minima:
        # Himmelblau's three irrational minima are listed to 6 decimals.
        np.testing.assert_allclose(f.grad(np.array(minimum)), 0.0, atol=1e-4)
    assert f.x_range[0] <= f.start[0] <= f.x_range[1] and f.y_range[0] <= f.start[1] <= f.y_range[1]


def test_test_function_values_by_hand() -> None:
    # Rosenbrock at (0, 0): (1 − 0)² + 100(0 − 0)² = 1; at (−1, 1): 4 + 0 = 4.
    assert TEST_FUNCTIONS["rosenbrock"].value([0.0, 0.0]) == 1.0
    assert TEST_FUNCTIONS["rosenbrock"].value([-1.0, 1.0]) == 4.0
    # Himmelblau at (0, 0): 121 + 49 = 170; at (3, 2): 0.
    assert TEST_FUNCTIONS["himmelblau"].value([0.0, 0.0]) == 170.0
    assert TEST_FUNCTIONS["himmelblau"].value([3.0, 2.0]) == 0.0
    # Saddle: x² − y² is 0 at the origin, with zero gradient, but 1 at (1, 0) and −1 at (0, 1).
    saddle = TEST_FUNCTIONS["saddle"]
    assert (saddle.value([1.0, 0.0]), saddle.value([0.0, 1.0])) == (1.0, -1.0)
    np.testing.assert_array_equal(saddle.grad([0.0, 0.0]), [0.0, 0.0])
    # Elongated ½x² + 10y² at (2, 1): 2 + 10 = 12; gradient (x, 20y) = (2, 20).
    assert TEST_FUNCTIONS["elongated"].value([2.0, 1.0]) == 12.0
    np.testing.assert_array_equal(TEST_FUNCTIONS["elongated"].grad([2.0, 1.0]), [2.0, 20.0])
    # Plateau 1 − exp(−(x² + y²)/4) at (2, 0): 1 − e⁻¹.
    assert TEST_FUNCTIONS["plateau"].value([2.0, 0.0]) == pytest.approx(1 - np.exp(-1.0), rel=1e-15)


def test_unknown_test_function_lists_the_names() -> None:
    assert test_function("saddle") is TEST_FUNCTIONS["saddle"]
    with pytest.raises(KeyError, match="rosenbrock"):
        test_function("banana")


def test_nonconvex_1d_by_hand_and_by_finite_differences() -> None:
    f = NonConvex1D()
    # f(w) = w⁴/4 − w³/3 − w² + 2: f(−1) = 1/4 + 1/3 − 1 + 2 = 19/12, f(0) = 2, f(2) = 4 − 8/3 − 4 + 2 = −2/3.
    assert f.value([-1.0]) == pytest.approx(19 / 12, rel=1e-15)
    assert f.value([0.0]) == 2.0
    assert f.value([2.0]) == pytest.approx(-2 / 3, rel=1e-15)
    for w in (f.local_min, f.local_max, f.global_min):
        assert f.grad(np.array([w]))[0] == 0.0
    # f'(1) = 1 − 1 − 2 = −2; f'(3) = 27 − 9 − 6 = 12.
    np.testing.assert_array_equal(f.grad(np.array([[1.0], [3.0]])), [[-2.0], [12.0]])
    for w in np.linspace(*f.x_range, 11):
        theta = np.array([w])
        np.testing.assert_allclose(f.grad(theta), _central_difference(f.value, theta), rtol=1e-6, atol=1e-6)
