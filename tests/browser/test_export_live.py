"""A lesson exported as one HTML file (gdviz.export.lesson_html) opened from file:// with every network
request refused: its sliders move with the pointer and its charts show the precomputed rows, as in the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Browser, Frame, Page, Route

from gdviz.core.datasets import get
from gdviz.export import Part, Slider, iframe, lesson_html
from gdviz.figures import forward
from gdviz.figures import update_rules as lesson3
from gdviz.figures.live import LiveFigure, w_control
from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.conftest import VIEWPORT
from tests.browser.helpers import TIMEOUT_MS, open_app, title
from tests.browser.live import drag_to, index, press_and_hold, slider

CHART = """(part) => {
    const gd = document.querySelector(`[data-part="${part}"] .js-plotly-plot`);
    if (!gd || !gd.data || gd.__gdvizShown === undefined) return null;
    const moving = gd.data.filter((trace) => trace.meta);
    return {
        shown: gd.__gdvizShown,
        traces: Object.fromEntries(moving.map((t) => [t.meta, {x: t.x ? Array.from(t.x) : null, y: Array.from(t.y)}])),
    };
}"""
"""An exported chart (the ``k``-th part of the page) as plotly.js holds it: the row it shows and its
moving traces by meta."""


@pytest.fixture
def offline(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page on which every request that is not for a file:// URL is refused, and the list of them."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []

    def route(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: None if request.url.startswith("file://") else refused.append(request.url))
    yield page, refused
    context.close()


def open_export(page: Page, tmp_path: Path, parts: list[Part], title: str) -> None:
    file = tmp_path / "lesson.html"
    file.write_text(lesson_html(parts, "en", title), encoding="utf-8")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(file.as_uri())
    page.wait_for_function(f"() => ({CHART})({parts.index(next(p for p in parts if isinstance(p, LiveFigure)))})")
    assert not errors


def drag(page: Page, label: str, start: float, end: float, frame: Frame | None = None) -> int:
    """Drag the slider ``label`` (of ``frame``, by default of the page) with the mouse from ``start`` to
    ``end`` of its track; the index it shows."""
    track = slider(frame or page, label)  # type: ignore[arg-type]
    press_and_hold(page, track, start)
    drag_to(page, track, end)
    page.mouse.up()
    return index(track)


def assert_shows(page: Page | Frame, part: int, live: LiveFigure, key: str, at: int) -> None:
    """The chart of part ``part`` shows row ``at`` of ``live``'s states along ``key``, as float32."""
    page.wait_for_function(f"() => ({CHART})({part})?.shown === {at}")
    shown: dict[str, Any] = page.evaluate(CHART, part)
    states, compared = live.states(key), 0
    for meta, attributes in states.items():
        for name, rows in attributes.items():
            if name in ("x", "y"):
                expected = np.asarray(rows[at], dtype=np.float32)
                np.testing.assert_array_equal(np.asarray(shown["traces"][meta][name], dtype=np.float32), expected)
                compared += 1
    assert compared > 0


def test_forward_export_scrubs_offline(offline: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, refused = offline
    ds = get("synthetic_100")
    w = w_control(ds, "en")
    fit, loss = forward.fit_figure(ds, w, ds.b_open, "en"), forward.loss_figure(ds, w, ds.b_open, "en")
    parts: list[Part] = [w, forward.mse_readout(ds, w, ds.b_open, "en"), fit, loss]
    open_export(page, tmp_path, parts, "1 · Forward propagation")
    at = drag(page, w.label, 0.1, 0.8)
    assert at not in (0, w.default, w.size - 1)
    assert_shows(page, 2, fit, "w", at)
    assert_shows(page, 3, loss, "w", at)
    assert refused == []


def test_update_rules_export_scrubs_offline(offline: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, refused = offline
    ds = get("synthetic_100")
    objective = lesson3.objective_w(ds, b=0.0)
    window = lesson3.lesson_window(ds, objective)
    controls = lesson3.lesson_controls(ds, objective, 20, "en")
    runs = lesson3.lesson_runs(objective, window, controls, {k: c.default for k, c in controls.items()})
    panels, series = lesson3.panels_figure(runs, "en"), lesson3.steps_figure(runs, "en")
    parts: list[Part] = [Slider(controls["step"], help="step"), controls["lr"], panels, series]
    open_export(page, tmp_path, parts, "3 · Update rules")
    at = drag(page, controls["step"].label, 0.9, 0.3)
    assert at not in (0, controls["step"].default)
    assert_shows(page, 2, panels, "step", at)
    at = drag(page, controls["lr"].label, 0.2, 0.6)
    assert_shows(page, 3, series, "lr", at)
    assert refused == []


def test_notebook_frame_scrubs_offline(offline: tuple[Page, list[str]], tmp_path: Path) -> None:
    """The export in an ``<iframe srcdoc>``, as the notebook shows it (gdviz.export.iframe)."""
    page, refused = offline
    ds = get("five_points")
    w = w_control(ds, "zh")
    fit = forward.fit_figure(ds, w, 0.0, "zh")
    file = tmp_path / "notebook.html"
    file.write_text(f"<!doctype html><html><body>{iframe(lesson_html([w, fit], 'zh', '前向传播'))}</body></html>")
    page.goto(file.as_uri())
    frame = page.locator("iframe").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_function(f"() => ({CHART})(1)")
    at = drag(page, w.label, 0.2, 0.9, frame)
    assert at not in (0, w.default)
    assert_shows(frame, 1, fit, "w", at)
    assert refused == []


def test_the_app_downloads_the_lesson_it_shows_and_it_scrubs_offline(
    server: str, page: Page, offline: tuple[Page, list[str]], tmp_path: Path
) -> None:
    """Lesson 1's Export menu in the app: the HTML it downloads (written when the button is pressed)
    opens from disk with the network refused, at the w the app had committed, and its slider drags."""
    forward_page = PAGES[0]
    open_app(page, f"{server}/{forward_page.slug}?lang=zh&w=1.5", title(forward_page, "zh"))
    page.get_by_role("button", name=tr("export.menu", "zh")).click()
    with page.expect_download() as download:
        page.get_by_role("button", name=tr("export.html", "zh")).click()
    assert download.value.suggested_filename == "gdviz-forward-zh.html"
    file = tmp_path / download.value.suggested_filename
    download.value.save_as(file)

    shown, refused = offline
    shown.goto(file.as_uri())
    label = tr("common.w", "zh")
    track = slider(shown, label)
    ds = get("tadpole")  # the lesson's opening dataset
    w = w_control(ds, "zh")
    assert index(track) == w.index(1.5)
    fit = forward.fit_figure(ds, w, 0.0, "zh")
    shown.wait_for_function(f"() => ({CHART})(2)")
    at = drag(shown, label, 0.1, 0.6)
    assert_shows(shown, 2, fit, "w", at)
    assert refused == []
