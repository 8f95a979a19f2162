"""Live controls on a page: a slider, and the charts and texts that follow it in the browser.

Python computes every state along the control (gdviz.figures.live); the page sends them once. While the
slider is dragged (or stepped with the keys) the browser shows the state under it and sends nothing
(gdviz/ui/static/live.js); on release the value is committed once: it goes into the session and the
URL, and whatever the page computes from it reruns.
"""

from __future__ import annotations

import hashlib
import json
import math
from decimal import Decimal
from pathlib import Path

import streamlit as st

from gdviz.export import Slider
from gdviz.figures.live import Control, LiveFigure, LiveText, chart_element, slider_element, text_element
from gdviz.figures.theme import PLOTLY_CONFIG, presented
from gdviz.ui.export import keep
from gdviz.ui.lang import current_lang, t
from gdviz.ui.plotly_js import STATIC, plotly_js_url, served_url
from gdviz.ui.present import presenting

LIVE_JS = Path(STATIC.path) / "live.js"
LIVE_CSS = (Path(STATIC.path) / "live.css").read_text(encoding="utf-8")


def _loader() -> str:
    """The component's code: import live.js once per page (by its content's hash, so a new version is
    fetched anew) and hand it each element; the cleanup it returns runs when the element goes."""
    url = served_url(STATIC, "live.js", hashlib.blake2b(LIVE_JS.read_bytes(), digest_size=6).hexdigest())
    return (
        f"const url = new URL({json.dumps(url)}, location.origin);\n"
        "export default (component) => {\n"
        "  const cleanup = import(url).then((module) => module.default(component));\n"
        "  return () => cleanup.then((done) => done?.());\n"
        "};\n"
    )


_element = st.components.v2.component("gdviz.live", js=_loader(), css=LIVE_CSS, isolate_styles=False)


def _url_text(value: float) -> str:
    """A value as the URL keeps it: plain ASCII digits (``0.8``, ``-1.25``)."""
    return f"{value:.10g}"


def _keep(control: Control, index: int) -> None:
    """Keep value ``index`` of the control in the session and in the URL (dropped from the URL when it
    is the opening value, so links stay short and a refused value is not passed on)."""
    value = float(control.values[index])
    st.session_state[control.key] = value
    if index == control.default:
        if control.key in st.query_params:
            del st.query_params[control.key]
    elif st.query_params.get(control.key) != _url_text(value):
        st.query_params[control.key] = _url_text(value)


def url_value(control: Control) -> float:
    """The URL's value of the control when the control can show it: a number that is what it says (not
    ``1e-400``, which a float reads as 0) within half a step of the grid; NaN otherwise."""
    text = st.query_params.get(control.key, "")
    try:
        value, exact = float(text), Decimal(text.strip())
    except (ValueError, ArithmeticError):
        return float("nan")
    half_step = (control.values[1] - control.values[0]) / 2
    if not math.isfinite(value) or (value == 0) != (exact == 0):
        return float("nan")
    if not control.values[0] - half_step <= value <= control.values[-1] + half_step:
        return float("nan")
    return value


def committed_index(control: Control) -> int:
    """The control's committed index: the session's value, or on its first run the URL's when the
    control can show it (:func:`url_value`, pulled onto the grid), else the opening value. A clock
    (``control.clock``) whose run changed (another grid) opens again at its opening value."""
    grid_key = f"{control.key}.grid"
    moved_on = control.clock and st.session_state.get(grid_key, control.channel) != control.channel
    st.session_state[grid_key] = control.channel
    value = float("nan") if moved_on else st.session_state.get(control.key)
    if value is None:
        value = url_value(control)
    try:
        index = control.index(value)
    except ValueError:  # not a number: the opening value
        index = control.default
    _keep(control, index)
    return index


def _commit(control: Control, key: str) -> None:
    """The slider was released (or its keys let go) at a new index: keep it."""
    index = st.session_state[key].get("commit")
    if isinstance(index, int) and 0 <= index < control.size:
        _keep(control, index)


def live_slider(control: Control, *, help_text: str | None = None) -> float:
    """Draw the live slider of ``control`` and return its committed value.

    A real slider: ``role="slider"`` with the label as its accessible name, arrow keys by one step,
    PageUp/PageDown by ten, Home/End to the ends, a hit area 44 px high, its value shown beside it.
    """
    index = committed_index(control)
    key = f"live-{control.key}"
    _element(
        key=key,
        data=slider_element(control, index, help_text, current_lang()).encode(),
        on_commit_change=lambda: _commit(control, key),
        width="stretch",
        height="content",
    )
    keep(key, Slider(control, index, help_text))
    return float(control.values[index])


def live_chart(live: LiveFigure, *, key: str) -> None:
    """Show a live figure: drawn once, then moved to the state its controls show."""
    src = plotly_js_url(trace.type for trace in live.figure.data)
    unavailable = t("common.chart_unavailable", error="{error}")
    data = chart_element(live, src=src, unavailable=unavailable, config=PLOTLY_CONFIG)
    if presenting():  # the same figure, drawn at projector size
        shown = json.loads(data)
        shown["figure"] = presented(shown["figure"])
        data = json.dumps(shown, separators=(",", ":"))
    _element(key=key, data=data.encode(), width="stretch")
    keep(key, live)


def live_text(live: LiveText, *, key: str) -> None:
    """Show HTML whose numbers follow their controls."""
    _element(key=key, data=text_element(live).encode(), width="stretch")
    keep(key, live)


def keys_help() -> None:
    """The sidebar's list of the live controls' keys (a presenter's clicker sends Space and . ,)."""
    with st.sidebar.expander(t("keys.title"), icon=":material/keyboard:"):
        st.markdown(t("keys.table"))
