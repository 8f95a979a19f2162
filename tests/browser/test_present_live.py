"""Present mode on a 1920×1080 projector: what the browser draws, read from the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import TIMEOUT_MS, StreamlitTraffic, assert_clean, open_app, title, wait_for_run
from tests.browser.live import wait_for_sliders

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

    # Off again (from the sidebar, opened by hand): the URL forgets it and the charts go back to the house size.
    projector.get_by_test_id("stExpandSidebarButton").click()
    projector.locator('[data-testid="stSidebar"]').get_by_text(tr("present.label", "zh")).click()
    expect(projector).not_to_have_url(re.compile(r"present="))
    wait_for_run(projector)
    projector.wait_for_function(
        "() => [...document.querySelectorAll('.st-key-fit .xtick text')].some("
        "(el) => parseFloat(getComputedStyle(el).fontSize) < 20)"
    )


SIDEBAR_RIGHT = "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right"
"""Where the sidebar ends on screen: 0 when it is folded away."""


def test_present_folds_the_sidebar_away(server: str, projector: Page) -> None:
    # A link with ?present=1 opens with it folded; the lesson starts at the screen's left edge.
    open_app(projector, f"{server}/{FORWARD.slug}?present=1", title(FORWARD, "zh"))
    assert projector.evaluate(SIDEBAR_RIGHT) <= 1
    main = projector.get_by_test_id("stMain").bounding_box()
    assert main is not None and main["x"] <= 1 and main["width"] >= 1900

    # Opened without it, the sidebar is open at 1920 px; turning Present on there folds it.
    projector.goto("about:blank")
    open_app(projector, f"{server}/{FORWARD.slug}", title(FORWARD, "zh"))
    assert projector.evaluate(SIDEBAR_RIGHT) >= 200
    projector.locator('[data-testid="stSidebar"]').get_by_text(tr("present.label", "zh")).click()
    expect(projector).to_have_url(re.compile(r"present=1"))
    projector.wait_for_function(f"() => ({SIDEBAR_RIGHT})() <= 1")


WORDS = r"""() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const seen = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        // Chart labels are DRAWN's; a formula's sub- and superscripts are smaller by design; icons are glyphs.
        if (!node.textContent.trim() || el.closest('svg, .katex, [data-testid="stIconMaterial"]')) continue;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (!box.width || !box.height || style.visibility === 'hidden') continue;
        let behind = el;
        while (behind && getComputedStyle(behind).backgroundColor.match(/^rgba\(.*, 0\)$|^transparent$/)) {
            behind = behind.parentElement;
        }
        const background = behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)';
        seen.push([node.textContent.trim().slice(0, 40), parseFloat(style.fontSize), style.color, background]);
    }
    const grid = [...document.querySelectorAll('.js-plotly-plot .gridlayer path')].map((el) => el.style.stroke);
    const large = [...main.querySelectorAll('.gdviz-readout-value, [data-testid="stMetricValue"] p')].map(
        (el) => [el.textContent.trim(), parseFloat(getComputedStyle(el).fontSize)]);
    return {words: seen, grid: [...new Set(grid)], large};
}"""
"""Every word shown outside the charts, with its font size, colour and the colour behind it; the charts'
gridline colours; the numbers shown large (readouts, metrics) with their sizes."""


def contrast_on_white(css_color: str) -> float:
    """WCAG's contrast ratio of a CSS ``rgb()`` / ``rgba()`` text colour against a white page."""
    r, g, b, *alpha = (float(v) for v in re.findall(r"[\d.]+", css_color))
    a = alpha[0] if alpha else 1.0
    channels = [(c * a + 255 * (1 - a)) / 255 for c in (r, g, b)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def is_grey(css_color: str) -> bool:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", css_color)[:3])
    return max(r, g, b) - min(r, g, b) < 24


def faint(words: list[list]) -> list[tuple[str, str]]:
    """The grey words on white below WCAG AA's 4.5:1. Coloured words carry a lesson's key colours; grey
    ones are secondary text (captions, a slider's help), and must still read."""
    return [
        (text, color)
        for text, _, color, behind in words
        if behind == "rgb(255, 255, 255)" and is_grey(color) and contrast_on_white(color) < 4.5
    ]


@pytest.mark.parametrize("info", PAGES, ids=[p.slug for p in PAGES])
def test_secondary_words_read_at_4_5_to_1_outside_present_too(server: str, page: Page, info) -> None:
    open_app(page, f"{server}/{info.slug}", title(info, "en"))
    wait_for_sliders(page)
    seen = page.evaluate(WORDS)
    assert len(seen["words"]) > 20, seen
    assert not faint(seen["words"]), faint(seen["words"])


@pytest.mark.parametrize("info", PAGES, ids=[p.slug for p in PAGES])
def test_present_mode_writes_every_word_at_20_px_and_no_faint_grey(server: str, projector: Page, info) -> None:
    open_app(projector, f"{server}/{info.slug}?present=1", title(info, "zh"))
    projector.wait_for_function("() => document.querySelector('.js-plotly-plot .gridlayer')")
    seen = projector.evaluate(WORDS)
    assert len(seen["words"]) > 20, seen
    small = [(text, size) for text, size, _, _ in seen["words"] if size < 20]
    assert not small, small
    assert not faint(seen["words"]), faint(seen["words"])
    assert seen["grid"] == ["rgb(200, 208, 220)"], seen["grid"]  # gdviz.figures.theme.PRESENT_GRID
    # A readout's or a metric's number stays larger than the 24 px body text around it.
    assert all(size >= 40 for _, size in seen["large"]), seen["large"]


SLIDERS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSlider"]')].map((slider) => {
    const box = (el) => el.getBoundingClientRect();
    const track = slider.querySelector('[data-orientation="horizontal"] > [data-orientation="horizontal"]');
    return {
        label: box(slider.querySelector('[data-testid="stWidgetLabel"] p')).bottom,
        value: [box(slider.querySelector('[data-testid="stSliderThumbValue"] p')).top,
                box(slider.querySelector('[data-testid="stSliderThumbValue"] p')).bottom],
        rail: box(track.firstElementChild).top,
    };
})"""
"""Where each Streamlit slider's label ends, where its value's text starts and ends, and where its rail starts."""


def test_present_mode_keeps_a_slider_value_between_its_label_and_its_rail(server: str, projector: Page) -> None:
    batching = next(p for p in PAGES if p.slug == "batching")
    open_app(projector, f"{server}/{batching.slug}?present=1", title(batching, "zh"))
    expect(projector.locator('[data-testid="stSlider"]').nth(4)).to_be_visible()
    sliders = projector.evaluate(SLIDERS)
    assert len(sliders) >= 5, sliders
    for slider in sliders:
        top, bottom = slider["value"]
        assert slider["label"] <= top + 1 and bottom <= slider["rail"], slider
