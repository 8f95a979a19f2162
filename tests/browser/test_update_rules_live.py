"""Lesson 3 in a real browser: the step shown, w₀, c and η are live. Dragging the step walks the four
rules together; dragging η redraws gradient descent's run and leaves the other three alone. The numbers
are computed here by hand from the tadpole data (b = 0): k(w) = 2·(w·Σx² − Σxy)/n with Σx² = 140,
Σxy = 112.6, n = 7."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from gdviz.figures.theme import fmt
from gdviz.figures.update_rules import parameter
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import FRAGMENT_RUN, StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import chart, drag_to, index, press_and_hold, slider, text, wait_for_chart, wait_for_text

UPDATE_RULES = PAGES[2]


def slope(w: float) -> float:
    return 2.0 * (w * 140.0 - 112.6) / 7.0


def descent(w0: float, lr: float, steps: int) -> list[float]:
    """Gradient descent by hand: w ← w − η·k(w)."""
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * slope(ws[-1]))
    return ws


def open_lesson(page: Page, server: str, lang: str = "en") -> None:
    open_app(page, f"{server}/{UPDATE_RULES.slug}?lang={lang}", title(UPDATE_RULES, lang))
    for key in ("panels", "steps_chart"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dragging_the_step_walks_the_four_rules_together(
    server: str, page: Page, traffic: StreamlitTraffic, lang: str
) -> None:
    open_lesson(page, server, lang)
    track = slider(page, tr("update_rules.step", lang))
    track.scroll_into_view_if_needed()
    gd = descent(2.0, 0.01, 20)
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.1)
    for fraction in (0.3, 0.65):
        drag_to(page, track, fraction)
        k = index(track)
        assert k == pytest.approx(fraction * 20, abs=1)
        panels = wait_for_chart(page, "panels", k)["traces"]
        assert panels["now:gd"]["x"][0] == pytest.approx(gd[k], rel=1e-6)
        # The trail is the run up to step k, nothing after.
        trail = panels["trail:gd"]["x"]
        assert trail[: k + 1] == pytest.approx(gd[: k + 1], rel=1e-6)
        assert all(v is None or v != v for v in trail[k + 1 :])
        # The fixed-value rule walked k steps of c = 0.1.
        assert panels["now:fixed"]["x"][0] == pytest.approx(2.0 - 0.1 * k, rel=1e-6)
        series = wait_for_chart(page, "steps_chart", k)["traces"]
        # The markers of the step shown, one per rule in the lesson's order: gradient descent's is last.
        assert (series["w_now"]["x"][3], series["w_now"]["y"][3]) == pytest.approx((k, gd[k]), rel=1e-6)
        wait_for_text(page, "rules", k)
        line = f"w{str(k).translate(str.maketrans('0123456789', '₀₁₂₃₄₅₆₇₈₉'))} = "
        expect(text(page, "rules")).to_contain_text(f"{line}{gd[k - 1]:.2f} − 0.01 × ")
    assert traffic.requests(sent) == [], "the drag sent messages to the server"
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]step={k}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert traffic.finished(received) == [FRAGMENT_RUN]
    assert_clean(page, traffic)


def test_dragging_eta_redraws_gradient_descent_alone(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_lesson(page, server)
    track = slider(page, tr("common.lr", "en"))
    fixed_before = chart(page, "panels")["traces"]["path:fixed"]["x"]
    sent = len(traffic.sent)
    press_and_hold(page, track, 0.05)
    drag_to(page, track, 0.4)
    i = index(track)
    lr = float(track.get_attribute("aria-valuenow") or "nan")
    gd = descent(2.0, lr, 20)
    panels = wait_for_chart(page, "panels", i)["traces"]
    assert panels["path:gd"]["x"] == pytest.approx(gd, rel=1e-5)
    assert panels["path:fixed"]["x"] == fixed_before
    # The table's first gradient-descent step, as written on the board (η with the decimals it needs).
    first = f"w₁ = 2.00 − {parameter(lr)} × {slope(2.0):.2f} = {fmt(gd[1])}"
    expect(text(page, "table").locator("tbody tr").first.locator("td").nth(3)).to_have_text(first)
    assert traffic.requests(sent) == []
    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]lr={lr:g}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)
