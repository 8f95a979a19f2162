"""Where the browser fetches plotly.js and gdviz's own scripts, and the element that loads plotly.js
early, kept light to import: gdviz/app.py mounts it before any lesson is imported (:func:`load_plotly_early`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import plotly
import streamlit as st
import streamlit.components.v1 as components_v1
from plotly.offline import get_plotlyjs_version

from gdviz.ui import plotly_bundle

# plotly.js as the plotly package ships it (the version its figures are written for) and gdviz's own
# scripts (gdviz/ui/static), served by Streamlit's component file route: declaring a component serves a
# folder, and these two are never mounted.
PLOTLY_JS = components_v1.declare_component("plotlyjs", path=str(Path(plotly.__file__).parent / "package_data"))
STATIC = components_v1.declare_component("static", path=str(Path(__file__).with_name("static")))
# plotly.js's cartesian bundle, kept in the Python environment (gdviz.ui.plotly_bundle), not in gdviz.
BUNDLE = components_v1.declare_component("plotlybundle", path=str(plotly_bundle.DIR))

if not plotly_bundle.usable(get_plotlyjs_version()):
    # A pip-installed gdviz has no bundle until it is fetched; whoever runs the server should know
    # why pages open slower, once, not on every chart.
    logging.getLogger(__name__).warning(
        "gdviz: no plotly.js cartesian bundle at %s; every chart uses the whole plotly.js (slower to start). "
        "Fetch it with: %s -m gdviz.ui.plotly_bundle",
        plotly_bundle.PATH,
        sys.executable,
    )


def served_url(component: Any, file: str, version: str) -> str:
    """Where the browser fetches ``file`` of a declared component (under ``server.baseUrlPath`` when the
    app is served below a path). ``version`` in the URL names the copy the browser keeps."""
    base = st.get_option("server.baseUrlPath").strip("/")
    return f"{'/' + base if base else ''}/component/{component.name}/{file}?v={version}"


def plotly_js_url(trace_types: Iterable[str] = ()) -> str:
    """Where the browser fetches the plotly.js that draws figures of these trace types (each kept by
    the browser, see gdviz/ui/static/plotly_loader.js): plotly.js's cartesian bundle when it is kept here and
    draws them all (:mod:`gdviz.ui.plotly_bundle`), or else the whole plotly.js."""
    version = get_plotlyjs_version()
    if plotly_bundle.draws(trace_types) and plotly_bundle.usable(version):
        return served_url(BUNDLE, plotly_bundle.PATH.name, version)
    return served_url(PLOTLY_JS, "plotly.min.js", version)


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
