"""Every lesson on a phone, upright (390×844) and sideways (844×390), in both languages: nothing scrolls
sideways, every chart is at least 300 px tall, and every live slider is big enough for a thumb.

Lesson 4's stability ruler is the one exception to the height: a number line of η (where your η sits
against the limit 2/λmax), one axis only, drawn as a strip; its height carries nothing to read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from gdviz.ui.pages import PAGES
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
@pytest.mark.parametrize("info", PAGES, ids=[p.slug for p in PAGES])
def test_every_lesson_fits_a_phone(server: str, page: Page, traffic: StreamlitTraffic, info, lang: str, size: str):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, f"{server}/{info.slug}?lang={lang}", title(info, lang))
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
