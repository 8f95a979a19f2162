"""Lesson 5 in a real browser: β of the moving average is live. Dragged with the pointer, the moving
average of the mini-batch losses is the one computed here, value by value, for the β under the hand, and
the caption's window 1/(1 − β) follows; nothing goes to the server until the release."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.core import datasets, descend, rules
from gdviz.core.objectives import LinearMSE
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import drag_to, index, press_and_hold, slider, text, wait_for_chart, wait_for_text

BATCHING = PAGES[4]
BETAS = np.round(np.arange(0.0, 0.99 + 1e-9, 0.03), 2)


def moving_average(values: np.ndarray, beta: float) -> list[float]:
    """The bias-corrected EWMA, one value at a time."""
    out, v = [], 0.0
    for t, x in enumerate(values, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t))
    return out


def test_dragging_beta_smooths_the_noisy_loss_under_the_hand(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_app(page, f"{server}/{BATCHING.slug}", title(BATCHING, "en"))
    ds = datasets.get("synthetic_100")
    # The page's defaults: start (−1, 9), η = 0.05, B = 10, 10 epochs, seed 0.
    path = descend(LinearMSE(ds.x, ds.y), rules.gd(0.05), [-1.0, 9.0], 100, batch_size=10, seed=0)
    track = slider(page, tr("batching.beta", "en"))
    track.scroll_into_view_if_needed()
    expect(page.locator(".st-key-loss .js-plotly-plot")).to_be_visible()
    sent = len(traffic.sent)
    press_and_hold(page, track, 0.9)
    for fraction in (0.5, 0.15):
        drag_to(page, track, fraction)
        i = index(track)
        smooth = wait_for_chart(page, "loss", i)["traces"]["ewma"]["y"]
        assert smooth == pytest.approx(moving_average(path.batch_loss, BETAS[i]), rel=1e-5)
        window = f"{1 / (1 - BETAS[i]):.0f}"
        expect(text(page, "loss_caption")).to_contain_text(f"1/(1 − β) = {window} values")
    assert traffic.requests(sent) == []
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]beta={BETAS[i]:g}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dragging_the_epoch_clock_moves_the_three_runs_and_the_readout_together(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_app(page, f"{server}/{BATCHING.slug}?lang={lang}", title(BATCHING, lang))
    ds = datasets.get("synthetic_100")
    obj = LinearMSE(ds.x, ds.y)
    # The page's defaults: start (−1, 9), η = 0.05, B = 10, 10 epochs, seed 0; the clock ticks by 0.2 epoch.
    runs = {
        code: descend(obj, rules.gd(0.05), [-1.0, 9.0], 10 * per_epoch, batch_size=size, seed=0)
        for code, size, per_epoch in (("full", None, 1), ("minibatch", 10, 10), ("stochastic", 1, 100))
    }
    per_epoch = {"full": 1, "minibatch": 10, "stochastic": 100}
    track = slider(page, tr("batching.clock", lang))
    track.scroll_into_view_if_needed()
    expect(page.locator(".st-key-paths .js-plotly-plot")).to_be_visible()
    wait_for_run(page)
    assert index(track) == 50  # the runs' end
    sent = len(traffic.sent)
    press_and_hold(page, track, 0.9)
    for fraction in (0.25, 0.6):
        drag_to(page, track, fraction)
        j = index(track)
        epochs = 0.2 * j
        traces = wait_for_chart(page, "paths", j)["traces"]
        wait_for_text(page, "clock_readout", j)
        readout = text(page, "clock_readout")
        for code, path in runs.items():
            done = int(np.floor(epochs * per_epoch[code] + 1e-9))
            head = traces[f"head:{code}"]
            assert [head["x"][1], head["y"][1]] == pytest.approx(path.theta[done], rel=1e-5)
            trail = traces[f"trail:{code}"]
            assert (trail["x"][-1], trail["y"][-1]) == (pytest.approx(head["x"][0]), pytest.approx(head["y"][0]))
            expect(readout).to_contain_text(f"{path.loss[done]:.3f}")
        expect(readout).to_contain_text(f"{epochs:.2f}")
    assert traffic.requests(sent) == []
    page.mouse.up()
    # The address holds the value as the slider says it (0.6, never 0.6000000000000001).
    assert float(track.get_attribute("aria-valuenow")) == pytest.approx(epochs)
    expect(page).to_have_url(re.compile(rf"[?&]clock={re.escape(track.get_attribute('aria-valuenow'))}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)
