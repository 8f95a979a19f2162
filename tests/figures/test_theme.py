"""The shared figure pieces: animation frames travel as compact float32 typed arrays."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from gdviz.figures.theme import _compact_array, add_animation, frame_slice, frame_steps
from tests.figures.drawing import animation_frames


def test_frames_travel_as_float32_and_keep_their_values() -> None:
    x = np.linspace(0.0, 1.0, 100)
    fig = go.Figure([go.Scatter(x=x, y=x**2)])
    frames = [
        [go.Scatter(x=x[: k + 1], y=x[: k + 1] ** 2, marker=dict(size=[7] * k + [17]))] for k in range(5, 100, 10)
    ]
    add_animation(fig, frames, traces=[0], labels=[str(i) for i in range(len(frames))], lang="en")
    spec = json.loads(fig.to_json())
    last = spec["frames"][-1]["data"][0]
    assert last["x"]["dtype"] == "f4" and last["marker"]["size"]["dtype"] == "u1"
    np.testing.assert_allclose(
        np.asarray(animation_frames(fig)[-1].data[0].y, dtype=float), x[:96] ** 2, rtol=1e-6, atol=1e-7
    )
    # ...while the figure's own trace keeps float64, the core's exact numbers.
    assert spec["data"][0]["x"]["dtype"] == "f8"
    # Against plain JSON numbers the frames are several times smaller.
    plain = sum(len(json.dumps(f[0].to_plotly_json(), default=list)) for f in frames)
    assert len(json.dumps(spec["frames"])) < plain / 2


def test_frame_steps_keep_the_ends() -> None:
    steps = frame_steps(1000, max_frames=7)
    assert steps[0] == 0 and steps[-1] == 1000 and len(steps) == 7


def test_unchecked_frames_send_what_validated_frames_send() -> None:
    # add_animation stores frames without Plotly's validation (theme.set_frames); the
    # figure Streamlit serialises must be the one validated frames give.
    x = np.linspace(0.0, 1.0, 30)
    fig = go.Figure([go.Scatter(x=x, y=x), go.Scatter(x=[0.0], y=[0.0], mode="markers")])
    frames = [
        [dict(type="scatter", x=x[: k + 1], y=x[: k + 1] ** 2, customdata=np.arange(k + 1)), dict(x=[x[k]], y=[0.5])]
        for k in range(0, 30, 3)
    ]
    add_animation(fig, frames, traces=[0, 1], labels=[str(i) for i in range(len(frames))], lang="en")
    validated = go.Figure(fig.to_dict())  # the frames setter checks every frame on the way in
    assert len(validated.frames) == len(frames)
    sent = json.loads(pio.to_json(fig, validate=False))
    assert sent == json.loads(pio.to_json(validated, validate=False))
    assert sent["frames"][1]["data"][1] == {"type": "scatter", "x": [float(f"{x[3]:.7g}")], "y": [0.5]}
    assert animation_frames(fig)[4].data[0].customdata.tolist() == list(range(13))


def test_a_short_frame_array_is_rounded_like_float32() -> None:
    """A point or an arrow (under four numbers) goes as plain numbers, to seven significant digits."""
    fig = go.Figure([go.Scatter(x=[0.0], y=[0.0])])
    point = (0.10221903886116153, -1234.5678901234, 3.0e-9 + 1e-20)
    add_animation(fig, [[dict(x=list(point), y=[None, 2.0, float("nan")])]], traces=[0], labels=["0"], lang="en")
    (frame,) = json.loads(pio.to_json(fig, validate=False))["frames"]
    assert frame["data"][0]["x"] == [0.102219, -1234.568, 3e-09]
    assert frame["data"][0]["y"] == [None, 2.0, None]
    np.testing.assert_allclose(frame["data"][0]["x"], point, rtol=5e-7)
    # What is not a list of finite numbers or gaps goes as it is: text, an infinity, whole numbers.
    for kept in (["a", 1.0], [1.0, float("inf")], [3, 4]):
        assert _compact_array(kept, whole_max=0) is kept


def test_a_frame_slice_names_part_of_a_drawn_trace_and_what_follows() -> None:
    """theme.frame_slice: the browser (and tests.figures.drawing.expand_slices) builds the array."""
    x = np.linspace(0.0, 1.0, 10)
    fig = go.Figure([go.Scatter(x=x, y=x**2), go.Scatter(x=[0.0], y=[0.0])])
    frame = dict(x=frame_slice(0, 2, 5, [7.0]), y=frame_slice(0, 2, 5, [float("nan")]))
    add_animation(fig, [[frame]], traces=[1], labels=["0"], lang="en")
    (sent,) = fig.to_dict()["frames"]
    assert sent["data"][0]["x"] == {"$slice": [0, 2, 5], "then": [7.0]}
    (drawn,) = animation_frames(fig)
    np.testing.assert_array_equal(drawn.data[0].x, [*x[2:5], 7.0])
    np.testing.assert_array_equal(drawn.data[0].y, [*(x[2:5] ** 2), np.nan])


def test_a_trails_few_marker_sizes_go_as_whole_numbers() -> None:
    fig = go.Figure([go.Scatter(x=np.linspace(0.0, 1.0, 10), y=np.zeros(10)), go.Scatter(x=[0.0], y=[0.0])])
    trail = dict(x=frame_slice(0, 0, 3), marker=dict(size=[7, 7, 17]))
    add_animation(fig, [[trail]], traces=[1], labels=["0"], lang="en")
    (sent,) = json.loads(pio.to_json(fig, validate=False))["frames"]
    assert sent["data"][0]["marker"]["size"] == [7, 7, 17]
    assert sent["data"][0]["x"] == {"$slice": [0, 0, 3]}
