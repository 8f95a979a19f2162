"""Search for the best w without derivatives: brute-force grid and divide-and-conquer zooming.

Both count the loss evaluations they spend, which is the seed lesson's argument for descent: a grid
of k points per parameter costs kᵈ evaluations in d dimensions, and zooming can miss the best
point of a non-convex curve when its first round is too coarse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gdviz.core._types import FloatArray, IntArray

__all__ = ["SearchResult", "divide_and_conquer", "grid_evaluations", "grid_search"]


@dataclass(frozen=True)
class SearchResult:
    """Where a search looked and what it found.

    Attributes
    ----------
    best : float
        The w with the lowest loss seen.
    best_loss : float
    points : ndarray of shape (evaluations,)
        Every w evaluated, in order.
    losses : ndarray of shape (evaluations,)
    rounds : ndarray of int, shape (evaluations,)
        The round each point belongs to (all 0 for a grid).
    """

    best: float
    best_loss: float
    points: FloatArray
    losses: FloatArray
    rounds: IntArray

    @property
    def evaluations(self) -> int:
        """Number of loss evaluations spent."""
        return int(self.points.shape[0])


def _check_interval(lo: float, hi: float, num: int) -> None:
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"Need a finite interval lo < hi; got [{lo}, {hi}]")
    if num < 2:
        raise ValueError(f"Need at least 2 points per round; got {num}")


def grid_search(loss: Callable[[FloatArray], FloatArray], lo: float, hi: float, num: int) -> SearchResult:
    """Evaluate ``loss`` (vectorised over an array of w) at ``num`` evenly spaced w in [lo, hi]."""
    _check_interval(lo, hi, num)
    points = np.linspace(lo, hi, num)
    losses = np.asarray(loss(points), dtype=np.float64)
    i = int(np.nanargmin(losses))
    return SearchResult(float(points[i]), float(losses[i]), points, losses, np.zeros(num, dtype=np.intp))


def grid_evaluations(points_per_parameter: int, parameters: int) -> int:
    """Loss evaluations a brute-force grid spends: ``kᵈ`` for k points along each of d parameters.

    An exact Python integer, so it stays readable however large it grows.

    >>> grid_evaluations(10, 1), grid_evaluations(10, 2), grid_evaluations(10, 6)
    (10, 100, 1000000)
    """
    if points_per_parameter < 1 or parameters < 1:
        raise ValueError(f"Need k ≥ 1 points and d ≥ 1 parameters; got k = {points_per_parameter}, d = {parameters}")
    return int(points_per_parameter) ** int(parameters)


def divide_and_conquer(
    loss: Callable[[FloatArray], FloatArray], lo: float, hi: float, num: int = 5, rounds: int = 4
) -> SearchResult:
    """Zooming search: each round evaluates ``num`` evenly spaced w, then narrows the interval to
    the neighbours of the best one, ``[w_{i−1}, w_{i+1}]``; ``num·rounds`` evaluations in all."""
    _check_interval(lo, hi, num)
    if rounds < 1:
        raise ValueError(f"Need at least one round; got {rounds}")
    all_points, all_losses, all_rounds = [], [], []
    for r in range(rounds):
        points = np.linspace(lo, hi, num)
        losses = np.asarray(loss(points), dtype=np.float64)
        i = int(np.nanargmin(losses))
        all_points.append(points)
        all_losses.append(losses)
        all_rounds.append(np.full(num, r, dtype=np.intp))
        lo, hi = points[max(i - 1, 0)], points[min(i + 1, num - 1)]
    points = np.concatenate(all_points)
    losses = np.concatenate(all_losses)
    best = int(np.nanargmin(losses))
    return SearchResult(float(points[best]), float(losses[best]), points, losses, np.concatenate(all_rounds))
