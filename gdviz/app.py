"""gdviz front door: page config, language, shared sidebar and the lesson router."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run gdviz/app.py` from any directory: make the gdviz package importable.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gdviz.i18n import tr  # noqa: E402
from gdviz.ui.lang import language_picker  # noqa: E402
from gdviz.ui.pages import HOME, PAGES  # noqa: E402
from gdviz.ui.plotly_js import load_plotly_early  # noqa: E402

st.set_page_config(page_title="gdviz", page_icon="📉", layout="wide")

lang = language_picker()
load_plotly_early()
home = st.Page(HOME.script, title=HOME.title(lang), default=True)
lessons = [st.Page(p.script, title=p.title(lang), url_path=p.slug) for p in PAGES]
st.navigation({"": [home], tr("nav.lessons", lang): lessons}).run()
