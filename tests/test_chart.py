"""The chart element's payload (gdviz.ui.layout.chart) and the plotly.js it loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from _plotly_utils.utils import to_typed_array_spec
from plotly.offline import get_plotlyjs_version
from streamlit import config
from streamlit.testing.v1 import AppTest

from gdviz.ui import chart_element, layout, plotly_bundle
from tests.conftest import open_page, whole_figure

SCRIPT = """
import plotly.graph_objects as go
from gdviz.ui.layout import chart
chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[2.5, 0.5, 4.0], name="points")), key="demo")
"""

# A figure with one large trace that stays (400 points), one that moves with ``shift`` and one small.
PARTS_SCRIPT = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st
from gdviz.ui.layout import chart
shift = st.session_state.setdefault("shift", 0)
x = np.linspace(0, 1, 400)
chart(
    go.Figure([go.Scatter(x=x, y=x**2), go.Scatter(x=x, y=x + shift), go.Scatter(x=[shift], y=[0])]),
    key="demo",
)
"""


def payload_of(at: AppTest) -> dict:
    (element,) = at.get("bidi_component")
    return json.loads(element.proto.bytes)


def test_the_payload_is_the_figure_its_config_and_where_plotly_js_is() -> None:
    at = AppTest.from_string(SCRIPT).run()
    (element,) = at.get("bidi_component")
    assert element.proto.component_name == "gdviz.chart"
    assert element.proto.id.endswith("-demo")  # the key is its identity: redrawn, never remounted
    payload = payload_of(at)
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[2.5, 0.5, 4.0], name="points"))
    assert whole_figure(payload["figure"]) == {**json.loads(pio.to_json(fig, validate=False)), "frames": []}
    # Its template (Plotly's default here) is a part, sent in full the first time.
    assert set(payload["figure"]["layout"]["template"]) == {"$part", "value"}
    assert payload["config"] == layout.PLOTLY_CONFIG
    assert payload["src"] == chart_element.plotly_js_url({"scatter"}) == CARTESIAN_URL


SURFACE_SCRIPT = """
import plotly.graph_objects as go
from gdviz.ui.layout import chart
chart(go.Figure([go.Surface(z=[[1, 2], [3, 4]]), go.Scatter3d(x=[0], y=[0], z=[1])]), key="bowl")
chart(go.Figure([go.Contour(z=[[1, 2], [3, 4]]), go.Scatter(x=[0], y=[0])]), key="map")
"""


def test_a_3d_figure_gets_the_whole_plotly_js() -> None:
    """Lesson 2's bowl (a surface and its marker) needs plotly.js's 3-D traces, which the cartesian
    bundle lacks; its 2-D charts, on the same page, keep the bundle."""
    at = AppTest.from_string(SURFACE_SCRIPT).run()
    payloads = [json.loads(e.proto.bytes) for e in at.get("bidi_component")]
    assert {p["figure"]["data"][0]["type"]: p["src"] for p in payloads} == {
        "surface": WHOLE_URL,
        "contour": CARTESIAN_URL,
    }


SAMPLE_SCRIPT = """
from gdviz.ui.layout import chart
from tests.test_chart import sample
chart(sample(), key="sample")
"""


def sample() -> go.Figure:
    """A small animated figure: contour lines (float32), a float64 path with NaN, the house template
    and frames."""
    from gdviz.figures import race
    from gdviz.figures.theme import add_animation, style

    xs, ys = race.grid((-2.0, 2.0), (-2.0, 2.0), 31)
    fig = go.Figure(race.contour_traces(xs, ys, xs[None, :] ** 2 - ys[:, None] ** 2, value_name="f"))
    path = np.array([[-1.5, 0.001], [-0.9, 0.0012], [-0.54, 0.00144], [np.nan, np.nan]])
    fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines", name="path"))
    fig.add_trace(go.Scatter(x=path[:1, 0], y=path[:1, 1], mode="markers", name="point"))
    frames = [[dict(type="scatter", x=[float(x)], y=[float(y)])] for x, y in path[:3]]
    add_animation(fig, frames, traces=[len(fig.data) - 1], labels=["0", "1", "2"], lang="en")
    return style(fig)


