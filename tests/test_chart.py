"""The chart element's payload (gdviz.ui.layout.chart) and the plotly.js it loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.offline import get_plotlyjs_version
from streamlit import config
from streamlit.testing.v1 import AppTest

from gdviz.ui import layout

SCRIPT = """
import plotly.graph_objects as go
from gdviz.ui.layout import chart
chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[2.5, 0.5, 4.0], name="points")), key="demo")
"""


def test_the_payload_is_the_figure_its_config_and_where_plotly_js_is() -> None:
    at = AppTest.from_string(SCRIPT).run()
    (element,) = at.get("bidi_component")
    assert element.proto.component_name == "gdviz.chart"
    assert element.proto.id.endswith("-demo")  # the key is its identity: redrawn, never remounted
    payload = json.loads(element.proto.bytes)
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[2.5, 0.5, 4.0], name="points"))
    assert payload["figure"] == json.loads(pio.to_json(fig, validate=False))
    assert payload["config"] == layout.PLOTLY_CONFIG
    assert payload["src"] == layout.plotly_js_url()


def test_plotly_js_is_the_one_the_plotly_package_writes_figures_for() -> None:
    url = layout.plotly_js_url()
    assert url == f"/component/{layout._PLOTLY_JS.name}/plotly.min.js?v={get_plotlyjs_version()}"
    served = Path(layout._PLOTLY_JS.path) / "plotly.min.js"
    head = served.read_text(encoding="utf-8")[:200]
    assert re.search(rf"plotly\.js v{re.escape(get_plotlyjs_version())}\b", head), head


@pytest.mark.parametrize("base", ["gdviz", "/class/gdviz/"])
def test_the_url_follows_the_servers_base_path(base: str) -> None:
    config.set_option("server.baseUrlPath", base)
    try:
        path = f"/{base.strip('/')}/component/{layout._PLOTLY_JS.name}/plotly.min.js"
        assert layout.plotly_js_url() == f"{path}?v={get_plotlyjs_version()}"
    finally:
        config.set_option("server.baseUrlPath", "")
