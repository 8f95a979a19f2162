"""Lesson 1 in a real browser: w is live. Dragged with the pointer or stepped with the keys, the line,
the error segments, the MSE marker, the readout, the chain and the table all show the state at the
value under the hand, computed here by hand from the data; nothing goes to the server until the hand
lets go, and then exactly one rerun commits the value to the URL."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.core import datasets
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import (
    assert_fit_shows,
    drag_w_through,
    index,
    slider,
    text,
    wait_for_chart,
    wait_for_text,
)

FORWARD = PAGES[0]
TADPOLE = datasets.get("tadpole")
W_GRID = np.round(np.arange(0.0, 2.0 + 1e-9, 0.01), 2)  # the tadpole's w: 0 to 2 in steps of 0.01


def by_hand(w: float) -> tuple[list[float], float]:
    """The tadpole's signed errors ŷ − y at w (its line goes through the origin) and their MSE."""
    errors = [w * x - y for x, y in zip(TADPOLE.x, TADPOLE.y, strict=True)]
    return errors, sum(e * e for e in errors) / len(errors)


def open_forward(page: Page, server: str, lang: str = "en", query: str = "") -> None:
    open_app(page, f"{server}/{FORWARD.slug}?lang={lang}{query}", title(FORWARD, lang))
    for key in ("fit", "loss"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible()


def assert_shows(page: Page, i: int, lang: str = "en") -> None:
    """Every live part of the lesson shows state ``i``, and its numbers are the hand-computed ones."""
    w = W_GRID[i]
    errors, mse = by_hand(w)
    assert_fit_shows(page, i, w, errors, mse, fit="fit", loss="loss", readout="readout")
    wait_for_text(page, "chain", i)
    expect(text(page, "chain").locator("table tbody tr").first.locator("td").nth(3)).to_have_text(fmt(errors[0]))
    expect(text(page, "chain")).to_contain_text(tr("forward.forward_value", lang, w=fmt(w), b="0.00"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pointer_drag_moves_the_whole_chain_and_commits_once_on_release(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_forward(page, server, lang)
    track = slider(page, tr("common.w", lang))
    assert index(track) == 200  # the tadpole opens on its poor guess, w = 2
    i = drag_w_through(page, traffic, track, (0.6, 0.4, 0.25), W_GRID, lambda i: assert_shows(page, i, lang))
    assert_clean(page, traffic)

    page.reload()
    track = slider(page, tr("common.w", lang))
    expect(track).to_have_attribute("aria-valuetext", fmt(W_GRID[i]))
    assert_shows(page, i, lang)


def test_keys_step_it_live_and_commit_once_when_they_stop(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_forward(page, server)
    track = slider(page, tr("common.w", "en"))
    track.focus()
    sent = len(traffic.sent)
    steps = [("ArrowLeft", 199), ("ArrowLeft", 198), ("PageDown", 188), ("ArrowUp", 189), ("Home", 0), ("End", 200)]
    for key, expected in steps:
        track.press(key)
        assert index(track) == expected, key
    track.press("PageDown")
    track.press("PageDown")
    assert_shows(page, 180)
    expect(page).to_have_url(re.compile(r"[?&]w=1\.8(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1, "quick key presses should commit once, after they stop"
    assert_clean(page, traffic)


def test_the_slider_is_a_real_slider_big_enough_to_hit(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_forward(page, server, "zh")
    track = slider(page, "权重 w")
    expect(track).to_have_attribute("aria-valuemin", "0")
    expect(track).to_have_attribute("aria-valuemax", "2")
    expect(track).to_have_attribute("aria-valuenow", "2")
    box = track.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 150
    # Its value is printed beside it, in the page's words.
    slider_box = page.locator(".st-key-live-w .gdviz-live-slider")
    expect(slider_box.locator(".gdviz-live-label")).to_have_text("权重 w")
    expect(slider_box.locator(".gdviz-live-value")).to_have_text("2.00")
    assert_clean(page, traffic)


def test_a_server_side_control_sends_new_states_and_keeps_w(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """b is not live: it reruns the lesson, which sends the states for the new b; w stays put."""
    open_forward(page, server, query="&data=five_points&w=1.5")
    track = slider(page, tr("common.w", "en"))
    at = index(track)
    b_slider = page.get_by_role("slider", name=tr("common.b", "en"))
    sent = len(traffic.sent)
    b_slider.focus()
    b_slider.press("ArrowLeft")  # b = −0.01
    wait_for_run(page)
    expect(page).to_have_url(re.compile(r"[?&]b=-0\.01(&|$)"))
    assert traffic.reruns(sent)
    ds = datasets.get("five_points")
    mse = float(np.mean((1.5 * ds.x - 0.01 - ds.y) ** 2))
    expect(text(page, "readout", ".gdviz-readout-value")).to_have_text(fmt(mse, 3))
    new_marker = f"Math.abs(c.traces.marker.y[0] - {mse}) < {mse * 1e-6}"
    assert wait_for_chart(page, "loss", at, new_marker)["traces"]["marker"]["y"][0] == pytest.approx(mse, rel=1e-6)
    assert index(track) == at
    assert_clean(page, traffic)


def test_keys_pressed_while_a_commit_reruns_are_not_pulled_back(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    """The rerun that answers one commit must not move the thumb from under keys pressed since."""
    open_forward(page, server)
    track = slider(page, tr("common.w", "en"))
    track.focus()
    sent = len(traffic.sent)
    track.press("Home")  # from w = 2, the end it opens at, to 0
    deadline = 150
    while len(traffic.sent) == sent and deadline:  # the Home is committed once the keys rest
        page.wait_for_timeout(20)
        deadline -= 1
    assert len(traffic.sent) > sent
    # At once, before the rerun it asked for has come back: to the end and three steps back.
    track.press("End")
    for _ in range(3):
        track.press("ArrowLeft")
    wait_for_run(page)
    page.wait_for_timeout(600)  # the keys' own commit, and its rerun
    wait_for_run(page)
    assert index(track) == 197
    expect(page).to_have_url(re.compile(r"[?&]w=1\.97(&|$)"))
    assert_clean(page, traffic)
