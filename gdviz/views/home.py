"""Start page: a small live example of lesson 1 (drag w, watch the errors and the MSE), then the lessons
in order.

The example is lesson 1's own figures on lesson 1's opening view (the tadpole, its line through the
origin), drawn shorter. Its w is the lessons' w (gdviz.figures.live.w_control): a w let go of here is
the w lesson 1 opens on, and a link to this page keeps it, as a link to a lesson does.
"""

import streamlit as st

from gdviz.core import datasets
from gdviz.core.datasets import Dataset
from gdviz.figures import forward
from gdviz.figures.live import w_control
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import header
from gdviz.ui.live import live_chart, live_slider, live_text
from gdviz.ui.pages import HOME, PAGES
from gdviz.ui.widgets import dataset_cache

# Lesson 1's opening dataset: seven points and a line through the origin, so w alone moves it. (Comments,
# not docstrings: Streamlit's magic would print a page script's bare strings.)
EXAMPLE_DATA = "tadpole"
# The example's charts' height in px: the least a chart on a phone may have (tests/browser/test_phone_sizes.py),
# so that a phone's first screen shows w, the MSE and the points with their errors, and a projector's the lessons.
EXAMPLE_HEIGHT = 300


@dataset_cache(max_entries=4)
def example_views(ds: Dataset, lang: str) -> tuple:
    """The example's every state along w, b held at the dataset's opening b, in one language."""
    w = w_control(ds, lang)
    return (
        w,
        forward.fit_figure(ds, w, ds.b_open, lang, height=EXAMPLE_HEIGHT, legend=False),
        forward.loss_figure(ds, w, ds.b_open, lang, height=EXAMPLE_HEIGHT, legend=False),
        forward.mse_readout(ds, w, ds.b_open, lang),
    )


header("app.title", "home.example")


@st.fragment
def example() -> None:
    w, fit, loss, readout = example_views(datasets.get(EXAMPLE_DATA), current_lang())
    # Two rows of the same two columns, not two columns: on a phone, where columns stack, the MSE then
    # comes right under the slider, and both stay on the first screen with the line and its errors.
    slider_col, mse_col = st.columns([3, 2], gap="medium")
    with slider_col:
        live_slider(w)
    with mse_col:
        live_text(readout, key="example_mse")
    fit_col, loss_col = st.columns([3, 2], gap="medium")
    with fit_col:
        live_chart(fit, key="example_fit")
    with loss_col:
        live_chart(loss, key="example_loss")


example()
st.page_link(PAGES[0].script, label=t("home.example_next"), icon=":material/arrow_forward:")
st.divider()
st.markdown(t(HOME.summary_key))
for page in PAGES:
    with st.container(border=True):
        st.page_link(page.script, label=f"**{t(page.title_key)}**")
        st.caption(t(page.summary_key))
