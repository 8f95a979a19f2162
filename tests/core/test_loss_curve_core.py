"""Core pieces added for lesson 2: the slope and bottom of MSE(w), the narrow-valley curve, kᵈ."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import LinearMSE, datasets
from gdviz.core.objectives import NarrowValley1D
from gdviz.core.search import divide_and_conquer, grid_evaluations, grid_search

TADPOLE = datasets.get("tadpole")
FIVE = datasets.get("five_points")


def _mse(x: np.ndarray, y: np.ndarray, w: float, b: float) -> float:
    return float(np.mean((w * x + b - y) ** 2))


@pytest.mark.parametrize("w", [0.0, 0.5, 0.8, 2.0])
def test_slope_w_through_the_origin_is_the_lessons_formula(w: float) -> None:
    obj = LinearMSE(TADPOLE.x, TADPOLE.y, intercept=False)
    # dL/dw = 2/n Σ x(wx − y), written out.
    expected = 2.0 / TADPOLE.n * np.sum(TADPOLE.x * (w * TADPOLE.x - TADPOLE.y))
    assert obj.slope_w(w) == pytest.approx(expected, rel=1e-12)
    # The intercept model read along b = 0 gives the same curve and slope.
    assert LinearMSE(TADPOLE.x, TADPOLE.y).slope_w(w, b=0.0) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("w, b", [(-1.0, 3.0), (2.2, -1.0), (4.0, 0.5)])
def test_slope_w_with_b_held_matches_finite_differences(w: float, b: float) -> None:
    obj = LinearMSE(FIVE.x, FIVE.y)
    h = 1e-6
    numeric = (_mse(FIVE.x, FIVE.y, w + h, b) - _mse(FIVE.x, FIVE.y, w - h, b)) / (2 * h)
    assert obj.slope_w(w, b=b) == pytest.approx(numeric, rel=1e-6)
    assert LinearMSE(FIVE.x, FIVE.y, half=True).slope_w(w, b=b) == pytest.approx(numeric / 2, rel=1e-6)
    # Vectorised over w.
    ws = np.array([w, w + 1.0])
    np.testing.assert_allclose(obj.slope_w(ws, b=b), [obj.slope_w(v, b=b) for v in ws])


def test_best_w_is_where_the_slope_is_zero() -> None:
    # Through the origin: w* = Σxy / Σx².
    tadpole = LinearMSE(TADPOLE.x, TADPOLE.y, intercept=False)
    assert tadpole.best_w() == pytest.approx(np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2), rel=1e-12)
    # With b held: w*(b) = Σx(y − b) / Σx²; at the joint minimiser's b it is the joint minimiser's w.
    five = LinearMSE(FIVE.x, FIVE.y)
    for b in (-5.0, 0.0, 2.5):
        expected = np.sum(FIVE.x * (FIVE.y - b)) / np.sum(FIVE.x**2)
        assert five.best_w(b=b) == pytest.approx(expected, rel=1e-12)
        assert five.slope_w(five.best_w(b=b), b=b) == pytest.approx(0.0, abs=1e-10)
    assert five.best_w(b=-1.0) == pytest.approx(2.2, rel=1e-12)


def test_slope_and_bottom_need_one_feature_and_some_spread() -> None:
    two = datasets.get("two_features")
    with pytest.raises(ValueError, match="one-feature"):
        LinearMSE(two.x, two.y, intercept=False).slope_w(1.0)
    with pytest.raises(ValueError, match="flat"):
        LinearMSE([0.0, 0.0], [1.0, 2.0]).best_w()


def _narrow(w: np.ndarray | float) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    return w**2 / 8 - 1.2 * np.exp(-((w - 2.0) ** 2) / (2 * 0.2**2))


def test_narrow_valley_by_hand_and_by_finite_differences() -> None:
    curve = NarrowValley1D()
    ws = np.linspace(*curve.x_range, 61)
    np.testing.assert_allclose(curve.value(ws[:, None]), _narrow(ws), rtol=1e-13, atol=1e-15)
    h = 1e-6
    np.testing.assert_allclose(curve.grad(ws[:, None])[:, 0], (_narrow(ws + h) - _narrow(ws - h)) / (2 * h), atol=1e-6)
    # The listed extrema are flat, in order, with the global minimum the lowest point of the window.
    for w in (curve.local_min, curve.local_max, curve.global_min):
        assert abs((_narrow(w + h) - _narrow(w - h)) / (2 * h)) < 1e-5
    assert curve.x_range[0] < curve.local_min < curve.local_max < curve.global_min < curve.x_range[1]
    dense = np.linspace(*curve.x_range, 600_001)
    assert dense[np.argmin(_narrow(dense))] == pytest.approx(curve.global_min, abs=1e-5)
    assert curve.value([curve.local_min]) == pytest.approx(0.0, abs=1e-12)


def test_a_coarse_first_round_steps_over_the_narrow_valley() -> None:
    curve = NarrowValley1D()

    def f(w: np.ndarray) -> np.ndarray:
        return np.asarray(curve.value(np.asarray(w)[..., None]))

    # Round 1 at −3, −1.5, 0, 1.5, 3: f(1.5) = 0.28125 − 1.2·e^(−3.125) ≈ 0.229 > f(0) = 0, so it zooms
    # into [−1.5, 1.5] and never sees the dip at 2, however many rounds follow.
    zoom = divide_and_conquer(f, *curve.x_range, num=5, rounds=4)
    np.testing.assert_allclose(zoom.points[:5], [-3.0, -1.5, 0.0, 1.5, 3.0])
    assert f(np.array(1.5)) == pytest.approx(0.28125 - 1.2 * np.exp(-3.125), rel=1e-12)
    assert abs(zoom.best - curve.local_min) < 1e-9
    # A 13-point grid is 0.5 apart and lands on w = 2, inside the narrow valley.
    grid = grid_search(f, *curve.x_range, 13)
    assert grid.best == pytest.approx(2.0, abs=1e-12)
    assert grid.best_loss < 0.0 < zoom.best_loss + 1e-9


def test_grid_evaluations_is_k_to_the_d() -> None:
    assert [grid_evaluations(13, d) for d in (1, 2, 3)] == [13, 169, 2197]
    assert grid_evaluations(40, 10) == 10_485_760_000_000_000  # exact, no float rounding
    with pytest.raises(ValueError, match="k ≥ 1"):
        grid_evaluations(0, 2)
