"""Choices kept in the URL by their stable code (``?lang=zh&data=tadpole``), not by their translated
label, so a link means the same thing in either language. Sliders use Streamlit's own
``bind="query-params"``; choice widgets with translated labels use these two calls around the widget."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def seed_from_url(key: str, options: Sequence[str], default: str) -> None:
    """On the session's first run, start widget ``key`` at the URL's value when it is one of
    ``options``, else at ``default``; a bad value is ignored."""
    if key in st.session_state:
        if st.session_state[key] not in options:  # options changed under it
            st.session_state[key] = default
        return
    value = st.query_params.get(key)
    st.session_state[key] = value if value in options else default


def write_to_url(key: str, value: str, default: str) -> None:
    """Keep ``value`` in the URL, or drop the parameter when it is the default."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
