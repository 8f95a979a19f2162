"""Lesson 4 in a real browser: which part of the page a slider reruns.

The start (w₀) and the number of steps reshape both lessons of the page, η only the first, and the
schedule's controls only the second. Each reruns the smallest part that holds all it changes; never
the app around the lesson (sidebar, title, dataset), which a classroom's slider steps paid for.
"""

from __future__ import annotations

from playwright.sync_api import Page

from gdviz.i18n import tr
from gdviz.ui.pages import PAGES
from tests.browser.helpers import (
    FRAGMENT_RUN,
    FULL_RUN,
    StreamlitTraffic,
    assert_clean,
    open_app,
    step,
    title,
)

LESSON = next(info for info in PAGES if info.slug == "learning_rate")
# The charts each slider changes (an unchanged chart's message may come as a reference to the copy
# the browser keeps, so only changed charts are looked for among those sent).
BY_START = {"loss", "paths", "sweep", "schedule_fig"}
BY_LR = {"ruler", "loss", "paths", "sweep"}
SCHEDULE = "schedule_fig"


def _move(page: Page, traffic: StreamlitTraffic, label_key: str) -> tuple[set[str], list[str], list[int]]:
    """Move a slider one step by keyboard; the charts the run sent, the fragments it asked for and how
    the runs ended."""
    slider = page.get_by_role("slider", name=tr(label_key, "en"))
    at_top = slider.get_attribute("value") == slider.get_attribute("max")
    sent, received = len(traffic.sent), len(traffic.received)
    step(page, traffic, slider, "ArrowLeft" if at_top else "ArrowRight")
    charts = {key for key, _ in traffic.figures(received)}
    return charts, [r.fragment_id for r in traffic.reruns(sent)], traffic.finished(received)


def test_each_slider_reruns_only_the_lessons_it_changes(server: str, page: Page, traffic: StreamlitTraffic) -> None:
    open_app(page, f"{server}/{LESSON.slug}", title(LESSON, "en"))

    charts, fragments, finished = _move(page, traffic, "learning_rate.w0")
    assert fragments and all(fragments), "moving the start asked for a full rerun"
    assert finished[-1] == FRAGMENT_RUN and FULL_RUN not in finished, finished
    assert BY_START <= charts, charts  # both lessons start from w₀
    start_fragment = fragments[-1]

    charts, fragments, finished = _move(page, traffic, "common.lr")
    assert fragments and all(fragments) and start_fragment not in fragments
    assert finished[-1] == FRAGMENT_RUN, finished
    assert BY_LR <= charts and SCHEDULE not in charts, charts
    lr_fragment = fragments[-1]

    charts, fragments, finished = _move(page, traffic, "learning_rate.lr0")
    assert fragments and all(fragments) and not {start_fragment, lr_fragment} & set(fragments)
    assert charts == {SCHEDULE}, charts

    assert_clean(page, traffic)