def test_a_figure_goes_out_as_plotly_writes_it() -> None:
    """layout.chart writes the figure's own dicts with orjson (no deep copy); the result is what
    plotly.io.to_json gives for the same figure, frames included."""
    at = AppTest.from_string(SAMPLE_SCRIPT).run()
    sent = whole_figure(payload_of(at)["figure"], expand=False)
    assert sent == json.loads(pio.to_json(sample(), validate=False))


ARRAYS = {
    "float64": np.linspace(0, 1, 7),
    "float32 matrix": np.zeros((3, 4), np.float32),
    "a strided view": np.arange(12.0).reshape(3, 4)[:, ::2],
    "NaN": np.array([1.0, np.nan]),
    "small int64": np.arange(5),
    "int64 past int16": np.arange(-3, 3) * 40_000,
    "int64 past int32": np.arange(3) * 10**12,
    "uint64": np.arange(4, dtype=np.uint64) * 300,
    "big-endian float64": np.linspace(0, 1, 3).astype(">f8"),
    "big-endian int64": np.arange(3).astype(">i8"),
    "empty": np.array([], float),
    "text": np.array(["a", "b"]),
    "bool": np.array([True, False]),
}


@pytest.mark.parametrize("name", ARRAYS)
def test_an_array_is_written_as_plotly_writes_it(name: str) -> None:
    """The chart's own array writer gives what Plotly's to_typed_array_spec gives (a list where
    plotly.js has no typed array for the type)."""
    array = ARRAYS[name]
    plotly_spec = to_typed_array_spec(array)
    expected = plotly_spec if isinstance(plotly_spec, dict) else plotly_spec.tolist()
    assert json.loads(layout._json({"x": array})) == {"x": expected}


def test_the_component_code_is_a_loader_of_chart_js() -> None:
    """What every chart sends on every step is a two-line loader; chart.js is served as a file."""
    at = AppTest.from_string(SCRIPT).run()
    (element,) = at.get("bidi_component")
    assert len(element.proto.js_content) < 250
    assert json.dumps(chart_element.chart_js_url()) in element.proto.js_content
    served = Path(chart_element.STATIC.path) / "chart.js"
    assert "export default function" in served.read_text(encoding="utf-8")
    assert re.fullmatch(
        rf"/component/{re.escape(chart_element.STATIC.name)}/chart\.js\?v=[0-9a-f]{{12}}", chart_element.chart_js_url()
    )


def test_a_large_part_is_named_once_the_chart_sent_it_in_its_last_two_figures() -> None:
    at = AppTest.from_string(PARTS_SCRIPT).run()
    sent = [payload_of(at)["figure"]["data"]]
    for shift in (1, 2, 3):
        at.session_state["shift"] = shift
        sent.append(payload_of(at.run())["figure"]["data"])
    x = np.linspace(0, 1, 400)
    whole = json.loads(pio.to_json(go.Figure(go.Scatter(x=x, y=x**2)), validate=False))["data"][0]
    parabola = [figure[0] for figure in sent]
    assert parabola[0] == parabola[1] == {"$part": parabola[0]["$part"], "value": whole}
    assert parabola[2] == parabola[3] == {"$part": parabola[0]["$part"]}  # named only: the browser has it
    # The moving line is new in every figure, so it always goes in full, under a new name.
    moving = [figure[1] for figure in sent]
    assert all("value" in part for part in moving)
    assert len({part["$part"] for part in moving}) == 4
    # A trace under PART_MIN_BYTES goes as it is.
    assert [figure[2]["x"] for figure in sent] == [[0], [1], [2], [3]]


