"""Lesson 1 · Forward propagation: input -> forward -> per-point error -> MSE."""

import plotly.graph_objects as go
import streamlit as st

from gdviz.core import LinearMSE, datasets, forward_pass
from gdviz.figures.formulas import chain_html, mse_latex, table_html
from gdviz.figures.forward import fit_figure, opening_w, set_fit, sweep_figure
from gdviz.figures.theme import fmt
from gdviz.ui.lang import current_lang, t
from gdviz.ui.layout import chart, header, session_figure
from gdviz.ui.widgets import dataset_picker, slider

TABLE_ROWS = 20


@st.cache_data(max_entries=64, show_spinner=False)
def cached_sweep(name: str, b: float, lang: str) -> go.Figure:
    return sweep_figure(datasets.get(name), b, lang)


header("forward.title", "forward.intro")
ds = dataset_picker()


@st.fragment
def lesson(b: float, fix_b: bool) -> None:
    lang = current_lang()
    controls, plot = st.columns([1, 2.4], gap="large")
    with controls:
        w = slider("w", "common.w", *ds.w_range, value=opening_w(ds), step=0.01)
        fp = forward_pass(ds.x, ds.y, w, b)
        st.metric(t("common.mse"), fmt(fp.mse, 3))
        best_model = LinearMSE(ds.x, ds.y, intercept=not fix_b)
        best = best_model.minimizer()
        if fix_b:
            st.caption(t("forward.best_origin", w=fmt(best[0]), mse=fmt(best_model.value(best), 3)))
        else:
            st.caption(t("forward.best", w=fmt(best[0]), b=fmt(best[1]), mse=fmt(best_model.value(best), 3)))
    with plot:
        fit = session_figure("fit", (ds.name, b, lang), lambda: fit_figure(ds, w, b, lang))
        chart(set_fit(fit, ds, w, b, lang), key="fit")

    values = (
        t("forward.input_value", n=ds.n, lo=fmt(ds.x.min()), hi=fmt(ds.x.max())),
        t("forward.forward_value", w=fmt(w), b=fmt(b)),
        t(
            "forward.error_value",
            pos=int((fp.error > 0).sum()),
            neg=int((fp.error < 0).sum()),
            big=fmt(abs(fp.error).max()),
        ),
        f"MSE = {fmt(fp.mse, 3)}",
    )
    titles = ("forward.step_input", "forward.step_forward", "forward.step_error", "forward.step_mse")
    shown = slice(0, TABLE_ROWS)
    columns = ("forward.col_x", "forward.col_y", "forward.col_yhat", "forward.col_err", "forward.col_err2")
    numbers = (fp.x, fp.y, fp.y_hat, fp.error, fp.squared_error)
    # Chain, formula, table and their headings in one markdown element: every element of a fragment
    # is re-sent and re-rendered on each step of w.
    st.markdown(
        f"### {t('forward.chain')}\n\n"
        + chain_html([(t(title), value) for title, value in zip(titles, values, strict=True)])
        + f"\n\n### {t('forward.mse_heading')}\n\n$$\n{mse_latex(fp)}\n$$\n\n### {t('forward.table')}\n\n"
        + table_html({t(key): column[shown] for key, column in zip(columns, numbers, strict=True)}),
        unsafe_allow_html=True,
    )
    if ds.n > TABLE_ROWS:
        st.caption(t("forward.table_more", shown=TABLE_ROWS, n=ds.n))


@st.fragment
def lesson_and_sweep() -> None:
    # b changes rarely and reshapes the sweep below, so it reruns the lesson and the sweep, not the app
    # around them; w, dragged all the time, reruns only the lesson.
    fix_col, b_col = st.columns([1, 2.4], gap="large")
    with fix_col:
        fix_b = st.toggle(t("forward.fix_b"), value=not ds.intercept, key="fix_b", help=t("forward.fix_b_help"))
    with b_col:
        b = 0.0 if fix_b else slider("b", "common.b", *ds.b_range, value=0.0, step=0.01)
    lesson(b, fix_b)
    st.subheader(t("forward.sweep"))
    st.caption(t("forward.sweep_help"))
    chart(cached_sweep(ds.name, b, current_lang()), key="sweep")


lesson_and_sweep()
