"""Lesson 6 in a real browser: the step of the race and each optimizer's η are live. Dragging the step
moves every optimizer's dot, its step arrow, its trail and the readout under the hand; dragging an η
moves that optimizer's whole path. Numbers are checked against the core's descend on the saddle
x² − y², run here one optimizer at a time; nothing goes to the server until the hand lets go.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.core import descend, rules
from gdviz.core.objectives import TEST_FUNCTIONS
from gdviz.figures import optimizers as figs
from gdviz.figures.paths import shown_steps
from gdviz.figures.theme import fmt
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import FRAGMENT_RUN, StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import drag_to, index, press_and_hold, slider, text, wait_for_chart, wait_for_text

LESSON = next(info for info in PAGES if info.slug == "optimizers")
SADDLE = TEST_FUNCTIONS["saddle"]
LR = figs.SURFACE_DEFAULTS["saddle"]["lr"]
STEPS = figs.SURFACE_DEFAULTS["saddle"]["steps"]
RULES = {
    "gd": lambda lr: rules.gd(lr),
    "momentum": lambda lr: rules.momentum(lr, 0.9),
    "rmsprop": lambda lr: rules.rmsprop(lr),
    "adam": lambda lr: rules.adam(lr),
}


def run(code: str, lr: float | None = None) -> np.ndarray:
    """θ at every step of one default racer on the saddle, from the lesson's start."""
    return descend(SADDLE, RULES[code](LR[code] if lr is None else lr), (-1.5, 0.001), STEPS).theta


def theta_text(point: np.ndarray) -> str:
    return f"({fmt(float(point[0]), 3)}, {fmt(float(point[1]), 3)})"


def open_lesson(page: Page, server: str, lang: str = "en") -> None:
    open_app(page, f"{server}/{LESSON.slug}?lang={lang}", title(LESSON, lang))
    expect(page.locator(".st-key-race .js-plotly-plot")).to_be_visible()
    wait_for_run(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dragging_the_step_moves_every_dot_and_the_readout_under_the_hand(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_lesson(page, server, lang)
    track = slider(page, tr("optimizers.race_step", lang))
    assert index(track) == STEPS  # the race opens at its end
    runs = {code: run(code) for code in figs.DEFAULT_RACERS}
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.9)
    for fraction in (0.2, 0.55):
        drag_to(page, track, fraction)
        k = index(track)  # 0 … 100 by one: the step itself
        assert 0 < k < STEPS
        traces = wait_for_chart(page, "race", k)["traces"]
        for code, theta in runs.items():
            head = traces[f"head:{code}"]
            assert head["x"][1] == pytest.approx(theta[k, 0], rel=1e-5, abs=1e-6)
            assert head["y"][1] == pytest.approx(theta[k, 1], rel=1e-5, abs=1e-6)
            # The trail ends where the line to the dot begins.
            trail = traces[f"trail:{code}"]
            assert (trail["x"][-1], trail["y"][-1]) == (pytest.approx(head["x"][0]), pytest.approx(head["y"][0]))
        wait_for_text(page, "readout", k)
        readout = text(page, "readout")
        for theta in runs.values():
            expect(readout).to_contain_text(theta_text(theta[k]))
        expect(readout).to_contain_text(f"{float(SADDLE.value(runs['adam'][k])):.4g}".replace("-", "−"))
    assert traffic.requests(sent) == [], "the drag sent messages to the server"
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]race_step={k}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert FRAGMENT_RUN in traffic.finished(received)
    assert_clean(page, traffic)


