"""Every lesson and the start page on a phone, upright (390×844) and sideways (844×390), in both
languages: nothing scrolls sideways, the sidebar is folded away, controls come before their charts, every
chart is at least 300 px tall with no toolbar over its legend and no label under 12 px, and every live
slider is big enough for a thumb; a thumb scrolling past a live slider leaves it alone. Upright, the start
page shows its example's w, MSE and plotted points on the first screen.

Lesson 4's stability ruler is the one exception to the height: a number line of η (where your η sits
against the limit 2/λmax), one axis only, drawn as a strip; its height carries nothing to read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from gdviz.ui.pages import HOME, PAGES
from tests.browser.helpers import (
    TIMEOUT_MS,
    StreamlitTraffic,
    assert_clean,
    open_app,
    title,
    wait_for_finished,
    wait_for_run,
)

SIZES = {"portrait": (390, 844), "landscape": (844, 390)}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
"""Safari on an iPhone: what the server sees of a phone (gdviz.ui.layout.on_a_phone)."""

MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(c => !c.closest('.st-key-ruler'))
    .map(c => c.getBoundingClientRect());
  const sliders = [...document.querySelectorAll('.gdviz-live-track')].map(s => s.getBoundingClientRect());
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const shown = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0;
  const chartTexts = [...main.querySelectorAll('.js-plotly-plot svg text')].filter(el => el.textContent.trim());
  return {
    pageWidth: document.documentElement.scrollWidth,
    mainWidth: main.scrollWidth,
    mainLeft: main.getBoundingClientRect().left,
    view: window.innerWidth,
    sidebarRight: sidebar ? sidebar.getBoundingClientRect().right : 0,
    charts: charts.map(r => [r.width, r.height]),
    firstChartTop: charts.length ? Math.min(...charts.map(r => r.top)) : null,
    sliders: sliders.map(r => [r.width, r.height]),
    firstSliderTop: sliders.length ? Math.min(...sliders.map(r => r.top)) : null,
    toolbars: [...main.querySelectorAll('.modebar-container')].filter(shown).length,
    smallChartText: chartTexts
      .map(el => [el.textContent.trim(), parseFloat(getComputedStyle(el).fontSize)])
      .filter(([, size]) => size < 12),
  };
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("info", (HOME, *PAGES), ids=[p.slug for p in (HOME, *PAGES)])
def test_every_lesson_fits_a_phone(server: str, browser: Browser, info, lang: str, size: str):
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    traffic = StreamlitTraffic(page)
    try:
        check_fits(page, traffic, server, info, lang, width)
    finally:
        context.close()


def check_fits(page: Page, traffic: StreamlitTraffic, server: str, info, lang: str, width: int) -> None:
    path = "" if info is HOME else info.slug
    open_app(page, f"{server}/{path}?lang={lang}", title(info, lang))
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    page.wait_for_timeout(500)  # charts take their final size after the first draw
    seen = page.evaluate(MEASURE)
    assert seen["pageWidth"] <= seen["view"] and seen["mainWidth"] <= seen["view"], "the page scrolls sideways"
    # Streamlit's own "auto" opens the sidebar from 768 px on: a sideways phone would lose a third of its width.
    assert seen["sidebarRight"] <= 1 and seen["mainLeft"] <= 1, f"the sidebar is open: {seen}"
    assert seen["charts"], "no chart"
    if seen["firstSliderTop"] is not None:
        assert seen["firstSliderTop"] < seen["firstChartTop"], "a chart comes before its controls"
    assert seen["toolbars"] == 0, "a chart's toolbar is shown on a phone"
    assert not seen["smallChartText"], seen["smallChartText"]
    for w, h in seen["charts"]:
        assert h >= 300, f"a chart {w:.0f}×{h:.0f} px is under 300 px tall"
        assert w <= width
    for w, h in seen["sliders"]:
        assert h >= 44 and w >= 150, f"a live slider {w:.0f}×{h:.0f} px is too small for a thumb"
    assert_clean(page, traffic)


# The slider's track, the plot area of the example's fit (plotly.js's drag layer covers it) and the MSE.
FIRST_SCREEN = """() => Object.fromEntries([
  '.st-key-live-w .gdviz-live-track',
  '.st-key-example_fit .nsewdrag',
  '.st-key-example_mse .gdviz-readout-value',
].map(s => [s, document.querySelector(s).getBoundingClientRect().bottom]))"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_start_pages_example_fits_a_phones_first_screen(server: str, page: Page, traffic: StreamlitTraffic, lang):
    """A student opening the link on a phone sees w, the MSE, and the points with the line and their errors
    (the plot area; the axis title under it may need a scroll) without scrolling."""
    width, height = SIZES["portrait"]
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, f"{server}/?lang={lang}", title(HOME, lang))
    expect(page.locator(".st-key-example_fit .js-plotly-plot")).to_be_visible()
    page.wait_for_timeout(500)  # charts take their final size after the first draw
    bottoms = page.evaluate(FIRST_SCREEN)
    assert max(bottoms.values()) <= height, bottoms
    assert_clean(page, traffic)


def test_a_swipe_across_a_live_slider_scrolls_the_page_and_a_tap_sets_it(server: str, browser: Browser) -> None:
    """Touches as the phone's own touch screen sends them (Chromium's input events, not synthetic DOM
    events): a thumb that scrolls past the lesson changes nothing; one that taps the track commits once."""
    forward = next(p for p in PAGES if p.slug == "forward")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    traffic = StreamlitTraffic(page)
    try:
        open_app(page, f"{server}/{forward.slug}?lang=en", title(forward, "en"))
        slider = page.get_by_role("slider").first
        slider.scroll_into_view_if_needed()
        value = slider.get_attribute("aria-valuenow")
        touch = page.context.new_cdp_session(page)
        main_scroll = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"
        scrolled, sent = page.evaluate(main_scroll), len(traffic.sent)

        box = slider.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for i in range(1, 13):  # upwards, drifting a little sideways as a thumb does
            point = {"x": x + 1.5 * i, "y": y - 20 * i}
            touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_function(f"() => ({main_scroll})() > {scrolled + 100}")
        page.wait_for_timeout(500)  # a commit, were there one, would have gone out by now
        assert slider.get_attribute("aria-valuenow") == value
        assert traffic.reruns(sent) == []

        box = slider.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2
        received = len(traffic.received)
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        expect(slider).not_to_have_attribute("aria-valuenow", value)
        wait_for_finished(page, traffic, received)
        wait_for_run(page)
        assert len(traffic.reruns(sent)) == 1
        assert_clean(page, traffic)
    finally:
        context.close()
