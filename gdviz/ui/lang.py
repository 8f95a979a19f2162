"""The session's language: chosen in the sidebar, kept in the URL, defaulting to the browser's."""

from __future__ import annotations

import streamlit as st

from gdviz.i18n import LANGS, Lang, normalize_lang, tr
from gdviz.ui.url import seed_from_url, write_to_url

KEY = "lang"


def browser_lang() -> Lang:
    """The browser's language as a catalogue language (English when unknown)."""
    try:
        return normalize_lang(st.context.locale)
    except Exception:  # no browser behind this run (AppTest, bare mode)
        return "en"


def language_picker() -> Lang:
    """Draw the sidebar's language switch (kept in the URL as ``?lang=zh``) and return the choice."""
    default = browser_lang()
    seed_from_url(KEY, LANGS, default)
    choice = st.sidebar.radio(
        tr("lang.label", st.session_state[KEY]),
        LANGS,
        format_func=lambda code: tr("lang.name", code),
        key=KEY,
        horizontal=True,
    )
    write_to_url(KEY, choice, default)
    return normalize_lang(choice)


def current_lang() -> Lang:
    """The language of this run (set by :func:`language_picker` in gdviz/app.py)."""
    return normalize_lang(st.session_state.get(KEY, browser_lang()))


def t(key: str, /, **values: object) -> str:
    """``tr`` in the session's language: the one call pages use for text."""
    return tr(key, current_lang(), **values)
