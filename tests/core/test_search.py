"""Derivative-free search: grid and divide-and-conquer, and how zooming misses a global minimum."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import NonConvex1D
from gdviz.core.search import divide_and_conquer, grid_search


def parabola(w: np.ndarray) -> np.ndarray:
    """(w − 1.3)² + 0.5, minimum 0.5 at w = 1.3."""
    return (np.asarray(w) - 1.3) ** 2 + 0.5


def test_grid_search_on_a_parabola() -> None:
    # 51 points on [−2, 3] are spaced 0.1 apart and include 1.3 (the 34th).
    result = grid_search(parabola, -2.0, 3.0, 51)
    assert result.evaluations == 51
    assert result.best == pytest.approx(1.3, abs=1e-12)
    assert result.best_loss == pytest.approx(0.5, abs=1e-12)
    np.testing.assert_allclose(result.points, np.linspace(-2.0, 3.0, 51))
    np.testing.assert_allclose(result.losses, parabola(result.points))
    np.testing.assert_array_equal(result.rounds, np.zeros(51))


@pytest.mark.parametrize("num, rounds", [(5, 4), (4, 6), (11, 3), (3, 2)])
def test_divide_and_conquer_on_a_parabola(num: int, rounds: int) -> None:
    lo, hi = -2.0, 3.0
    result = divide_and_conquer(parabola, lo, hi, num=num, rounds=rounds)
    assert result.evaluations == num * rounds
    np.testing.assert_array_equal(result.rounds, np.repeat(np.arange(rounds), num))
    np.testing.assert_allclose(result.losses, parabola(result.points))
    # Each round keeps the two grid spacings around its best point: width ×2/(num − 1) per round.
    final_width = (hi - lo) * (2 / (num - 1)) ** (rounds - 1)
    last = result.points[-num:]
    assert last[-1] - last[0] == pytest.approx(final_width, rel=1e-12)
    # The minimum of a convex curve stays inside the zoomed interval, so the best point is within it.
    assert last[0] <= 1.3 <= last[-1]
    assert abs(result.best - 1.3) <= final_width
    assert result.best_loss == parabola(result.best)


def test_divide_and_conquer_spends_fewer_evaluations_than_a_grid_as_fine() -> None:
    # Four rounds of 5 points end with spacing 5·(1/2)³/4 = 0.15625; a grid that fine needs 33 points.
    zoom = divide_and_conquer(parabola, -2.0, 3.0, num=5, rounds=4)
    grid = grid_search(parabola, -2.0, 3.0, 33)
    assert zoom.evaluations == 20 < grid.evaluations
    assert abs(zoom.best - 1.3) <= abs(grid.best - 1.3) + 1e-12


def test_a_coarse_first_round_lands_divide_and_conquer_in_the_local_minimum() -> None:
    # The seed lesson 004's warning, on f(w) = w⁴/4 − w³/3 − w² + 2 (local min at −1, global at 2).
    curve = NonConvex1D()

    def f(w: np.ndarray) -> np.ndarray:
        return np.asarray(curve.value(np.asarray(w)[..., None]))

    lo, hi = -4.75, 6.5
    # Round 1, 4 points 3.75 apart: −4.75, −1, 2.75, 6.5.
    #   f(−1)   = 1/4 + 1/3 − 1 + 2 = 19/12 ≈ 1.583
    #   f(2.75) = 57.19140625/4 − 20.796875/3 − 7.5625 + 2 ≈ 14.298 − 6.932 − 5.5625 ≈ 1.803
    #   f(−4.75) ≈ 142 and f(6.5) ≈ 314 are far larger, so the best is −1 and it zooms to [−4.75, 2.75].
    # Round 2: −4.75, −2.25, 0.25, 2.75, with f(−2.25) ≈ 7.14 and f(0.25) ≈ 1.933: nothing beats −1.
    # The global minimum f(2) = −2/3 sat between 2.75 and −1, which the coarse round never looked at.
    zoom = divide_and_conquer(f, lo, hi, num=4, rounds=2)
    np.testing.assert_allclose(zoom.points[:4], [-4.75, -1.0, 2.75, 6.5], rtol=1e-15)
    np.testing.assert_allclose(zoom.points[4:], [-4.75, -2.25, 0.25, 2.75], rtol=1e-15)
    assert zoom.best == curve.local_min
    assert zoom.best_loss == pytest.approx(19 / 12, rel=1e-15)
    assert f(np.array(2.75)) == pytest.approx(57.19140625 / 4 - 20.796875 / 3 - 7.5625 + 2, rel=1e-15)

    # A plain grid on the same interval, 0.25 apart (46 points), hits w = 2 = −4.75 + 27 × 0.25 exactly.
    grid = grid_search(f, lo, hi, 46)
    assert grid.best == pytest.approx(curve.global_min, abs=1e-12)
    assert grid.best_loss == pytest.approx(-2 / 3, rel=1e-12)


@pytest.mark.parametrize(
    "args, message",
    [((0.0, 0.0, 5), "lo < hi"), ((1.0, 0.0, 5), "lo < hi"), ((0.0, np.inf, 5), "finite"), ((0.0, 1.0, 1), "2 points")],
)
def test_bad_intervals_raise(args, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        grid_search(parabola, *args)
    with pytest.raises(ValueError, match=message):
        divide_and_conquer(parabola, *args)


def test_divide_and_conquer_needs_a_round() -> None:
    with pytest.raises(ValueError, match="at least one round"):
        divide_and_conquer(parabola, 0.0, 1.0, num=5, rounds=0)
