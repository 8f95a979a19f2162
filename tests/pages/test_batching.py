"""AppTest of lesson 5: batch, stochastic and mini-batch gradient descent."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdviz.core import datasets, descend, rules
from gdviz.core.objectives import LinearMSE
from tests.conftest import assert_clean, charts, commit, live_elements, live_words, open_page, paragraphs
from tests.figures.drawing import numbers


@pytest.mark.parametrize("lang, title", [("en", "Batch, stochastic, mini-batch"), ("zh", "批量、随机、小批量梯度下降")])
def test_opens_clean_in_both_languages(lang: str, title: str) -> None:
    at = open_page("batching", lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert at.selectbox(key="data").value == "synthetic_100"
    assert list(charts(at)) == ["paths", "loss"]
    live = live_elements(at)
    assert live["live-beta"]["label"] == ("β of the moving average" if lang == "en" else "滑动平均的 β")
    assert live["live-beta"]["values"][live["live-beta"]["index"]] == pytest.approx(0.9)
    assert live["loss"]["kind"] == "chart"


@pytest.mark.parametrize(
    "lang, per_epoch_text",
    [("en", "updates per epoch: ⌈{n} / {b}⌉ = **{spe}**"), ("zh", "每轮更新次数：⌈{n} / {b}⌉ = **{spe}**")],
)
def test_batch_size_sets_the_updates_per_epoch(lang: str, per_epoch_text: str) -> None:
    at = open_page("batching", lang)
    for batch in (7, 1, 33):
        at.slider(key="synthetic_100_batch").set_value(batch).run()
        assert_clean(at)
        expected = per_epoch_text.format(n=100, b=batch, spe=math.ceil(100 / batch))
        assert expected in paragraphs(at)
    # 10 epochs of B = 33: ⌈100/33⌉ = 4 updates each, 40 in all.
    assert any("10 × 4 = **40**" in text for text in paragraphs(at))


def test_final_losses_match_an_independent_run() -> None:
    at = open_page("batching", "en", {"two_features_batch": "2", "data": "two_features"})
    assert_clean(at)
    ds = datasets.get("two_features")
    obj = LinearMSE(ds.x, ds.y, intercept=False)
    # The page's defaults for this dataset: start (−0.5, 1.5), η = 0.02, 30 epochs, seed 0.
    stochastic = descend(obj, rules.gd(0.02), [-0.5, 1.5], 30 * 3, batch_size=1, seed=0)
    full = descend(obj, rules.gd(0.02), [-0.5, 1.5], 30)
    texts = paragraphs(at)
    assert f"MSE after 30 epochs: **{stochastic.loss[-1]:.3f}**" in texts
    assert f"MSE after 30 epochs: **{full.loss[-1]:.3f}**" in texts
    assert "updates per epoch: ⌈3 / 2⌉ = **2**" in texts
    assert at.slider(key="two_features_w0").label == "start w₁"


def test_loss_controls_redraw_without_errors() -> None:
    at = open_page("batching", "en")
    at.radio(key="xaxis").set_value("iterations").run()
    at.radio(key="noisy").set_value("stochastic").run()
    at.session_state["beta"] = 0.51  # a release of the live β there: pulled onto its grid, 0.51
    at.toggle(key="bias").set_value(False).run()
    assert_clean(at)
    loss = live_elements(at)["loss"]["figure"]
    # The iteration axis of the stochastic run over 10 epochs: 100 · 10 updates.
    assert loss["layout"]["xaxis"]["range"] == [0, 1000]
    assert at.query_params["beta"] == "0.51"
    # 1/(1 − 0.51) ≈ 2 values in the moving average's window.
    assert "1/(1 − β) = 2 values" in live_words(at, "loss_caption")


def test_a_diverging_run_is_reported_not_raised() -> None:
    at = open_page("batching", "en", {"synthetic_100_lr": "0.5", "epochs": "20"})
    assert_clean(at)
    assert at.slider(key="synthetic_100_lr").value == pytest.approx(0.5)
    assert any("diverged at update" in w.value for w in at.warning)


def test_changing_the_seed_changes_only_the_random_runs() -> None:
    at = open_page("batching", "en")
    before = paragraphs(at)
    at.slider(key="seed").set_value(5).run()
    assert_clean(at)
    after = paragraphs(at)
    full_mse = next(t for t in before if t.startswith("MSE after"))
    assert full_mse in after  # full batch has no randomness
    assert np.sum([a != b for a, b in zip(before, after, strict=True)]) >= 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_epoch_clock_is_live_and_a_released_value_is_kept(lang: str) -> None:
    at = open_page("batching", lang)
    clock = live_elements(at)["live-clock"]
    # 10 epochs of 100 points: 51 ticks of 0.2 epochs, opening at the end.
    assert clock["values"][clock["index"]] == 10.0 and clock["texts"][5] == "1.00" and len(clock["values"]) == 51
    assert clock["label"] == ("epochs done" if lang == "en" else "已完成的轮数")
    commit(at, clock=2.0)
    assert_clean(at)
    assert at.query_params["clock"] == "2"
    ds = datasets.get("synthetic_100")
    minibatch = descend(LinearMSE(ds.x, ds.y), rules.gd(0.05), [-1.0, 9.0], 100, batch_size=10, seed=0)
    # After 2 epochs the mini-batch run has made 2 · 10 updates; the chart opens there too.
    words = live_words(at, "clock_readout")
    assert f"20 {minibatch.loss[20]:.3f}" in words
    head = next(t for t in charts(at)["paths"]["data"] if t.get("meta") == "head:minibatch")
    np.testing.assert_allclose(numbers(head["x"])[1], minibatch.theta[20, 0], rtol=1e-6)


def test_a_new_number_of_epochs_shows_the_new_runs_to_their_end() -> None:
    at = open_page("batching", "en", {"clock": "2"})
    assert live_elements(at)["live-clock"]["index"] == 10  # the link's clock: 2 of 10 epochs
    at.slider(key="epochs").set_value(20).run()
    assert_clean(at)
    clock = live_elements(at)["live-clock"]
    assert clock["values"][clock["index"]] == 20.0
    assert "clock" not in at.query_params
