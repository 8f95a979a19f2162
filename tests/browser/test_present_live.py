"""Present mode on a 1920×1080 projector: what the browser draws, read from the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import TIMEOUT_MS, StreamlitTraffic, assert_clean, open_app, title, wait_for_run

FORWARD = next(p for p in PAGES if p.slug == "forward")

DRAWN = """(key) => {
    const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    const px = (el, name) => parseFloat(getComputedStyle(el)[name]);
    const texts = [...gd.querySelectorAll('svg text')].filter((el) => el.textContent.trim());
    return {
        fonts: texts.map((el) => [el.textContent.trim(), px(el, 'fontSize')]),
        lines: [...gd.querySelectorAll('path.js-line')].map((el) => px(el, 'strokeWidth')),
    };
}"""
"""Every label plotly.js drew in a chart (ticks, axis titles, legend, notes) with its rendered font
size, and the stroke width of every line."""


@pytest.fixture
def projector(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_present_mode_draws_every_chart_label_at_20_px_or_more(server: str, projector: Page) -> None:
    traffic = StreamlitTraffic(projector)
    open_app(projector, f"{server}/{FORWARD.slug}?present=1", title(FORWARD, "zh"))
    for key in ("fit", "loss"):
        projector.wait_for_function(
            "(key) => document.querySelector(`.st-key-${key} .js-plotly-plot svg text`)", arg=key
        )
        drawn = projector.evaluate(DRAWN, key)
        assert len(drawn["fonts"]) > 5, drawn
        small = [(text, size) for text, size in drawn["fonts"] if size < 20]
        assert not small, (key, small)
        assert drawn["lines"] and min(drawn["lines"]) >= 3, (key, drawn["lines"])
    # Body text is larger and the captions under the controls are folded away.
    intro = projector.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first
    assert float(intro.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 24
    expect(projector.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first).to_be_hidden()
    expect(projector.locator(".gdviz-live-help").first).to_be_hidden()
    assert_clean(projector, traffic)

    # Off again: the URL forgets it and the charts go back to the house size.
    projector.locator('[data-testid="stSidebar"]').get_by_text(tr("present.label", "zh")).click()
    expect(projector).not_to_have_url(re.compile(r"present="))
    wait_for_run(projector)
    projector.wait_for_function(
        "() => [...document.querySelectorAll('.st-key-fit .xtick text')].some("
        "(el) => parseFloat(getComputedStyle(el).fontSize) < 20)"
    )
