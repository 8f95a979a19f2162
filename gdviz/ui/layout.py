"""Layout helpers: the page header, and errors shown as sentences, never tracebacks."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# Among these, pandas and pyarrow (which Streamlit imports for its data elements) are imported with
# this module, never lazily inside a page run: Plotly checks every array it validates against them
# through sys.modules (narwhals), so a session building a figure while another session's thread is
# half-way through importing one fails ("partially initialized module 'pandas'"; seen with 30
# sessions on a fresh server). A module import runs once, under Python's import lock, before any
# page can draw.
import pandas  # noqa: F401
import pyarrow  # noqa: F401
import streamlit as st

from gdviz.figures.theme import PHONE_ACROSS
from gdviz.ui.lang import t

_modules_when_frozen = 0


def freeze_long_lived_objects() -> None:
    """Move every object alive now out of the garbage collector's sight, once per set of imported modules.

    With NumPy, pandas, Plotly, SymPy and Streamlit loaded, over a hundred thousand objects live as long
    as the process. Python's full collections (it starts one when enough allocations have piled up)
    would walk them all in the middle of some run; ``gc.freeze()`` moves them to a permanent generation
    the collector skips, so a collection walks only what the runs made. The collection before it frees
    today's garbage first; objects alive now are kept for the life of the process. Called by
    ``header``, which every page calls after its imports; a page that imports more modules freezes
    again. docs/BENCHMARKS.md's load table (30 sessions) is the number it is kept for.
    """
    global _modules_when_frozen
    if len(sys.modules) <= _modules_when_frozen:
        return
    gc.collect()
    gc.freeze()
    _modules_when_frozen = len(sys.modules)


# Below 900 px (a phone on its side, a small tablet) a lesson's columns stand one above another, controls
# above their charts and every slider as wide as the screen; Streamlit itself stacks them only below 640 px,
# which leaves a sideways phone with 100 px sliders.
# There, too, a chart shows no toolbar: its row of 20 px buttons is too small to hit with a thumb, and on a
# narrow chart the legend wraps into the rows the toolbar covers (a tap meant for a button hides a trace).
# A table cell keeps its arithmetic on one line ("w₁ = 2.00 − 0.10 = 1.90", not one number a line); the
# table scrolls sideways in its own box (gdviz.figures.formulas.table_html), the page does not.
NARROW_CSS = """<style>
@media (max-width: 900px) {
  [data-testid="stMain"] [data-testid="stHorizontalBlock"] { flex-direction: column; flex-wrap: nowrap; }
  [data-testid="stMain"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 auto !important; min-width: 0;
  }
  [data-testid="stMain"] .js-plotly-plot .modebar-container { display: none; }
  [data-testid="stMain"] .gdviz-live-text td { white-space: nowrap; }
}
</style>"""


def on_a_phone() -> bool:
    """Whether the browser says it is a phone: "Mobi" in its User-Agent, which every phone browser sends
    and tablets and desktops do not (MDN's advice for telling them apart). False with no browser (AppTest)."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no browser behind this run
        return False
    return "Mobi" in agent


def panels_across() -> int | None:
    """How many panels of a many-panel figure go to a row: two on a phone, all of them elsewhere."""
    return PHONE_ACROSS if on_a_phone() else None


def sidebar_state() -> str:
    """The sidebar's opening state: collapsed on a phone, Streamlit's "auto" elsewhere.

    "auto" collapses it only below 768 px, so a phone on its side (844 px) would open with the sidebar
    taking a third of the screen and the lesson squeezed beside it; on a phone either way the
    navigation is one tap away."""
    return "collapsed" if on_a_phone() else "auto"


def header(title_key: str, intro_key: str) -> None:
    """The page title and its one-paragraph introduction (and, once, the garbage collector's freeze),
    with the narrow-screen layout."""
    freeze_long_lived_objects()
    st.html(NARROW_CSS)
    st.title(t(title_key))
    st.markdown(t(intro_key))


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a ValueError from the core (bad input) into a readable message on screen. Nothing else: a
    KeyError here would be a missing translation or a bug, which a test must see, not a sentence."""
    try:
        yield
    except ValueError as err:
        st.error(t("common.error_prefix", message=str(err)))
