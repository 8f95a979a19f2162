"""Lesson 2 in a real browser: w and the non-convex curve's w are live. Dragged with the pointer, the
tangent, the arrow, the point on the map and the words beside them show the state under the hand,
checked against the derivative computed here by hand; nothing goes to the server until the release."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.core import datasets
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import FRAGMENT_RUN, StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import drag_to, index, press_and_hold, slider, text, wait_for_chart

LOSS_CURVE = PAGES[1]
TADPOLE = datasets.get("tadpole")


def slope_by_hand(w: float) -> float:
    """dL/dw = 2/n Σ x(w·x − y) on the tadpole data (a line through the origin)."""
    return 2.0 / TADPOLE.n * sum(x * (w * x - y) for x, y in zip(TADPOLE.x, TADPOLE.y, strict=True))


def nonconvex_slope(w: float) -> float:
    """f(w) = w⁴/4 − w³/3 − w² + 2, so f'(w) = w³ − w² − 2w."""
    return w**3 - w**2 - 2 * w


def open_lesson(page: Page, server: str, lang: str = "en") -> None:
    open_app(page, f"{server}/{LOSS_CURVE.slug}?lang={lang}", title(LOSS_CURVE, lang))
    for key in ("curve", "position", "extrema"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dragging_w_moves_the_tangent_the_arrow_and_the_map(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_lesson(page, server, lang)
    track = slider(page, tr("common.w", lang))
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.95)
    for fraction in (0.7, 0.2):  # either side of the bottom, w* ≈ 0.80
        drag_to(page, track, fraction)
        i = index(track)
        w = i / 100
        curve = wait_for_chart(page, "curve", i)["traces"]
        (x0, x1), (y0, y1) = curve["tangent"]["x"], curve["tangent"]["y"]
        assert (y1 - y0) / (x1 - x0) == pytest.approx(slope_by_hand(w), rel=1e-5)
        assert curve["current"]["x"][0] == pytest.approx(w, abs=1e-6)
        # The arrow starts at the point and points downhill: left where the slope is positive.
        ax = curve["arrow"]["x"]
        assert ax[0] == pytest.approx(w, abs=1e-6) and np.sign(ax[1] - ax[0]) == -np.sign(slope_by_hand(w))
        words = text(page, "slope")
        expect(words.locator(".gdviz-readout-value").first).to_have_text(fmt(slope_by_hand(w)))
        sentence = "loss_curve.dir_decrease" if slope_by_hand(w) > 0 else "loss_curve.dir_increase"
        expect(words.locator(".gdviz-verdict-move")).to_have_text(tr(sentence, lang))
        expect(text(page, "formula")).to_contain_text(f"({fmt(w)}·x")
        you = wait_for_chart(page, "position", i)["traces"]["current"]
        assert (you["x"][0], you["y"][0]) == pytest.approx((w, 0.0), abs=1e-6)
    # The map keeps its contour lines while its point moves: every trace it has is still drawn.
    drawn = page.eval_on_selector(
        ".st-key-position .js-plotly-plot", "gd => [gd.querySelectorAll('.scatterlayer .trace').length, gd.data.length]"
    )
    assert drawn[0] == drawn[1] > 10
    assert traffic.requests(sent) == [], "the drag sent messages to the server"

    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]w={w:g}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert traffic.finished(received) == [FRAGMENT_RUN]
    assert_clean(page, traffic)


def test_the_non_convex_w_names_each_flat_point(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_lesson(page, server, "zh")
    track = slider(page, tr("loss_curve.nc_w", "zh"))
    track.scroll_into_view_if_needed()
    track.focus()
    track.press("Home")  # w = −2, the left end of the curve's range
    lo = index(track)
    # From −2 to the local minimum at −1 is 100 steps of 0.01: ten PageUps.
    for _ in range(10):
        track.press("PageUp")
    i = index(track)
    assert i == lo + 100
    expect(text(page, "extrema_words", ".gdviz-verdict-good")).to_have_text(tr("loss_curve.at_local_min", "zh"))
    curve = wait_for_chart(page, "extrema", i)["traces"]
    (x0, x1), (y0, y1) = curve["tangent"]["x"], curve["tangent"]["y"]
    assert (y1 - y0) / (x1 - x0) == pytest.approx(nonconvex_slope(-1.0), abs=1e-5)
    # The keys have rested while the page was read: that position is committed once, on its own.
    expect(page).to_have_url(re.compile(r"[?&]nc_w=-1(&|$)"))
    wait_for_run(page)
    sent = len(traffic.sent)
    track.press("ArrowRight")
    # Just right of the local minimum the curve climbs again (f'(−0.99) > 0): descent moves w back.
    expect(text(page, "extrema_words", ".gdviz-verdict-move")).to_have_text(tr("loss_curve.dir_decrease", "zh"))
    expect(page).to_have_url(re.compile(r"[?&]nc_w=-0\.99(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)
