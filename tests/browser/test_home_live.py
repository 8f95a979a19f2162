"""The start page in a real browser: its example's w is live. Dragged with the pointer, the line, the
error segments, the MSE marker and the readout show the state at the value under the hand, as the core
computes it; nothing goes to the server until the hand lets go, then exactly one rerun (of the example
alone) commits the value, and lesson 1, opened from the example's link, starts on it."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.core import datasets
from gdviz.core.forward import forward_pass
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.pages import HOME, PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, h1, open_app, title, wait_for_run
from tests.browser.live import assert_fit_shows, drag_w_through, index, slider, text

TADPOLE = datasets.get("tadpole")
W_GRID = np.round(np.arange(0.0, 2.0 + 1e-9, 0.01), 2)  # the tadpole's w: 0 to 2 in steps of 0.01


def from_core(w: float) -> tuple[np.ndarray, float]:
    """The tadpole's signed errors ŷ − y on the line y = w·x, and their MSE, from gdviz's core."""
    fp = forward_pass(TADPOLE.x, TADPOLE.y, np.array([w]), 0.0)
    return fp.error[0], float(fp.mse[0])


def open_home(page: Page, server: str, lang: str) -> None:
    open_app(page, f"{server}/?lang={lang}", title(HOME, lang))
    for key in ("example_fit", "example_loss"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible()


def assert_shows(page: Page, i: int) -> None:
    """The example shows state ``i``: the line of slope w, each point's error, the MSE on the curve and
    in the readout, all as the core has them at w."""
    w = W_GRID[i]
    assert_fit_shows(page, i, w, *from_core(w), fit="example_fit", loss="example_loss", readout="example_mse")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pointer_drag_moves_the_example_commits_once_and_lesson_1_opens_on_it(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_home(page, server, lang)
    track = slider(page, tr("common.w", lang))
    assert index(track) == 200  # lesson 1's opening view: the tadpole's poor first guess, w = 2
    assert_shows(page, 200)
    i = drag_w_through(page, traffic, track, (0.7, 0.5, 0.3), W_GRID, lambda i: assert_shows(page, i))
    assert_clean(page, traffic)

    # Into lesson 1 by the example's own link: the lesson opens on the w the hand left here.
    page.get_by_role("link", name=tr("home.example_next", lang)).click()
    lesson = PAGES[0]
    expect(h1(page)).to_have_text(title(lesson, lang))
    wait_for_run(page)
    expect(slider(page, tr("common.w", lang))).to_have_attribute("aria-valuetext", fmt(W_GRID[i]))
    expect(text(page, "readout", ".gdviz-readout-value")).to_have_text(fmt(from_core(W_GRID[i])[1], 3))
    expect(page).to_have_url(re.compile(rf"/{lesson.slug}\?.*w={W_GRID[i]:g}(&|$)"))
    assert_clean(page, traffic)
