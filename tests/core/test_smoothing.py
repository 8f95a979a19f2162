"""Exponentially weighted moving average against literal values."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.smoothing import ewma


def test_ewma_by_hand() -> None:
    # β = 0.5, x = 2, 4, 0:
    #   v1 = 0.5·0 + 0.5·2 = 1;  v2 = 0.5·1 + 0.5·4 = 2.5;  v3 = 0.5·2.5 + 0.5·0 = 1.25.
    np.testing.assert_allclose(ewma([2.0, 4.0, 0.0], 0.5, bias_correction=False), [1.0, 2.5, 1.25], rtol=1e-15)
    # Bias correction divides by 1 − 0.5ᵗ = 0.5, 0.75, 0.875: 2, 10/3, 10/7.
    np.testing.assert_allclose(ewma([2.0, 4.0, 0.0], 0.5), [2.0, 10 / 3, 10 / 7], rtol=1e-15)


def test_ewma_with_beta_point_nine() -> None:
    # β = 0.9, x = 10, 10, 20: v = 1, 1.9, 0.9·1.9 + 2 = 3.71; corrected by 0.1, 0.19, 0.271: 10, 10, 3.71/0.271.
    np.testing.assert_allclose(ewma([10.0, 10.0, 20.0], 0.9, bias_correction=False), [1.0, 1.9, 3.71], rtol=1e-14)
    np.testing.assert_allclose(ewma([10.0, 10.0, 20.0], 0.9), [10.0, 10.0, 3.71 / 0.271], rtol=1e-14)


def test_beta_zero_is_the_data_and_a_constant_stays_constant() -> None:
    x = np.array([3.0, -1.0, 4.0, 1.5])
    np.testing.assert_array_equal(ewma(x, 0.0), x)
    np.testing.assert_allclose(ewma(np.full(50, 7.0), 0.98), np.full(50, 7.0), rtol=1e-12)
    assert ewma([], 0.5).shape == (0,)


def test_smoothing_reduces_noise() -> None:
    rng = np.random.default_rng(0)
    noisy = 5.0 + rng.normal(size=2000)
    smooth = ewma(noisy, 0.9)
    # Variance of an EWMA of white noise: (1 − β)/(1 + β) = 0.1/1.9 of the noise's, once past the start.
    assert np.var(smooth[200:]) == pytest.approx(0.1 / 1.9, rel=0.25)


@pytest.mark.parametrize(
    "values, beta, message",
    [([1.0], 1.0, "Invalid beta"), ([1.0], -0.1, "Invalid beta"), ([[1.0, 2.0]], 0.5, "one-dimensional")],
)
def test_bad_input_raises(values, beta: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ewma(values, beta)


def reference(values: np.ndarray, beta: float, bias: bool) -> list[float]:
    """The EWMA as written on the board, one value at a time."""
    out, v = [], 0.0
    for t, x in enumerate(values, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if bias else v)
    return out


def test_a_grid_of_betas_gives_each_row_the_ewma_of_its_beta() -> None:
    rng = np.random.default_rng(1)
    noisy = rng.normal(size=300)
    betas = np.array([0.0, 0.3, 0.9, 0.99])
    for bias in (True, False):
        rows = ewma(noisy, betas, bias_correction=bias)
        assert rows.shape == (4, 300)
        for row, beta in zip(rows, betas, strict=True):
            np.testing.assert_allclose(row, reference(noisy, float(beta), bias), rtol=1e-12)
    with pytest.raises(ValueError, match="Invalid beta"):
        ewma(noisy, [0.5, 1.0])
