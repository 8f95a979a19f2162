"""AppTest of lesson 1: forward propagation."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import datasets
from tests.conftest import as_numbers, assert_clean, open_page, tables


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
    table = tables(at)[0]
    np.testing.assert_allclose(as_numbers(table.iloc[:, 3]), 0.8 * ds.x - ds.y, atol=0.005)


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


def test_chain_formula_and_table_follow_w() -> None:
    at = open_page("forward", "zh", {"data": "five_points"})
    at.slider(key="w").set_value(1.5).run()
    assert_clean(at)
    ds = datasets.get("five_points")
    error = 1.5 * ds.x - ds.y  # b = 0 until it is moved
    block = next(m.value for m in at.markdown if "整条链路与当前数值" in m.value)
    # The chain's four steps with today's numbers, then the formula with the errors plugged in.
    for step in ("1. 输入", "2. 前向计算", "3. 单点误差", "4. 均方误差", "ŷ = 1.50·x + 0.00"):
        assert step in block
    assert f"MSE = {np.mean(error**2):.3f}" in block
    first = f"({error[0]:.2f})^2" if error[0] < 0 else f"{error[0]:.2f}^2"
    assert first in block and rf"\frac{{1}}{{{ds.n}}}" in block
    table = tables(at)[0]
    assert list(table.columns)[-1] == "误差平方 (ŷ − y)²"
    np.testing.assert_allclose(as_numbers(table.iloc[:, 4]), error**2, atol=0.005)
