"""Every page opens by deep link, with the navigation, its title, its charts and no error."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pytest
from playwright.sync_api import Page, Route, expect

from gdviz.core import datasets
from gdviz.i18n import tr
from gdviz.ui import plotly_bundle
from gdviz.ui.pages import HOME, PAGES, PageInfo
from tests.browser.helpers import (
    FIRST_RUN_TIMEOUT_MS,
    TIMEOUT_MS,
    StreamlitTraffic,
    assert_clean,
    expect_navigation,
    h1,
    is_plotly_js,
    open_app,
    title,
    wait_for_run,
)
from tests.browser.live import wait_for_sliders
from tests.browser.server import running_server

ALL_PAGES = (HOME, *PAGES)
T = TypeVar("T")


def _path(info: PageInfo) -> str:
    return "/" if info is HOME else f"/{info.slug}"


@pytest.mark.parametrize("info", ALL_PAGES, ids=[p.slug for p in ALL_PAGES])
def test_deep_link_opens_the_page(server: str, page: Page, traffic: StreamlitTraffic, info: PageInfo) -> None:
    open_app(page, server + _path(info), title(info, "en"))
    assert page.url == server + _path(info)  # served where it was asked for, not redirected
    expect_navigation(page, "en", info)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()  # the start page's example too
    wait_for_run(page)
    # Markdown and HTML written by the pages (boxes, tables) are drawn, never shown as their source.
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert not [mark for mark in ("**", "</", "<div", "&lt;", "&amp;") if mark in shown], shown
    assert_clean(page, traffic)


def test_deep_link_on_a_cold_server(page: Page, traffic: StreamlitTraffic) -> None:
    """The very first request to a freshly started server is a lesson's URL, not the root.

    Streamlit decides on the first session whether the app uses ``st.navigation`` or the legacy
    ``pages/`` folder; a wrong guess answers "page not found" and shows a dialog before the router
    takes over. The session's server cannot show this: its fixture opens the root first.
    """
    lesson = PAGES[0]
    with running_server() as cold_url:
        open_app(page, f"{cold_url}/{lesson.slug}", title(lesson, "en"), timeout_ms=FIRST_RUN_TIMEOUT_MS)
        expect_navigation(page, "en", lesson)
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        assert_clean(page, traffic)


def test_bad_url_values_open_the_defaults(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    forward = PAGES[0]
    open_app(page, f"{server}/forward?w=banana&data=nope&lang=xx", title(forward, "en"))
    tadpole = datasets.get("tadpole")
    expect(page.get_by_role("combobox", name=tr("common.dataset", "en"))).to_have_value(tadpole.title["en"])
    # The lesson opens on the tadpole's poor first guess: w at the top of its range, b = 0.
    w = tadpole.w_range[1]
    expect(page.get_by_role("slider", name=tr("common.w", "en"))).to_have_attribute("aria-valuetext", f"{w:.2f}")
    mse = np.mean((w * tadpole.x - tadpole.y) ** 2)
    expect(page.locator(".st-key-readout .gdviz-readout-value")).to_have_text(f"{mse:.3f}")
    expect(page.get_by_role("radio", name=tr("lang.name", "en"))).to_be_checked()
    # The bad values are dropped from the address, so a copied link does not carry them on.
    expect(page).to_have_url(f"{server}/forward")
    assert_clean(page, traffic)


def test_a_chart_library_that_cannot_load_is_said_in_words(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """plotly.js comes in a request of its own (gdviz/ui/static/plotly_loader.js); when it fails (a school proxy, a
    dropped connection), each chart says so in the page's language instead of staying blank."""
    page.route(is_plotly_js, lambda route: route.abort())
    lesson = PAGES[0]
    open_app(page, f"{server}/{lesson.slug}?lang=zh", title(lesson, "zh"))
    notes = page.locator(".gdviz-chart-error")
    expect(notes.first).to_be_visible()
    assert notes.count() == 2  # the fit and MSE(w)
    expect(notes.first).to_contain_text(tr("common.chart_unavailable", "zh", error="").split("（")[0])
    assert page.locator(".js-plotly-plot").count() == 0
    assert_clean(page, traffic)


SLIDER_TOPS = """() => {
    const scrolled = document.querySelector('[data-testid=stMain]').scrollTop;
    return Array.from(document.querySelectorAll('.gdviz-live-track'),
        (track) => Math.round(track.getBoundingClientRect().top + scrolled));
}"""
"""Where each live slider stands in the page (not in the window)."""


