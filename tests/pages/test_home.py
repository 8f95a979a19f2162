"""AppTest of the start page: a small live example of lesson 1 above the lessons.

AppTest runs the page on the server only: it checks what the example's live elements are sent (the
grid, the committed w, every state) against the tadpole's numbers worked by hand and against the core.
Dragging, and the one commit on release, are driven in a real browser (tests/browser/test_home_live.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import datasets
from gdviz.core.forward import forward_pass
from gdviz.ui.pages import PAGES
from tests.conftest import assert_clean, live_elements, live_words, open_page, state_rows

TADPOLE = datasets.get("tadpole")
EXAMPLE = {"live-w", "example_fit", "example_mse", "example_loss"}

# The tadpole's MSE of the line y = w·x, worked by hand from its seven points
# (x = 1..7, y = 0.9, 1.5, 2.6, 3.1, 4.2, 4.6, 5.7):
BY_HAND = {
    0.0: 90.72 / 7,  # Σ y²
    0.8: 0.16 / 7,  # errors −0.1, 0.1, −0.2, 0.1, −0.2, 0.2, −0.1: nearly the best line through the origin
    1.0: 5.52 / 7,  # errors 0.1, 0.5, 0.4, 0.9, 0.8, 1.4, 1.3
    2.0: 200.32 / 7,  # errors 1.1, 2.5, 3.4, 4.9, 5.8, 7.4, 8.3: the poor first guess the lesson opens on
}


def committed(at, key: str = "live-w") -> float:
    """The committed w, as the slider element is told it."""
    slider = live_elements(at)[key]
    return slider["values"][slider["index"]]


def page_order(at) -> list[str]:
    """The main area's live elements (by key) and page links (by label), top to bottom."""
    order = []
    for element in at.main:
        if element.type == "bidi_component" and element.proto.component_name == "gdviz.live":
            order.append(element.proto.id.split("-", 2)[-1])
        elif element.type == "page_link":
            order.append(element.proto.label)
    return order


@pytest.mark.parametrize(
    "lang, sentence, label, mse_label",
    [
        ("en", "Drag **w**: the line turns", "weight w", "MSE"),
        ("zh", "拖动 **w**：直线随之转动", "权重 w", "均方误差 MSE"),
    ],
)
def test_opens_on_a_live_example_above_the_lessons(lang: str, sentence: str, label: str, mse_label: str) -> None:
    at = open_page("home", lang)
    assert_clean(at)
    assert at.markdown[0].value.startswith(sentence)
    elements = live_elements(at)
    assert set(elements) == EXAMPLE
    assert elements["live-w"]["label"] == label
    # Slider, charts and readout follow one w.
    channels = {elements["live-w"]["channel"], *elements["example_mse"]["channels"].values()}
    channels |= {move["channel"] for key in ("example_fit", "example_loss") for move in elements[key]["moves"]}
    assert len(channels) == 1
    # It opens as lesson 1 opens: the tadpole's poor first guess, w = 2, and its MSE.
    assert committed(at) == TADPOLE.w_open == 2.0
    assert live_words(at, "example_mse") == f"{mse_label} 28.617"
    # The example first, then the way into lesson 1, then every lesson in order.
    lessons = [f"**{page.title(lang)}**" for page in PAGES]
    order = page_order(at)
    assert order[: len(EXAMPLE)] == ["live-w", "example_mse", "example_fit", "example_loss"]
    assert order[len(EXAMPLE) + 1 :] == lessons
    links = [element for element in at.main if element.type == "page_link"]
    assert [link.proto.page for link in links[:2]] == [PAGES[0].slug, PAGES[0].slug]  # both into lesson 1


def test_every_state_sent_is_the_line_the_errors_and_the_mse_at_that_w() -> None:
    at = open_page("home")
    elements = live_elements(at)
    values = np.array(elements["live-w"]["values"])
    np.testing.assert_allclose(values, np.round(np.arange(0.0, 2.0 + 1e-9, 0.01), 2))
    fit = elements["example_fit"]
    moves = fit["moves"][0]["traces"]
    line = state_rows(moves["line"]["y"])
    line_x = next(t for t in fit["figure"]["data"] if t.get("meta") == "line")["x"]
    segments = {key: state_rows(moves[key]["y"]) for key in ("error_pos", "error_neg")}
    marker = state_rows(elements["example_loss"]["moves"][0]["traces"]["marker"]["y"])
    readout = elements["example_mse"]["slots"][0]["w"]
    for w, mse in BY_HAND.items():
        i = int(np.abs(values - w).argmin())
        assert values[i] == pytest.approx(w)
        np.testing.assert_allclose(line[i], [w * x for x in line_x], rtol=1e-6, atol=1e-6)
        # Each segment runs from the point (y) to the line (ŷ): its signed length is the point's error,
        # drawn in the colour of its sign.
        errors = forward_pass(TADPOLE.x, TADPOLE.y, np.array([w]), 0.0).error[0]
        for key, keep in (("error_pos", errors > 0), ("error_neg", errors <= 0)):
            ends = segments[key][i].reshape(-1, 3)[:, :2]
            drawn = ~np.isnan(ends[:, 0])
            np.testing.assert_array_equal(drawn, keep)
            np.testing.assert_allclose(ends[drawn, 1] - ends[drawn, 0], errors[keep], atol=1e-5)
        assert marker[i, 0] == pytest.approx(mse, rel=1e-6)
        assert readout[i] == f"{mse:.3f}"


def test_a_w_let_go_of_here_is_the_w_lesson_1_opens_on() -> None:
    """The example's w is the lessons' w: committed here (the session, and the address as any lesson
    keeps it), lesson 1 opens on it, on the same data."""
    at = open_page("home")
    at.session_state["w"] = 1.0  # what the slider's commit on release leaves in the session
    at.run()
    assert committed(at) == pytest.approx(1.0)
    assert live_words(at, "example_mse") == "MSE 0.789"
    at.switch_page(PAGES[0].script).run()
    assert_clean(at)
    assert at.selectbox(key="data").value == "tadpole"
    assert committed(at) == pytest.approx(1.0)
    assert live_words(at, "readout") == "MSE 0.789"


def test_a_link_to_the_start_page_keeps_its_w_and_drops_a_bad_one() -> None:
    at = open_page("home", "zh", {"w": "0.8"})
    assert_clean(at)
    assert committed(at) == pytest.approx(0.8)
    assert at.query_params["w"] == "0.8" and not at.toast
    assert live_words(at, "example_mse") == "均方误差 MSE 0.023"
    at = open_page("home", "en", {"w": "banana"})
    assert_clean(at)
    assert committed(at) == 2.0 and "w" not in at.query_params
    assert "w=banana left out" in at.toast[0].value.replace("\\", "")


def test_a_committed_w_survives_a_language_switch() -> None:
    at = open_page("home")
    at.session_state["w"] = 0.8
    at.run()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "gdviz — 一步一步看懂梯度下降"
    assert committed(at) == pytest.approx(0.8)
    assert live_elements(at)["live-w"]["label"] == "权重 w"
    assert live_words(at, "example_mse") == "均方误差 MSE 0.023"
