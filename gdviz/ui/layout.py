"""Layout helpers: page header, chart output, and errors shown as sentences, never tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import plotly.graph_objects as go
import streamlit as st

from gdviz.figures.theme import PLOTLY_CONFIG
from gdviz.ui.lang import t


def header(title_key: str, intro_key: str) -> None:
    """The page title and its one-paragraph introduction."""
    st.title(t(title_key))
    st.markdown(t(intro_key))


def chart(fig: go.Figure, *, key: str | None = None) -> None:
    """Show a Plotly figure the same way on every page."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a ValueError from the core (bad input) into a readable message on screen."""
    try:
        yield
    except (ValueError, KeyError) as err:
        st.error(t("common.error_prefix", message=str(err).strip("'\"")))
