"""AppTest of lesson 2: the loss curve, its slope, the bowl, extrema and search."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import datasets
from gdviz.expressions import ExpressionError, parse_function
from gdviz.i18n import tr
from tests.conftest import assert_clean, charts, commit, live_elements, live_words, open_page

TADPOLE = datasets.get("tadpole")


def number_after(words: str, label: str) -> float:
    """The number written right after ``label`` in a live text's words."""
    return number(words.split(label, 1)[1].split()[0])


def metric(at, key: str, lang: str = "en", **fmt) -> str:
    """The value of the metric labelled ``tr(key)`` (the first one, when several share the label)."""
    label = tr(key, lang, **fmt)
    return next(m.value for m in at.metric if m.label == label)


def number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ""))


@pytest.mark.parametrize("lang, title", [("en", "Loss curve"), ("zh", "损失曲线")])
def test_opens_clean_in_both_languages(lang: str, title: str) -> None:
    at = open_page("loss_curve", lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert {"grid_k", "zoom_k", "zoom_rounds"} <= {s.key for s in at.slider}
    # A line through the origin: no b slider, b is 0.
    assert "b" not in [s.key for s in at.slider]
    elements = live_elements(at)
    assert elements["live-w"]["label"] == tr("common.w", lang)
    assert elements["live-nc_w"]["label"] == tr("loss_curve.nc_w", lang)
    keys = ["curve", "position", "bowl", "extrema", "search"]
    assert [k for k, e in elements.items() if e["kind"] == "chart"] == keys
    assert list(charts(at)) == keys
    assert not elements["bowl"]["moves"] and not elements["search"]["moves"]  # nothing in them follows a control


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_slope_follows_w_against_the_hand_formula(lang: str) -> None:
    at = open_page("loss_curve", lang)
    x, y, n = TADPOLE.x, TADPOLE.y, TADPOLE.n
    for w in (2.0, 0.35, 1.27):
        commit(at, w=w)
        assert_clean(at)
        words = live_words(at, "slope")
        # dL/dw = 2/n Σ x(wx − y) through the origin.
        expected = 2.0 / n * np.sum(x * (w * x - y))
        assert number_after(words, tr("loss_curve.metric_slope", lang)) == pytest.approx(expected, abs=0.006)
        mse = number_after(words, tr("loss_curve.metric_mse", lang))
        assert mse == pytest.approx(np.mean((w * x - y) ** 2), abs=6e-4)
        assert number(live_words(at, "formula").split("= ")[-1]) == pytest.approx(expected, abs=0.006)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sign_sentence_flips_when_w_crosses_the_bottom(lang: str) -> None:
    at = open_page("loss_curve", lang)
    best = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)  # ≈ 0.804
    nearest = round(best, 2)
    for w, key in ((nearest - 0.01, "dir_increase"), (nearest, "dir_bottom"), (nearest + 0.01, "dir_decrease")):
        commit(at, w=w)
        assert live_words(at, "slope").endswith(tr(f"loss_curve.{key}", lang))
    assert_clean(at)


def test_b_is_held_at_the_sliders_value_for_a_dataset_with_intercept() -> None:
    ds = datasets.get("five_points")
    at = open_page("loss_curve", query={"data": "five_points"})
    at.slider(key="b").set_value(-2.0).run()
    commit(at, w=3.0)
    assert_clean(at)
    expected = 2.0 / ds.n * np.sum(ds.x * (3.0 * ds.x - 2.0 - ds.y))
    assert number_after(live_words(at, "slope"), tr("loss_curve.metric_slope", "en")) == pytest.approx(
        expected, abs=0.006
    )
    assert at.subheader[0].value == tr("loss_curve.s_curve", "en", b="−2.00")
    mse = np.mean((3.0 * ds.x - 2.0 - ds.y) ** 2)
    assert number_after(live_words(at, "bowl_mse"), tr("loss_curve.metric_bowl_mse", "en")) == pytest.approx(
        mse, abs=6e-4
    )


