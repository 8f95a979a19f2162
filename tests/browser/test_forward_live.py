"""Lesson 1 in a real browser: what AppTest cannot see (it only does full reruns).

A slider moves the chart and is written back to the URL; moving w reruns only the lesson's fragment;
Play animates the sweep in the browser without asking the server for anything.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Locator, Page, expect

from gdviz.core import datasets
from gdviz.figures.theme import FONT_SIZE, fmt
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import (
    EARLY_FOR_RERUN,
    FRAGMENT_RUN,
    FULL_RUN,
    TIMEOUT_MS,
    StreamlitTraffic,
    assert_clean,
    open_app,
    press,
    title,
    wait_for_finished,
    wait_for_run,
)

FORWARD = PAGES[0]
W_STEP = 0.01  # the w slider's step: one arrow key press
TADPOLE = datasets.get("tadpole")


def tadpole_mse(w: float) -> float:
    """MSE(w) = mean((w·x − y)²) on the tadpole data (its line goes through the origin): the reference."""
    return float(np.mean((w * TADPOLE.x - TADPOLE.y) ** 2))


def open_forward(page: Page, url: str) -> None:
    open_app(page, url, title(FORWARD, "en"))
    expect(page.locator(".st-key-sweep .js-plotly-plot")).to_be_visible()


def w_slider(page: Page) -> Locator:
    return page.get_by_role("slider", name=tr("common.w", "en"))


def slider_value(slider: Locator) -> float:
    return float(slider.get_attribute("value") or "nan")


def mse_metric(page: Page) -> Locator:
    return page.locator('[data-testid="stMetricValue"]')


# The tests hold no element handle: every read queries the page afresh, so a chart that were drawn
# anew (what st.plotly_chart does on every change, for a moment old and new side by side) would be
# read, not mistaken for the old one; ``mark`` tells the two apart.
FIT = ".st-key-fit .js-plotly-plot"
SWEEP = ".st-key-sweep .js-plotly-plot"

FIGURE = """(selector) => {
    const charts = document.querySelectorAll(selector);
    if (charts.length !== 1) return null;  // none yet, or an old and a new one mid-swap
    const gd = charts[0];
    if (!gd.data || !gd.layout) return null;
    return {
        traces: Object.fromEntries(gd.data.map(t => [t.name, {x: Array.from(t.x), y: Array.from(t.y)}])),
        frame: gd.layout.sliders && gd.layout.sliders.length ? gd.layout.sliders[0].active : null,
        marked: gd.__gdvizMarked === true,
    };
}"""
"""The chart as Plotly.js holds it in the page: its traces by name, the animation slider's active
frame, and whether this very element carries the mark :func:`mark` left on it."""


def figure(page: Page, selector: str) -> dict[str, Any]:
    state = page.evaluate(FIGURE, selector)
    assert state is not None, f"no single rendered chart at {selector}"
    return state


def wait_for_figure(page: Page, selector: str, condition: str, *args: object) -> dict[str, Any]:
    """Wait until the chart at ``selector`` satisfies the JS expression ``condition`` over ``fig``
    (what ``FIGURE`` returns) and ``args``; return the figure."""
    page.wait_for_function(
        f"([selector, args]) => {{ const fig = ({FIGURE})(selector); return fig !== null && ({condition}); }}",
        arg=[selector, list(args)],
        timeout=TIMEOUT_MS,
    )
    return figure(page, selector)


def mark(page: Page, selector: str) -> None:
    """Tag the chart element itself: a chart drawn afresh is a new element, without the tag."""
    page.eval_on_selector(selector, "gd => { gd.__gdvizMarked = true; }")


LINE_HAS_SLOPE = """(() => {  // args: the line's name, the slope w it should have
    const line = fig.traces[args[0]];
    return line !== undefined && Math.abs((line.y[1] - line.y[0]) / (line.x[1] - line.x[0]) - args[1]) < 1e-9;
})()"""


def drawn_mse(fig: dict[str, Any]) -> float:
    """The MSE read off the chart: the dashed error segments run from y to ŷ, one per point."""
    squares = []
    for key in ("forward.error_pos", "forward.error_neg"):
        ys = fig["traces"][tr(key, "en")]["y"]
        # Segments are [y, ŷ, None] triples.
        squares += [(ys[i + 1] - ys[i]) ** 2 for i in range(0, len(ys), 3)]
    assert len(squares) == len(TADPOLE.x)
    return float(np.mean(squares))


def marker(fig: dict[str, Any]) -> tuple[float, float]:
    """The sweep's marker on MSE(w): its (w, MSE)."""
    trace = fig["traces"][tr("common.current", "en")]
    return trace["x"][0], trace["y"][0]


