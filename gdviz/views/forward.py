"""Lesson 1 · Forward propagation: input -> forward -> per-point error -> MSE, live along w."""

import streamlit as st

from gdviz.core.datasets import Dataset
from gdviz.figures import forward
from gdviz.figures.live import w_control
from gdviz.figures.theme import fmt
from gdviz.ui.export import export_menu
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import header
from gdviz.ui.live import live_chart, live_slider, live_text
from gdviz.ui.widgets import dataset_cache, dataset_picker, slider


@dataset_cache(max_entries=32)
def lesson_views(ds: Dataset, b: float, lang: str) -> tuple:
    """Every state of the lesson along w, for one dataset, b and language."""
    w = w_control(ds, lang)
    return (
        w,
        forward.fit_figure(ds, w, b, lang),
        forward.loss_figure(ds, w, b, lang),
        forward.mse_readout(ds, w, b, lang),
        forward.chain_text(ds, w, b, lang),
    )


header("forward.title", "forward.intro")
export_menu("forward")
ds = dataset_picker()


@st.fragment
def lesson() -> None:
    lang = current_lang()
    controls, fit_col, loss_col = st.columns([1.3, 2, 2], gap="medium")
    with controls:
        fix_b = st.toggle(
            t("forward.fix_b"), value=not ds.intercept, key="fix_b", help=t("forward.fix_b_help"), bind="query-params"
        )
        b = 0.0 if fix_b else slider("b", "common.b", *ds.b_range, value=ds.b_open, step=0.01)
        w, fit, loss, readout, chain = lesson_views(ds, b, lang)
        live_slider(w, help_text=t("forward.w_help"))
        live_text(readout, key="readout")
        best_model = ds.mse(intercept=not fix_b)
        best = best_model.minimizer()
        if fix_b:
            st.caption(t("forward.best_origin", w=fmt(best[0]), mse=fmt(best_model.value(best), 3)))
        else:
            st.caption(t("forward.best", w=fmt(best[0]), b=fmt(best[1]), mse=fmt(best_model.value(best), 3)))
    with fit_col:
        live_chart(fit, key="fit")
    with loss_col:
        live_chart(loss, key="loss")
    live_text(chain, key="chain")


lesson()
