"""Layout helpers: page header, chart output, and errors shown as sentences, never tracebacks."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# pandas and pyarrow (which st.table needs) are imported with this module, never lazily inside a
# page run: Plotly checks every array it validates against them through sys.modules (narwhals), so
# a session building a figure while another session's thread is half-way through importing one
# fails ("partially initialized module 'pandas'"; seen with 30 sessions on a fresh server). A
# module import runs once, under Python's import lock, before any page can draw.
import pandas as pd
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow  # noqa: F401
import streamlit as st
import streamlit.components.v1 as components_v1
from plotly.offline import get_plotlyjs_version

from gdviz.figures.theme import PLOTLY_CONFIG
from gdviz.ui.lang import t

_modules_when_frozen = 0


def freeze_long_lived_objects() -> None:
    """Move every object alive now out of the garbage collector's sight, once per set of imported modules.

    Streamlit runs a full collection, ``gc.collect(2)``, after every run, fragment runs included. A
    full collection walks every tracked object: with NumPy, pandas, Plotly and Streamlit loaded that is
    about 150 000 objects and 60-80 ms on this machine, most of a slider step's server time, spent
    re-checking modules that live as long as the process. ``gc.freeze()`` moves them to a permanent
    generation the collector skips, so the collection after a step only walks what the step made.
    The collection before it frees today's garbage first; objects alive now (at most a run's worth,
    each time a page brings new modules) are kept for the life of the process. Called by ``header``,
    which every page calls after its imports; a later page that imports more modules freezes again.
    """
    global _modules_when_frozen
    if len(sys.modules) <= _modules_when_frozen:
        return
    gc.collect()
    gc.freeze()
    _modules_when_frozen = len(sys.modules)


def header(title_key: str, intro_key: str) -> None:
    """The page title and its one-paragraph introduction (and, once, the garbage collector's freeze)."""
    freeze_long_lived_objects()
    st.title(t(title_key))
    st.markdown(t(intro_key))


# plotly.js as the plotly package ships it (the version its figures are written for), served by
# Streamlit's component file route: declaring a component serves a folder, and this one is never
# mounted. The chart element below loads it once per page.
_PLOTLY_JS = components_v1.declare_component("plotlyjs", path=str(Path(plotly.__file__).parent / "package_data"))
_chart_element = st.components.v2.component(
    "gdviz.chart", js=(Path(__file__).with_name("chart.js")).read_text(encoding="utf-8"), isolate_styles=False
)


def plotly_js_url() -> str:
    """Where the browser fetches plotly.js (under ``server.baseUrlPath`` when the app is served below a path)."""
    base = st.get_option("server.baseUrlPath").strip("/")
    # The version in the URL names the copy the browser keeps (gdviz/ui/chart.js).
    return f"{'/' + base if base else ''}/component/{_PLOTLY_JS.name}/plotly.min.js?v={get_plotlyjs_version()}"


def chart(fig: go.Figure, *, key: str) -> None:
    """Show a Plotly figure the same way on every page, redrawn in place when it changes.

    Not ``st.plotly_chart``: Streamlit gives a chart whose figure changed a new element, so each
    slider step unmounted every chart, rebuilt its Plotly div from nothing and drew it twice (once
    more when its width was known), half of a step's time in the browser. The chart element
    (gdviz/ui/chart.js) keeps one Plotly div per ``key`` and redraws it with one ``Plotly.react``.

    The figures carry the house template (gdviz.figures.theme: projector-size fonts, CJK fonts), so
    no Streamlit theme is applied on top.
    """
    payload = b'{"src":%s,"unavailable":%s,"config":%s,"figure":%s}' % (
        json.dumps(plotly_js_url()).encode(),
        json.dumps(t("common.chart_unavailable", error="{error}")).encode(),
        json.dumps(PLOTLY_CONFIG).encode(),
        pio.to_json(fig, validate=False).encode(),
    )
    _chart_element(key=key, data=payload, width="stretch", height="content")


def table(
    data: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    index: Sequence[str] | None = None,
    index_column: str | None = None,
    number_format: str | None = None,
) -> None:
    """A static table of ``data`` (columns by name, or rows), without the interactive grid.

    ``index`` labels the rows, or ``index_column`` names the column that does; with neither, no
    row labels are shown. ``number_format`` (e.g. ``"{:.2f}"``) formats every number.
    """
    frame = pd.DataFrame(data)
    if index_column is not None:
        frame = frame.set_index(index_column)
    elif index is not None:
        frame.index = list(index)
    labelled = index is not None or index_column is not None
    st.table(frame.style.format(number_format) if number_format else frame, hide_index=not labelled)


def session_figure(name: str, inputs: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """This session's figure ``name``, built by ``build()`` when ``inputs`` differ from last time.

    Building a styled Plotly figure validates its whole template (15-30 ms); a slider step only moves
    a few traces. So a page keeps its figure here, one per name, and moves those traces in place
    (``set_*`` functions of gdviz.figures) before each ``chart``. ``inputs`` names everything the
    figure's still part depends on (dataset, language, b, ...). Per session, so no two runs ever
    touch one figure at once.
    """
    store = st.session_state.setdefault("_gdviz_figures", {})
    held = store.get(name)
    if held is None or held[0] != inputs:
        held = store[name] = (inputs, build())
    return held[1]


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a ValueError from the core (bad input) into a readable message on screen."""
    try:
        yield
    except (ValueError, KeyError) as err:
        st.error(t("common.error_prefix", message=str(err).strip("'\"")))