def test_the_bowl_sent_to_the_browser_does_not_change_with_the_controls() -> None:
    at = open_page("loss_curve", query={"data": "five_points"})
    bowl, curve = charts(at)["bowl"], live_elements(at)["curve"]
    commit(at, w=4.5)
    assert live_elements(at)["curve"] == curve  # every w is in the states already: nothing new to send
    at.slider(key="b").set_value(3.0).run()
    assert_clean(at)
    assert charts(at)["bowl"] == bowl
    assert live_elements(at)["curve"] != curve  # b reshapes the curve


def test_extrema_are_named_where_the_slope_is_zero() -> None:
    at = open_page("loss_curve", "zh")
    for w, kind in ((-1.0, "local_min"), (0.0, "local_max"), (2.0, "global_min")):
        commit(at, nc_w=w)
        assert_clean(at)
        words = live_words(at, "extrema_words")
        assert words.endswith(tr(f"loss_curve.at_{kind}", "zh"))
        assert number_after(words, tr("loss_curve.metric_slope", "zh")) == 0.0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_typed_curve_gets_its_extrema_named_and_a_bad_one_keeps_the_last(lang: str) -> None:
    # w⁴ − 8w²: f' = 4w³ − 16w = 4w(w − 2)(w + 2), two equally low minima at ±2 (f = −16) and a local
    # maximum at 0; its lowest points are 2 from 0, so it is drawn on −4 … 4.
    at = open_page("loss_curve", lang, {"fw": "w^4 - 8w^2"})
    assert_clean(at)
    assert at.text_input(key="fw").value == "w^4 - 8w^2"
    slider = live_elements(at)["live-nc_w"]
    assert (slider["values"][0], slider["values"][-1]) == (-4.0, 4.0)
    for w, kind in ((-2.0, "global_min"), (0.0, "local_max"), (2.0, "global_min")):
        commit(at, nc_w=w)
        assert_clean(at)
        words = live_words(at, "extrema_words")
        assert words.endswith(tr(f"loss_curve.at_{kind}", lang))
        assert number_after(words, tr("loss_curve.metric_slope", lang)) == 0.0
    commit(at, nc_w=1.0)
    assert number_after(live_words(at, "extrema_words"), tr("loss_curve.metric_slope", lang)) == -12.0  # 4 − 16
    at.text_input(key="fw").set_value("w.__class__").run()
    assert not at.exception
    (error,) = at.error
    with pytest.raises(ExpressionError) as refused:
        parse_function("w.__class__", ("w",))
    assert refused.value.key == "not_allowed" and error.value == refused.value.message(lang)
    assert at.query_params["fw"] == "w^4 - 8w^2"  # the link keeps the last curve that worked
    assert live_elements(at)["live-nc_w"]["values"][-1] == 4.0


def test_search_shows_the_evaluations_spent_and_k_to_the_d() -> None:
    at = open_page("loss_curve", "en", {"data": "five_points"})
    at.slider(key="grid_k").set_value(20).run()
    at.slider(key="zoom_k").set_value(6).run()
    at.slider(key="zoom_rounds").set_value(3).run()
    assert_clean(at)
    assert metric(at, "loss_curve.grid_metric") == "20"
    assert metric(at, "loss_curve.zoom_metric") == "18"  # 6 per round × 3 rounds
    assert metric(at, "loss_curve.kd_1") == "20"
    assert metric(at, "loss_curve.kd_2") == "400"
    assert metric(at, "loss_curve.kd_dataset", d=2) == "400"  # w and b
    assert metric(at, "loss_curve.kd_10", d=10) == "≈ 1.0 × 10¹³"  # 20¹⁰ = 1.024 × 10¹³


def test_divide_and_conquer_misses_the_narrow_valley_that_the_grid_finds() -> None:
    at = open_page("loss_curve", "en")
    at.radio(key="search_on").set_value("narrow_valley").run()
    assert_clean(at)
    captions = [c.value for c in at.caption]
    # The grid's 13 points are 0.5 apart and hit w = 2; zooming's first round (−3, −1.5, 0, 1.5, 3)
    # finds w = 0 best and never leaves [−1.5, 1.5]. The true minimum is at w ≈ 1.983.
    assert tr("loss_curve.lands_hit", "en", w="2.000", miss="0.017") in captions
    assert tr("loss_curve.lands_miss", "en", w="0.000", miss="1.983") in captions
    assert at.query_params["search_on"] == "narrow_valley"
