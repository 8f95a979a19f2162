"""Start page: what gdviz is and the lessons in order."""

import streamlit as st

from gdviz.ui.lang import t
from gdviz.ui.pages import HOME, PAGES

st.title(t("app.title"))
st.markdown(t(HOME.summary_key))
for page in PAGES:
    with st.container(border=True):
        st.page_link(page.script, label=f"**{t(page.title_key)}**")
        st.caption(t(page.summary_key))
