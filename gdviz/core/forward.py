"""The forward pass of y = w·x + b, point by point: the arithmetic of lesson 1."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gdviz.core._types import FloatArray

__all__ = ["ForwardPass", "forward_pass"]


@dataclass(frozen=True)
class ForwardPass:
    """Input -> forward -> per-point error -> mean squared error, for one w or for a grid of them.

    Attributes
    ----------
    x, y : ndarray of shape (n,)
        Input and real output.
    y_hat : ndarray of shape (n,), or (s, n) for s values of w
        Prediction ŷ = w·x + b.
    error : ndarray, shaped as ``y_hat``
        Signed per-point error ŷ − y (positive: the line is above the point).
    squared_error : ndarray, shaped as ``y_hat``
        (ŷ − y)².
    mse : float, or ndarray of shape (s,)
        mean((ŷ − y)²) over the points.
    """

    x: FloatArray
    y: FloatArray
    y_hat: FloatArray
    error: FloatArray
    squared_error: FloatArray
    mse: float | FloatArray


def forward_pass(x: npt.ArrayLike, y: npt.ArrayLike, w: float | npt.ArrayLike, b: float = 0.0) -> ForwardPass:
    """Run y = w·x + b over one-feature data, for one w or, in one vectorised pass, for every w of a
    grid (each row of the result is the pass at one w: what a live control shows as it moves).

    >>> fp = forward_pass([1.0, 2.0], [1.0, 3.0], w=2.0)
    >>> fp.error.tolist(), fp.mse
    ([1.0, 1.0], 1.0)
    >>> grid = forward_pass([1.0, 2.0], [1.0, 3.0], w=[1.0, 2.0])
    >>> grid.error.tolist(), grid.mse.tolist()
    ([[0.0, -1.0], [1.0, 1.0]], [0.5, 1.0])
    """
    x_arr = np.asarray(x, dtype=np.float64)
    y_arr = np.asarray(y, dtype=np.float64)
    if x_arr.ndim != 1 or x_arr.shape != y_arr.shape:
        raise ValueError(f"x and y must be flat and the same length; got {x_arr.shape} and {y_arr.shape}")
    w_arr = np.asarray(w, dtype=np.float64)
    if w_arr.ndim > 1:
        raise ValueError(f"w must be one number or a flat grid; got shape {w_arr.shape}")
    y_hat = w_arr[..., np.newaxis] * x_arr + b
    error = y_hat - y_arr
    squared = error * error
    mse = np.mean(squared, axis=-1)
    return ForwardPass(x_arr, y_arr, y_hat, error, squared, float(mse) if w_arr.ndim == 0 else mse)
