"""The live data model (gdviz.figures.live): grids, states and what goes to the browser."""

from __future__ import annotations

import base64
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from gdviz.figures.live import Control, LiveFigure, Moves, TextSlots, control, prefix


def test_a_control_is_a_grid_with_an_opening_value() -> None:
    c = control("lr", "η", 0.05, 0.5, 0.05, 0.21)
    np.testing.assert_allclose(c.values, [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
    assert c.default == 3 and c.texts[3] == "0.20"
    # Off the grid, a value goes to the nearest end; NaN is refused in words.
    assert c.index(-7.0) == 0 and c.index(9.0) == 9 and c.index(0.124) == 1
    with pytest.raises(ValueError, match="not a number"):
        c.index(float("nan"))
    # Two grids of one key are two channels: an element of one never follows the other.
    assert c.channel != control("lr", "η", 0.05, 1.0, 0.05, 0.2).channel


def test_a_control_refuses_what_is_not_a_grid() -> None:
    with pytest.raises(ValueError, match="ascending"):
        Control("w", "w", np.array([0.0, 0.0]), ("0", "0"), 0)
    with pytest.raises(ValueError, match="texts"):
        Control("w", "w", np.array([0.0, 1.0]), ("0",), 0)
    with pytest.raises(ValueError, match="off the grid"):
        Control("w", "w", np.array([0.0, 1.0]), ("0", "1"), 2)


def two_state_figure() -> LiveFigure:
    c = control("w", "w", 0.0, 1.0, 1.0, 0.0)
    fig = go.Figure([go.Scatter(x=[0, 1], y=[5, 5], name="still"), go.Scatter(meta="dot", x=[0], y=[0])])
    return LiveFigure(fig, (Moves(c, {"dot": {"x": np.array([[0.0], [1.0]]), "y": np.array([[0.0], [np.nan]])}}),))


def test_the_browser_gets_the_figure_and_each_state_row_as_float32() -> None:
    live = two_state_figure()
    sent = json.loads(live.to_json())
    assert [trace.get("meta") for trace in sent["figure"]["data"]] == [None, "dot"]
    (move,) = sent["moves"]
    assert move["channel"] == live.moves[0].control.channel
    y = move["traces"]["dot"]["y"]
    assert (y["dtype"], y["shape"]) == ("f4", "2,1")
    rows = np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.float32).reshape(2, 1)
    assert rows[0, 0] == 0.0 and np.isnan(rows[1, 0])  # a gap stays a gap


def test_states_must_name_one_trace_and_have_a_row_per_value() -> None:
    live = two_state_figure()
    c = live.moves[0].control
    with pytest.raises(ValueError, match="0 traces with meta 'nope'"):
        LiveFigure(live.figure, (Moves(c, {"nope": {"y": np.zeros((2, 1))}}),))
    with pytest.raises(ValueError, match="one row per value"):
        LiveFigure(live.figure, (Moves(c, {"dot": {"y": np.zeros((3, 1))}}),))


def test_a_figure_and_a_text_can_follow_two_controls() -> None:
    """Rows along each control hold the other at its committed value; the browser shows the rows of
    the control that moved last."""
    w = control("w", "w", 0.0, 1.0, 1.0, 0.0)
    lr = control("lr", "η", 0.1, 0.3, 0.1, 0.1)
    fig = go.Figure([go.Scatter(meta="dot", x=[0], y=[0])])
    live = LiveFigure(
        fig,
        (
            Moves(w, {"dot": {"y": np.array([[0.0], [1.0]])}}),
            Moves(lr, {"dot": {"y": np.array([[5.0], [6.0], [7.0]])}}),
        ),
    )
    assert live.at(2, "lr").data[0].y == (7.0,)
    with pytest.raises(ValueError, match="name the control: this follows w, lr"):
        live.at(0)
    slots = TextSlots(w, lr)
    template = f"<p>{slots.add({'w': ['a', 'b'], 'lr': ['x', 'y', 'z']})} {slots.add({'lr': ['1', '2', '3']})}</p>"
    text = slots.text(template)
    assert text.at(1, "w") == '<p><span data-live="0">b</span> <span data-live="1"></span></p>'
    assert text.at(2, "lr") == '<p><span data-live="0">z</span> <span data-live="1">3</span></p>'
    assert json.loads(text.to_json())["channels"] == {"w": w.channel, "lr": lr.channel}


def test_a_live_text_fills_its_slots_as_text() -> None:
    c = control("w", "w", 0.0, 1.0, 1.0, 0.0)
    slots = TextSlots(c)
    template = f"<p>w = {slots.add(['0', '1'])}, {slots.add(['a < b', 'ok'])}</p>"
    text = slots.text(template)
    assert text.at(0) == '<p>w = <span data-live="0">0</span>, <span data-live="1">a &lt; b</span></p>'
    assert json.loads(text.to_json())["slots"] == [{"w": ["0", "1"]}, {"w": ["a < b", "ok"]}]
    with pytest.raises(ValueError, match="3 texts for 2 values of w"):
        slots.add(["a", "b", "c"])


def test_a_trail_is_a_prefix_of_the_path_as_the_path_is_shown() -> None:
    """A trail's rows are counts of the points of another trace it shows: the path moves along η,
    the trail grows along the step, and along η it keeps its committed count of the moved path."""
    step = control("step", "step", 0.0, 2.0, 1.0, 2.0)
    lr = control("lr", "η", 0.1, 0.2, 0.1, 0.1)
    fig = go.Figure([go.Scatter(meta="path", x=[0, 1, 2], y=[0, 1, 4]), go.Scatter(meta="trail", x=[0, 1], y=[0, 1])])
    paths = {"x": np.array([[0.0, 1.0, 2.0], [0.0, 2.0, 4.0]]), "y": np.array([[0.0, 1.0, 4.0], [0.0, 4.0, 16.0]])}
    live = LiveFigure(
        fig,
        (
            Moves(step, {"trail": {prefix("path"): np.array([[1.0], [2.0], [3.0]])}}),
            Moves(lr, {"path": paths, "trail": {prefix("path"): np.array([[2.0], [2.0]])}}),
        ),
    )
    assert live.at(0, "step").data[1].x == (0,)
    assert live.at(2, "step").data[1].y == (0, 1, 4)
    moved = live.at(1, "lr")
    assert list(moved.data[0].x) == [0.0, 2.0, 4.0] and list(moved.data[1].x) == [0.0, 2.0]
    sent = json.loads(live.to_json())
    assert set(sent["moves"][0]["traces"]["trail"]) == {"prefix:path"}
    with pytest.raises(ValueError, match="one count a row"):
        LiveFigure(fig, (Moves(step, {"trail": {prefix("nope"): np.zeros((3, 1))}}),))
