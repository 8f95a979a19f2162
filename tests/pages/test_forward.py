"""AppTest of lesson 1: forward propagation, live along w.

AppTest runs the page on the server only: it checks what each live element is sent (the grid, the
committed value, every state) against a hand computation. Dragging, and the one commit on release, are
driven in a real browser (tests/browser/test_forward_live.py)."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import datasets
from tests.conftest import TableReader, assert_clean, live_elements, open_page, state_rows


def mse(ds: datasets.Dataset, w: float, b: float) -> float:
    return float(np.mean((w * ds.x + b - ds.y) ** 2))


def shown(at, key: str = "live-w") -> float:
    """The committed w, as the slider element is told it."""
    slider = live_elements(at)[key]
    return slider["values"][slider["index"]]


@pytest.mark.parametrize(
    "lang, title, label", [("en", "Forward propagation", "weight w"), ("zh", "前向传播", "权重 w")]
)
def test_opens_in_both_languages_with_one_live_w(lang: str, title: str, label: str) -> None:
    at = open_page("forward", lang)
    assert_clean(at)
    assert at.title[0].value == title
    elements = live_elements(at)
    assert set(elements) == {"live-w", "readout", "fit", "loss", "chain"}
    assert elements["live-w"]["label"] == label
    # Every live element of the page follows the one w.
    channels = {elements["live-w"]["channel"]}
    channels |= {move["channel"] for key in ("fit", "loss") for move in elements[key]["moves"]}
    channels |= {channel for key in ("readout", "chain") for channel in elements[key]["channels"].values()}
    assert len(channels) == 1
    # The tadpole opens on w = 2, its poor first guess; no old-style w slider is left.
    assert shown(at) == 2.0
    assert "w" not in [s.key for s in at.slider]


def test_every_state_sent_is_the_mse_and_the_line_at_that_w() -> None:
    at = open_page("forward", query={"data": "five_points"})
    at.slider(key="b").set_value(-1.0).run()
    assert_clean(at)
    ds = datasets.get("five_points")
    elements = live_elements(at)
    values = np.array(elements["live-w"]["values"])
    marker = state_rows(elements["loss"]["moves"][0]["traces"]["marker"]["y"])
    line = state_rows(elements["fit"]["moves"][0]["traces"]["line"]["y"])
    line_x = next(t for t in elements["fit"]["figure"]["data"] if t.get("meta") == "line")["x"]
    for i in (0, 123, len(values) - 1):
        assert marker[i, 0] == pytest.approx(mse(ds, values[i], -1.0), rel=1e-6)
        np.testing.assert_allclose(line[i], [values[i] * x - 1.0 for x in line_x], rtol=1e-6)
    # The least-squares line w = 2.2, b = −1: errors −0.8, 0.4, 0.6, 0.8, −1.0, so MSE = 2.8 / 5.
    i = int(np.abs(values - 2.2).argmin())
    assert marker[i, 0] == pytest.approx(0.56, abs=1e-6)
    readout = elements["readout"]
    assert [column["w"][i] for column in readout["slots"]] == ["0.560"]


def test_a_link_opens_on_its_w_and_a_bad_one_on_the_default() -> None:
    at = open_page("forward", query={"w": "0.8"})
    assert shown(at) == pytest.approx(0.8)
    assert at.session_state["w"] == pytest.approx(0.8)
    # Off the grid: the nearest grid value; off the range or not a number: the opening w.
    assert shown(open_page("forward", query={"w": "0.8049"})) == pytest.approx(0.80)
    assert shown(open_page("forward", query={"w": "7"})) == pytest.approx(2.0)
    at = open_page("forward", query={"data": "no-such-data", "w": "banana", "lang": "xx"})
    assert_clean(at)
    assert at.selectbox(key="data").value == "tadpole"
    assert shown(at) == 2.0


def test_a_committed_w_survives_a_language_switch() -> None:
    at = open_page("forward", "en", {"data": "five_points"})
    at.session_state["w"] = 1.5  # what the slider's commit on release leaves in the session
    at.run()
    assert shown(at) == pytest.approx(1.5)
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "前向传播"
    assert at.selectbox(key="data").value == "five_points"
    assert shown(at) == pytest.approx(1.5)
    assert live_elements(at)["live-w"]["label"] == "权重 w"


def test_a_kept_w_outside_the_new_datasets_range_is_pulled_in() -> None:
    at = open_page("forward", query={"data": "synthetic_100"})
    at.session_state["w"] = 7.5
    at.run()
    at.selectbox(key="data").set_value("five_points").run()
    assert_clean(at)
    assert shown(at) == pytest.approx(datasets.get("five_points").w_range[1])


def test_the_table_lists_each_points_error_at_the_committed_w() -> None:
    at = open_page("forward", "zh", {"data": "five_points", "w": "1.5"})
    assert_clean(at)
    ds = datasets.get("five_points")
    chain = live_elements(at)["chain"]
    index = live_elements(at)["live-w"]["index"]
    html = chain["template"]
    for k, column in enumerate(chain["slots"]):
        html = html.replace(f'<span data-live="{k}"></span>', column["w"][index])
    assert "整条链路与当前数值" in html and "ŷ = 1.50·x + 0.00" in html
    reader = TableReader()
    reader.feed(html)
    head, *rows = reader.tables[0]
    assert head[-1][1] == "误差平方 (ŷ − y)²"
    errors = 1.5 * ds.x - ds.y
    np.testing.assert_allclose([float(row[3][1].replace("−", "-")) for row in rows], errors, atol=0.005)
    assert f"MSE = {np.mean(errors**2):.3f}" in html


def test_the_url_keeps_the_grid_value_and_drops_a_refused_one() -> None:
    assert open_page("forward", query={"w": "0.8049"}).query_params["w"] == "0.8"
    assert "w" not in open_page("forward", query={"w": "banana"}).query_params
    assert "w" not in open_page("forward", query={"w": "7"}).query_params  # pulled to 2, the opening w
