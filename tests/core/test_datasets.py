"""Built-in datasets: the seeds' data, exactly, and what the lessons rely on."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import LinearMSE, datasets


def test_names_and_unknown_name() -> None:
    assert datasets.NAMES == ("tadpole", "five_points", "synthetic_100", "two_features")
    with pytest.raises(KeyError) as error:
        datasets.get("tadpoles")
    # The message lists every name there is.
    for name in datasets.NAMES:
        assert name in str(error.value)


def test_tadpole_best_line_through_the_origin_and_the_poor_fit_at_two() -> None:
    ds = datasets.get("tadpole")
    assert not ds.intercept and ds.n == 7 and ds.n_features == 1
    # Least squares through the origin: w* = Σxy / Σx².
    best_w = np.sum(ds.x * ds.y) / np.sum(ds.x * ds.x)
    assert 0.0 < best_w < 2.0
    assert ds.w_range[0] <= best_w <= ds.w_range[1]

    def mse(w: float) -> float:
        return float(np.mean((w * ds.x - ds.y) ** 2))

    # w = 2 is the lesson's poor fit: many times the best MSE, and above every point.
    assert mse(2.0) > 20 * mse(best_w)
    assert np.all(2.0 * ds.x > ds.y)


def test_five_points_is_the_001_data() -> None:
    ds = datasets.get("five_points")
    np.testing.assert_array_equal(ds.x, [1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(ds.y, [2.0, 3.0, 5.0, 7.0, 11.0])
    assert ds.intercept and ds.source == "001"
    assert ds.x.dtype == np.float64 and ds.y.dtype == np.float64


def test_two_features_is_the_003_data() -> None:
    ds = datasets.get("two_features")
    np.testing.assert_array_equal(ds.x, [[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]])
    np.testing.assert_array_equal(ds.y, [1.0, 2.0, 3.0])
    assert not ds.intercept and ds.n_features == 2 and ds.source == "003"


def test_synthetic_100_is_the_000_data() -> None:
    # The article's own lines, on NumPy's global generator (its state is put back afterwards).
    state = np.random.get_state()
    try:
        np.random.seed(0)
        x = 2 * np.random.rand(100, 1)
        y = 4 + 3 * x + np.random.randn(100, 1)
    finally:
        np.random.set_state(state)
    ds = datasets.get("synthetic_100")
    np.testing.assert_array_equal(ds.x, x[:, 0])
    np.testing.assert_array_equal(ds.y, y[:, 0])
    assert ds.intercept and ds.source == "000" and ds.x.shape == (100,)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_every_dataset_speaks_both_languages(name: str) -> None:
    ds = datasets.get(name)
    assert ds.name == name
    for field in (ds.title, ds.story, ds.x_label, ds.y_label):
        assert set(field) == {"en", "zh"}
        assert all(text.strip() for text in field.values())
    # The Chinese title and story are Chinese, not a copy of the English.
    for field in (ds.title, ds.story):
        assert any("\u4e00" <= char <= "\u9fff" for char in field["zh"])


@pytest.mark.parametrize("name", datasets.NAMES)
def test_slider_ranges_hold_the_best_fit(name: str) -> None:
    ds = datasets.get(name)
    best = LinearMSE(ds.x, ds.y, intercept=ds.intercept).minimizer()
    # One feature: [w, b]; two features without intercept: the two weights ride the w and b sliders.
    ranges = [ds.w_range, ds.b_range][: best.shape[0]]
    for value, (lo, hi) in zip(best, ranges, strict=True):
        assert lo <= value <= hi


def test_each_call_returns_fresh_arrays() -> None:
    # A page that edits its copy must not change what the next page gets.
    first = datasets.get("five_points")
    first.y[0] = 100.0
    assert datasets.get("five_points").y[0] == 2.0
