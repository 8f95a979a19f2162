"""Layout helpers: the page header, and errors shown as sentences, never tracebacks."""

from __future__ import annotations

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

from gdviz.ui.lang import t


def header(title_key: str, intro_key: str) -> None:
    """The page title and its one-paragraph introduction."""
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