def test_the_keys_walk_the_step_and_commit_once(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_lesson(page, server)
    track = slider(page, tr("optimizers.race_step", "en"))
    track.scroll_into_view_if_needed()
    adam = run("adam")
    sent = len(traffic.sent)
    track.focus()
    for key, expected in (("Home", 0), ("End", STEPS), ("Home", 0), ("ArrowRight", 1), ("ArrowRight", 2)):
        track.press(key)
        assert index(track) == expected
    head = wait_for_chart(page, "race", 2)["traces"]["head:adam"]
    assert head["x"][1] == pytest.approx(adam[2, 0], rel=1e-5)
    assert head["x"][2] - head["x"][1] != 0  # the arrow of the next step
    wait_for_text(page, "readout", 2)
    expect(text(page, "readout")).to_contain_text(theta_text(adam[2]))
    expect(page).to_have_url(re.compile(r"[?&]race_step=2(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)


def test_dragging_an_eta_moves_that_optimizers_whole_path(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_lesson(page, server)
    label = tr("optimizers.lr_of", "en", name=figs.label("gd", "en"))
    track = slider(page, label)
    values = figs.lr_values(LR["gd"])
    drawn = shown_steps(STEPS, figs.DRAWN_POINTS)
    momentum = run("momentum")
    sent = len(traffic.sent)
    press_and_hold(page, track, 0.5)
    drag_to(page, track, 0.75)
    i = index(track)
    lr = float(values[i])
    assert float(track.get_attribute("aria-valuenow") or "nan") == pytest.approx(lr)
    theta = run("gd", lr)
    traces = wait_for_chart(page, "race", i)["traces"]
    shown = np.array(traces["path:gd"]["x"], dtype=float), np.array(traces["path:gd"]["y"], dtype=float)
    np.testing.assert_allclose(shown[0], theta[drawn, 0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(shown[1], theta[drawn, 1], rtol=1e-5, atol=1e-6)
    # The others keep their committed paths.
    np.testing.assert_allclose(traces["path:momentum"]["x"], momentum[drawn, 0], rtol=1e-5, atol=1e-6)
    wait_for_text(page, "readout", i)
    path = descend(SADDLE, rules.gd(lr), (-1.5, 0.001), STEPS)
    if path.diverged_at is None:
        final = f"{float(path.loss[-1]):.4g}".replace("-", "−")
    else:  # y grows by 1 + 2η a step: a large η leaves every bound
        final = tr("common.diverged_at", "en", n=path.diverged_at)
    expect(text(page, "readout")).to_contain_text(final)
    assert traffic.requests(sent) == []
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]saddle_gd_lr={lr:g}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)


def test_a_typed_function_races_and_a_hostile_one_is_refused_in_chinese(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    """A student types their homework's function: the race redraws on it, on a window chosen from it,
    and the link keeps it; then text that tries to run code gets a sentence in Chinese, and the race and
    the link keep the last function that worked."""
    open_app(page, f"{server}/{LESSON.slug}?lang=zh&surface=custom", title(LESSON, "zh"))
    box = page.get_by_role("textbox", name="f(x, y) =")
    box.fill("(1-x)^2 + 100(y-x^2)^2")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]f=%281-x%29%5E2"))
    wait_for_run(page)
    expect(page.get_by_text(re.compile("x、y 从 −4 到 4"))).to_be_visible()  # Rosenbrock's (1, 1) with room
    # Adam's dot sits where the core's Adam on the typed Rosenbrock is at the step shown (the end).
    k = index(slider(page, tr("optimizers.race_step", "zh")))
    surf = figs.surface("custom", "(1-x)^2 + 100(y-x^2)^2")
    adam = figs.SURFACE_DEFAULTS["custom"]["lr"]["adam"]
    theta = descend(surf.objective, rules.adam(adam), surf.start, figs.SURFACE_DEFAULTS["custom"]["steps"]).theta
    head = wait_for_chart(page, "race", k)["traces"]["head:adam"]
    assert (head["x"][1], head["y"][1]) == (pytest.approx(theta[k, 0], rel=1e-5), pytest.approx(theta[k, 1], rel=1e-5))
    assert_clean(page, traffic)
    box.fill("__import__('os').system('ls')")
    box.press("Enter")
    wait_for_run(page)
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("第 17 列")  # the "." of .system
    expect(page).to_have_url(re.compile(r"[?&]f=%281-x%29%5E2"))
    expect(page.locator(".st-key-race .js-plotly-plot")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
