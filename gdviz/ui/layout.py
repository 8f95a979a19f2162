"""Layout helpers: page header, chart output, and errors shown as sentences, never tracebacks."""

from __future__ import annotations

import functools
import gc
import hashlib
import sys
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

# Among these, pandas and pyarrow (which Streamlit imports for its data elements) are imported with
# this module, never lazily inside a page run: Plotly checks every array it validates against them
# through sys.modules (narwhals), so a session building a figure while another session's thread is
# half-way through importing one fails ("partially initialized module 'pandas'"; seen with 30
# sessions on a fresh server). A module import runs once, under Python's import lock, before any
# page can draw.
import numpy as np
import orjson
import pandas  # noqa: F401
import plotly.graph_objects as go
import pyarrow  # noqa: F401
import streamlit as st

from gdviz.figures.theme import PLOTLY_CONFIG, typed_array
from gdviz.ui.chart_element import chart_element, chart_payload
from gdviz.ui.lang import t

_modules_when_frozen = 0


def freeze_long_lived_objects() -> None:
    """Move every object alive now out of the garbage collector's sight, once per set of imported modules.

    With NumPy, pandas, Plotly and Streamlit loaded, about 150 000 objects live as long as the process.
    Python's own full collections (it starts one when enough allocations have piled up; Streamlit's
    forced one after every run is switched off in .streamlit/config.toml) would walk them all, 60-80 ms
    on this machine, in the middle of some slider step. ``gc.freeze()`` moves them to a permanent
    generation the collector skips, so a collection walks only what the steps made. The collection
    before it frees today's garbage first; objects alive now (at most a run's worth, each time a page
    brings new modules) are kept for the life of the process. Called by ``header``, which every page
    calls after its imports; a later page that imports more modules freezes again.
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


PART_MIN_BYTES = 512
"""A trace, a figure's frames or its template at least this long (as JSON) is a *part*, sent in full
until the browser has it and then only named."""


def _whole_figures() -> bool:
    """Whether this session's charts always send every part in full (``tests.conftest`` sets it, so
    that an AppTest reads whole figures; the browser tests run with parts)."""
    return bool(st.session_state.get("_gdviz_whole_figures"))


def _resend(key: str) -> None:
    """The browser lacked a part of ``key``'s figure: send its next figure in full."""
    st.session_state.setdefault("_gdviz_parts", {}).pop(key, None)


def _json_default(value: Any) -> Any:
    """What orjson cannot write itself: a NumPy array as Plotly's typed array (what ``fig.to_dict()``
    makes of it), a NumPy number as a number."""
    if isinstance(value, np.ndarray):
        return typed_array(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _json(value: Any) -> bytes:
    """A part of a figure as Plotly writes it (typed arrays, NaN and infinities as null)."""
    return orjson.dumps(value, default=_json_default)


def _figure_json(fig: go.Figure, key: str) -> bytes:
    """``fig`` as JSON, its large parts named when the browser has them (see gdviz/ui/static/chart.js).

    A slider step changes a few traces of a figure, but a chart sends all of it: the contour lines,
    the data points and the whole paths went over the network again on every step. Each trace and the
    frames and the layout's template, at least :data:`PART_MIN_BYTES` long, go as
    ``{"$part": id, "value": ...}``, and as ``{"$part": id}`` once this chart has sent the same part
    (same id, a hash of its JSON) in each of its last two figures. The rest of the layout always goes
    whole: plotly.js writes into it (the ranges it works out, for one).
    """
    history = st.session_state.setdefault("_gdviz_parts", {})
    before, last = history.get(key, (frozenset(), frozenset()))
    whole = _whole_figures()
    sent: set[str] = set()

    def part(value: Any) -> bytes:
        text = _json(value)
        if len(text) < PART_MIN_BYTES:
            return text
        name = hashlib.blake2b(text, digest_size=9).hexdigest()
        sent.add(name)
        if name in before and name in last and not whole:
            return b'{"$part":"%s"}' % name.encode()
        return b'{"$part":"%s","value":%s}' % (name.encode(), text)

    # The figure's own dicts, read, never changed: fig.to_dict() deep-copies all of them first (28 ms
    # for a race with its contours, more than writing the JSON).
    traces = b",".join(part({k: v for k, v in trace.items() if k != "uid"}) for trace in fig._data)
    frames = part([frame._props for frame in fig._frame_objs])
    layout = {k: v for k, v in fig._layout.items() if k != "template"}
    template = fig._layout.get("template")
    rest = _json(layout)
    if template is not None:
        rest = b'{"template":%s%s' % (part(template), b"," + rest[1:] if layout else b"}")
    history[key] = (last, frozenset(sent))
    return b'{"data":[%s],"layout":%s,"frames":%s}' % (traces, rest, frames)


def chart(fig: go.Figure, *, key: str) -> None:
    """Show a Plotly figure the same way on every page, redrawn in place when it changes.

    Not ``st.plotly_chart``: Streamlit gives a chart whose figure changed a new element, so each
    slider step unmounted every chart, rebuilt its Plotly div from nothing and drew it twice (once
    more when its width was known), half of a step's time in the browser. The chart element
    (gdviz/ui/static/chart.js) keeps one Plotly div per ``key`` and moves a figure's changed traces
    and annotations into it (or redraws it with one ``Plotly.react``), and a figure sends only the
    parts the browser does not have yet.

    The figures carry the house template (gdviz.figures.theme: projector-size fonts, CJK fonts), so
    no Streamlit theme is applied on top.
    """
    chart_element(
        key=key,
        data=chart_payload(
            _figure_json(fig, key), PLOTLY_CONFIG, trace_types={trace.get("type", "scatter") for trace in fig._data}
        ),
        width="stretch",
        height="content",
        on_missing_change=functools.partial(_resend, key),
    )


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
    """Turn a ValueError from the core (bad input) into a readable message on screen. Nothing else: a
    KeyError here would be a missing translation or a bug, which a test must see, not a sentence."""
    try:
        yield
    except ValueError as err:
        st.error(t("common.error_prefix", message=str(err)))