def test_a_browser_that_lacks_a_part_gets_the_next_figure_whole() -> None:
    """chart.js triggers ``missing`` when a named part is not in its store, and the chart's callback
    (``_resend``, run before the rerun) makes the server forget what it sent: that rerun sends every
    part in full. (The browser test of a page that lost its parts drives the real trigger.)"""
    script = "import streamlit as st\nfrom gdviz.ui import layout\n"
    script += "if st.session_state.get('lost'):\n    layout._resend('demo')\n" + PARTS_SCRIPT
    at = AppTest.from_string(script).run()
    at.run()
    assert "value" not in payload_of(at.run())["figure"]["data"][0]
    at.session_state["lost"] = True
    assert "value" in payload_of(at.run())["figure"]["data"][0]


def test_a_session_that_asks_for_whole_figures_gets_them() -> None:
    at = AppTest.from_string(PARTS_SCRIPT)
    at.session_state["_gdviz_whole_figures"] = True
    for _ in range(3):
        assert "value" in payload_of(at.run())["figure"]["data"][0]


VERSION = get_plotlyjs_version()
WHOLE_URL = f"/component/{chart_element.PLOTLY_JS.name}/plotly.min.js?v={VERSION}"
CARTESIAN_URL = f"/component/{chart_element.STATIC.name}/vendor/plotly.js-cartesian-dist-min-{VERSION}.js?v={VERSION}"


@pytest.mark.parametrize(
    ("types", "url", "served", "names"),
    [
        ({"surface", "scatter3d"}, WHOLE_URL, Path(chart_element.PLOTLY_JS.path) / "plotly.min.js", "plotly.js"),
        ({"scatter", "contour"}, CARTESIAN_URL, plotly_bundle.PATH, "plotly.js (cartesian - minified)"),
    ],
)
def test_plotly_js_is_the_one_the_plotly_package_writes_figures_for(
    types: set[str], url: str, served: Path, names: str
) -> None:
    """Both plotly.js files served (the whole one, the cartesian bundle that scripts/test.sh fetched)
    are the version the plotly package writes its figures for."""
    assert chart_element.plotly_js_url(types) == url
    head = served.read_text(encoding="utf-8")[:200]
    assert re.search(rf"{re.escape(names)} v{re.escape(VERSION)}\b", head), head


def test_without_the_bundle_every_chart_uses_the_whole_plotly_js(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A set-up that could not fetch the bundle (no network), or a plotly package that writes figures
    for another plotly.js, still draws every chart: with the whole plotly.js."""
    assert chart_element.plotly_js_url({"scatter", "contour"}) == CARTESIAN_URL
    monkeypatch.setattr(plotly_bundle, "VERSION", "0.0.1")
    assert chart_element.plotly_js_url({"scatter", "contour"}) == WHOLE_URL
    monkeypatch.undo()
    monkeypatch.setattr(plotly_bundle, "PATH", tmp_path / "missing.js")
    assert chart_element.plotly_js_url({"scatter", "contour"}) == WHOLE_URL


@pytest.mark.parametrize("base", ["gdviz", "/class/gdviz/"])
def test_the_url_follows_the_servers_base_path(base: str) -> None:
    config.set_option("server.baseUrlPath", base)
    try:
        assert chart_element.plotly_js_url({"surface"}) == f"/{base.strip('/')}{WHOLE_URL}"
        assert chart_element.plotly_js_url({"scatter"}) == f"/{base.strip('/')}{CARTESIAN_URL}"
    finally:
        config.set_option("server.baseUrlPath", "")


@pytest.mark.parametrize("slug", ["home", "forward", "loss_curve"])
def test_every_page_has_the_browser_load_plotly_js_from_the_sidebar(slug: str) -> None:
    """app.py mounts an element in the sidebar, before it runs the lesson, that only loads plotly.js:
    the browser starts evaluating it (a second or more) while the lesson is still being run and drawn
    (gdviz.ui.chart_element.load_plotly_early). The lesson's own charts are not in the sidebar."""
    at = open_page(slug)

    def loaders(elements) -> list[str]:
        return [e.proto.bytes.decode() for e in elements if e.proto.component_name == "gdviz.plotly"]

    assert loaders(at.sidebar.get("bidi_component")) == [chart_element.plotly_js_url()]
    assert loaders(at.main.get("bidi_component")) == []
