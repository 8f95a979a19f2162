"""Every lesson and the start page on a phone, upright (390×844) and sideways (844×390), in both
languages: nothing scrolls sideways, every chart is at least 300 px tall, and every live slider is big
enough for a thumb. Upright, the start page shows its example's w, MSE and plotted points on the first screen.

Lesson 4's stability ruler is the one exception to the height: a number line of η (where your η sits
against the limit 2/λmax), one axis only, drawn as a strip; its height carries nothing to read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from gdviz.ui.pages import HOME, PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title

SIZES = {"portrait": (390, 844), "landscape": (844, 390)}

MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(c => !c.closest('.st-key-ruler'))
    .map(c => c.getBoundingClientRect());
  const sliders = [...document.querySelectorAll('.gdviz-live-track')].map(s => s.getBoundingClientRect());
  return {
    pageWidth: document.documentElement.scrollWidth,
    mainWidth: main.scrollWidth,
    view: window.innerWidth,
    charts: charts.map(r => [r.width, r.height]),
    sliders: sliders.map(r => [r.width, r.height]),
  };
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("info", (HOME, *PAGES), ids=[p.slug for p in (HOME, *PAGES)])
def test_every_lesson_fits_a_phone(server: str, page: Page, traffic: StreamlitTraffic, info, lang: str, size: str):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    path = "" if info is HOME else info.slug
    open_app(page, f"{server}/{path}?lang={lang}", title(info, lang))
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    page.wait_for_timeout(500)  # charts take their final size after the first draw
    seen = page.evaluate(MEASURE)
    assert seen["pageWidth"] <= seen["view"] and seen["mainWidth"] <= seen["view"], "the page scrolls sideways"
    assert seen["charts"], "no chart"
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
