"""A presenter's keys in a real browser: Space plays and pauses a run's clock, "." and "," step it, with
no click on the page first (a clicker sends keys to whatever has focus). Playing sends nothing; where it
stops (paused, or at the run's end) is committed once, like a released slider. Numbers are lesson 3's
gradient descent on the tadpole data by hand (see test_update_rules_live.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import FRAGMENT_RUN, StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import index, slider, wait_for_chart
from tests.browser.test_update_rules_live import descent

UPDATE_RULES = PAGES[2]
OPTIMIZERS = PAGES[5]
STEPS = 20  # lesson 3's run on the tadpole data by default


def play_button(track: Locator) -> Locator:
    return track.locator("xpath=ancestor::div[contains(@class, 'gdviz-live-slider')]//button[@class='gdviz-live-play']")


def nothing_focused(page: Page) -> None:
    """As after opening the page: the keys go to the document, not to a control."""
    page.evaluate("document.activeElement?.blur()")
    assert page.evaluate("document.activeElement === document.body")


def test_dot_and_comma_step_the_run_and_space_plays_it_to_the_end(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_app(page, f"{server}/{UPDATE_RULES.slug}?lang=en", title(UPDATE_RULES, "en"))
    track = slider(page, tr("update_rules.step", "en"))
    expect(track).to_have_attribute("aria-valuenow", "0")
    gd = descent(2.0, 0.01, STEPS)
    nothing_focused(page)

    sent, received = len(traffic.sent), len(traffic.received)
    for key in (".", ".", ".", ","):
        page.keyboard.press(key)
    assert index(track) == 2
    assert wait_for_chart(page, "panels", 2)["traces"]["now:gd"]["x"][0] == pytest.approx(gd[2], rel=1e-6)
    # Once the keys rest, one commit: the URL holds the step and the lesson reruns once.
    expect(page).to_have_url(re.compile(r"[?&]step=2(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert traffic.finished(received) == [FRAGMENT_RUN]

    # Space plays from there to the run's end: every step is shown on the way, nothing is sent until it
    # stops, and the end is committed once.
    button = play_button(track)
    expect(button).to_have_attribute("aria-label", tr("live.play", "en"))
    sent, received = len(traffic.sent), len(traffic.received)
    page.evaluate("""() => {
        const gd = document.querySelector('.st-key-panels .js-plotly-plot');
        window.__shownSteps = [];
        const watch = () => {
            const s = gd.__gdvizShown;
            if (window.__shownSteps.at(-1) !== s) window.__shownSteps.push(s);
            if (s !== 20) requestAnimationFrame(watch);
        };
        requestAnimationFrame(watch);
    }""")
    page.keyboard.press(" ")
    expect(button).to_have_attribute("aria-label", tr("live.pause", "en"))
    expect(button).to_have_attribute("aria-pressed", "true")
    assert traffic.requests(sent) == [], "playing sent messages to the server"
    expect(track).to_have_attribute("aria-valuenow", str(STEPS))
    expect(button).to_have_attribute("aria-pressed", "false")
    assert wait_for_chart(page, "panels", STEPS)["traces"]["now:gd"]["x"][0] == pytest.approx(gd[STEPS], rel=1e-6)
    shown = page.evaluate("window.__shownSteps")
    assert shown[0] == 2 and shown[-1] == STEPS and len(shown) >= 10, shown  # it walked, it did not jump
    expect(page).to_have_url(re.compile(rf"[?&]step={STEPS}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert_clean(page, traffic)


def test_space_pauses_where_the_run_is_and_the_link_keeps_it(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_app(page, f"{server}/{UPDATE_RULES.slug}?lang=zh&step={STEPS}", title(UPDATE_RULES, "zh"))
    track = slider(page, tr("update_rules.step", "zh"))
    expect(track).to_have_attribute("aria-valuenow", str(STEPS))
    button = play_button(track)
    expect(button).to_have_attribute("aria-label", tr("live.play", "zh"))
    # Played at its end, it starts again from step 0; the button pauses it.
    sent = len(traffic.sent)
    button.click()
    expect(button).to_have_attribute("aria-label", tr("live.pause", "zh"))
    page.wait_for_function(
        "(el) => el.closest('.gdviz-live-slider').parentElement.__gdvizLive.index >= 3", arg=track.element_handle()
    )
    assert traffic.requests(sent) == []
    button.click()
    k = index(track)
    assert 3 <= k < STEPS
    expect(button).to_have_attribute("aria-label", tr("live.play", "zh"))
    expect(page).to_have_url(re.compile(rf"[?&]step={k}(&|$)"))
    wait_for_run(page)
    assert len(traffic.reruns(sent)) == 1
    assert index(track) == k  # the rerun kept it
    assert_clean(page, traffic)


def test_typing_a_space_or_a_dot_in_a_formula_moves_no_clock(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    open_app(page, f"{server}/{OPTIMIZERS.slug}?lang=en&surface=custom", title(OPTIMIZERS, "en"))
    track = slider(page, tr("optimizers.race_step", "en"))
    last = index(track)
    box = page.get_by_role("textbox", name="f(x, y) =")
    box.fill("")
    box.press_sequentially("0.5 * x^2 + y^2")
    expect(box).to_have_value("0.5 * x^2 + y^2")
    expect(play_button(track)).to_have_attribute("aria-pressed", "false")
    assert index(track) == last
    # The same keys, with nothing focused, drive the race's clock.
    nothing_focused(page)  # the box commits its text on blur: the race runs on it
    wait_for_run(page)
    last = index(track)
    page.keyboard.press(",")
    assert index(track) == last - 1
    assert_clean(page, traffic)