def test_w_slider_moves_the_chart_and_the_url(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_forward(page, f"{server}/{FORWARD.slug}")
    mark(page, FIT)
    slider = w_slider(page)
    new_w = round(slider_value(slider) - 3 * W_STEP, 2)

    press(slider, "ArrowLeft", 3)

    expect(mse_metric(page)).to_have_text(f"{tadpole_mse(new_w):.3f}")
    # The table of points follows w, drawn as a table (not as HTML text), its numbers right-aligned.
    first_error = page.locator("table tbody tr").first.locator("td").nth(3)
    expect(first_error).to_have_text(fmt(new_w * TADPOLE.x[0] - TADPOLE.y[0]))
    assert first_error.evaluate("td => getComputedStyle(td).textAlign") == "right"
    line_name = tr("common.line_origin", "en")  # the tadpole line goes through the origin
    fit = wait_for_figure(page, FIT, LINE_HAS_SLOPE, line_name, new_w)
    assert drawn_mse(fit) == pytest.approx(tadpole_mse(new_w), rel=1e-9)
    # Redrawn in place (gdviz.ui.layout.chart), not unmounted and drawn from nothing.
    assert fit["marked"], "the fit chart was replaced by a new element"
    # URL write-back: the address now reproduces this view.
    expect(page).to_have_url(re.compile(rf"/{FORWARD.slug}\?(.*&)?w={new_w:.2f}(&|$)"))
    assert_clean(page, traffic)

    page.reload()
    expect(slider).to_have_attribute("aria-valuetext", f"{new_w:.2f}")
    expect(mse_metric(page)).to_have_text(f"{tadpole_mse(new_w):.3f}")
    assert drawn_mse(wait_for_figure(page, FIT, LINE_HAS_SLOPE, line_name, new_w)) == pytest.approx(
        tadpole_mse(new_w), rel=1e-9
    )
    assert_clean(page, traffic)


def test_moving_w_reruns_only_the_lesson_fragment(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """Moving w asks the server to rerun the lesson's fragment only, and the server reports a
    fragment run; the sweep chart below the fragment stays the same element, at the frame the
    student scrubbed to."""
    open_forward(page, f"{server}/{FORWARD.slug}")
    # Scrub the sweep to the middle of its slider: a click on the rail jumps there and stays.
    rail = page.locator(SWEEP).locator(".slider-rail-touch-rect")
    box = rail.bounding_box()
    assert box is not None
    rail.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    scrubbed = wait_for_figure(page, SWEEP, "fig.frame > 0")
    mark(page, SWEEP)

    sent, received = len(traffic.sent), len(traffic.received)
    slider = w_slider(page)
    new_w = round(slider_value(slider) - 2 * W_STEP, 2)
    press(slider, "ArrowLeft", 2)
    expect(mse_metric(page)).to_have_text(f"{tadpole_mse(new_w):.3f}")
    expect(page).to_have_url(re.compile(rf"[?&]w={new_w:.2f}(&|$)"))
    wait_for_run(page)

    reruns = traffic.reruns(sent)
    assert reruns, "moving w asked for no rerun"
    assert all(r.fragment_id for r in reruns), "moving w asked for a full rerun"
    # One fragment run per key press; a press arriving mid-run ends that run early for the next.
    finished = traffic.finished(received)
    assert finished and finished[-1] == FRAGMENT_RUN and set(finished) <= {FRAGMENT_RUN, EARLY_FOR_RERUN}, finished
    sweep = figure(page, SWEEP)
    assert sweep["marked"], "the sweep chart was drawn again"
    assert (sweep["frame"], marker(sweep)) == (scrubbed["frame"], marker(scrubbed))

    # The contrast, so the check above can fail: freeing b reshapes the sweep as well, and that reruns
    # the fragment holding the lesson and the sweep (still not the app around them).
    lesson_fragment = reruns[-1].fragment_id
    sent, received = len(traffic.sent), len(traffic.received)
    page.get_by_text(tr("forward.fix_b", "en")).click()
    expect(page.get_by_role("slider", name=tr("common.b", "en"))).to_be_visible()
    wait_for_finished(page, traffic, received)
    wait_for_run(page)
    outer = [r.fragment_id for r in traffic.reruns(sent)]
    assert outer and all(outer) and lesson_fragment not in outer, outer
    assert FULL_RUN not in traffic.finished(received)
    assert_clean(page, traffic)


def test_play_animates_without_a_rerun(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_forward(page, f"{server}/{FORWARD.slug}")
    before = figure(page, SWEEP)
    w_before, _ = marker(before)
    mark(page, SWEEP)
    sent = len(traffic.sent)

    page.locator(SWEEP).locator(".updatemenu-button", has_text=tr("common.play", "en")).click()
    # The marker travels up the w range (the sweep starts at its lower end) and the slider follows.
    current = tr("common.current", "en")
    wait_for_figure(page, SWEEP, "fig.frame >= 3 && fig.traces[args[0]].x[0] > args[1] + 0.1", current, w_before)
    page.locator(SWEEP).locator(".updatemenu-button", has_text=tr("common.pause", "en")).click()
    after = figure(page, SWEEP)

    assert after["marked"], "Play redrew the chart instead of animating it"
    assert after["frame"] > before["frame"]
    w, loss = marker(after)
    # The marker rides on the curve MSE(w), b = 0 (a frame's point travels to seven significant digits).
    assert loss == pytest.approx(tadpole_mse(w), rel=5e-7)
    assert traffic.requests(sent) == [], "Play sent messages to the server"


def test_a_page_that_lost_its_parts_asks_for_the_whole_figure(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    """After a few steps the server only names the parts the page has (gdviz.ui.layout.chart); a page
    without them (here: dropped on purpose) asks again, and the chart still follows the slider."""
    open_forward(page, f"{server}/{FORWARD.slug}")
    slider = w_slider(page)
    line_name = tr("common.line_origin", "en")
    w = slider_value(slider)
    for _ in range(3):
        w = round(w - W_STEP, 2)
        press(slider, "ArrowLeft", 1)
        wait_for_figure(page, FIT, LINE_HAS_SLOPE, line_name, w)
    named = [figure for key, figure in traffic.figures() if key == "fit"][-1]["layout"]["template"]
    assert set(named) == {"$part"}, "the third figure still sent its template in full"

    page.evaluate("window.__gdvizParts.clear()")
    received = len(traffic.received)
    w = round(w - W_STEP, 2)
    press(slider, "ArrowLeft", 1)
    fit = wait_for_figure(page, FIT, LINE_HAS_SLOPE, line_name, w)
    assert drawn_mse(fit) == pytest.approx(tadpole_mse(w), rel=1e-9)
    # The named figure could not be drawn; the one sent after the page asked carries its parts in full.
    again = [figure for key, figure in traffic.figures(received) if key == "fit"]
    assert len(again) >= 2 and set(again[-1]["layout"]["template"]) == {"$part", "value"}
    font = page.eval_on_selector(FIT, "gd => gd._fullLayout.font.size")
    assert font == FONT_SIZE  # the house template is applied
    assert_clean(page, traffic)
