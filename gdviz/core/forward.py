"""The forward pass of y = w·x + b, point by point: the arithmetic of lesson 1."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gdviz.core._types import FloatArray

__all__ = ["ForwardPass", "forward_pass"]


@dataclass(frozen=True)
class ForwardPass:
    """Input -> forward -> per-point error -> mean squared error.

    Attributes
    ----------
    x, y : ndarray of shape (n,)
        Input and real output.
    y_hat : ndarray of shape (n,)
        Prediction ŷ = w·x + b.
    error : ndarray of shape (n,)
        Signed per-point error ŷ − y (positive: the line is above the point).
    squared_error : ndarray of shape (n,)
        (ŷ − y)².
    mse : float
        mean((ŷ − y)²).
    """

    x: FloatArray
    y: FloatArray
    y_hat: FloatArray
    error: FloatArray
    squared_error: FloatArray
    mse: float


def forward_pass(x: npt.ArrayLike, y: npt.ArrayLike, w: float, b: float = 0.0) -> ForwardPass:
    """Run y = w·x + b over one-feature data.

    >>> fp = forward_pass([1.0, 2.0], [1.0, 3.0], w=2.0)
    >>> fp.error.tolist(), fp.mse
    ([1.0, 1.0], 1.0)
    """
    x_arr = np.asarray(x, dtype=np.float64)
    y_arr = np.asarray(y, dtype=np.float64)
    if x_arr.ndim != 1 or x_arr.shape != y_arr.shape:
        raise ValueError(f"x and y must be flat and the same length; got {x_arr.shape} and {y_arr.shape}")
    y_hat = w * x_arr + b
    error = y_hat - y_arr
    squared = error * error
    return ForwardPass(x_arr, y_arr, y_hat, error, squared, float(np.mean(squared)))
