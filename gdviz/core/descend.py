"""The one descent loop: objective + rule (+ schedule, batches) -> :class:`Path`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from gdviz.core._types import FloatArray, IntArray
from gdviz.core.batches import index_stream, steps_per_epoch
from gdviz.core.rules import Rule

__all__ = ["DIVERGENCE_BOUND", "MAX_STEPS", "Path", "descend", "within_bounds"]

MAX_STEPS = 100_000
"""The most steps one call may take; enough for any lesson, small enough to stay interactive."""

DIVERGENCE_BOUND = 1e12
"""A loss or |θ| above this counts as diverged (far past anything a lesson can draw)."""


class Objective(Protocol):
    """What :func:`descend` needs of an objective: ``value`` and ``grad`` at one θ of shape (d,).

    An objective whose ``value`` also takes a stack of θ of shape (..., d) says so with a true
    ``stacked`` attribute (gdviz's own do), and a run's losses are then computed in one call; any
    other object (a class written by hand in a notebook) is asked one θ at a time.
    """

    def value(self, theta: npt.ArrayLike) -> Any:
        """The loss at θ of shape (d,) (and at each θ of a stack of shape (..., d) when ``stacked``)."""

    def grad(self, theta: npt.ArrayLike) -> FloatArray: ...


@dataclass(frozen=True)
class Path:
    """What one descent did, step by step.

    Attributes
    ----------
    theta : ndarray of shape (steps + 1, d)
        θ₀ first, then θ after each step. After divergence the rows are NaN.
    loss : ndarray of shape (steps + 1,)
        Full-data loss at each θ.
    grad : ndarray of shape (steps, d)
        The gradient each step used (of its batch when batching).
    delta : ndarray of shape (steps, d)
        The change each step made: θ_{t+1} = θ_t + delta_t.
    lr : ndarray of shape (steps,)
        The learning rate of each step.
    batch_loss : ndarray of shape (steps,)
        Loss of each step's batch at θ_t, before the step: the noisy curve of stochastic descent.
    epoch : ndarray of int, shape (steps,)
        The epoch each step belongs to.
    diverged_at : int or None
        First index into ``theta`` whose loss or θ is not finite or over :data:`DIVERGENCE_BOUND`.
    steps_per_epoch : int
        Updates per pass over the data (1 for full batch).
    """

    theta: FloatArray
    loss: FloatArray
    grad: FloatArray
    delta: FloatArray
    lr: FloatArray
    batch_loss: FloatArray
    epoch: IntArray
    diverged_at: int | None
    steps_per_epoch: int

    @property
    def steps(self) -> int:
        return int(self.grad.shape[0])


def _outside(theta: FloatArray) -> bool:
    """θ is not finite or some |θ_i| is over :data:`DIVERGENCE_BOUND`: the loop's check, once a step.
    A Python loop over a few floats is a fifth of the cost of NumPy's reductions on an array this
    small, and NaN <= bound is False."""
    return not all(abs(v) <= DIVERGENCE_BOUND for v in theta.tolist())


def _cut_at_divergence(
    taken: int,
    thetas: FloatArray,
    losses: FloatArray,
    grads: FloatArray,
    deltas: FloatArray,
    lrs: FloatArray,
    batch_losses: FloatArray,
    epochs: IntArray,
) -> int | None:
    """The first index into ``thetas`` (of the ``taken`` steps' θ) whose loss or θ is out of bounds,
    None if none, the run cut there in place: the steps from it on are cleared, and θ and the loss
    at it are kept if θ is finite (so a chart can show the jump out) and cleared if not."""
    outside = ~within_bounds(thetas[: taken + 1], losses[: taken + 1])
    if not outside.any():
        return None
    k = int(np.argmax(outside))
    last = k + 1 if np.all(np.isfinite(thetas[k])) else k
    thetas[last:] = np.nan
    losses[last:] = np.nan
    for per_step in (grads, deltas, lrs, batch_losses):
        per_step[k:] = np.nan
    epochs[k:] = 0
    return k


def _gradient(objective: Objective, theta: FloatArray) -> FloatArray:
    """The objective's gradient at θ as an array of θ's shape: a list or tuple from a hand-written
    ``grad`` is taken as well; any other shape is said in a sentence, not met later as a broadcast."""
    g = np.asarray(objective.grad(theta), dtype=np.float64)
    if g.shape != theta.shape:
        raise ValueError(f"The objective's grad returned shape {g.shape}, not the shape of θ {theta.shape}")
    return g


def _losses(objective: Objective, thetas: FloatArray) -> FloatArray:
    """The loss at each row of ``thetas`` (m, d): one call for an objective whose ``value`` takes a
    stack (``stacked``), else one θ at a time."""
    if getattr(objective, "stacked", False):
        return np.asarray(objective.value(thetas), dtype=np.float64)
    return np.array([float(np.asarray(objective.value(theta)).item()) for theta in thetas], dtype=np.float64)


def within_bounds(thetas: FloatArray, losses: FloatArray) -> npt.NDArray[np.bool_]:
    """Which runs have not diverged, one θ per row of ``thetas`` (m, d) and its loss in ``losses``
    (m,): loss finite and both |loss| and every |θ| within :data:`DIVERGENCE_BOUND`."""
    small = (np.abs(losses) <= DIVERGENCE_BOUND) & (np.max(np.abs(thetas), axis=1) <= DIVERGENCE_BOUND)
    return np.isfinite(losses) & small


def descend(
    objective: Objective,
    rule: Rule,
    theta0: npt.ArrayLike,
    steps: int = 100,
    *,
    batch_size: int | None = None,
    schedule: Callable[[int], float] | None = None,
    seed: int = 0,
) -> Path:
    """Run ``steps`` updates of ``rule`` on ``objective`` from ``theta0``.

    Each step t = 0, 1, ...: take the batch's gradient g_t at θ_t, the learning rate
    η_t = schedule(t) (or the rule's own), and θ_{t+1} = θ_t + delta from ``rule.update``.

    Parameters
    ----------
    objective : object with ``value(theta)`` and ``grad(theta)``
        And ``loss_grad_at(theta, idx)`` (the batch's loss and gradient) when ``batch_size`` is set.
    rule : Rule
        From :mod:`gdviz.core.rules`.
    theta0 : array_like of shape (d,)
    steps : int, default=100
        Number of updates, 0 to :data:`MAX_STEPS`.
    batch_size : int or None, default=None
        None is full batch, 1 stochastic, anything else mini-batch.
    schedule : callable step -> lr, optional
        Replaces the rule's learning rate at every step.
    seed : int, default=0
        Seeds the ``numpy.random.Generator`` that shuffles the batches.

    Returns
    -------
    Path
        Divergence is reported in ``Path.diverged_at``, never raised, and prints no warning.

    Examples
    --------
    >>> from gdviz.core.objectives import LinearMSE
    >>> from gdviz.core.rules import gd
    >>> path = descend(LinearMSE([1.0, 2.0], [2.0, 4.0], intercept=False), gd(0.1), [0.0], steps=50)
    >>> round(float(path.theta[-1, 0]), 6)
    2.0
    """
    steps = int(steps)
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 0 and {MAX_STEPS}; got {steps}")
    theta = np.array(theta0, dtype=np.float64).reshape(-1)
    if not np.all(np.isfinite(theta)):
        raise ValueError("The start point must be finite")
    dim = getattr(objective, "dim", theta.shape[0])
    if theta.shape[0] != dim:
        raise ValueError(f"The start point has {theta.shape[0]} values but the objective has {dim} parameters")
    batching = batch_size is not None
    n = int(getattr(objective, "n", 1))
    if batching:
        if not hasattr(objective, "loss_grad_at"):
            raise ValueError("This objective has no data rows, so it cannot be batched")
        if int(batch_size) < 1:
            raise ValueError(f"Invalid batch size: {batch_size} (must be at least 1)")
        batch_size = int(batch_size)
    batches = index_stream(n, batch_size, np.random.default_rng(seed)) if batching else None

    d = theta.shape[0]
    thetas = np.full((steps + 1, d), np.nan)
    losses = np.full(steps + 1, np.nan)
    grads = np.full((steps, d), np.nan)
    deltas = np.full((steps, d), np.nan)
    lrs = np.full(steps, np.nan)
    batch_losses = np.full(steps, np.nan)
    epochs = np.zeros(steps, dtype=np.intp)

    state = rule.init(theta)
    # The loop takes the steps and stops once θ itself is out of bounds; the full-data losses are
    # computed afterwards for all θ at once (one call instead of one a step, the larger half of a
    # step's cost), and the run is cut at the first θ whose loss or θ is out of bounds. A loss
    # passes the bound well before θ does, so a diverging run may go on past that point (never past
    # the steps asked for); nothing of those steps is kept.
    with np.errstate(all="ignore"):
        thetas[0] = theta
        taken = 0
        for t in range(steps):
            if _outside(theta):
                break
            if batches is not None:
                idx, epoch = next(batches)
                batch_losses[t], g = objective.loss_grad_at(theta, idx)
            else:
                g = _gradient(objective, theta)
                epoch = t
            lr = float(schedule(t)) if schedule is not None else rule.lr
            delta, state = rule.update(g, state, lr)
            theta = theta + delta
            grads[t], deltas[t], lrs[t], epochs[t] = g, delta, lr, epoch
            thetas[t + 1] = theta
            taken = t + 1
        losses[: taken + 1] = _losses(objective, thetas[: taken + 1])
        if batches is None:
            batch_losses[:taken] = losses[:taken]
        diverged_at = _cut_at_divergence(taken, thetas, losses, grads, deltas, lrs, batch_losses, epochs)
    return Path(
        theta=thetas,
        loss=losses,
        grad=grads,
        delta=deltas,
        lr=lrs,
        batch_loss=batch_losses,
        epoch=epochs,
        diverged_at=diverged_at,
        steps_per_epoch=steps_per_epoch(n, batch_size) if batching else 1,
    )
