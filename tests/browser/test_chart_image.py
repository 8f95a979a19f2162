"""A chart's own toolbar saves it as a PNG at projector resolution: twice the size it is drawn."""

from __future__ import annotations

import struct

from playwright.sync_api import Page, expect

from gdviz.ui.pages import PAGES
from tests.browser.helpers import StreamlitTraffic, assert_clean, open_app, title

FORWARD = PAGES[0]


def test_the_camera_saves_a_png_twice_the_charts_size(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, f"{server}/{FORWARD.slug}?lang=zh", title(FORWARD, "zh"))
    chart = page.locator(".st-key-fit .js-plotly-plot")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    chart.hover()
    with page.expect_download() as download:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    png = download.value
    assert png.suggested_filename == "gdviz.png"
    data = open(png.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert abs(width - 2 * box["width"]) <= 4 and abs(height - 2 * box["height"]) <= 4
    assert width >= 800
    # No button sends the chart to an online service.
    assert chart.locator('.modebar-btn[data-title^="Share chart"]').count() == 0
    assert_clean(page, traffic)
