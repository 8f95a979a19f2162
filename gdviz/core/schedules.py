"""Learning-rate schedules: a schedule is a function ``step -> learning rate``.

The closed forms are torch.optim.lr_scheduler's, with ``step`` counted from 0 as torch's
``last_epoch``. Every schedule also accepts an array of steps, for plotting.

>>> [round(float(step_decay(0.1, step_size=2, gamma=0.5)(t)), 6) for t in range(5)]
[0.1, 0.1, 0.05, 0.05, 0.025]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

Schedule = Callable[[npt.ArrayLike], npt.NDArray[np.float64] | float]

__all__ = ["SCHEDULES", "Schedule", "constant", "cosine_annealing", "exponential", "step_decay"]


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not np.isfinite(lr) or lr < 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")
    return lr


def _as_steps(step: npt.ArrayLike) -> npt.NDArray[np.float64]:
    t = np.asarray(step, dtype=np.float64)
    if np.any(t < 0):
        raise ValueError("Steps are counted from 0")
    return t


def _out(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | float:
    return float(values) if values.ndim == 0 else values


def constant(lr: float) -> Schedule:
    """``η_t = η``."""
    lr = _check_lr(lr)

    def schedule(step: npt.ArrayLike) -> npt.NDArray[np.float64] | float:
        return _out(np.full_like(_as_steps(step), lr))

    return schedule


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """Step decay (torch StepLR): ``η_t = η · γ^⌊t / step_size⌋``.

    Parameters
    ----------
    lr : float
        η, the learning rate at step 0.
    step_size : int
        Steps between two decays, at least 1.
    gamma : float, default=0.1
        Factor applied at each decay, in (0, 1].
    """
    lr = _check_lr(lr)
    if int(step_size) < 1:
        raise ValueError(f"Invalid step_size: {step_size} (must be at least 1)")
    if not 0.0 < float(gamma) <= 1.0:
        raise ValueError(f"Invalid gamma: {gamma} (must be in (0, 1])")
    size, g = int(step_size), float(gamma)

    def schedule(step: npt.ArrayLike) -> npt.NDArray[np.float64] | float:
        return _out(lr * g ** np.floor(_as_steps(step) / size))

    return schedule


def exponential(lr: float, gamma: float) -> Schedule:
    """Exponential decay (torch ExponentialLR): ``η_t = η · γ^t``."""
    lr = _check_lr(lr)
    if not 0.0 < float(gamma) <= 1.0:
        raise ValueError(f"Invalid gamma: {gamma} (must be in (0, 1])")
    g = float(gamma)

    def schedule(step: npt.ArrayLike) -> npt.NDArray[np.float64] | float:
        return _out(lr * g ** _as_steps(step))

    return schedule


def cosine_annealing(lr: float, T_max: int, eta_min: float = 0.0) -> Schedule:  # noqa: N803
    """Cosine annealing (torch CosineAnnealingLR's closed form).

        η_t = η_min + (η − η_min) · (1 + cos(π·t / T_max)) / 2

    Past ``T_max`` the cosine goes on, climbing back up, as torch's closed form does.
    """
    lr = _check_lr(lr)
    if int(T_max) < 1:
        raise ValueError(f"Invalid T_max: {T_max} (must be at least 1)")
    eta_min = float(eta_min)
    if not 0.0 <= eta_min <= lr:
        raise ValueError(f"Invalid eta_min: {eta_min} (must be between 0 and the learning rate)")
    t_max = int(T_max)

    def schedule(step: npt.ArrayLike) -> npt.NDArray[np.float64] | float:
        t = _as_steps(step)
        return _out(eta_min + (lr - eta_min) * (1.0 + np.cos(np.pi * t / t_max)) / 2.0)

    return schedule


SCHEDULES: dict[str, Callable[..., Schedule]] = {
    "constant": constant,
    "step": step_decay,
    "exponential": exponential,
    "cosine": cosine_annealing,
}
