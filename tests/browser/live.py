"""Driving and reading live controls in the browser (gdviz/ui/static/live.js), as a person would: the
pointer on the slider's track, the keys on its focus, and what the charts and texts then show."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from gdviz.figures.theme import fmt
from tests.browser.helpers import FRAGMENT_RUN, TIMEOUT_MS, StreamlitTraffic, wait_for_run

CHART = """(key) => {
    const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    if (!gd || !gd.data || gd.__gdvizShown === undefined) return null;
    const moving = gd.data.filter((trace) => trace.meta);
    return {
        shown: gd.__gdvizShown,
        draws: gd.__gdvizDraws,
        traces: Object.fromEntries(moving.map((t) => [t.meta, {x: t.x ? Array.from(t.x) : null, y: Array.from(t.y)}])),
    };
}"""
"""A live chart as plotly.js holds it in the page: the state index it shows, how it was drawn (anew or
moved), and its moving traces by meta."""


def slider(page: Page, label: str) -> Locator:
    """The live slider named ``label`` (its accessible name)."""
    return page.get_by_role("slider", name=label, exact=True)


def index(track: Locator) -> int:
    """The state index a live slider shows: its value's place on the grid, as the track says it."""
    return int(track.evaluate("el => el.closest('.gdviz-live-slider').parentElement.__gdvizLive.index"))


def chart(page: Page, key: str) -> dict[str, Any] | None:
    return page.evaluate(CHART, key)


def wait_for_chart(page: Page, key: str, shown: int, condition: str = "true") -> dict[str, Any]:
    """Wait until the live chart ``key`` shows state ``shown`` and the JS expression ``condition`` over
    its state ``c`` holds; return what it draws."""
    page.wait_for_function(
        f"(key) => {{ const c = ({CHART})(key); return c && c.shown === {shown} && ({condition}); }}", arg=key
    )
    state = chart(page, key)
    assert state is not None
    return state


def text(page: Page, key: str, selector: str = ".gdviz-live-text") -> Locator:
    """The live text element ``key`` (or a part of it)."""
    return page.locator(f".st-key-{key} {selector}")


def wait_for_text(page: Page, key: str, shown: int) -> None:
    """Wait until the live text ``key`` shows state ``shown``."""
    page.wait_for_function(
        f"(key) => document.querySelector(`.st-key-${{key}} .gdviz-live-text`)?.dataset.shown === '{shown}'",
        arg=key,
        timeout=TIMEOUT_MS,
    )


def wait_for_sliders(page: Page) -> None:
    """Wait until every live slider of the page is drawn (they mount after the run that sends them)."""
    page.wait_for_function(
        "() => document.querySelectorAll('.gdviz-live-track').length"
        " === document.querySelectorAll('[class*=st-key-live-]').length"
    )


def track_x(track: Locator, fraction: float) -> tuple[float, float]:
    """The point of the track at ``fraction`` of its rail (0: first value, 1: last), in the page."""
    box = track.bounding_box()
    assert box is not None
    thumb = float(track.evaluate("el => el.querySelector('.gdviz-live-thumb').offsetWidth"))
    return box["x"] + thumb / 2 + fraction * (box["width"] - thumb), box["y"] + box["height"] / 2


def press_and_hold(page: Page, track: Locator, fraction: float) -> None:
    """Put the mouse on the track at ``fraction`` and press (the value jumps there)."""
    page.mouse.move(*track_x(track, fraction))
    page.mouse.down()


def drag_to(page: Page, track: Locator, fraction: float, moves: int = 10) -> None:
    """Move the pressed mouse to ``fraction`` of the track in ``moves`` pointer moves."""
    page.mouse.move(*track_x(track, fraction), steps=moves)


def assert_fit_shows(
    page: Page, i: int, w: float, errors: Sequence[float], mse: float, *, fit: str, loss: str, readout: str
) -> None:
    """A forward-pass view shows state ``i`` of its w: the chart ``fit`` draws the line of slope ``w`` and
    each point's signed error (``errors``), the chart ``loss`` its marker at (w, ``mse``), and the live
    text ``readout`` the MSE."""
    drawn = wait_for_chart(page, fit, i)
    line = drawn["traces"]["line"]
    assert (line["y"][1] - line["y"][0]) / (line["x"][1] - line["x"][0]) == pytest.approx(w, rel=1e-6, abs=1e-6)
    segments = []
    for trace in ("error_pos", "error_neg"):
        ys = drawn["traces"][trace]["y"]
        segments += [ys[k + 1] - ys[k] for k in range(0, len(ys), 3) if ys[k] is not None and ys[k] == ys[k]]
    assert sorted(segments) == pytest.approx(sorted(errors), abs=1e-5)
    marker = wait_for_chart(page, loss, i)["traces"]["marker"]
    assert (marker["x"][0], marker["y"][0]) == pytest.approx((w, mse), rel=1e-6)
    expect(text(page, readout, ".gdviz-readout-value")).to_have_text(fmt(mse, 3))


def drag_w_through(
    page: Page,
    traffic: StreamlitTraffic,
    track: Locator,
    fractions: Sequence[float],
    grid: Sequence[float],
    shows: Callable[[int], None],
) -> int:
    """Press the track of a live ``w`` (values ``grid``) near its end and drag it with the pointer through
    ``fractions`` of its rail. At each stop the slider says the value under the hand and ``shows(i)``
    checks the view; nothing goes to the server and the address holds no w. On release the address
    holds it, exactly one run of the view's fragment commits it, and ``shows`` still holds. Returns the
    index let go at."""
    sent, received = len(traffic.sent), len(traffic.received)
    press_and_hold(page, track, 0.9)
    for fraction in fractions:
        drag_to(page, track, fraction)
        i = index(track)
        assert i == pytest.approx(fraction * (len(grid) - 1), abs=2)
        expect(track).to_have_attribute("aria-valuetext", fmt(grid[i]))
        shows(i)
    assert traffic.requests(sent) == [], "the drag sent messages to the server"
    assert re.search(r"[?&]w=", page.url) is None

    page.mouse.up()
    expect(page).to_have_url(re.compile(rf"[?&]w={grid[i]:g}(&|$)"))
    wait_for_run(page)
    reruns = traffic.reruns(sent)
    assert len(reruns) == 1 and reruns[0].fragment_id, "the release should commit once, in the view's fragment"
    assert traffic.finished(received) == [FRAGMENT_RUN]
    shows(i)  # the rerun leaves the view where the hand left it
    return i
