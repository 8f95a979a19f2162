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


def ewma(values: npt.ArrayLike, beta: float, *, bias_correction: bool = True) -> FloatArray:
    """EWMA of ``values`` (shape (n,)) with weight ``beta`` in [0, 1); returns shape (n,).

    Without bias correction the average starts at 0 and lags low for the first ~1/(1 − β) values;
    with it, each value is divided by ``1 − βᵗ``, which removes that start-up bias.
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"values must be one-dimensional; got shape {x.shape}")
    beta = float(beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"Invalid beta: {beta} (must be in [0, 1))")
    out = np.empty_like(x)
    v = 0.0
    for i, value in enumerate(x):
        v = beta * v + (1.0 - beta) * value
        out[i] = v
    if bias_correction:
        out /= 1.0 - beta ** np.arange(1, x.shape[0] + 1)
    return out
