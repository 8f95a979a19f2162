"""Present mode: the teacher's projector. Larger text, charts drawn at projector size
(gdviz.figures.theme.presented), secondary captions folded away; kept in the URL as ``?present=1``."""

from __future__ import annotations

import streamlit as st

from gdviz.ui.lang import t

KEY = "present"

# Streamlit's own elements, by their test ids (stable across its releases, which its tests rely on);
# gdviz's live elements by their classes (gdviz/ui/static/live.css).
_CSS = """<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] :is(p, li, td, th),
[data-testid="stMain"] .gdviz-live-text :is(p, li, td, th, div) { font-size: 1.5rem; line-height: 1.45; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] .gdviz-live-head { font-size: 1.3rem; }
[data-testid="stMain"] .gdviz-live-value { font-size: 1.6rem; }
[data-testid="stMain"] h1 { font-size: 3rem; }
[data-testid="stMain"] :is([data-testid="stCaptionContainer"], .gdviz-live-help) { display: none; }
</style>"""


def present_toggle() -> bool:
    """Draw the sidebar's Present switch and return whether the app presents. A link opens in present
    mode with ``?present=1``; anything else there opens it off (and gdviz.ui.link_check says so)."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get(KEY) == "1"
    on = st.sidebar.toggle(t("present.label"), key=KEY, help=t("present.help"))
    if on:
        if st.query_params.get(KEY) != "1":
            st.query_params[KEY] = "1"
        st.html(_CSS)
    elif KEY in st.query_params:
        del st.query_params[KEY]
    return on


def presenting() -> bool:
    """Whether this run presents (set by :func:`present_toggle` in gdviz/app.py)."""
    return bool(st.session_state.get(KEY, False))