@pytest.mark.parametrize("info", PAGES, ids=[p.slug for p in PAGES])
def test_the_page_keeps_its_place_when_the_charts_arrive(server: str, page: Page, info: PageInfo) -> None:
    """plotly.js arrives after the page's words and sliders; each chart's room is kept from the start, so
    nothing below it jumps down when it is drawn: not a paragraph being read, not a slider being pressed."""
    held: list[Route] = []
    released = False

    def hold(route: Route) -> None:  # until released; a page may ask for two bundles (lesson 2's 3-D bowl)
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route(is_plotly_js, hold)
    with page.expect_request(lambda request: is_plotly_js(request.url)):
        open_app(page, f"{server}/{info.slug}", title(info, "en"))
    wait_for_sliders(page)
    before = page.evaluate(SLIDER_TOPS)
    assert before and page.locator(".js-plotly-plot").count() == 0
    while not held:  # the request is out; its route is on its way to us
        page.wait_for_timeout(20)
    released = True
    for route in held:
        route.continue_()
    charts = page.locator(".gdviz-chart")
    expect(page.locator(".js-plotly-plot")).to_have_count(charts.count(), timeout=TIMEOUT_MS)
    page.wait_for_function("() => [...document.querySelectorAll('.gdviz-chart')].every((div) => div._fullLayout)")
    assert page.evaluate(SLIDER_TOPS) == before


def test_plotly_js_is_downloaded_once_not_per_page_load(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """Streamlit serves component files without caching headers; plotly_loader.js keeps plotly.js (here the
    1.5 MB cartesian bundle) in IndexedDB, so a reload (a whole class at once, on one Wi-Fi) does not
    fetch it again."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if is_plotly_js(request.url) else None)
    lesson = PAGES[0]
    for _ in range(2):
        open_app(page, f"{server}/{lesson.slug}", title(lesson, "en"))
        expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    assert len(fetched) == 1, fetched
    assert plotly_bundle.PATH.name in fetched[0]
    assert page.locator(".js-plotly-plot").count() == 2
    assert_clean(page, traffic)


def test_plotly_js_loads_once_for_the_start_page_and_the_lesson_after_it(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    """Every page starts loading plotly.js from the sidebar (gdviz.ui.plotly_js.load_plotly_early); the
    start page's example draws with it, and the lesson opened next fetches nothing more."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if is_plotly_js(request.url) else None)
    open_app(page, server + "/", title(HOME, "en"))
    page.wait_for_function("typeof window.Plotly?.react === 'function'", timeout=TIMEOUT_MS)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=PAGES[0].title("en")).click()
    expect(h1(page)).to_have_text(title(PAGES[0], "en"))
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT_MS)
    assert len(fetched) == 1, fetched
    assert_clean(page, traffic)


def _settled(page: Page, check: Callable[[], T], problem: Callable[[T], str]) -> T:
    """``check()`` once the charts have settled: the last figures may still be on their way into
    Plotly (it draws asynchronously), so check again until ``problem`` of the result is empty, or
    time is up; the last result."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while problem(found := check()) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return found


CHART_BUNDLES = """() => [...document.querySelectorAll(".js-plotly-plot")].map((div) => ({
    key: [...div.closest("[class*='st-key-']").classList].find((name) => name.startsWith("st-key-")).slice(7),
    types: [...new Set(div._fullData.map((trace) => trace.type))],
    drawable: Object.keys(div.__gdvizPlotly.PlotSchema.get().traces),
}))"""
"""Each chart: its key, its trace types, and every trace type of the plotly.js that drew it."""


def test_2d_charts_use_the_cartesian_bundle_and_the_bowl_the_whole_plotly_js(
    server: str, page: Page, traffic: StreamlitTraffic
) -> None:
    """Lesson 1 fetches only plotly.js's cartesian bundle; lesson 2, opened next in the same page,
    draws its 3-D bowl with the whole plotly.js and its 2-D charts still with the bundle. The bundle
    draws every trace type gdviz.ui.plotly_bundle says it does (else a chart would stay blank)."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if is_plotly_js(request.url) else None)
    first, second = PAGES[0], PAGES[1]
    open_app(page, f"{server}/{first.slug}", title(first, "en"))
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=second.title("en")).click()
    expect(page.locator(".st-key-bowl .js-plotly-plot .gl-container")).to_be_attached(timeout=TIMEOUT_MS)
    wait_for_run(page)
    charts = _settled(
        page,
        lambda: page.evaluate(CHART_BUNDLES),
        lambda found: "" if len(found) == 5 else f"{len(found)} charts",
    )
    by_key = {chart["key"]: chart for chart in charts}
    assert set(by_key) == {"curve", "position", "bowl", "extrema", "search"}
    assert {"surface", "scatter3d"} <= set(by_key["bowl"]["types"])
    assert {"surface", "scatter3d"} <= set(by_key["bowl"]["drawable"])
    for key in ("curve", "position", "extrema", "search"):
        assert set(by_key[key]["types"]) <= plotly_bundle.TRACE_TYPES
        assert set(by_key[key]["drawable"]) == plotly_bundle.TRACE_TYPES, key
    assert [url.split("?")[0].rsplit("/", 1)[1] for url in fetched] == [plotly_bundle.PATH.name, "plotly.min.js"]
    assert_clean(page, traffic)
