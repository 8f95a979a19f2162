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
from tests.browser.live import drag_to, index, press_and_hold, slider, text, wait_for_chart

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
