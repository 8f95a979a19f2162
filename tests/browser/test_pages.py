"""Every page opens by deep link, with the navigation, its title, its charts and no error."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from gdviz.core import datasets
from gdviz.figures.theme import PLOTLY_CONFIG
from gdviz.i18n import tr
from gdviz.ui import plotly_bundle
from gdviz.ui.pages import HOME, PAGES, PageInfo
from tests.browser.helpers import (
    FIRST_RUN_TIMEOUT_MS,
    TIMEOUT_MS,
    StreamlitTraffic,
    assert_clean,
    expect_navigation,
    is_plotly_js,
    open_app,
    step,
    title,
    wait_for_run,
)
from tests.browser.server import running_server
from tests.conftest import whole_figure
from tests.figures.drawing import expand_slices
from tests.figures.drawing import numbers as drawing_numbers

ALL_PAGES = (HOME, *PAGES)
T = TypeVar("T")


def _path(info: PageInfo) -> str:
    return "/" if info is HOME else f"/{info.slug}"


@pytest.mark.parametrize("info", ALL_PAGES, ids=[p.slug for p in ALL_PAGES])
def test_deep_link_opens_the_page(server: str, page: Page, traffic: StreamlitTraffic, info: PageInfo) -> None:
    open_app(page, server + _path(info), title(info, "en"))
    assert page.url == server + _path(info)  # served where it was asked for, not redirected
    expect_navigation(page, "en", info)
    if info is not HOME:  # every lesson draws at least one chart
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
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
    """plotly.js comes in a request of its own (gdviz/ui/static/chart.js); when it fails (a school proxy, a
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


def test_plotly_js_is_downloaded_once_not_per_page_load(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """Streamlit serves component files without caching headers; chart.js keeps plotly.js (here the
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


def test_plotly_js_loads_before_any_chart_asks_for_it(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    """Every page starts loading plotly.js from the sidebar (gdviz.ui.chart_element.load_plotly_early),
    so the home page, which draws no chart, has it too; the lesson opened next fetches nothing more."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if is_plotly_js(request.url) else None)
    open_app(page, server + "/", title(HOME, "en"))
    page.wait_for_function("typeof window.Plotly?.react === 'function'", timeout=TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() == 0
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=PAGES[0].title("en")).click()
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT_MS)
    assert len(fetched) == 1, fetched
    assert_clean(page, traffic)


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


BROWSER_FRAMES = """(selector) => {
    const gd = document.querySelector(selector);
    return gd._transitionData._frames.map((frame) => frame.data.map((trace) => ({
        x: Array.from(trace.x ?? []), y: Array.from(trace.y ?? []), customdata: Array.from(trace.customdata ?? []),
    })));
}"""
"""Every frame's traces as Plotly holds them in the page (NaN comes back as null)."""


def _close(values: np.ndarray, wanted: np.ndarray) -> bool:
    return values.shape == wanted.shape and bool(np.allclose(values, wanted, rtol=1e-6, atol=0, equal_nan=True))


def _last_figures(traffic: StreamlitTraffic) -> dict[str, dict]:
    """The last figure sent to each chart, by key, its parts in place and its frame slices as sent."""
    known: dict = {}
    return {key: whole_figure(figure, expand=False, known=known) for key, figure in traffic.figures()}


def _settled(page: Page, check: Callable[[], T], problem: Callable[[T], str]) -> T:
    """``check()`` once the charts have settled: the last figures may still be on their way into
    Plotly (it draws asynchronously), so check again until ``problem`` of the result is empty, or
    time is up; the last result."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while problem(found := check()) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return found


def _frames_against_sent(page: Page, traffic: StreamlitTraffic) -> tuple[str, int, list[str]]:
    """Every frame of every chart as Plotly holds it, against the tests' reading of the last figure
    sent to that chart: the first difference ("" if none), how many frame arrays were sent as slices,
    and the charts whose last figure named a trace the page already had."""
    latest = _last_figures(traffic)
    last_sent = dict(traffic.figures())
    named = [key for key, figure in last_sent.items() if figure["frames"] and {"$part"} in map(set, figure["data"])]
    sliced = 0
    for key, raw in latest.items():
        if not raw["frames"]:
            continue
        meant = expand_slices(raw["frames"], raw["data"])
        sliced += json.dumps(raw["frames"]).count('"$slice"')
        drawn = page.evaluate(BROWSER_FRAMES, f".st-key-{key} .js-plotly-plot")
        if len(drawn) != len(meant):
            return f"{key}: {len(drawn)} frames drawn, {len(meant)} sent", sliced, named
        for k, (frame, expected_frame, sent_frame) in enumerate(zip(drawn, meant, raw["frames"], strict=True)):
            for trace, expected, spec in zip(frame, expected_frame["data"], sent_frame["data"], strict=True):
                for name in ("x", "y", "customdata"):
                    if isinstance(spec.get(name), dict) and "$slice" in spec[name]:  # built by chart.js
                        values = np.array([np.nan if v is None else v for v in trace[name]], dtype=float)
                        wanted = drawing_numbers(expected[name])
                        if not _close(values, wanted):
                            return f"{key}, frame {k}, {name}: drawn {values}, meant {wanted}", sliced, named
    return "", sliced, named


# Per lesson, a slider that changes some of its runs and leaves others: after a few steps the
# figures name the unchanged paths and send new frames that slice them.
STEPPED = {"batching": "synthetic_100_batch"}


@pytest.mark.parametrize("slug", list(STEPPED))
def test_frames_built_in_the_browser_are_the_ones_the_server_meant(
    server: str, page: Page, traffic: StreamlitTraffic, slug: str
) -> None:
    """A trail in a frame is sent as a slice of a path the figure draws (theme.frame_slice), and
    chart.js builds it, also from paths the page was sent before and now only gets by name. Every
    frame of every chart, as Plotly holds it, is the frame the tests' reader builds from the same
    figures (tests.figures.drawing.expand_slices)."""
    info = next(p for p in PAGES if p.slug == slug)
    open_app(page, f"{server}/{slug}", title(info, "en"))
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    slider = page.locator(f".st-key-{STEPPED[slug]} input[type=range]")
    for _ in range(3):
        step(page, traffic, slider, "ArrowRight")
    problem, sliced, named = _settled(page, lambda: _frames_against_sent(page, traffic), lambda found: found[0])
    assert not problem, problem
    assert named, "no animated chart's last figure named a trace the page already had"
    assert sliced > 0, "no frame of this page was sent as slices"
    assert_clean(page, traffic)


DRAWN_AND_FRESH = """async ([selector, figure, config]) => {
    // What a chart shows: its lines and markers (SVG geometry), the text on its traces and its
    // annotations, each list sorted (drawing order is not what a student sees).
    const all = (gd, selector, read) => [...gd.querySelectorAll(selector)].map(read).sort();
    const drawing = (gd) => ({
        paths: all(gd, '.cartesianlayer .trace path', (p) => p.getAttribute('d') ?? ''),
        points: all(gd, '.cartesianlayer .trace .point', (p) => p.getAttribute('transform') ?? ''),
        texts: all(gd, '.cartesianlayer .trace text, .annotation-text', (t) => t.textContent),
        sliders: all(gd, '.slider-grip-rect', (r) => r.getAttribute('transform') ?? ''),
    });
    const gd = document.querySelector(selector);
    const fresh = document.createElement('div');
    fresh.style.cssText = `position: absolute; left: -10000px; top: 0; width: ${gd.clientWidth}px`;
    document.body.appendChild(fresh);
    try {
        const layout = { ...figure.layout, width: gd._fullLayout.width, height: gd._fullLayout.height };
        await gd.__gdvizPlotly.newPlot(fresh, figure.data, layout, config);
        return [drawing(gd), drawing(fresh)];
    } finally {
        gd.__gdvizPlotly.purge(fresh);
        fresh.remove();
    }
}"""
"""A chart as the page shows it, and the same figure drawn from nothing in a chart of the same size."""

FIRST_SLIDERS = {
    "batching": ("synthetic_100_w0", "paths"),
}
"""Each page's first server-side slider, and a chart each of its steps moves (lessons 1-4 and 6 are live)."""


def _drawn_against_fresh(page: Page, traffic: StreamlitTraffic) -> str:
    """Every chart as the page shows it against the last figure sent to it drawn from nothing: the
    first difference, or "" if none."""
    for key, figure in _last_figures(traffic).items():
        shown, fresh = page.evaluate(
            DRAWN_AND_FRESH, [f".st-key-{key} .js-plotly-plot", {**figure, "frames": []}, PLOTLY_CONFIG]
        )
        for what in ("paths", "points", "texts", "sliders"):
            a, b = shown[what], fresh[what]
            if a != b:
                at = next(i for i, (x, y) in enumerate(zip([*a, None], [*b, None], strict=False)) if x != y)
                return f"{key}, {what} #{at}: shown {a[at : at + 1]}, fresh {b[at : at + 1]} ({len(a)} and {len(b)})"
    return ""


# chart.js answers Plotly's "which attributes of this trace hold arrays" from entries it found once per
# trace type; Plotly's own walk of the schema (kept as `.original`) must give the same answer.
ARRAY_ATTRIBUTES_DIFFER = """() => {
  const differ = [];
  for (const div of document.querySelectorAll(".js-plotly-plot")) {
    const remembered = div.__gdvizPlotly.PlotSchema.findArrayAttributes;
    if (!remembered.original) return ["chart.js did not install its findArrayAttributes"];
    for (const trace of div._fullData) {
      const mine = JSON.stringify(remembered(trace));
      const plotly = JSON.stringify(remembered.original(trace));
      if (mine !== plotly || mine === "[]") differ.push(`${trace.name}: ${mine} against ${plotly}`);
    }
  }
  return differ;
}"""


MEASURES = ("gdviz.chart.read", "gdviz.chart.draw")


@pytest.mark.parametrize("slug", list(FIRST_SLIDERS))
def test_a_slider_step_moves_the_charts_to_what_the_server_sent(
    server: str, page: Page, traffic: StreamlitTraffic, slug: str
) -> None:
    """A step that only moves runs and rewrites labels reaches a chart as Plotly.animate and
    Plotly.relayout of those traces and annotations, not a whole new drawing (gdviz/ui/static/chart.js).
    After a few steps of the page's first slider, every chart shows what the same figure drawn from
    nothing shows: the same lines, markers and words."""
    info = next(p for p in PAGES if p.slug == slug)
    open_app(page, f"{server}/{slug}", title(info, "en"))
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    key, chart = FIRST_SLIDERS[slug]
    moved = f"document.querySelector('.st-key-{chart} .js-plotly-plot').__gdvizRedraws.moved"
    moved_before = page.evaluate(moved)
    measures = "name => performance.getEntriesByName(name).map(e => e.duration)"
    measured_before = {name: len(page.evaluate(measures, name)) for name in MEASURES}
    slider = page.locator(f".st-key-{key} input[type=range]")
    for _ in range(3):
        step(page, traffic, slider, "ArrowLeft")  # each page opens its first slider at or near its top
    problem = _settled(page, lambda: _drawn_against_fresh(page, traffic), str)
    assert not problem, problem
    assert page.evaluate(moved) == moved_before + 3, f"{chart} was not moved in place on every step"
    # Each figure a chart read and drew is a User Timing measure (what bench/browser_bench.py adds up).
    for name in MEASURES:
        new = page.evaluate(measures, name)[measured_before[name] :]
        assert len(new) >= 3 and min(new) >= 0 and sum(new) > 0, (name, new)
    assert page.evaluate(ARRAY_ATTRIBUTES_DIFFER) == []
    assert_clean(page, traffic)
