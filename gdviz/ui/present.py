"""Present mode: the teacher's projector. Larger text, charts drawn at projector size
(gdviz.figures.theme.presented), secondary captions folded away; kept in the URL as ``?present=1``."""

from __future__ import annotations

import streamlit as st

from gdviz.ui.lang import t

KEY = "present"

# Streamlit's own elements, by their test ids (stable across its releases, which its tests rely on);
# gdviz's live elements by their classes (gdviz/ui/static/live.css). Every word at least 20 px (1.3rem);
# headings and the numbers shown large (readouts, st.metric) above the 24 px body text; a slider's value sized
# in its own box, so it stays between its label and its rail instead of spilling onto them; secondary captions
# (Streamlit's, a control's help, gdviz's own) folded away, which also takes away the grey text under
# WCAG's 4.5:1 on white.
_CSS = """<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] :is(p, li, td, th),
[data-testid="stMain"] .gdviz-live-text :is(p, li, td, th, div) { font-size: 1.5rem; line-height: 1.45; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] :is(input, textarea, [data-testid="stMultiSelectTagsContainer"] span),
[data-testid="stMain"] :is(.gdviz-live-head, .gdviz-readout-label) { font-size: 1.3rem; }
[data-testid="stMain"] .gdviz-readout-label { color: rgb(49, 51, 63); }
[data-testid="stMain"] .gdviz-live-value { font-size: 1.6rem; }
[data-testid="stMain"] :is(.gdviz-readout-value, [data-testid="stMetricValue"] p) { font-size: 3rem; line-height: 1.2; }
[data-testid="stMain"] :is([data-testid="stSliderThumbValue"], [data-testid="stSliderTickBar"]) { font-size: 1.3rem; }
[data-testid="stMain"] :is([data-testid="stSliderThumbValue"], [data-testid="stSliderTickBar"]) p { font-size: 1em; }
[data-testid="stMain"] [data-testid="stSlider"] > [role="group"] { padding-top: 1.25rem; }
[data-testid="stMain"] h1 { font-size: 3rem; }
[data-testid="stMain"] h2 { font-size: 2.4rem; }
[data-testid="stMain"] h3 { font-size: 2rem; }
[data-testid="stMain"] :is([data-testid="stCaptionContainer"], .gdviz-live-help, .gdviz-caption) { display: none; }
</style>"""


def present_toggle() -> bool:
    """Draw the sidebar's Present switch and return whether the app presents. A link opens in present
    mode with ``?present=1``; anything else there opens it off (and gdviz.ui.link_check says so).

    Presenting folds the sidebar away: a ``?present=1`` link opens with it collapsed, and turning the
    switch on collapses it. Streamlit keeps a sidebar the reader opened or closed by hand as they left
    it (in the browser's storage), and that choice wins over both."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get(KEY) == "1"
    on = st.sidebar.toggle(t("present.label"), key=KEY, help=t("present.help"))
    if on:
        if st.query_params.get(KEY) != "1":
            st.query_params[KEY] = "1"
        # A later call overrides gdviz/app.py's; a changed state is applied at once, not only on load.
        st.set_page_config(initial_sidebar_state="collapsed")
        st.html(_CSS)
    elif KEY in st.query_params:
        del st.query_params[KEY]
    return on


def presenting() -> bool:
    """Whether this run presents (set by :func:`present_toggle` in gdviz/app.py)."""
    return bool(st.session_state.get(KEY, False))
