"""The chart element itself (gdviz/ui/static/chart.js) and the plotly.js it loads, kept light to import.

Its own module, apart from :mod:`gdviz.ui.layout` (NumPy, pandas, Plotly's figures): app.py mounts
the element before any lesson is imported (:func:`load_plotly_early`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import plotly
import streamlit as st
import streamlit.components.v1 as components_v1
from plotly.offline import get_plotlyjs_version

from gdviz.ui import plotly_bundle
from gdviz.ui.lang import t

# plotly.js as the plotly package ships it (the version its figures are written for) and the chart
# element's code, served by Streamlit's component file route: declaring a component serves a folder,
# and these two are never mounted.
PLOTLY_JS = components_v1.declare_component("plotlyjs", path=str(Path(plotly.__file__).parent / "package_data"))
STATIC = components_v1.declare_component("static", path=str(Path(__file__).with_name("static")))
CHART_JS = Path(STATIC.path) / "chart.js"


def served_url(component: Any, file: str, version: str) -> str:
    """Where the browser fetches ``file`` of a declared component (under ``server.baseUrlPath`` when the
    app is served below a path). ``version`` in the URL names the copy the browser keeps."""
    base = st.get_option("server.baseUrlPath").strip("/")
    return f"{'/' + base if base else ''}/component/{component.name}/{file}?v={version}"


def plotly_js_url(trace_types: Iterable[str] = ()) -> str:
    """Where the browser fetches the plotly.js that draws figures of these trace types (each kept by
    the browser, see gdviz/ui/static/chart.js): plotly.js's cartesian bundle when it is kept here and
    draws them all (:mod:`gdviz.ui.plotly_bundle`), or else the whole plotly.js."""
    version = get_plotlyjs_version()
    if plotly_bundle.draws(trace_types) and plotly_bundle.usable(version):
        return served_url(STATIC, plotly_bundle.PATH.relative_to(STATIC.path).as_posix(), version)
    return served_url(PLOTLY_JS, "plotly.min.js", version)


def chart_js_url() -> str:
    """Where the browser fetches the chart element's code, gdviz/ui/static/chart.js."""
    return served_url(STATIC, "chart.js", hashlib.blake2b(CHART_JS.read_bytes(), digest_size=6).hexdigest())


# A v2 component sends its code with every element on every rerun: 4 KB of chart.js, for each chart
# on each slider step. This loader is all that travels; the browser imports chart.js once per page.
_LOADER = (
    f"const url = new URL({json.dumps(chart_js_url())}, location.origin);\n"
    "export default (component) => import(url).then((module) => module.default(component));\n"
)
chart_element = st.components.v2.component("gdviz.chart", js=_LOADER, isolate_styles=False)


def chart_payload(
    figure_json: bytes | None = None, config: dict[str, Any] | None = None, trace_types: Iterable[str] = ()
) -> bytes:
    """What a chart element is given: where the plotly.js that draws ``trace_types`` is, the words
    shown if it cannot load and, for a chart, its Plotly config and figure (JSON text); with no
    figure, the element only loads plotly.js (the one for 2-D charts)."""
    head = b'{"src":%s,"unavailable":%s' % (
        json.dumps(plotly_js_url(trace_types)).encode(),
        json.dumps(t("common.chart_unavailable", error="{error}")).encode(),
    )
    if figure_json is None:
        return head + b"}"
    return head + b',"config":%s,"figure":%s}' % (json.dumps(config or {}).encode(), figure_json)


LOADER_JS = Path(STATIC.path) / "plotly_loader.js"

# The element that only loads plotly.js: its code imports plotly_loader.js (by its content's hash, so a
# new version is fetched anew) and hands it the URL it is given.
_early = st.components.v2.component(
    "gdviz.plotly",
    js=(
        "const url = new URL({url}, location.origin);\n"
        "export default ({{ data }}) => {{\n"
        "  import(url).then((module) => module.loadPlotly(new TextDecoder().decode(data))).catch(() => {{}});\n"
        "}};\n"
    ).format(
        url=json.dumps(
            served_url(STATIC, "plotly_loader.js", hashlib.blake2b(LOADER_JS.read_bytes(), digest_size=6).hexdigest())
        )
    ),
    isolate_styles=False,
)


def load_plotly_early() -> None:
    """Have the browser load plotly.js now, before the page's first chart (in the sidebar, where the
    empty element takes no room among the lesson's).

    Evaluating plotly.js takes the browser a second or more, and the first chart element only starts
    it once the page's script has reached that chart and the browser has drawn everything above it.
    Started from here, that second overlaps the server importing and running the lesson (most of a
    first visit's wait on a freshly started server) and the browser drawing the text above the chart.
    """
    with st.sidebar:
        _early(key="gdviz_plotly", data=plotly_js_url().encode(), width="stretch", height="content")
