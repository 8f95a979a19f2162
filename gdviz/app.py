"""gdviz front door: page config, language, shared sidebar and the lesson router.

Streamlit runs this file as its main script (``gdviz``, ``streamlit run gdviz/app.py``) and runs it
again on every rerun; the checkout's root ``app.py`` calls :func:`main` on each of its own runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    # Streamlit puts this file's folder on sys.path, not the one holding the gdviz package: from a
    # checkout that is not installed, `streamlit run gdviz/app.py` would not find gdviz otherwise.
    _PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])
    if _PACKAGE_PARENT not in sys.path:
        sys.path.insert(0, _PACKAGE_PARENT)

import streamlit as st

from gdviz.i18n import tr
from gdviz.ui.lang import language_picker
from gdviz.ui.layout import sidebar_state
from gdviz.ui.link_check import link_arrived, report_link
from gdviz.ui.live import keys_help
from gdviz.ui.pages import HOME, PAGES
from gdviz.ui.plotly_js import load_plotly_early
from gdviz.ui.present import present_toggle
from gdviz.ui.share import share_button


def main() -> None:
    """One run of the app: the page config, the sidebar, then the page the URL names."""
    st.set_page_config(page_title="gdviz", page_icon="📉", layout="wide", initial_sidebar_state=sidebar_state())
    arrived = link_arrived()
    lang = language_picker()
    present_toggle()
    load_plotly_early()
    home = st.Page(HOME.script, title=HOME.title(lang), default=True)
    lessons = [st.Page(p.script, title=p.title(lang), url_path=p.slug) for p in PAGES]
    st.navigation({"": [home], tr("nav.lessons", lang): lessons}).run()
    report_link(arrived)
    share_button()
    keys_help()


if __name__ == "__main__":
    main()
