"""AppTest of lesson 1: forward propagation."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import datasets
from tests.conftest import assert_clean, open_page


def _mse_metric(at) -> float:
    return float(at.metric[0].value.replace("−", "-"))


@pytest.mark.parametrize("lang, title", [("en", "Forward propagation"), ("zh", "前向传播")])
def test_opens_in_both_languages(lang: str, title: str) -> None:
    at = open_page("forward", lang)
    assert_clean(at)
    assert at.title[0].value == title


def test_mse_follows_w_against_hand_computation() -> None:
    at = open_page("forward")
    ds = datasets.get("tadpole")
    # Default: w = 2 through the origin, the lesson's poor fit.
    expected = np.mean((2.0 * ds.x - ds.y) ** 2)
    assert _mse_metric(at) == pytest.approx(expected, abs=1e-3)
    at.slider(key="w").set_value(0.8).run()
    assert_clean(at)
    assert _mse_metric(at) == pytest.approx(np.mean((0.8 * ds.x - ds.y) ** 2), abs=1e-3)
    # The table shows each point's signed error ŷ − y.
    table = at.dataframe[0].value
    np.testing.assert_allclose(table.iloc[:, 3].to_numpy(), 0.8 * ds.x - ds.y)


def test_b_slider_appears_when_b_is_freed() -> None:
    at = open_page("forward", query={"data": "five_points"})
    assert_clean(at)
    assert "b" in [s.key for s in at.slider]
    at.slider(key="w").set_value(2.2).run()
    at.slider(key="b").set_value(-1.0).run()
    # The least-squares line: errors −0.8, 0.4, 0.6, 0.8, −1.0, so MSE = 2.8 / 5.
    assert _mse_metric(at) == pytest.approx(0.56, abs=1e-3)


def test_bad_url_values_fall_back_to_defaults() -> None:
    at = open_page("forward", query={"data": "no-such-data", "w": "banana", "lang": "xx"})
    assert_clean(at)
    assert at.selectbox(key="data").value == "tadpole"
    assert at.slider(key="w").value == pytest.approx(2.0)


def test_language_switch_keeps_the_view() -> None:
    at = open_page("forward", "en", {"data": "five_points"})
    at.slider(key="w").set_value(1.5).run()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "前向传播"
    assert at.selectbox(key="data").value == "five_points"
    assert at.slider(key="w").value == pytest.approx(1.5)
    assert at.slider(key="w").label == "权重 w"


def test_a_kept_w_outside_the_new_datasets_range_is_pulled_in() -> None:
    at = open_page("forward", query={"data": "synthetic_100"})
    at.slider(key="w").set_value(7.5).run()
    at.selectbox(key="data").set_value("five_points").run()
    assert_clean(at)
    assert at.slider(key="w").value == pytest.approx(datasets.get("five_points").w_range[1])
