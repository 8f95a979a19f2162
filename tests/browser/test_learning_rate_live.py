"""Lesson 4 in a real browser: the start w₀, η and the step shown are live. Dragging η redraws your run
(its loss line, its path, its dot on the sweep, the pointer on the η ruler, ρ and the verdict) at the η
under the hand; dragging w₀ redraws every run from the w₀ under the hand; the step's keys walk every
run's marker. Numbers are checked against the closed form on the tadpole parabola: curvature
h = 2·Σx²/n = 40, limit 2/h = 0.05, and each step multiplies the distance to w* by 1 − η·h.

A released w₀ and the number of steps rerun the two lessons of the page, never the app around them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Locator, Page, expect

from gdviz.core import DIVERGENCE_BOUND, datasets
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import (
    FRAGMENT_RUN,
    FULL_RUN,
    StreamlitTraffic,
    assert_clean,
    open_app,
    step,
    title,
    wait_for_run,
)
from tests.browser.live import drag_to, index, press_and_hold, slider, text, wait_for_chart, wait_for_text

LESSON = next(info for info in PAGES if info.slug == "learning_rate")
TADPOLE = datasets.get("tadpole")
H = 2.0 * np.sum(TADPOLE.x**2) / TADPOLE.n
W_STAR = np.sum(TADPOLE.x * TADPOLE.y) / np.sum(TADPOLE.x**2)


def closed_form(lr: float, steps: int = 100, w0: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """w and the loss after each step of gradient descent on the tadpole parabola: past the divergence
    bound, the first point is kept (a chart shows the jump out) and the rest are NaN."""
    w = W_STAR + (w0 - W_STAR) * (1.0 - lr * H) ** np.arange(steps + 1)
    loss = np.mean((w[:, None] * TADPOLE.x - TADPOLE.y) ** 2, axis=1)
    over = np.flatnonzero(loss > DIVERGENCE_BOUND)
    if over.size:
        w[over[0] + 1 :], loss[over[0] + 1 :] = np.nan, np.nan
    return w, loss


def open_lesson(page: Page, server: str, lang: str = "en") -> None:
    open_app(page, f"{server}/{LESSON.slug}?lang={lang}", title(LESSON, lang))
    for key in ("ruler", "loss", "paths", "sweep"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dragging_eta_redraws_your_run_under_the_hand(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_lesson(page, server, lang)
    track = slider(page, tr("common.lr", lang))
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.1)
    for fraction in (0.3, 0.95):  # η = 0.025 converges; η ≈ 0.077 is past the limit
        drag_to(page, track, fraction)
        i = index(track)
        lr = (i + 1) / 1000
        assert float(track.get_attribute("aria-valuenow") or "nan") == pytest.approx(lr)
        w, loss = closed_form(lr)
        line = np.array(wait_for_chart(page, "loss", i)["traces"]["loss:yours"]["y"], dtype=float)
        np.testing.assert_allclose(line, loss, rtol=1e-5)
        path = wait_for_chart(page, "paths", i)["traces"]["path:yours"]
        np.testing.assert_allclose(np.array(path["x"], dtype=float), w, rtol=1e-5)
        assert wait_for_chart(page, "ruler", i)["traces"]["user"]["x"] == [pytest.approx(lr)]
        dot = wait_for_chart(page, "sweep", i)["traces"]["user_point"]["y"][0]
        if np.isnan(loss[-1]):
            expect(text(page, "facts")).to_contain_text(
                tr("common.diverged_at", lang, n=int(np.flatnonzero(np.isnan(loss))[0]) - 1)
            )
        else:
            assert dot == pytest.approx(loss[-1], rel=1e-5)
        wait_for_text(page, "facts", i)
        expect(text(page, "facts")).to_contain_text(f"{abs(1.0 - lr * H):.4f}")  # ρ = |1 − η·h|
        wait_for_text(page, "table", i)
        expect(text(page, "table").locator("tbody tr").last.locator("td").first).to_have_text(f"{lr:.3f}")
    assert traffic.requests(sent) == [], "the drag sent messages to the server"
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]lr={lr:g}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert traffic.finished(received) == [FRAGMENT_RUN]
    assert_clean(page, traffic)


def test_dragging_w0_redraws_every_run_from_there(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_lesson(page, server)
    track = slider(page, tr("learning_rate.w0", "en"))
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.9)
    for fraction in (0.5, 0.2):  # w₀ = 1 and 0.4 on the grid of 0.05 from 0 to 2
        drag_to(page, track, fraction)
        i = index(track)
        w0 = i * 0.05
        assert float(track.get_attribute("aria-valuenow") or "nan") == pytest.approx(w0)
        # The too-small preset (η = 0.01 × the limit) is still on its way at step 100: its point
        # there, and its whole path, moved with the start.
        w, _ = closed_form(0.01 * 0.05, w0=w0)
        paths = wait_for_chart(page, "paths", i)["traces"]
        assert paths["at:too_small"]["x"][0] == pytest.approx(w[100], rel=1e-5)
        np.testing.assert_allclose(np.array(paths["path:too_small"]["x"], dtype=float), w, rtol=1e-5)
        # Your run at η = 0.04 (0.8 × the limit, where it opens): its loss line and its marker.
        _, loss = closed_form(0.04, w0=w0)
        lines = wait_for_chart(page, "loss", i)["traces"]
        np.testing.assert_allclose(np.array(lines["loss:yours"]["y"], dtype=float), loss, rtol=1e-5)
        assert lines["at"]["y"][4] == pytest.approx(loss[100], rel=1e-5)
        assert wait_for_chart(page, "sweep", i)["traces"]["user_point"]["y"][0] == pytest.approx(loss[-1], rel=1e-5)
        wait_for_text(page, "table", i)
        _, small = closed_form(0.01 * 0.05, w0=w0)
        first = text(page, "table").locator("tbody tr").first.locator("td")
        expect(first.nth(3)).to_have_text(f"{small[-1]:.4g}")
    assert traffic.requests(sent) == [], "the drag sent messages to the server"
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]w0={w0:g}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert traffic.finished(received) == [FRAGMENT_RUN]
    # The schedule's runs start from the released w₀ too: the constant run at η₀ (0.049 by default).
    _, constant = closed_form(0.049, w0=w0)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(f"{constant[-1]:.4g}")
    assert_clean(page, traffic)


def test_the_steps_keys_walk_every_runs_marker(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_lesson(page, server)
    track = slider(page, tr("learning_rate.step_shown", "en"))
    track.scroll_into_view_if_needed()
    sent = len(traffic.sent)
    track.focus()
    for key, expected in (("Home", 0), ("PageUp", 10), ("ArrowRight", 11), ("ArrowRight", 12)):
        track.press(key)
        assert index(track) == expected
    markers = wait_for_chart(page, "paths", 12)["traces"]
    for name, multiple in (("too_small", 0.01), ("good", 0.4), ("too_large", 0.9)):
        w, _ = closed_form(multiple * 0.05)
        assert markers[f"at:{name}"]["x"][0] == pytest.approx(w[12], rel=1e-5)
    w, loss = closed_form(0.04)  # your η opens at 0.8 × the limit
    assert markers["at:yours"]["x"][0] == pytest.approx(w[12], rel=1e-5)
    at = wait_for_chart(page, "loss", 12)["traces"]["at"]
    assert at["x"] == [12] * 5 and at["y"][4] == pytest.approx(loss[12], rel=1e-5)
    # The keys commit once they have been let go for a moment: one rerun for four presses.
    expect(page).to_have_url(re.compile(r"[?&]step=12(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)


def test_the_number_of_steps_reruns_both_lessons_and_the_schedule_only_its_own(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_lesson(page, server)

    def server_slider(key: str) -> Locator:
        return page.locator(f".st-key-{key}").get_by_role("slider")

    def move(key: str) -> tuple[list[str], list[int]]:
        """Move a server-side slider one step by keyboard: the fragments it asked for, how runs ended."""
        control = server_slider(key)
        at_top = control.get_attribute("value") == control.get_attribute("max")
        sent, received = len(traffic.sent), len(traffic.received)
        step(page, traffic, control, "ArrowLeft" if at_top else "ArrowRight")
        return [r.fragment_id for r in traffic.reruns(sent)], traffic.finished(received)

    fragments, finished = move("steps")
    assert fragments and all(fragments), "moving the number of steps asked for a full rerun"
    assert finished[-1] == FRAGMENT_RUN and FULL_RUN not in finished, finished
    start_fragment = fragments[-1]
    fragments, finished = move("lr0")
    assert fragments and all(fragments) and start_fragment not in fragments
    assert finished[-1] == FRAGMENT_RUN, finished
    # The schedule chart (a figure that follows no control) is drawn, at the new η₀ and number of
    # steps: step decay by the default γ = 0.5 every 10 steps.
    lr0 = float(server_slider("lr0").get_attribute("value") or "nan")
    steps = int(server_slider("steps").get_attribute("value") or "0")
    assert steps == 101
    wanted = lr0 * 0.5 ** (np.arange(steps) // 10)
    scheduled = tr("learning_rate.scheduled_run", "en")
    read = """(name) => {
        const gd = document.querySelector('.st-key-schedule_fig .js-plotly-plot');
        const trace = gd?._fullData.find((t) => t.name === name && t.meta === 'lr');
        return trace ? Array.from(trace.y) : null;
    }"""
    page.wait_for_function(
        f"(name) => {{ const y = ({read})(name); return y && Math.abs(y[0] - {lr0}) < 1e-9; }}", arg=scheduled
    )
    assert np.allclose(page.evaluate(read, scheduled), wanted, rtol=1e-6)
    assert_clean(page, traffic)
