"""Exponentially weighted moving average, to read the trend of a noisy loss.

    v₀ = 0;  v_t = β·v_{t−1} + (1 − β)·x_t;  with bias correction  v̂_t = v_t / (1 − βᵗ)

>>> ewma([1.0, 1.0, 1.0], beta=0.5, bias_correction=False).tolist()
[0.5, 0.75, 0.875]
>>> ewma([1.0, 1.0, 1.0], beta=0.5).tolist()
[1.0, 1.0, 1.0]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gdviz.core._types import FloatArray

__all__ = ["ewma"]


def ewma(values: npt.ArrayLike, beta: float | npt.ArrayLike, *, bias_correction: bool = True) -> FloatArray:
    """EWMA of ``values`` (shape (n,)) with weight ``beta`` in [0, 1); returns shape (n,), or (s, n)
    for a grid of s weights at once (one vectorised pass over the values: row j is the EWMA with
    ``beta[j]``, what a live β control shows as it moves).

    Without bias correction the average starts at 0 and lags low for the first ~1/(1 − β) values;
    with it, each value is divided by ``1 − βᵗ``, which removes that start-up bias.

    >>> ewma([2.0, 4.0], [0.0, 0.5], bias_correction=False).tolist()
    [[2.0, 4.0], [1.0, 2.5]]
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"values must be one-dimensional; got shape {x.shape}")
    betas = np.asarray(beta, dtype=np.float64)
    if betas.ndim > 1:
        raise ValueError(f"beta must be one number or a flat grid; got shape {betas.shape}")
    if np.any((betas < 0.0) | (betas >= 1.0)):
        raise ValueError(f"Invalid beta: {beta} (must be in [0, 1))")
    grid = np.atleast_1d(betas)
    out = np.empty((grid.shape[0], x.shape[0]))
    v = np.zeros(grid.shape[0])
    for i, value in enumerate(x):
        v = grid * v + (1.0 - grid) * value
        out[:, i] = v
    if bias_correction:
        out /= 1.0 - grid[:, None] ** np.arange(1, x.shape[0] + 1)
    return out if betas.ndim else out[0]
