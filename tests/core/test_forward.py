"""The forward pass of y = w·x + b, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import LinearMSE, datasets, forward_pass


def test_forward_pass_by_hand() -> None:
    # w = 2, b = −1 on x = 1, 2, 3 and y = 1, 4, 4: ŷ = 1, 3, 5; errors ŷ − y = 0, −1, 1; squares 0, 1, 1; MSE 2/3.
    fp = forward_pass([1.0, 2.0, 3.0], [1.0, 4.0, 4.0], w=2.0, b=-1.0)
    np.testing.assert_array_equal(fp.y_hat, [1.0, 3.0, 5.0])
    np.testing.assert_array_equal(fp.error, [0.0, -1.0, 1.0])
    np.testing.assert_array_equal(fp.squared_error, [0.0, 1.0, 1.0])
    assert fp.mse == pytest.approx(2 / 3, rel=1e-15)


def test_error_sign_says_which_side_of_the_line_a_point_is() -> None:
    # Positive error: the line passes above the point.
    fp = forward_pass([1.0, 1.0], [0.0, 5.0], w=2.0)
    assert fp.error[0] > 0 and fp.error[1] < 0


def test_forward_pass_mse_is_the_objectives_loss() -> None:
    ds = datasets.get("five_points")
    fp = forward_pass(ds.x, ds.y, w=1.7, b=0.4)
    assert fp.mse == pytest.approx(LinearMSE(ds.x, ds.y).value([1.7, 0.4]), rel=1e-12)


@pytest.mark.parametrize("x, y", [([1.0, 2.0], [1.0]), ([[1.0, 2.0]], [[1.0, 2.0]])])
def test_bad_shapes_raise(x, y) -> None:
    with pytest.raises(ValueError, match="flat and the same length"):
        forward_pass(x, y, w=1.0)
