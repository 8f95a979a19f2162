"""How plain gradient descent's fate depends on the learning rate η.

On a quadratic loss with Hessian H, one step of θ ← θ − η·∇L(θ) moves the error e = θ − θ* to

    e ← (I − η·H)·e

so along each eigenvector of H (eigenvalue λ) the distance to the minimum is multiplied by 1 − η·λ
at every step. Descent converges when every |1 − η·λ| < 1, that is η < 2 / λmax
(:meth:`LinearMSE.stability_limit`); it bounces when 1 − η·λ < 0 and diverges past the limit.

>>> from gdviz.core.objectives import LinearMSE
>>> obj = LinearMSE([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], intercept=False)   # d²L/dw² = 2·14/3
>>> round(contraction(obj, 0.1), 4)   # |1 − 0.1 · 28/3|
0.0667
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from gdviz.core._types import FloatArray
from gdviz.core.descend import MAX_STEPS, within_bounds
from gdviz.core.rules import Rule, gd

__all__ = ["LRSweep", "contraction", "descend_lrs", "lr_sweep"]


class QuadraticObjective(Protocol):
    def value(self, theta: npt.ArrayLike) -> Any: ...
    def grad(self, theta: npt.ArrayLike) -> FloatArray: ...
    def hessian(self) -> FloatArray: ...


def contraction(objective: QuadraticObjective, lr: float) -> float:
    """The factor ρ = max over eigenvalues λ of H of |1 − η·λ|.

    Each gradient-descent step multiplies the distance to the minimum along the worst direction by
    ρ: below 1 descent converges, above 1 it diverges.

    Parameters
    ----------
    objective : object with ``hessian()``
        A quadratic objective such as :class:`LinearMSE`.
    lr : float
        The learning rate η.
    """
    eigenvalues = np.linalg.eigvalsh(np.atleast_2d(objective.hessian()))
    return float(np.max(np.abs(1.0 - float(lr) * eigenvalues)))


@dataclass(frozen=True)
class LRSweep:
    """One rule's descent from one start, once for each learning rate of a sweep, step by step.

    Attributes
    ----------
    lr : ndarray of shape (m,)
        The learning rates tried.
    theta : ndarray of shape (m, steps + 1, d)
        Each run's θ₀, then θ after each step, as :attr:`Path.theta <gdviz.core.descend.Path>` holds
        them (NaN after divergence; θ at divergence kept when finite).
    loss : ndarray of shape (m, steps + 1)
        Full-data loss at each θ, NaN where θ is.
    diverged_at : ndarray of shape (m,)
        The step at which each run diverged (``Path.diverged_at``), or −1.
    """

    lr: FloatArray
    theta: FloatArray
    loss: FloatArray
    diverged_at: npt.NDArray[np.intp]

    @property
    def final_loss(self) -> FloatArray:
        """Loss after the last step; NaN where the run diverged."""
        return np.where(self.diverged_at < 0, self.loss[:, -1], np.nan)


def lr_sweep(objective: Any, theta0: npt.ArrayLike, lrs: npt.ArrayLike, steps: int) -> LRSweep:
    """Run ``steps`` of gradient descent from ``theta0`` once per learning rate in ``lrs``, keeping every
    step (a live η shows any of the runs): :func:`descend_lrs` with :func:`rules.gd`.

    Parameters
    ----------
    objective : object with ``value`` and ``grad`` that take one θ per row, shape (m, d)
        Such as :class:`LinearMSE`.
    theta0 : array_like of shape (d,) or (m, d)
        The start of every run, or of each (a live start shows any of them).
    lrs : array_like of shape (m,)
        Learning rates, each ≥ 0.
    steps : int
        Steps per run, 0 to :data:`MAX_STEPS`.
    """
    return descend_lrs(objective, gd(), theta0, lrs, steps)


def descend_lrs(objective: Any, rule: Rule, theta0: npt.ArrayLike, lrs: npt.ArrayLike, steps: int) -> LRSweep:
    """Run ``steps`` of ``rule`` from ``theta0`` once per learning rate in ``lrs``, all runs at once.

    Each run takes the steps of :func:`descend` with that η in place of the rule's own (as a schedule
    replaces it): g_t = ∇L(θ_t), (Δθ_t, state) = rule.update(g_t, state, η), θ_{t+1} = θ_t + Δθ_t, and
    it is cut where :func:`descend.within_bounds` says it left (θ and the loss there kept when θ is
    finite). The runs are the rows of one stack, so a step is one array operation for all of them: a
    live η needs a run per value of its grid, and a Python loop per run would cost that many times
    more. Every rule of :mod:`gdviz.core.rules` works elementwise on θ, so a rule's state holds a row
    per run and η arrives as a column.

    An adaptive rule divides by the size of the gradient, so where the gradient is at rounding level
    (the centre of a saddle) a stacked gradient that rounds differently from a single θ's can move a
    run apart from :func:`descend`'s by more than rounding; ``tests/core/test_stability.py`` holds
    every run against :func:`descend`.

    Parameters
    ----------
    objective : object with ``value`` and ``grad`` that take one θ per row, shape (m, d)
        Such as :class:`LinearMSE` or a :class:`TestFunction`.
    rule : Rule
        From :mod:`gdviz.core.rules`; its own learning rate is not used.
    theta0 : array_like of shape (d,) or (m, d)
        The start of every run, or one start per run (row i of ``theta0`` with ``lrs[i]``).
    lrs : array_like of shape (m,)
        Learning rates, each ≥ 0.
    steps : int
        Steps per run, 0 to :data:`MAX_STEPS`.

    Examples
    --------
    >>> from gdviz.core.objectives import LinearMSE
    >>> from gdviz.core.rules import momentum
    >>> runs = descend_lrs(LinearMSE([1.0, 2.0], [2.0, 4.0], intercept=False), momentum(), [0.0], [0.01, 0.1], 400)
    >>> runs.theta[:, -1, 0].round(6).tolist()
    [2.0, 2.0]
    """
    rates = np.asarray(lrs, dtype=np.float64).reshape(-1)
    start = np.asarray(theta0, dtype=np.float64)
    start = start if start.ndim == 2 else start.reshape(-1)
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 0 and {MAX_STEPS}; got {steps}")
    if start.ndim == 2 and start.shape[0] != rates.size:
        raise ValueError(f"{start.shape} starts for {rates.size} learning rates: give one start, or one per rate")
    if not np.all(np.isfinite(start)):
        raise ValueError("The start point must be finite")
    if not np.all(np.isfinite(rates) & (rates >= 0.0)):
        raise ValueError(f"Invalid learning rate among {rates.tolist()}")
    theta = np.array(np.broadcast_to(start, (rates.size, start.shape[-1])))
    # Step-major, each step one contiguous block: a live start runs thousands of rows at once.
    thetas = np.full((steps + 1, rates.size, start.shape[-1]), np.nan)
    losses = np.full((steps + 1, rates.size), np.nan)
    diverged = np.full(rates.shape, -1, dtype=np.intp)
    state = rule.init(theta)
    column = rates[:, None]
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            if t:
                delta, state = rule.update(np.asarray(objective.grad(theta), dtype=np.float64), state, column)
                theta = theta + delta
            loss = np.asarray(objective.value(theta), dtype=np.float64)
            alive = diverged < 0
            left = alive & ~within_bounds(theta, loss)
            diverged[left] = t
            # As descend cuts a run: θ and the loss where it left are kept when θ is finite.
            kept = (alive & ~left) | (left & np.all(np.isfinite(theta), axis=1))
            thetas[t] = np.where(kept[:, None], theta, np.nan)
            losses[t] = np.where(kept, loss, np.nan)
            if not (diverged < 0).any():
                break
    return LRSweep(lr=rates, theta=thetas.transpose(1, 0, 2), loss=losses.T, diverged_at=diverged)
